// Documents of collaboration accounts, local first:
// - open: the local copy (downloaded into the profile's cache, streamed) handed to the system's application;
//   offline, a copy taken earlier opens as it is;
// - pin: the copy is kept and refreshed for offline use;
// - upload and new version: the file is staged on this device, queued as a persisted task and streamed when the
//   server is reachable (a restart or a lost connection resumes it), with progress events;
// - conflicts: a version built on a copy the server has since changed is never written over the other person's:
//   the server's stays, the user's is kept beside it (`<name> (copie locale).<ext>`), nothing is lost.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open as openFile, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CoreError } from '../errors';
import type { LiveFiles } from '../live/live-accounts';
import type { FileEntry, FileVersions } from '../model';
import type { FileRecord } from '../../store/records';
import { blankFileState as blankState, type FileState } from '../../store/repositories/collaboration';
import type { Collaboration } from '../spaces/collaboration';
import type { CollaborationClient, FolderTarget, LocalFile } from '../spaces/ports';
import type { QueuedTask } from '../spaces/task-queue';
import { isOffline } from '../spaces/runtime';
import { localId } from '../spaces/writer';
import { localName } from './cache';
import { LiveUploads } from './live-uploads';
import { Transfers, type TransferHandle } from './transfers';

/** In-memory downloads (`files:download` crosses IPC as base64) stop here; bigger files open with `files:open`. */
const MAX_IN_MEMORY = 100 * 1024 * 1024;
const STAGING_TTL_MS = 24 * 3600_000;

interface Staged {
  accountHint: string | null;
  name: string;
  size: number;
  received: number;
  path: string;
  createdAt: number;
}

interface UploadPayload {
  transferId: string;
  folder: FolderTarget;
  /** The staged content, relative to the cache. */
  source: string;
  name: string;
  size: number;
  placeholderId: string;
  /** Chosen at the first attempt: a retry writes the same file again, it never makes a second one. */
  targetName?: string;
}

interface VersionPayload {
  transferId: string;
  fileId: string;
  source: string;
  /** Whether the source is the document's own local copy (edited in place) rather than a staged file. */
  fromCopy: boolean;
  name: string;
  size: number;
  /** The server content the user's version was built on; null: no base, the user replaces what is there. */
  baseTag: string | null;
}

