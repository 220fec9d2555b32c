// Test-side control of the emulator (a TypeScript object, not HTTP): auth and feature switches, server-side
// changes made "as another user" (which wake NoOp long-polls and WaitSets), sync horizon, failure injection,
// and read access to server state for assertions.
import { utcToLocal } from './calendar';
import type { Push } from './push';
import { addMessage, deterministicUuid, newDocument, newFolder, type GalEntry } from './seed';
import {
  FOLDER,
  setFlag,
  type AccountStatus,
  type Address,
  type Appointment,
  type Folder,
  type LocalDateTime,
  type Recurrence,
  type SentRecord,
} from './state';
import { folderPath } from './render';
import type { FailureSpec, RequestLogEntry, World } from './world';

export interface InjectedMessage {
  from?: Address | string;
  to?: (Address | string)[];
  cc?: (Address | string)[];
  subject: string;
  text: string;
  html?: string;
  attachments?: { filename: string; ct: string; content: string | Buffer }[];
  folderId?: number;
  /** Message flags, default `u` (unread). */
  flags?: string;
  /** Message-ID this one replies to: joins (or creates) its conversation. */
  inReplyTo?: string;
  date?: Date;
}

export interface InjectedAppointment {
  name: string;
  /** Wall-clock start in `tz`, or an instant. */
  start: LocalDateTime | Date;
  durationMinutes?: number;
  tz?: string;
  location?: string;
  description?: string;
  allDay?: boolean;
  recur?: Recurrence;
  organizer?: Address | string;
  attendees?: (Address | string)[];
  status?: Appointment['status'];
  fba?: Appointment['fba'];
  folderId?: number;
}

export interface DocumentState {
  id: number;
  name: string;
  folderId: number;
  path: string;
  versions: {
    ver: number;
    size: number;
    ct: string;
    content: Buffer;
    text: string;
    editor: string;
    date: Date;
    desc?: string;
  }[];
  lock?: { owner: string; time: Date };
}

export interface MessageState {
  id: number;
  folderId: number;
  convId: string;
  subject: string;
  flags: string;
  from: string;
  to: string[];
  date: Date;
  messageId: string;
}

export interface ZimbraControl {
  readonly domain: string;
  accountId(user: string): string;
  /** Moves the server clock (token lifetimes, upload expiry, session idle, tombstone age). */
  advanceClock(ms: number): void;

  // ---- auth ----
  /** Every outstanding token of the user now gets `service.AUTH_EXPIRED` (or AUTH_REQUIRED with voidOnExpired). */
  expireTokens(user: string): void;
  /** Requires 2FA at login; returns the code the user must type (default "123456"). */
  requireTwoFactor(user: string, opts?: { code?: string; setupRequired?: boolean }): string;
  disableTwoFactor(user: string): void;
  revokeTrustedDevices(user: string): void;
  /** Changes the password; outstanding tokens stop working. */
  setPassword(user: string, password: string): void;
  setAccountStatus(user: string, status: AccountStatus): void;
  requirePasswordChange(user: string, on?: boolean): void;
  setClearTextPasswordAllowed(on: boolean): void;
  setCsrfCheckEnabled(on: boolean): void;

  // ---- features ----
  setChatEnabled(user: string, on: boolean): void;
  setAccountAttr(user: string, name: string, value: string): void;
  setPref(user: string, name: string, value: string): void;
  /** When false, `NoOpRequest wait=1` answers `waitDisallowed: true`. */
  setWaitAllowed(on: boolean): void;
  /** Delay each SendMsgRequest (to exercise the in-flight `suid` fault). */
  setSendDelay(ms: number): void;

  // ---- server-side changes ----
  deliverMessage(user: string, msg: InjectedMessage): { id: number; messageId: string };
  createFolder(user: string, f: { name: string; parentId?: number; view?: Folder['view'] }): number;
  renameFolder(user: string, id: number, name: string): void;
  deleteItem(user: string, id: number): void;
  moveItem(user: string, id: number, folderId: number): void;
  setMessageFlags(user: string, id: number, flags: { read?: boolean; flagged?: boolean }): void;
  createDocument(
    user: string,
    d: { name: string; content: string | Buffer; ct?: string; folderId?: number; by?: string },
  ): { id: number; ver: number };
  /** Saves a new version as another user would (default editor: bob, or alice for bob's documents). */
  saveDocumentVersion(
    user: string,
    docId: number,
    v: { content: string | Buffer; ct?: string; by?: string; desc?: string },
  ): number;
  lockDocument(user: string, docId: number, by: string): void;
  unlockDocument(user: string, docId: number): void;
  addAppointment(user: string, a: InjectedAppointment): number;
  addGalEntry(e: {
    email: string;
    fullName: string;
    firstName?: string;
    lastName?: string;
    type?: GalEntry['type'];
  }): void;
  removeGalEntry(email: string): void;

