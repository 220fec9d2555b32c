// The collaboration tables of migration 005 (remote refs, extras of posts, comments and chat messages, the state
// of documents' local copies), plus the few writes on shared tables that local-first collaboration needs and
// the first repositories do not offer: replacing a local item by the server's, and local read markers.
import type { ChatDelivery } from '../../core/model';
import type { Database } from '../db';
import { flag, toIso, toMs } from '../rows';

export interface PostExtras {
  html: string;
  liked: boolean;
  nonce: string | null;
  delivery: ChatDelivery | null;
}

export interface PendingComment {
  id: string;
  postId: string;
  authorId: string;
  text: string;
  html: string;
  postedAt: string;
  nonce: string;
  delivery: ChatDelivery;
}

export interface MessageExtras {
  nonce: string | null;
  deleted: boolean;
  attachment: { name: string; size: number | null; fileId: string | null } | null;
}

export interface FileState {
  fileId: string;
  accountId: string;
  pinned: boolean;
  cachePath: string | null;
  baseTag: string | null;
  localSize: number | null;
  localMtime: number | null;
  version: string | null;
  lockToken: string | null;
  delivery: ChatDelivery | null;
  conflictPath: string | null;
}

/** A document's state before anything was kept or sent for it. */
export function blankFileState(fileId: string, accountId: string): FileState {
  return {
    fileId,
    accountId,
    pinned: false,
    cachePath: null,
    baseTag: null,
    localSize: null,
    localMtime: null,
    version: null,
    lockToken: null,
    delivery: null,
    conflictPath: null,
  };
}

interface FileStateRow {
  file_id: string;
  account_id: string;
  pinned: number;
  cache_path: string | null;
  base_tag: string | null;
  local_size: number | null;
  local_mtime: number | null;
  version: string | null;
  lock_token: string | null;
  delivery: string | null;
  conflict_path: string | null;
}

const toFileState = (row: FileStateRow): FileState => ({
  fileId: row.file_id,
  accountId: row.account_id,
  pinned: row.pinned === 1,
  cachePath: row.cache_path,
  baseTag: row.base_tag,
  localSize: row.local_size,
  localMtime: row.local_mtime,
  version: row.version,
  lockToken: row.lock_token,
  delivery: row.delivery as ChatDelivery | null,
  conflictPath: row.conflict_path,
});

