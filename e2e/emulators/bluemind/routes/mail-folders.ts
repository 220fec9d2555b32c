// IMailboxFolders at /api/mail_folders/{partition}/{mailboxRoot} (brief §4.2, §4.7 step 2, §4.8, E5, E6, E13).

import { mailboxOfUser, requireMailbox, verbAllows, mailboxVerb } from '../access.js';
import { idChangeset, itemVersionChangeset, uidChangeset, type ChangesetSource } from '../changelog.js';
import { Fault, json, noContent, ok, orNull, type Ctx } from '../http.js';
import { folderJson } from '../mailjson.js';
import { folderWeight, containerFlags } from '../mailstore.js';
import { type Message, hasAttachment, plainText, preview } from '../mime.js';
import { type Folder, type Mailbox, type MailRecord } from '../model.js';
import { fold } from '../querystring.js';
import { type RouteSpec } from '../router.js';
import { matchesFlagFilter, type ItemFlagFilter } from './mail-items.js';

const P = '/api/mail_folders/{partition}/{mailboxRoot}';

function sortedFolders(mailbox: Mailbox): Folder[] {
  return [...mailbox.folders.values()].sort((a, b) => folderWeight(a) - folderWeight(b) || a.internalId - b.internalId);
}

function folderSource(mailbox: Mailbox, filter?: ItemFlagFilter): ChangesetSource<Folder> {
  return {
    live: (id) => mailbox.folders.get(id),
    all: () => [...mailbox.folders.values()],
    idOf: (f) => f.internalId,
    versionOf: (f) => f.version,
    timestampOf: (f) => f.updated,
    order: (a, b) => folderWeight(a) - folderWeight(b) || a.internalId - b.internalId,
    ...(filter ? { matches: () => matchesFlagFilter([], filter) } : {}),
  };
}

function since(ctx: Ctx): number {
  return Number(ctx.query.get('since') ?? '0') || 0;
}

function folderById(mailbox: Mailbox, id: number): Folder {
  const f = mailbox.folders.get(id);
  if (!f) throw new Fault('NOT_FOUND', `folder ${id} not found`);
  return f;
}

function itemIdentifier(f: Folder) {
  return { uid: f.uid, id: f.internalId, version: f.version, timestamp: f.updated };
}

interface MailboxFolderBody {
  name?: string;
  fullName?: string;
  parentUid?: string | null;
}

function resolveNames(
  mailbox: Mailbox,
  body: MailboxFolderBody,
): { name: string; fullName: string; parentUid: string | null } {
  const parent = body.parentUid ? [...mailbox.folders.values()].find((f) => f.uid === body.parentUid) : undefined;
  if (body.parentUid && !parent) throw new Fault('NOT_FOUND', `parent folder ${body.parentUid} not found`);
  const name = body.name ?? body.fullName?.split('/').pop() ?? '';
  if (!name) throw new Fault('INVALID_PARAMETER', 'folder name is required');
  const fullName = parent ? `${parent.fullName}/${name}` : (body.fullName ?? name);
  return { name, fullName, parentUid: parent?.uid ?? null };
}

function createBasic(ctx: Ctx) {
  const mailbox = requireMailbox(ctx, 'write');
  const spec = resolveNames(mailbox, ctx.body<MailboxFolderBody>() ?? {});
  // Idempotent by fullName: an existing folder is returned as is (brief §4.2).
  const existing = ctx.state.mail.folderByName(mailbox, spec.fullName);
  if (existing) return json(itemIdentifier(existing));
  return json(itemIdentifier(ctx.state.mail.createFolder(mailbox, spec)));
}

function createForHierarchy(ctx: Ctx) {
  const mailbox = requireMailbox(ctx, 'write');
  const id = Number(ctx.params.hierarchyId);
  const spec = resolveNames(mailbox, ctx.body<MailboxFolderBody>() ?? {});
  const byName = ctx.state.mail.folderByName(mailbox, spec.fullName);
  if (byName) return json(itemIdentifier(byName));
  if (mailbox.folders.has(id)) throw new Fault('ALREADY_EXISTS', `folder ${id} already exists`);
  return json(itemIdentifier(ctx.state.mail.createFolder(mailbox, spec, id)));
}

