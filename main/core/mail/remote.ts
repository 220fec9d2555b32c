// What the mail engine asks of a mail server on standard protocols (IMAP for the mailbox, SMTP to send), and
// the local state the server's sync reads and writes. The IMAP/SMTP connector implements `MailRemote`; the
// store implements `MailSyncTarget`. Folders are named by their server path, messages by folder + UID.
import type { FolderRole, MailAddress } from '../model';

export interface RemoteFolder {
  path: string;
  name: string;
  parentPath: string | null;
  role: FolderRole | null;
  /** False for containers that hold no messages (`\Noselect`, namespace roots such as `Autres utilisateurs`). */
  selectable: boolean;
}

export interface RemoteAttachment {
  /** The IMAP body part ("2", "1.3"). */
  part: string;
  name: string;
  size: number;
  mimeType: string;
  contentId: string | null;
  inline: boolean;
}

/** A message as the header sync sees it: everything for the list, the thread and the reading pane but the body. */
export interface RemoteHeader {
  uid: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  date: string;
  unread: boolean;
  flagged: boolean;
  size: number;
  /** The parts holding the text and HTML bodies, fetched later. */
  bodyParts: BodyParts;
  attachments: RemoteAttachment[];
}

export interface BodyParts {
  text?: string;
  html?: string;
}

export interface RemoteFlags {
  uid: number;
  unread: boolean;
  flagged: boolean;
}

/** Where a folder's sync stands on the server (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ when CONDSTORE is offered). */
export interface FolderCursor {
  uidValidity: string;
  uidNext: number;
  highestModseq: string | null;
  messages: number;
  /** When flags were last compared in full (servers without CONDSTORE only learn flag changes that way). */
  flagsCheckedAt: number;
}

export interface LocalMessageState {
  unread: boolean;
  flagged: boolean;
  /** A user intent on this message waits for its remote phase: the sync leaves it alone. */
  pending: boolean;
}

/** The local side of one folder's sync. Each write is atomic. */
export interface FolderSyncTarget {
  readonly folderId: string;
  cursor(): FolderCursor | null;
  setCursor(cursor: FolderCursor): void;
  /** UIDs the store holds for this folder on the server, with their flags. */
  known(): Map<number, LocalMessageState>;
  count(): number;
  /**
   * Stores headers not yet known (by UID); returns how many were new. It may store them in the background (a
   * promise): what reads the stored messages (`known`, `count`) waits for it first.
   */
  addHeaders(uidValidity: string, headers: RemoteHeader[]): number | Promise<number>;
  updateFlags(flags: RemoteFlags[]): number;
  remove(uids: number[]): number;
  /** UIDVALIDITY changed: every UID the store has for this folder is void. */
  reset(): void;
}

export interface MailSyncTarget {
  /** Replaces the folder list (a folder gone from the server goes, with its messages). */
  putFolders(folders: RemoteFolder[]): void;
  folder(path: string): FolderSyncTarget | null;
}

export interface FolderSyncReport {
  path: string;
  added: number;
  changed: number;
  removed: number;
  /** True when UIDVALIDITY changed and the folder was synced again from scratch. */
  reset: boolean;
}

export interface SyncOptions {
  /** Only these folders (paths); all by default. */
  only?: string[];
  /**
   * Whether to compare every flag of a folder with the store's: servers without CONDSTORE (`modseq` false) learn
   * of flag changes no other way; others only when the local state is known to be off.
   */
  sweepFlags?: (cursor: FolderCursor, modseq: boolean) => boolean;
  /** The folder the user looks at, synced first. */
  first?: string;
  /** Synced even if their STATUS says nothing changed (the local copy is known to be off). */
  force?: string[];
  signal?: AbortSignal;
  onFolder?: (report: FolderSyncReport) => void;
}

export interface MessageRef {
  path: string;
  uid: number;
}

export interface MessageBody {
  text: string;
  html: string | null;
}

export interface SubmitResult {
  accepted: string[];
  rejected: string[];
}

export interface Envelope {
  from: string;
  to: string[];
}

/** What the server offers that changes how the engine works with it. */
export interface RemoteFeatures {
  condstore: boolean;
  qresync: boolean;
  move: boolean;
  /** Largest message the submission server accepts (SMTP SIZE), when it says. */
  maxMessageSize: number | null;
  /** The server files every submitted mail in Sent by itself (Gmail): the client must not APPEND a second copy. */
  sentCopyByServer?: boolean;
}

export interface MailRemote {
  /** Lists folders and syncs those that changed since their cursor. */
  sync(target: MailSyncTarget, options?: SyncOptions): Promise<FolderSyncReport[]>;
  /** The folder list alone (with roles), without syncing any folder (without it: a sync of no folder). */
  folders?(): Promise<RemoteFolder[]>;
  /** Keeps an IMAP IDLE on `path`; `onChange` is called when the server reports a change there. */
  watch(path: string, onChange: () => void): void;
  fetchBody(ref: MessageRef, parts: BodyParts): Promise<MessageBody>;
  /** Streams one attachment to `destination` (never whole in memory). */
  downloadPart(ref: MessageRef, part: string, destination: string): Promise<void>;
  setFlags(path: string, uids: number[], flags: { unread?: boolean; flagged?: boolean }): Promise<void>;
  /** Moves messages; returns their new UIDs when the server tells them (UIDPLUS). */
  move(path: string, uids: number[], destination: string): Promise<Map<number, number>>;
  /** Deletes for good (\Deleted + UID EXPUNGE). */
  expunge(path: string, uids: number[]): Promise<void>;
  /** UIDs of the messages with this Message-ID in the folder (HEADER Message-ID search). */
  findByMessageId(path: string, messageId: string): Promise<number[]>;
  /**
   * UIDs of the folder's messages whose headers or text contain `words` (IMAP SEARCH TEXT: the server's own
   * index, which knows the bodies the local cache has not fetched). Servers without a search leave it out.
   */
  searchText?(path: string, words: string): Promise<number[]>;
  /** APPENDs a message file; returns its UID when the server tells it. */
  append(path: string, file: string, flags: string[]): Promise<number | null>;
  /** Submits a message file over SMTP with this envelope. */
  submit(envelope: Envelope, file: string): Promise<SubmitResult>;
  features(): Promise<RemoteFeatures>;
  /** Whether the server answers at all (cheap: NOOP on a live connection, or a new sign-in). */
  probe(): Promise<void>;
  close(): Promise<void>;
}
