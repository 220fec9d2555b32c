// The remote phases of the user's actions on messages. Each works on where the server has the message now
// (it may have moved since the action was queued) and can be replayed: a move whose answer was lost finds
// the message in its destination by Message-ID.
import type { MessagePlace } from '../../../store/repositories/mail-actions';
import type { TaskHandler } from '../../outbox/task-runner';
import type { MailTaskContext } from './context';

export interface SetFlagsPayload {
  ids: string[];
  unread?: boolean;
  flagged?: boolean;
}

export interface MovePayload {
  /** Each message with the folder it was in, for undo. */
  moves: { id: string; from: string }[];
  destination: string;
}

export interface ExpungePayload {
  messages: { path: string; uid: number }[];
}

/** The messages still known, grouped by the server folder they are in. */
function byRemoteFolder(context: MailTaskContext, ids: string[]): Map<string, MessagePlace[]> {
  const groups = new Map<string, MessagePlace[]>();
  for (const id of ids) {
    const place = context.mail.actions.place(id);
    if (!place || place.remotePath === null || place.uid === null) continue;
    groups.set(place.remotePath, [...(groups.get(place.remotePath) ?? []), place]);
  }
  return groups;
}

const uidsOf = (places: MessagePlace[]) => places.map((place) => place.uid!);

export function releaseHolds(context: MailTaskContext, ids: string[]): void {
  context.mail.store.transaction(() => ids.forEach((id) => context.mail.actions.release(id)));
}

export function setFlags(context: MailTaskContext): TaskHandler<SetFlagsPayload> {
  return {
    async run(task) {
      const { ids, unread, flagged } = task.payload;
      for (const [path, places] of byRemoteFolder(context, ids)) {
        await context.remote.setFlags(path, uidsOf(places), { unread, flagged });
      }
      releaseHolds(context, ids);
    },
  };
}

export function move(context: MailTaskContext): TaskHandler<MovePayload> {
  return {
    async run(task) {
      const { mail, remote } = context;
      const destination = mail.folder(task.payload.destination);
      const ids = task.payload.moves.map((entry) => entry.id);
      if (destination) {
        for (const [path, places] of byRemoteFolder(context, ids)) {
          if (path === destination.path) continue;
          const newUids = await remote.move(path, uidsOf(places), destination.path);
          for (const place of places) {
            const uid = newUids.get(place.uid!) ?? (await findMoved(context, destination.path, place));
            mail.store.transaction(() => {
              if (uid === undefined)
                mail.actions.remove(place.id); // the next sync brings it back
              else mail.actions.relocate(place.id, destination.id, uid);
            });
          }
        }
        context.requestSync([destination.path]);
      }
      releaseHolds(context, ids);
    },
  };
}

async function findMoved(context: MailTaskContext, path: string, place: MessagePlace): Promise<number | undefined> {
  if (!place.messageId) return undefined;
  const found = await context.remote.findByMessageId(path, place.messageId);
  return found.length > 0 ? Math.max(...found) : undefined;
}

export function expunge(context: MailTaskContext): TaskHandler<ExpungePayload> {
  return {
    async run(task) {
      const byPath = new Map<string, number[]>();
      for (const { path, uid } of task.payload.messages) byPath.set(path, [...(byPath.get(path) ?? []), uid]);
      for (const [path, uids] of byPath) await context.remote.expunge(path, uids);
    },
  };
}
