// Briefcase (§5, F15): document folders and documents mirrored into the Files store, server-side search, REST
// downloads, uploads (servlet + SaveDocumentRequest), versions, locks, and edits that crossed someone else's
// (`mail.MODIFY_CONFLICT`): both copies are kept, the user's beside the server's as "nom (copie locale).ext".
import { createHash } from 'node:crypto';
import { CoreError } from '../../core/errors';
import type { FileRecord } from '../../core/ports';
import { isFault, type ZimbraClient } from './soap';
import { downloadItem, uploadFile, type UploadSource } from './transfer';
import { bool, list, num, one, text, type SoapObject } from './values';

/** Briefcase, the system document folder (§3.1); its content shows at the top of the user's files. */
export const BRIEFCASE = '16';
const TRASH = '3';
const SEARCH_PAGE = 500;

export interface DocumentRecord extends FileRecord {
  version: number | null;
  lockedBy: string | null;
}

export interface DocumentVersion {
  version: number;
  modifiedAt: string;
  modifiedBy: string | null;
  size: number;
}

export type SaveOutcome =
  | { status: 'saved'; fileId: string; version: number }
  /** Someone saved in between: the server's version stays, the user's is kept beside it under `keptAs`. */
  | { status: 'conflict'; fileId: string; serverVersion: number; keptAs: { fileId: string; name: string } };

/** Ids in the store: `<accountId>:doc:<id>` for documents, `<accountId>:folder:<id>` for folders. */
export interface BriefcaseIds {
  document(id: string): string;
  folder(id: string): string | null;
  /** The server id behind a store id of this account, or null when it is not a Briefcase item. */
  remote(storeId: string): { kind: 'doc' | 'folder'; id: string } | null;
}

export function briefcaseIds(accountId: string): BriefcaseIds {
  const prefix = `${accountId}:`;
  return {
    document: (id) => `${prefix}doc:${id}`,
    // The Briefcase itself is the top level of the user's files.
    folder: (id) => (id === BRIEFCASE ? null : `${prefix}folder:${id}`),
    remote(storeId) {
      if (!storeId.startsWith(prefix)) return null;
      const match = /^(doc|folder):(\d+)$/.exec(storeId.slice(prefix.length));
      return match ? { kind: match[1] as 'doc' | 'folder', id: match[2]! } : null;
    },
  };
}

interface DocumentFolder {
  id: string;
  name: string;
  parentId: string | null;
  modifiedAt: string;
}

/** The document folders (view `document`) outside Trash, with their parents among them. */
export async function documentFolders(client: ZimbraClient, signal?: AbortSignal): Promise<DocumentFolder[]> {
  const answer = await client.call('GetFolderRequest', { view: 'document' }, signal ? { signal } : {});
  const out: DocumentFolder[] = [];
  const walk = (folder: SoapObject, parent: string | null, inTrash: boolean) => {
    const id = text(folder.id) ?? '';
    const trash = inTrash || id === TRASH;
    const isDocuments = text(folder.view) === 'document' && !trash;
    if (isDocuments) {
      out.push({
        id,
        name: text(folder.name) ?? id,
        parentId: parent,
        modifiedAt: new Date((num(folder.md) ?? 0) * 1000).toISOString(),
      });
    }
    for (const sub of list(folder.folder)) walk(sub, isDocuments ? id : parent, trash);
  };
  for (const root of list(answer.folder)) walk(root, null, false);
  return out;
}

function documentRecord(ids: BriefcaseIds, doc: SoapObject, folderIds: Set<string>): DocumentRecord | null {
  const id = text(doc.id);
  const folder = text(doc.l) ?? BRIEFCASE;
  if (!id || !folderIds.has(folder)) return null;
  const date = num(doc.d) ?? (num(doc.md) ?? 0) * 1000; // `d` in ms, `md` in s (§9.3 #4)
  return {
    id: ids.document(id),
    parentId: ids.folder(folder),
    spaceId: null,
    name: text(doc.name) ?? id,
    kind: 'file',
    size: num(doc.s) ?? null,
    mimeType: text(doc.ct)?.split(';')[0]?.trim() ?? null,
    modifiedAt: new Date(date).toISOString(),
    modifiedBy: text(doc.leb) ?? text(doc.cr) ?? null,
    version: num(doc.ver) ?? null,
    lockedBy: text(doc.loe) ?? null,
  };
}

