// Mailbox reads over SOAP (§3.1–§3.3, §5, §8): GetFolder/CreateFolder, SearchRequest for conversations, messages,
// documents, contacts and appointments (with calExpandInstStart/End expansion), GetMsg, GetConv,
// GetMsgMetadata, GetContacts.
import { expandInstances, localToUtc, utcToLocal } from './calendar';
import { faults } from './faults';
import { evaluate, mentionsLocation, normalize, parseQuery, type EvalContext, type Searchable } from './query';
import {
  appointmentJson,
  childFolders,
  contactJson,
  convHit,
  convIdOf,
  convMessages,
  documentJson,
  folderAttrs,
  folderPath,
  folderTree,
  messageFull,
  messageHit,
  seconds,
} from './render';
import { newFolder } from './seed';
import { NS, register, requireAuth } from './soap';
import {
  FOLDER,
  itemSize,
  setFlag,
  type Appointment,
  type Contact,
  type Folder,
  type Item,
  type Mailbox,
  type Message,
} from './state';
import { bool, child, children, idList, int, text, type JsonObject } from './values';

// ---- folders ----------------------------------------------------------------------------------------------

function folderByPath(mbox: Mailbox, path: string): Folder | undefined {
  const p = `/${path.replace(/^\/+/, '')}`.toLowerCase();
  return mbox.list('folder').find((f) => folderPath(mbox, f).toLowerCase() === p);
}

register('GetFolderRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const base = child(request.folder);
  let root = mbox.folder(FOLDER.ROOT)!;
  if (base) {
    const l = text(base.l);
    const path = text(base.path);
    const uuid = text(base.uuid);
    const found = l
      ? mbox.folder(Number(l))
      : path
        ? folderByPath(mbox, path)
        : uuid
          ? mbox.list('folder').find((f) => f.uuid === uuid)
          : root;
    if (!found) throw l ? faults.noSuchFolder(l) : faults.noSuchFolderPath(path ?? uuid ?? '');
    root = found;
  }
  const depth = int(request.depth);
  const view = text(request.view);
  return { folder: [folderTree(mbox, root, { depth, view })] };
});

