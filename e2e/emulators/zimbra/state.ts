// Server-side state: accounts, mailboxes and the change journal that drives SyncRequest (§4.1), session
// notifications (§4.2) and WaitSets (§4.3). Every mutation runs inside `Mailbox.mutate`, which assigns ONE new
// change id to the whole operation (like a Zimbra transaction), stamps items with `ms`/`md`, keeps typed tombstones
// for deletes, and tells listeners what changed.
import { randomUUID } from 'node:crypto';

export interface Address {
  a: string; // address
  p?: string; // personal name
}

export type AccountStatus = 'active' | 'maintenance' | 'locked' | 'closed';

export interface Account {
  id: string; // UUID
  name: string; // alice@example.test
  local: string; // alice
  password: string;
  displayName: string;
  firstName: string;
  lastName: string;
  title?: string;
  department?: string;
  phone?: string;
  status: AccountStatus;
  mustChangePassword: boolean;
  /** `zimbraAuthTokenValidityValue`: bumping it invalidates outstanding tokens (password change). */
  tokenValidity: number;
  twoFactor?: { code: string; setupRequired: boolean };
  prefs: Record<string, string | string[]>;
  attrs: Record<string, string | string[]>;
}

export type ItemKind = 'folder' | 'message' | 'conversation' | 'contact' | 'appointment' | 'document' | 'tag';

interface ItemBase {
  id: number;
  uuid: string;
  folderId: number;
  flags: string;
  tags: string[];
  /** Change id of the last metadata change (`ms`). */
  ms: number;
  /** Change id of the last content save (`rev`, Zimbra's "saved sequence"). */
  rev: number;
  /** Wall-clock time of the last change, epoch ms (emitted as `md` in SECONDS, §3.3). */
  changedAt: number;
  color?: number;
}

export interface Folder extends ItemBase {
  kind: 'folder';
  name: string;
  view?: 'message' | 'contact' | 'appointment' | 'task' | 'document' | 'conversation';
  system: boolean;
  /** IMAP-ish counters reported by GetFolder (`i4ms`, `i4next`). */
  i4next: number;
}

export interface Attachment {
  filename: string;
  ct: string;
  content: Buffer;
  contentId?: string;
  inline?: boolean;
}

export interface Message extends ItemBase {
  kind: 'message';
  convId: number | null; // null = virtual conversation `-<id>` (§3.2)
  date: number; // received, ms
  sentDate: number; // Date header, ms
  subject: string;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo?: Address;
  messageId: string;
  inReplyTo?: string;
  text: string;
  html?: string;
  attachments: Attachment[];
  origId?: number;
  replyType?: 'r' | 'w';
  identityId?: string;
  autoSendTime?: number;
}

export interface Conversation extends ItemBase {
  kind: 'conversation';
  subject: string;
}

export interface Contact extends ItemBase {
  kind: 'contact';
  attrs: Record<string, string>;
}

export interface LocalDateTime {
  y: number;
  mo: number; // 1-12
  d: number;
  h: number;
  mi: number;
}

export interface Recurrence {
  freq: 'DAILY' | 'WEEKLY';
  interval?: number;
  /** ISO weekdays (1 = Monday … 7 = Sunday) for WEEKLY/DAILY filtering. */
  byDay?: number[];
  count?: number;
  /** Last local date (inclusive) of the series. */
  until?: { y: number; mo: number; d: number };
}

export interface Appointment extends ItemBase {
  kind: 'appointment';
  invId: number;
  uid: string;
  name: string;
  location: string;
  description: string;
  tz: string; // IANA id
  start: LocalDateTime; // local time in `tz`
  durationMs: number;
  allDay: boolean;
  recur?: Recurrence;
  fba: 'F' | 'B' | 'T' | 'U';
  transp: 'O' | 'T';
  status: 'TENT' | 'CONF' | 'CANC';
  ptst: 'NE' | 'TE' | 'AC' | 'DE' | 'DG';
  organizer: Address;
  attendees: Address[];
  alarmMinutes?: number;
}

export interface DocVersion {
  ver: number;
  content: Buffer;
  ct: string;
  date: number; // ms
  editor: { id: string; email: string; name: string };
  desc?: string;
}

export interface DocLock {
  ownerId: string;
  email: string;
  time: number;
}

export interface Document extends ItemBase {
  kind: 'document';
  name: string;
  createdAt: number;
  creator: string; // email
  versions: DocVersion[];
  descEnabled: boolean;
  lock?: DocLock;
}

