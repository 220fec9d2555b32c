// Documents (brief §4): metadata from the Documents REST API (stable UUIDs, owners, versions), content over
// WebDAV under the session's `/portal/rest/jcr/...` (streamed both ways), locks through WebDAV LOCK/UNLOCK.
// WebDAV has no `If-Match` and no ETag in PROPFIND: the content state is the unquoted `ETag` of HEAD/GET
// (`<uuid><lastModified ms>`), which is what a conflict check compares.
import { createReadStream, createWriteStream } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createClient, type FileStat, type WebDAVClient } from 'webdav';
import { z } from 'zod';
import { CoreError } from '../../core/errors';
import type { FileVersions } from '../../core/model';
import type { ContentState, FolderTarget, LocalFile, RefReader, RemoteFile, Transfer } from '../../core/spaces/ports';
import { endpointOf } from '../http/http-client';
import { tlsOptionsFor, toNetworkError, type Network } from '../http/network';
import { urlOf, type ExoRest, sessionLost } from './client';
import type { ExoIds } from './ids';
import { discard, progressCounter, streamRequest, type StreamResponse } from './stream-http';

const JCR = '/portal/rest/jcr/repository/collaboration';
const PAGE = 500;

const nodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  parentFolderId: z.string().nullish(),
  folder: z.boolean(),
  size: z.number().nullish(),
  mimeType: z.string().nullish(),
  modifiedDate: z.number().nullish(),
  createdDate: z.number().nullish(),
  versionNumber: z.union([z.string(), z.number()]).nullish(),
  modifierIdentity: z.object({ fullname: z.string().nullish(), name: z.string().nullish() }).nullish(),
});

type DocNode = z.infer<typeof nodeSchema>;

const MIME_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  md: 'text/markdown',
  html: 'text/html',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  zip: 'application/zip',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export function mimeOf(name: string): string {
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}

/**
 * A name the repository accepts: JCR names cannot hold `/` (nor `\`), so those become the look-alike `∕`;
 * everything else (`%`, accents, emoji) is kept, normalised to NFC, and encoded in URLs segment by segment.
 */
export function serverName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/[/\\]/g, '\u2215')
    .trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') throw new CoreError('files.invalidName', { name });
  return cleaned;
}

/** "plan.docx" → "plan (1).docx": the name of a copy beside an existing file. */
export function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

export interface DocumentOwners {
  /** The user's identity id (owner of the personal drive). */
  userIdentityId(): Promise<string>;
  /** The personal drive's root path (Documents' `Private`, brief §4.1). */
  personalRoot(): string;
}

export class Documents {
  /** Uuids of library roots seen in listings: a search hit right under one is at the top of its library. */
  readonly #roots = new Set<string>();

  constructor(
    private readonly rest: ExoRest,
    private readonly ids: ExoIds,
    private readonly refs: RefReader,
    private readonly network: Network,
    private readonly owners: DocumentOwners,
  ) {}

  // ---- metadata (Documents REST) ----

  async list(folder: FolderTarget): Promise<RemoteFile[]> {
    const query = await this.listingQuery(folder);
    const out: RemoteFile[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { body } = await this.rest.json('/portal/rest/v1/documents', {
        query: { ...query, listingType: 'FOLDER', sortField: 'name', ascending: true, offset, limit: PAGE },
        timeoutMs: 60_000,
      });
      const nodes = this.parseNodes(body);
      if (!folder.parentId) for (const node of nodes) if (node.parentFolderId) this.#roots.add(node.parentFolderId);
      out.push(...nodes.map((node) => this.toFile(node, folder.parentId, folder.spaceId)));
      if (nodes.length < PAGE) return out;
    }
  }

  /** Name search in a library (the server looks in sub-folders too). */
  async search(text: string, spaceId: string | null): Promise<DocNodeHit[]> {
    const query = await this.listingQuery({ parentId: null, spaceId });
    const { body } = await this.rest.json('/portal/rest/v1/documents', {
      query: { ...query, listingType: 'FOLDER', query: text, offset: 0, limit: 100 },
    });
    return this.parseNodes(body).map((node) => ({ node, spaceId }));
  }

