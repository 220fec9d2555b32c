// IMailboxItems at /api/mail_items/{folderUid} and IItemsTransfer (brief §4.3–4.6, E7–E12).

import { requireFolder } from '../access.js';
import { idChangeset, itemVersionChangeset, uidChangeset, type ChangesetSource } from '../changelog.js';
import { Fault, json, noContent, ok, type Ctx, type Reply } from '../http.js';
import { newUuid } from '../ids.js';
import { emlOf, parseFlag, recordJson } from '../mailjson.js';
import { containerFlags } from '../mailstore.js';
import {
  type Header,
  type Message,
  type MimeNode,
  type Recipient,
  findPart,
  headerValue,
  leaves,
  type PartJson,
} from '../mime.js';
import { type Folder, type Mailbox, type MailRecord } from '../model.js';
import { type RouteSpec } from '../router.js';
import { DOMAIN } from '../state.js';

const P = '/api/mail_items/{folderUid}';
const MGET_LIMIT = 500;
const PART_UPLOAD_LIMIT = 10 * 1024 * 1024;

export interface ItemFlagFilter {
  must?: string[];
  mustNot?: string[];
}

export function matchesFlagFilter(flags: string[], filter: ItemFlagFilter): boolean {
  return (filter.must ?? []).every((f) => flags.includes(f)) && !(filter.mustNot ?? []).some((f) => flags.includes(f));
}

function recordSource(folder: Folder, filter?: ItemFlagFilter): ChangesetSource<MailRecord> {
  return {
    live: (id) => folder.records.get(id),
    all: () => [...folder.records.values()],
    idOf: (r) => r.internalId,
    versionOf: (r) => r.version,
    timestampOf: (r) => r.updated,
    ...(filter ? { matches: (r: MailRecord) => matchesFlagFilter(containerFlags(r.flags), filter) } : {}),
  };
}

const since = (ctx: Ctx): number => Number(ctx.query.get('since') ?? '0') || 0;

function multipleGet(ctx: Ctx): Reply {
  const { folder } = requireFolder(ctx, ctx.params.folderUid ?? '', 'read');
  const ids = ctx.body<number[]>() ?? [];
  if (ids.length > MGET_LIMIT) {
    throw new Fault('UNKNOWN', `multipleGetById is limited to ${MGET_LIMIT} ids per-call, you asked for ${ids.length}`);
  }
  return json(
    ids.flatMap((id) => {
      const r = folder.records.get(Number(id));
      return r ? [recordJson(ctx.state, folder, r)] : [];
    }),
  );
}

