import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemoteHeader } from '../mail/remote';
import { openStore, type Store } from '../../store/store';
import { folderIdOf, mailSyncRepository } from '../../store/repositories/mail-sync';
import { mentionMatch } from '../../store/repositories/activity';
import { activityFeed } from './feed';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bastide-activity-'));
  store = openStore(join(dir, 'bastide.sqlite'));
  for (const [id, kindId] of [
    ['mail', 'imap'],
    ['collab', 'exo'],
  ] as const) {
    store.accounts.put(
      {
        id,
        kindId,
        displayName: id,
        address: `alice@${id}.test`,
        selfPersonId: null,
        capabilities: [],
        state: 'online',
      },
      new Date(),
    );
  }
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const header = (uid: number, extra: Partial<RemoteHeader>): RemoteHeader => ({
  uid,
  messageId: `<m${uid}@x.test>`,
  inReplyTo: null,
  references: [],
  subject: `Sujet ${uid}`,
  from: { name: 'Inconnu', address: 'someone@x.test' },
  to: [{ address: 'alice@mail.test' }],
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

describe('activity feed', () => {
  it('merges notifications with flagged mail and mail from people the user writes to, newest first', () => {
    const target = mailSyncRepository(store.db).target('mail');
    target.putFolders([
      { path: 'INBOX', name: 'INBOX', parentPath: null, role: 'inbox', selectable: true },
      { path: 'Sent', name: 'Sent', parentPath: null, role: 'sent', selectable: true },
    ]);
    target
      .folder('Sent')!
      .addHeaders('1', [
        header(1, { from: { address: 'alice@mail.test' }, to: [], cc: [{ name: 'Hélène', address: 'Helene@X.test' }] }),
      ]);
    target
      .folder('INBOX')!
      .addHeaders('1', [
        header(2, { subject: 'Lettre quelconque' }),
        header(3, { subject: 'Signalée', flagged: true, unread: false }),
        header(5, { subject: 'De Hélène', from: { name: 'Hélène Dupré', address: 'helene@x.test' } }),
      ]);
    store.activity.put('collab', [
      {
        id: 'n1',
        kind: 'mention',
        actorId: 'p1',
        title: 'vous a mentionné',
        summary: 'Bonjour',
        at: new Date(Date.UTC(2026, 2, 4)).toISOString(),
        unread: true,
        target: { app: 'teams', id: 'post1', parentId: 'space1' },
      },
    ]);

    const feed = activityFeed(store.activity, new Date(Date.UTC(2026, 2, 20)));
    // A month later, those mails are no longer news.
    expect(activityFeed(store.activity, new Date(Date.UTC(2026, 4, 1))).map((item) => item.kind)).toEqual(['mention']);
    expect(feed.map((item) => [item.accountId, item.kind, item.title, item.unread])).toEqual([
      ['mail', 'mail', 'De Hélène', true],
      ['collab', 'mention', 'vous a mentionné', true],
      ['mail', 'mail', 'Signalée', false],
    ]);
    expect(feed[0]).toMatchObject({
      id: `mail:${folderIdOf('mail', 'INBOX')}:1:5`,
      actor: { name: 'Hélène Dupré', address: 'helene@x.test' },
      target: { app: 'mail', id: `${folderIdOf('mail', 'INBOX')}:1:5`, parentId: folderIdOf('mail', 'INBOX') },
    });
  });

  it('lists group messages that name the user, by others, unread while among the unread newest', () => {
    store.accounts.put(
      {
        id: 'chat',
        kindId: 'xmpp',
        displayName: 'Carol',
        address: 'carol@example.test',
        selfPersonId: 'me',
        capabilities: ['chat'],
        state: 'online',
      },
      new Date(),
    );
    store.people.put('chat', [
      { id: 'me', name: 'Carol Dubois' },
      { id: 'bob', name: 'Bob Lefèvre' },
    ]);
    store.chat.putConversations('chat', [
      { id: 'room', kind: 'group', title: 'Cellule de crise', participantIds: ['me', 'bob'], unread: 1 },
      { id: 'direct', kind: 'direct', title: 'Bob Lefèvre', participantIds: ['me', 'bob'], unread: 0 },
    ]);
    const at = (day: number) => new Date(Date.UTC(2026, 2, day)).toISOString();
    const message = (id: string, conversationId: string, authorId: string, text: string, day: number) => ({
      id,
      conversationId,
      authorId,
      text,
      sentAt: at(day),
      editedAt: null,
    });
    store.chat.putMessages([
      message('m1', 'room', 'bob', 'Carol, tu peux relire ?', 1),
      message('m2', 'room', 'me', 'Oui, Carol regarde.', 2),
      message('m3', 'room', 'bob', 'Rien à voir', 3),
      message('m4', 'direct', 'bob', 'Carol ?', 4),
      message('m5', 'room', 'bob', '@carol urgent', 5),
    ]);

    const mentions = activityFeed(store.activity).filter((item) => item.accountId === 'chat');
    expect(mentions.map((item) => [item.id, item.kind, item.title, item.summary, item.unread])).toEqual([
      ['chat:m5', 'mention', 'Cellule de crise', '@carol urgent', true],
      ['chat:m1', 'mention', 'Cellule de crise', 'Carol, tu peux relire ?', false],
    ]);
    expect(mentions[0]).toMatchObject({
      actor: { name: 'Bob Lefèvre' },
      target: { app: 'chat', id: 'm5', parentId: 'room' },
    });
    expect(mentionMatch('Élise Martin', 'emartin@x.test')).toBe('"élise" OR "emartin"');
    expect(mentionMatch(null, '')).toBeNull();
  });
});
