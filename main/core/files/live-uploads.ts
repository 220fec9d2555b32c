// Uploads into the document libraries of accounts whose files a live connector serves (Zimbra's Briefcase),
// on the same path as collaboration accounts' (documents.ts): staged on this device, shown at once as a
// placeholder, kept as a persisted task, sent when the account's server is reachable (a restart or a lost
// connection resumes it), with its progress in `files:transfer` events.
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { CoreError } from '../errors';
import type { EventHub } from '../events';
import type { LiveFiles } from '../live/live-accounts';
import type { ErrorInfo, FileEntry } from '../model';
import { TaskRunner, type TaskHandler } from '../outbox/task-runner';
import type { FileRecord } from '../../store/records';
import { tasksRepository } from '../../store/repositories/outbox';
import { blankFileState as blankState, type CollaborationRepository } from '../../store/repositories/collaboration';
import type { Store } from '../../store/store';
import { localId } from '../spaces/writer';
import type { Transfers } from './transfers';

export const LIVE_UPLOAD = 'files.upload';
/** How often uploads whose account was not running look for it again. */
const RECHECK_MS = 10_000;

export interface LiveUploadPayload {
  transferId: string;
  parentId: string | null;
  /** The staged content, relative to the documents' cache. */
  source: string;
  name: string;
  mimeType: string;
  size: number;
  placeholderId: string;
}

export interface LiveUploadsDeps {
  store: Store;
  repo: CollaborationRepository;
  events: EventHub;
  transfers: Transfers;
  now: () => Date;
  /** The running account's files, when its server is being reached. */
  filesOf(accountId: string): LiveFiles | undefined;
  absolute(relativePath: string): string;
  guessMimeType(name: string): string;
}

/** Errors that mean "the server is out of reach for now": the upload waits, it is not the user's to fix. */
const isTransient = (error: unknown) =>
  !(error instanceof CoreError) ||
  error.code === 'internal' ||
  ['network.', 'tls.', 'auth.', 'server.unavailable', 'files.unavailable'].some((prefix) =>
    error.code.startsWith(prefix),
  );

