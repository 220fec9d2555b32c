import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { channelNames, type EventName } from '../../preload/contract';
import { CoreError } from './errors';
import type { MailSummary } from './model';
import { call, FIXED_NOW, resolveDeepLink, useTempProfiles } from './testing/helpers';

const DAY = 86_400_000;

describe('createCore on an empty profile', () => {
  const profiles = useTempProfiles();

  it('installs the demo account and reports the import', async () => {
    const events: { event: EventName; payload: unknown }[] = [];
    const core = await profiles.openCore({ onEvent: (event, payload) => events.push({ event, payload }) });

    const accounts = await call(core, 'accounts:list');
    expect(accounts).toEqual([
      expect.objectContaining({ id: 'demo', kindId: 'demo', kindLabel: 'Espace de démonstration', state: 'online' }),
    ]);
    expect(await call(core, 'app:info')).toEqual({
      name: 'Bastide',
      version: packageJson.version,
      platform: process.platform,
      demo: true,
    });
    expect(await call(core, 'accounts:kinds')).toContainEqual(
      expect.objectContaining({ id: 'demo', label: 'Espace de démonstration' }),
    );

    const progress = events.filter((entry) => entry.event === 'sync:progress').map((entry) => entry.payload);
    expect(progress).toContainEqual({
      accountId: 'demo',
      phase: 'mail',
      done: expect.any(Number),
      total: expect.any(Number),
    });
    const phases = new Set(progress.map((payload) => (payload as { phase: string }).phase));
    expect([...phases].sort()).toEqual(['activity', 'calendar', 'chat', 'directory', 'files', 'mail']);
    expect(events.at(-1)).toEqual({ event: 'accounts:changed', payload: accounts });
  });

  it('answers every channel of the contract', async () => {
    const core = await profiles.openCore();
    const [folder] = await call(core, 'mail:folders');
    const [message] = (await call(core, 'mail:list', { folderId: folder!.id })).items;
    const [conversation] = await call(core, 'chat:conversations');
    const [space] = await call(core, 'spaces:list');
    const [file] = await call(core, 'files:list');
    const draft = await call(core, 'drafts:create', { accountId: 'demo' });
    const { undoId } = await call(core, 'mail:setFlags', { ids: [message!.id], unread: false });
    const requests: Record<string, unknown> = {
      'settings:set': { theme: 'dark' },
      'presence:set': { status: 'busy' },
      'mail:list': { folderId: folder!.id },
      'mail:get': { id: message!.id },
      'mail:setFlags': { ids: [message!.id], flagged: true },
      'chat:messages': { conversationId: conversation!.id },
      'spaces:posts': { spaceId: space!.id },
      'files:get': { id: file!.id },
      'calendar:events': { from: '2026-03-09T00:00:00+01:00', to: '2026-03-14T00:00:00+01:00' },
      'search:query': { q: 'lycée' },
      'search:server': { q: 'lycée' },
      'accounts:update': { id: 'demo', displayName: 'Camille D.' },
      'accounts:reorder': { ids: ['demo'] },
      'secrets:setNoKeyringBehaviour': { behaviour: 'refuse' },
      'mail:thread': { threadId: message!.threadId },
      'mail:move': { ids: [message!.id], folderId: folder!.id },
      'mail:delete': { ids: [message!.id] },
      'mail:undo': { undoId },
      'mail:allowRemoteContent': { messageId: message!.id, scope: 'sender' },
      'mail:recipients': { q: 'cam' },
      'mail:watch': { folderId: folder!.id },
      'attachments:policy': { accountId: 'demo' },
      'drafts:create': { accountId: 'demo' },
      'drafts:get': { id: draft.id },
      'drafts:save': { id: draft.id, subject: 'Ordre du jour' },
      'drafts:discard': { id: draft.id },
      'mail:signature': { accountId: 'demo' },
      'mail:setSignature': { accountId: 'demo', signature: 'Camille' },
    };
    // Mail channels that answer nothing, and those that need a mail server (main/core/mail/*.test.ts).
    const answerNothing = /^mail:(undo|allowRemoteContent|watch|sync)$|^drafts:discard$/;
    const needMailServer = /^mail:openAttachment$|^outbox:(send|retry|cancel)$/;
    // Sign-ins, discovery, certificates and removal need servers: main/core/accounts/*.test.ts cover them.
    const needServers = /^accounts:(get|discover|add|signIn|twoFactor|reconnect|remove)$|^certificates:(trust|revoke)$/;
    // Files on servers and directory completion ask a running account: main/connectors/zimbra/live.test.ts.
    const needRunningAccount = /^files:(saveVersion|versions|lock|download|search)$|^directory:complete$/;
    // Collaboration intents need an account of a collaboration server (the demo has none): main/core/spaces/*.test.ts
    // and main/core/files/documents.test.ts cover them against the eXo emulator; here, what the demo answers.
    const needCollaborationAccount =
      /^chat:(send|edit|delete|retry|older|joinRoom)$|^spaces:(post|comment|like|retry|mentions|refresh)$|^files:(open|pin|stage|stageChunk|queueUpload|queueVersion)$|^activity:markRead$/;
    Object.assign(requests, {
      'chat:markRead': { conversationId: conversation!.id },
      'chat:focus': { conversationId: null },
      'files:refresh': { parentId: null },
    });
    const collaborationAnswersNothing = /^chat:(markRead|focus)$|^files:refresh$/;
    // What the window tells the core (its focus) answers nothing.
    requests['app:focus'] = { focused: true };
    const windowAnswersNothing = /^app:focus$/;
    for (const channel of channelNames) {
      if (needServers.test(channel) || needMailServer.test(channel) || needRunningAccount.test(channel)) continue;
      if (needCollaborationAccount.test(channel)) continue;
      if (channel === 'updates:install') {
        await expect(call(core, channel)).rejects.toMatchObject({ code: 'updates.notReady' });
        continue;
      }
      const result = await call(core, channel, requests[channel] as never);
      if (
        !answerNothing.test(channel) &&
        !collaborationAnswersNothing.test(channel) &&
        !windowAnswersNothing.test(channel)
      )
        expect(result, channel).toBeDefined();
    }
  });
});

