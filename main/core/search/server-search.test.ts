import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../errors';
import type { RemoteHeader } from '../mail/remote';
import type { MailRemote } from '../mail/remote';
import { openStore, type Store } from '../../store/store';
import { folderIdOf, mailSyncRepository } from '../../store/repositories/mail-sync';
import { searchMailOnServers, type ServerSearchAccount } from './server-search';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bastide-server-search-'));
  store = openStore(join(dir, 'bastide.sqlite'));
  for (const id of ['a', 'b']) {
    store.accounts.put(
      {
        id,
        kindId: 'imap',
        displayName: id,
        address: `${id}@x.test`,
        selfPersonId: null,
        capabilities: ['mail'],
        state: 'online',
      },
      new Date(),
    );
    const target = mailSyncRepository(store.db).target(id);
    target.putFolders([
      { path: 'INBOX', name: 'INBOX', parentPath: null, role: 'inbox', selectable: true },
      { path: 'Archives', name: 'Archives', parentPath: null, role: 'archive', selectable: true },
    ]);
    target.folder('INBOX')!.addHeaders('1', [header(1), header(2)]);
    target.folder('Archives')!.addHeaders('1', [header(3)]);
  }
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const header = (uid: number): RemoteHeader => ({
  uid,
  messageId: `<m${uid}@x.test>`,
  inReplyTo: null,
  references: [],
  subject: `Sujet ${uid}`,
  from: { address: 'h@x.test' },
  to: [],
  cc: [],
  replyTo: [],
  date: new Date(Date.UTC(2019, 2, uid)).toISOString(),
  unread: false,
  flagged: false,
  size: 1_000,
  bodyParts: { text: '1' },
  attachments: [],
});

/** An account whose server answers these UIDs per folder path (or fails, as an unreachable one does). */
function account(id: string, answers: Record<string, number[]> | Error): ServerSearchAccount {
  const remote = {
    searchText: async (path: string) => {
      if (answers instanceof Error) throw answers;
      return answers[path] ?? [];
    },
  } as Partial<MailRemote> as MailRemote;
  return { id, folders: store.mail.folders(id), canSearch: true, use: (work) => work(remote) };
}

describe('search on the servers', () => {
  it('shows what each server found from the store, newest first, across folders and accounts', async () => {
    const results = await searchMailOnServers(
      store.search,
      [account('a', { INBOX: [1], Archives: [3] }), account('b', { INBOX: [2, 99] })],
      'budget',
      30,
    );
    expect(results.map((r) => [r.id, r.title, r.target])).toEqual([
      [
        `${folderIdOf('a', 'Archives')}:1:3`,
        'Sujet 3',
        { app: 'mail', id: `${folderIdOf('a', 'Archives')}:1:3`, parentId: folderIdOf('a', 'Archives') },
      ],
      [
        `${folderIdOf('b', 'INBOX')}:1:2`,
        'Sujet 2',
        { app: 'mail', id: `${folderIdOf('b', 'INBOX')}:1:2`, parentId: folderIdOf('b', 'INBOX') },
      ],
      [
        `${folderIdOf('a', 'INBOX')}:1:1`,
        'Sujet 1',
        { app: 'mail', id: `${folderIdOf('a', 'INBOX')}:1:1`, parentId: folderIdOf('a', 'INBOX') },
      ],
    ]);
  });

  it('leaves out an unreachable server while another answers, and says why when none can', async () => {
    const offline = new CoreError('network.unreachable');
    const partial = await searchMailOnServers(
      store.search,
      [account('a', offline), account('b', { INBOX: [1] })],
      'budget',
      30,
    );
    expect(partial.map((r) => r.title)).toEqual(['Sujet 1']);
    await expect(searchMailOnServers(store.search, [account('a', offline)], 'budget', 30)).rejects.toBe(offline);
  });
});