export class LiveUploads {
  readonly #tasks;
  readonly #runners = new Map<string, TaskRunner>();
  /** Accounts whose uploads found no running files service (signed out, not started yet). */
  readonly #notRunning = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(private readonly deps: LiveUploadsDeps) {
    this.#tasks = tasksRepository(deps.store.db);
  }

  /** Resumes the uploads a previous run left queued. */
  start(): void {
    const accounts = new Set(
      this.#tasks
        .list(null, LIVE_UPLOAD)
        .filter((task) => task.state !== 'failed')
        .map((task) => task.accountId),
    );
    for (const accountId of accounts) this.#runner(accountId).kick();
    this.#schedule();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    for (const runner of this.#runners.values()) runner.stop();
    await Promise.all([...this.#runners.values()].map((runner) => runner.idle()));
  }

  /** A staged file as a new document of `accountId` in `parentId`: a placeholder now, the upload when it can. */
  queue(
    accountId: string,
    parentId: string | null,
    staged: { relativePath: string; name: string; size: number },
  ): FileEntry {
    const transferId = randomUUID();
    const placeholderId = localId(accountId, transferId);
    const placeholder: FileRecord = {
      id: placeholderId,
      parentId,
      spaceId: null,
      name: staged.name,
      kind: 'file',
      size: staged.size,
      mimeType: null,
      modifiedAt: this.deps.now().toISOString(),
      modifiedBy: null,
    };
    const payload: LiveUploadPayload = {
      transferId,
      parentId,
      source: staged.relativePath,
      name: staged.name,
      mimeType: this.deps.guessMimeType(staged.name),
      size: staged.size,
      placeholderId,
    };
    const { store, repo } = this.deps;
    const now = Date.now();
    store.transaction(() => {
      store.files.put(accountId, [placeholder]);
      repo.putFileState({ ...blankState(placeholderId, accountId), delivery: 'queued' });
      this.#tasks.add(
        {
          id: `${LIVE_UPLOAD}.${transferId}`,
          accountId,
          kind: LIVE_UPLOAD,
          idempotencyKey: transferId,
          payload,
          notBefore: now,
        },
        now,
      );
    });
    this.deps.transfers.waiting('upload', placeholderId, staged.name, staged.size, transferId);
    this.deps.events.emit('files:changed', { accountId });
    this.#runner(accountId).kick();
    this.#schedule();
    return store.files.get(placeholderId)!;
  }

  /** The account's server is back: what waits for it runs now. */
  kick(accountId: string): void {
    const runner = this.#runners.get(accountId);
    if (!runner) return;
    this.#tasks.makeDue(accountId, Date.now());
    runner.kick();
  }

  async idle(): Promise<void> {
    await Promise.all([...this.#runners.values()].map((runner) => runner.idle()));
  }

  #runner(accountId: string): TaskRunner {
    let runner = this.#runners.get(accountId);
    if (runner) return runner;
    runner = new TaskRunner({
      accountId,
      tasks: this.#tasks,
      handlers: { [LIVE_UPLOAD]: this.#upload(accountId) as TaskHandler<never> },
      // Retries are spaced in real time, whatever the app's clock says.
      now: Date.now,
      random: Math.random,
      // Only uploads of accounts no other engine runs tasks for come here (live accounts without mail).
      canRun: () => !this.#closed,
      onUnreachable: () => {},
      onChange: (task) => {
        if (task.state === 'failed') this.#failed(task.accountId, task.payload as LiveUploadPayload, task.lastError);
      },
    });
    this.#runners.set(accountId, runner);
    return runner;
  }

  #upload(accountId: string): TaskHandler<LiveUploadPayload> {
    return {
      run: async (task) => {
        const payload = task.payload;
        const files = this.deps.filesOf(accountId);
        if (!files) {
          this.#notRunning.add(accountId);
          throw new CoreError('network.unavailable');
        }
        const data = await readFile(this.deps.absolute(payload.source)).catch(() => null);
        if (!data) return { failWith: { code: 'files.sourceMissing', params: { name: payload.name } } };
        const transfer = this.deps.transfers.start(
          'upload',
          payload.placeholderId,
          payload.name,
          payload.size,
          payload.transferId,
        );
        let fileId: string;
        try {
          fileId = await files.upload(payload.parentId, payload.name, payload.mimeType, new Uint8Array(data));
        } catch (error) {
          if (error instanceof CoreError && !isTransient(error)) return { failWith: error.toInfo() };
          transfer.queued();
          throw error;
        }
        const { store, repo } = this.deps;
        store.transaction(() => {
          repo.deleteFile(payload.placeholderId);
          repo.deleteFileState(payload.placeholderId);
        });
        await rm(this.deps.absolute(payload.source), { force: true });
        transfer.finish({ fileId, name: store.files.get(fileId)?.name ?? payload.name });
        this.deps.events.emit('files:changed', { accountId });
      },
    };
  }

  #failed(accountId: string, payload: LiveUploadPayload, error: ErrorInfo | null): void {
    const state = this.deps.repo.fileState(payload.placeholderId);
    if (state) this.deps.repo.putFileState({ ...state, delivery: 'failed' });
    this.deps.transfers
      .start('upload', payload.placeholderId, payload.name, payload.size, payload.transferId)
      .fail(error ?? { code: 'internal' });
    this.deps.events.emit('files:changed', { accountId });
  }

  /** Accounts found not running are looked at now and then: once they run, their uploads go at once. */
  #schedule(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setInterval(() => {
      for (const accountId of this.#notRunning) {
        if (!this.deps.filesOf(accountId)) continue;
        this.#notRunning.delete(accountId);
        this.kick(accountId);
      }
    }, RECHECK_MS);
    this.#timer.unref();
  }
}
