// The user's actions on messages: flags, move, delete. Each applies locally at once (the UI follows, offline
// too) and queues its remote phase; each can be undone: before its remote phase ran, by cancelling it and
// reverting the local change; after, by the opposite action. Deleting moves to Trash; deleting from Trash
// (or where there is none) is for good, after a short delay during which undo still costs nothing.
import { randomUUID } from 'node:crypto';
import { CoreError } from '../errors';
import type { UndoHandle } from '../model';
import type { MessagePlace } from '../../store/repositories/mail-actions';
import type { MailAccountRuntime } from './account-runtime';
import type { MailStore } from './mail-store';
import { TASK } from './tasks/context';
import type { ExpungePayload, MovePayload, SetFlagsPayload } from './tasks/message-actions';

export interface MessageActionsDeps {
  mail: MailStore;
  now: () => Date;
  runtimeOf(accountId: string): MailAccountRuntime | undefined;
  changed(folderIds: string[]): void;
  /** How long a deletion for good waits before reaching the server (the undo window). */
  expungeDelayMs: number;
}

type Flags = { unread?: boolean; flagged?: boolean };

/** How to take an action back: per task, what the local phase changed. */
type Undo =
  | { kind: 'flags'; taskId: string | null; before: { id: string; unread: boolean; flagged: boolean }[] }
  | { kind: 'move'; taskId: string | null; moves: { id: string; from: string }[] }
  | { kind: 'expunge'; taskId: string; accountId: string; paths: string[] };

const MAX_UNDOS = 100;

export class MessageActions {
  readonly #undos = new Map<string, Undo[]>();

  constructor(private readonly deps: MessageActionsDeps) {}