function updateFolder(ctx: Ctx) {
  const mailbox = requireMailbox(ctx, 'write');
  const folder = folderById(mailbox, Number(ctx.params.id));
  const body = ctx.body<MailboxFolderBody>() ?? {};
  const spec = resolveNames(mailbox, {
    name: body.name ?? folder.name,
    parentUid: body.parentUid === undefined ? folder.parentUid : body.parentUid,
    fullName: body.fullName ?? folder.fullName,
  });
  const oldPrefix = `${folder.fullName}/`;
  folder.name = spec.name;
  folder.parentUid = spec.parentUid;
  const newFull = spec.fullName;
  // Renaming/moving a folder renames its subtree.
  for (const f of mailbox.folders.values()) {
    if (f.fullName.startsWith(oldPrefix)) {
      f.fullName = `${newFull}/${f.fullName.slice(oldPrefix.length)}`;
      ctx.state.mail.updateFolder(mailbox, f, false);
    }
  }
  folder.fullName = newFull;
  ctx.state.mail.updateFolder(mailbox, folder, false);
  return json({ version: mailbox.hierarchy.version, timestamp: folder.updated });
}

function descendants(mailbox: Mailbox, folder: Folder): Folder[] {
  return [...mailbox.folders.values()].filter((f) => f.fullName.startsWith(`${folder.fullName}/`));
}

function moveAllToTrash(ctx: Ctx, mailbox: Mailbox, folder: Folder): void {
  const trash = ctx.state.mail.specialFolder(mailbox, 'Trash');
  if (!trash || trash === folder || folder.records.size === 0) return;
  ctx.state.mail.transfer({ mailbox, folder }, { mailbox, folder: trash }, [...folder.records.keys()], true);
  ctx.state.mail.recordsEvent(mailbox, trash);
}

function removeMessages(ctx: Ctx, mailbox: Mailbox, folder: Folder): void {
  if (folder.records.size === 0) return;
  for (const id of [...folder.records.keys()]) ctx.state.mail.expunge(mailbox, folder, id);
  ctx.state.mail.recordsEvent(mailbox, folder);
}

function deleteFolder(ctx: Ctx) {
  const mailbox = requireMailbox(ctx, 'write');
  const folder = folderById(mailbox, Number(ctx.params.id));
  if (descendants(mailbox, folder).length) {
    throw new Fault('INVALID_PARAMETER', `folder ${folder.fullName} has subfolders (use deep delete)`);
  }
  moveAllToTrash(ctx, mailbox, folder);
  ctx.state.mail.deleteFolder(mailbox, folder);
  return ok();
}

function deepDelete(ctx: Ctx) {
  const mailbox = requireMailbox(ctx, 'write');
  const folder = folderById(mailbox, Number(ctx.params.id));
  for (const f of [...descendants(mailbox, folder).reverse(), folder]) ctx.state.mail.deleteFolder(mailbox, f);
  return ok();
}

function markAsRead(ctx: Ctx) {
  const mailbox = requireMailbox(ctx, 'write');
  const folder = folderById(mailbox, Number(ctx.params.id));
  let changed = false;
  for (const r of folder.records.values()) {
    if (!r.flags.includes('\\Seen')) {
      ctx.state.mail.setFlags(mailbox, folder, r, [...r.flags, '\\Seen'], ctx.user().uid);
      changed = true;
    }
  }
  if (changed) ctx.state.mail.recordsEvent(mailbox, folder);
  return ok();
}

interface ImportItemSet {
  mailboxFolderId?: number;
  ids?: { id: number }[];
  expectedIds?: { id: number }[] | null;
  deleteFromSource?: boolean;
}

/** Copy/move by folder internal ids (brief §4.2, E13); how the webmail moves a draft into Outbox. */
function importItems(ctx: Ctx) {
  const state = ctx.state;
  const destMailbox = requireMailbox(ctx, 'write');
  const dest = folderById(destMailbox, Number(ctx.params.destinationFolderId));
  const body = ctx.body<ImportItemSet>() ?? {};
  let source: { mailbox: Mailbox; folder: Folder } | undefined;
  for (const m of state.mail.mailboxes.values()) {
    const f = m.folders.get(Number(body.mailboxFolderId));
    if (f) source = { mailbox: m, folder: f };
  }
  if (!source) throw new Fault('NOT_FOUND', `source folder ${body.mailboxFolderId} not found`);
  const needSource = body.deleteFromSource ? 'write' : 'read';
  if (!verbAllows(mailboxVerb(source.mailbox, ctx.user().uid), needSource)) {
    throw new Fault('PERMISSION_DENIED', `no ${needSource} access to folder ${source.folder.fullName}`);
  }
  const ids = (body.ids ?? []).map((x) => Number(x.id));
  const done = state.mail.transfer(source, { mailbox: destMailbox, folder: dest }, ids, !!body.deleteFromSource);
  if (done.length) {
    state.mail.recordsEvent(destMailbox, dest);
    if (body.deleteFromSource) state.mail.recordsEvent(source.mailbox, source.folder);
  }
  const status = done.length === ids.length ? 'SUCCESS' : done.length ? 'PARTIAL' : 'ERROR';
  return json({ doneIds: done.map((d) => ({ source: d.source, destination: d.destination.internalId })), status });
}

