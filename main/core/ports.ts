// The ports a connector implements for its back-end. Every port mirrors the server into the local store
// through `sync` (the renderer only ever reads the store); the other operations are the remote phases of
// user intents, optional because no back-end offers them all. Only `sync` is implemented so far (demo).
import type { StoreSink } from '../store/sink';
import type { AccountRecord } from '../store/records';
import type { AccountKindInfo, ErrorInfo, MailAddress, Person, PresenceStatus } from './model';

export type { StoreSink } from '../store/sink';
export type * from '../store/records';

export interface SyncContext {
  sink: StoreSink;
  /** Reports how far the sync is, per phase (`mail`, `chat`…): the core forwards it as `sync:progress`. */
  progress(phase: string, done: number, total: number): void;
  signal: AbortSignal;
}

interface SyncPort {
  sync(context: SyncContext): Promise<void>;
}

export interface OutgoingMail {
  /** Message-ID fixed when the task is queued, so that a retry can be recognised in Sent. */
  messageId: string;
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  bodyText: string;
  bodyHtml: string | null;
  attachmentPaths: string[];
  inReplyTo?: string;
}

export interface MailPort extends SyncPort {
  fetchBody?(messageId: string): Promise<{ bodyText: string; bodyHtml: string | null }>;
  setFlags?(ids: string[], flags: { unread?: boolean; flagged?: boolean }): Promise<void>;
  move?(ids: string[], folderId: string): Promise<void>;
  /** Replaces the previous server copy of the draft, if any; returns the new draft's id. */
  saveDraft?(draft: OutgoingMail, replaces: string | null): Promise<string>;
  send?(mail: OutgoingMail): Promise<void>;
}

/** What a live chat connection reports after writing it into the store; the core makes events of it. */
export type ChatChange =
  | { kind: 'messages'; conversationId: string; messageIds: string[] }
  | { kind: 'conversations'; conversationIds: string[] }
  | { kind: 'presence'; people: { id: string; presence: PresenceStatus }[] }
  /** Online: caught up, the outbox may flush. Offline: reconnecting with back-off, unless `error` is `auth.*`. */
  | { kind: 'connection'; online: boolean; error?: ErrorInfo };

export interface ChatPort extends SyncPort {
  /**
   * `nonce` lets a retry find its own message in recent history instead of posting twice. The outbox stores
   * the message as `<conversationId>:<nonce>` meanwhile; returns the id of the server's copy (the same id when
   * the connector follows that convention, else the outbox drops its own copy for the connector's).
   */
  send?(conversationId: string, text: string, nonce: string): Promise<string>;
  /** Whether a message sent with `nonce` (at or after `since`) is on the server: asked before any re-send. */
  findSent?(conversationId: string, nonce: string, since: string): Promise<boolean>;
  markRead?(conversationId: string, upTo: string): Promise<void>;
  setPresence?(status: PresenceStatus): Promise<void>;
  /** Older history of a conversation into the store; `complete` once the server has nothing older. */
  loadOlder?(sink: StoreSink, conversationId: string): Promise<{ added: number; complete: boolean }>;
  /** Enters a group conversation by its server address (an XMPP room); returns the conversation's id. */
  joinRoom?(sink: StoreSink, address: string): Promise<string>;
  /** Stays connected, writing live changes into the store and reporting them; returns the stop function. */
  listen?(sink: StoreSink, onChange: (change: ChatChange) => void): () => void;
  close?(): Promise<void>;
}

export interface FilesPort extends SyncPort {
  download?(fileId: string, destination: string): Promise<void>;
  upload?(parentId: string | null, name: string, source: string): Promise<string>;
  lock?(fileId: string): Promise<void>;
  unlock?(fileId: string): Promise<void>;
}

/** Mirrors the account's calendars into the store for a window around today, recurrences expanded. */
export type CalendarPort = SyncPort;

export interface DirectoryPort extends SyncPort {
  /** Recipient completion against the server's directory. */
  complete?(query: string, limit: number): Promise<Person[]>;
}

/** Spaces, their posts and the activity stream (with notifications). */
export interface ActivityPort extends SyncPort {
  markRead?(itemIds: string[]): Promise<void>;
  listen?(onChange: () => void): () => void;
}

export interface ConnectorPorts {
  directory?: DirectoryPort;
  mail?: MailPort;
  chat?: ChatPort;
  activity?: ActivityPort;
  files?: FilesPort;
  calendar?: CalendarPort;
}

export interface ConnectorDeps {
  now: () => Date;
}

/** One protocol family: its account kind as shown to the renderer, and the ports it builds for an account. */
export interface Connector {
  kind: AccountKindInfo;
  create(account: AccountRecord, deps: ConnectorDeps): ConnectorPorts;
}