/** "Rapport.odt" → "Rapport (copie locale).odt". */
export function conflictName(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (copie locale)${name.slice(dot)}` : `${name} (copie locale)`;
}

/** The running accounts whose files a live connector serves (Zimbra's Briefcase), in the user's order. */
export interface LiveLibraries {
  accounts(): string[];
  filesOf(accountId: string): LiveFiles | undefined;
  guessMimeType(name: string): string;
}

export class Documents {
  readonly transfers: Transfers;
  readonly #staged = new Map<string, Staged>();
  #live: { libraries: LiveLibraries; uploads: LiveUploads } | null = null;

  constructor(private readonly collab: Collaboration) {
    this.transfers = new Transfers(collab.events);
  }

  private get repo() {
    return this.collab.repo;
  }

  private entry(fileId: string): FileEntry {
    const entry = this.collab.store.files.get(fileId);
    if (!entry) throw new CoreError('notFound', { id: fileId });
    return entry;
  }

  private changed(accountId: string): void {
    this.collab.events.emit('files:changed', { accountId });
  }

  transfer(
    direction: 'upload' | 'download',
    fileId: string | null,
    name: string,
    size: number,
    id?: string,
  ): TransferHandle {
    return this.transfers.start(direction, fileId, name, size, id);
  }

  // ---- reading ----

  /** Adds the local copy's state, our lock and pending uploads to entries read from the store. */
  async decorate(entries: FileEntry[]): Promise<FileEntry[]> {
    if (entries.length === 0) return entries;
    const states = this.repo.fileStates(entries.map((entry) => entry.id));
    return Promise.all(
      entries.map(async (entry) => {
        const state = states.get(entry.id);
        if (!state) return entry;
        const decorated: FileEntry = { ...entry, version: state.version };
        if (state.lockToken) decorated.lockedByMe = true;
        if (state.delivery) decorated.delivery = state.delivery;
        if (state.cachePath || state.pinned) {
          const copy = state.cachePath ? await this.collab.cache.fingerprint(state.cachePath) : null;
          decorated.local = {
            pinned: state.pinned,
            cached: copy !== null,
            changed: copy !== null && this.locallyChanged(state, copy),
            conflictCopy: state.conflictPath ? conflictName(entry.name) : null,
          };
        }
        return decorated;
      }),
    );
  }

  private locallyChanged(state: FileState, copy: { size: number; mtime: number }): boolean {
    return state.localSize !== copy.size || state.localMtime !== copy.mtime;
  }

  /** Lists a folder on the server into the store (no-op offline: the store answers). */
  async refresh(folder: FolderTarget, accountId: string): Promise<void> {
    const client = this.collab.client(accountId);
    if (!client) return;
    this.collab.writer(accountId).files(folder, await client.files(folder), true);
    this.changed(accountId);
  }

  accountOfFolder(folder: FolderTarget): string | null {
    if (folder.parentId) return this.entry(folder.parentId).accountId;
    if (folder.spaceId) return this.collab.store.spaces.list().find((s) => s.id === folder.spaceId)?.accountId ?? null;
    return null;
  }

  // ---- local copies ----

  /** Makes sure a current local copy exists (downloading it when online) and returns its absolute path. */
  async localCopy(fileId: string): Promise<string> {
    const entry = this.entry(fileId);
    if (entry.kind !== 'file') throw new CoreError('notFound', { id: fileId });
    const state = this.repo.fileState(fileId);
    const copy = state?.cachePath ? await this.collab.cache.fingerprint(state.cachePath) : null;
    const client = this.collab.client(entry.accountId);
    if (!client) {
      if (state?.cachePath && copy) return this.collab.cache.absolute(state.cachePath);
      throw new CoreError('files.notAvailableOffline', { name: entry.name });
    }
    if (state?.cachePath && copy) {
      const local = this.collab.cache.absolute(state.cachePath);
      // A copy changed on this device is the user's work: it is never replaced behind their back.
      if (this.locallyChanged(state, copy)) return local;
      try {
        const server = await client.contentState(fileId);
        if (server && server.tag === state.baseTag) return local;
        return await this.download(client, entry, state);
      } catch (error) {
        // The server is out of reach: the copy this device has opens as it is.
        if (isOffline(error)) {
          this.collab.runtime(entry.accountId)?.failed(error);
          return local;
        }
        throw error;
      }
    }
    return this.download(client, entry, state);
  }

  private async download(client: CollaborationClient, entry: FileEntry, state: FileState | undefined): Promise<string> {
    const relativePath = this.collab.cache.relativePathFor(entry.accountId, entry.id, entry.name);
    const path = await this.collab.cache.prepare(relativePath);
    const transfer = this.transfer('download', entry.id, entry.name, entry.size ?? 0);
    try {
      const content = await client.download(entry.id, path, transfer);
      const copy = await this.collab.cache.fingerprint(relativePath);
      this.repo.putFileState({
        ...(state ?? blankState(entry.id, entry.accountId)),
        cachePath: relativePath,
        baseTag: content.tag,
        localSize: copy?.size ?? null,
        localMtime: copy?.mtime ?? null,
      });
      transfer.finish();
      return path;
    } catch (error) {
      transfer.fail(error instanceof CoreError ? error.toInfo() : { code: 'internal' });
      throw error;
    }
  }

  async open(fileId: string): Promise<void> {
    const path = await this.localCopy(fileId);
    await this.collab.options.openPath(path);
    this.changed(this.entry(fileId).accountId);
  }

  async pin(fileId: string, pinned: boolean): Promise<void> {
    const entry = this.entry(fileId);
    if (pinned) await this.localCopy(fileId);
    const state = this.repo.fileState(fileId) ?? blankState(fileId, entry.accountId);
    this.repo.putFileState({ ...state, pinned });
    this.changed(entry.accountId);
  }

  /** After a sync: pinned copies the server changed are fetched again (unless the user changed theirs). */
  async refreshPinned(accountId: string, client: CollaborationClient): Promise<void> {
    for (const state of this.repo.pinnedFiles(accountId)) {
      const entry = this.collab.store.files.get(state.fileId);
      if (!entry) continue;
      const copy = state.cachePath ? await this.collab.cache.fingerprint(state.cachePath) : null;
      if (copy && this.locallyChanged(state, copy)) continue;
      const server = await client.contentState(state.fileId);
      if (!server || (copy && server.tag === state.baseTag)) continue;
      await this.download(client, entry, state);
    }
    this.changed(accountId);
  }

  // ---- staging (content coming from the renderer, in chunks) ----

  stage(name: string, size: number, accountHint: string | null = null): string {
    const id = randomUUID();
    this.#staged.set(id, {
      accountHint,
      name,
      size,
      received: 0,
      path: this.collab.cache.stagingPath(id),
      createdAt: Date.now(),
    });
    this.dropStaleStaging();
    return id;
  }

  async appendChunk(stagingId: string, offset: number, data: Buffer): Promise<{ received: number }> {
    const staged = this.#staged.get(stagingId);
    if (!staged) throw new CoreError('notFound', { id: stagingId });
    if (offset !== staged.received || staged.received + data.length > staged.size) {
      throw new CoreError('files.stagingOutOfOrder', { expected: staged.received });
    }
    await mkdir(dirname(staged.path), { recursive: true });
    const handle = await openFile(staged.path, offset === 0 ? 'w' : 'a');
    try {
      await handle.write(data);
    } finally {
      await handle.close();
    }
    staged.received += data.length;
    return { received: staged.received };
  }

  /** A complete staged file, moved where its task will find it after a restart. */
  async takeStaged(
    stagingId: string,
    accountId: string,
  ): Promise<{ relativePath: string; name: string; size: number }> {
    const staged = this.#staged.get(stagingId);
    if (!staged) throw new CoreError('notFound', { id: stagingId });
    if (staged.received !== staged.size) throw new CoreError('files.stagingIncomplete', { name: staged.name });
    if (staged.size === 0) await writeFile(staged.path, '');
    this.#staged.delete(stagingId);
    const relativePath = this.collab.cache.relativePathFor(accountId, `upload:${stagingId}`, staged.name);
    const target = await this.collab.cache.prepare(relativePath);
    await rename(staged.path, target);
    return { relativePath, name: staged.name, size: staged.size };
  }

  /** Stages a file already on this device (tests, and the desktop's own file picker). */
  async stageFile(
    path: string,
    name: string,
    accountId: string,
  ): Promise<{ relativePath: string; name: string; size: number }> {
    const info = await stat(path);
    const relativePath = this.collab.cache.relativePathFor(accountId, `upload:${randomUUID()}`, name);
    const target = await this.collab.cache.prepare(relativePath);
    await copyFile(path, target);
    return { relativePath, name, size: info.size };
  }

  private dropStaleStaging(): void {
    const now = Date.now();
    for (const [id, staged] of this.#staged) {
      if (now - staged.createdAt < STAGING_TTL_MS) continue;
      this.#staged.delete(id);
      void rm(staged.path, { force: true });
    }
  }

  // ---- local phases of uploads, versions and locks ----

  /** Uploads to the libraries of live accounts take the queued path too (started once the accounts run). */
  serveLiveLibraries(libraries: LiveLibraries): void {
    const uploads = new LiveUploads({
      store: this.collab.store,
      repo: this.repo,
      events: this.collab.events,
      transfers: this.transfers,
      now: () => this.collab.now(),
      filesOf: (accountId) => libraries.filesOf(accountId),
      absolute: (relativePath) => this.collab.cache.absolute(relativePath),
      guessMimeType: (name) => libraries.guessMimeType(name),
    });
    this.#live = { libraries, uploads };
    uploads.start();
  }

  async closeLiveLibraries(): Promise<void> {
    await this.#live?.uploads.close();
  }

  /** Runs the live libraries' uploads that are due (tests; a server back in reach is found on its own). */
  async liveUploadsIdle(): Promise<void> {
    await this.#live?.uploads.idle();
  }

  /**
   * A staged file as a new document in a folder (or a library's top; the top of the user's files goes to the
   * first account that keeps files): queued for whichever account owns the folder, with a placeholder at once.
   */
  async queueStagedUpload(stagingId: string, folder: FolderTarget): Promise<FileEntry> {
    const accountId =
      this.accountOfFolder(folder) ??
      this.collab.store.accounts
        .list()
        .map((account) => account.id)
        .find((id) => this.collab.manages(id) || this.#live?.libraries.accounts().includes(id));
    if (!accountId) throw new CoreError('files.unavailable');
    if (this.collab.isCollaborationAccount(accountId)) {
      const staged = await this.takeStaged(stagingId, accountId);
      return (await this.decorate([this.queueUpload(folder, accountId, staged)]))[0]!;
    }
    const live = this.#live;
    if (!live || folder.spaceId !== null || !live.libraries.accounts().includes(accountId)) {
      throw new CoreError('files.unavailable');
    }
    const staged = await this.takeStaged(stagingId, accountId);
    return (await this.decorate([live.uploads.queue(accountId, folder.parentId, staged)]))[0]!;
  }

  /** Queues a new file in a folder: a placeholder shows at once, the upload runs when the server is reachable. */
  queueUpload(
    folder: FolderTarget,
    accountId: string,
    source: { relativePath: string; name: string; size: number },
  ): FileEntry {
    const nonce = randomUUID();
    const placeholderId = localId(accountId, nonce);
    const placeholder: FileRecord = {
      id: placeholderId,
      parentId: folder.parentId,
      spaceId: folder.spaceId,
      name: source.name,
      kind: 'file',
      size: source.size,
      mimeType: null,
      modifiedAt: this.collab.now().toISOString(),
      modifiedBy: null,
    };
    const payload: UploadPayload = {
      transferId: nonce,
      folder,
      source: source.relativePath,
      name: source.name,
      size: source.size,
      placeholderId,
    };
    this.collab.store.transaction(() => {
      this.collab.writer(accountId).sink.putFiles([placeholder]);
      this.repo.putFileState({ ...blankState(placeholderId, accountId), delivery: 'queued' });
      this.collab.tasks.add(accountId, 'file.upload', nonce, payload);
    });
    this.transfers.waiting('upload', placeholderId, source.name, source.size, nonce);
    this.changed(accountId);
    this.collab.kick(accountId);
    return this.collab.store.files.get(placeholderId)!;
  }

  /**
   * Queues a new version of a document: from a staged file, or (without one) from its local copy the user
   * edited. It is built on what the server had when the copy was taken; a conflict is decided when it runs.
   */
  async queueVersion(
    fileId: string,
    source: { relativePath: string; name: string; size: number } | null,
  ): Promise<void> {
    const entry = this.entry(fileId);
    const state = this.repo.fileState(fileId);
    let payload: VersionPayload;
    const transferId = randomUUID();
    if (source) {
      payload = {
        transferId,
        fileId,
        source: source.relativePath,
        fromCopy: false,
        name: entry.name,
        size: source.size,
        baseTag: state?.baseTag ?? null,
      };
    } else {
      const copy = state?.cachePath ? await this.collab.cache.fingerprint(state.cachePath) : null;
      if (!state?.cachePath || !copy) throw new CoreError('files.notAvailableOffline', { name: entry.name });
      payload = {
        transferId,
        fileId,
        source: state.cachePath,
        fromCopy: true,
        name: entry.name,
        size: copy.size,
        baseTag: state.baseTag,
      };
    }
    this.collab.tasks.add(entry.accountId, 'file.version', fileId, payload);
    this.transfers.waiting('upload', fileId, entry.name, payload.size, transferId);
    this.collab.kick(entry.accountId);
  }

  queueLock(fileId: string, locked: boolean): void {
    const entry = this.entry(fileId);
    this.collab.tasks.add(entry.accountId, 'file.lock', fileId, { fileId, locked });
    this.collab.kick(entry.accountId);
  }

  // ---- remote phases ----

  async perform(client: CollaborationClient, task: QueuedTask, firstAttempt: boolean): Promise<void> {
    switch (task.kind) {
      case 'file.upload':
        return this.performUpload(client, task, task.payload as UploadPayload, firstAttempt);
      case 'file.version':
        return this.performVersion(client, task.accountId, task.payload as VersionPayload);
      case 'file.lock': {
        const { fileId, locked } = task.payload as { fileId: string; locked: boolean };
        await this.setLock(client, task.accountId, fileId, locked);
        return;
      }
      default:
        throw new CoreError('internal');
    }
  }

  private async sourceOf(relativePath: string, name: string): Promise<LocalFile> {
    const path = this.collab.cache.absolute(relativePath);
    const info = await stat(path).catch(() => null);
    if (!info) throw new CoreError('files.sourceMissing', { name });
    return { path, name, size: info.size };
  }

  private async performUpload(client: CollaborationClient, task: QueuedTask, payload: UploadPayload, _first: boolean) {
    const source = await this.sourceOf(payload.source, payload.name);
    if (!payload.targetName) {
      payload.targetName = await client.freeName(payload.folder, payload.name);
      // Kept before the upload starts: a retry writes the same name again.
      this.collab.tasks.add(task.accountId, 'file.upload', task.key, payload);
    }
    const transfer = this.transfer('upload', payload.placeholderId, payload.name, source.size, payload.transferId);
    try {
      const remote = await client.upload(payload.folder, payload.targetName, source, transfer);
      await this.adoptUploaded(
        client,
        task.accountId,
        remote.id,
        payload.folder,
        [remote],
        payload.source,
        payload.placeholderId,
      );
      transfer.finish({ fileId: remote.id, name: remote.name });
    } catch (error) {
      if (error instanceof CoreError) transfer.fail(error.toInfo());
      throw error;
    }
  }

  /** The server has the file: its record replaces the placeholder, the staged content becomes its local copy. */
  private async adoptUploaded(
    client: CollaborationClient,
    accountId: string,
    fileId: string,
    folder: FolderTarget,
    records: Parameters<ReturnType<Collaboration['writer']>['files']>[1],
    stagedPath: string,
    placeholderId: string | null,
  ): Promise<void> {
    const entry = records.find((record) => record.id === fileId)!;
    const relativePath = this.collab.cache.relativePathFor(accountId, fileId, entry.name);
    const target = await this.collab.cache.prepare(relativePath);
    await rename(this.collab.cache.absolute(stagedPath), target).catch(() => undefined);
    const copy = await this.collab.cache.fingerprint(relativePath);
    // The record (and its ref) first: what the server has now is asked about it.
    this.collab.writer(accountId).files(folder, records, false);
    const server = await client.contentState(fileId);
    this.collab.store.transaction(() => {
      if (placeholderId) {
        this.repo.deleteFile(placeholderId);
        this.repo.deleteFileState(placeholderId);
      }
      const state = this.repo.fileState(fileId) ?? blankState(fileId, accountId);
      this.repo.putFileState({
        ...state,
        cachePath: copy ? relativePath : null,
        baseTag: server?.tag ?? null,
        localSize: copy?.size ?? null,
        localMtime: copy?.mtime ?? null,
        version: records.find((r) => r.id === fileId)?.version ?? state.version,
      });
    });
    this.changed(accountId);
  }

  private async performVersion(client: CollaborationClient, accountId: string, payload: VersionPayload): Promise<void> {
    const entry = this.entry(payload.fileId);
    const source = await this.sourceOf(payload.source, payload.name);
    const folder = { parentId: entry.parentId, spaceId: entry.spaceId };
    const server = await client.contentState(payload.fileId);
    const transfer = this.transfer('upload', payload.fileId, payload.name, source.size, payload.transferId);
    try {
      if (payload.baseTag && server && server.tag !== payload.baseTag) {
        // Someone changed it since the user's copy was taken: theirs stays, the user's goes beside it.
        const name = await client.freeName(folder, conflictName(entry.name));
        const kept = await client.upload(folder, name, source, transfer);
        const keptCopy = await this.copyForAdoption(payload);
        await this.adoptUploaded(client, accountId, kept.id, folder, [kept], keptCopy, null);
        if (payload.fromCopy) await this.forgetCopy(payload.fileId);
        transfer.finish({ fileId: kept.id, name: kept.name });
        throw new CoreError('files.conflict', { name: entry.name, keptAs: kept.name });
      }
      const lockToken = this.repo.fileState(payload.fileId)?.lockToken ?? null;
      const updated = await client.newVersion(payload.fileId, source, transfer, lockToken);
      const copy = payload.fromCopy ? await this.collab.cache.fingerprint(payload.source) : null;
      const after = await client.contentState(payload.fileId);
      this.collab.store.transaction(() => {
        this.collab.writer(accountId).files(folder, [{ ...updated, name: entry.name }], false);
        const state = this.repo.fileState(payload.fileId) ?? blankState(payload.fileId, accountId);
        this.repo.putFileState({
          ...state,
          baseTag: after?.tag ?? null,
          ...(copy ? { localSize: copy.size, localMtime: copy.mtime } : {}),
          version: updated.version ?? state.version,
        });
      });
      if (!payload.fromCopy) await this.collab.cache.removeCopy(payload.source).catch(() => undefined);
      transfer.finish();
      this.changed(accountId);
    } catch (error) {
      if (error instanceof CoreError && error.code !== 'files.conflict') transfer.fail(error.toInfo());
      if (error instanceof CoreError && error.code === 'files.conflict') this.changed(accountId);
      throw error;
    }
  }

  /** The user's content, in a staging place the kept copy can adopt (the document's own copy stays as it is). */
  private async copyForAdoption(payload: VersionPayload): Promise<string> {
    if (!payload.fromCopy) return payload.source;
    const relativePath = join('conflicts', randomUUID(), localName(payload.name));
    const path = await this.collab.cache.prepare(relativePath);
    await copyFile(this.collab.cache.absolute(payload.source), path);
    return relativePath;
  }

  /** After a conflict on an edited copy: the document's copy goes (the user's content is kept beside). */
  private async forgetCopy(fileId: string): Promise<void> {
    const state = this.repo.fileState(fileId);
    if (!state?.cachePath) return;
    await this.collab.cache.removeCopy(state.cachePath).catch(() => undefined);
    this.repo.putFileState({ ...state, cachePath: null, baseTag: null, localSize: null, localMtime: null });
  }

  private async setLock(
    client: CollaborationClient,
    accountId: string,
    fileId: string,
    locked: boolean,
  ): Promise<void> {
    const state = this.repo.fileState(fileId) ?? blankState(fileId, accountId);
    if (locked && !state.lockToken) {
      const token = await client.lock(fileId);
      this.repo.putFileState({ ...state, lockToken: token });
    } else if (!locked && state.lockToken) {
      await client.unlock(fileId, state.lockToken);
      this.repo.putFileState({ ...state, lockToken: null });
    }
    this.changed(accountId);
  }

  /** A task the server refused: the placeholder shows it, the transfer says why. */
  failed(task: QueuedTask, error: CoreError): void {
    const payload = task.payload as Partial<UploadPayload & VersionPayload>;
    if (task.kind === 'file.upload' && payload.placeholderId) {
      const state = this.repo.fileState(payload.placeholderId);
      if (state) this.repo.putFileState({ ...state, delivery: 'failed' });
    }
    if (payload.transferId && error.code !== 'files.conflict') {
      this.transfers
        .start(
          'upload',
          payload.fileId ?? payload.placeholderId ?? null,
          payload.name ?? '',
          payload.size ?? 0,
          payload.transferId,
        )
        .fail(error.toInfo());
    }
    if (error.code === 'files.conflict') {
      this.collab.events.emit('files:transfer', {
        id: payload.transferId ?? task.id,
        fileId: payload.fileId ?? null,
        name: payload.name ?? '',
        direction: 'upload',
        done: payload.size ?? 0,
        total: payload.size ?? 0,
        state: 'done',
        error: error.toInfo(),
      });
    }
    this.changed(task.accountId);
  }

  // ---- the generic files channels (in memory: base64 over IPC) ----

  liveFiles(accountId: string): LiveFiles {
    const connected = () => {
      const client = this.collab.client(accountId);
      if (!client) throw new CoreError('files.unavailable');
      return client;
    };
    return {
      search: (query, limit) => this.searchServer(accountId, query, limit),
      download: async (fileId) => {
        const entry = this.entry(fileId);
        if ((entry.size ?? 0) > MAX_IN_MEMORY) throw new CoreError('files.tooLarge', { name: entry.name, limit: 100 });
        const path = await this.localCopy(fileId);
        return { data: new Uint8Array(await readFile(path)), version: this.repo.fileState(fileId)?.version ?? null };
      },
      versions: (fileId) => this.versions(connected(), fileId),
      upload: async (parentId, name, _mimeType, data) => {
        const folder = { parentId, spaceId: parentId ? this.entry(parentId).spaceId : null };
        const client = connected();
        const staged = await this.stageBuffer(accountId, name, data);
        const target = await client.freeName(folder, name);
        const remote = await client.upload(
          folder,
          target,
          await this.sourceOf(staged, name),
          this.transfer('upload', null, name, data.length),
        );
        await this.adoptUploaded(client, accountId, remote.id, folder, [remote], staged, null);
        return remote.id;
      },
      saveVersion: async (fileId, _mimeType, data) => {
        const entry = this.entry(fileId);
        const staged = await this.stageBuffer(accountId, entry.name, data);
        const payload: VersionPayload = {
          transferId: randomUUID(),
          fileId,
          source: staged,
          fromCopy: false,
          name: entry.name,
          size: data.length,
          baseTag: this.repo.fileState(fileId)?.baseTag ?? null,
        };
        try {
          await this.performVersion(connected(), accountId, payload);
          return { status: 'saved' };
        } catch (error) {
          if (!(error instanceof CoreError) || error.code !== 'files.conflict') throw error;
          const keptAs = this.collab.store.files
            .list(entry.parentId, entry.spaceId)
            .find((file) => file.name === error.params?.keptAs);
          return { status: 'conflict', keptAs: keptAs?.id ?? fileId };
        }
      },
      setLock: async (fileId, locked) => {
        const client = connected();
        await this.setLock(client, accountId, fileId, locked);
        return this.versions(client, fileId);
      },
    };
  }

  private async stageBuffer(accountId: string, name: string, data: Uint8Array): Promise<string> {
    const relativePath = this.collab.cache.relativePathFor(accountId, `upload:${randomUUID()}`, name);
    await writeFile(await this.collab.cache.prepare(relativePath), data);
    return relativePath;
  }

  async versions(client: CollaborationClient, fileId: string): Promise<FileVersions> {
    const versions = await client.versions(fileId);
    const lock = this.repo.fileState(fileId)?.lockToken;
    return {
      ...versions,
      lockedBy: lock ? (this.collab.selfPersonOf(this.entry(fileId).accountId) ?? null) : versions.lockedBy,
    };
  }

  /** Name search on the server, in every library of the account; hits the store can place are kept there. */
  async searchServer(accountId: string, query: string, limit: number): Promise<FileRecord[]> {
    const client = this.collab.client(accountId);
    if (!client) return [];
    const libraries = [
      null,
      ...this.collab.store.spaces
        .list()
        .filter((s) => s.accountId === accountId)
        .map((s) => s.id),
    ];
    const found: FileRecord[] = [];
    for (const spaceId of libraries) {
      const hits = await client.searchFiles(query, spaceId);
      const placeable = hits.filter((hit) => hit.parentId === null || this.collab.store.files.get(hit.parentId));
      this.collab.writer(accountId).files({ parentId: null, spaceId }, placeable, false);
      found.push(...placeable);
      if (found.length >= limit) break;
    }
    return found.slice(0, limit);
  }
}
