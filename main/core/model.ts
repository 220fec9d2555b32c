// The unified domain model: what the renderer sees, whatever the back-end.
// Every type here is plain serialisable data (it crosses IPC and the test host's WebSocket).
// Ids are namespaced `<accountId>:<remoteId>`.

export type Capability = 'mail' | 'chat' | 'spaces' | 'files' | 'calendar' | 'directory' | 'activity' | 'presence';

/** An account kind as the core describes it to the renderer (which never names a vendor itself). */
export interface AccountKindInfo {
  id: string;
  label: string;
  capabilities: Capability[];
  /** How an account of this kind is set up; absent for kinds the user cannot add (the demo). */
  setup?: AccountKindSetup;
}

export type AccountState = 'online' | 'offline' | 'syncing' | 'needs-sign-in' | 'error';

export interface AccountSummary {
  id: string;
  kindId: string;
  kindLabel: string;
  displayName: string;
  address: string;
  state: AccountState;
  capabilities: Capability[];
  /** Why the account needs a sign-in or is offline, when the core knows. */
  problem?: ErrorInfo;
}

export type PresenceStatus = 'available' | 'busy' | 'dnd' | 'away' | 'offline';

export interface Person {
  id: string;
  name: string;
  address?: string;
  title?: string;
  presence?: PresenceStatus;
}

export interface MailAddress {
  name?: string;
  address: string;
}

export type FolderRole = 'inbox' | 'drafts' | 'sent' | 'trash' | 'junk' | 'archive' | 'outbox';

export interface MailFolder {
  id: string;
  accountId: string;
  name: string;
  path: string;
  role: FolderRole | null;
  parentId: string | null;
  unread: number;
  total: number;
}

export interface MailSummary {
  id: string;
  accountId: string;
  folderId: string;
  threadId: string;
  subject: string;
  from: MailAddress;
  to: MailAddress[];
  date: string; // ISO 8601
  snippet: string;
  unread: boolean;
  flagged: boolean;
  hasAttachments: boolean;
}

export interface AttachmentInfo {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  /** Shown inside the HTML body (`cid:` reference) rather than listed. */
  inline?: boolean;
  contentId?: string;
}

