// Item actions (§3.5, §5): MsgActionRequest, ConvActionRequest (with `tcon`), ItemActionRequest (incl. Briefcase
// `lock`/`unlock`) and FolderActionRequest. The response echoes the id list as given — even ids a constraint
// skipped — in a single `action` object.
import { faults } from './faults';
import { validateName } from './mail';
import { childFolders, convMessages } from './render';
import { NS, checkChange, register, requireAuth, type SoapContext } from './soap';
import {
  FOLDER,
  setFlag,
  type Account,
  type Folder,
  type Item,
  type Mailbox,
  type Message,
  type MutationTx,
} from './state';
import { child, idList, int, text, type JsonObject } from './values';

interface ActionArgs {
  op: string;
  l?: number;
  tn?: string;
  f?: string;
  color?: number;
  name?: string;
}

function parseAction(request: JsonObject): { ids: string[]; idText: string; args: ActionArgs; action: JsonObject } {
  const action = child(request.action);
  if (!action) throw faults.invalidRequest('missing action');
  const op = text(action.op);
  if (!op) throw faults.invalidRequest('missing op');
  const idText = text(action.id) ?? '';
  const l = text(action.l);
  return {
    ids: idList(idText),
    idText,
    action,
    args: {
      op,
      l: l !== undefined ? Number(l) : undefined,
      tn: text(action.tn),
      f: text(action.f),
      color: int(action.color),
      name: text(action.name),
    },
  };
}

/** Applies one op to one item inside a mutation; returns false when the op does not apply to the item kind. */
function applyOp(mbox: Mailbox, tx: MutationTx, item: Item, a: ActionArgs, actor: Account): void {
  const move = (to: number) => {
    if (!mbox.folder(to)) throw faults.noSuchFolder(String(to));
    if (item.folderId === to) return;
    tx.countsChanged(item.folderId);
    item.folderId = to;
    tx.touch(item, ['l']);
  };
  const flag = (flag: string, on: boolean) => {
    if (setFlag(item, flag, on)) tx.touch(item, ['f']);
  };
  switch (a.op) {
    case 'read':
      return flag('u', false);
    case '!read':
      return flag('u', true);
    case 'flag':
      return flag('f', true);
    case '!flag':
      return flag('f', false);
    case 'tag':
    case '!tag': {
      if (!a.tn) throw faults.invalidRequest('missing tn');
      const has = item.tags.includes(a.tn);
      if (a.op === 'tag' && !has) item.tags.push(a.tn);
      else if (a.op === '!tag' && has) item.tags = item.tags.filter((t) => t !== a.tn);
      else return;
      tx.touch(item, ['tn']);
      return;
    }
    case 'move':
      if (a.l === undefined) throw faults.invalidRequest('missing l');
      return move(a.l);
    case 'trash':
      return move(FOLDER.TRASH);
    case 'spam':
      return move(FOLDER.JUNK);
    case '!spam':
      return move(a.l ?? FOLDER.INBOX);
    case 'delete':
      if (item.kind === 'document' && item.lock && item.lock.ownerId !== actor.id)
        throw faults.locked(item.id, item.lock.email);
      tx.remove(item);
      if (item.kind === 'message' && item.convId !== null) {
        const rest = convMessages(mbox, String(item.convId));
        const conv = mbox.get(item.convId, 'conversation');
        if (rest.length === 0 && conv) tx.remove(conv);
      }
      return;
    case 'color':
      item.color = a.color ?? 0;
      tx.touch(item, ['color']);
      return;
    case 'rename': {
      const name = validateName(a.name);
      if (item.kind !== 'document' && item.kind !== 'folder' && item.kind !== 'tag')
        throw faults.invalidRequest('cannot rename');
      if (item.kind === 'folder' && item.system) throw faults.immutable(item.id);
      item.name = name;
      tx.touch(item, ['name']);
      return;
    }
    case 'update': {
      if (a.l !== undefined) move(a.l);
      if (a.f !== undefined) {
        const keep = item.flags.replace(/[^as/d]/g, ''); // system flags stay; user flags are replaced
        const next = keep + a.f.replace(/[as/d]/g, '');
        if (next !== item.flags) {
          item.flags = next;
          tx.touch(item, ['f']);
        }
      }
      if (a.tn !== undefined) {
        item.tags = a.tn ? a.tn.split(',') : [];
        tx.touch(item, ['tn']);
      }
      if (a.color !== undefined) {
        item.color = a.color;
        tx.touch(item, ['color']);
      }
      if (a.name !== undefined && item.kind === 'document') {
        item.name = validateName(a.name);
        tx.touch(item, ['name']);
      }
      return;
    }
    case 'lock':
    case 'unlock': {
      if (item.kind !== 'document') throw faults.invalidRequest(`cannot ${a.op} a ${item.kind}`);
      if (a.op === 'lock') {
        // Locked by someone else → CANNOT_LOCK; re-locking one's own lock is a no-op.
        if (item.lock && item.lock.ownerId !== actor.id) throw faults.cannotLock(item.id);
        if (item.lock) return;
        item.lock = { ownerId: actor.id, email: actor.name, time: tx.now };
      } else {
        if (!item.lock) return;
        // Unlock by a non-owner needs admin rights on the folder; the mailbox owner has them (§5).
        if (item.lock.ownerId !== actor.id && mbox.account.id !== actor.id) throw faults.cannotUnlock(item.id);
        item.lock = undefined;
      }
      tx.touch(item, ['lock']);
      return;
    }
    default:
      throw faults.invalidRequest(`unknown operation: ${a.op}`);
  }
}