describe('mail', () => {
  const profiles = useTempProfiles();

  async function listAll(core: Awaited<ReturnType<typeof profiles.openCore>>, folderId: string) {
    const items: MailSummary[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await call(core, 'mail:list', { folderId, offset, limit: 500 });
      items.push(...page.items);
      if (items.length >= page.total) return { items, total: page.total };
    }
  }

  it('has a believable mailbox whose folder counts match the messages', async () => {
    const core = await profiles.openCore();
    const folders = await call(core, 'mail:folders');
    expect(folders.map((folder) => folder.role)).toEqual(
      expect.arrayContaining(['inbox', 'drafts', 'sent', 'archive', 'trash']),
    );
    expect(folders.filter((folder) => folder.parentId !== null).map((folder) => folder.name)).toEqual(
      expect.arrayContaining(['Marchés publics', 'Conseil régional']),
    );

    let total = 0;
    for (const folder of folders) {
      const { items, total: listed } = await listAll(core, folder.id);
      expect(listed, folder.name).toBe(folder.total);
      expect(items.filter((item) => item.unread).length, folder.name).toBe(folder.unread);
      const dates = items.map((item) => item.date);
      expect(dates, folder.name).toEqual([...dates].sort().reverse());
      total += listed;
    }
    expect(total).toBeGreaterThanOrEqual(250);
    expect(total).toBeLessThanOrEqual(350);
  });

  it('pages with offset and limit', async () => {
    const core = await profiles.openCore();
    const folderId = 'demo:f-inbox';
    const all = (await listAll(core, folderId)).items.map((item) => item.id);
    const page = await call(core, 'mail:list', { folderId, offset: 10, limit: 7 });
    expect(page.items.map((item) => item.id)).toEqual(all.slice(10, 17));
    expect((await call(core, 'mail:list', { folderId, offset: all.length, limit: 5 })).items).toEqual([]);
  });

  it('gets a listed message with its body, threads and attachments', async () => {
    const core = await profiles.openCore();
    const { items } = await listAll(core, 'demo:f-inbox');
    const full = await call(core, 'mail:get', { id: items[0]!.id });
    expect(full).toMatchObject({ ...items[0], bodyText: expect.stringMatching(/\S/) });

    const all = [];
    for (const folder of await call(core, 'mail:folders')) all.push(...(await listAll(core, folder.id)).items);
    const withAttachment = all.find((item) => item.hasAttachments)!;
    expect((await call(core, 'mail:get', { id: withAttachment.id })).attachments[0]).toMatchObject({
      name: expect.stringMatching(/\.(pdf|odt|ods|odp|zip)$/),
      size: expect.any(Number),
    });
    const threads = new Map<string, number>();
    for (const item of all) threads.set(item.threadId, (threads.get(item.threadId) ?? 0) + 1);
    expect([...threads.values()].filter((count) => count > 1).length).toBeGreaterThan(10);

    const htmlBodies = await Promise.all(all.slice(0, 60).map((item) => call(core, 'mail:get', { id: item.id })));
    expect(htmlBodies.some((message) => message.bodyHtml?.startsWith('<div>'))).toBe(true);
  });

  it('refuses an unknown message or folder with notFound', async () => {
    const core = await profiles.openCore();
    await expect(call(core, 'mail:get', { id: 'demo:nope' })).rejects.toMatchObject({ code: 'notFound' });
    await expect(call(core, 'mail:list', { folderId: 'demo:nope' })).rejects.toBeInstanceOf(CoreError);
  });

  it('changes flags, the unread counts, and says which folders changed', async () => {
    const events: unknown[] = [];
    const core = await profiles.openCore({
      onEvent: (event, payload) => event === 'mail:changed' && events.push(payload),
    });
    const before = (await call(core, 'mail:folders')).find((folder) => folder.id === 'demo:f-inbox')!;
    const unread = (await listAll(core, 'demo:f-inbox')).items.filter((item) => item.unread).slice(0, 3);
    expect(unread).toHaveLength(3);

    await call(core, 'mail:setFlags', { ids: unread.map((item) => item.id), unread: false, flagged: true });

    const after = (await call(core, 'mail:folders')).find((folder) => folder.id === 'demo:f-inbox')!;
    expect(after.unread).toBe(before.unread - 3);
    expect(after.total).toBe(before.total);
    expect(await call(core, 'mail:get', { id: unread[0]!.id })).toMatchObject({ unread: false, flagged: true });
    expect(events).toEqual([{ folderIds: ['demo:f-inbox'] }]);
  });
});

