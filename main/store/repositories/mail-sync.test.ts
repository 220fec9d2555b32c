import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemoteHeader } from '../../core/mail/remote';
import { toFtsQuery } from '../fts-query';
import { openStore, type Store } from '../store';
import { mailActionsRepository } from './mail-actions';
import { mailPeopleRepository } from './mail-people';
import { folderIdOf, mailSyncRepository } from './mail-sync';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bastide-mailsync-'));
  store = openStore(join(dir, 'bastide.sqlite'));
  store.accounts.put(
    {
      id: 'acc',
      kindId: 'imap',
      displayName: 'Alice',
      address: 'alice@x.test',
      selfPersonId: null,
      capabilities: ['mail'],
      state: 'online',
    },
    new Date(),
  );
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const header = (uid: number, extra: Partial<RemoteHeader> = {}): RemoteHeader => ({
  uid,
  messageId: `<m${uid}@x.test>`,
  inReplyTo: null,
  references: [],
  subject: `Sujet ${uid}`,
  from: { name: 'Hélène Dupré', address: 'helene@x.test' },
  to: [{ address: 'alice@x.test' }],
  cc: [],
  replyTo: [],
  date: new Date(Date.UTC(2026, 2, uid)).toISOString(),
  unread: true,
  flagged: false,
  size: 1_000,
  bodyParts: { text: '1' },
  attachments: [],
  ...extra,
});

function setup() {
  const sync = mailSyncRepository(store.db);
  const target = sync.target('acc');
  target.putFolders([
    { path: 'INBOX', name: 'INBOX', parentPath: null, role: 'inbox', selectable: true },
    { path: 'Archives/2026', name: '2026', parentPath: 'Archives', role: null, selectable: true },
    { path: 'Archives', name: 'Archives', parentPath: null, role: 'archive', selectable: true },
  ]);
  return { sync, inbox: target.folder('INBOX')!, target };
}

describe('mail sync store', () => {
  it('keeps the folder tree, and drops folders the server no longer lists', () => {
    const { target } = setup();
    expect(store.mail.folders('acc').map((folder) => [folder.path, folder.parentId])).toEqual([
      ['INBOX', null],
      ['Archives', null],
      ['Archives/2026', 'acc:Archives'],
    ]);
    target.putFolders([{ path: 'INBOX', name: 'INBOX', parentPath: null, role: 'inbox', selectable: true }]);
    expect(store.mail.folders('acc').map((folder) => folder.path)).toEqual(['INBOX']);
  });

  it('adds headers once per UID, threads them whatever the order, and searches subject, people and text', () => {
    const { sync, inbox } = setup();
    // The reply arrives first (newest first), then the root, then a reply with In-Reply-To only.
    expect(inbox.addHeaders('7', [header(2, { references: ['<m1@x.test>'], inReplyTo: '<m1@x.test>' })])).toBe(1);
    expect(inbox.addHeaders('7', [header(1), header(2)])).toBe(1);
    inbox.addHeaders('7', [header(3, { inReplyTo: '<m2@x.test>', subject: 'Réunion budgétaire' })]);
    const threads = new Set(store.mail.list(folderIdOf('acc', 'INBOX'), 0, 10).items.map((item) => item.threadId));
    expect(threads.size).toBe(1);
    expect(inbox.count()).toBe(3);

    const id = `${folderIdOf('acc', 'INBOX')}:7:3`;
    expect(store.mail.get(id)).toMatchObject({ bodyAvailable: false, bodyText: '' });
    const search = (q: string) => store.search.search('mail', toFtsQuery(q)!, 10).map((hit) => hit.id);
    expect(search('reunion')).toEqual([]); // indexed in a batch, after the sync
    expect(sync.indexPending(2)).toBe(2);
    expect(sync.indexPending(10)).toBe(1);
    expect(search('reunion')).toEqual([id]);
    sync.putBody(id, 'Le budget de la région est voté.', null);
    expect(store.mail.get(id)).toMatchObject({ bodyAvailable: true, snippet: 'Le budget de la région est voté.' });
    expect(search('reunion budgetaire')).toEqual([id]);
    expect(search('vote')).toEqual([id]);
    expect(search('dupre')).toHaveLength(3);
    expect(mailPeopleRepository(store.db).complete(toFtsQuery('hél')!, 'acc', 5)).toEqual([
      { name: 'Hélène Dupré', address: 'helene@x.test' },
    ]);
  });

  it('applies flags and expunges, except on messages whose own change is still on its way', () => {
    const { inbox } = setup();
    inbox.addHeaders('7', [header(1), header(2)]);
    const actions = mailActionsRepository(store.db);
    const pending = `${folderIdOf('acc', 'INBOX')}:7:2`;
    actions.setFlags(pending, { unread: false });
    actions.hold(pending);
    expect(
      inbox.updateFlags([
        { uid: 1, unread: false, flagged: true },
        { uid: 2, unread: true, flagged: false },
      ]),
    ).toBe(1);
    expect(store.mail.get(pending)?.unread).toBe(false);
    expect(inbox.remove([1, 2])).toBe(1);
    expect(inbox.known().get(2)).toEqual({ unread: false, flagged: false, pending: true });
  });

  it('stores messages of the same second apart, whether written here or by the bulk writer', async () => {
    const { inbox } = setup();
    const sameSecond = new Date(Date.UTC(2026, 2, 12, 9, 0, 0)).toISOString();
    expect(
      inbox.addHeaders(
        '7',
        [1, 2, 3].map((uid) => header(uid, { date: sameSecond })),
      ),
    ).toBe(3);
    const { BulkWriter } = await import('./mail-bulk-writer');
    const bulk = new BulkWriter(join(dir, 'bastide.sqlite'));
    try {
      const target = mailSyncRepository(store.db, bulk).target('acc').folder('INBOX')!;
      expect(
        await target.addHeaders(
          '7',
          [3, 4, 5].map((uid) => header(uid, { date: sameSecond })),
        ),
      ).toBe(2);
    } finally {
      await bulk.close();
    }
    expect(inbox.count()).toBe(5);
  });

  it('forgets every UID of a folder whose UIDVALIDITY changed', () => {
    const { inbox } = setup();
    inbox.addHeaders('7', [header(1)]);
    inbox.setCursor({ uidValidity: '7', uidNext: 2, highestModseq: null, messages: 1, flagsCheckedAt: 0 });
    inbox.reset();
    expect(inbox.count()).toBe(0);
    expect(inbox.cursor()).toBeNull();
  });

  it('moves a message locally and then to its new place on the server, dropping a copy the sync saw first', () => {
    const { sync, inbox, target } = setup();
    inbox.addHeaders('7', [header(1)]);
    const id = `${folderIdOf('acc', 'INBOX')}:7:1`;
    const actions = mailActionsRepository(store.db);
    actions.move(id, folderIdOf('acc', 'Archives'));
    target.folder('Archives')!.addHeaders('9', [header(40)]);
    actions.relocate(id, folderIdOf('acc', 'Archives'), 40);
    expect(store.mail.list(folderIdOf('acc', 'Archives'), 0, 10).items.map((item) => item.id)).toEqual([id]);
    expect(sync.location(id)).toMatchObject({ path: 'Archives', uid: 40 });
  });
});
