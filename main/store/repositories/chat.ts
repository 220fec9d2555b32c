import type { ChatDelivery, ChatMessage, Conversation, ConversationKind, Person } from '../../core/model';
import type { Database } from '../db';
import type { ChatMessageRecord, ConversationRecord } from '../records';
import { pickPerson, personSelect, toIso, toIsoOrNull, toMs } from '../rows';

interface ConversationRow {
  id: string;
  account_id: string;
  kind: string;
  title: string;
  unread: number;
  last_at: number | null;
  preview: string | null;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  author_id: string;
  text: string;
  sent_at: number;
  edited_at: number | null;
  delivery: string | null;
  [column: string]: unknown;
}

export function chatRepository(db: Database) {
  const upsertConversation = db.prepare(`
    INSERT INTO conversations (id, account_id, kind, title, unread)
    VALUES (:id, :accountId, :kind, :title, coalesce(:unread, 0))
    ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, title = excluded.title,
      unread = coalesce(:unread, conversations.unread)`);
  const deleteMembers = db.prepare('DELETE FROM conversation_members WHERE conversation_id = ?');
  const insertMember = db.prepare(
    'INSERT OR IGNORE INTO conversation_members (conversation_id, person_id, position) VALUES (?, ?, ?)',
  );
  const upsertMessage = db.prepare(`
    INSERT INTO chat_messages (id, conversation_id, author_id, text, sent_at, edited_at, delivery)
    VALUES (:id, :conversationId, :authorId, :text, :sentAt, :editedAt, :delivery)
    ON CONFLICT(id) DO UPDATE SET author_id = excluded.author_id, text = excluded.text,
      sent_at = excluded.sent_at, edited_at = excluded.edited_at, delivery = excluded.delivery`);
  const messageExists = db.prepare('SELECT 1 FROM chat_messages WHERE id = ?');
  // A message the server has is delivered, whoever wrote it there: its outbox task, if any, is done.
  const deliveredTask = db.prepare('DELETE FROM chat_outbox WHERE message_id = ?');
  const addUnread = db.prepare('UPDATE conversations SET unread = unread + ? WHERE id = ?');
  const markRead = db.prepare('UPDATE conversations SET unread = 0 WHERE id = ? AND unread > 0');
  const conversationAccount = db.prepare('SELECT account_id FROM conversations WHERE id = ?');
  const removeMessage = db.prepare('DELETE FROM chat_messages WHERE id = ?');
  const conversations = db.prepare(`
    SELECT c.id, c.account_id, c.kind, c.title, c.unread, last.sent_at AS last_at, last.text AS preview
    FROM conversations c
    LEFT JOIN chat_messages last ON last.seq = (
      SELECT seq FROM chat_messages WHERE conversation_id = c.id ORDER BY sent_at DESC, seq DESC LIMIT 1)
    ORDER BY last_at IS NULL, last_at DESC, c.title`);
  const members = db.prepare(`
    SELECT m.conversation_id, m.person_id, ${personSelect('p', 'person')}
    FROM conversation_members m LEFT JOIN people p ON p.id = m.person_id
    ORDER BY m.conversation_id, m.position`);
  const conversationExists = db.prepare('SELECT 1 FROM conversations WHERE id = ?');
  // The newest page first (so `limit` applies to the right end), returned oldest to newest by the caller.
  const messagesBefore = db.prepare(`
    SELECT x.id, x.conversation_id, x.author_id, x.text, x.sent_at, x.edited_at, x.delivery,
      ${personSelect('p', 'author')}
    FROM chat_messages x LEFT JOIN people p ON p.id = x.author_id
    WHERE x.conversation_id = :conversationId AND (:before IS NULL OR x.sent_at < :before)
    ORDER BY x.sent_at DESC, x.seq DESC LIMIT :limit`);
  const messageById = db.prepare(`
    SELECT x.id, x.conversation_id, x.author_id, x.text, x.sent_at, x.edited_at, x.delivery,
      ${personSelect('p', 'author')}
    FROM chat_messages x LEFT JOIN people p ON p.id = x.author_id WHERE x.id = ?`);
  const directWith = db.prepare(`
    SELECT c.id FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
    WHERE c.kind = 'direct' AND m.person_id = ? LIMIT 1`);

  return {
    /** With `keepUnread`, conversations already stored keep their unread count (a re-sync of a roster). */
    putConversations(accountId: string, records: ConversationRecord[], keepUnread = false): void {
      for (const conversation of records) {
        upsertConversation.run({
          id: conversation.id,
          accountId,
          kind: conversation.kind,
          title: conversation.title,
          unread: keepUnread ? null : conversation.unread,
        });
        deleteMembers.run(conversation.id);
        conversation.participantIds.forEach((personId, position) =>
          insertMember.run(conversation.id, personId, position),
        );
      }
    },

    /** Returns the ids of the messages that were not in the store yet. */
    putMessages(records: ChatMessageRecord[]): string[] {
      const added: string[] = [];
      for (const message of records) {
        if (messageExists.get(message.id) === undefined) added.push(message.id);
        if (!message.delivery) deliveredTask.run(message.id);
        upsertMessage.run({
          id: message.id,
          conversationId: message.conversationId,
          authorId: message.authorId,
          text: message.text,
          sentAt: toMs(message.sentAt),
          editedAt: message.editedAt === null ? null : toMs(message.editedAt),
          delivery: message.delivery ?? null,
        });
      }
      return added;
    },

    addUnread(conversationId: string, count: number): void {
      if (count > 0) addUnread.run(count, conversationId);
    },

    /** Returns whether the conversation had unread messages. */
    markRead(conversationId: string): boolean {
      return markRead.run(conversationId).changes > 0;
    },

    removeMessage(id: string): void {
      removeMessage.run(id);
    },

    /** The account a conversation belongs to, if it exists. */
    accountOf(conversationId: string): string | undefined {
      return (conversationAccount.get(conversationId) as { account_id: string } | undefined)?.account_id;
    },

    /** Conversations with their participants, the most recently active first. */
    conversations(): Conversation[] {
      const participants = new Map<string, Person[]>();
      for (const row of members.all() as Record<string, unknown>[]) {
        const conversationId = row.conversation_id as string;
        const person = pickPerson(row, 'person', row.person_id as string);
        participants.set(conversationId, [...(participants.get(conversationId) ?? []), person]);
      }
      return (conversations.all() as unknown as ConversationRow[]).map((row) => ({
        id: row.id,
        accountId: row.account_id,
        kind: row.kind as ConversationKind,
        title: row.title,
        participants: participants.get(row.id) ?? [],
        unread: row.unread,
        lastMessageAt: toIsoOrNull(row.last_at),
        lastMessagePreview: row.preview ?? '',
      }));
    },

    hasConversation(id: string): boolean {
      return conversationExists.get(id) !== undefined;
    },

    /** Up to `limit` messages sent before `before` (or the latest), oldest to newest. */
    messages(conversationId: string, before: string | undefined, limit: number): ChatMessage[] {
      const rows = messagesBefore.all({
        conversationId,
        before: before === undefined ? null : toMs(before),
        limit,
      }) as unknown as MessageRow[];
      return rows.reverse().map(toMessage);
    },

    message(id: string): ChatMessage | undefined {
      const row = messageById.get(id) as MessageRow | undefined;
      return row && toMessage(row);
    },

    /** A direct conversation with this person, if there is one. */
    directConversationWith(personId: string): string | undefined {
      const row = directWith.get(personId) as { id: string } | undefined;
      return row?.id;
    },
  };
}

function toMessage(row: MessageRow): ChatMessage {
  const message: ChatMessage = {
    id: row.id,
    conversationId: row.conversation_id,
    author: pickPerson(row, 'author', row.author_id),
    text: row.text,
    sentAt: toIso(row.sent_at),
    editedAt: toIsoOrNull(row.edited_at),
  };
  if (row.delivery) message.delivery = row.delivery as ChatDelivery;
  return message;
}

export type ChatRepository = ReturnType<typeof chatRepository>;