/** `IN (…)` over a list, in chunks SQLite's parameter limit accepts. */
function chunks<T>(list: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export function collaborationRepository(db: Database) {
  const putRef = db.prepare(`
    INSERT INTO remote_refs (id, account_id, ref) VALUES (?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET ref = excluded.ref`);
  const getRef = db.prepare('SELECT ref FROM remote_refs WHERE id = ?');

  const putPostExtras = db.prepare(`
    INSERT INTO post_extras (post_id, html, liked, nonce, delivery) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(post_id) DO UPDATE SET html = excluded.html, liked = excluded.liked, nonce = excluded.nonce,
      delivery = excluded.delivery`);
  const setLiked = db.prepare('UPDATE post_extras SET liked = ? WHERE post_id = ?');
  const setLikes = db.prepare('UPDATE posts SET likes = max(0, likes + ?) WHERE id = ?');
  const setPostDelivery = db.prepare('UPDATE post_extras SET delivery = ? WHERE post_id = ?');
  const deletePost = db.prepare('DELETE FROM posts WHERE id = ?');

  const putComment = db.prepare(`
    INSERT INTO comment_extras (comment_id, account_id, post_id, html, nonce, delivery, text, author_id, posted_at)
    VALUES (:id, :accountId, :postId, :html, :nonce, :delivery, :text, :authorId, :postedAt)
    ON CONFLICT(comment_id) DO UPDATE SET html = excluded.html, nonce = excluded.nonce,
      delivery = excluded.delivery, text = excluded.text, author_id = excluded.author_id,
      posted_at = excluded.posted_at`);
  const setCommentDelivery = db.prepare('UPDATE comment_extras SET delivery = ? WHERE comment_id = ?');
  const deleteComment = db.prepare('DELETE FROM comment_extras WHERE comment_id = ?');
  const insertComment = db.prepare(`
    INSERT INTO comments (id, post_id, author_id, text, posted_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET text = excluded.text`);

  const putMessageExtras = db.prepare(`
    INSERT INTO chat_message_extras (message_id, nonce, deleted, attachment) VALUES (?, ?, ?, ?)
    ON CONFLICT(message_id) DO UPDATE SET nonce = coalesce(excluded.nonce, chat_message_extras.nonce),
      deleted = excluded.deleted, attachment = coalesce(excluded.attachment, chat_message_extras.attachment)`);
  const deleteMessage = db.prepare('DELETE FROM chat_messages WHERE id = ?');
  const messageConversation = db.prepare('SELECT conversation_id, author_id, delivery FROM chat_messages WHERE id = ?');
  const updateMessageText = db.prepare('UPDATE chat_messages SET text = ?, edited_at = ? WHERE id = ?');
  const updateQueuedText = db.prepare('UPDATE chat_messages SET text = ? WHERE id = ?');
  const updateOutboxText = db.prepare('UPDATE chat_outbox SET text = ? WHERE message_id = ?');
  const markDeleted = db.prepare(`
    INSERT INTO chat_message_extras (message_id, deleted) VALUES (?, 1)
    ON CONFLICT(message_id) DO UPDATE SET deleted = 1`);
  const clearMessageText = db.prepare("UPDATE chat_messages SET text = '' WHERE id = ?");
  const setConversationUnread = db.prepare('UPDATE conversations SET unread = ? WHERE id = ?');
  const addUnread = db.prepare('UPDATE conversations SET unread = unread + ? WHERE id = ?');
  const conversationUnread = db.prepare('SELECT unread FROM conversations WHERE id = ?');
  const newestMessage = db.prepare(
    'SELECT max(max(sent_at), coalesce(max(edited_at), 0)) AS newest FROM chat_messages WHERE conversation_id = ? AND delivery IS NULL',
  );
  const oldestMessage = db.prepare(
    'SELECT min(sent_at) AS oldest FROM chat_messages WHERE conversation_id = ? AND delivery IS NULL',
  );
  const countMessages = db.prepare('SELECT count(*) AS n FROM chat_messages WHERE conversation_id = ?');

  const markActivityRead = db.prepare('UPDATE activity SET unread = 0 WHERE id = ?');

  const getFileState = db.prepare('SELECT * FROM file_state WHERE file_id = ?');
  const putFileState = db.prepare(`
    INSERT INTO file_state (file_id, account_id, pinned, cache_path, base_tag, local_size, local_mtime, version,
                            lock_token, delivery, conflict_path)
    VALUES (:fileId, :accountId, :pinned, :cachePath, :baseTag, :localSize, :localMtime, :version, :lockToken,
            :delivery, :conflictPath)
    ON CONFLICT(file_id) DO UPDATE SET pinned = excluded.pinned, cache_path = excluded.cache_path,
      base_tag = excluded.base_tag, local_size = excluded.local_size, local_mtime = excluded.local_mtime,
      version = excluded.version, lock_token = excluded.lock_token, delivery = excluded.delivery,
      conflict_path = excluded.conflict_path`);
  const pinnedFiles = db.prepare('SELECT * FROM file_state WHERE account_id = ? AND pinned = 1');
  const deleteFileState = db.prepare('DELETE FROM file_state WHERE file_id = ?');
  const deleteFile = db.prepare('DELETE FROM files WHERE id = ?');
  const childrenOf = db.prepare('SELECT id FROM files WHERE parent_id = ?');
  const rootsOf = db.prepare('SELECT id FROM files WHERE account_id = ? AND parent_id IS NULL AND space_id IS ?');

  const parseRef = (text: string) => JSON.parse(text) as Record<string, unknown>;

  return {
    // ---- refs ----
    putRefs(accountId: string, entries: readonly { id: string; ref: Record<string, unknown> }[]): void {
      for (const entry of entries) putRef.run(entry.id, accountId, JSON.stringify(entry.ref));
    },
    ref(id: string): Record<string, unknown> | undefined {
      const row = getRef.get(id) as { ref: string } | undefined;
      return row ? parseRef(row.ref) : undefined;
    },

    // ---- posts and comments ----
    putPostExtras(postId: string, extras: PostExtras): void {
      putPostExtras.run(postId, extras.html, flag(extras.liked), extras.nonce, extras.delivery);
    },
    postExtras(postIds: readonly string[]): Map<string, PostExtras> {
      const out = new Map<string, PostExtras>();
      for (const part of chunks(postIds)) {
        const rows = db
          .prepare(`SELECT * FROM post_extras WHERE post_id IN (${part.map(() => '?').join(',')})`)
          .all(...part) as {
          post_id: string;
          html: string;
          liked: number;
          nonce: string | null;
          delivery: string | null;
        }[];
        for (const row of rows) {
          out.set(row.post_id, {
            html: row.html,
            liked: row.liked === 1,
            nonce: row.nonce,
            delivery: row.delivery as ChatDelivery | null,
          });
        }
      }
      return out;
    },
    /** The user's like, applied at once (the server learns it when the task runs). */
    setLiked(postId: string, liked: boolean): boolean {
      const before = this.postExtras([postId]).get(postId);
      if (before?.liked === liked) return false;
      setLiked.run(flag(liked), postId);
      setLikes.run(liked ? 1 : -1, postId);
      return true;
    },
    setPostDelivery(postId: string, delivery: ChatDelivery | null): void {
      setPostDelivery.run(delivery, postId);
    },
    deletePost(postId: string): void {
      deletePost.run(postId);
    },

    putComment(
      accountId: string,
      comment: PendingComment | (Omit<PendingComment, 'delivery' | 'nonce'> & { delivery: null; nonce: string | null }),
    ): void {
      putComment.run({
        id: comment.id,
        accountId,
        postId: comment.postId,
        html: comment.html,
        nonce: comment.nonce,
        delivery: comment.delivery,
        text: comment.text,
        authorId: comment.authorId,
        postedAt: toMs(comment.postedAt),
      });
    },
    commentExtras(postIds: readonly string[]): { html: Map<string, string>; pending: PendingComment[] } {
      const html = new Map<string, string>();
      const pending: PendingComment[] = [];
      for (const part of chunks(postIds)) {
        const rows = db
          .prepare(
            `SELECT * FROM comment_extras WHERE post_id IN (${part.map(() => '?').join(',')}) ORDER BY posted_at`,
          )
          .all(...part) as Record<string, unknown>[];
        for (const row of rows) {
          html.set(row.comment_id as string, row.html as string);
          if (row.delivery !== null) {
            pending.push({
              id: row.comment_id as string,
              postId: row.post_id as string,
              authorId: row.author_id as string,
              text: row.text as string,
              html: row.html as string,
              postedAt: toIso(row.posted_at as number),
              nonce: row.nonce as string,
              delivery: row.delivery as ChatDelivery,
            });
          }
        }
      }
      return { html, pending };
    },
    setCommentDelivery(commentId: string, delivery: ChatDelivery | null): void {
      setCommentDelivery.run(delivery, commentId);
    },
    deleteComment(commentId: string): void {
      deleteComment.run(commentId);
    },
    /** A comment the server confirmed, added to its post without replacing the others. */
    insertComment(comment: { id: string; postId: string; authorId: string; text: string; postedAt: string }): void {
      insertComment.run(comment.id, comment.postId, comment.authorId, comment.text, toMs(comment.postedAt));
    },

    // ---- chat ----
    putMessageExtras(messageId: string, extras: MessageExtras): void {
      putMessageExtras.run(
        messageId,
        extras.nonce,
        flag(extras.deleted),
        extras.attachment ? JSON.stringify(extras.attachment) : null,
      );
    },
    messageExtras(messageIds: readonly string[]): Map<string, MessageExtras> {
      const out = new Map<string, MessageExtras>();
      for (const part of chunks(messageIds)) {
        const rows = db
          .prepare(`SELECT * FROM chat_message_extras WHERE message_id IN (${part.map(() => '?').join(',')})`)
          .all(...part) as { message_id: string; nonce: string | null; deleted: number; attachment: string | null }[];
        for (const row of rows) {
          out.set(row.message_id, {
            nonce: row.nonce,
            deleted: row.deleted === 1,
            attachment: row.attachment ? (JSON.parse(row.attachment) as MessageExtras['attachment']) : null,
          });
        }
      }
      return out;
    },
    message(id: string): { conversationId: string; authorId: string; delivery: string | null } | undefined {
      const row = messageConversation.get(id) as
        { conversation_id: string; author_id: string; delivery: string | null } | undefined;
      return row && { conversationId: row.conversation_id, authorId: row.author_id, delivery: row.delivery };
    },
    deleteMessage(id: string): void {
      deleteMessage.run(id);
    },
    editMessage(id: string, text: string, at: string): void {
      updateMessageText.run(text, toMs(at), id);
    },
    /** A message still in the chat outbox: its text changes before it ever reaches the server. */
    editQueuedMessage(id: string, text: string): void {
      updateQueuedText.run(text, id);
      updateOutboxText.run(text, id);
    },
    markMessageDeleted(id: string): void {
      markDeleted.run(id);
      clearMessageText.run(id);
    },
    setConversationUnread(conversationId: string, unread: number): void {
      setConversationUnread.run(unread, conversationId);
    },
    addConversationUnread(conversationId: string, count: number): void {
      addUnread.run(count, conversationId);
    },
    conversationUnread(conversationId: string): number | undefined {
      return (conversationUnread.get(conversationId) as { unread: number } | undefined)?.unread;
    },
    /** The newest change the store has from the server in a conversation (a history cursor). */
    newestMessageAt(conversationId: string): number | null {
      return (newestMessage.get(conversationId) as { newest: number | null }).newest;
    },
    oldestMessageAt(conversationId: string): number | null {
      return (oldestMessage.get(conversationId) as { oldest: number | null }).oldest;
    },
    messageCount(conversationId: string): number {
      return (countMessages.get(conversationId) as { n: number }).n;
    },

    // ---- activity ----
    markActivityRead(ids: readonly string[]): void {
      for (const id of ids) markActivityRead.run(id);
    },

    // ---- documents ----
    fileState(fileId: string): FileState | undefined {
      const row = getFileState.get(fileId) as FileStateRow | undefined;
      return row && toFileState(row);
    },
    fileStates(fileIds: readonly string[]): Map<string, FileState> {
      const out = new Map<string, FileState>();
      for (const part of chunks(fileIds)) {
        const rows = db
          .prepare(`SELECT * FROM file_state WHERE file_id IN (${part.map(() => '?').join(',')})`)
          .all(...part) as unknown as FileStateRow[];
        for (const row of rows) out.set(row.file_id, toFileState(row));
      }
      return out;
    },
    putFileState(state: FileState): void {
      putFileState.run({ ...state, pinned: flag(state.pinned) });
    },
    pinnedFiles(accountId: string): FileState[] {
      return (pinnedFiles.all(accountId) as unknown as FileStateRow[]).map(toFileState);
    },
    deleteFileState(fileId: string): void {
      deleteFileState.run(fileId);
    },
    deleteFile(fileId: string): void {
      deleteFile.run(fileId);
    },
    /** Ids listed in a folder (or at the top of a library) in the store. */
    listedIds(accountId: string, parentId: string | null, spaceId: string | null): string[] {
      const rows = (parentId ? childrenOf.all(parentId) : rootsOf.all(accountId, spaceId)) as { id: string }[];
      return rows.map((row) => row.id);
    },
  };
}

export type CollaborationRepository = ReturnType<typeof collaborationRepository>;