export interface Tag extends ItemBase {
  kind: 'tag';
  name: string;
}

export type Item = Folder | Message | Conversation | Contact | Appointment | Document | Tag;

export interface Tombstone {
  changeId: number;
  at: number;
  id: number;
  kind: ItemKind;
}

/** What one `mutate` call changed; consumed by sessions, WaitSets and long-polls. */
export interface ChangeSet {
  changeId: number;
  created: Item[];
  modified: { item: Item; fields: Set<string> }[];
  deleted: { id: number; kind: ItemKind }[];
  /** Folders whose counts (`u`, `n`, `s`) changed: reported as `modified.folder[{id, u, n, s}]`. */
  folderCounts: Set<number>;
  /** Whether the mailbox size changed (`modified.mbx[{s}]`). */
  sizeChanged: boolean;
}

export interface SentRecord {
  id: number | null; // Sent copy id (null with noSave)
  suid?: string;
  at: number;
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  text: string;
  html?: string;
  attachments: { filename: string; ct: string; size: number }[];
  messageId: string;
  origId?: number;
  replyType?: 'r' | 'w';
  draftId?: number;
}

export const FOLDER = {
  ROOT: 1,
  INBOX: 2,
  TRASH: 3,
  JUNK: 4,
  SENT: 5,
  DRAFTS: 6,
  CONTACTS: 7,
  TAGS: 8,
  CONVERSATIONS: 9,
  CALENDAR: 10,
  MAILBOX_ROOT: 11,
  EMAILED_CONTACTS: 13,
  CHATS: 14,
  TASKS: 15,
  BRIEFCASE: 16,
} as const;

/** Tombstones older than this make a sync token too old (`tombstone_max_age_ms`, 3 months, §4.1). */
export const TOMBSTONE_MAX_AGE_MS = 90 * 24 * 3600 * 1000;

export type MutationTx = {
  readonly changeId: number;
  readonly now: number;
  nextId(): number;
  create<T extends Item>(item: T): T;
  /** Mark metadata fields changed (`f`, `l`, `tn`, `name`…); `content` also bumps `rev` (saved sequence). */
  touch(item: Item, fields: string[], content?: boolean): void;
  remove(item: Item): void;
  /** Record that an item left `folderId` (moves): its counts change too. */
  countsChanged(folderId: number): void;
};

export class Mailbox {
  readonly items = new Map<number, Item>();
  readonly tombstones: Tombstone[] = [];
  readonly sent: SentRecord[] = [];
  /** In-memory send-UID cache: last 5 `suid`s (§3.6, `MAX_SEND_UID_CACHE = 5`). */
  readonly sendUids: { suid: string; msgId: number | null }[] = [];
  readonly inFlightSends = new Set<string>();
  changeId: number;
  /** Tokens below this change id get `mail.MUST_RESYNC`. */
  tombstoneHorizon = 0;
  private nextItemId = 257;
  private readonly listeners = new Set<(change: ChangeSet) => void>();

  constructor(
    readonly account: Account,
    private readonly clock: () => number,
    firstChangeId: number,
  ) {
    this.changeId = firstChangeId;
  }

  allocateId(): number {
    return this.nextItemId++;
  }

  get<T extends Item['kind']>(id: number, kind?: T): Extract<Item, { kind: T }> | undefined {
    const item = this.items.get(id);
    if (!item) return undefined;
    if (kind && item.kind !== kind) return undefined;
    return item as Extract<Item, { kind: T }>;
  }

  folder(id: number): Folder | undefined {
    return this.get(id, 'folder');
  }

  list<T extends Item['kind']>(kind: T): Extract<Item, { kind: T }>[] {
    const out: Extract<Item, { kind: T }>[] = [];
    for (const item of this.items.values()) if (item.kind === kind) out.push(item as Extract<Item, { kind: T }>);
    return out;
  }

