// The channels of the collaboration half: chat intents of collaboration accounts, posts, comments and likes,
// mentions, the Activity feed's read markers, and documents (refresh, open, pin, staged uploads, versions).
import type { Handlers } from '../handlers';
import { CoreError } from '../errors';
import type { Person } from '../model';
import { toFtsQuery } from '../../store/fts-query';
import type { Collaboration } from './collaboration';

type CollaborationChannels =
  | 'chat:send'
  | 'chat:edit'
  | 'chat:delete'
  | 'chat:retry'
  | 'chat:markRead'
  | 'chat:focus'
  | 'chat:older'
  | 'spaces:post'
  | 'spaces:comment'
  | 'spaces:like'
  | 'spaces:retry'
  | 'spaces:mentions'
  | 'spaces:refresh'
  | 'activity:markRead'
  | 'files:refresh'
  | 'files:open'
  | 'files:pin'
  | 'files:stage'
  | 'files:stageChunk'
  | 'files:queueUpload'
  | 'files:queueVersion'
  | 'files:transfers';

const MENTIONS = 8;

export function collaborationHandlers(collab: Collaboration): Pick<Handlers, CollaborationChannels> {
  const { store, documents } = collab;

  const spaceAccount = (spaceId: string): string => {
    const space = store.spaces.list().find((candidate) => candidate.id === spaceId);
    if (!space) throw new CoreError('notFound', { id: spaceId });
    return space.accountId;
  };

  const fileEntry = (id: string) => {
    const entry = store.files.get(id);
    if (!entry) throw new CoreError('notFound', { id });
    return entry;
  };

  /** Documents this module keeps copies of: those of collaboration accounts. */
  const collaborationFile = (id: string) => {
    const entry = fileEntry(id);
    if (!collab.isCollaborationAccount(entry.accountId)) throw new CoreError('files.unavailable');
    return entry;
  };

  return {
    'chat:send': ({ conversationId, text, stagingId }) => collab.chat.send(conversationId, text, stagingId),
    'chat:edit': ({ messageId, text }) => collab.chat.edit(messageId, text),
    'chat:delete': ({ messageId }) => collab.chat.delete(messageId),
    'chat:retry': ({ messageId, discard }) => collab.chat.retry(messageId, discard),
    'chat:markRead': ({ conversationId }) => {
      if (!store.chat.hasConversation(conversationId)) throw new CoreError('notFound', { id: conversationId });
      const accountId = store.chat.accountOf(conversationId);
      if (accountId && collab.isCollaborationAccount(accountId)) collab.chat.markRead(conversationId);
      else if (store.chat.markRead(conversationId))
        collab.events.emit('chat:changed', { conversationIds: [conversationId] });
    },
    'chat:focus': ({ conversationId }) => collab.focus(conversationId),
    'chat:older': async ({ conversationId }) => {
      const accountId = store.chat.accountOf(conversationId);
      if (!accountId) throw new CoreError('notFound', { id: conversationId });
      if (!collab.isCollaborationAccount(accountId)) return { added: 0, complete: true };
      return collab.chat.older(conversationId);
    },

    'spaces:post': ({ spaceId, text }) => collab.post(spaceId, text),
    'spaces:comment': ({ postId, text }) => collab.comment(postId, text),
    'spaces:like': ({ postId, liked }) => collab.like(postId, liked),
    'spaces:retry': ({ id, discard }) => collab.retryPost(id, discard),
    'spaces:mentions': async ({ spaceId, q }) => {
      const accountId = spaceAccount(spaceId);
      const found = new Map<string, Person>();
      const self = collab.selfPersonOf(accountId);
      const match = q ? toFtsQuery(q) : null;
      const local = match
        ? store.search.search('person', match, 50).flatMap((hit) => store.people.get(hit.id) ?? [])
        : [];
      for (const person of local) {
        if (person.id.startsWith(`${accountId}:`) && person.id !== self) found.set(person.id, person);
      }
      const client = collab.client(accountId);
      if (client && q.length >= 2 && found.size < MENTIONS) {
        try {
          const remote = await client.completePeople(q, MENTIONS);
          collab.writer(accountId).people(remote);
          for (const person of remote) if (person.id !== self && !found.has(person.id)) found.set(person.id, person);
        } catch {
          // completion is a help, the local answer stands
        }
      }
      return [...found.values()].slice(0, MENTIONS);
    },
    'spaces:refresh': async ({ spaceId }) => {
      const accountId = spaceAccount(spaceId);
      const client = collab.client(accountId);
      if (!client) return;
      collab.writer(accountId).posts(await client.posts(spaceId, 20));
      collab.emitSpaces([spaceId]);
    },

    'activity:markRead': ({ ids }) => collab.markActivityRead(ids),

    'files:refresh': async ({ parentId, spaceId }) => {
      const folder = { parentId, spaceId: parentId ? fileEntry(parentId).spaceId : (spaceId ?? null) };
      const accountId = documents.accountOfFolder(folder);
      const accounts = accountId ? [accountId] : store.accounts.list().map((account) => account.id);
      for (const id of accounts) {
        if (collab.manages(id)) await documents.refresh(folder, id);
      }
    },
    'files:open': ({ id }) => documents.open(collaborationFile(id).id),
    'files:pin': async ({ id, pinned }) => {
      await documents.pin(collaborationFile(id).id, pinned);
      return (await documents.decorate([fileEntry(id)]))[0]!;
    },
    'files:stage': ({ name, size }) => ({ stagingId: documents.stage(name, size) }),
    'files:stageChunk': ({ stagingId, offset, data }) =>
      documents.appendChunk(stagingId, offset, Buffer.from(data, 'base64')),
    'files:queueUpload': ({ stagingId, parentId, spaceId }) =>
      documents.queueStagedUpload(stagingId, {
        parentId,
        spaceId: parentId ? fileEntry(parentId).spaceId : (spaceId ?? null),
      }),
    'files:queueVersion': async ({ id, stagingId }) => {
      const entry = fileEntry(id);
      if (!collab.isCollaborationAccount(entry.accountId)) throw new CoreError('files.unavailable');
      const staged = stagingId ? await documents.takeStaged(stagingId, entry.accountId) : null;
      await documents.queueVersion(id, staged);
    },
    'files:transfers': () => documents.transfers.list(),
  };
}
