// Chat of collaboration accounts: a message is shown at once and queued in the chat outbox (the same persisted
// tasks every chat back-end uses), with a nonce the server keeps; before any re-send the nonce is looked for in
// recent history, and the server's copy replaces the local one whichever way it arrives. Edits, deletions and
// read markers are persisted tasks too. `chatPortOf` offers the same account as a ChatPort to the core's chat.
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { CoreError } from '../errors';
import type { ChatMessage } from '../model';
import type { ChatPort } from '../ports';
import type { Collaboration } from './collaboration';
import type { CollaborationClient } from './ports';
import { isOffline, needsUser } from './runtime';
import type { QueuedTask } from './task-queue';
import { displayMentions } from './rich-text';
import { localId } from './writer';

const MAX_TEXT = 20_000;
const OLDER_PAGE = 50;
const MAX_CATCH_UP_PAGES = 40;
const CURSOR_PREFIX = 'collaboration.history.';

interface StagedAttachment {
  name: string;
  size: number | null;
  fileId: null;
  /** Where the file waits on this device (relative to the documents cache). */
  staged?: string;
}

export class ChatIntents {
  constructor(private readonly collab: Collaboration) {}

  private accountOf(conversationId: string): string {
    const accountId = this.collab.store.chat.accountOf(conversationId);
    if (!accountId) throw new CoreError('notFound', { id: conversationId });
    if (!this.collab.isCollaborationAccount(accountId)) throw new CoreError('chat.unavailable');
    return accountId;
  }

  private emit(conversationIds: string[]): void {
    this.collab.events.emit('chat:changed', { conversationIds });
  }

  /** Decorates messages read from the store with what the first schema has no column for. */
  decorate(messages: ChatMessage[]): ChatMessage[] {
    if (messages.length === 0) return messages;
    const extras = this.collab.repo.messageExtras(messages.map((message) => message.id));
    const self = new Map<string, string | null>();
    return messages.map((message) => {
      const accountId = this.collab.store.chat.accountOf(message.conversationId) ?? '';
      if (!self.has(accountId)) self.set(accountId, this.collab.selfPersonOf(accountId));
      const extra = extras.get(message.id);
      const decorated: ChatMessage = { ...message };
      if (message.author.id === self.get(accountId)) decorated.mine = true;
      if (extra?.deleted) decorated.deleted = true;
      if (extra?.attachment) {
        const { name, size, fileId } = extra.attachment;
        decorated.attachment = { name, size, fileId };
      }
      return decorated;
    });
  }

  /** A message (and an optional staged file) shown at once, sent when the server is reachable. */
  async send(conversationId: string, text: string, stagingId?: string): Promise<ChatMessage> {
    const accountId = this.accountOf(conversationId);
    const body = text.trim();
    if ((body === '' && !stagingId) || body.length > MAX_TEXT) throw new CoreError('chat.invalidText');
    const author = this.collab.selfPersonOf(accountId);
    if (!author) throw new CoreError('chat.unavailable');
    let attachment: StagedAttachment | null = null;
    if (stagingId) {
      const staged = await this.collab.documents.takeStaged(stagingId, accountId);
      attachment = { name: staged.name, size: staged.size, fileId: null, staged: staged.relativePath };
    }
    const nonce = randomUUID();
    const id = localId(accountId, nonce);
    const sentAt = this.collab.now().toISOString();
    const { store, repo } = this.collab;
    store.transaction(() => {
      this.collab.writer(accountId).sink.putChatMessages([
        {
          id,
          conversationId,
          authorId: author,
          text: displayMentions(body) || attachment!.name,
          sentAt,
          editedAt: null,
          delivery: 'queued',
        },
      ]);
      repo.putMessageExtras(id, { nonce, deleted: false, attachment });
      store.chatOutbox.add({ messageId: id, accountId, conversationId, nonce, text: body, queuedAt: sentAt });
    });
    this.emit([conversationId]);
    this.collab.kick(accountId);
    return this.decorate([store.chat.message(id)!])[0]!;
  }