  /** A search hit as a record; its parent is the folder it lies in (which the store may not know yet). */
  fileOfHit(hit: DocNodeHit): RemoteFile {
    const parent = hit.node.parentFolderId;
    return this.toFile(hit.node, parent && !this.#roots.has(parent) ? this.ids.of('doc', parent) : null, hit.spaceId);
  }

  private async listingQuery(folder: FolderTarget): Promise<Record<string, string>> {
    if (folder.parentId) {
      const uuid = this.ids.remote('doc', folder.parentId);
      if (!uuid) throw new CoreError('notFound', { id: folder.parentId });
      return { parentFolderId: uuid };
    }
    if (folder.spaceId) {
      const identityId = this.refs.get(folder.spaceId)?.identityId;
      if (typeof identityId !== 'string') throw new CoreError('notFound', { id: folder.spaceId });
      return { ownerId: identityId };
    }
    return { ownerId: await this.owners.userIdentityId() };
  }

  private parseNodes(body: unknown): DocNode[] {
    const parsed = z.array(nodeSchema).safeParse(body);
    if (!parsed.success) throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
    return parsed.data;
  }

  private toFile(node: DocNode, parentId: string | null, spaceId: string | null): RemoteFile {
    return {
      id: this.ids.of('doc', node.id),
      parentId,
      spaceId,
      name: node.name,
      kind: node.folder ? 'folder' : 'file',
      size: node.folder ? null : (node.size ?? null),
      mimeType: node.folder ? null : (node.mimeType ?? mimeOf(node.name)),
      modifiedAt: new Date(node.modifiedDate ?? node.createdDate ?? 0).toISOString(),
      modifiedBy: node.modifierIdentity?.fullname ?? node.modifierIdentity?.name ?? null,
      ref: { uuid: node.id, path: node.path, folder: node.folder },
      version: node.versionNumber == null ? null : String(node.versionNumber),
      lockedBy: null,
    };
  }

  /** Versions, newest first (Documents REST, brief §4.2); the lock is ours to know (WebDAV has no owner). */
  async versions(fileId: string): Promise<FileVersions> {
    const uuid = this.ids.remote('doc', fileId);
    if (!uuid) throw new CoreError('notFound', { id: fileId });
    const { body } = await this.rest.json('/portal/rest/v1/documents/versions', { query: { fileId: uuid } });
    const parsed = z
      .array(
        z.object({
          versionNumber: z.union([z.number(), z.string()]),
          createdDate: z.number().nullish(),
          authorFullName: z.string().nullish(),
          author: z.string().nullish(),
          size: z.number().nullish(),
        }),
      )
      .safeParse(body);
    if (!parsed.success) throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
    return {
      versions: parsed.data.map((version) => ({
        version: String(version.versionNumber),
        modifiedAt: new Date(version.createdDate ?? 0).toISOString(),
        modifiedBy: version.authorFullName ?? version.author ?? null,
        size: version.size ?? null,
      })),
      lockedBy: null,
    };
  }

  // ---- content (WebDAV) ----

  private pathOf(fileId: string): string {
    const path = this.refs.get(fileId)?.path;
    if (typeof path !== 'string') throw new CoreError('notFound', { id: fileId });
    return path;
  }

  private folderPath(folder: FolderTarget): string {
    if (folder.parentId) return this.pathOf(folder.parentId);
    if (folder.spaceId) {
      const group = this.refs.get(folder.spaceId)?.groupId;
      const pretty = this.refs.get(folder.spaceId)?.prettyName;
      const name = typeof group === 'string' ? group.replace(/^\/spaces\//, '') : pretty;
      if (typeof name !== 'string') throw new CoreError('notFound', { id: folder.spaceId });
      return `/Groups/spaces/${name}/Documents`;
    }
    return this.owners.personalRoot();
  }

  private davUrl(path: string): URL {
    return urlOf(this.rest.session.server, JCR + encodePath(path));
  }

  /** One streamed WebDAV request; a lost session is renewed once (the body is produced again for the retry). */
  private async dav(
    method: string,
    path: string,
    options: {
      headers?: Record<string, string>;
      body?: () => NodeJS.ReadableStream;
      contentLength?: number;
      signal?: AbortSignal;
    } = {},
  ): Promise<StreamResponse> {
    for (let renewed = false; ; renewed = true) {
      const headers: Record<string, string> = { 'Cache-Control': 'no-cache', ...options.headers };
      const cookie = this.rest.session.cookieHeader();
      if (cookie) headers.Cookie = cookie;
      const response = await streamRequest(this.network, {
        url: this.davUrl(path),
        method,
        headers,
        ...(options.body ? { body: options.body() as never, contentLength: options.contentLength } : {}),
        signal: options.signal,
      });
      const lost = sessionLost(toHeadersOnly(response), '', false);
      if (!lost) return response;
      discard(response);
      if (renewed)
        throw new CoreError(response.status === 403 ? 'files.accessDenied' : 'auth.expired', { host: this.rest.host });
      await this.rest.session.renew();
    }
  }

  async contentState(fileId: string): Promise<ContentState | null> {
    const response = await this.dav('HEAD', this.pathOf(fileId));
    discard(response);
    if (response.status === 404) return null;
    if (response.status >= 400) throw this.davError(response.status);
    return stateOf(response);
  }

  async download(fileId: string, destination: string, transfer: Transfer): Promise<ContentState> {
    const response = await this.dav('GET', this.pathOf(fileId), { signal: transfer.signal });
    if (response.status !== 200) {
      discard(response);
      throw this.davError(response.status);
    }
    const state = stateOf(response);
    const partial = `${destination}.part`;
    try {
      await pipeline(response.body, progressCounter(state.size, transfer.onProgress), createWriteStream(partial), {
        signal: transfer.signal,
      });
      await rename(partial, destination);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return state;
  }

  /** The name, or a numbered variant, that nothing in the folder has yet (a new file never overwrites). */
  async freeName(folder: FolderTarget, name: string): Promise<string> {
    const parent = this.folderPath(folder);
    const base = serverName(name);
    for (let n = 0; n < 100; n++) {
      const candidate = n === 0 ? base : numbered(base, n);
      const head = await this.dav('HEAD', `${parent}/${candidate}`);
      discard(head);
      if (head.status === 404) return candidate;
      if (head.status >= 400) throw this.davError(head.status);
    }
    throw new CoreError('files.invalidName', { name });
  }

  /** Writes the file under `name` (chosen with `freeName` when the task was first run, so a retry is a no-op). */
  async upload(folder: FolderTarget, name: string, source: LocalFile, transfer: Transfer): Promise<RemoteFile> {
    const path = `${this.folderPath(folder)}/${serverName(name)}`;
    await this.put(path, source, transfer, null);
    return this.stat(path, folder);
  }

  /** A new version of an existing file: a PUT on it (ECMS's update policy creates a version, brief §4.5). */
  async newVersion(
    fileId: string,
    source: LocalFile,
    transfer: Transfer,
    lockToken: string | null,
  ): Promise<RemoteFile> {
    const path = this.pathOf(fileId);
    await this.put(path, source, transfer, lockToken);
    const ref = this.refs.get(fileId);
    return this.stat(path, {
      parentId: typeof ref?.parentId === 'string' ? ref.parentId : null,
      spaceId: typeof ref?.spaceId === 'string' ? ref.spaceId : null,
    });
  }

  private async put(path: string, source: LocalFile, transfer: Transfer, lockToken: string | null): Promise<void> {
    const headers: Record<string, string> = { 'Content-Type': mimeOf(path) };
    if (lockToken) headers.If = `(<${lockToken}>)`;
    const response = await this.dav('PUT', path, {
      headers,
      contentLength: source.size,
      signal: transfer.signal,
      body: () => createReadStream(source.path).pipe(progressCounter(source.size, transfer.onProgress)),
    });
    discard(response);
    if (response.status >= 400) throw this.davError(response.status);
  }

  /** A file's record from a depth-0 PROPFIND (JCR exposes `jcr:uuid` there). */
  private async stat(path: string, folder: FolderTarget): Promise<RemoteFile> {
    const stat = (await this.withDavClient((client) => client.stat(path, { details: true }))) as { data: FileStat };
    const props = (stat.data.props ?? {}) as Record<string, unknown>;
    const uuid = String(textOf(props.uuid ?? props['jcr:uuid']) ?? '');
    if (!uuid) throw new CoreError('server.unexpectedResponse', { host: this.rest.host });
    const name = path.slice(path.lastIndexOf('/') + 1);
    // eXo types its properties (`b:dt="int"`): the parser then gives {text, @dt} instead of the value.
    const modified = Date.parse(String(textOf(props.getlastmodified) ?? ''));
    return {
      id: this.ids.of('doc', uuid),
      parentId: folder.parentId,
      spaceId: folder.spaceId,
      name,
      kind: 'file',
      size: Number(textOf(props.getcontentlength) ?? 0),
      mimeType: String(textOf(props.getcontenttype) ?? '') || mimeOf(name),
      modifiedAt: new Date(Number.isNaN(modified) ? Date.now() : modified).toISOString(),
      modifiedBy: null,
      ref: { uuid, path, folder: false, parentId: folder.parentId, spaceId: folder.spaceId },
      version: null,
      lockedBy: null,
    };
  }

  async lock(fileId: string): Promise<string> {
    const path = this.pathOf(fileId);
    const answer = await this.withDavClient((client) => client.lock(path, { timeout: 'Second-86400' }));
    return answer.token;
  }

  async unlock(fileId: string, token: string): Promise<void> {
    const path = this.pathOf(fileId);
    await this.withDavClient((client) => client.unlock(path, `<${token}>`));
  }

  /** The `webdav` client for PROPFIND and locks, with the session cookie; renewed once on a lost session. */
  private async withDavClient<T>(work: (client: WebDAVClient) => Promise<T>): Promise<T> {
    for (let renewed = false; ; renewed = true) {
      const cookie = this.rest.session.cookieHeader();
      const client = createClient(urlOf(this.rest.session.server, JCR).href, {
        headers: cookie ? { Cookie: cookie } : {},
        // The certificates the user and the organisation trust apply here too.
        httpsAgent: new HttpsAgent(await tlsOptionsFor(this.network, endpointOf(this.rest.session.server))),
      });
      try {
        return await work(client);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 403 && !renewed) {
          await this.rest.session.renew();
          continue;
        }
        if (typeof status === 'number') throw this.davError(status);
        throw await toNetworkError(error, endpointOf(this.rest.session.server), this.network);
      }
    }
  }

  private davError(status: number): CoreError {
    const host = this.rest.host;
    if (status === 423) return new CoreError('files.locked', { host });
    if (status === 403) return new CoreError('files.accessDenied', { host });
    if (status === 404 || status === 409 || status === 401) return new CoreError('collab.forbiddenOrMissing', { host });
    if (status === 413) return new CoreError('files.tooLarge', { host, name: '' });
    if (status >= 500) return new CoreError('server.unavailable', { host });
    return new CoreError('server.unexpectedResponse', { host });
  }
}

export interface DocNodeHit {
  node: DocNode;
  spaceId: string | null;
}

function toHeadersOnly(response: StreamResponse): Response {
  return new Response(null, {
    status: response.status === 204 || response.status === 304 ? 200 : response.status,
    headers: response.headers,
  });
}

function stateOf(response: StreamResponse): ContentState {
  const size = Number(response.headers.get('content-length') ?? 0);
  const tag = response.headers.get('etag') ?? `${response.headers.get('last-modified') ?? ''}|${size}`;
  return { tag, size };
}

/** A WebDAV property's value, whether the parser gave it bare or as `{text, @attribute…}`. */
function textOf(value: unknown): string | number | undefined {
  if (value && typeof value === 'object' && 'text' in value) return (value as { text: string | number }).text;
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
