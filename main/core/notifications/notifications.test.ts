import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createStoreSink, type StoreSink } from '../../store/sink';
import { openStore, type Store } from '../../store/store';
import type { MailMessageRecord } from '../../store/records';
import { createEventHub, type EventHub } from '../events';
import type { Language } from '../model';
import { writePresence } from '../settings';
import { useTempProfiles } from '../testing/helpers';
import { autostartEntry, autostartPath, setLinuxAutostart } from './autostart';
import { createNotificationCenter, mentions, type NotificationCenter } from './center';
import { createRecordingNotifier, type RecordingNotifier } from './port';
import { createScreen, type Screen } from './screen';
import { defaultDesktopSettings, isDoNotDisturb, readDesktopSettings, writeDesktopSettings } from './settings';

const { makeDir } = useTempProfiles();
const T0 = Date.parse('2026-11-28T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const mail = (id: string, minutes: number, overrides: Partial<MailMessageRecord> = {}): MailMessageRecord => ({
  id: `acc:${id}`,
  folderId: 'acc:inbox',
  threadId: id,
  subject: `Sujet ${id}`,
  from: { name: 'Hélène Moreau', address: 'helene@example.test' },
  to: [{ address: 'camille@example.test' }],
  cc: [],
  date: at(minutes),
  unread: true,
  flagged: false,
  bodyText: 'texte',
  bodyHtml: null,
  attachments: [],
  ...overrides,
});

