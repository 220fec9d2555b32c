// The control API: what tests use to steer the emulator and read its server-side state (not HTTP).

import { deliverLocally, notifyNewMail } from './delivery.js';
import { type EventBus } from './eventbus.js';
import { newUuid } from './ids.js';
import { type Message, type Recipient, simpleBody, textToHtml } from './mime.js';
import {
  type ApiKey,
  type BlueMindVersion,
  type Folder,
  type Mailbox,
  type MailRecord,
  type SentRecord,
  type User,
} from './model.js';
import {
  DOMAIN,
  PARTITION,
  type EmulatorState,
  type FailureMode,
  type FilehostingSettings,
  type RequestLogEntry,
} from './state.js';

export interface UserInfo {
  login: string;
  uid: string;
  email: string;
  displayName: string;
  /** `null` for the SSO-only account. */
  password: string | null;
  /** `user.<uid>` (brief §4.1). */
  mailboxRoot: string;
  archived: boolean;
}

export interface FolderInfo {
  uid: string;
  internalId: number;
  fullName: string;
}

export interface MailSummary {
  id: number;
  imapUid: number;
  subject: string;
  messageId: string;
  from: string | null;
  to: string[];
  flags: string[];
  headers: { name: string; values: string[] }[];
  text: string;
}

export interface MailSpec {
  /** Login of a seeded user, or an e-mail address, optionally `Name <address>`. */
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  /** Also an HTML alternative (generated from the text when `true`). */
  html?: boolean | string;
  attachments?: { fileName: string; mime: string; content: Buffer | string }[];
  messageId?: string;
  references?: string[];
  date?: Date;
  flags?: string[];
}

export interface BlueMindControl {
  readonly domain: string;
  readonly partition: string;
  users(): UserInfo[];
  user(login: string): UserInfo;
  folders(loginOrShare: string): FolderInfo[];
  folder(loginOrShare: string, fullName: string): FolderInfo;
  /** Switch the emulated server generation (routes, 401 shape, OIDC availability). */
  setVersion(version: BlueMindVersion): void;
  version(): BlueMindVersion;
  /** Emit `MailboxItem.flags` as pre-2020 objects `{flag, value}` (input accepts both forms anyway). */
  setFlagsAsObjects(on: boolean): void;
  /** Drop the sessions of one user (or everyone): their keys now answer 401. API keys are unaffected. */
  expireSessions(login?: string): number;
  sessionCount(login?: string): number;
  /** Moves the emulator clock forward (session idle timeout is 20 min). */
  advanceClock(ms: number): void;
  /** Maintenance: drops every session, logins answer `Bad`, installation state says MAINTENANCE. */
  setMaintenance(on: boolean): void;
  setPasswordExpired(login: string, on: boolean): void;
  setArchived(login: string, on: boolean): void;
  /** The next `count` requests under `pathPrefix` (default `/api/`) fail in the given way. */
  failNext(mode: FailureMode, options?: { count?: number; pathPrefix?: string }): void;
  /** The next Outbox flush ends `InError` with that text, sending nothing. */
  failNextFlush(message?: string): void;
  /** Mail arriving over SMTP from someone else (delivered to local recipients' INBOX, push events). */
  injectMail(spec: MailSpec): { messageId: string; deliveredTo: string[]; external: string[] };
  /** Puts a message directly into a folder (another device saving a draft, filing…). */
  appendMail(loginOrShare: string, fullName: string, spec: MailSpec): MailSummary;
  /** Flag change made by another client. */
  setMailFlags(loginOrShare: string, fullName: string, id: number, change: { add?: string[]; remove?: string[] }): void;
  /** Expunge made by another client. */
  deleteMail(loginOrShare: string, fullName: string, id: number): void;
  moveMail(loginOrShare: string, fromFullName: string, toFullName: string, id: number): number;
  createFolder(loginOrShare: string, fullName: string): FolderInfo;
  mails(loginOrShare: string, fullName: string): MailSummary[];
  /** Where a Message-ID is, in a mailbox: `[{folder, id}]`. */
  findByMessageId(loginOrShare: string, messageId: string): { folder: string; id: number }[];
  /** How many times the server submitted a message with this Message-ID (Outbox flushes). */
  sentCount(messageId: string): number;
  sent(): SentRecord[];
  /** Messages that left for external domains. */
  outbound(): { messageId: string; from: string; recipients: string[]; eml: string }[];
  apiKeys(login: string): ApiKey[];
  filehosting(): FilehostingSettings;
  setFilehosting(settings: Partial<FilehostingSettings>): void;
  /** Shares (public links) created so far. */
  shares(): { url: string; name: string; size: number; downloads: number }[];
  /** Publishes a raw event-bus message. */
  publish(address: string, body: unknown): void;
  /** Terminates every `/eventbus` connection (clients must reconnect and re-register). */
  dropEventbus(): void;
  eventbusConnections(): number;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
}