export function validateName(name: string | undefined): string {
  const n = (name ?? '').trim();
  // eslint-disable-next-line no-control-regex
  if (!n || n.length > 128 || /[/:"\u0000-\u001f]/.test(n)) throw faults.invalidName(name ?? '');
  return n;
}

register('CreateFolderRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const f = child(request.folder) ?? {};
  const name = validateName(text(f.name));
  const parentId = Number(text(f.l) ?? FOLDER.ROOT);
  const parent = mbox.folder(parentId);
  if (!parent) throw faults.noSuchFolder(String(parentId));
  const existing = childFolders(mbox, parentId).find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (existing) {
    if (bool(f.fie)) return { folder: [folderAttrs(mbox, existing)] };
    throw faults.alreadyExists(name, existing.id, 1);
  }
  const view = text(f.view) as Folder['view'] | undefined;
  const folder = mbox.mutate((tx) => {
    const created = newFolder(mbox, tx, name, parentId, view);
    const color = int(f.color);
    if (color !== undefined) created.color = color;
    return created;
  });
  return { folder: [folderAttrs(mbox, folder)] };
});

// ---- search -----------------------------------------------------------------------------------------------

export function searchable(mbox: Mailbox, item: Item): Searchable | undefined {
  const common = {
    id: item.id,
    folderId: item.folderId,
    flags: item.flags,
    tags: item.tags,
    ms: item.ms,
    size: itemSize(item),
  };
  switch (item.kind) {
    case 'message':
      return {
        ...common,
        date: item.date,
        convId: convIdOf(item),
        subject: item.subject,
        body: `${item.text}\n${(item.html ?? '').replace(/<[^>]+>/g, ' ')}`,
        from: item.from,
        to: item.to,
        cc: item.cc,
        filenames: item.attachments.map((a) => a.filename),
        contentTypes: item.attachments.map((a) => a.ct),
      };
    case 'document': {
      const v = item.versions.at(-1)!;
      return {
        ...common,
        date: v.date,
        subject: item.name,
        body: `${/^text\//.test(v.ct) ? v.content.toString('utf8') : ''}\n${v.desc ?? ''}`,
        from: { a: v.editor.email, p: v.editor.name },
        to: [],
        cc: [],
        filenames: [item.name],
        contentTypes: [v.ct],
      };
    }
    case 'appointment':
      return {
        ...common,
        date: localToUtc(item.tz, item.start),
        subject: item.name,
        body: `${item.location}\n${item.description}`,
        from: item.organizer,
        to: item.attendees,
        cc: [],
        filenames: [],
        contentTypes: [],
      };
    case 'contact':
      return {
        ...common,
        date: item.changedAt,
        subject: [item.attrs.firstName, item.attrs.lastName].filter(Boolean).join(' '),
        body: Object.values(item.attrs).join('\n'),
        to: [],
        cc: [],
        filenames: [],
        contentTypes: [],
      };
    default:
      return undefined;
  }
}

function excludedFolders(mbox: Mailbox): Set<number> {
  const out = new Set<number>();
  const prefs = mbox.account.prefs;
  const roots: number[] = [];
  if (prefs.zimbraPrefIncludeTrashInSearch !== 'TRUE') roots.push(FOLDER.TRASH);
  if (prefs.zimbraPrefIncludeSpamInSearch !== 'TRUE') roots.push(FOLDER.JUNK);
  for (const r of roots) {
    out.add(r);
    for (const f of mbox.list('folder')) {
      let cur: Folder | undefined = f;
      while (cur && cur.id !== FOLDER.ROOT && cur.id !== FOLDER.MAILBOX_ROOT) {
        if (cur.folderId === r) out.add(f.id);
        cur = mbox.folder(cur.folderId);
      }
    }
  }
  return out;
}

interface Hit {
  key: 'c' | 'm' | 'doc' | 'appt' | 'cn';
  id: string;
  date: number;
  name: string;
  size: number;
  flagged: boolean;
  unread: boolean;
  render: (sf: string) => JsonObject;
  message?: Message;
}

const SORTS: Record<string, (a: Hit, b: Hit) => number> = {
  dateDesc: (a, b) => b.date - a.date || Number(b.id) - Number(a.id),
  dateAsc: (a, b) => a.date - b.date || Number(a.id) - Number(b.id),
  subjAsc: (a, b) => a.name.localeCompare(b.name, 'fr'),
  subjDesc: (a, b) => b.name.localeCompare(a.name, 'fr'),
  nameAsc: (a, b) => a.name.localeCompare(b.name, 'fr'),
  nameDesc: (a, b) => b.name.localeCompare(a.name, 'fr'),
  sizeAsc: (a, b) => a.size - b.size,
  sizeDesc: (a, b) => b.size - a.size,
  idAsc: (a, b) => Number(a.id) - Number(b.id),
  idDesc: (a, b) => Number(b.id) - Number(a.id),
  flagAsc: (a, b) => Number(a.flagged) - Number(b.flagged) || b.date - a.date,
  flagDesc: (a, b) => Number(b.flagged) - Number(a.flagged) || b.date - a.date,
  readAsc: (a, b) => Number(b.unread) - Number(a.unread) || b.date - a.date,
  readDesc: (a, b) => Number(a.unread) - Number(b.unread) || b.date - a.date,
  none: () => 0,
};

function sortField(sortBy: string, h: Hit): string {
  if (sortBy.startsWith('subj') || sortBy.startsWith('name')) return normalize(h.name);
  if (sortBy.startsWith('size')) return String(h.size);
  if (sortBy.startsWith('id')) return h.id;
  return String(h.date);
}

register('SearchRequest', NS.mail, (ctx, request) => {
  const { mbox, account } = requireAuth(ctx);
  const { world } = ctx;
  const typesText = text(request.types) ?? text(request.searchTypes) ?? 'conversation';
  const types = new Set(typesText.split(',').map((t) => t.trim().toLowerCase()));
  if (types.has('conversation') && types.has('message')) {
    throw faults.invalidRequest('cannot search for conversations and messages at the same time');
  }
  const query = text(request.query) ?? '';
  const ast = parseQuery(query);
  const tz = text(child(request.tz)?.id) ?? String(account.prefs.zimbraPrefTimeZoneId ?? 'Europe/Paris');
  const locale =
    text(child(request.locale)) ?? text(child(request.locale)?.id) ?? String(account.prefs.zimbraPrefLocale ?? 'en_US');
  const evalCtx: EvalContext = { mbox, now: world.now(), tz, dayFirst: locale.toLowerCase().startsWith('fr') };
  const excluded = mentionsLocation(ast) ? new Set<number>() : excludedFolders(mbox);
  const sortBy = text(request.sortBy) ?? 'dateDesc';
  const sorter = SORTS[sortBy];
  if (!sorter) throw faults.invalidRequest(`invalid sortBy: ${sortBy}`);
  const limitRaw = int(request.limit) ?? 10;
  const limit = Math.min(Math.max(limitRaw <= 0 ? 10 : limitRaw, 1), 1000); // max 1000 (§3.2)
  const offset = Math.max(int(request.offset) ?? 0, 0);
  const recip = int(request.recip) ?? 0;
  const calStart = int(request.calExpandInstStart);
  const calEnd = int(request.calExpandInstEnd);
  const range = calStart !== undefined && calEnd !== undefined ? { start: calStart, end: calEnd } : undefined;

  const matches = (item: Item): boolean => {
    if (excluded.has(item.folderId)) return false;
    const s = searchable(mbox, item);
    return !!s && evaluate(ast, s, evalCtx);
  };

  const hits: Hit[] = [];
  const messages = mbox.list('message').filter(matches);
  if (types.has('message')) {
    for (const m of messages) {
      hits.push({
        key: 'm',
        id: String(m.id),
        date: m.date,
        name: m.subject,
        size: itemSize(m),
        flagged: m.flags.includes('f'),
        unread: m.flags.includes('u'),
        message: m,
        render: (sf) => messageHit(mbox, m, { recip, sf }),
      });
    }
  }
  if (types.has('conversation')) {
    const byConv = new Map<string, Message[]>();
    for (const m of messages) {
      const cid = convIdOf(m);
      byConv.set(cid, [...(byConv.get(cid) ?? []), m]);
    }
    for (const [cid, matching] of byConv) {
      const all = convMessages(mbox, cid).filter((m) => !excluded.has(m.folderId));
      const latest = all.reduce((a, b) => (b.date > a.date ? b : a));
      hits.push({
        key: 'c',
        id: cid,
        date: latest.date,
        name: all[0]!.subject,
        size: 0,
        flagged: all.some((m) => m.flags.includes('f')),
        unread: all.some((m) => m.flags.includes('u')),
        render: (sf) => convHit(mbox, cid, all, matching, sf),
      });
    }
  }
  if (types.has('document')) {
    for (const d of mbox.list('document').filter(matches)) {
      const v = d.versions.at(-1)!;
      hits.push({
        key: 'doc',
        id: String(d.id),
        date: v.date,
        name: d.name,
        size: v.content.length,
        flagged: d.flags.includes('f'),
        unread: false,
        render: (sf) => ({ ...documentJson(mbox, d), sf }),
      });
    }
  }
  if (types.has('contact')) {
    for (const c of mbox.list('contact').filter(matches)) {
      const name = [c.attrs.lastName, c.attrs.firstName].filter(Boolean).join(', ');
      hits.push({
        key: 'cn',
        id: String(c.id),
        date: c.changedAt,
        name,
        size: 0,
        flagged: false,
        unread: false,
        render: (sf) => ({ ...contactJson(mbox, c), sf }),
      });
    }
  }
  if (types.has('appointment')) {
    for (const a of mbox.list('appointment').filter(matches)) {
      let first = localToUtc(a.tz, a.start);
      if (range) {
        const inst = expandInstances(a, range.start, range.end);
        if (inst.length === 0) continue; // no instance in range → omitted entirely (§8)
        first = inst[0]!.s;
      }
      hits.push({
        key: 'appt',
        id: String(a.id),
        date: first,
        name: a.name,
        size: 0,
        flagged: false,
        unread: false,
        render: (sf) => ({ ...appointmentJson(mbox, a, range).json, sf }),
      });
    }
  }

  hits.sort(sorter);
  let start = offset;
  const cursor = child(request.cursor);
  if (cursor) {
    const cid = text(cursor.id);
    const idx = hits.findIndex((h) => h.id === cid);
    if (idx >= 0) start = idx + 1 + offset;
    else {
      const sortVal = text(cursor.sortVal);
      if (sortVal !== undefined) {
        const after = hits.findIndex((h) => {
          const v = sortField(sortBy, h);
          return sortBy.endsWith('Desc')
            ? Number(v) < Number(sortVal) || v < sortVal
            : Number(v) > Number(sortVal) || v > sortVal;
        });
        start = (after < 0 ? hits.length : after) + offset;
      }
    }
  }
  const page = hits.slice(start, start + limit);

  // fetch=1|first|all|<id>|u: inline the full message for message hits (§3.2).
  const fetch = text(request.fetch);
  const html = bool(request.html);
  const max = int(request.max);
  const neuter = request.neuter === undefined ? true : bool(request.neuter);
  const toRead: Message[] = [];
  const res: JsonObject = { sortBy, offset, more: start + limit < hits.length };
  for (const [i, h] of page.entries()) {
    let json = h.render(sortField(sortBy, h));
    const m = h.message;
    const wantFetch =
      m &&
      fetch &&
      fetch !== '0' &&
      (fetch === 'all' ||
        ((fetch === '1' || fetch === 'first') && i === 0) ||
        fetch === String(m.id) ||
        (fetch === 'u' && m.flags.includes('u')));
    if (wantFetch) {
      json = { ...messageFull(mbox, m, { html, max, neuter }), sf: json.sf! };
      if (bool(request.read) && m.flags.includes('u')) toRead.push(m);
    }
    ((res[h.key] ??= []) as JsonObject[]).push(json);
  }
  if (toRead.length) markRead(mbox, toRead);
  return res;
});

function markRead(mbox: Mailbox, msgs: Message[]): void {
  mbox.mutate((tx) => {
    for (const m of msgs) if (setFlag(m, 'u', false)) tx.touch(m, ['f']);
  });
}

// ---- messages ---------------------------------------------------------------------------------------------

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function inviteJson(mbox: Mailbox, a: Appointment): JsonObject {
  const local = (t: { y: number; mo: number; d: number; h: number; mi: number }) =>
    a.allDay ? `${t.y}${pad(t.mo)}${pad(t.d)}` : `${t.y}${pad(t.mo)}${pad(t.d)}T${pad(t.h)}${pad(t.mi)}00`;
  const endUtc = localToUtc(a.tz, a.start) + a.durationMs;
  const comp: JsonObject = {
    uid: a.uid,
    name: a.name,
    loc: a.location,
    fb: a.fba,
    fba: a.fba,
    status: a.status,
    transp: a.transp,
    isOrg: a.organizer.a === mbox.account.name,
    s: [{ d: local(a.start), ...(a.allDay ? {} : { tz: a.tz }), u: localToUtc(a.tz, a.start) }],
    e: [
      { d: a.allDay ? local(a.start) : local(utcToLocal(a.tz, endUtc)), ...(a.allDay ? {} : { tz: a.tz }), u: endUtc },
    ],
    or: { a: a.organizer.a, ...(a.organizer.p ? { d: a.organizer.p } : {}) },
    at: a.attendees.map((x) => ({ a: x.a, ...(x.p ? { d: x.p } : {}), role: 'REQ', ptst: 'NE', rsvp: true })),
    desc: [{ _content: a.description }],
  };
  if (a.allDay) comp.allDay = true;
  if (a.recur) {
    comp.recur = {
      add: [
        {
          rule: [
            {
              freq: a.recur.freq === 'DAILY' ? 'DAI' : 'WEE',
              ...(a.recur.count ? { count: [{ num: a.recur.count }] } : {}),
              ...(a.recur.interval ? { interval: [{ ival: a.recur.interval }] } : {}),
            },
          ],
        },
      ],
    };
  }
  return {
    id: `${a.id}-${a.invId}`,
    l: String(a.folderId),
    d: a.changedAt,
    md: seconds(a.changedAt),
    ms: a.ms,
    rev: a.rev,
    inv: [{ type: 'appt', id: a.invId, compNum: 0, seq: 0, comp: [comp] }],
  };
}

register('GetMsgRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const m = child(request.m) ?? {};
  const idText = text(m.id) ?? '';
  const apptMatch = /^(\d+)-(\d+)$/.exec(idText);
  if (apptMatch) {
    const appt = mbox.get(Number(apptMatch[1]), 'appointment');
    if (!appt || appt.invId !== Number(apptMatch[2])) throw faults.noSuchMsg(idText);
    return { m: [inviteJson(mbox, appt)] };
  }
  const msg = mbox.get(Number(idText), 'message');
  if (!msg) throw faults.noSuchMsg(idText);
  if (bool(m.read) && msg.flags.includes('u')) markRead(mbox, [msg]);
  const headers = children(m.header)
    .map((h) => text(h.n))
    .filter((h): h is string => !!h);
  const json = messageFull(mbox, msg, {
    html: bool(m.html),
    max: int(m.max),
    neuter: m.neuter === undefined ? true : bool(m.neuter),
    headers,
  });
  return { m: [json] };
});