describe('the notification center', () => {
  let store: Store;
  let sink: StoreSink;
  let events: EventHub;
  let notifier: RecordingNotifier;
  let center: NotificationCenter;
  let screen: Screen;
  let clock = T0;
  let language: Language = 'fr';

  beforeEach(() => {
    clock = T0;
    language = 'fr';
    store = openStore(join(makeDir(), 'store.sqlite'));
    store.accounts.put(
      {
        id: 'acc',
        kindId: 'test',
        displayName: 'Camille',
        address: 'camille@example.test',
        selfPersonId: 'acc:me',
        capabilities: ['mail', 'chat'],
        state: 'online',
      },
      new Date(T0),
    );
    sink = createStoreSink(store, 'acc');
    sink.putMailFolders([
      { id: 'acc:inbox', name: 'Boîte de réception', path: 'INBOX', role: 'inbox', parentId: null },
      { id: 'acc:archive', name: 'Archives', path: 'Archives', role: 'archive', parentId: null },
    ]);
    sink.putPeople([
      { id: 'acc:me', name: 'Camille Durand' },
      { id: 'acc:bob', name: 'Bob Lefèvre' },
    ]);
    sink.putConversations([
      { id: 'acc:dm', kind: 'direct', title: 'Bob Lefèvre', participantIds: ['acc:me', 'acc:bob'], unread: 0 },
      { id: 'acc:room', kind: 'group', title: 'Cellule de crise', participantIds: ['acc:me', 'acc:bob'], unread: 0 },
    ]);
    sink.putMessages([mail('old', -60)]);
    sink.putChatMessages([chat('acc:dm', 'dm-old', -30, 'Ancien message')]);
    events = createEventHub();
    notifier = createRecordingNotifier();
    screen = createScreen();
    center = createNotificationCenter({
      store,
      events,
      notifier,
      now: () => new Date(clock),
      language: () => language,
      selfPersonOf: (accountId) => store.accounts.get(accountId)?.selfPersonId ?? null,
      screen,
    });
    center.start();
    return () => {
      center.stop();
      store.close();
    };
  });

  function chat(conversationId: string, id: string, minutes: number, text: string, authorId = 'acc:bob') {
    return { id: `acc:${id}`, conversationId, authorId, text, sentAt: at(minutes), editedAt: null };
  }

  const newMail = (...messages: MailMessageRecord[]) => {
    sink.putMessages(messages);
    events.emit('mail:changed', { folderIds: [...new Set(messages.map((message) => message.folderId))] });
  };

  const newChat = (...messages: ReturnType<typeof chat>[]) => {
    sink.putChatMessages(messages);
    events.emit('chat:changed', { conversationIds: [...new Set(messages.map((message) => message.conversationId))] });
  };

  it('does not notify messages of the conversation on screen while the window has the focus', () => {
    clock = T0 + 60_000;
    screen.showConversation('acc:dm');
    // Not focused (minimised, another application in front): the conversation on screen still notifies.
    newChat(chat('acc:dm', 'dm-1', 1, 'Tu es là ?'));
    screen.setWindowFocused(true);
    newChat(chat('acc:dm', 'dm-2', 2, 'Je vois que oui'));
    // Another conversation, or none on screen, notifies as before.
    newChat(chat('acc:room', 'room-1', 2, '@camille un point à 14 h ?'));
    screen.showConversation(null);
    newChat(chat('acc:dm', 'dm-3', 3, 'Tu as fermé ?'));
    // What arrived while the user was looking is not notified later.
    screen.setWindowFocused(false);
    events.emit('chat:changed', { conversationIds: ['acc:dm'] });
    expect(notifier.shown().map((notification) => notification.id)).toEqual([
      'chat:acc:dm-1',
      'chat:acc:room-1',
      'chat:acc:dm-3',
    ]);
  });

  it('notifies new unread mail in an inbox, with its sender, subject and link', () => {
    clock = T0 + 60_000;
    newMail(mail('1', 1));
    expect(notifier.shown()).toEqual([
      {
        id: 'mail:acc:1',
        app: 'mail',
        title: 'Hélène Moreau',
        body: 'Sujet 1',
        target: 'bastide://mail/acc%3A1',
      },
    ]);
    // The same change heard again notifies nothing more.
    events.emit('mail:changed', { folderIds: ['acc:inbox'] });
    expect(notifier.shown()).toHaveLength(1);
  });

  it('stays quiet for what was there, backfilled older mail, read mail, own mail and other folders', () => {
    events.emit('mail:changed', { folderIds: ['acc:inbox'] });
    newMail(mail('backfill', -24 * 60), mail('read', 1, { unread: false }));
    newMail(mail('mine', 2, { from: { address: 'Camille@Example.test' } }));
    newMail(mail('archived', 3, { folderId: 'acc:archive' }));
    expect(notifier.shown()).toEqual([]);
  });

  it('does not notify a first sync: an inbox seen for the first time only sets the mark', () => {
    sink.putMailFolders([{ id: 'acc:inbox2', name: 'Inbox', path: 'INBOX2', role: 'inbox', parentId: null }]);
    newMail(mail('first-a', 0, { folderId: 'acc:inbox2' }), mail('first-b', 1, { folderId: 'acc:inbox2' }));
    expect(notifier.shown()).toEqual([]);
    newMail(mail('then', 2, { folderId: 'acc:inbox2' }));
    expect(notifier.shown().map((n) => n.id)).toEqual(['mail:acc:then']);
  });

  it('sums up a burst of mail in one notification', () => {
    newMail(mail('a', 1), mail('b', 2), mail('c', 3), mail('d', 4, { from: { address: 'x@example.test' } }));
    expect(notifier.shown()).toEqual([
      expect.objectContaining({ title: '4 nouveaux messages', target: 'bastide://mail/acc%3Ad' }),
    ]);
    expect(notifier.shown()[0]!.body).toContain('x@example.test');
  });

  it('notifies direct messages and mentions, not group chatter or own messages', () => {
    language = 'en';
    newChat(chat('acc:dm', 'dm-1', 1, '<p>Tu as vu le <b>ticket</b> ?</p>'));
    newChat(chat('acc:room', 'room-1', 2, 'Bonjour à tous'));
    newChat(chat('acc:room', 'room-2', 3, 'Tu peux regarder @camille ?'));
    newChat(chat('acc:room', 'room-3', 4, '@camille.durand?'));
    newChat(chat('acc:dm', 'dm-2', 5, 'Moi-même', 'acc:me'));
    expect(notifier.shown()).toEqual([
      {
        id: 'chat:acc:dm-1',
        app: 'chat',
        title: 'Bob Lefèvre',
        body: 'Tu as vu le ticket ?',
        target: 'bastide://chat/acc%3Adm/acc%3Adm-1',
      },
      expect.objectContaining({ id: 'chat:acc:room-2', title: 'Bob Lefèvre in Cellule de crise' }),
    ]);
  });

  it('notifies activity from the servers but not its mail items', () => {
    sink.putActivity([
      {
        id: 'acc:act-1',
        kind: 'mention',
        actorId: 'acc:bob',
        title: 'vous a mentionné(e).',
        summary: 'Compte rendu du comité',
        at: at(1),
        unread: true,
        target: { app: 'teams', id: 'post-1', parentId: 'space-1' },
      },
    ]);
    events.emit('activity:changed', { accountIds: ['acc'] });
    expect(notifier.shown()).toEqual([
      {
        id: 'activity:acc:act-1',
        app: 'activity',
        title: 'Bob Lefèvre vous a mentionné(e).',
        body: 'Compte rendu du comité',
        target: 'bastide://spaces/space-1/post-1',
      },
    ]);
  });

  it('keeps quiet while muted or in do-not-disturb (setting or presence), and does not catch up later', () => {
    writeDesktopSettings(store.settings, { notifyMail: false });
    newMail(mail('muted', 1));
    writeDesktopSettings(store.settings, { notifyMail: true, doNotDisturb: true });
    newMail(mail('dnd', 2));
    newChat(chat('acc:dm', 'dm-dnd', 2, 'Coucou'));
    writeDesktopSettings(store.settings, { doNotDisturb: false });
    writePresence(store.settings, 'dnd');
    newChat(chat('acc:dm', 'dm-presence', 3, 'Coucou ?'));
    expect(notifier.shown()).toEqual([]);

    writePresence(store.settings, 'busy');
    newChat(chat('acc:dm', 'dm-back', 4, 'Là ?'));
    expect(notifier.shown().map((n) => n.id)).toEqual(['chat:acc:dm-back']);
  });

  it('keeps the badge at the unread count of inboxes and conversations', () => {
    expect(notifier.badge()).toBe(1);
    newMail(mail('1', 1));
    sink.putConversations([
      { id: 'acc:dm', kind: 'direct', title: 'Bob Lefèvre', participantIds: ['acc:me', 'acc:bob'], unread: 3 },
    ]);
    events.emit('chat:changed', { conversationIds: [] });
    expect(notifier.badge()).toBe(5);
  });

  it('survives a notifier that throws', () => {
    const failing = createNotificationCenter({
      store,
      events,
      notifier: {
        show: () => {
          throw new Error('no notification daemon');
        },
        setBadge: () => {},
      },
      now: () => new Date(clock),
      language: () => 'fr',
      selfPersonOf: () => null,
    });
    failing.start();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      newMail(mail('x', 1));
    } finally {
      console.error = original;
      failing.stop();
    }
    expect(notifier.shown()).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });
});