export function createControl(state: EmulatorState, bus: EventBus): BlueMindControl {
  const userOf = (login: string): User => {
    const u = state.userByLogin(login.includes('@') ? login : `${login}@${DOMAIN}`);
    if (!u) throw new Error(`unknown user ${login}`);
    return u;
  };
  const info = (u: User): UserInfo => ({
    login: u.login,
    uid: u.uid,
    email: u.email,
    displayName: u.displayName,
    password: u.password,
    mailboxRoot: `user.${u.uid}`,
    archived: u.archived,
  });
  const mailboxOf = (who: string): Mailbox => {
    const share = [...state.mailshares.values()].find((s) => s.name === who || s.uid === who);
    const owner = share ? share.uid : userOf(who).uid;
    const m = state.mail.mailboxes.get(owner);
    if (!m) throw new Error(`no mailbox for ${who}`);
    return m;
  };
  const folderOf = (who: string, fullName: string): { mailbox: Mailbox; folder: Folder } => {
    const mailbox = mailboxOf(who);
    const folder = state.mail.folderByName(mailbox, fullName);
    if (!folder) throw new Error(`no folder ${fullName} for ${who}`);
    return { mailbox, folder };
  };
  const folderInfo = (f: Folder): FolderInfo => ({ uid: f.uid, internalId: f.internalId, fullName: f.fullName });
  const address = (who: string, kind: Recipient['kind']): Recipient => {
    const m = /^(.*) <(.+)>$/.exec(who);
    if (m) return { kind, address: m[2] ?? '', dn: m[1] ?? null };
    if (who.includes('@')) {
      const u = state.userByEmail(who);
      return { kind, address: who, dn: u?.displayName ?? null };
    }
    const share = [...state.mailshares.values()].find((s) => s.name === who);
    if (share) return { kind, address: share.email, dn: share.displayName };
    const group = [...state.groups.values()].find((g) => g.name === who);
    if (group) return { kind, address: group.email, dn: group.displayName };
    const u = userOf(who);
    return { kind, address: u.email, dn: u.displayName };
  };
  const messageOf = (spec: MailSpec): Message => ({
    subject: spec.subject,
    date: spec.date?.getTime() ?? state.now(),
    messageId: spec.messageId ?? `<${newUuid()}@${DOMAIN}>`,
    references: spec.references ?? [],
    recipients: [
      address(spec.from, 'Originator'),
      ...spec.to.map((t) => address(t, 'Primary')),
      ...(spec.cc ?? []).map((t) => address(t, 'CarbonCopy')),
    ],
    headers: [],
    root: simpleBody(
      spec.text,
      spec.html === true ? textToHtml(spec.text) : typeof spec.html === 'string' ? spec.html : null,
      (spec.attachments ?? []).map((a) => ({
        ...a,
        content: Buffer.isBuffer(a.content) ? a.content : Buffer.from(a.content),
      })),
    ),
  });
  const summary = (r: MailRecord): MailSummary => {
    const leaves = (n: Message['root']): Message['root'][] => (n.children?.length ? n.children.flatMap(leaves) : [n]);
    const text =
      leaves(r.message.root)
        .find((n) => n.mime === 'text/plain')
        ?.content?.toString('utf8') ?? '';
    return {
      id: r.internalId,
      imapUid: r.imapUid,
      subject: r.message.subject,
      messageId: r.message.messageId,
      from: r.message.recipients.find((x) => x.kind === 'Originator')?.address ?? null,
      to: r.message.recipients.filter((x) => x.kind === 'Primary').map((x) => x.address),
      flags: [...r.flags],
      headers: r.message.headers,
      text,
    };
  };

  return {
    domain: DOMAIN,
    partition: PARTITION,
    users: () => [...state.users.values()].map(info),
    user: (login) => info(userOf(login)),
    folders: (who) => [...mailboxOf(who).folders.values()].map(folderInfo),
    folder: (who, fullName) => folderInfo(folderOf(who, fullName).folder),
    setVersion(version) {
      state.version = version;
    },
    version: () => state.version,
    setFlagsAsObjects(on) {
      state.flagsAsObjects = on;
    },
    expireSessions: (login) => state.expireSessions(login ? userOf(login).uid : undefined),
    sessionCount: (login) =>
      [...state.sessions.values()].filter((s) => !login || s.userUid === userOf(login).uid).length,
    advanceClock(ms) {
      state.advanceClock(ms);
    },
    setMaintenance(on) {
      state.maintenance = on;
      if (on) state.expireSessions();
    },
    setPasswordExpired(login, on) {
      userOf(login).passwordExpired = on;
    },
    setArchived(login, on) {
      userOf(login).archived = on;
    },
    failNext(mode, options = {}) {
      state.failures.push({ mode, pathPrefix: options.pathPrefix ?? '/api/', remaining: options.count ?? 1 });
    },
    failNextFlush(message = 'SMTP error: 451 4.3.0 Temporary server error') {
      state.flushFailures.push(message);
    },
    injectMail(spec) {
      const message = messageOf(spec);
      const rcpts = [...spec.to, ...(spec.cc ?? [])].map((t) => address(t, 'Primary').address);
      const before = new Map([...state.mail.mailboxes.values()].map((m) => [m.ownerUid, countAll(m)]));
      const { external } = deliverLocally(state, message, rcpts);
      const deliveredTo = [...state.mail.mailboxes.values()]
        .filter((m) => countAll(m) > (before.get(m.ownerUid) ?? 0))
        .map((m) => state.userByUid(m.ownerUid)?.login ?? state.mailshares.get(m.ownerUid)?.name ?? m.ownerUid);
      return { messageId: message.messageId, deliveredTo, external };
    },
    appendMail(who, fullName, spec) {
      const { mailbox, folder } = folderOf(who, fullName);
      const r = state.mail.append(mailbox, folder, messageOf(spec), { flags: spec.flags ?? [], author: 'system' });
      state.mail.recordsEvent(mailbox, folder);
      if (fullName === 'INBOX' && mailbox.kind === 'user') notifyNewMail(state, mailbox.ownerUid, r);
      return summary(r);
    },
    setMailFlags(who, fullName, id, change) {
      const { mailbox, folder } = folderOf(who, fullName);
      const r = folder.records.get(id);
      if (!r) throw new Error(`no mail ${id} in ${fullName}`);
      const flags = [...r.flags.filter((f) => !(change.remove ?? []).includes(f)), ...(change.add ?? [])];
      state.mail.setFlags(mailbox, folder, r, flags, 'other-device');
      state.mail.recordsEvent(mailbox, folder);
    },
    deleteMail(who, fullName, id) {
      const { mailbox, folder } = folderOf(who, fullName);
      if (state.mail.expunge(mailbox, folder, id)) state.mail.recordsEvent(mailbox, folder);
    },
    moveMail(who, fromName, toName, id) {
      const from = folderOf(who, fromName);
      const to = folderOf(who, toName);
      const [done] = state.mail.transfer(from, to, [id], true);
      if (!done) throw new Error(`no mail ${id} in ${fromName}`);
      state.mail.recordsEvent(from.mailbox, from.folder);
      state.mail.recordsEvent(to.mailbox, to.folder);
      return done.destination.internalId;
    },
    createFolder(who, fullName) {
      const mailbox = mailboxOf(who);
      const parentName = fullName.includes('/') ? fullName.slice(0, fullName.lastIndexOf('/')) : null;
      const parent = parentName ? state.mail.folderByName(mailbox, parentName) : undefined;
      const existing = state.mail.folderByName(mailbox, fullName);
      if (existing) return folderInfo(existing);
      return folderInfo(
        state.mail.createFolder(mailbox, {
          name: fullName.split('/').pop() ?? fullName,
          fullName,
          parentUid: parent?.uid ?? null,
        }),
      );
    },
    mails: (who, fullName) => [...folderOf(who, fullName).folder.records.values()].map(summary),
    findByMessageId(who, messageId) {
      const out: { folder: string; id: number }[] = [];
      for (const f of mailboxOf(who).folders.values()) {
        for (const r of f.records.values())
          if (r.message.messageId === messageId) out.push({ folder: f.fullName, id: r.internalId });
      }
      return out;
    },
    sentCount: (messageId) => state.sent.filter((s) => s.messageId === messageId).length,
    sent: () => [...state.sent],
    outbound: () => state.outbound.map((o) => ({ ...o, eml: o.eml.toString('utf8') })),
    apiKeys: (login) => [...state.apiKeys.values()].filter((k) => k.subject === userOf(login).uid),
    filehosting: () => ({ ...state.filehosting }),
    setFilehosting(settings) {
      state.filehosting = { ...state.filehosting, ...settings };
    },
    shares: () =>
      [...state.shares.values()].map((s) => ({
        url: `${state.baseUrl}/fh/bm-fh/${s.token}`,
        name: s.name,
        size: s.content.length,
        downloads: s.downloads,
      })),
    publish: (addr, body) => state.publish(addr, body),
    dropEventbus: () => bus.dropAll(),
    eventbusConnections: () => bus.connectionCount(),
    requestLog: () => [...state.requestLog],
    clearRequestLog() {
      state.requestLog.length = 0;
    },
  };
}

function countAll(m: Mailbox): number {
  let n = 0;
  for (const f of m.folders.values()) n += f.records.size;
  return n;
}
