// Documents (brief §4.1, §4.5): the JCR-like node tree with access rules, versions and the eXo path layout.
import type { Emu } from './context';
import { type DocNode, type Space, type State, findUser, spaceByPrettyName, userHomePath } from './state';
import { baseName, mimeFromName, normPath, parentPath, uuidFrom } from './util';

// ---------------------------------------------------------------------------------------------------------------
// Access control

/** The space owning a path under /Groups/spaces/<pretty>/…, if any. */
export function spaceOfPath(state: State, path: string): Space | undefined {
  const m = /^\/Groups\/spaces\/([^/]+)(\/|$)/.exec(path);
  return m?.[1] ? spaceByPrettyName(state, m[1]) : undefined;
}

/** The user owning a path under /Users/x___/xx___/xxx___/<user>/…, if any. */
export function userOfPath(path: string): string | undefined {
  const m = /^\/Users\/[^/]+\/[^/]+\/[^/]+\/([^/]+)(\/|$)/.exec(path);
  return m?.[1];
}

/** Structural folders everybody may list (their children are filtered by access). */
function isStructural(path: string): boolean {
  return (
    path === '/' ||
    path === '/Users' ||
    path === '/Groups' ||
    path === '/Groups/spaces' ||
    /^\/Users\/[^/]+(\/[^/]+)?(\/[^/]+)?$/.test(path)
  );
}

export function canRead(state: State, username: string, path: string): boolean {
  const user = findUser(state, username);
  if (!user) return false;
  if (user.isAdmin) return true;
  if (isStructural(path)) return true;
  const owner = userOfPath(path);
  if (owner !== undefined) {
    if (owner === username) return true;
    // The home node and its Public folder are readable by all users; Private is the owner's.
    const home = userHomePath(owner);
    if (path === home || path === `${home}/Public` || path.startsWith(`${home}/Public/`)) return true;
    const node = state.docs.get(path);
    return !!node && node.sharedWith.includes(username);
  }
  const space = spaceOfPath(state, path);
  if (space) return space.members.includes(username);
  return false;
}

export function canWrite(state: State, username: string, path: string): boolean {
  const user = findUser(state, username);
  if (!user) return false;
  if (isStructural(path)) return user.isAdmin;
  const owner = userOfPath(path);
  if (owner !== undefined) return owner === username || user.isAdmin;
  const space = spaceOfPath(state, path);
  if (space) return space.members.includes(username);
  return user.isAdmin;
}

// ---------------------------------------------------------------------------------------------------------------
// Tree operations

export function childrenOf(state: State, path: string): DocNode[] {
  const prefix = path === '/' ? '/' : path + '/';
  const out: DocNode[] = [];
  for (const n of state.docs.values()) {
    if (n.path.startsWith(prefix) && n.path !== path && !n.path.slice(prefix.length).includes('/')) out.push(n);
  }
  return out;
}

export function descendantsOf(state: State, path: string): DocNode[] {
  const prefix = path === '/' ? '/' : path + '/';
  return [...state.docs.values()].filter((n) => n.path.startsWith(prefix) && n.path !== path);
}

function newNode(emu: Emu, path: string, folder: boolean, author: string, mimeType: string): DocNode {
  emu.state.counters.node++;
  const now = emu.nowMs();
  return {
    id: uuidFrom(`node:${emu.state.counters.node}:${path}`),
    path,
    folder,
    mimeType: folder ? 'nt:folder' : mimeType,
    size: 0,
    createdAt: now,
    modifiedAt: now,
    creator: author,
    modifier: author,
    description: '',
    versions: [],
    versionCount: folder ? 0 : 1,
    views: 0,
    sharedWith: [],
  };
}

/** Creates a folder and its missing ancestors. */
export async function ensureFolder(emu: Emu, path: string, author: string): Promise<DocNode> {
  const p = normPath(path);
  const existing = emu.state.docs.get(p);
  if (existing) return existing;
  if (p !== '/') await ensureFolder(emu, parentPath(p), author);
  const node = newNode(emu, p, true, author, 'nt:folder');
  emu.state.docs.set(p, node);
  await emu.store.mkdir(p);
  return node;
}