// ---- search (brief §4.8) ----

interface FolderSearchQuery {
  query?: {
    query?: string | null;
    recordQuery?: string | null;
    maxResults?: number;
    offset?: number;
    scope?: { folderScope?: { folderUid?: string | null } | null; isDeepTraversal?: boolean } | null;
  };
  sort?: { criteria?: { field: string; order: 'Asc' | 'Desc' }[] } | null;
}

function recordMatchesQuery(record: MailRecord, recordQuery: string): boolean {
  for (const clause of recordQuery.split(/\s+AND\s+/i).map((c) => c.trim().toLowerCase())) {
    if (clause === 'is:unread' && record.flags.includes('\\Seen')) return false;
    if ((clause === 'is:read' || clause === 'is:seen') && !record.flags.includes('\\Seen')) return false;
    if (clause === 'is:flagged' && !record.flags.includes('\\Flagged')) return false;
    if (clause === 'has:attachments' && !hasAttachment(record.message)) return false;
  }
  return true;
}

function haystack(m: Message): string {
  return fold([m.subject, ...m.recipients.map((r) => `${r.dn ?? ''} ${r.address}`), plainText(m)].join(' '));
}

function search(ctx: Ctx) {
  const mailbox = requireMailbox(ctx, 'read');
  const body = ctx.body<FolderSearchQuery>() ?? {};
  const q = body.query ?? {};
  const folderUid = q.scope?.folderScope?.folderUid;
  let folders = [...mailbox.folders.values()];
  if (folderUid) {
    const root = folders.find((f) => f.uid === folderUid);
    if (!root) throw new Fault('NOT_FOUND', `folder ${folderUid} not found`);
    folders = q.scope?.isDeepTraversal ? [root, ...descendants(mailbox, root)] : [root];
  }
  const terms = fold(q.query ?? '')
    .split(/\s+/)
    .filter(Boolean);
  const hits: { folder: Folder; record: MailRecord }[] = [];
  for (const folder of folders) {
    for (const record of folder.records.values()) {
      if (record.flags.includes('\\Deleted')) continue;
      const text = haystack(record.message);
      if (!terms.every((t) => text.includes(t))) continue;
      if (q.recordQuery && !recordMatchesQuery(record, q.recordQuery)) continue;
      hits.push({ folder, record });
    }
  }
  const crit = body.sort?.criteria?.[0] ?? { field: 'date', order: 'Desc' as const };
  const key = (h: { record: MailRecord }): string | number => {
    const m = h.record.message;
    switch (crit.field) {
      case 'size':
        return plainText(m).length;
      case 'subject_kw':
        return fold(m.subject);
      case 'headers.from':
        return fold(m.recipients.find((r) => r.kind === 'Originator')?.address ?? '');
      default:
        return m.date;
    }
  };
  hits.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : 0;
    return crit.order === 'Asc' ? c : -c;
  });
  const offset = q.offset ?? 0;
  const max = q.maxResults ?? 500;
  const page = hits.slice(offset, offset + max);
  const addr = (m: Message, kind: 'Originator' | 'Primary') => {
    const r = m.recipients.find((x) => x.kind === kind);
    return r ? { displayName: r.dn ?? r.address, address: r.address, routingType: 'SMTP' } : null;
  };
  return json({
    results: page.map(({ folder, record }) => ({
      containerUid: `mbox_records_${folder.uid}`,
      itemId: record.internalId,
      subject: record.message.subject,
      size: plainText(record.message).length,
      messageClass: 'IPM.Note',
      date: record.message.date,
      from: addr(record.message, 'Originator'),
      to: addr(record.message, 'Primary'),
      seen: record.flags.includes('\\Seen'),
      flagged: record.flags.includes('\\Flagged'),
      hasAttachment: hasAttachment(record.message),
      preview: preview(record.message),
    })),
    totalResults: hits.length,
    hasMoreResults: offset + page.length < hits.length,
  });
}

