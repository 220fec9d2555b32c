// The mail channels of the contract (reading, drafts, outbox, actions with undo), over the mail engine.
import { toFtsQuery } from '../../store/fts-query';
import type { Channel, ParsedRequestOf, ResponseOf } from '../../../preload/contract';
import { CoreError } from '../errors';
import { cachedAttachment } from './attachments';
import type { MailEngine } from './engine';
import { cancelOutboxItem, listOutbox, retryOutboxItem } from './outbox';
import { readSignature, writeSignature } from './signatures';

type MailChannel = Extract<Channel, `mail:${string}` | `drafts:${string}` | `outbox:${string}`>;

export type MailHandlers = {
  [C in MailChannel]: (request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

export function mailHandlers(engine: MailEngine, openPath: (path: string) => Promise<void>): MailHandlers {
  const { mail, drafts, actions } = engine;
  const store = mail.store;
  const now = () => Date.now();
  const requireFolder = (folderId: string) => {
    if (!store.mail.hasFolder(folderId)) throw new CoreError('notFound', { id: folderId });
  };
  const message = (id: string) => {
    const found = store.mail.get(id);
    if (!found) throw new CoreError('notFound', { id });
    return found;
  };

  return {
    'mail:folders': ({ accountId }) => store.mail.folders(accountId ?? null),
    'mail:list': ({ folderId, offset, limit }) => {
      requireFolder(folderId);
      return store.mail.list(folderId, offset, limit);
    },
    'mail:get': async ({ id }) => {
      const found = message(id);
      if (found.bodyAvailable === false) await engine.runtime(found.accountId)?.fetchBody(id);
      return message(id);
    },
    'mail:thread': ({ threadId }) => store.mail.thread(threadId),
    'mail:setFlags': ({ ids, unread, flagged }) => actions.setFlags(ids, { unread, flagged }),
    'mail:move': ({ ids, folderId }) => actions.move(ids, folderId),
    'mail:delete': ({ ids }) => actions.delete(ids),
    'mail:undo': ({ undoId }) => actions.undo(undoId),
    'mail:allowRemoteContent': ({ messageId, scope }) => {
      const found = message(messageId);
      if (scope === 'sender') mail.people.allowSender(found.accountId, found.from.address);
      else mail.people.allowMessage(messageId);
      engine.changed([found.folderId]);
    },
    'mail:openAttachment': async ({ attachmentId }) => {
      const file = await cachedAttachment(mail, engine.paths, (accountId) => engine.runtime(accountId), attachmentId);
      await openPath(file.path);
    },
    'mail:recipients': ({ q, accountId, limit }) => {
      const match = toFtsQuery(q);
      return match === null ? [] : mail.people.complete(match, accountId ?? null, limit);
    },
    'mail:watch': ({ folderId }) => {
      const folder = mail.folder(folderId);
      if (!folder) throw new CoreError('notFound', { id: folderId });
      engine.runtime(folder.accountId)?.scheduler.watch(folder.path);
    },
    'mail:sync': ({ accountId }) => {
      for (const status of engine.connectivity()) {
        if (accountId !== undefined && status.accountId !== accountId) continue;
        const runtime = engine.runtime(status.accountId)!;
        runtime.reachability.retryNow();
        runtime.scheduler.request({ force: [runtime.scheduler.watched] });
        runtime.flush();
      }
    },
    'mail:connectivity': () => engine.connectivity(),

    'drafts:create': ({ accountId, source }) => drafts.create(accountId, source),
    'drafts:get': ({ id }) => drafts.get(id),
    'drafts:list': ({ accountId }) => drafts.list(accountId ?? null),
    'drafts:save': ({ id, ...patch }) => drafts.save(id, patch),
    'drafts:discard': ({ id }) => drafts.discard(id),
    'mail:signature': ({ accountId }) => readSignature(store, accountId),
    'mail:setSignature': ({ accountId, signature }) => writeSignature(store, accountId, signature),

    'outbox:send': ({ draftId }) => drafts.send(draftId),
    'outbox:list': ({ accountId }) => listOutbox(mail, accountId ?? null),
    'outbox:status': () => engine.outboxStatus(),
    'outbox:retry': ({ id }) => {
      const item = retryOutboxItem(mail, id, now());
      engine.runtime(item.accountId)?.reachability.retryNow();
      engine.runtime(item.accountId)?.flush();
      engine.runtime(item.accountId)?.emitOutbox();
      return item;
    },
    'outbox:cancel': async ({ id }) => {
      const draftId = await cancelOutboxItem(mail, id, now());
      const draft = drafts.get(draftId);
      drafts.schedulePush(draft.accountId, draftId);
      engine.runtime(draft.accountId)?.emitOutbox();
      return drafts.get(draftId);
    },
  };
}