function folderRecord(ids: BriefcaseIds, folder: DocumentFolder): DocumentRecord | null {
  const id = ids.folder(folder.id);
  if (id === null) return null;
  return {
    id,
    parentId: folder.parentId === null ? null : ids.folder(folder.parentId),
    spaceId: null,
    name: folder.name,
    kind: 'folder',
    size: null,
    mimeType: null,
    modifiedAt: folder.modifiedAt,
    modifiedBy: null,
    version: null,
    lockedBy: null,
  };
}

async function searchDocuments(
  client: ZimbraClient,
  query: string,
  signal?: AbortSignal,
  limit = Number.POSITIVE_INFINITY,
): Promise<SoapObject[]> {
  const found: SoapObject[] = [];
  for (let offset = 0; found.length < limit;) {
    const answer = await client.call(
      'SearchRequest',
      { types: 'document', query, sortBy: 'nameAsc', limit: Math.min(SEARCH_PAGE, limit - found.length), offset },
      signal ? { signal } : {},
    );
    const page = list(answer.doc);
    found.push(...page);
    offset += page.length;
    if (page.length === 0 || !bool(answer.more)) break;
  }
  return found;
}

const inFolders = (folders: DocumentFolder[]) => folders.map((folder) => `inid:${folder.id}`).join(' or ');

/** Everything in the document folders: what a full mirror writes (and everything else of the account goes). */
export async function listBriefcase(
  client: ZimbraClient,
  ids: BriefcaseIds,
  signal?: AbortSignal,
): Promise<DocumentRecord[]> {
  const folders = await documentFolders(client, signal);
  if (folders.length === 0) return [];
  const folderIds = new Set(folders.map((folder) => folder.id));
  const docs = await searchDocuments(client, inFolders(folders), signal);
  return [
    ...folders.map((folder) => folderRecord(ids, folder)),
    ...docs.map((doc) => documentRecord(ids, doc, folderIds)),
  ].filter((record): record is DocumentRecord => record !== null);
}

/** The current state of some documents (after a delta sync named them); documents no longer there are absent. */
export async function readDocuments(
  client: ZimbraClient,
  ids: BriefcaseIds,
  documentIds: string[],
  signal?: AbortSignal,
): Promise<{ folders: DocumentRecord[]; documents: DocumentRecord[] }> {
  const folders = await documentFolders(client, signal);
  const folderIds = new Set(folders.map((folder) => folder.id));
  const documents: DocumentRecord[] = [];
  for (let start = 0; start < documentIds.length; start += 100) {
    const batch = documentIds.slice(start, start + 100);
    for (const doc of await searchDocuments(client, `item:{${batch.join(',')}}`, signal)) {
      const record = documentRecord(ids, doc, folderIds);
      if (record) documents.push(record);
    }
  }
  return {
    folders: folders.map((folder) => folderRecord(ids, folder)).filter((r): r is DocumentRecord => r !== null),
    documents,
  };
}

/** Server-side search (names and contents are indexed, §5) within the document folders. */
export async function searchBriefcase(
  client: ZimbraClient,
  ids: BriefcaseIds,
  words: string,
  limit: number,
  signal?: AbortSignal,
): Promise<DocumentRecord[]> {
  const folders = await documentFolders(client, signal);
  if (folders.length === 0) return [];
  const folderIds = new Set(folders.map((folder) => folder.id));
  // Each word quoted: the user's text is never read as query syntax.
  const terms = words
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `"${word.replace(/["\\]/g, ' ')}"`)
    .join(' ');
  if (!terms) return [];
  const docs = await searchDocuments(client, `(${inFolders(folders)}) ${terms}`, signal, limit);
  return docs.map((doc) => documentRecord(ids, doc, folderIds)).filter((r): r is DocumentRecord => r !== null);
}

export async function listVersions(client: ZimbraClient, documentId: string): Promise<DocumentVersion[]> {
  const answer = await client.call('ListDocumentRevisionsRequest', { doc: { id: documentId, count: 100 } });
  return list(answer.doc)
    .map((doc) => ({
      version: num(doc.ver) ?? 0,
      modifiedAt: new Date(num(doc.d) ?? 0).toISOString(),
      modifiedBy: text(doc.leb) ?? null,
      size: num(doc.s) ?? 0,
    }))
    .sort((a, b) => b.version - a.version);
}