export const mailFolderRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: `${P}/_all`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      return json(sortedFolders(mailbox).map((f) => folderJson(ctx.state, mailbox, f)));
    },
  },
  {
    method: 'GET',
    path: `${P}/_root`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      if (mailbox.kind === 'user') return noContent();
      const root = [...mailbox.folders.values()].find((f) => f.parentUid === null);
      return root ? json(folderJson(ctx.state, mailbox, root)) : noContent();
    },
  },
  {
    method: 'GET',
    path: `${P}/_trash`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      const trash = ctx.state.mail.specialFolder(mailbox, 'Trash');
      return trash ? json(folderJson(ctx.state, mailbox, trash)) : noContent();
    },
  },
  {
    method: 'GET',
    path: `${P}/byName/{fullName}`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      const f = ctx.state.mail.folderByName(mailbox, ctx.params.fullName ?? '');
      return f ? json(folderJson(ctx.state, mailbox, f)) : noContent();
    },
  },
  {
    method: 'GET',
    path: `${P}/{uid}/complete`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      const f = [...mailbox.folders.values()].find((x) => x.uid === ctx.params.uid);
      return f ? json(folderJson(ctx.state, mailbox, f)) : noContent();
    },
  },
  {
    method: 'GET',
    path: `${P}/{id}/completeById`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      const f = mailbox.folders.get(Number(ctx.params.id));
      return orNull(f ? folderJson(ctx.state, mailbox, f) : null);
    },
  },
  {
    method: 'POST',
    path: `${P}/_mgetById`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      const ids = ctx.body<number[]>() ?? [];
      return json(
        ids.flatMap((id) => {
          const f = mailbox.folders.get(Number(id));
          return f ? [folderJson(ctx.state, mailbox, f)] : [];
        }),
      );
    },
  },
  {
    method: 'POST',
    path: `${P}/_mget`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      const uids = ctx.body<string[]>() ?? [];
      const all = [...mailbox.folders.values()];
      return json(
        uids.flatMap((uid) => {
          const f = all.find((x) => x.uid === uid);
          return f ? [folderJson(ctx.state, mailbox, f)] : [];
        }),
      );
    },
  },
  {
    method: 'GET',
    path: `${P}/_changesetById`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      return json(idChangeset(mailbox.hierarchy, since(ctx), folderSource(mailbox)));
    },
  },
  {
    method: 'GET',
    path: `${P}/_changeset`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      return json(uidChangeset(mailbox.hierarchy, since(ctx), folderSource(mailbox), (f) => f.uid));
    },
  },
  {
    method: 'POST',
    path: `${P}/_filteredChangesetById`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'read');
      const filter = ctx.body<ItemFlagFilter>() ?? { must: [], mustNot: [] };
      return json(itemVersionChangeset(mailbox.hierarchy, since(ctx), folderSource(mailbox, filter)));
    },
  },
  { method: 'GET', path: `${P}/_version`, handler: (ctx) => json(requireMailbox(ctx, 'read').hierarchy.version) },
  { method: 'PUT', path: P, handler: createBasic },
  { method: 'PUT', path: `${P}/id/{hierarchyId}`, handler: createForHierarchy },
  { method: 'POST', path: `${P}/id/{id}`, handler: updateFolder },
  { method: 'DELETE', path: `${P}/id/{id}`, handler: deleteFolder },
  { method: 'DELETE', path: `${P}/deep/{id}`, handler: deepDelete },
  {
    method: 'DELETE',
    path: `${P}/empty/{id}`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'write');
      const folder = folderById(mailbox, Number(ctx.params.id));
      for (const f of [folder, ...descendants(mailbox, folder)]) removeMessages(ctx, mailbox, f);
      return ok();
    },
  },
  {
    method: 'DELETE',
    path: `${P}/removeMessages/{id}`,
    handler: (ctx) => {
      const mailbox = requireMailbox(ctx, 'write');
      removeMessages(ctx, mailbox, folderById(mailbox, Number(ctx.params.id)));
      return ok();
    },
  },
  { method: 'PUT', path: `${P}/markAsRead/{id}`, handler: markAsRead },
  { method: 'PUT', path: `${P}/importItems/{destinationFolderId}`, handler: importItems },
  { method: 'POST', path: `${P}/_search`, handler: search },
  {
    method: 'GET',
    path: '/api/inbox/{domainUid}/{userUid}/_unseen',
    handler: (ctx) => {
      if (ctx.params.userUid !== ctx.user().uid) throw new Fault('PERMISSION_DENIED', 'not your inbox');
      const mailbox = mailboxOfUser(ctx.state, ctx.user().uid);
      const inbox = ctx.state.mail.folderByName(mailbox, 'INBOX');
      const unseen = [...(inbox?.records.values() ?? [])].filter(
        (r) => !containerFlags(r.flags).includes('Seen') && !r.flags.includes('\\Deleted'),
      );
      return json(unseen.length);
    },
  },
];