describe('chat, spaces and files', () => {
  const profiles = useTempProfiles();

  it('lists conversations newest first, with participants and unread counts', async () => {
    const core = await profiles.openCore();
    const conversations = await call(core, 'chat:conversations');
    expect(conversations.length).toBeGreaterThanOrEqual(8);
    expect(new Set(conversations.map((c) => c.kind))).toEqual(new Set(['direct', 'group', 'space']));
    const times = conversations.map((conversation) => conversation.lastMessageAt!);
    expect(times).toEqual([...times].sort().reverse());
    expect(conversations.some((conversation) => conversation.unread > 0)).toBe(true);
    for (const conversation of conversations) {
      expect(conversation.participants.map((person) => person.name)).toContain('Camille Durand');
      expect(conversation.lastMessagePreview).not.toBe('');
    }
  });

  it('pages chat messages backwards, each page oldest to newest', async () => {
    const core = await profiles.openCore();
    const team = (await call(core, 'chat:conversations')).find((c) => c.title === 'Équipe Direction du numérique')!;
    const latest = await call(core, 'chat:messages', { conversationId: team.id, limit: 20 });
    expect(latest).toHaveLength(20);
    expect(latest.at(-1)!.sentAt).toBe(team.lastMessageAt);
    const older = await call(core, 'chat:messages', { conversationId: team.id, before: latest[0]!.sentAt, limit: 20 });
    expect(older.length).toBeGreaterThan(0);
    for (const page of [latest, older]) {
      const times = page.map((message) => message.sentAt);
      expect(times).toEqual([...times].sort());
    }
    expect(older.at(-1)!.sentAt < latest[0]!.sentAt).toBe(true);
    expect(latest[0]!.author).toMatchObject({ name: expect.any(String), title: expect.any(String) });
    await expect(call(core, 'chat:messages', { conversationId: 'demo:c-nobody' })).rejects.toMatchObject({
      code: 'notFound',
    });
  });

  it('lists spaces and their posts newest first, with comments', async () => {
    const core = await profiles.openCore();
    const spaces = await call(core, 'spaces:list');
    expect(spaces.map((space) => space.name)).toEqual(
      expect.arrayContaining(['Direction du numérique', 'Projet Lycées connectés', 'Transports liO', 'Comité RGPD']),
    );
    for (const space of spaces) {
      const posts = await call(core, 'spaces:posts', { spaceId: space.id });
      expect(posts.length, space.name).toBeGreaterThan(0);
      const times = posts.map((post) => post.postedAt);
      expect(times).toEqual([...times].sort().reverse());
      for (const post of posts) {
        const commentTimes = post.comments.map((comment) => comment.postedAt);
        expect(commentTimes).toEqual([...commentTimes].sort());
      }
    }
    const everyPost = (
      await Promise.all(spaces.map((space) => call(core, 'spaces:posts', { spaceId: space.id })))
    ).flat();
    expect(everyPost.some((post) => post.comments.length > 0 && post.likes > 0)).toBe(true);
  });

  it('lists documents folders first, then by name in French order', async () => {
    const core = await profiles.openCore();
    const root = await call(core, 'files:list');
    const kinds = root.map((entry) => entry.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => (a === b ? 0 : a === 'folder' ? -1 : 1)));
    const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
    for (const kind of ['folder', 'file'] as const) {
      const names = root.filter((entry) => entry.kind === kind).map((entry) => entry.name);
      expect(names).toEqual([...names].sort(collator.compare));
    }
    expect(root.every((entry) => entry.spaceId === null && entry.parentId === null)).toBe(true);

    const folder = root.find((entry) => entry.kind === 'folder')!;
    const children = await call(core, 'files:list', { parentId: folder.id });
    expect(children.length).toBeGreaterThan(0);
    expect(children.every((entry) => entry.parentId === folder.id)).toBe(true);
    expect(await call(core, 'files:get', { id: children[0]!.id })).toEqual(children[0]);

    const [space] = await call(core, 'spaces:list');
    const spaceRoot = await call(core, 'files:list', { spaceId: space!.id });
    expect(spaceRoot.length).toBeGreaterThan(0);
    expect(spaceRoot.every((entry) => entry.spaceId === space!.id)).toBe(true);
    await expect(call(core, 'files:get', { id: 'demo:d-none' })).rejects.toMatchObject({ code: 'notFound' });
  });
});

