// Where documents' local copies live: `<profile>/documents/<account>/<item>/<name>`, one folder per document so
// that two files of the same name never meet, and a name the local file system accepts whatever the server
// allows (`/`, `%`, accents and emoji are fine on the server; `/` and control characters are not on disk, and
// Windows refuses a few more). Uploads being prepared from the renderer are staged under `staging/`.
import { createHash } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** A file name safe on every desktop file system, as close to the original as possible. */
export function localName(name: string): string {
  let safe = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[/\\<>:"|?*]/g, '_')
    .replace(/[. ]+$/, '')
    .trim();
  if (safe === '' || safe === '.' || safe === '..') safe = 'document';
  if (WINDOWS_RESERVED.test(safe)) safe = `_${safe}`;
  // Most file systems cap a name at 255 bytes.
  while (Buffer.byteLength(safe) > 240) safe = [...safe].slice(0, -1).join('');
  return safe;
}

/** A folder name for an id (ids hold `:` and may be long). */
const folderOf = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, 32);

export class DocumentCache {
  constructor(readonly root: string) {}

  /** The relative path of an item's local copy, as kept in the store. */
  relativePathFor(accountId: string, itemId: string, name: string): string {
    return join(folderOf(accountId), folderOf(itemId), localName(name));
  }

  absolute(relativePath: string): string {
    const path = join(this.root, relativePath);
    if (relative(this.root, path).startsWith('..') || path === this.root) throw new Error('outside the cache');
    return path;
  }

  async prepare(relativePath: string): Promise<string> {
    const path = this.absolute(relativePath);
    await mkdir(dirname(path), { recursive: true });
    return path;
  }

  stagingPath(stagingId: string): string {
    return join(this.root, 'staging', folderOf(stagingId));
  }

  async removeStaging(stagingId: string): Promise<void> {
    await rm(this.stagingPath(stagingId), { force: true });
  }

  async removeCopy(relativePath: string): Promise<void> {
    await rm(dirname(this.absolute(relativePath)), { recursive: true, force: true });
  }

  /** Size and modification time of a local copy, or null when it is gone. */
  async fingerprint(relativePath: string): Promise<{ size: number; mtime: number } | null> {
    try {
      const info = await stat(this.absolute(relativePath));
      return { size: info.size, mtime: Math.floor(info.mtimeMs) };
    } catch {
      return null;
    }
  }
}

export const isInside = (root: string, path: string) => path.startsWith(root.endsWith(sep) ? root : root + sep);