  // ---- sync / push ----
  /** Expires every tombstone: any sync token older than now gets `mail.MUST_RESYNC`. */
  expireTombstones(user: string): void;
  /** Simulates a notification overflow: sessions get a `refresh` instead of `notify`. */
  forceRefresh(user: string): void;
  expireSessions(user: string): void;
  destroyWaitSets(user: string): void;
  sessionCount(user: string): number;
  waitSets(user: string): string[];
  changeId(user: string): number;

  // ---- failures ----
  /** The next `count` matching requests fail as described. */
  failNext(spec: FailureSpec, count?: number): void;
  clearFailures(): void;

  // ---- state ----
  documents(user: string): DocumentState[];
  document(user: string, idOrName: number | string): DocumentState | undefined;
  sentMessages(user: string): SentRecord[];
  messages(user: string, folderId?: number): MessageState[];
  appointments(user: string): { id: number; name: string; tz: string; start: LocalDateTime; allDay: boolean }[];
  pendingUploads(): number;
  requests(): RequestLogEntry[];
}

function toAddress(world: World, v: Address | string): Address {
  if (typeof v !== 'string') return v;
  const a = world.findAccount(v);
  return a ? { a: a.name, p: a.displayName } : { a: v };
}

export function createControl(world: World, push: Push): ZimbraControl {
  const mbox = (user: string) => world.mailbox(user);
  const editorOf = (by: string) => {
    const a = world.findAccount(by);
    return a
      ? { id: a.id, email: a.name, name: a.displayName }
      : { id: deterministicUuid(`ext:${by}`), email: by, name: by };
  };
  const docState = (user: string, id: number): DocumentState | undefined => {
    const m = mbox(user);
    const d = m.get(id, 'document');
    if (!d) return undefined;
    const f = m.folder(d.folderId);
    return {
      id: d.id,
      name: d.name,
      folderId: d.folderId,
      path: `${f ? folderPath(m, f) : ''}/${d.name}`,
      versions: d.versions.map((v) => ({
        ver: v.ver,
        size: v.content.length,
        ct: v.ct,
        content: v.content,
        text: v.content.toString('utf8'),
        editor: v.editor.email,
        date: new Date(v.date),
        desc: v.desc,
      })),
      lock: d.lock ? { owner: d.lock.email, time: new Date(d.lock.time) } : undefined,
    };
  };

  return {
    domain: world.config.domain,
    accountId: (user) => world.account(user).id,
    advanceClock: (ms) => {
      world.clockOffsetMs += ms;
    },

    expireTokens: (user) => {
      const id = world.account(user).id;
      for (const t of world.tokens.values()) if (t.accountId === id) t.revoked = true;
    },
    requireTwoFactor: (user, opts = {}) => {
      const code = opts.code ?? '123456';
      const a = world.account(user);
      a.twoFactor = { code, setupRequired: opts.setupRequired ?? false };
      a.attrs.zimbraFeatureTwoFactorAuthAvailable = 'TRUE';
      a.attrs.zimbraFeatureTwoFactorAuthRequired = 'TRUE';
      return code;
    },
    disableTwoFactor: (user) => {
      const a = world.account(user);
      a.twoFactor = undefined;
      a.attrs.zimbraFeatureTwoFactorAuthRequired = 'FALSE';
    },
    revokeTrustedDevices: (user) => {
      const id = world.account(user).id;
      for (const t of world.trusted.values()) if (t.accountId === id) t.revoked = true;
    },
    setPassword: (user, password) => {
      const a = world.account(user);
      a.password = password;
      a.tokenValidity += 1;
    },
    setAccountStatus: (user, status) => {
      world.account(user).status = status;
    },
    requirePasswordChange: (user, on = true) => {
      world.account(user).mustChangePassword = on;
    },
    setClearTextPasswordAllowed: (on) => {
      world.config.clearTextPasswordAllowed = on;
    },
    setCsrfCheckEnabled: (on) => {
      world.config.csrfCheckEnabled = on;
    },

    setChatEnabled: (user, on) => {
      world.account(user).attrs.zimbraFeatureChatEnabled = on ? 'TRUE' : 'FALSE';
    },
    setAccountAttr: (user, name, value) => {
      world.account(user).attrs[name] = value;
    },
    setPref: (user, name, value) => {
      world.account(user).prefs[name] = value;
    },
    setWaitAllowed: (on) => {
      world.waitAllowed = on;
    },
    setSendDelay: (ms) => {
      world.sendDelayMs = ms;
    },

    deliverMessage: (user, msg) => {
      const m = mbox(user);
      const created = m.mutate((tx) =>
        addMessage(m, tx, {
          folderId: msg.folderId ?? FOLDER.INBOX,
          from: toAddress(world, msg.from ?? 'bob'),
          to: (msg.to ?? [user]).map((x) => toAddress(world, x)),
          cc: (msg.cc ?? []).map((x) => toAddress(world, x)),
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          date: msg.date?.getTime() ?? tx.now,
          flags: msg.flags ?? 'u',
          attachments: (msg.attachments ?? []).map((a) => ({
            filename: a.filename,
            ct: a.ct,
            content: Buffer.from(a.content),
          })),
          inReplyTo: msg.inReplyTo,
        }),
      );
      return { id: created.id, messageId: created.messageId };
    },
    createFolder: (user, f) => {
      const m = mbox(user);
      return m.mutate((tx) => newFolder(m, tx, f.name, f.parentId ?? FOLDER.ROOT, f.view ?? 'message').id);
    },
    renameFolder: (user, id, name) => {
      const m = mbox(user);
      const f = m.folder(id);
      if (!f) throw new Error(`no folder ${id}`);
      m.mutate((tx) => {
        f.name = name;
        tx.touch(f, ['name']);
      });
    },
    deleteItem: (user, id) => {
      const m = mbox(user);
      const item = m.items.get(id);
      if (!item) throw new Error(`no item ${id}`);
      m.mutate((tx) => tx.remove(item));
    },
    moveItem: (user, id, folderId) => {
      const m = mbox(user);
      const item = m.items.get(id);
      if (!item) throw new Error(`no item ${id}`);
      m.mutate((tx) => {
        tx.countsChanged(item.folderId);
        item.folderId = folderId;
        tx.touch(item, ['l']);
      });
    },
    setMessageFlags: (user, id, flags) => {
      const m = mbox(user);
      const msg = m.get(id, 'message');
      if (!msg) throw new Error(`no message ${id}`);
      m.mutate((tx) => {
        let changed = false;
        if (flags.read !== undefined) changed = setFlag(msg, 'u', !flags.read) || changed;
        if (flags.flagged !== undefined) changed = setFlag(msg, 'f', flags.flagged) || changed;
        if (changed) tx.touch(msg, ['f']);
      });
    },
    createDocument: (user, d) => {
      const m = mbox(user);
      const doc = m.mutate((tx) =>
        newDocument(m, tx, d.folderId ?? FOLDER.BRIEFCASE, d.name, [
          { content: Buffer.from(d.content), ct: d.ct ?? 'text/plain', date: tx.now, editor: editorOf(d.by ?? user) },
        ]),
      );
      return { id: doc.id, ver: 1 };
    },
    saveDocumentVersion: (user, docId, v) => {
      const m = mbox(user);
      const doc = m.get(docId, 'document');
      if (!doc) throw new Error(`no document ${docId}`);
      const by = v.by ?? (world.account(user).local === 'bob' ? 'alice' : 'bob');
      return m.mutate((tx) => {
        const ver = doc.versions.at(-1)!.ver + 1;
        doc.versions.push({
          ver,
          content: Buffer.from(v.content),
          ct: v.ct ?? doc.versions.at(-1)!.ct,
          date: tx.now,
          editor: editorOf(by),
          desc: v.desc,
        });
        if (!doc.flags.includes('/')) doc.flags += '/';
        tx.touch(doc, ['f'], true);
        return ver;
      });
    },
    lockDocument: (user, docId, by) => {
      const m = mbox(user);
      const doc = m.get(docId, 'document');
      if (!doc) throw new Error(`no document ${docId}`);
      const e = editorOf(by);
      m.mutate((tx) => {
        doc.lock = { ownerId: e.id, email: e.email, time: tx.now };
        tx.touch(doc, ['lock']);
      });
    },
    unlockDocument: (user, docId) => {
      const m = mbox(user);
      const doc = m.get(docId, 'document');
      if (!doc) throw new Error(`no document ${docId}`);
      m.mutate((tx) => {
        doc.lock = undefined;
        tx.touch(doc, ['lock']);
      });
    },
    addAppointment: (user, a) => {
      const m = mbox(user);
      const tz = a.tz ?? 'Europe/Paris';
      const start: LocalDateTime = a.start instanceof Date ? utcToLocal(tz, a.start.getTime()) : a.start;
      const me = world.account(user);
      return m.mutate((tx) => {
        const id = tx.nextId();
        const invId = tx.nextId();
        return tx.create<Appointment>({
          id,
          uuid: deterministicUuid(`${me.id}:${id}`),
          folderId: a.folderId ?? FOLDER.CALENDAR,
          flags: '',
          tags: [],
          ms: 0,
          rev: 0,
          changedAt: 0,
          kind: 'appointment',
          invId,
          uid: deterministicUuid(`appt:${a.name}:${id}`),
          name: a.name,
          location: a.location ?? '',
          description: a.description ?? '',
          tz,
          start,
          durationMs: a.allDay ? 86400_000 : (a.durationMinutes ?? 60) * 60_000,
          allDay: a.allDay ?? false,
          recur: a.recur,
          fba: a.fba ?? 'B',
          transp: 'O',
          status: a.status ?? 'CONF',
          ptst: 'AC',
          organizer: toAddress(world, a.organizer ?? user),
          attendees: (a.attendees ?? []).map((x) => toAddress(world, x)),
        }).id;
      });
    },
    addGalEntry: (e) => {
      world.galChange += 1;
      const existing = world.gal.find((g) => g.email === e.email);
      if (existing) Object.assign(existing, e, { deleted: false, changed: world.galChange });
      else
        world.gal.push({
          id: `uid=${e.email.split('@')[0]},ou=people,dc=example,dc=test`,
          type: 'account',
          ...e,
          changed: world.galChange,
        });
    },
    removeGalEntry: (email) => {
      const g = world.gal.find((x) => x.email === email);
      if (!g) throw new Error(`no GAL entry ${email}`);
      world.galChange += 1;
      g.deleted = true;
      g.changed = world.galChange;
    },

    expireTombstones: (user) => mbox(user).expireAllTombstones(),
    forceRefresh: (user) => push.forceRefresh(world.account(user).id),
    expireSessions: (user) => push.expireSessions(world.account(user).id),
    destroyWaitSets: (user) => push.destroyWaitSetsOf(world.account(user).id),
    sessionCount: (user) => push.sessionCount(world.account(user).id),
    waitSets: (user) => push.waitSetIds(world.account(user).id),
    changeId: (user) => mbox(user).changeId,

    failNext: (spec, count = 1) => {
      world.failures.push({ ...spec, remaining: count });
    },
    clearFailures: () => {
      world.failures.length = 0;
    },

    documents: (user) =>
      mbox(user)
        .list('document')
        .map((d) => docState(user, d.id)!)
        .sort((a, b) => a.id - b.id),
    document: (user, idOrName) => {
      if (typeof idOrName === 'number') return docState(user, idOrName);
      const d = mbox(user)
        .list('document')
        .find((x) => x.name === idOrName);
      return d ? docState(user, d.id) : undefined;
    },
    sentMessages: (user) => [...mbox(user).sent],
    messages: (user, folderId) =>
      mbox(user)
        .list('message')
        .filter((m) => folderId === undefined || m.folderId === folderId)
        .sort((a, b) => a.id - b.id)
        .map((m) => ({
          id: m.id,
          folderId: m.folderId,
          convId: m.convId === null ? `-${m.id}` : String(m.convId),
          subject: m.subject,
          flags: m.flags,
          from: m.from.a,
          to: m.to.map((t) => t.a),
          date: new Date(m.date),
          messageId: m.messageId,
        })),
    appointments: (user) =>
      mbox(user)
        .list('appointment')
        .map((a) => ({ id: a.id, name: a.name, tz: a.tz, start: a.start, allDay: a.allDay })),
    pendingUploads: () => {
      world.purgeUploads();
      return world.uploads.size;
    },
    requests: () => [...world.log],
  };
}
