// The unified domain model: what the renderer sees, whatever the back-end.
// Every type here is plain serialisable data (it crosses IPC and the test host's WebSocket).
// Ids are namespaced `<accountId>:<remoteId>`.

export type Capability = 'mail' | 'chat' | 'spaces' | 'files' | 'calendar' | 'directory' | 'activity' | 'presence';

/** An account kind as the core describes it to the renderer (which never names a vendor itself). */
export interface AccountKindInfo {
  id: string;
  label: string;
  capabilities: Capability[];
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
}

export interface MailMessage extends MailSummary {
  cc: MailAddress[];
  bodyText: string;
  bodyHtml: string | null;
  attachments: AttachmentInfo[];
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

export interface ChatMessage {
  id: string;
  conversationId: string;
  author: Person;
  text: string;
  sentAt: string;
  editedAt: string | null;
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
}

export interface SpacePost {
  id: string;
  spaceId: string;
  author: Person;
  text: string;
  postedAt: string;
  likes: number;
  comments: SpaceComment[];
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
