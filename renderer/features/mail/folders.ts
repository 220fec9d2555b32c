import type { FolderRole, MailFolder } from '../../../preload/contract';

const roleOrder: readonly FolderRole[] = ['inbox', 'drafts', 'sent', 'outbox', 'archive', 'junk', 'trash'];

export interface FolderNode {
  folder: MailFolder;
  children: FolderNode[];
}

function rank(folder: MailFolder): number {
  const index = folder.role ? roleOrder.indexOf(folder.role) : -1;
  return index < 0 ? roleOrder.length : index;
}

/** Nests folders under their parents: special folders first in the usual order, then the others by name. */
export function buildFolderTree(folders: readonly MailFolder[], locale: string): FolderNode[] {
  const ids = new Set(folders.map((f) => f.id));
  const byParent = new Map<string | null, MailFolder[]>();
  for (const folder of folders) {
    // A folder whose parent is missing is shown at the top rather than lost.
    const parent = folder.parentId !== null && ids.has(folder.parentId) ? folder.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), folder]);
  }
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const build = (parent: string | null): FolderNode[] =>
    (byParent.get(parent) ?? [])
      .toSorted((a, b) => rank(a) - rank(b) || collator.compare(a.name, b.name))
      .map((folder) => ({ folder, children: build(folder.id) }));
  return build(null);
}

export function defaultFolder(folders: readonly MailFolder[]): MailFolder | undefined {
  return folders.find((f) => f.role === 'inbox') ?? folders[0];
}
