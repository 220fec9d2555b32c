// One Zimbra account at work: GetInfo decides what it offers; the mailbox's change feed (delta SyncRequest,
// rung by the doorbell) tells which mirror to refresh — Briefcase into the files, appointments into the
// calendar — and hands mail changes to whoever syncs the mail (IMAP), since the server's push is ours.
import { CoreError } from '../../core/errors';
import type { Person } from '../../core/model';
import type { EventRecord, FileRecord, PersonRecord } from '../../core/ports';
import {
  BRIEFCASE,
  briefcaseIds,
  createDocument,
  downloadDocument,
  listBriefcase,
  listVersions,
  readDocuments,
  saveVersion,
  searchBriefcase,
  setLock,
  type DocumentRecord,
  type DocumentVersion,
  type SaveOutcome,
} from './briefcase';
import { readCalendar, type CalendarWindow } from './calendar';
import { pullChanges, changeIdOf, type MailboxChanges } from './changes';
import { autoComplete, syncGal } from './directory';
import { startDoorbell, type Doorbell, type DoorbellOptions } from './doorbell';
import { chatSetup, readAccountInfo, type AccountInfo, type ChatSetup } from './info';
import type { ZimbraClient } from './soap';

/** Small persistent state of the connector: sync tokens, the GAL id → person map. */
export interface ConnectorState {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

/** Where the account's mirrors go (the store, through the core's sink for this account). */
export interface ZimbraSink {
  putFiles(records: FileRecord[]): void;
  removeFiles(ids: string[]): void;
  /** These are all the account's own files (not the spaces'); the others go. */
  replaceFiles(records: FileRecord[]): void;
  /** These are all the account's events starting in [from, to); the others in that range go. */
  replaceEvents(from: string, to: string, records: EventRecord[]): void;
  putPeople(records: PersonRecord[]): void;
  removePeople(ids: string[]): void;
}

export type MirrorArea = 'files' | 'calendar' | 'people';

export interface ZimbraAccountOptions {
  accountId: string;
  client: ZimbraClient;
  state: ConnectorState;
  sink: ZimbraSink;
  now: () => Date;
  /** Mail changed on the server: the account's mail sync (IMAP) should run now. */
  requestMailSync?: () => void;
  /** A mirror changed in the store (the core tells the renderer). */
  changed?: (area: MirrorArea) => void;
  /** The sign-in is no longer accepted and push stopped (the core marks the account). */
  stopped?: (error: unknown) => void;
  /** Zone in which all-day events are dated when the server's preference is unknown. */
  defaultTimeZone?: string;
  /** Where the chat's XMPP server is, when not on the mail host's port 5222. */
  chatEndpoint?: Parameters<typeof chatSetup>[2];
  doorbell?: Partial<Pick<DoorbellOptions, 'waitSeconds' | 'pollMs' | 'backoffMs' | 'maxBackoffMs' | 'onMode'>>;
}

const SYNC_TOKEN = 'sync.token';
const GAL_TOKEN = 'gal.token';
const galEntryKey = (galId: string) => `gal.entry.${galId}`;
/** The version of a document the user last downloaded: their local copy, on which their next version builds. */
const baseKey = (documentId: string) => `doc.base.${documentId}`;
const DAY_MS = 86_400_000;

export interface ZimbraAccount {
  info(): Promise<AccountInfo>;
  /** Where the account's chat is when GetInfo says chat is on, else null. */
  chat(): Promise<ChatSetup | null>;
  /** Mirrors everything once (first sync, reconnection): files, calendar, directory. */
  syncAll(signal?: AbortSignal): Promise<void>;
  /** Applies the changes since the last sync token (what a doorbell ring runs). */
  syncChanges(signal?: AbortSignal): Promise<MailboxChanges>;
  syncFiles(signal?: AbortSignal): Promise<void>;
  syncCalendar(signal?: AbortSignal): Promise<void>;
  syncDirectory(signal?: AbortSignal): Promise<void>;
  /** Starts listening for server changes (idempotent); fails when GetInfo does. */
  startPush(): Promise<Doorbell>;
  stop(): Promise<void>;
  complete(query: string, limit: number): Promise<Person[]>;
  files: {
    search(words: string, limit: number): Promise<FileRecord[]>;
    /** The current state of a document on the server (version, lock), or null when it is gone. */
    describe(fileId: string): Promise<DocumentRecord | null>;
    /** Content of a version (the latest by default); remembered as the user's local copy. */
    download(fileId: string, version?: number): Promise<{ data: Uint8Array; version: number | null }>;
    versions(fileId: string): Promise<DocumentVersion[]>;
    create(parentId: string | null, name: string, contentType: string, data: Uint8Array): Promise<string>;
    /**
     * A new version built on `baseVersion`, or else on the version last downloaded here, or else on whatever
     * the server has (a replacement made without a local copy cannot conflict).
     */
    saveVersion(fileId: string, contentType: string, data: Uint8Array, baseVersion?: number): Promise<SaveOutcome>;
    setLock(fileId: string, locked: boolean): Promise<void>;
  };
}

export function createZimbraAccount(options: ZimbraAccountOptions): ZimbraAccount {
  const { accountId, client, state, sink, now } = options;
  const ids = briefcaseIds(accountId);
  let info: Promise<AccountInfo> | null = null;
  let doorbell: Promise<Doorbell> | null = null;
  let syncing: Promise<MailboxChanges> | null = null;
  let again = false;

  const galToken = () => state.get(GAL_TOKEN);

  const readInfo = () => {
    info ??= readAccountInfo(client).catch((error: unknown) => {
      info = null;
      throw error;
    });
    return info;
  };

  const calendarWindow = (): CalendarWindow => {
    const today = Math.floor(now().getTime() / DAY_MS) * DAY_MS;
    return { from: new Date(today - 42 * DAY_MS), to: new Date(today + 183 * DAY_MS) };
  };

  const remoteDocument = (fileId: string) => {
    const remote = ids.remote(fileId);
    if (remote?.kind !== 'doc') throw new CoreError('notFound', { id: fileId });
    return remote.id;
  };

  const remoteFolder = (parentId: string | null) => {
    if (parentId === null) return BRIEFCASE;
    const remote = ids.remote(parentId);
    if (remote?.kind !== 'folder') throw new CoreError('notFound', { id: parentId });
    return remote.id;
  };

  async function syncFiles(signal?: AbortSignal) {
    if (!(await readInfo()).features.briefcase) return;
    sink.replaceFiles(await listBriefcase(client, ids, signal));
    options.changed?.('files');
  }

  async function syncCalendar(signal?: AbortSignal) {
    const current = await readInfo();
    if (!current.features.calendar) return;
    const window = calendarWindow();
    const zone = current.timeZone ?? options.defaultTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const snapshot = await readCalendar(client, accountId, window, zone, signal);
    sink.putPeople(snapshot.people);
    sink.replaceEvents(window.from.toISOString(), window.to.toISOString(), snapshot.events);
    options.changed?.('calendar');
  }

  async function syncDirectory(signal?: AbortSignal) {
    if (!(await readInfo()).features.galSync) return;
    const changes = await syncGal(client, accountId, galToken(), signal);
    if (!changes) return;
    const gone = changes.deleted.map((galId) => state.get(galEntryKey(galId))).filter((id): id is string => !!id);
    sink.putPeople(changes.people);
    sink.removePeople(gone);
    for (const galId of changes.deleted) state.set(galEntryKey(galId), null);
    for (const [galId, person] of changes.entries) state.set(galEntryKey(galId), person);
    state.set(GAL_TOKEN, changes.token);
    options.changed?.('people');
  }

  async function applyFileChanges(changes: MailboxChanges, signal?: AbortSignal) {
    const { changed, deleted } = changes.documents;
    // Folder changes come without document ids (a rename moves every path): mirror again.
    if (changes.resync || changed.size + deleted.size === 0) return syncFiles(signal);
    if (!(await readInfo()).features.briefcase) return;
    const fresh = await readDocuments(client, ids, [...changed], signal);
    const found = new Set(fresh.documents.map((doc) => doc.id));
    const vanished = [...changed].map((id) => ids.document(id)).filter((id) => !found.has(id));
    sink.putFiles([...fresh.folders, ...fresh.documents]);
    sink.removeFiles([...[...deleted].map((id) => ids.document(id)), ...vanished]);
    options.changed?.('files');
  }

  async function runChanges(signal?: AbortSignal): Promise<MailboxChanges> {
    const changes = await pullChanges(client, state.get(SYNC_TOKEN), { now, ...(signal && { signal }) });
    if (changes.areas.has('mail')) options.requestMailSync?.();
    if (changes.areas.has('files')) await applyFileChanges(changes, signal);
    if (changes.areas.has('calendar')) await syncCalendar(signal);
    // The token moves only once the mirrors hold the changes: a failure above replays them next time.
    state.set(SYNC_TOKEN, changes.token);
    return changes;
  }

  /** One delta sync at a time; a ring during one runs another right after it. */
  function syncChanges(signal?: AbortSignal): Promise<MailboxChanges> {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      try {
        let result = await runChanges(signal);
        while (again) {
          again = false;
          result = await runChanges(signal);
        }
        return result;
      } finally {
        syncing = null;
      }
    })();
    return syncing;
  }

  async function savedRecord(documentId: string) {
    const fresh = await readDocuments(client, ids, [documentId]);
    sink.putFiles([...fresh.folders, ...fresh.documents]);
    options.changed?.('files');
    return fresh.documents[0] as DocumentRecord | undefined;
  }

  return {
    info: readInfo,
    async chat() {
      return chatSetup(await readInfo(), client.server, options.chatEndpoint);
    },
    async syncAll(signal) {
      if (state.get(SYNC_TOKEN) === null) {
        // A first sync takes the token before mirroring (a resync of every area): changes made meanwhile are
        // replayed by the next delta.
        await syncChanges(signal);
      } else {
        await syncFiles(signal);
        await syncCalendar(signal);
      }
      await syncDirectory(signal);
    },
    syncChanges,
    syncFiles,
    syncCalendar,
    syncDirectory,
    startPush() {
      doorbell ??= readInfo().then((current) =>
        startDoorbell({
          client,
          zimbraId: current.zimbraId,
          token: () => changeIdOf(state.get(SYNC_TOKEN)),
          ring: async () => void (await syncChanges()),
          onStop: (error) => options.stopped?.(error),
          ...options.doorbell,
        }),
      );
      return doorbell;
    },
    async stop() {
      const running = doorbell;
      doorbell = null;
      await (await running?.catch(() => null))?.stop();
    },
    async complete(query, limit) {
      const current = await readInfo();
      const { people } = await autoComplete(client, accountId, query, limit);
      // What the server suggested stays available offline (and in the people search).
      if (people.length > 0 && !current.features.galSync) sink.putPeople(people);
      return people;
    },
    files: {
      async search(words, limit) {
        return searchBriefcase(client, ids, words, limit);
      },
      async describe(fileId) {
        return (await readDocuments(client, ids, [remoteDocument(fileId)])).documents[0] ?? null;
      },
      async download(fileId, version) {
        const documentId = remoteDocument(fileId);
        const listed = version ?? (await readDocuments(client, ids, [documentId])).documents[0]?.version ?? undefined;
        const data = await downloadDocument(client, documentId, listed);
        if (listed !== undefined) state.set(baseKey(documentId), String(listed));
        return { data, version: listed ?? null };
      },
      versions: (fileId) => listVersions(client, remoteDocument(fileId)),
      async create(parentId, name, contentType, data) {
        const saved = await createDocument(client, remoteFolder(parentId), { name, contentType, data });
        await savedRecord(saved.id);
        return ids.document(saved.id);
      },
      async saveVersion(fileId, contentType, data, baseVersion) {
        const documentId = remoteDocument(fileId);
        const current = (await readDocuments(client, ids, [documentId])).documents[0];
        if (!current) throw new CoreError('notFound', { id: fileId });
        const folder = current.parentId === null ? BRIEFCASE : (ids.remote(current.parentId)?.id ?? BRIEFCASE);
        const downloaded = state.get(baseKey(documentId));
        const base = baseVersion ?? (downloaded !== null ? Number(downloaded) : current.version);
        const outcome = await saveVersion(
          client,
          { id: documentId, name: current.name, folderId: folder },
          { contentType, data },
          base,
        );
        await savedRecord(documentId);
        if (outcome.status === 'saved') state.set(baseKey(documentId), String(outcome.version));
        if (outcome.status === 'conflict') {
          // The user's copy is now a document of its own; the original stays based on what they had.
          state.set(baseKey(outcome.keptAs.fileId), '1');
          await savedRecord(outcome.keptAs.fileId);
          return {
            ...outcome,
            fileId,
            keptAs: { fileId: ids.document(outcome.keptAs.fileId), name: outcome.keptAs.name },
          };
        }
        return { ...outcome, fileId };
      },
      async setLock(fileId, locked) {
        const documentId = remoteDocument(fileId);
        await setLock(client, documentId, locked);
        await savedRecord(documentId);
      },
    },
  };
}
