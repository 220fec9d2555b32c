// Delta sync and push handlers (§4.1–§4.3, F12–F14).
// SyncRequest: initial = folder tree from 11 with id lists and a NUMBER token; delta = changed items, typed
// deletes and a STRING token, paged with `more` (paged tokens look like `540-611:d524-900`: "seen up to change 540,
// item 611; deletes up to change 524, item 900"); `msgCutoff` in SECONDS, `calCutoff` in MS; a token older than
// the tombstone horizon → `mail.MUST_RESYNC`, a malformed one → `mail.INVALID_SYNC_TOKEN`.
import { seriesEnd } from './calendar';
import { faults } from './faults';
import { childFolders, convIdOf, folderAttrs, seconds, tagJson } from './render';
import { parseTypes } from './push';
import { NS, register, requireAuth, sessionFor } from './soap';
import { FOLDER, type Folder, type Item, type ItemKind, type Mailbox } from './state';
import { bool, child, children, int, text, type JsonObject } from './values';

interface Cursor {
  change: number;
  item: number; // Infinity = the whole change
}

interface SyncToken {
  mod: Cursor;
  del: Cursor;
}

export function parseSyncToken(raw: string): SyncToken | undefined {
  const m = /^(\d+)(?:-(\d+))?(?::d(\d+)(?:-(\d+))?)?$/.exec(raw.trim());
  if (!m) return undefined;
  const mod = { change: Number(m[1]), item: m[2] ? Number(m[2]) : Infinity };
  const del = m[3] ? { change: Number(m[3]), item: m[4] ? Number(m[4]) : Infinity } : { ...mod, item: Infinity };
  return { mod, del };
}

function encodeToken(t: SyncToken, current: number): string {
  const cur = (c: Cursor) => (c.item === Infinity ? `${c.change}` : `${c.change}-${c.item}`);
  const full = (c: Cursor) => c.change === current && c.item === Infinity;
  if (full(t.mod) && full(t.del)) return String(current);
  return `${cur(t.mod)}:d${cur(t.del)}`;
}

const after = (c: Cursor, change: number, id: number) => change > c.change || (change === c.change && id > c.item);

const KEY: Record<ItemKind, string> = {
  folder: 'folder',
  tag: 'tag',
  message: 'm',
  conversation: 'c',
  contact: 'cn',
  appointment: 'appt',
  document: 'doc',
};

function itemDate(item: Item): number {
  switch (item.kind) {
    case 'message':
      return item.date;
    case 'document':
      return item.versions.at(-1)!.date;
    default:
      return item.changedAt;
  }
}

/** Initial-sync folder: attributes, sub-folders, and per-kind id lists (`m[{ids}]`, `doc[{ids}]`…). */
function syncFolder(
  mbox: Mailbox,
  f: Folder,
  msgCutoffMs: number | undefined,
  calCutoffMs: number | undefined,
): JsonObject {
  const out: JsonObject = f.id === FOLDER.MAILBOX_ROOT ? { id: String(f.id) } : folderAttrs(mbox, f);
  const kids = childFolders(mbox, f.id);
  if (kids.length > 0) out.folder = kids.map((k) => syncFolder(mbox, k, msgCutoffMs, calCutoffMs));
  if (f.id === FOLDER.TAGS) {
    const tags = mbox.list('tag');
    if (tags.length) out.tag = tags.map(tagJson);
  }
  const lists: Record<string, number[]> = {};
  for (const item of mbox.items.values()) {
    if (item.folderId !== f.id || item.kind === 'folder' || item.kind === 'tag') continue;
    if (item.kind === 'message' && msgCutoffMs !== undefined && item.date < msgCutoffMs) continue;
    if (item.kind === 'appointment' && calCutoffMs !== undefined && seriesEnd(item) < calCutoffMs) continue;
    (lists[KEY[item.kind]] ??= []).push(item.id);
  }
  for (const [key, ids] of Object.entries(lists)) out[key] = [{ ids: ids.sort((a, b) => a - b).join(',') }];
  return out;
}

