// Item → JSON encoders with the shapes and units real servers use: ids are strings, counts/dates numbers;
// message `d`/`sd` in MILLISECONDS, change date `md` in SECONDS (§3.3, §9.3 #4); subjects/fragments as plain
// strings (`su`, `fr`, `mid`, §1.2); conversation ids negative for single-message conversations (§3.2).
import { expandInstances, type Instance } from './calendar';
import { partTree, type MimePart } from './mime';
import {
  FOLDER,
  hasFlag,
  itemSize,
  type Address,
  type Appointment,
  type Contact,
  type Document,
  type Folder,
  type Item,
  type Mailbox,
  type Message,
  type Tag,
} from './state';
import type { JsonObject } from './values';

export const seconds = (ms: number): number => Math.floor(ms / 1000);

export function convIdOf(m: Message): string {
  return m.convId === null ? `-${m.id}` : String(m.convId);
}

export function fragment(s: string, max = 150): string {
  const flat = s
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function shortName(a: Address): string {
  if (a.p) return a.p.split(/\s+/)[0]!;
  return a.a.split('@')[0]!;
}

export function addr(a: Address, t: string): JsonObject {
  const out: JsonObject = { a: a.a, d: shortName(a) };
  if (a.p) out.p = a.p;
  out.t = t;
  return out;
}

function tagNames(mbox: Mailbox, item: Item): string | undefined {
  return item.tags.length > 0 ? item.tags.join(',') : undefined;
}

export function folderPath(mbox: Mailbox, f: Folder): string {
  if (f.id === FOLDER.ROOT) return '/';
  const names: string[] = [];
  let cur: Folder | undefined = f;
  while (cur && cur.id !== FOLDER.ROOT && cur.id !== FOLDER.MAILBOX_ROOT) {
    names.unshift(cur.name);
    cur = mbox.folder(cur.folderId);
  }
  return `/${names.join('/')}`;
}

export function folderCounts(mbox: Mailbox, folderId: number): { n: number; u: number; s: number } {
  let n = 0;
  let u = 0;
  let s = 0;
  for (const item of mbox.items.values()) {
    if (item.folderId !== folderId) continue;
    if (item.kind === 'folder' || item.kind === 'conversation' || item.kind === 'tag') continue;
    n += 1;
    s += itemSize(item);
    if (item.kind === 'message' && hasFlag(item, 'u')) u += 1;
  }
  return { n, u, s };
}

/** One folder's attributes (no children). */
export function folderAttrs(mbox: Mailbox, f: Folder): JsonObject {
  const parent = mbox.folder(f.folderId);
  const counts = folderCounts(mbox, f.id);
  const out: JsonObject = {
    id: String(f.id),
    uuid: f.uuid,
    name: f.name,
    absFolderPath: folderPath(mbox, f),
    l: String(f.folderId),
  };
  if (parent) out.luuid = parent.uuid;
  if (f.system) out.deletable = false;
  if (f.flags) out.f = f.flags;
  if (f.color !== undefined) out.color = f.color;
  if (f.view) out.view = f.view;
  if (f.view === 'message' || counts.u > 0) out.u = counts.u;
  out.n = counts.n;
  out.s = counts.s;
  out.rev = f.rev;
  out.ms = f.ms;
  out.md = seconds(f.changedAt);
  if (f.view === 'message') {
    out.webOfflineSyncDays = 30;
    out.i4ms = f.ms;
    out.i4next = f.i4next;
  }
  out.activesyncdisabled = false;
  return out;
}

export interface TreeOptions {
  view?: string;
  depth?: number; // -1 = unlimited
}

function subtreeHasView(mbox: Mailbox, f: Folder, view: string): boolean {
  if (f.view === view) return true;
  return childFolders(mbox, f.id).some((c) => subtreeHasView(mbox, c, view));
}

export function childFolders(mbox: Mailbox, parentId: number): Folder[] {
  return mbox
    .list('folder')
    .filter((c) => c.folderId === parentId && c.id !== parentId)
    .sort((a, b) => a.id - b.id);
}

/** GetFolderResponse tree from `root` (§3.1): nested `folder` arrays; `view` keeps matching folders and ancestors. */
export function folderTree(mbox: Mailbox, root: Folder, opts: TreeOptions, level = 0): JsonObject {
  const out = folderAttrs(mbox, root);
  if (opts.depth !== undefined && opts.depth >= 0 && level >= opts.depth) return out;
  const kids = childFolders(mbox, root.id).filter((c) => !opts.view || subtreeHasView(mbox, c, opts.view));
  if (kids.length > 0) out.folder = kids.map((c) => folderTree(mbox, c, opts, level + 1));
  return out;
}

export function tagJson(t: Tag): JsonObject {
  const out: JsonObject = { id: String(t.id), name: t.name };
  if (t.color !== undefined) out.color = t.color;
  return out;
}

export function messageRecipients(m: Message, recip: number): JsonObject[] {
  const from = addr(m.from, 'f');
  const to = m.to.map((a) => addr(a, 't'));
  if (recip === 1) return to;
  if (recip === 2) return [from, ...to];
  return [from];
}

/** Message summary as in SearchResponse `m[]` hits and notify `created.m[]` (§3.2, F13). */
export function messageHit(mbox: Mailbox, m: Message, opts: { recip?: number; sf?: string } = {}): JsonObject {
  const out: JsonObject = { id: String(m.id), cid: convIdOf(m), l: String(m.folderId) };
  if (m.flags) out.f = m.flags;
  const tn = tagNames(mbox, m);
  if (tn) out.tn = tn;
  out.s = itemSize(m);
  out.d = m.date;
  if (opts.sf !== undefined) out.sf = opts.sf;
  out.rev = m.rev;
  out.md = seconds(m.changedAt);
  out.ms = m.ms;
  out.e = messageRecipients(m, opts.recip ?? 0);
  out.su = m.subject;
  out.fr = fragment(m.text);
  return out;
}

export interface FullMessageOptions {
  html?: boolean;
  max?: number;
  neuter?: boolean;
  part?: string;
  headers?: string[];
}

/** Full message as in GetMsgResponse `m[0]` (§3.3, F7): all addresses with `t`, `mid`, `sd`, and `mp[]`. */
export function messageFull(mbox: Mailbox, m: Message, opts: FullMessageOptions): JsonObject {
  const out: JsonObject = { id: String(m.id), cid: convIdOf(m), l: String(m.folderId) };
  if (m.flags) out.f = m.flags;
  const tn = tagNames(mbox, m);
  if (tn) out.tn = tn;
  out.s = itemSize(m);
  out.rev = m.rev;
  out.d = m.date;
  out.sd = m.sentDate;
  out.md = seconds(m.changedAt);
  out.ms = m.ms;
  out.su = m.subject;
  out.fr = fragment(m.text);
  out.mid = m.messageId;
  if (m.inReplyTo) out.irt = m.inReplyTo;
  if (m.origId !== undefined) out.origid = String(m.origId);
  if (m.replyType) out.rt = m.replyType;
  if (m.autoSendTime !== undefined) out.autoSendTime = m.autoSendTime;
  if (m.identityId) out.idnt = m.identityId;
  out.e = [
    addr(m.from, 'f'),
    ...m.to.map((a) => addr(a, 't')),
    ...m.cc.map((a) => addr(a, 'c')),
    ...m.bcc.map((a) => addr(a, 'b')),
    ...(m.replyTo ? [addr(m.replyTo, 'r')] : []),
  ];
  if (opts.headers && opts.headers.length > 0) {
    const known: Record<string, string> = {
      subject: m.subject,
      'message-id': m.messageId,
      from: m.from.a,
      date: new Date(m.sentDate).toUTCString(),
    };
    const header = opts.headers
      .map((n) => ({ n, _content: known[n.toLowerCase()] }))
      .filter((h): h is { n: string; _content: string } => h._content !== undefined);
    if (header.length) out.header = header;
  }
  const tree = partTree(m);
  const bodyPart = chooseBody(tree, opts.html ?? false);
  out.mp = tree.map((p) => partJson(p, bodyPart, opts));
  return out;
}

function chooseBody(tree: MimePart[], html: boolean): MimePart | undefined {
  const all: MimePart[] = [];
  const walk = (p: MimePart) => {
    all.push(p);
    p.mp?.forEach(walk);
  };
  tree.forEach(walk);
  const plain = all.find((p) => p.textual === 'plain');
  const h = all.find((p) => p.textual === 'html');
  return html ? (h ?? plain) : (plain ?? h);
}

function partJson(p: MimePart, body: MimePart | undefined, opts: FullMessageOptions): JsonObject {
  const out: JsonObject = { part: p.part, ct: p.ct, s: p.s };
  if (p.cd) out.cd = p.cd;
  if (p.filename) out.filename = p.filename;
  if (p.ci) out.ci = p.ci;
  if (p === body && p.data) {
    out.body = true;
    let content = p.data.toString('utf8');
    if (p.textual === 'html' && opts.neuter !== false) {
      // Images are "neutered" unless neuter=0 (§9.3 #12): src → dfsrc.
      content = content.replace(/(<img\b[^>]*?)\ssrc=/gi, '$1 dfsrc=');
    }
    if (opts.max !== undefined && opts.max > 0 && Buffer.byteLength(content) > opts.max) {
      content = Buffer.from(content)
        .subarray(0, opts.max)
        .toString('utf8')
        .replace(/\uFFFD+$/, '');
      out.truncated = true;
    }
    out.content = content;
  }
  if (p.mp) out.mp = p.mp.map((c) => partJson(c, body, opts));
  return out;
}

export function convMessages(mbox: Mailbox, convId: string): Message[] {
  return mbox
    .list('message')
    .filter((m) => convIdOf(m) === convId)
    .sort((a, b) => a.date - b.date);
}

/** Conversation hit (§3.2, F6): counts, union flags, senders and the matching messages only. */
export function convHit(mbox: Mailbox, convId: string, all: Message[], matching: Message[], sf: string): JsonObject {
  const latest = all.reduce((a, b) => (b.date > a.date ? b : a));
  const first = all.reduce((a, b) => (b.date < a.date ? b : a));
  const unread = all.filter((m) => hasFlag(m, 'u')).length;
  let flags = '';
  if (unread > 0) flags += 'u';
  if (all.some((m) => hasFlag(m, 'f'))) flags += 'f';
  if (all.some((m) => hasFlag(m, 'a'))) flags += 'a';
  const out: JsonObject = { id: convId, n: all.length, u: unread, d: latest.date };
  if (flags) out.f = flags;
  out.sf = sf;
  const seen = new Set<string>();
  const e: JsonObject[] = [];
  for (const m of [...all].sort((a, b) => b.date - a.date)) {
    if (seen.has(m.from.a)) continue;
    seen.add(m.from.a);
    const a: JsonObject = { a: m.from.a, d: shortName(m.from) };
    if (m.from.p) a.p = m.from.p;
    e.push(a);
  }
  out.e = e;
  out.su = first.subject.replace(/^((re|fwd?|tr)\s*:\s*)+/i, '');
  out.fr = fragment(latest.text);
  out.m = matching
    .sort((a, b) => b.date - a.date)
    .map((m) => {
      const x: JsonObject = { id: String(m.id) };
      if (m.flags) x.f = m.flags;
      x.d = m.date;
      x.l = String(m.folderId);
      return x;
    });
  return out;
}

/** Briefcase document (§5): `ver`, `leb`, `cr`, `cd`, lock owner `loid`/`loe`/`lt`. */
export function documentJson(mbox: Mailbox, doc: Document, verNo?: number): JsonObject {
  const version = verNo !== undefined ? doc.versions.find((v) => v.ver === verNo)! : doc.versions.at(-1)!;
  const folder = mbox.folder(doc.folderId);
  const out: JsonObject = { id: String(doc.id), uuid: doc.uuid, name: doc.name, l: String(doc.folderId) };
  if (folder) out.luuid = folder.uuid;
  out.s = version.content.length;
  out.d = version.date;
  out.md = seconds(doc.changedAt);
  out.ms = doc.ms;
  out.rev = doc.rev;
  out.ct = version.ct;
  out.ver = version.ver;
  out.leb = version.editor.email;
  out.cr = doc.creator;
  out.cd = doc.createdAt;
  if (version.desc) out.desc = version.desc;
  out.descEnabled = doc.descEnabled;
  if (doc.flags) out.f = doc.flags;
  const tn = tagNames(mbox, doc);
  if (tn) out.tn = tn;
  if (doc.lock) {
    out.loid = doc.lock.ownerId;
    out.loe = doc.lock.email;
    out.lt = doc.lock.time;
  }
  if (/^text\//.test(version.ct)) out.fr = fragment(version.content.toString('utf8'));
  return out;
}

/** Appointment summary as SearchRequest types=appointment returns it (§8). */
export function appointmentJson(
  mbox: Mailbox,
  appt: Appointment,
  range?: { start: number; end: number },
): { json: JsonObject; instances: Instance[] } {
  const out: JsonObject = {
    id: String(appt.id),
    invId: `${appt.id}-${appt.invId}`,
    compNum: 0,
    l: String(appt.folderId),
    name: appt.name,
    loc: appt.location,
    uid: appt.uid,
    fba: appt.fba,
    transp: appt.transp,
    status: appt.status,
    ptst: appt.ptst,
  };
  if (appt.allDay) out.allDay = true;
  if (appt.recur) out.recur = true;
  out.isOrg = appt.organizer.a === mbox.account.name;
  if (appt.attendees.length > 0) out.otherAtt = true;
  if (appt.alarmMinutes !== undefined) out.alarm = true;
  out.dur = appt.durationMs;
  if (appt.description) out.fr = fragment(appt.description);
  const or: JsonObject = { a: appt.organizer.a };
  if (appt.organizer.p) or.d = appt.organizer.p;
  out.or = or;
  out.s = itemSize(appt);
  out.d = appt.changedAt;
  out.md = seconds(appt.changedAt);
  out.ms = appt.ms;
  out.rev = appt.rev;
  const tn = tagNames(mbox, appt);
  if (tn) out.tn = tn;
  if (appt.flags) out.f = appt.flags;
  let instances: Instance[] = [];
  if (range) {
    instances = expandInstances(appt, range.start, range.end);
    out.inst = instances.map((i) => {
      const inst: JsonObject = { s: i.s, tzo: i.tzo };
      if (i.ridZ) inst.ridZ = i.ridZ;
      return inst;
    });
  }
  return { json: out, instances };
}

export function contactJson(mbox: Mailbox, c: Contact): JsonObject {
  const fileAsStr = [c.attrs.lastName, c.attrs.firstName].filter(Boolean).join(', ') || c.attrs.email || '';
  const out: JsonObject = {
    id: String(c.id),
    l: String(c.folderId),
    d: c.changedAt,
    rev: c.rev,
    md: seconds(c.changedAt),
    ms: c.ms,
    fileAsStr,
    _attrs: { ...c.attrs },
  };
  const tn = tagNames(mbox, c);
  if (tn) out.tn = tn;
  return out;
}

/** Any item as a created-notification / search summary. */
export function itemSummary(mbox: Mailbox, item: Item): { key: string; json: JsonObject } | undefined {
  switch (item.kind) {
    case 'message':
      return { key: 'm', json: messageHit(mbox, item) };
    case 'folder':
      return { key: 'folder', json: folderAttrs(mbox, item) };
    case 'document':
      return { key: 'doc', json: documentJson(mbox, item) };
    case 'appointment':
      return { key: 'appt', json: appointmentJson(mbox, item).json };
    case 'contact':
      return { key: 'cn', json: contactJson(mbox, item) };
    case 'tag':
      return { key: 'tag', json: tagJson(item) };
    case 'conversation': {
      const msgs = convMessages(mbox, String(item.id));
      if (msgs.length === 0) return { key: 'c', json: { id: String(item.id) } };
      return { key: 'c', json: convHit(mbox, String(item.id), msgs, [], String(msgs.at(-1)!.date)) };
    }
  }
}

export function itemKey(kind: Item['kind']): string {
  return {
    message: 'm',
    folder: 'folder',
    document: 'doc',
    appointment: 'appt',
    contact: 'cn',
    tag: 'tag',
    conversation: 'c',
  }[kind];
}