describe('calendar and activity', () => {
  const profiles = useTempProfiles();
  const monday = '2026-03-09T00:00:00+01:00';
  const saturday = '2026-03-14T00:00:00+01:00';

  it('returns the week’s meetings by start, with an all-day event and visio links', async () => {
    const core = await profiles.openCore();
    const week = await call(core, 'calendar:events', { from: monday, to: saturday });
    expect(week.length).toBeGreaterThanOrEqual(8);
    const starts = week.map((event) => event.start);
    expect(starts).toEqual([...starts].sort());
    expect(week.filter((event) => event.allDay)).toHaveLength(1);
    expect(week.some((event) => event.meetingUrl?.startsWith('https://visio.occitanie.demo/'))).toBe(true);
    for (const event of week) {
      expect(event.start < saturday.replace('+01:00', 'Z') || event.allDay).toBe(true);
      expect(event.organizer.name).not.toBe('');
    }
  });

  it('keeps only the events overlapping the range', async () => {
    const core = await profiles.openCore();
    const from = '2026-03-10T00:00:00+01:00';
    const to = '2026-03-11T00:00:00+01:00';
    const tuesday = await call(core, 'calendar:events', { from, to });
    expect(tuesday.length).toBeGreaterThan(0);
    for (const event of tuesday) {
      expect(Date.parse(event.start)).toBeLessThan(Date.parse(to));
      expect(Date.parse(event.end)).toBeGreaterThan(Date.parse(from));
    }
    const week = await call(core, 'calendar:events', { from: monday, to: saturday });
    expect(tuesday.length).toBeLessThan(week.length);
    expect(await call(core, 'calendar:events', { from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' })).toEqual(
      [],
    );
  });

  it('has an activity feed, newest first, whose targets all exist', async () => {
    const core = await profiles.openCore();
    const feed = await call(core, 'activity:feed');
    expect(feed.length).toBeGreaterThanOrEqual(25);
    const times = feed.map((item) => item.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(feed.map((item) => item.kind))).toEqual(
      new Set(['mention', 'reply', 'post', 'mail', 'document', 'meeting']),
    );
    for (const item of feed) {
      expect(Date.parse(item.at)).toBeLessThanOrEqual(FIXED_NOW.getTime());
      expect(await resolveDeepLink(core, item.target), `${item.kind} ${item.target.id}`).toBe(true);
    }
  });
});

describe('search', () => {
  const profiles = useTempProfiles();

  it('finds accented words without the accents', async () => {
    const core = await profiles.openCore();
    const results = await call(core, 'search:query', { q: 'reunion' });
    expect(results.length).toBeGreaterThan(0);
    expect(results.some((result) => /réunion/i.test(`${result.title} ${result.snippet}`))).toBe(true);
  });

  it('survives hostile input', async () => {
    const core = await profiles.openCore();
    for (const q of ['"', '*', 'AND(', 'NEAR', 'NEAR(', 'OR NOT', '"reunion', 'a:b', '^', '(((', '’', '-']) {
      await expect(call(core, 'search:query', { q }), q).resolves.toBeInstanceOf(Array);
    }
  });

  it('finds a mail, a chat message, a post and a file for a shared word, grouped by kind', async () => {
    const core = await profiles.openCore();
    const results = await call(core, 'search:query', { q: 'hebergement', limit: 40 });
    const kinds = results.map((result) => result.kind);
    for (const kind of ['mail', 'chat', 'post', 'file'] as const) expect(kinds, kind).toContain(kind);
    const order = ['person', 'mail', 'chat', 'post', 'file', 'event'];
    expect(kinds.map((kind) => order.indexOf(kind))).toEqual(kinds.map((kind) => order.indexOf(kind)).sort());
    for (const result of results) {
      expect(result.snippet).not.toMatch(/<[a-z]/i);
      expect(result.target).not.toBeNull();
      expect(await resolveDeepLink(core, result.target!), `${result.kind} ${result.id}`).toBe(true);
    }
  });

  it('finds people, shares the slots between kinds and honours the limit', async () => {
    const core = await profiles.openCore();
    const people = await call(core, 'search:query', { q: 'Nadia' });
    expect(people[0]).toMatchObject({ kind: 'person', title: 'Nadia Benali', target: { app: 'chat' } });

    const results = await call(core, 'search:query', { q: 'lycée', limit: 12 });
    expect(results.length).toBeLessThanOrEqual(12);
    expect(new Set(results.map((result) => result.kind)).size).toBeGreaterThanOrEqual(3);
    expect(await call(core, 'search:query', { q: 'introuvablexyz' })).toEqual([]);
  });
});

describe('settings and presence', () => {
  const profiles = useTempProfiles();

  it('has defaults, emits changes, and persists them across a restart', async () => {
    const profileDir = profiles.makeDir();
    const events: unknown[] = [];
    const first = await profiles.openCore({ profileDir, onEvent: (event, payload) => events.push({ event, payload }) });
    const updates = { updateMode: 'automatic', updateChannel: 'stable' };
    expect(await call(first, 'settings:get')).toEqual({ language: 'fr', theme: 'system', ...updates });
    expect(await call(first, 'presence:get')).toBe('available');

    expect(await call(first, 'settings:set', { theme: 'dark' })).toEqual({ language: 'fr', theme: 'dark', ...updates });
    expect(await call(first, 'settings:set', { language: 'en' })).toEqual({
      language: 'en',
      theme: 'dark',
      ...updates,
    });
    expect(await call(first, 'presence:set', { status: 'dnd' })).toBe('dnd');
    const unread = (await call(first, 'mail:list', { folderId: 'demo:f-inbox' })).items.find((item) => item.unread)!;
    await call(first, 'mail:setFlags', { ids: [unread.id], unread: false });
    expect(events).toEqual(
      expect.arrayContaining([
        { event: 'settings:changed', payload: { language: 'en', theme: 'dark', ...updates } },
        { event: 'presence:changed', payload: 'dnd' },
      ]),
    );
    await first.close();
    await expect(call(first, 'settings:get')).rejects.toMatchObject({ code: 'closed' });

    const reopened = await profiles.openCore({ profileDir, now: () => new Date(FIXED_NOW.getTime() + 3 * DAY) });
    expect(await call(reopened, 'settings:get')).toEqual({ language: 'en', theme: 'dark', ...updates });
    expect(await call(reopened, 'presence:get')).toBe('dnd');
    expect(await call(reopened, 'accounts:list')).toHaveLength(1);
    expect((await call(reopened, 'mail:get', { id: unread.id })).unread).toBe(false);
  });
});