export function downloadDocument(client: ZimbraClient, documentId: string, version?: number): Promise<Uint8Array> {
  return downloadItem(client, documentId, version === undefined ? {} : { version });
}

export async function setLock(client: ZimbraClient, documentId: string, locked: boolean): Promise<void> {
  await client.call('ItemActionRequest', { action: { id: documentId, op: locked ? 'lock' : 'unlock' } });
}

const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Whether a document's latest content is exactly `data` (a retry whose first attempt reached the server). */
async function alreadyThere(client: ZimbraClient, documentId: string, data: Uint8Array): Promise<boolean> {
  try {
    return digest(await downloadDocument(client, documentId)) === digest(data);
  } catch (error) {
    if (error instanceof CoreError && error.code === 'notFound') return false;
    throw error;
  }
}

function savedOf(answer: SoapObject, fallbackId?: string): { id: string; version: number; name: string } {
  const doc = one(answer.doc);
  const id = text(doc?.id) ?? fallbackId;
  if (!id) throw new CoreError('server.unexpectedResponse', {});
  return { id, version: num(doc?.ver) ?? 1, name: text(doc?.name) ?? '' };
}

/** "Rapport.odt" → "Rapport (copie locale).odt", then "(copie locale 2)"… */
export function localCopyName(name: string, attempt: number): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${stem} (copie locale${attempt > 1 ? ` ${attempt}` : ''})${extension}`;
}

/** A new document in a folder. A retry that finds its own earlier upload there succeeds instead of failing. */
export async function createDocument(
  client: ZimbraClient,
  folderId: string,
  file: UploadSource,
): Promise<{ id: string; version: number; name: string }> {
  const upload = await uploadFile(client, file, { briefcase: true });
  try {
    const answer = await client.call('SaveDocumentRequest', {
      doc: { l: folderId, name: file.name, ct: file.contentType, upload: { id: upload.aid } },
    });
    return savedOf(answer);
  } catch (error) {
    if (isFault(error, 'mail.ALREADY_EXISTS')) {
      const existing = error.fault.args.id;
      if (existing && (await alreadyThere(client, existing, file.data))) {
        return { id: existing, version: Number(error.fault.args.ver) || 1, name: file.name };
      }
    }
    throw error;
  }
}

/**
 * A new version of a document, from the version the user last had (`baseVersion`). When someone else saved in
 * between, the server's version is left alone and the user's is saved beside it, never lost.
 */
export async function saveVersion(
  client: ZimbraClient,
  document: { id: string; name: string; folderId: string },
  file: Omit<UploadSource, 'name'>,
  baseVersion: number | null,
): Promise<SaveOutcome> {
  const upload = await uploadFile(client, { ...file, name: document.name }, { briefcase: true });
  try {
    const answer = await client.call('SaveDocumentRequest', {
      doc: { id: document.id, ...(baseVersion !== null && { ver: baseVersion }), upload: { id: upload.aid } },
    });
    const saved = savedOf(answer, document.id);
    return { status: 'saved', fileId: saved.id, version: saved.version };
  } catch (error) {
    if (!isFault(error, 'mail.MODIFY_CONFLICT')) throw error;
    const serverVersion = Number(error.fault.args.ver) || 0;
    // Our own earlier attempt may be the version that got in the way (a retry after a lost answer).
    if (await alreadyThere(client, document.id, file.data)) {
      return { status: 'saved', fileId: document.id, version: serverVersion };
    }
    const keptAs = await keepLocalCopy(client, document, file);
    return { status: 'conflict', fileId: document.id, serverVersion, keptAs };
  }
}

async function keepLocalCopy(
  client: ZimbraClient,
  document: { name: string; folderId: string },
  file: Omit<UploadSource, 'name'>,
): Promise<{ fileId: string; name: string }> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    const name = localCopyName(document.name, attempt);
    try {
      // A fresh upload each time: upload ids are single-use (§3.8).
      const saved = await createDocument(client, document.folderId, { ...file, name });
      return { fileId: saved.id, name: saved.name || name };
    } catch (error) {
      if (!isFault(error, 'mail.ALREADY_EXISTS')) throw error;
    }
  }
  throw new CoreError('files.conflict', { name: document.name });
}
