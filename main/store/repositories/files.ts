import type { FileEntry } from '../../core/model';
import type { Database } from '../db';
import type { FileRecord } from '../records';
import { toIso, toMs } from '../rows';

interface FileRow {
  id: string;
  account_id: string;
  parent_id: string | null;
  space_id: string | null;
  name: string;
  kind: string;
  size: number | null;
  mime_type: string | null;
  modified_at: number;
  modified_by: string | null;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

export function filesRepository(db: Database) {
  const upsert = db.prepare(`
    INSERT INTO files (id, account_id, parent_id, space_id, name, kind, size, mime_type, modified_at, modified_by)
    VALUES (:id, :accountId, :parentId, :spaceId, :name, :kind, :size, :mimeType, :modifiedAt, :modifiedBy)
    ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id, space_id = excluded.space_id,
      name = excluded.name, kind = excluded.kind, size = excluded.size, mime_type = excluded.mime_type,
      modified_at = excluded.modified_at, modified_by = excluded.modified_by`);
  const children = db.prepare('SELECT * FROM files WHERE parent_id = ?');
  const roots = db.prepare('SELECT * FROM files WHERE parent_id IS NULL AND space_id IS ?');
  const select = db.prepare('SELECT * FROM files WHERE id = ?');

  return {
    put(accountId: string, records: FileRecord[]): void {
      // Folders before their content, so that the parent_id foreign key holds.
      for (const file of parentsFirst(records)) {
        upsert.run({
          id: file.id,
          accountId,
          parentId: file.parentId,
          spaceId: file.spaceId,
          name: file.name,
          kind: file.kind,
          size: file.size,
          mimeType: file.mimeType,
          modifiedAt: toMs(file.modifiedAt),
          modifiedBy: file.modifiedBy,
        });
      }
    },

    /**
     * The content of a folder, or the top level (personal when `spaceId` is null, else the space's):
     * folders first, then by name in French collation.
     */
    list(parentId: string | null, spaceId: string | null): FileEntry[] {
      const rows = (parentId === null ? roots.all(spaceId) : children.all(parentId)) as unknown as FileRow[];
      return rows
        .map(toEntry)
        .sort((a, b) => (a.kind === b.kind ? collator.compare(a.name, b.name) : a.kind === 'folder' ? -1 : 1));
    },

    get(id: string): FileEntry | undefined {
      const row = select.get(id) as FileRow | undefined;
      return row ? toEntry(row) : undefined;
    },
  };
}

export type FilesRepository = ReturnType<typeof filesRepository>;

function parentsFirst(records: FileRecord[]): FileRecord[] {
  const byId = new Map(records.map((entry) => [entry.id, entry]));
  const depth = new Map<string, number>();
  for (const file of records) {
    let level = 0;
    for (let parent = file.parentId; parent !== null && level <= records.length; level++) {
      parent = byId.get(parent)?.parentId ?? null;
    }
    depth.set(file.id, level);
  }
  return [...records].sort((a, b) => (depth.get(a.id) ?? 0) - (depth.get(b.id) ?? 0));
}

function toEntry(row: FileRow): FileEntry {
  return {
    id: row.id,
    accountId: row.account_id,
    parentId: row.parent_id,
    name: row.name,
    kind: row.kind === 'folder' ? 'folder' : 'file',
    size: row.size,
    mimeType: row.mime_type,
    modifiedAt: toIso(row.modified_at),
    modifiedBy: row.modified_by,
    spaceId: row.space_id,
  };
}