export interface MailMessage extends MailSummary {
  cc: MailAddress[];
  bodyText: string;
  bodyHtml: string | null;
  attachments: AttachmentInfo[];
  /** False while the body is not local yet (fetched on demand; offline, only the snippet is known). */
  bodyAvailable?: boolean;
  /** The user allowed remote images for this message or its sender; otherwise the reading pane blocks them. */
  remoteContentAllowed?: boolean;
  replyTo?: MailAddress[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type ConversationKind = 'direct' | 'group' | 'space';

export interface Conversation {
  id: string;
  accountId: string;
  kind: ConversationKind;
  title: string;
  participants: Person[];
  unread: number;
  lastMessageAt: string | null;
  lastMessagePreview: string;
}

/** Where a message we wrote stands, while the server does not have it yet. */
export type ChatDelivery = 'queued' | 'failed';

export interface ChatMessage {
  id: string;
  conversationId: string;
  author: Person;
  text: string;
  sentAt: string;
  editedAt: string | null;
  /** Absent once the server has the message. */
  delivery?: ChatDelivery;
  /** Written by the account's owner (who may edit or delete it where the server allows). */
  mine?: boolean;
  /** Deleted on the server: shown as such, without its text. */
  deleted?: boolean;
  attachment?: ChatAttachmentInfo;
}

export interface Space {
  id: string;
  accountId: string;
  name: string;
  description: string;
  memberCount: number;
  unread: number;
}

export interface SpaceComment {
  id: string;
  author: Person;
  text: string;
  postedAt: string;
  /** The server's rich text; the renderer sanitises it before display (falls back to `text`). */
  html?: string;
  /** Absent once the server has the comment. */
  delivery?: ChatDelivery;
}

export interface SpacePost {
  id: string;
  spaceId: string;
  author: Person;
  text: string;
  postedAt: string;
  likes: number;
  comments: SpaceComment[];
  html?: string;
  /** Whether the user likes it. */
  liked?: boolean;
  /** Absent once the server has the post. */
  delivery?: ChatDelivery;
}

export interface FileEntry {
  id: string;
  accountId: string;
  parentId: string | null;
  name: string;
  kind: 'folder' | 'file';
  size: number | null;
  mimeType: string | null;
  modifiedAt: string;
  modifiedBy: string | null;
  spaceId: string | null;
  /** The copy on this device (documents of collaboration accounts). */
  local?: LocalCopyInfo;
  /** Locked by this user on the server (this device holds the lock). */
  lockedByMe?: boolean;
  version?: string | null;
  /** An upload not yet on the server (queued, or failed). */
  delivery?: ChatDelivery;
}

export interface CalendarEvent {
  id: string;
  accountId: string;
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  organizer: Person;
  attendees: Person[];
  meetingUrl: string | null;
  description: string;
}

export type RailApp = 'activity' | 'chat' | 'teams' | 'calendar' | 'files' | 'mail';

/** Where an item lives in the UI: the rail app, the item, and its container when it has one. */
export interface DeepLink {
  app: RailApp;
  id: string;
  parentId?: string;
}

export type ActivityKind = 'mention' | 'reply' | 'post' | 'mail' | 'document' | 'meeting';

export interface ActivityItem {
  id: string;
  accountId: string;
  kind: ActivityKind;
  actor: Person;
  title: string;
  summary: string;
  at: string;
  unread: boolean;
  target: DeepLink;
}

export type SearchKind = 'mail' | 'chat' | 'post' | 'file' | 'person' | 'event';

export interface SearchResult {
  kind: SearchKind;
  id: string;
  title: string;
  snippet: string;
  at: string | null;
  target: DeepLink | null;
}

export type Language = 'fr' | 'en';
export type ThemePreference = 'system' | 'light' | 'dark';

export interface Settings {
  language: Language;
  theme: ThemePreference;
  updateMode: UpdateMode;
  updateChannel: UpdateChannel;
}

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  demo: boolean;
}

export interface SyncProgress {
  accountId: string;
  phase: string;
  done: number;
  total: number;
}

/** An error the renderer can translate: `code` is a key under `errors.` in the i18n resources. */
export interface ErrorInfo {
  code: string;
  params?: Record<string, string | number>;
}

// ---- Accounts: setup, discovery, sign-in, certificates, secrets ----

export type ConnectionSecurity = 'tls' | 'starttls' | 'none';

export interface ServerEndpoint {
  host: string;
  port: number;
  security: ConnectionSecurity;
}

/** Where an account's server is: a web server (by URL), a mail server pair, or a chat server. */
export type AccountServer =
  | { type: 'web'; url: string }
  | { type: 'mail'; incoming: ServerEndpoint; outgoing: ServerEndpoint }
  | { type: 'chat'; domain: string; endpoint: ServerEndpoint };

export type SignInMethod = 'password' | 'sso';

export interface AccountKindSetup {
  server: AccountServer['type'];
  methods: SignInMethod[];
}

/** What discovery found at an address: a kind, its server and the username to propose. */
export interface AccountCandidate {
  kindId: string;
  kindLabel: string;
  server: AccountServer;
  username: string;
  methods: SignInMethod[];
}

export interface DiscoveryResult {
  candidates: AccountCandidate[];
}

/** An account with its settings (never its secrets), for the edit form. */
export interface AccountDetails extends AccountSummary {
  server: AccountServer;
  username: string;
  method: SignInMethod;
}

export type SignInResult =
  | { status: 'signed-in'; account: AccountSummary }
  /** The server asked for a second factor: answer with `accounts:twoFactor` and this challenge. */
  | { status: 'two-factor-required'; challengeId: string };

export interface CertificateInfo {
  host: string;
  /** SHA-256 of the DER certificate, as colon-separated hexadecimal pairs. */
  fingerprint: string;
  subject: string;
  issuer: string;
  validTo: string | null;
}

export interface TrustedCertificate extends CertificateInfo {
  trustedAt: string;
}

/** Where secrets live: the OS keychain, memory for this session (banner), or nowhere (sign-ins refused). */
export type SecretStorage = 'keychain' | 'memory' | 'unavailable';
export type NoKeyringBehaviour = 'refuse' | 'memory-with-banner';

export interface SecretsStatus {
  storage: SecretStorage;
  noKeyringBehaviour: NoKeyringBehaviour;
  /** The organisation's policy sets the behaviour: the user cannot change it. */
  locked: boolean;
}

// ---- Managed deployment: policies and updates ----

/** What the organisation's policies say, for the renderer: locked settings, warnings, account rules. */
export interface PolicyState {
  /** True when at least one policy applies. */
  managed: boolean;
  /** Settings a policy decides (keys of Settings among others): shown disabled, "Géré par votre organisation". */
  locked: string[];
  /** Policies that could not be used, as translatable codes under `policy.warnings.`. */
  warnings: ErrorInfo[];
  allowAccountAdd: boolean;
  allowAccountRemove: boolean;
}

/** An account the organisation preconfigured: the user only signs in (password or SSO). */
export interface PreconfiguredAccountEntry {
  /** Stable across starts, derived from the entry's kind, server and username. */
  id: string;
  kindId: string;
  label: string;
  server: AccountServer;
  /** Null when the policy leaves the username to the user. */
  username: string | null;
  method: SignInMethod;
  /** The account created from this entry, once signed in. */
  accountId: string | null;
}

export type UpdateMode = 'off' | 'notify' | 'automatic';
export type UpdateChannel = 'stable' | 'beta';

/** Why Bastide checks, downloads and installs updates, or does not. */
export type UpdateReason =
  | 'development-build'
  | 'update-mode-off'
  | 'no-update-url'
  | 'notify-mode'
  | 'managed-by-it'
  | 'cannot-self-update'
  | 'automatic';

export interface UpdateNotice {
  version: string;
  releaseName: string | null;
  /** Plain text from the update server: shown as text, never as HTML. */
  releaseNotes: string | null;
  releaseDate: string | null;
}

export interface UpdateStatus {
  currentVersion: string;
  /** Whether Bastide looks for updates at all. */
  checks: boolean;
  reason: UpdateReason;
  available: UpdateNotice | null;
  /** Downloaded, and this installation may install it: "Redémarrer pour mettre à jour". */
  readyToInstall: boolean;
}

// ---- Mail: large attachments as links (servers with file hosting) ----

/** What the composer may do with large attachments on an account: offer, or force, a share link instead. */
export interface AttachmentPolicy {
  /** The server can host files and hand out links for this account. */
  linksAvailable: boolean;
  /** Above this size (bytes) the composer offers "send as a link"; null when the server sets no threshold. */
  offerAboveBytes: number | null;
  /** Above this size a file cannot travel as an attachment: it is sent as a link whatever the choice. */
  forceAboveBytes: number | null;
  /** The largest file the server hosts, when it says. */
  maxLinkBytes: number | null;
}

// ---- Mail, offline first: drafts, the outbox, undoable actions, connectivity ----

export interface DraftAttachment {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  /** The user chose to share this file as a link (servers that host files; see `attachments:policy`). */
  sendAsLink?: boolean;
}

/** What the user wrote. Replies and forwards carry the Message-IDs they answer (threading on every client). */
export interface DraftContent {
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  bodyText: string;
  /** Rich text, as the composer produced it; the text body is sent alongside. */
  bodyHtml: string | null;
  attachments: DraftAttachment[];
  inReplyTo: string | null;
  references: string[];
}

/** `editing` while the user writes it; `queued` once sent (it is in the outbox until the server has it). */
export type DraftState = 'editing' | 'queued';

export interface Draft extends DraftContent {
  id: string;
  accountId: string;
  from: MailAddress;
  /** Increases on every save: the composer can tell which save an answer is for. */
  revision: number;
  state: DraftState;
  /** The server's Drafts folder holds this revision (false while offline, or before the first push). */
  savedOnServer: boolean;
  /** Why the last push to the server's Drafts folder failed (`mail.quotaExceeded`…); it is tried again. */
  serverError: ErrorInfo | null;
  updatedAt: string;
}

export type OutboxState = 'queued' | 'sending' | 'failed';

/** A mail waiting to be sent. `failed` ones wait for the user (a refused recipient, too large): see `error`. */
export interface OutboxItem {
  id: string;
  accountId: string;
  draftId: string;
  subject: string;
  to: MailAddress[];
  queuedAt: string;
  state: OutboxState;
  attempts: number;
  /** When the next automatic attempt is due (back-off), for queued items. */
  nextAttemptAt: string | null;
  /** The last failure: `outbox.recipientRejected` (params.recipients), `outbox.tooLarge` (params.limit)… */
  error: ErrorInfo | null;
}

/** Per account: how many mails wait in the outbox (the UI shows the count) and how many need the user. */
export interface OutboxStatus {
  accountId: string;
  queued: number;
  failed: number;
}

/** Whether the core reaches an account's servers right now (per account, never `navigator.onLine`). */
export interface Connectivity {
  accountId: string;
  reachable: boolean;
  /** Why not, when known (`network.unreachable`, `auth.needsSignIn`…). */
  error: ErrorInfo | null;
  /** When the core tries again on its own; null when it waits for the user (a refused password). */
  nextAttemptAt: string | null;
}

/** Returned by undoable actions (move, delete): `mail:undo` with this id reverts the action. */
export interface UndoHandle {
  undoId: string;
}

export type ReplyMode = 'reply' | 'replyAll' | 'forward';

// ---- Files on servers: content, versions, locks, edits that crossed someone else's ----

/** One version of a server document, newest first in lists. */
export interface FileVersion {
  version: string;
  modifiedAt: string;
  modifiedBy: string | null;
  size: number | null;
}

/** A document's versions and who holds a lock on it (a name or an address; null when nobody does). */
export interface FileVersions {
  versions: FileVersion[];
  lockedBy: string | null;
}

/** A file's content crossing to the renderer (base64). */
export interface FileContent {
  name: string;
  mimeType: string | null;
  data: string;
  version: string | null;
}

/**
 * A new version saved, or a conflict: someone else saved first, so the server's version stays and the user's
 * is kept beside it (`keptAs`, e.g. "Rapport (copie locale).odt"). Nothing is lost either way.
 */
export type FileSaveResult =
  { status: 'saved'; file: FileEntry } | { status: 'conflict'; file: FileEntry; keptAs: FileEntry };

// ---- Collaboration: chat attachments, local copies of documents, transfers ----

export interface ChatAttachmentInfo {
  name: string;
  size: number | null;
  /** The document the attachment is on the server, when the store knows it. */
  fileId: string | null;
}

export interface LocalCopyInfo {
  /** Kept on this device for offline use. */
  pinned: boolean;
  /** A copy is on this device (pinned or opened before): it opens offline. */
  cached: boolean;
  /** The copy was changed on this device since it was taken from the server. */
  changed: boolean;
  /** After a conflict: the name of the user's own copy, kept beside the server's. */
  conflictCopy: string | null;
}

export type TransferDirection = 'upload' | 'download';
export type TransferState = 'queued' | 'running' | 'done' | 'failed';

/** A document going to or coming from its server, for progress bars. */
export interface FileTransfer {
  id: string;
  fileId: string | null;
  name: string;
  direction: TransferDirection;
  done: number;
  total: number;
  state: TransferState;
  error?: ErrorInfo;
}

// ---- Desktop: notifications, tray, session start, links from outside (issue 8 §3, §5) ----

export interface DesktopSettings {
  notifyMail: boolean;
  notifyChat: boolean;
  notifyActivity: boolean;
  /** Quiet whatever the presence (a "do not disturb" presence is quiet too). */
  doNotDisturb: boolean;
  /** Closing the window keeps Bastide running in the tray. */
  closeToTray: boolean;
  startWithSession: boolean;
}

/** An OS notification the core decided on; `target` is the `bastide://` link its click opens. */
export interface DesktopNotification {
  id: string;
  app: 'mail' | 'chat' | 'activity';
  title: string;
  body: string;
  target: string;
}

/** A new mail's fields as a `mailto:` link gives them. */
export interface ComposeFields {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  body: string;
}

/** What a link from outside (`bastide://`, `mailto:`, a notification's click) asks the window to open. */
export type AppOpen = { kind: 'link'; link: DeepLink } | { kind: 'compose'; compose: ComposeFields };
