// Directory (§6): AutoCompleteRequest (contacts + ranking table + GAL, F15 shape), SearchGalRequest,
// AutoCompleteGalRequest, SyncGalRequest (token, paging, deletes; PERM_DENIED when GAL sync is off).
// Matching is case-insensitive but NOT accent-insensitive (LDAP caseIgnoreMatch and ContactAutoComplete lower-case
// only — inferred): "helene" does not find "Hélène".
import { faults } from './faults';
import { NS, register, requireAuth } from './soap';
import { FOLDER, type Account, type Contact, type Mailbox } from './state';
import type { GalEntry } from './seed';
import { bool, idList, int, text, type JsonObject } from './values';
import type { World } from './world';

function words(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[\s,.'’\-_@()]+/)
    .filter(Boolean);
}

function prefixMatch(query: string, fields: (string | undefined)[]): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return false;
  const qWords = q.split(/\s+/);
  const hay = fields.filter((f): f is string => !!f).flatMap((f) => [f.toLowerCase(), ...words(f)]);
  return qWords.every((w) => hay.some((h) => h.startsWith(w)));
}

function formatted(name: string | undefined, email: string): string {
  return name ? `"${name}" <${email}>` : email;
}

function galAllowed(account: Account, attr: string): boolean {
  return account.attrs.zimbraFeatureGalEnabled === 'TRUE' && account.attrs[attr] === 'TRUE';
}

function galMatches(world: World, name: string, type: string): GalEntry[] {
  return world.gal.filter((g) => {
    if (g.deleted) return false;
    if (type !== 'all' && g.type !== type) return false;
    return prefixMatch(name, [g.fullName, g.firstName, g.lastName, g.email]);
  });
}

/** How many times the user sent to an address (the "ranking table"). */
function rankings(mbox: Mailbox): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of mbox.list('message')) {
    if (m.folderId !== FOLDER.SENT) continue;
    for (const r of [...m.to, ...m.cc]) out.set(r.a.toLowerCase(), (out.get(r.a.toLowerCase()) ?? 0) + 1);
  }
  return out;
}

register('AutoCompleteRequest', NS.mail, (ctx, request) => {
  const { mbox, account } = requireAuth(ctx);
  const name = text(request.name) ?? '';
  if (!name.trim()) throw faults.invalidRequest('missing name');
  const max = int(request.limit) ?? Number(account.attrs.zimbraContactAutoCompleteMaxResults ?? 20);
  const folderIds = idList(request.folders).map(Number);
  const folders = folderIds.length > 0 ? folderIds : [FOLDER.CONTACTS, FOLDER.EMAILED_CONTACTS];
  // includeGal defaults to off in the handler (inferred); the web client always sends includeGal=1.
  const includeGal = bool(request.includeGal) && galAllowed(account, 'zimbraFeatureGalAutoCompleteEnabled');
  const galType = text(request.t) ?? 'account';
  const ranks = rankings(mbox);
  const matches: (JsonObject & { _sortRank: number; _sortName: string })[] = [];
  const seen = new Set<string>();

  const contacts: Contact[] = mbox.list('contact').filter((c) => folders.includes(c.folderId));
  for (const c of contacts) {
    const a = c.attrs;
    const full = [a.firstName, a.lastName].filter(Boolean).join(' ');
    const nameFields = [a.firstName, a.lastName, a.nickname, full, a.company];
    for (const key of ['email', 'email2', 'email3']) {
      const email = a[key];
      if (!email) continue;
      if (!prefixMatch(name, [...nameFields, email])) continue;
      if (seen.has(email.toLowerCase())) continue;
      seen.add(email.toLowerCase());
      const rank = ranks.get(email.toLowerCase()) ?? 0;
      const m: JsonObject & { _sortRank: number; _sortName: string } = {
        email: formatted(full || undefined, email),
        type: 'contact',
        ranking: String(rank),
        isGroup: false,
        id: String(c.id),
        l: String(c.folderId),
        _sortRank: rank,
        _sortName: full,
      };
      if (a.firstName) m.first = a.firstName;
      if (a.lastName) m.last = a.lastName;
      if (full) m.full = full;
      if (a.nickname) m.nick = a.nickname;
      if (a.company) m.company = a.company;
      m.fileas = a.fileAs ?? '1';
      matches.push(m);
    }
  }
  const galByEmail = new Map(ctx.world.gal.map((g) => [g.email.toLowerCase(), g]));
  for (const [email, rank] of ranks) {
    if (seen.has(email) || galByEmail.has(email) || !prefixMatch(name, [email])) continue;
    seen.add(email);
    matches.push({
      email,
      type: 'rankingTable',
      ranking: String(rank),
      isGroup: false,
      _sortRank: rank,
      _sortName: email,
    });
  }
  if (includeGal) {
    for (const g of galMatches(ctx.world, name, galType)) {
      if (seen.has(g.email.toLowerCase())) continue;
      seen.add(g.email.toLowerCase());
      const m: JsonObject & { _sortRank: number; _sortName: string } = {
        email: formatted(g.fullName, g.email),
        type: 'gal',
        ranking: String(ranks.get(g.email.toLowerCase()) ?? 0),
        isGroup: g.type === 'group',
        display: g.fullName,
        _sortRank: ranks.get(g.email.toLowerCase()) ?? 0,
        _sortName: g.fullName,
      };
      if (g.type === 'group' && bool(request.needExp)) m.exp = true;
      if (g.firstName) m.first = g.firstName;
      if (g.lastName) m.last = g.lastName;
      m.full = g.fullName;
      matches.push(m);
    }
  }
  matches.sort((a, b) => b._sortRank - a._sortRank || a._sortName.localeCompare(b._sortName, 'fr'));
  const truncated = matches.length > max;
  const out = matches.slice(0, max).map(({ _sortRank: _r, _sortName: _n, ...m }) => m);
  return { canBeCached: !truncated, match: out };
});