register('GetConvRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const c = child(request.c) ?? {};
  const id = text(c.id) ?? '';
  const msgs = convMessages(mbox, id);
  if (msgs.length === 0) throw faults.noSuchConv(id);
  const fetch = text(c.fetch);
  const html = bool(c.html);
  const max = int(c.max);
  const out: JsonObject = {
    id,
    n: msgs.length,
    total: msgs.length,
    su: msgs[0]!.subject.replace(/^((re|fwd?|tr)\s*:\s*)+/i, ''),
    m: msgs
      .slice()
      .reverse()
      .map((m, i) => {
        const fetched =
          fetch === 'all' ||
          ((fetch === '1' || fetch === 'first') && i === 0) ||
          fetch === String(m.id) ||
          (fetch === 'u' && m.flags.includes('u'));
        if (fetched) return messageFull(mbox, m, { html, max });
        const x: JsonObject = { id: String(m.id), l: String(m.folderId) };
        if (m.flags) x.f = m.flags;
        x.s = itemSize(m);
        x.d = m.date;
        x.e = [{ a: m.from.a, d: m.from.p?.split(' ')[0] ?? m.from.a, ...(m.from.p ? { p: m.from.p } : {}), t: 'f' }];
        x.su = m.subject;
        x.fr = messageHit(mbox, m).fr!;
        return x;
      }),
  };
  return { c: [out] };
});

register('GetMsgMetadataRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const ids = idList(child(request.m)?.ids);
  const out: JsonObject[] = [];
  for (const id of ids) {
    const m = mbox.get(Number(id), 'message');
    if (!m) continue;
    const x: JsonObject = { id: String(m.id) };
    if (m.flags) x.f = m.flags;
    if (m.tags.length) x.tn = m.tags.join(',');
    Object.assign(x, {
      s: itemSize(m),
      d: m.date,
      l: String(m.folderId),
      cid: convIdOf(m),
      rev: m.rev,
      md: seconds(m.changedAt),
      ms: m.ms,
    });
    out.push(x);
  }
  return { m: out };
});

register('GetContactsRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const l = text(request.l);
  const ids = idList(child(request.cn)?.id);
  const list: Contact[] = mbox
    .list('contact')
    .filter((c) => (l ? c.folderId === Number(l) : true) && (ids.length === 0 || ids.includes(String(c.id))));
  return { cn: list.map((c) => contactJson(mbox, c)) };
});
