import type { MailFolderRecord } from '../../../core/ports';
import { demoId } from '../ids';
import type { FolderKey } from './plan';

interface FolderSpec {
  key: FolderKey;
  name: string;
  role: MailFolderRecord['role'];
  parent?: FolderKey;
}

/** The folder tree; the archive of last year is named after that year. */
export function demoFolders(year: number): { records: MailFolderRecord[]; ids: Record<FolderKey, string> } {
  const specs: FolderSpec[] = [
    { key: 'inbox', name: 'Boîte de réception', role: 'inbox' },
    { key: 'marches', name: 'Marchés publics', role: null, parent: 'inbox' },
    { key: 'conseil', name: 'Conseil régional', role: null, parent: 'inbox' },
    { key: 'lycees', name: 'Lycées connectés', role: null, parent: 'inbox' },
    { key: 'drafts', name: 'Brouillons', role: 'drafts' },
    { key: 'sent', name: 'Envoyés', role: 'sent' },
    { key: 'archive', name: 'Archives', role: 'archive' },
    { key: 'archiveYear', name: String(year - 1), role: null, parent: 'archive' },
    { key: 'junk', name: 'Indésirables', role: 'junk' },
    { key: 'trash', name: 'Corbeille', role: 'trash' },
  ];
  const ids = Object.fromEntries(specs.map((spec) => [spec.key, demoId('f', spec.key)])) as Record<FolderKey, string>;
  const names = Object.fromEntries(specs.map((spec) => [spec.key, spec.name])) as Record<FolderKey, string>;
  const records = specs.map((spec) => ({
    id: ids[spec.key],
    name: spec.name,
    path: spec.parent ? `${names[spec.parent]}/${spec.name}` : spec.name,
    role: spec.role,
    parentId: spec.parent ? ids[spec.parent] : null,
  }));
  return { records, ids };
}