function runAction(ctx: SoapContext, items: Item[], args: ActionArgs): void {
  const { mbox, account } = requireAuth(ctx);
  for (const item of items) checkChange(ctx, item);
  mbox.mutate((tx) => {
    for (const item of items) applyOp(mbox, tx, item, args, account);
  });
}

register('MsgActionRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const { ids, idText, args } = parseAction(request);
  const msgs = ids.map((id) => {
    const m = mbox.get(Number(id), 'message');
    if (!m) throw faults.noSuchMsg(id);
    return m;
  });
  runAction(ctx, msgs, args);
  return { action: { id: idText, op: args.op } };
});

/** `tcon`: t trash, j junk, s sent, d drafts, o other; a leading `-` negates (§3.5). */
function tconAllows(tcon: string | undefined, m: Message): boolean {
  if (!tcon) return true;
  const negate = tcon.startsWith('-');
  const letters = negate ? tcon.slice(1) : tcon;
  const cls =
    m.folderId === FOLDER.TRASH
      ? 't'
      : m.folderId === FOLDER.JUNK
        ? 'j'
        : m.folderId === FOLDER.SENT
          ? 's'
          : m.folderId === FOLDER.DRAFTS
            ? 'd'
            : 'o';
  const inSet = letters.includes(cls);
  return negate ? !inSet : inSet;
}

register('ConvActionRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const { ids, idText, args, action } = parseAction(request);
  const tcon = text(action.tcon);
  const msgs: Message[] = [];
  for (const id of ids) {
    const inConv = convMessages(mbox, id);
    if (inConv.length === 0) throw faults.noSuchConv(id);
    msgs.push(...inConv.filter((m) => tconAllows(tcon, m)));
  }
  runAction(ctx, msgs, args);
  return { action: { id: idText, op: args.op } };
});

register('ItemActionRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const { ids, idText, args } = parseAction(request);
  const items: Item[] = [];
  for (const id of ids) {
    if (id.startsWith('-')) {
      const conv = convMessages(mbox, id);
      if (conv.length === 0) throw faults.noSuchItem(id);
      items.push(...conv);
      continue;
    }
    const item = mbox.items.get(Number(id));
    if (!item || item.id === FOLDER.MAILBOX_ROOT) throw faults.noSuchItem(id);
    if (item.kind === 'conversation') items.push(...convMessages(mbox, String(item.id)));
    else items.push(item);
  }
  runAction(ctx, items, args);
  return { action: { id: idText, op: args.op } };
});

register('FolderActionRequest', NS.mail, (ctx, request) => {
  const { mbox } = requireAuth(ctx);
  const { ids, idText, args } = parseAction(request);
  const folders = ids.map((id) => {
    const f = mbox.folder(Number(id));
    if (!f) throw faults.noSuchFolder(id);
    return f;
  });
  for (const f of folders) checkChange(ctx, f);
  mbox.mutate((tx) => {
    for (const f of folders) folderOp(mbox, tx, f, args);
  });
  return { action: { id: idText, op: args.op } };
});

function contentsOf(mbox: Mailbox, folderId: number): Item[] {
  return [...mbox.items.values()].filter(
    (i) => i.folderId === folderId && i.kind !== 'folder' && i.kind !== 'conversation' && i.kind !== 'tag',
  );
}

function folderOp(mbox: Mailbox, tx: MutationTx, f: Folder, a: ActionArgs): void {
  const system = f.system;
  switch (a.op) {
    case 'read':
      for (const m of contentsOf(mbox, f.id)) if (m.kind === 'message' && setFlag(m, 'u', false)) tx.touch(m, ['f']);
      return;
    case 'rename':
      if (system) throw faults.immutable(f.id);
      f.name = validateName(a.name);
      tx.touch(f, ['name']);
      return;
    case 'move':
    case 'trash': {
      if (system) throw faults.immutable(f.id);
      const to = a.op === 'trash' ? FOLDER.TRASH : a.l;
      if (to === undefined || !mbox.folder(to)) throw faults.noSuchFolder(String(to));
      f.folderId = to;
      tx.touch(f, ['l']);
      return;
    }
    case 'color':
      f.color = a.color ?? 0;
      tx.touch(f, ['color']);
      return;
    case 'empty':
    case 'delete': {
      if (a.op === 'delete' && system) throw faults.immutable(f.id);
      const removeTree = (folder: Folder, includeSelf: boolean) => {
        for (const c of childFolders(mbox, folder.id)) removeTree(c, true);
        for (const i of contentsOf(mbox, folder.id)) tx.remove(i);
        if (includeSelf) tx.remove(folder);
      };
      removeTree(f, a.op === 'delete');
      // Conversations left without messages disappear too.
      for (const c of mbox.list('conversation')) if (convMessages(mbox, String(c.id)).length === 0) tx.remove(c);
      return;
    }
    default:
      throw faults.invalidRequest(`unknown operation: ${a.op}`);
  }
}