/** `_itemIds` filter grammar: `+seen,-deleted,+important`. */
function parseFilterParam(s: string | null): ItemFlagFilter {
  const filter: Required<ItemFlagFilter> = { must: [], mustNot: [] };
  for (const part of (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const name = part.slice(1);
    const flag = name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
    (part.startsWith('-') ? filter.mustNot : filter.must).push(flag);
  }
  return filter;
}

interface SortDescriptor {
  fields?: { column: string; dir: 'Asc' | 'Desc' }[];
  filter?: ItemFlagFilter | null;
}

function sortKey(r: MailRecord, column: string): string | number {
  switch (column) {
    case 'date':
      return r.message.date;
    case 'subject':
      return r.message.subject.toLowerCase();
    case 'size':
      return leaves(r.message.root).reduce((n, l) => n + (l.content?.length ?? 0), 0);
    case 'sender': {
      const from = r.message.recipients.find((x) => x.kind === 'Originator');
      return (from?.dn ?? from?.address ?? '').toLowerCase();
    }
    default:
      return r.internalDate;
  }
}

function sorted(ctx: Ctx): Reply {
  const { folder } = requireFolder(ctx, ctx.params.folderUid ?? '', 'read');
  const desc = ctx.body<SortDescriptor>() ?? {};
  const filter = desc.filter ?? { must: [], mustNot: [] };
  const fields = desc.fields?.length ? desc.fields : [{ column: 'internal_date', dir: 'Desc' as const }];
  const items = [...folder.records.values()].filter((r) => matchesFlagFilter(containerFlags(r.flags), filter));
  items.sort((a, b) => {
    for (const f of fields) {
      const ka = sortKey(a, f.column);
      const kb = sortKey(b, f.column);
      if (ka !== kb) return (ka < kb ? -1 : 1) * (f.dir === 'Asc' ? 1 : -1);
    }
    return b.internalId - a.internalId;
  });
  return json(items.map((r) => r.internalId));
}

// ---- drafts (brief §4.6) ----

interface PartIn {
  mime?: string;
  address?: string | null;
  encoding?: string | null;
  charset?: string | null;
  fileName?: string | null;
  headers?: Header[] | null;
  contentId?: string | null;
  children?: PartIn[] | null;
  dispositionType?: 'INLINE' | 'ATTACHMENT' | null;
}

interface MailboxItemIn {
  imapUid?: number | null;
  flags?: unknown[] | null;
  body?: {
    subject?: string | null;
    date?: number | null;
    headers?: Header[] | null;
    recipients?: Recipient[] | null;
    messageId?: string | null;
    references?: string[] | null;
    structure?: PartIn | null;
  } | null;
}

/** Headers the emulator derives from dedicated fields rather than keeping verbatim. */
const STRUCTURAL = new Set([
  'message-id',
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'mime-version',
  'content-type',
  'references',
  'in-reply-to',
]);

function tempStore(ctx: Ctx): Map<string, Buffer> {
  const key = ctx.key ?? '';
  let store = ctx.state.tempParts.get(key);
  if (!store) {
    store = new Map();
    ctx.state.tempParts.set(key, store);
  }
  return store;
}

function buildNode(ctx: Ctx, p: PartIn): MimeNode {
  const mime = p.mime ?? 'text/plain';
  if (p.children?.length) return { mime, children: p.children.map((c) => buildNode(ctx, c)) };
  const address = p.address ?? '';
  // Temp parts live under the session that uploaded them: after a re-login they are gone (brief §4.6, pitfall 5).
  const content = tempStore(ctx).get(address);
  if (!content) throw new Fault('UNKNOWN', `Part ${address} not found`);
  return {
    mime,
    charset: p.charset ?? null,
    encoding: p.encoding ?? null,
    fileName: p.fileName ?? null,
    dispositionType: p.dispositionType ?? null,
    contentId: p.contentId ?? null,
    headers: p.headers ?? [],
    content,
  };
}

function messageFromItem(ctx: Ctx, item: MailboxItemIn): { message: Message; refreshDate: string | null } {
  const body = item.body ?? {};
  const headers = body.headers ?? [];
  const refreshDate = headerValue(headers, 'X-Bm-Draft-Refresh-Date') ?? null;
  const messageId = body.messageId ?? headerValue(headers, 'Message-ID') ?? `<${newUuid()}@${DOMAIN}>`;
  const date = refreshDate && /^\d+$/.test(refreshDate) ? Number(refreshDate) : (body.date ?? ctx.state.now());
  if (!body.structure) throw new Fault('INVALID_PARAMETER', 'body.structure is required');
  const message: Message = {
    subject: body.subject ?? '',
    date,
    messageId,
    references: body.references ?? [],
    recipients: (body.recipients ?? []).map((r) => ({ kind: r.kind, address: r.address, dn: r.dn ?? null })),
    headers: headers.filter((h) => !STRUCTURAL.has(h.name.toLowerCase())),
    root: buildNode(ctx, body.structure),
  };
  return { message, refreshDate };
}

function checkSize(ctx: Ctx, folder: Folder, message: Message): void {
  const size = emlOf(folder, message).eml.length;
  const limit = ctx.state.filehosting.messageSizeLimit;
  if (limit > 0 && size > limit) {
    throw new Fault('ENTITY_TOO_LARGE', `Message size ${size} exceeds the maximum allowed size of ${limit} bytes`);
  }
}

function flagsOf(item: MailboxItemIn): string[] {
  try {
    return (item.flags ?? []).map(parseFlag);
  } catch (e) {
    throw new Fault('INVALID_PARAMETER', (e as Error).message);
  }
}

function imapAck(r: MailRecord) {
  // ImapAck never fills the inherited timestamp (brief E12).
  return { version: r.version, timestamp: null, imapUid: r.imapUid };
}

function create(ctx: Ctx): Reply {
  const { mailbox, folder } = requireFolder(ctx, ctx.params.folderUid ?? '', 'write');
  const item = ctx.body<MailboxItemIn>() ?? {};
  const { message, refreshDate } = messageFromItem(ctx, item);
  checkSize(ctx, folder, message);
  const r = ctx.state.mail.append(mailbox, folder, message, {
    flags: flagsOf(item),
    refreshDate,
    author: ctx.user().uid,
  });
  ctx.state.mail.recordsEvent(mailbox, folder);
  return json({ uid: r.uid, id: r.internalId, version: r.version, timestamp: r.updated, imapUid: r.imapUid });
}

/**
 * createById with a pre-allocated id is idempotent (brief §4.6, E12): same id + same refresh date → the
 * existing item's ack; different refresh date → ALREADY_EXISTS. Only within this folder: once the draft has
 * been moved (Outbox, Sent), the same id is free again here.
 */
function createById(ctx: Ctx): Reply {
  const { mailbox, folder } = requireFolder(ctx, ctx.params.folderUid ?? '', 'write');
  const id = Number(ctx.params.id);
  const item = ctx.body<MailboxItemIn>() ?? {};
  const existing = folder.records.get(id);
  if (existing) {
    const reqRefresh = headerValue(item.body?.headers ?? [], 'X-Bm-Draft-Refresh-Date');
    if (reqRefresh !== undefined && String(existing.message.date) === reqRefresh) return json(imapAck(existing));
    throw new Fault(
      'ALREADY_EXISTS',
      `Item ${id} has been submitted for creation, but already exists having a different version or refresh header`,
    );
  }
  const { message, refreshDate } = messageFromItem(ctx, item);
  checkSize(ctx, folder, message);
  const r = ctx.state.mail.append(mailbox, folder, message, {
    id,
    flags: flagsOf(item),
    refreshDate,
    author: ctx.user().uid,
  });
  ctx.state.mail.recordsEvent(mailbox, folder);
  return json(imapAck(r));
}

function updateById(ctx: Ctx): Reply {
  const { mailbox, folder } = requireFolder(ctx, ctx.params.folderUid ?? '', 'write');
  const id = Number(ctx.params.id);
  const record = folder.records.get(id);
  if (!record) throw new Fault('NOT_FOUND', `Item ${id} not found in mbox_records_${folder.uid}`);
  const item = ctx.body<MailboxItemIn>() ?? {};
  // An update with imapUid 0/null is ignored by the server (brief §4.6 step 4).
  if (!item.imapUid) return json(imapAck(record));
  const flags = item.flags ? flagsOf(item) : record.flags;
  const reqRefresh = headerValue(item.body?.headers ?? [], 'X-Bm-Draft-Refresh-Date') ?? null;
  if (item.body?.structure && reqRefresh !== null && reqRefresh !== record.refreshDate) {
    const { message, refreshDate } = messageFromItem(ctx, item);
    checkSize(ctx, folder, message);
    ctx.state.mail.rewrite(mailbox, folder, record, message, flags, refreshDate);
  } else if (flags.join('\n') !== record.flags.join('\n')) {
    ctx.state.mail.setFlags(mailbox, folder, record, flags, ctx.user().uid);
  } else {
    return json(imapAck(record));
  }
  ctx.state.mail.recordsEvent(mailbox, folder);
  return json(imapAck(record));
}

function getForUpdate(ctx: Ctx): Reply {
  const { folder } = requireFolder(ctx, ctx.params.folderUid ?? '', 'read');
  const record = folder.records.get(Number(ctx.params.id));
  if (!record) return noContent();
  const value = recordJson(ctx.state, folder, record);
  const store = tempStore(ctx);
  // Re-address every leaf as a temp part of the caller's session.
  const readdress = (p: PartJson): PartJson => {
    if (p.children.length) return { ...p, children: p.children.map(readdress) };
    const node = findPart(record.message.root, p.address);
    const address = newUuid();
    store.set(address, node?.content ?? Buffer.alloc(0));
    return { ...p, address };
  };
  value.value.body.structure = readdress(value.value.body.structure);
  return json(value);
}

// ---- flags, deletion ----

interface FlagUpdate {
  itemsId?: number[];
  mailboxItemFlag?: unknown;
}

function changeFlag(ctx: Ctx, add: boolean): Reply {
  const { mailbox, folder } = requireFolder(ctx, ctx.params.folderUid ?? '', 'write');
  const upd = ctx.body<FlagUpdate>() ?? {};
  let flag: string;
  try {
    flag = parseFlag(upd.mailboxItemFlag);
  } catch (e) {
    throw new Fault('INVALID_PARAMETER', (e as Error).message);
  }
  let changed = false;
  for (const id of upd.itemsId ?? []) {
    const r = folder.records.get(Number(id));
    if (!r || r.flags.includes(flag) === add) continue;
    ctx.state.mail.setFlags(
      mailbox,
      folder,
      r,
      add ? [...r.flags, flag] : r.flags.filter((f) => f !== flag),
      ctx.user().uid,
    );
    changed = true;
  }
  if (changed) ctx.state.mail.recordsEvent(mailbox, folder);
  return json({ version: folder.log.version, timestamp: ctx.state.now() });
}

function multipleDelete(ctx: Ctx, ids: number[]): void {
  const { mailbox, folder } = requireFolder(ctx, ctx.params.folderUid ?? '', 'write');
  const mail = ctx.state.mail;
  const trash = mail.specialFolder(mailbox, 'Trash');
  const present = ids.map(Number).filter((id) => folder.records.has(id));
  if (!present.length) return;
  if (trash && trash !== folder) {
    // Outside Trash: a move to Trash.
    mail.transfer({ mailbox, folder }, { mailbox, folder: trash }, present, true);
    mail.recordsEvent(mailbox, trash);
  } else {
    // Inside Trash: \Deleted + expunge.
    for (const id of present) mail.expunge(mailbox, folder, id);
  }
  mail.recordsEvent(mailbox, folder);
}

// ---- bodies (brief §4.5) ----

function recordByImapUid(folder: Folder, imapUid: number): MailRecord {
  for (const r of folder.records.values()) if (r.imapUid === imapUid) return r;
  throw new Fault('NOT_FOUND', `guid not found for imapUid ${imapUid} in mbox_records_${folder.uid}`);
}

function fetchPart(ctx: Ctx): Reply {
  const { folder } = requireFolder(ctx, ctx.params.folderUid ?? '', 'read');
  const record = recordByImapUid(folder, Number(ctx.params.imapUid));
  const address = ctx.params.address ?? '';
  let data: Buffer;
  if (address === 'HEADER' || address === 'TEXT') {
    const eml = emlOf(folder, record.message).eml;
    const split = eml.indexOf('\r\n\r\n');
    data = address === 'HEADER' ? eml.subarray(0, split + 4) : eml.subarray(split + 4);
  } else {
    const node = findPart(record.message.root, address);
    if (!node || node.children?.length)
      throw new Fault('NOT_FOUND', `part ${address} not found in imapUid ${record.imapUid}`);
    // 5.x decodes the part whatever `encoding` says (brief §4.5).
    data = node.content ?? Buffer.alloc(0);
  }
  const mime = ctx.query.get('mime');
  const charset = ctx.query.get('charset');
  const filename = ctx.query.get('filename');
  const headers: Record<string, string> = {};
  if (filename) headers['Content-Disposition'] = `attachment; filename="${filename.replace(/"/g, '')}"`;
  const contentType = mime ? (charset ? `${mime}; charset=${charset}` : mime) : 'application/octet-stream';
  return { kind: 'bytes', data, contentType, headers };
}

// ---- transfer ----

function transfer(ctx: Ctx, move: boolean): Reply {
  const from = requireFolder(ctx, ctx.params.fromFolderUid ?? '', move ? 'write' : 'read');
  const to = requireFolder(ctx, ctx.params.toFolderUid ?? '', 'write');
  const ids = (ctx.body<number[]>() ?? []).map(Number);
  const done = ctx.state.mail.transfer(from, to, ids, move);
  if (done.length) {
    ctx.state.mail.recordsEvent(to.mailbox, to.folder);
    if (move) ctx.state.mail.recordsEvent(from.mailbox, from.folder);
  }
  return json(
    done.map((d) => ({
      uid: d.destination.uid,
      id: d.destination.internalId,
      version: d.destination.version,
      timestamp: d.destination.updated,
    })),
  );
}

const folderOf = (ctx: Ctx, need: 'read' | 'write'): { mailbox: Mailbox; folder: Folder } =>
  requireFolder(ctx, ctx.params.folderUid ?? '', need);

export const mailItemRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${P}/_changesetById`,
    handler: (ctx) => {
      const { folder } = folderOf(ctx, 'read');
      return json(idChangeset(folder.log, since(ctx), recordSource(folder)));
    },
  },
  {
    method: 'GET',
    path: `${P}/_changeset`,
    handler: (ctx) => {
      const { folder } = folderOf(ctx, 'read');
      return json(uidChangeset(folder.log, since(ctx), recordSource(folder), (r) => r.uid));
    },
  },
  {
    method: 'POST',
    path: `${P}/_filteredChangesetById`,
    handler: (ctx) => {
      const { folder } = folderOf(ctx, 'read');
      const filter = ctx.body<ItemFlagFilter>() ?? { must: [], mustNot: [] };
      return json(itemVersionChangeset(folder.log, since(ctx), recordSource(folder, filter)));
    },
  },
  { method: 'GET', path: `${P}/_version`, handler: (ctx) => json(folderOf(ctx, 'read').folder.log.version) },
  {
    method: 'GET',
    path: `${P}/_itemIds`,
    handler: (ctx) => {
      const { folder } = folderOf(ctx, 'read');
      const known = ctx.query.get('knownContainerVersion');
      if (known !== null && Number(known) !== folder.log.version) {
        throw new Fault('VERSION_HAS_CHANGED', `container version is ${folder.log.version}, not ${known}`);
      }
      const filter = parseFilterParam(ctx.query.get('filter'));
      const ids = [...folder.records.values()]
        .filter((r) => matchesFlagFilter(containerFlags(r.flags), filter))
        .map((r) => r.internalId)
        .sort((a, b) => a - b);
      const offset = Number(ctx.query.get('offset') ?? '0') || 0;
      const limit = Number(ctx.query.get('limit') ?? '0') || ids.length;
      return json({ values: ids.slice(offset, offset + limit), total: ids.length });
    },
  },
  // Bulk get: `_mgetById` in 5.x, `_multipleById` in 4.8 (brief §10.3); the other one is an unknown route (500).
  { method: 'POST', path: `${P}/_mgetById`, versions: ['5'], handler: multipleGet },
  { method: 'POST', path: `${P}/_multipleById`, versions: ['4.8'], handler: multipleGet },
  {
    method: 'GET',
    path: `${P}/{id}/completeById`,
    handler: (ctx) => {
      const { folder } = folderOf(ctx, 'read');
      const r = folder.records.get(Number(ctx.params.id));
      return r ? json(recordJson(ctx.state, folder, r)) : noContent();
    },
  },
  {
    method: 'GET',
    path: `${P}/{uid}/complete`,
    handler: (ctx) => {
      const { folder } = folderOf(ctx, 'read');
      const r = [...folder.records.values()].find((x) => x.uid === ctx.params.uid);
      return r ? json(recordJson(ctx.state, folder, r)) : noContent();
    },
  },
  { method: 'POST', path: `${P}/_sorted`, handler: sorted },
  {
    method: 'POST',
    path: `${P}/_count`,
    handler: (ctx) => {
      const { folder } = folderOf(ctx, 'read');
      const filter = ctx.body<ItemFlagFilter>() ?? {};
      return json({
        total: [...folder.records.values()].filter((r) => matchesFlagFilter(containerFlags(r.flags), filter)).length,
      });
    },
  },
  {
    method: 'GET',
    path: `${P}/_unread`,
    handler: (ctx) => {
      const { folder } = folderOf(ctx, 'read');
      const filter = { mustNot: ['Deleted', 'Seen'] };
      return json(
        [...folder.records.values()]
          .filter((r) => matchesFlagFilter(containerFlags(r.flags), filter))
          .map((r) => r.internalId),
      );
    },
  },
  { method: 'GET', path: `${P}/part/{imapUid}/{address}`, handler: fetchPart },
  {
    method: 'GET',
    path: `${P}/eml/{imapUid}`,
    handler: (ctx) => {
      const { folder } = folderOf(ctx, 'read');
      const record = recordByImapUid(folder, Number(ctx.params.imapUid));
      return { kind: 'bytes', data: emlOf(folder, record.message).eml, contentType: 'message/rfc822' };
    },
  },
  {
    method: 'PUT',
    path: `${P}/_part`,
    stream: true,
    maxBody: PART_UPLOAD_LIMIT,
    handler: (ctx) => {
      folderOf(ctx, 'write');
      const address = newUuid();
      tempStore(ctx).set(address, Buffer.from(ctx.req.body));
      return { kind: 'string', value: address };
    },
  },
  {
    method: 'DELETE',
    path: `${P}/{partAddress}/_part`,
    handler: (ctx) => {
      folderOf(ctx, 'write');
      tempStore(ctx).delete(ctx.params.partAddress ?? '');
      return ok();
    },
  },
  { method: 'PUT', path: P, handler: create },
  { method: 'PUT', path: `${P}/id/{id}`, handler: createById },
  { method: 'POST', path: `${P}/id/{id}`, handler: updateById },
  { method: 'GET', path: `${P}/{id}/getForUpdate`, handler: getForUpdate },
  // Asymmetric verbs: _addFlag is PUT, _deleteFlag is POST (brief pitfall 9).
  { method: 'PUT', path: `${P}/_addFlag`, handler: (ctx) => changeFlag(ctx, true) },
  { method: 'POST', path: `${P}/_deleteFlag`, handler: (ctx) => changeFlag(ctx, false) },
  {
    method: 'DELETE',
    path: `${P}/id/{id}`,
    handler: (ctx) => {
      const { mailbox, folder } = folderOf(ctx, 'write');
      if (ctx.state.mail.expunge(mailbox, folder, Number(ctx.params.id))) ctx.state.mail.recordsEvent(mailbox, folder);
      return ok();
    },
  },
  // DELETE with a JSON body.
  {
    method: 'DELETE',
    path: `${P}/_multipleDelete`,
    handler: (ctx) => {
      multipleDelete(ctx, ctx.body<number[]>() ?? []);
      return ok();
    },
  },
  {
    method: 'POST',
    path: `${P}/_expunge`,
    handler: (ctx) => {
      const { mailbox, folder } = folderOf(ctx, 'write');
      const gone = [...folder.records.values()].filter((r) => r.flags.includes('\\Deleted'));
      for (const r of gone) ctx.state.mail.expunge(mailbox, folder, r.internalId);
      if (gone.length) ctx.state.mail.recordsEvent(mailbox, folder);
      return ok();
    },
  },
  {
    method: 'POST',
    path: '/api/mail_items_transfer/{fromFolderUid}/{toFolderUid}/move',
    handler: (ctx) => transfer(ctx, true),
  },
  {
    method: 'POST',
    path: '/api/mail_items_transfer/{fromFolderUid}/{toFolderUid}/copy',
    handler: (ctx) => transfer(ctx, false),
  },
];