  edit(messageId: string, text: string): void {
    const body = text.trim();
    if (body === '' || body.length > MAX_TEXT) throw new CoreError('chat.invalidText');
    const message = this.mineOrThrow(messageId);
    const { store, repo } = this.collab;
    store.transaction(() => {
      if (message.delivery) {
        // Not on the server yet: the queued message itself changes.
        repo.editQueuedMessage(messageId, body);
        return;
      }
      repo.editMessage(messageId, body, this.collab.now().toISOString());
      this.collab.tasks.add(message.accountId, 'chat.edit', randomUUID(), {
        conversationId: message.conversationId,
        messageId,
        text: body,
      });
    });
    this.emit([message.conversationId]);
    this.collab.kick(message.accountId);
  }

  delete(messageId: string): void {
    const message = this.mineOrThrow(messageId);
    const { store, repo } = this.collab;
    store.transaction(() => {
      if (message.delivery) {
        repo.deleteMessage(messageId);
        return;
      }
      repo.markMessageDeleted(messageId);
      this.collab.tasks.add(message.accountId, 'chat.delete', messageId, {
        conversationId: message.conversationId,
        messageId,
      });
    });
    this.emit([message.conversationId]);
    this.collab.kick(message.accountId);
  }

  /** A failed message sent again, or dropped. */
  retry(messageId: string, discard: boolean): void {
    const message = this.mineOrThrow(messageId);
    if (discard) this.collab.repo.deleteMessage(messageId);
    else if (!this.collab.store.chatOutbox.retry(messageId, this.collab.now()))
      throw new CoreError('notFound', { id: messageId });
    this.emit([message.conversationId]);
    this.collab.kick(message.accountId);
  }

  private mineOrThrow(messageId: string) {
    const message = this.collab.repo.message(messageId);
    if (!message) throw new CoreError('notFound', { id: messageId });
    const accountId = this.accountOf(message.conversationId);
    if (message.authorId !== this.collab.selfPersonOf(accountId)) throw new CoreError('chat.notAuthor');
    if (this.collab.repo.messageExtras([messageId]).get(messageId)?.deleted) throw new CoreError('chat.notAuthor');
    return { ...message, accountId };
  }

  /** The user read the conversation: here at once, on the server when reachable. */
  markRead(conversationId: string): void {
    const accountId = this.accountOf(conversationId);
    const hadUnread = this.collab.store.chat.markRead(conversationId);
    // Rooms with unread messages were not fetched (reading marks them read on the server): fetch them now.
    if (hadUnread || this.collab.repo.messageCount(conversationId) === 0) {
      this.collab.tasks.add(accountId, 'chat.read', conversationId, { conversationId });
      this.collab.kick(accountId);
    }
    if (hadUnread) this.emit([conversationId]);
  }

  /** Older history from the server into the store; offline, nothing more than the store has. */
  async older(conversationId: string): Promise<{ added: number; complete: boolean }> {
    const accountId = this.accountOf(conversationId);
    const client = this.collab.client(accountId);
    if (!client) return { added: 0, complete: false };
    const oldest = this.collab.repo.oldestMessageAt(conversationId);
    const page = await client.history(conversationId, {
      limit: OLDER_PAGE,
      ...(oldest !== null ? { before: new Date(oldest).toISOString() } : {}),
    });
    const before = this.collab.repo.messageCount(conversationId);
    this.collab.writer(accountId).messages(page);
    const added = this.collab.repo.messageCount(conversationId) - before;
    if (added > 0) this.emit([conversationId]);
    return { added, complete: page.length < OLDER_PAGE };
  }

  /**
   * Brings a conversation up to date from its history cursor (the newest change a history read gave, kept in
   * the store): pages backwards from now until it meets the cursor, so that no gap is left however many messages
   * came meanwhile. Without a cursor, the newest page only (older ones come on demand, `older`).
   */
  async catchUp(client: CollaborationClient, accountId: string, conversationId: string): Promise<number> {
    const key = `${CURSOR_PREFIX}${conversationId}`;
    const cursor = this.collab.store.syncState.get(accountId, key);
    const writer = this.collab.writer(accountId);
    let newest = cursor ? Number(cursor) : 0;
    let before: string | undefined;
    let count = 0;
    for (let pages = 0; pages < MAX_CATCH_UP_PAGES; pages++) {
      const page = await client.history(conversationId, {
        limit: OLDER_PAGE,
        ...(cursor ? { since: new Date(Number(cursor)).toISOString() } : {}),
        ...(before ? { before } : {}),
      });
      writer.messages(page);
      count += page.length;
      for (const message of page) {
        newest = Math.max(newest, Date.parse(message.sentAt), message.editedAt ? Date.parse(message.editedAt) : 0);
      }
      const oldest = page.at(-1);
      if (!cursor || page.length < OLDER_PAGE || !oldest) break;
      before = oldest.sentAt;
    }
    if (newest > 0) this.collab.store.syncState.set(accountId, key, String(newest));
    return count;
  }