describe('mentions', () => {
  it('matches @name and @username as whole words, and profile links', () => {
    expect(mentions('salut @Alice', ['alice'])).toBe(true);
    expect(mentions('salut @alicia', ['alice'])).toBe(false);
    expect(mentions('cc @Alice Martin, merci', ['Alice Martin'])).toBe(true);
    expect(mentions('<a href="/portal/dw/profile/alice">Alice Martin</a> tu peux ?', ['alice'])).toBe(true);
    expect(mentions('alice@example.test', ['alice'])).toBe(false);
    expect(mentions('merci @alice.', ['alice'])).toBe(true);
    expect(mentions('@alice.martin', ['alice'])).toBe(false);
  });
});

describe('desktop settings', () => {
  it('defaults, merges patches, and falls back on what does not parse', () => {
    const store = openStore(join(makeDir(), 'settings.sqlite'));
    try {
      expect(readDesktopSettings(store.settings)).toEqual(defaultDesktopSettings);
      expect(writeDesktopSettings(store.settings, { notifyChat: false, closeToTray: true })).toEqual({
        ...defaultDesktopSettings,
        notifyChat: false,
        closeToTray: true,
      });
      store.settings.set('desktop', { notifyChat: 'yes', doNotDisturb: true });
      expect(readDesktopSettings(store.settings)).toEqual({ ...defaultDesktopSettings, doNotDisturb: true });
      expect(isDoNotDisturb(store.settings)).toBe(true);
      store.settings.set('desktop', 'garbage');
      expect(isDoNotDisturb(store.settings)).toBe(false);
      writePresence(store.settings, 'dnd');
      expect(isDoNotDisturb(store.settings)).toBe(true);
    } finally {
      store.close();
    }
  });
});

describe('Linux autostart', () => {
  it('writes and removes an XDG autostart entry under the config folder', async () => {
    const configHome = makeDir();
    const path = autostartPath(configHome);
    expect(path).toBe(join(configHome, 'autostart', 'fr.bastide.desktop.desktop'));
    await setLinuxAutostart(true, { exec: '/opt/Bastide/bastide', configHome });
    const entry = await readFile(path, 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Bastide\nExec=/opt/Bastide/bastide\n');
    expect(entry).toContain('X-GNOME-Autostart-enabled=true');
    await setLinuxAutostart(true, { exec: '/opt/Bastide/bastide', configHome });
    await setLinuxAutostart(false, { exec: '/opt/Bastide/bastide', configHome });
    await expect(readFile(path, 'utf8')).rejects.toThrow();
    await setLinuxAutostart(false, { exec: '/opt/Bastide/bastide', configHome });
  });

  it('quotes and escapes Exec as the Desktop Entry specification asks', () => {
    expect(autostartEntry('/home/u/Applications/Bastide 1.0.AppImage')).toContain(
      'Exec="/home/u/Applications/Bastide 1.0.AppImage"\n',
    );
    expect(autostartEntry('/opt/a"b$c')).toContain('Exec="/opt/a\\\\"b\\\\$c"\n');
    expect(() => autostartEntry('/opt/a\nX-Evil=1')).toThrow();
  });

  it('uses ~/.config without a usable XDG_CONFIG_HOME', () => {
    expect(autostartPath('relative/dir')).toMatch(/\.config[/\\]autostart[/\\]fr\.bastide\.desktop\.desktop$/);
  });
});