function galCn(g: GalEntry, idOnly = false): JsonObject {
  if (idOnly) return { id: g.id };
  const attrs: JsonObject = {
    email: g.email,
    fullName: g.fullName,
    type: g.type,
    objectClass: ['inetOrgPerson', 'zimbraAccount'],
  };
  if (g.firstName) attrs.firstName = g.firstName;
  if (g.lastName) attrs.lastName = g.lastName;
  if (g.title) attrs.jobTitle = g.title;
  if (g.department) attrs.department = g.department;
  if (g.phone) attrs.workPhone = g.phone;
  if (g.type !== 'group') attrs.company = 'Région Occitanie';
  if (g.type === 'resource') {
    attrs.zimbraCalResType = 'Location';
    attrs.objectClass = ['inetOrgPerson', 'zimbraCalendarResource'];
  }
  if (g.type === 'group') attrs.objectClass = ['zimbraDistributionList'];
  return { id: g.id, ref: g.id, _attrs: attrs };
}

register('SearchGalRequest', NS.account, (ctx, request) => {
  const { account } = requireAuth(ctx);
  if (!galAllowed(account, 'zimbraFeatureGalEnabled')) throw faults.permDenied('cannot search GAL');
  const name = (text(request.name) ?? '').trim();
  const type = text(request.type) ?? 'account';
  const limit = int(request.limit) ?? 100;
  const offset = int(request.offset) ?? 0;
  const all =
    name === '' || name === '*' || name === '.'
      ? ctx.world.gal.filter((g) => !g.deleted && (type === 'all' || g.type === type))
      : galMatches(ctx.world, name.replace(/\*$/, ''), type);
  all.sort((a, b) => a.fullName.localeCompare(b.fullName, 'fr'));
  const page = all.slice(offset, offset + limit);
  return {
    sortBy: text(request.sortBy) ?? 'nameAsc',
    offset,
    more: offset + limit < all.length,
    paginationSupported: true,
    cn: page.map((g) => galCn(g)),
  };
});

register('AutoCompleteGalRequest', NS.account, (ctx, request) => {
  const { account } = requireAuth(ctx);
  if (!galAllowed(account, 'zimbraFeatureGalAutoCompleteEnabled')) throw faults.permDenied('cannot autocomplete GAL');
  const name = text(request.name) ?? '';
  const limit = int(request.limit) ?? 20;
  const found = galMatches(ctx.world, name, text(request.type) ?? 'account');
  return { more: found.length > limit, tokenizeKey: 'and', cn: found.slice(0, limit).map((g) => galCn(g)) };
});

/** GAL sync tokens: an LDAP-style timestamp plus the GAL change counter (opaque to clients; format inferred). */
function galToken(world: World, counter: number): string {
  const d = new Date(world.now());
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.000Z_${counter}`;
}

register('SyncGalRequest', NS.account, (ctx, request) => {
  const { account } = requireAuth(ctx);
  const { world } = ctx;
  if (!galAllowed(account, 'zimbraFeatureGalSyncEnabled')) throw faults.permDenied('cannot sync GAL');
  const tokenText = text(request.token);
  let since = 0;
  if (tokenText) {
    const m = /_(\d+)$/.exec(tokenText);
    if (!m) throw faults.invalidRequest(`invalid GAL sync token: ${tokenText}`);
    since = Number(m[1]);
  }
  const limit = int(request.limit);
  const idOnly = bool(request.idOnly);
  const changed = world.gal
    .filter((g) => g.changed > since && (!g.deleted || since > 0))
    .sort((a, b) => a.changed - b.changed);
  const page = limit && limit > 0 ? changed.slice(0, limit) : changed;
  const more = page.length < changed.length;
  const last = more ? page.at(-1)!.changed : world.galChange;
  const res: JsonObject = { token: galToken(world, last) };
  if (more) {
    res.more = true;
    res.remain = changed.length - page.length;
  }
  const live = page.filter((g) => !g.deleted);
  const deleted = page.filter((g) => g.deleted);
  if (live.length) res.cn = live.map((g) => galCn(g, idOnly));
  if (deleted.length) res.deleted = deleted.map((g) => ({ id: g.id }));
  return res;
});
