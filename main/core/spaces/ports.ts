// The collaboration port: what a back-end of spaces, activity, chat and documents offers the core (an eXo
// account today). Vendor-neutral: ids are the store's (`<accountId>:<remoteId>`), records are the store's,
// and whatever the connector needs to find an item again on its server travels as an opaque `ref` that the
// core keeps beside the item (table `remote_refs`).
import type {
  ActivityRecord,
  ChatMessageRecord,
  CommentRecord,
  ConversationRecord,
  FileRecord,
  PersonRecord,
  PostRecord,
  SpaceRecord,
} from '../../store/records';
import type { FileVersions, PresenceStatus } from '../model';

/** Connector-private data about an item, kept by the core (JSON). */
export type RemoteRef = Record<string, unknown>;

export interface RefReader {
  get(id: string): RemoteRef | undefined;
}

export interface ChatAttachment {
  name: string;
  size: number | null;
  /** The document the attachment became on the server, when it is one the store knows. */
  fileId: string | null;
}

export interface RemoteChatMessage extends ChatMessageRecord {
  /** Our client nonce, when the message was sent by a Bastide (looked for before any re-send). */
  nonce: string | null;
  deleted: boolean;
  attachment: ChatAttachment | null;
}

export interface RemoteConversation extends ConversationRecord {
  lastActivityAt: string | null;
  ref: RemoteRef;
}

export interface RemoteSpace extends SpaceRecord {
  ref: RemoteRef;
}

export interface RemoteComment extends CommentRecord {
  /** The server's rich text (HTML): sanitised by the renderer before display. */
  html: string;
  nonce: string | null;
}

export interface RemotePost extends Omit<PostRecord, 'comments'> {
  html: string;
  liked: boolean;
  nonce: string | null;
  comments: RemoteComment[];
}

export interface RemoteFile extends FileRecord {
  ref: RemoteRef;
  version: string | null;
  /** Who holds a lock on it (a person id), if anybody. */
  lockedBy: string | null;
}

/** What identifies a file's current content on the server (to notice someone else changed it). */
export interface ContentState {
  tag: string;
  size: number;
}

/** A folder to list: a sub-folder by id, or the top of a library (personal when `spaceId` is null). */
export interface FolderTarget {
  parentId: string | null;
  spaceId: string | null;
}

export interface Transfer {
  onProgress(done: number, total: number): void;
  signal: AbortSignal;
}

export interface LocalFile {
  path: string;
  name: string;
  size: number;
}

export type LiveEvent =
  | { type: 'chat-message'; message: RemoteChatMessage }
  | { type: 'chat-read'; conversationId: string }
  | { type: 'presence'; personId: string; presence: PresenceStatus }
  /** Something changed in a stream (a space's, or the user's when null): refetch it. */
  | { type: 'stream'; spaceId: string | null }
  /** The list of conversations changed (a room added, renamed, counts): refetch it. */
  | { type: 'conversations' }
  | { type: 'notification' }
  | { type: 'connection'; online: boolean };

export interface CollaborationClient {
  /** The account owner in the people table. */
  readonly selfPersonId: string;
  /** Finds out what the server offers (probing features, never reading version numbers) and its tokens. */
  connect(): Promise<void>;
  close(): Promise<void>;

  people(): Promise<PersonRecord[]>;
  spaces(): Promise<RemoteSpace[]>;
  spaceMembers(spaceId: string): Promise<PersonRecord[]>;
  posts(spaceId: string, limit: number): Promise<RemotePost[]>;
  notifications(limit: number): Promise<{ items: ActivityRecord[]; people: PersonRecord[] }>;
  conversations(): Promise<{ conversations: RemoteConversation[]; people: PersonRecord[] }>;
  /** Newest first up to `limit`, strictly before `before` or changed since `since` (edits and deletions too). */
  history(
    conversationId: string,
    range: { before?: string; since?: string; limit: number },
  ): Promise<RemoteChatMessage[]>;
  files(folder: FolderTarget): Promise<RemoteFile[]>;
  searchFiles(query: string, spaceId: string | null): Promise<RemoteFile[]>;
  completePeople(query: string, limit: number): Promise<PersonRecord[]>;
  /** The presence of these people now (those the server knows nothing about are left out). */
  presence(personIds: string[]): Promise<Record<string, PresenceStatus>>;

  /** Sends a message; returns it as stored when the server says so at once. */
  sendChat(
    conversationId: string,
    text: string,
    nonce: string,
    attachment: { file: LocalFile; transfer: Transfer } | null,
  ): Promise<RemoteChatMessage | null>;
  /** A message of ours carrying `nonce`, in recent history, if the server has one. */
  findChatByNonce(conversationId: string, nonce: string, since: string): Promise<RemoteChatMessage | null>;
  editChat(conversationId: string, messageId: string, text: string): Promise<void>;
  deleteChat(conversationId: string, messageId: string): Promise<void>;
  markChatRead(conversationId: string): Promise<void>;
  setPresence(status: PresenceStatus): Promise<void>;

  post(spaceId: string, text: string, nonce: string): Promise<RemotePost>;
  findPostByNonce(spaceId: string, nonce: string, since: string): Promise<RemotePost | null>;
  comment(postId: string, text: string, nonce: string): Promise<RemoteComment>;
  findComment(postId: string, match: { nonce: string; text: string; since: string }): Promise<RemoteComment | null>;
  like(postId: string, liked: boolean): Promise<void>;
  markNotificationsRead(ids: string[]): Promise<void>;

  versions(fileId: string): Promise<FileVersions>;
  contentState(fileId: string): Promise<ContentState | null>;
  download(fileId: string, destination: string, transfer: Transfer): Promise<ContentState>;
  /** `name`, or a numbered variant of it, that nothing in the folder is called yet. */
  freeName(folder: FolderTarget, name: string): Promise<string>;
  /** Writes the file under exactly `name` in the folder (a new version when it exists). */
  upload(folder: FolderTarget, name: string, source: LocalFile, transfer: Transfer): Promise<RemoteFile>;
  /** `lockToken`: the lock we hold on the file, if any (writes on a locked file must carry it). */
  newVersion(fileId: string, source: LocalFile, transfer: Transfer, lockToken: string | null): Promise<RemoteFile>;
  /** Returns the lock token, needed to write and to unlock. */
  lock(fileId: string): Promise<string>;
  unlock(fileId: string, token: string): Promise<void>;

  /** Live events from the server; returns the unsubscribe function. */
  live(listener: (event: LiveEvent) => void): () => void;
}

/** What a connector gets to build a client for one account. */
export interface CollaborationDeps {
  accountId: string;
  refs: RefReader;
  now: () => Date;
}