  setFlags(ids: string[], flags: Flags): UndoHandle {
    const places = this.#places(ids);
    const undo = this.#transaction(() =>
      this.#byAccount(places).map(([accountId, group]): Undo => {
        for (const place of group) this.deps.mail.actions.setFlags(place.id, flags);
        const payload: SetFlagsPayload = { ids: group.map((place) => place.id), ...flags };
        return {
          kind: 'flags',
          taskId: this.#queue(accountId, TASK.setFlags, payload, payload.ids),
          before: group.map(({ id, unread, flagged }) => ({ id, unread, flagged })),
        };
      }),
    );
    this.#settled(places, []);
    return this.#remember(undo);
  }

  move(ids: string[], destinationId: string): UndoHandle {
    const destination = this.deps.mail.folder(destinationId);
    if (!destination) throw new CoreError('notFound', { id: destinationId });
    const places = this.#places(ids).filter((place) => place.folderId !== destinationId);
    if (places.some((place) => place.accountId !== destination.accountId)) throw new CoreError('mail.otherAccount');
    const undo = this.#transaction(() => [this.#moveLocally(destination.accountId, places, destinationId)]);
    this.#settled(places, [destinationId]);
    return this.#remember(undo);
  }

  /** To Trash; from Trash (or without one), for good. */
  delete(ids: string[]): UndoHandle {
    const places = this.#places(ids);
    const undo = this.#transaction(() =>
      this.#byAccount(places).flatMap(([accountId, group]) => {
        const trash = this.deps.mail.folderWithRole(accountId, 'trash');
        const toTrash = trash ? group.filter((place) => place.folderId !== trash.id) : [];
        const forGood = group.filter((place) => !toTrash.includes(place));
        const undos: Undo[] = [];
        if (trash && toTrash.length > 0) undos.push(this.#moveLocally(accountId, toTrash, trash.id));
        if (forGood.length > 0) undos.push(this.#expungeLocally(accountId, forGood));
        return undos;
      }),
    );
    const trashIds = places.map((place) => this.deps.mail.folderWithRole(place.accountId, 'trash')?.id);
    this.#settled(
      places,
      trashIds.filter((id): id is string => id !== undefined),
    );
    return this.#remember(undo);
  }

  async undo(undoId: string): Promise<void> {
    const undos = this.#undos.get(undoId);
    if (!undos) throw new CoreError('mail.undoExpired');
    this.#undos.delete(undoId);
    for (const undo of undos.reverse()) await this.#revert(undo);
  }

  async #revert(undo: Undo): Promise<void> {
    const { mail } = this.deps;
    const task = undo.taskId === null ? undefined : mail.tasks.get(undo.taskId);
    if (task) {
      // Still queued: wait if it is running right now, else cancel it and restore what it changed locally.
      if (task.state === 'running') await this.deps.runtimeOf(task.accountId)?.runner.idle();
      else if (mail.tasks.remove(task.id)) return this.#restoreLocally(undo);
    }
    switch (undo.kind) {
      case 'flags':
        for (const state of [true, false]) {
          for (const key of ['unread', 'flagged'] as const) {
            const ids = undo.before.filter((entry) => entry[key] === state).map((entry) => entry.id);
            if (ids.length > 0) this.setFlags(ids, { [key]: state });
          }
        }
        return;
      case 'move': {
        const byFolder = new Map<string, string[]>();
        for (const { id, from } of undo.moves) byFolder.set(from, [...(byFolder.get(from) ?? []), id]);
        for (const [folderId, ids] of byFolder) this.move(ids, folderId);
        return;
      }
      case 'expunge':
        throw new CoreError('mail.undoExpired');
    }
  }

  #restoreLocally(undo: Undo): void {
    const { mail } = this.deps;
    const folders = new Set<string>();
    this.#transaction(() => {
      switch (undo.kind) {
        case 'flags':
          for (const { id, unread, flagged } of undo.before) {
            mail.actions.setFlags(id, { unread, flagged });
            mail.actions.release(id);
            const folderId = mail.actions.place(id)?.folderId;
            if (folderId) folders.add(folderId);
          }
          return;
        case 'move':
          for (const { id, from } of undo.moves) {
            const now = mail.actions.place(id)?.folderId;
            if (now) folders.add(now);
            folders.add(from);
            mail.actions.move(id, from);
            mail.actions.release(id);
          }
          return;
        case 'expunge':
          return;
      }
    });
    if (undo.kind === 'expunge') {
      // Deleted locally only: the server still has them, the next sync of their folders brings them back.
      this.deps.runtimeOf(undo.accountId)?.scheduler.request({ force: undo.paths });
    }
    this.deps.changed([...folders]);
  }

  #moveLocally(accountId: string, places: MessagePlace[], destinationId: string): Undo {
    for (const place of places) this.deps.mail.actions.move(place.id, destinationId);
    const moves = places.map((place) => ({ id: place.id, from: place.folderId }));
    const payload: MovePayload = { moves, destination: destinationId };
    return {
      kind: 'move',
      taskId: this.#queue(
        accountId,
        TASK.move,
        payload,
        moves.map((move) => move.id),
      ),
      moves,
    };
  }

  #expungeLocally(accountId: string, places: MessagePlace[]): Undo {
    const remote = places.filter((place) => place.remotePath !== null && place.uid !== null);
    for (const place of places) this.deps.mail.actions.remove(place.id);
    const payload: ExpungePayload = { messages: remote.map((place) => ({ path: place.remotePath!, uid: place.uid! })) };
    const taskId = this.#queue(accountId, TASK.expunge, payload, [], this.deps.expungeDelayMs);
    return {
      kind: 'expunge',
      taskId: taskId ?? '',
      accountId,
      paths: [...new Set(payload.messages.map((m) => m.path))],
    };
  }

  /** Queues the remote phase (accounts with a server only) and holds its messages against the sync. */
  #queue(accountId: string, kind: string, payload: unknown, held: string[], delayMs = 0): string | null {
    if (!this.deps.runtimeOf(accountId)) return null;
    const id = randomUUID();
    const at = this.deps.now().getTime();
    this.deps.mail.tasks.add({ id, accountId, kind, idempotencyKey: id, payload, notBefore: at + delayMs }, at);
    for (const messageId of held) this.deps.mail.actions.hold(messageId);
    return id;
  }

  #places(ids: string[]): MessagePlace[] {
    return ids
      .map((id) => this.deps.mail.actions.place(id))
      .filter((place): place is MessagePlace => place !== undefined);
  }

  #byAccount(places: MessagePlace[]): [string, MessagePlace[]][] {
    const groups = new Map<string, MessagePlace[]>();
    for (const place of places) groups.set(place.accountId, [...(groups.get(place.accountId) ?? []), place]);
    return [...groups];
  }

  #transaction<T>(work: () => T): T {
    return this.deps.mail.store.transaction(work);
  }

  /** The renderer reads the folders again; the queues run what was just added. */
  #settled(places: MessagePlace[], otherFolders: string[]): void {
    this.deps.changed([...new Set([...places.map((place) => place.folderId), ...otherFolders])]);
    for (const accountId of new Set(places.map((place) => place.accountId))) this.deps.runtimeOf(accountId)?.flush();
  }

  #remember(undos: Undo[]): UndoHandle {
    const undoId = randomUUID();
    this.#undos.set(undoId, undos);
    if (this.#undos.size > MAX_UNDOS) this.#undos.delete(this.#undos.keys().next().value!);
    return { undoId };
  }
}
