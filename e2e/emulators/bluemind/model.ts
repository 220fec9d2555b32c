// The emulator's server-side model (what BlueMind core keeps in its database).

import { type Changelog } from './changelog.js';
import { type Message } from './mime.js';

export type BlueMindVersion = '4.8' | '5';

/** Container verbs (brief §4.1 step 2). */
export type Verb = 'Read' | 'Write' | 'Manage' | 'All';

export interface User {
  uid: string;
  login: string;
  domainUid: string;
  displayName: string;
  firstName: string;
  lastName: string;
  email: string;
  aliases: string[];
  /** `null` = no BlueMind password (SSO-only account, brief §2.4). */
  password: string | null;
  /** Password the Keycloak-like login page accepts (defaults to `password`). */
  ssoPassword: string | null;
  roles: string[];
  title: string;
  department: string;
  phone: string;
  archived: boolean;
  passwordExpired: boolean;
  settings: Record<string, string>;
}

export interface Mailshare {
  uid: string;
  name: string;
  displayName: string;
  email: string;
}

export interface Group {
  uid: string;
  name: string;
  displayName: string;
  email: string;
  memberUids: string[];
}

export interface Session {
  sid: string;
  userUid: string;
  domainUid: string;
  origin: string;
  created: number;
  lastAccess: number;
  /** `apikey` = built on the fly from a per-user API key used as `X-BM-ApiKey` (brief §2.3). */
  kind: 'session' | 'apikey';
  restricted: boolean;
}

export interface ApiKey {
  sid: string;
  displayName: string;
  subject: string;
  domainUid: string;
}

export interface MailRecord {
  internalId: number;
  uid: string;
  version: number;
  created: number;
  updated: number;
  createdBy: string;
  updatedBy: string;
  imapUid: number;
  /** IMAP flags, as strings (`\\Seen`, `$Forwarded`, keywords…). */
  flags: string[];
  modSeq: number;
  internalDate: number;
  lastUpdated: number;
  message: Message;
  /** `X-Bm-Draft-Refresh-Date` of the stored draft, if any (brief §4.6 idempotency). */
  refreshDate: string | null;
}

export interface Folder {
  uid: string;
  internalId: number;
  name: string;
  fullName: string;
  parentUid: string | null;
  version: number;
  created: number;
  updated: number;
  ownerUid: string;
  records: Map<number, MailRecord>;
  log: Changelog;
  lastUid: number;
  highestModSeq: number;
  uidValidity: number;
  lastAppendDate: number;
}

export interface Mailbox {
  ownerUid: string;
  kind: 'user' | 'mailshare';
  /** `user.<uid>` or `<mailshareUid>` (brief §4.1). */
  root: string;
  /** `subtree_<domain_>!<root>`. */
  subtreeUid: string;
  hierarchy: Changelog;
  folders: Map<number, Folder>;
  /** Subject uid → verb on `mailbox:acls-<owner>`. */
  acl: Map<string, Verb>;
}

export interface TaskStatus {
  steps: number;
  progress: number;
  lastLogEntry: string;
  state: 'NotStarted' | 'InProgress' | 'InError' | 'Success';
  result: string | null;
}

export interface Task {
  id: string;
  /** Polls that still answer `InProgress` before the final status shows. */
  pendingPolls: number;
  final: TaskStatus;
  logs: string[];
}

export interface SentRecord {
  /** Message-ID header of the submitted message. */
  messageId: string;
  from: string;
  recipients: string[];
  subject: string;
  at: number;
  senderUid: string;
}