/** A changed item in a delta: new/content-changed → id, l, d, md, ms (refetch); metadata-only → full metadata. */
function deltaItem(mbox: Mailbox, item: Item, since: number): JsonObject {
  if (item.kind === 'folder') return folderAttrs(mbox, item);
  if (item.kind === 'tag') return tagJson(item);
  const base = { md: seconds(item.changedAt), ms: item.ms };
  if (item.kind === 'conversation') return { id: String(item.id), ...base };
  if (item.rev > since) return { id: String(item.id), l: String(item.folderId), d: itemDate(item), ...base };
  const out: JsonObject = { id: String(item.id), l: String(item.folderId) };
  if (item.kind === 'message') out.cid = convIdOf(item);
  out.f = item.flags;
  if (item.tags.length) out.tn = item.tags.join(',');
  if (item.kind === 'document') {
    out.name = item.name;
    out.ver = item.versions.at(-1)!.ver;
    if (item.lock) Object.assign(out, { loid: item.lock.ownerId, loe: item.lock.email, lt: item.lock.time });
  }
  out.d = itemDate(item);
  return { ...out, ...base };
}

register('SyncRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const { world } = ctx;
  const tokenText = text(request.token);
  const md = seconds(world.now());
  if (tokenText === undefined || tokenText === '' || tokenText === '0') {
    const rootId = Number(text(request.l) ?? FOLDER.MAILBOX_ROOT);
    const root = mbox.folder(rootId) ?? (rootId === FOLDER.MAILBOX_ROOT ? mailboxRoot(mbox) : undefined);
    if (!root) throw faults.noSuchFolder(String(rootId));
    const msgCutoff = int(request.msgCutoff); // SECONDS
    const calCutoff = int(request.calCutoff); // MILLISECONDS
    return {
      md,
      token: mbox.changeId, // a number on initial sync (§9.3 #6)
      s: mbox.size(),
      folder: [syncFolder(mbox, root, msgCutoff !== undefined ? msgCutoff * 1000 : undefined, calCutoff)],
    };
  }
  const token = parseSyncToken(tokenText);
  if (!token) throw faults.invalidSyncToken(tokenText);
  const horizon = mbox.purgeTombstones();
  if (Math.min(token.mod.change, token.del.change) < horizon) throw faults.mustResync();
  const typed = bool(request.typed);
  const changeLimit = Math.min(int(request.changeLimit) ?? Infinity, 3990);
  const deleteLimit = int(request.deleteLimit) ?? Infinity;
  const current = mbox.changeId;

  const tombs = mbox.tombstones
    .filter((t) => after(token.del, t.changeId, t.id))
    .sort((a, b) => a.changeId - b.changeId || a.id - b.id);
  const dels = tombs.slice(0, Math.max(deleteLimit, 0));
  const changed = [...mbox.items.values()]
    .filter((i) => i.id !== FOLDER.MAILBOX_ROOT && after(token.mod, i.ms, i.id))
    .sort((a, b) => a.ms - b.ms || a.id - b.id);
  const items = changed.slice(0, Math.max(changeLimit, 0));
  const moreItems = items.length < changed.length;
  const moreDels = dels.length < tombs.length;
  const lastItem = items.at(-1);
  const lastDel = dels.at(-1);
  const next: SyncToken = {
    mod: moreItems && lastItem ? { change: lastItem.ms, item: lastItem.id } : { change: current, item: Infinity },
    del: moreDels && lastDel ? { change: lastDel.changeId, item: lastDel.id } : { change: current, item: Infinity },
  };

  const res: JsonObject = { md, token: encodeToken(next, current) };
  if (moreItems || moreDels) res.more = true;
  if (dels.length > 0) {
    const entry: JsonObject = { ids: dels.map((d) => d.id).join(',') };
    if (typed) {
      const byKind = new Map<string, number[]>();
      for (const d of dels) byKind.set(KEY[d.kind], [...(byKind.get(KEY[d.kind]) ?? []), d.id]);
      for (const [k, ids] of byKind) entry[k] = [{ ids: ids.join(',') }];
    }
    res.deleted = [entry];
  }
  // Document order: deletes, then folders/tags, then items (§4.1).
  for (const kind of ['folder', 'tag', 'message', 'conversation', 'contact', 'appointment', 'document'] as ItemKind[]) {
    const list = items.filter((i) => i.kind === kind);
    if (list.length) res[KEY[kind]] = list.map((i) => deltaItem(mbox, i, token.mod.change));
  }
  return res;
});

