// The channels served by running accounts: files on servers (content, versions, locks, server-side search)
// and recipient completion. Each request goes to the account that owns the item; what the servers answer is
// already in the store when the answer comes back, so the renderer reads one truth.
import type { Handlers } from '../handlers';
import { CoreError } from '../errors';
import type { FileEntry, Person } from '../model';
import type { Store } from '../../store/store';
import { toFtsQuery } from '../../store/fts-query';
import type { LiveAccounts, LiveFiles } from './live-accounts';

type LiveChannels =
  'files:saveVersion' | 'files:versions' | 'files:lock' | 'files:download' | 'files:search' | 'directory:complete';

/** How long completion waits for the servers before answering from the local copy alone. */
const COMPLETION_TIMEOUT_MS = 1500;

const decode = (data: string) => new Uint8Array(Buffer.from(data, 'base64'));

export function liveHandlers(store: Store, live: LiveAccounts): Pick<Handlers, LiveChannels> {
  const entry = (id: string): FileEntry => {
    const file = store.files.get(id);
    if (!file) throw new CoreError('notFound', { id });
    return file;
  };

  /** The running files service of the account that owns `id`; `files.unavailable` while it is not running. */
  const filesOf = (accountId: string): LiveFiles => {
    const files = live.get(accountId)?.files;
    if (!files) throw new CoreError('files.unavailable');
    return files;
  };

  const mimeOf = (given: string | undefined, name: string) => given ?? guessMimeType(name);

  return {
    async 'files:saveVersion'({ id, mimeType, data }) {
      const file = entry(id);
      const outcome = await filesOf(file.accountId).saveVersion(id, mimeOf(mimeType, file.name), decode(data));
      if (outcome.status === 'saved') return { status: 'saved', file: entry(id) };
      return { status: 'conflict', file: entry(id), keptAs: entry(outcome.keptAs) };
    },

    'files:versions': ({ id }) => filesOf(entry(id).accountId).versions(id),

    'files:lock': ({ id, locked }) => filesOf(entry(id).accountId).setLock(id, locked),

    async 'files:download'({ id, version }) {
      const file = entry(id);
      const content = await filesOf(file.accountId).download(id, version);
      return {
        name: file.name,
        mimeType: file.mimeType,
        data: Buffer.from(content.data).toString('base64'),
        version: content.version,
      };
    },

    async 'files:search'({ q, limit }) {
      const found = new Map<string, FileEntry>();
      const results = await Promise.allSettled(live.all().map(([, account]) => account.files?.search(q, limit)));
      for (const result of results) {
        if (result.status !== 'fulfilled' || !result.value) continue;
        for (const record of result.value) {
          const file = store.files.get(record.id);
          if (file) found.set(file.id, file);
        }
      }
      // Names in the local copy: the other accounts' files, and everything while offline.
      const match = toFtsQuery(q);
      if (match) {
        for (const hit of store.search.search('file', match, limit)) {
          const file = store.files.get(hit.id);
          if (file && !found.has(file.id)) found.set(file.id, file);
        }
      }
      return [...found.values()].slice(0, limit);
    },

    async 'directory:complete'({ q, limit }) {
      const found = new Map<string, Person>();
      const add = (person: Person) => {
        const key = (person.address ?? person.id).toLowerCase();
        if (!found.has(key)) found.set(key, person);
      };
      const online = live
        .all()
        .map(([, account]) => account.directory?.complete(q, limit))
        .filter((request): request is Promise<Person[]> => request !== undefined);
      const answers = await Promise.allSettled(online.map((request) => withTimeout(request, COMPLETION_TIMEOUT_MS)));
      for (const answer of answers) if (answer.status === 'fulfilled') answer.value.forEach(add);
      // The local copy (directories synced for offline use, earlier completions, the people of chats).
      const match = toFtsQuery(q);
      if (match) {
        for (const hit of store.search.search('person', match, limit * 2)) {
          const person = store.people.get(hit.id);
          if (person?.address) add(person);
        }
      }
      return [...found.values()].slice(0, limit);
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new CoreError('network.timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const MIME_TYPES: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  zip: 'application/zip',
};

export function guessMimeType(name: string): string {
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}