  onChange(listener: (change: ChangeSet) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Mailbox size in bytes (`s` in SyncResponse, `mbx.s` in notifications). */
  size(): number {
    let total = 0;
    for (const item of this.items.values()) total += itemSize(item);
    return total;
  }

  /** Runs one server-side operation as a single change id. */
  mutate<R>(fn: (tx: MutationTx) => R): R {
    const now = this.clock();
    const changeId = this.changeId + 1;
    const change: ChangeSet = {
      changeId,
      created: [],
      modified: [],
      deleted: [],
      folderCounts: new Set(),
      sizeChanged: false,
    };
    const counted = (item: Item) => item.kind !== 'folder' && item.kind !== 'tag' && item.kind !== 'conversation';
    const modified = new Map<number, { item: Item; fields: Set<string> }>();
    const tx: MutationTx = {
      changeId,
      now,
      nextId: () => this.allocateId(),
      create: (item) => {
        item.ms = changeId;
        item.rev = changeId;
        item.changedAt = now;
        this.items.set(item.id, item);
        change.created.push(item);
        if (counted(item)) {
          change.folderCounts.add(item.folderId);
          change.sizeChanged = true;
        }
        return item;
      },
      touch: (item, fields, content = false) => {
        item.ms = changeId;
        item.changedAt = now;
        if (content) item.rev = changeId;
        if (counted(item) && (content || fields.includes('f') || fields.includes('l'))) {
          change.folderCounts.add(item.folderId);
          if (content) change.sizeChanged = true;
        }
        if (change.created.includes(item)) return;
        let entry = modified.get(item.id);
        if (!entry) {
          entry = { item, fields: new Set() };
          modified.set(item.id, entry);
        }
        for (const f of fields) entry.fields.add(f);
        if (content) entry.fields.add('content');
      },
      remove: (item) => {
        this.items.delete(item.id);
        modified.delete(item.id);
        const idx = change.created.indexOf(item);
        if (idx >= 0) change.created.splice(idx, 1);
        else change.deleted.push({ id: item.id, kind: item.kind });
        this.tombstones.push({ changeId, at: now, id: item.id, kind: item.kind });
        if (counted(item)) {
          change.folderCounts.add(item.folderId);
          change.sizeChanged = true;
        }
      },
      countsChanged: (folderId) => {
        change.folderCounts.add(folderId);
      },
    };
    // Not transactional: if `fn` throws half-way, what it already changed is still committed (and notified),
    // so item stamps and the change counter never disagree.
    try {
      return fn(tx);
    } finally {
      change.modified = [...modified.values()];
      if (change.created.length + change.modified.length + change.deleted.length > 0) {
        this.changeId = changeId;
        for (const listener of [...this.listeners]) listener(change);
      }
    }
  }

  /** Drops tombstones older than the horizon (3 months by default) and returns the resulting resync horizon. */
  purgeTombstones(): number {
    const limit = this.clock() - TOMBSTONE_MAX_AGE_MS;
    while (this.tombstones.length > 0 && this.tombstones[0]!.at < limit) {
      const t = this.tombstones.shift()!;
      this.tombstoneHorizon = Math.max(this.tombstoneHorizon, t.changeId);
    }
    return this.tombstoneHorizon;
  }

  /** Control: expire every tombstone now, so any token older than the current change id must resync. */
  expireAllTombstones(): void {
    this.tombstones.length = 0;
    this.tombstoneHorizon = this.changeId;
  }

  rememberSendUid(suid: string, msgId: number | null): void {
    this.sendUids.push({ suid, msgId });
    while (this.sendUids.length > 5) this.sendUids.shift();
  }
}

export function itemSize(item: Item): number {
  switch (item.kind) {
    case 'message':
      return messageSize(item);
    case 'document':
      return item.versions.at(-1)?.content.length ?? 0;
    case 'contact':
      return JSON.stringify(item.attrs).length;
    case 'appointment':
      return 600 + item.description.length;
    default:
      return 0;
  }
}

export function messageSize(m: Message): number {
  let s = 400 + Buffer.byteLength(m.subject) + Buffer.byteLength(m.text) + Buffer.byteLength(m.html ?? '');
  for (const a of m.attachments) s += Math.ceil((a.content.length * 4) / 3) + 200;
  return s;
}

export function newUuid(): string {
  return randomUUID();
}

export function displayOf(addr: Address): string {
  return addr.p ? `"${addr.p}" <${addr.a}>` : addr.a;
}

export function hasFlag(item: { flags: string }, flag: string): boolean {
  return item.flags.includes(flag);
}

export function setFlag(item: { flags: string }, flag: string, on: boolean): boolean {
  const has = item.flags.includes(flag);
  if (has === on) return false;
  item.flags = on ? item.flags + flag : item.flags.replaceAll(flag, '');
  return true;
}
