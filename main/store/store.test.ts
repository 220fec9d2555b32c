import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempProfiles } from '../core/testing/helpers';
import { toFtsQuery } from './fts-query';
import type { MailMessageRecord } from './records';
import { createStoreSink, type StoreSink } from './sink';
import { openStore, type Store } from './store';

const mail = (id: string, overrides: Partial<MailMessageRecord> = {}): MailMessageRecord => ({
  id,
  folderId: 'acc:inbox',
  threadId: `${id}-thread`,
  subject: 'Ordre du jour',
  from: { name: 'Hélène Moreau', address: 'helene@example.invalid' },
  to: [{ name: 'Camille Durand', address: 'camille@example.invalid' }],
  cc: [],
  date: '2026-03-10T09:00:00+01:00',
  unread: true,
  flagged: false,
  bodyText: 'Voici le texte',
  bodyHtml: null,
  attachments: [],
  ...overrides,
});

const search = (store: Store, kind: Parameters<Store['search']['search']>[0], query: string) =>
  store.search.search(kind, toFtsQuery(query)!, 50).map((hit) => hit.id);

describe('the store', () => {
  const { makeDir } = useTempProfiles();
  let store: Store;
  let sink: StoreSink;

  beforeEach(() => {
    store = openStore(join(makeDir(), 'store.sqlite'));
    store.accounts.put(
      {
        id: 'acc',
        kindId: 'test',
        displayName: 'Camille',
        address: 'camille@example.invalid',
        selfPersonId: 'acc:me',
        capabilities: ['mail', 'chat'],
        state: 'online',
      },
      new Date(),
    );
    sink = createStoreSink(store, 'acc');
    sink.putMailFolders([
      // Children before parents on purpose: the store orders the writes.
      { id: 'acc:projects', name: 'Projets', path: 'INBOX/Projets', role: null, parentId: 'acc:inbox' },
      { id: 'acc:trash', name: 'Corbeille', path: 'Trash', role: 'trash', parentId: null },
      { id: 'acc:inbox', name: 'Boîte de réception', path: 'INBOX', role: 'inbox', parentId: null },
    ]);
    return () => store.close();
  });

  it('orders folders as a tree, well-known roles first', () => {
    expect(store.mail.folders(null).map((folder) => folder.id)).toEqual(['acc:inbox', 'acc:projects', 'acc:trash']);
  });

  it('refuses records of another account', () => {
    expect(() => sink.putMessages([mail('other:1')])).toThrow();
    expect(store.mail.list('acc:inbox', 0, 10).total).toBe(0);
  });

  it('keeps mail search in step with updates and deletions', () => {
    sink.putMessages([mail('acc:1', { subject: 'Réunion de chantier', bodyText: 'Les bornes arrivent lundi.' })]);
    expect(search(store, 'mail', 'reunion')).toEqual(['acc:1']);
    expect(search(store, 'mail', 'helene')).toEqual(['acc:1']);
    expect(search(store, 'mail', 'camille')).toEqual(['acc:1']);
    expect(search(store, 'mail', 'bornes')).toEqual(['acc:1']);

    sink.putMessages([mail('acc:1', { subject: 'Comité de pilotage', bodyText: 'Ordre du jour modifié.' })]);
    expect(search(store, 'mail', 'reunion')).toEqual([]);
    expect(search(store, 'mail', 'bornes')).toEqual([]);
    expect(search(store, 'mail', 'pilotage modifie')).toEqual(['acc:1']);

    store.mail.setFlags(['acc:1'], { unread: false });
    expect(search(store, 'mail', 'pilotage')).toEqual(['acc:1']);

    store.db.prepare('DELETE FROM mail_folders WHERE id = ?').run('acc:inbox');
    expect(search(store, 'mail', 'pilotage')).toEqual([]);
    expect(store.db.prepare('SELECT count(*) AS n FROM mail_fts').get()).toEqual({ n: 0 });
  });

  it('keeps chat, post, file, person and event search in step', () => {
    sink.putPeople([{ id: 'acc:me', name: 'Camille Durand', title: 'Chargée de mission' }]);
    sink.putConversations([{ id: 'acc:c1', kind: 'group', title: 'Équipe', participantIds: ['acc:me'], unread: 0 }]);
    sink.putChatMessages([
      {
        id: 'acc:m1',
        conversationId: 'acc:c1',
        authorId: 'acc:me',
        text: 'Café à 10 h ?',
        sentAt: '2026-03-10T09:00:00Z',
        editedAt: null,
      },
    ]);
    sink.putSpaces([{ id: 'acc:s1', name: 'Espace', description: '', memberCount: 3, unread: 0 }]);
    sink.putPosts([
      {
        id: 'acc:p1',
        spaceId: 'acc:s1',
        authorId: 'acc:me',
        text: 'Séminaire annulé',
        postedAt: '2026-03-10T09:00:00Z',
        likes: 0,
        comments: [],
      },
    ]);
    sink.putFiles([
      {
        id: 'acc:f2',
        parentId: 'acc:f1',
        spaceId: null,
        name: 'Délibération.odt',
        kind: 'file',
        size: 10,
        mimeType: null,
        modifiedAt: '2026-03-10T09:00:00Z',
        modifiedBy: null,
      },
      {
        id: 'acc:f1',
        parentId: null,
        spaceId: null,
        name: 'Dossier',
        kind: 'folder',
        size: null,
        mimeType: null,
        modifiedAt: '2026-03-10T09:00:00Z',
        modifiedBy: null,
      },
    ]);
    sink.putEvents([
      {
        id: 'acc:e1',
        title: 'Comité',
        start: '2026-03-10T09:00:00Z',
        end: '2026-03-10T10:00:00Z',
        allDay: false,
        location: 'Salle Garonne',
        organizerId: 'acc:me',
        attendeeIds: [],
        meetingUrl: null,
        description: 'Budget',
      },
    ]);
    expect(search(store, 'chat', 'cafe')).toEqual(['acc:m1']);
    expect(search(store, 'post', 'seminaire')).toEqual(['acc:p1']);
    expect(search(store, 'file', 'deliberation')).toEqual(['acc:f2']);
    expect(search(store, 'person', 'chargee')).toEqual(['acc:me']);
    expect(search(store, 'event', 'garonne')).toEqual(['acc:e1']);

    sink.putChatMessages([
      {
        id: 'acc:m1',
        conversationId: 'acc:c1',
        authorId: 'acc:me',
        text: 'Thé à 11 h ?',
        sentAt: '2026-03-10T09:00:00Z',
        editedAt: '2026-03-10T09:01:00Z',
      },
    ]);
    expect(search(store, 'chat', 'cafe')).toEqual([]);
    expect(search(store, 'chat', 'the')).toEqual(['acc:m1']);

    store.db.prepare('DELETE FROM conversations WHERE id = ?').run('acc:c1');
    store.db.prepare('DELETE FROM files WHERE id = ?').run('acc:f1');
    expect(search(store, 'chat', 'the')).toEqual([]);
    expect(search(store, 'file', 'deliberation')).toEqual([]);
    expect(store.db.prepare("INSERT INTO chat_fts(chat_fts) VALUES ('integrity-check')").run()).toBeDefined();
  });
});
