// The folder tree as the server lists it, with each well-known folder's role: from SPECIAL-USE (RFC 6154)
// when the server offers it, else from its name, French names included. Folders of the other users' and the
// shared namespaces (BlueMind's `Autres utilisateurs/`, `Dossiers partagés/`, read from NAMESPACE, never
// hard-coded) are listed but never take a role: someone else's Sent is not ours.
import type { ListResponse, NamespacesObject } from 'imapflow';
import type { FolderRole } from '../../core/model';
import type { RemoteFolder } from '../../core/mail/remote';

const bySpecialUse: Record<string, FolderRole> = {
  '\\Inbox': 'inbox',
  '\\Sent': 'sent',
  '\\Drafts': 'drafts',
  '\\Trash': 'trash',
  '\\Junk': 'junk',
  '\\Archive': 'archive',
};

// Names imapflow's own guess does not know, lower-cased and without diacritics.
const byName: Record<string, FolderRole> = {
  outbox: 'outbox',
  "boite d'envoi": 'outbox',
  'boite d envoi': 'outbox',
  'elements supprimes': 'trash',
  'messages supprimes': 'trash',
  'deleted items': 'trash',
  pourriel: 'junk',
  pourriels: 'junk',
  spam: 'junk',
  'elements envoyes': 'sent',
  'sent items': 'sent',
};

const plain = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’`]/g, "'").trim();

/** The prefixes of the namespaces that are not the user's own mailbox. */
export function foreignPrefixes(namespaces: NamespacesObject | undefined): string[] {
  if (!namespaces) return [];
  return [...(namespaces.other || []), ...(namespaces.shared || [])]
    .map((namespace) => namespace.prefix)
    .filter((prefix) => prefix.length > 0);
}

export function toRemoteFolders(entries: ListResponse[], namespaces: NamespacesObject | undefined): RemoteFolder[] {
  const foreign = foreignPrefixes(namespaces);
  const isForeign = (path: string) =>
    foreign.some((prefix) => path === prefix.replace(/[/.]$/, '') || path.startsWith(prefix));
  const taken = new Set<FolderRole>();
  // Roles the server declares come first: a folder merely named like one never displaces them.
  const ranked = [...entries].sort((a, b) => rank(a) - rank(b));
  const roles = new Map<string, FolderRole>();
  for (const entry of ranked) {
    if (isForeign(entry.path)) continue;
    const role = roleOf(entry);
    if (role && !taken.has(role)) {
      taken.add(role);
      roles.set(entry.path, role);
    }
  }
  return entries.map((entry) => ({
    path: entry.path,
    name: entry.name || entry.path,
    parentPath: entry.parentPath ? entry.parentPath : null,
    role: roles.get(entry.path) ?? null,
    selectable: !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent'),
  }));
}

function roleOf(entry: ListResponse): FolderRole | null {
  if (entry.path.toUpperCase() === 'INBOX') return 'inbox';
  const declared = entry.specialUse ? bySpecialUse[entry.specialUse] : undefined;
  if (declared) return declared;
  return entry.parentPath ? null : (byName[plain(entry.name)] ?? null);
}

function rank(entry: ListResponse): number {
  if (entry.specialUseSource === 'extension' || entry.specialUseSource === 'user') return 0;
  return entry.specialUse ? 1 : 2;
}