  // ---- remote phases ----

  async drainOutbox(accountId: string, client: CollaborationClient): Promise<void> {
    const { store, repo } = this.collab;
    for (const task of store.chatOutbox.pending(accountId)) {
      const attempted = task.attempts > 0;
      store.chatOutbox.startAttempt(task.messageId);
      try {
        let message = attempted ? await client.findChatByNonce(task.conversationId, task.nonce, task.queuedAt) : null;
        const attachment = repo.messageExtras([task.messageId]).get(task.messageId)
          ?.attachment as StagedAttachment | null;
        if (!message) {
          const file = attachment?.staged ? await this.localFile(attachment) : null;
          const transfer = file ? this.collab.documents.transfer('upload', null, file.name, file.size) : null;
          message = await client.sendChat(
            task.conversationId,
            task.text,
            task.nonce,
            file && transfer ? { file, transfer } : null,
          );
          transfer?.finish();
        }
        if (message) this.collab.writer(accountId).messages([message]);
        else store.chatOutbox.done(task.messageId);
        if (attachment?.staged) await this.collab.cache.removeCopy(attachment.staged).catch(() => undefined);
        this.emit([task.conversationId]);
      } catch (error) {
        const code = error instanceof CoreError ? error.code : 'internal';
        if (isOffline(error) || needsUser(error)) {
          store.chatOutbox.postpone(task.messageId, this.collab.now(), code);
          throw error;
        }
        store.chatOutbox.fail(task.messageId, code);
        this.emit([task.conversationId]);
      }
    }
  }

  private async localFile(attachment: StagedAttachment) {
    const path = this.collab.cache.absolute(attachment.staged!);
    const info = await stat(path).catch(() => null);
    if (!info) throw new CoreError('files.sourceMissing', { name: attachment.name });
    return { path, name: attachment.name, size: info.size };
  }

  async perform(client: CollaborationClient, task: QueuedTask, _firstAttempt: boolean): Promise<void> {
    const payload = task.payload as { conversationId: string; messageId?: string; text?: string };
    switch (task.kind) {
      case 'chat.edit':
        await client.editChat(payload.conversationId, payload.messageId!, payload.text!);
        break;
      case 'chat.delete':
        await client.deleteChat(payload.conversationId, payload.messageId!);
        break;
      case 'chat.read': {
        await client.markChatRead(payload.conversationId);
        // What the first sync left on the server (reading it marks it read there).
        await this.catchUp(client, task.accountId, payload.conversationId);
        break;
      }
      default:
        throw new CoreError('internal');
    }
    this.emit([payload.conversationId]);
  }

  failed(task: QueuedTask, _error: CoreError): void {
    const payload = task.payload as { conversationId: string };
    this.emit([payload.conversationId]);
  }
}

/** The account as a ChatPort, for the core's chat engine (sends through the same client and store). */
export function chatPortOf(
  collab: Collaboration,
  accountId: string,
  client: () => CollaborationClient | null,
): ChatPort {
  const connected = () => {
    const live = client();
    if (!live) throw new CoreError('network.unreachable', { host: accountId });
    return live;
  };
  return {
    async sync() {
      await collab.runtime(accountId)?.sync();
    },
    async send(conversationId, text, nonce) {
      const message = await connected().sendChat(conversationId, text, nonce, null);
      if (!message) return localId(accountId, nonce);
      collab.writer(accountId).messages([message]);
      return message.id;
    },
    async findSent(conversationId, nonce, since) {
      return (await connected().findChatByNonce(conversationId, nonce, since)) !== null;
    },
    // Async, so that an account out of reach rejects rather than throws at the caller.
    markRead: async (conversationId) => connected().markChatRead(conversationId),
    setPresence: async (status) => connected().setPresence(status),
    loadOlder: (_sink, conversationId) => collab.chat.older(conversationId),
  };
}