export type ExistenceAction = 'createVersion' | 'replace' | 'keepBoth';

/**
 * Writes a file. An existing file gets a new version (ECMS update-policy=create-version, brief §4.5), unless
 * existence is 'replace' (content overwritten, no version) or 'keepBoth' (a sibling "name (1).ext" is created).
 */
export async function saveFile(
  emu: Emu,
  args: { path: string; data: Buffer; author: string; mimeType?: string; existence?: ExistenceAction },
): Promise<DocNode> {
  let path = normPath(args.path);
  let node = emu.state.docs.get(path);
  if (node && args.existence === 'keepBoth') {
    const name = baseName(path);
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const ext = dot > 0 ? name.slice(dot) : '';
    for (let i = 1; ; i++) {
      const candidate = `${parentPath(path) === '/' ? '' : parentPath(path)}/${stem}(${i})${ext}`;
      if (!emu.state.docs.has(candidate)) {
        path = candidate;
        break;
      }
    }
    node = undefined;
  }
  const now = emu.nowMs();
  if (node) {
    if (node.folder) throw new Error('is a folder');
    if (args.existence !== 'replace') {
      node.versions.push({
        name: String(node.versionCount),
        content: await emu.store.read(node.path),
        mimeType: node.mimeType,
        modifiedAt: node.modifiedAt,
        author: node.modifier,
        summary: '',
      });
      node.versionCount++;
    }
    node.modifiedAt = Math.max(now, node.modifiedAt + 1);
    node.modifier = args.author;
    node.size = args.data.length;
    if (args.mimeType) node.mimeType = args.mimeType;
  } else {
    node = newNode(emu, path, false, args.author, args.mimeType ?? mimeFromName(path));
    node.size = args.data.length;
    emu.state.docs.set(path, node);
  }
  await emu.store.write(path, args.data);
  return node;
}

export async function readContent(emu: Emu, node: DocNode, version?: string | null): Promise<Buffer | null> {
  if (version === undefined || version === null || version === '' || version === String(node.versionCount)) {
    return emu.store.read(node.path);
  }
  const v = node.versions.find((x) => x.name === version);
  return v ? v.content : null;
}

export async function deleteNode(emu: Emu, path: string): Promise<void> {
  for (const n of descendantsOf(emu.state, path)) emu.state.docs.delete(n.path);
  emu.state.docs.delete(path);
  await emu.store.remove(path);
}

export async function moveNode(emu: Emu, from: string, to: string, copy: boolean): Promise<void> {
  const nodes = [emu.state.docs.get(from), ...descendantsOf(emu.state, from)].filter((n): n is DocNode => !!n);
  for (const n of nodes) {
    const newPath = to + n.path.slice(from.length);
    if (copy) {
      emu.state.counters.node++;
      emu.state.docs.set(newPath, {
        ...n,
        id: uuidFrom(`node:${emu.state.counters.node}:${newPath}`),
        path: newPath,
        versions: [],
        versionCount: n.folder ? 0 : 1,
        createdAt: emu.nowMs(),
        modifiedAt: emu.nowMs(),
        sharedWith: [],
      });
    } else {
      emu.state.docs.delete(n.path);
      n.path = newPath;
      emu.state.docs.set(newPath, n);
    }
  }
  if (copy) await emu.store.copy(from, to);
  else await emu.store.move(from, to);
}

export function nodeById(state: State, id: string | null): DocNode | undefined {
  if (!id) return undefined;
  for (const n of state.docs.values()) if (n.id === id) return n;
  return undefined;
}

/** WebDAV ETag: `<nodeIdentifier><lastModifiedMillis>`, unquoted (brief §4.5). */
export function etagOf(node: DocNode): string {
  return `${node.id}${node.modifiedAt}`;
}