function mailboxRoot(mbox: Mailbox): Folder {
  return {
    kind: 'folder',
    id: FOLDER.MAILBOX_ROOT,
    uuid: `${mbox.account.id}-root`,
    folderId: FOLDER.MAILBOX_ROOT,
    flags: '',
    tags: [],
    ms: 1,
    rev: 1,
    changedAt: 0,
    name: '',
    system: true,
    i4next: 1,
  };
}

register('NoOpRequest', NS.mail, async (ctx, request) => {
  requireAuth(ctx);
  const { world } = ctx;
  if (!bool(request.wait)) return {};
  if (!world.waitAllowed) return { waitDisallowed: true } as JsonObject;
  const session = sessionFor(ctx);
  if (!session) return {}; // long-poll needs a live session (§4.2)
  const { minMs, maxMs, defaultMs } = world.config.noOpTimeout;
  const timeout = Math.min(Math.max(int(request.timeout) ?? defaultMs, minMs), maxMs); // MILLISECONDS
  await ctx.push.waitNoOp(session, timeout, bool(request.limitToOneBlocked), ctx.signal);
  return {} as JsonObject;
});

function waitSetAccounts(ctx: Parameters<Parameters<typeof register>[2]>[0], el: unknown) {
  const { account } = requireAuth(ctx);
  return children(child(el)?.a).map((a) => {
    const id = text(a.id) ?? '';
    // A mail-namespace WaitSet may only watch the caller's own mailbox.
    if (id !== account.id) throw faults.permDenied('can only wait on your own account');
    const types = text(a.types);
    return { id, token: int(a.token), types: types ? parseTypes(types) : undefined };
  });
}

register('CreateWaitSetRequest', NS.mail, (ctx, request) => {
  const { account } = requireAuth(ctx);
  const defTypes = parseTypes(text(request.defTypes));
  const accounts = waitSetAccounts(ctx, request.add);
  const ws = ctx.push.createWaitSet(account.id, defTypes, accounts);
  return { waitSet: ws.id, defTypes: [...defTypes].join(','), seq: '0' };
});

register('WaitSetRequest', NS.mail, async (ctx, request) => {
  const { account } = requireAuth(ctx);
  const id = text(request.waitSet) ?? '';
  const ws = ctx.push.getWaitSet(id);
  if (ws.ownerId !== account.id) throw faults.noSuchWaitSet(id);
  const { minS, maxS, defaultS } = ctx.world.config.waitSetTimeout;
  const timeoutS = Math.min(Math.max(int(request.timeout) ?? defaultS, minS), maxS); // SECONDS (unlike NoOp)
  const update = [...waitSetAccounts(ctx, request.add), ...waitSetAccounts(ctx, request.update)];
  return ctx.push.waitSetRequest(
    ws,
    { seq: int(request.seq), block: bool(request.block), timeoutS, update },
    ctx.signal,
  );
});

register('DestroyWaitSetRequest', NS.mail, (ctx, request) => {
  requireAuth(ctx);
  const id = text(request.waitSet) ?? '';
  ctx.push.destroyWaitSet(id);
  return { waitSet: id };
});
