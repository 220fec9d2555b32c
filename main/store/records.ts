// What connectors write into the store: the domain model minus what the store derives (counts, previews,
// resolved people). The account is implied by the sink that receives them. Dates are ISO 8601 strings.
import type {
  AccountState,
  ActivityKind,
  AttachmentInfo,
  Capability,
  ChatDelivery,
  ConversationKind,
  DeepLink,
  FolderRole,
  MailAddress,
  Person,
} from '../core/model';

export interface AccountRecord {
  id: string;
  kindId: string;
  displayName: string;
  address: string;
  /** The account owner in the people table, when the connector knows it. */
  selfPersonId: string | null;
  capabilities: Capability[];
  state: AccountState;
}

export type PersonRecord = Person;

export interface MailFolderRecord {
  id: string;
  name: string;
  path: string;
  role: FolderRole | null;
  parentId: string | null;
}

export interface MailMessageRecord {
  id: string;
  folderId: string;
  threadId: string;
  subject: string;
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  date: string;
  unread: boolean;
  flagged: boolean;
  bodyText: string;
  bodyHtml: string | null;
  attachments: AttachmentInfo[];
  /** Derived from the text body when left out. */
  snippet?: string;
}

export interface ConversationRecord {
  id: string;
  kind: ConversationKind;
  title: string;
  participantIds: string[];
  unread: number;
}

export interface ChatMessageRecord {
  id: string;
  conversationId: string;
  authorId: string;
  text: string;
  sentAt: string;
  editedAt: string | null;
  /** Absent once the server has the message. */
  delivery?: ChatDelivery;
}

export interface SpaceRecord {
  id: string;
  name: string;
  description: string;
  memberCount: number;
  unread: number;
}

export interface CommentRecord {
  id: string;
  authorId: string;
  text: string;
  postedAt: string;
}

export interface PostRecord {
  id: string;
  spaceId: string;
  authorId: string;
  text: string;
  postedAt: string;
  likes: number;
  comments: CommentRecord[];
}

export interface FileRecord {
  id: string;
  parentId: string | null;
  spaceId: string | null;
  name: string;
  kind: 'folder' | 'file';
  size: number | null;
  mimeType: string | null;
  modifiedAt: string;
  modifiedBy: string | null;
}

export interface EventRecord {
  id: string;
  title: string;
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  organizerId: string;
  attendeeIds: string[];
  meetingUrl: string | null;
  description: string;
}

export interface ActivityRecord {
  id: string;
  kind: ActivityKind;
  actorId: string;
  title: string;
  summary: string;
  at: string;
  unread: boolean;
  target: DeepLink;
}
