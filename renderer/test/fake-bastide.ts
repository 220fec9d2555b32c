// An in-memory `window.bastide` for component tests only (never shipped): a small fixed workspace,
// every call recorded, and events emitted the way the core does.
import type {
  ActivityItem,
  BastideApi,
  CalendarEvent,
  Channel,
  ChatMessage,
  Conversation,
  EventName,
  EventPayload,
  FileEntry,
  MailFolder,
  MailMessage,
  PolicyState,
  PreconfiguredAccountEntry,
  PresenceStatus,
  SearchResult,
  Settings,
  Space,
  SpacePost,
  UpdateStatus,
} from '../../preload/contract';

const person = (id: string, name: string, presence?: PresenceStatus) => ({ id, name, presence });
const iso = (daysAgo: number, hour = 10) => {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  d.setHours(hour, 0, 0, 0);
  return d.toISOString();
};

export interface FakeData {
  settings: Settings;
  presence: PresenceStatus;
  folders: MailFolder[];
  messages: MailMessage[];
  conversations: Conversation[];
  chat: ChatMessage[];
  spaces: Space[];
  posts: SpacePost[];
  files: FileEntry[];
  events: CalendarEvent[];
  activity: ActivityItem[];
  search: SearchResult[];
  /** What `search:server` answers (mail the servers' own search finds). */
  serverSearch: SearchResult[];
  policy: PolicyState;
  preconfigured: PreconfiguredAccountEntry[];
  updates: UpdateStatus;
}

export function demoData(): FakeData {
  const inbox: MailFolder = {
    id: 'a:inbox',
    accountId: 'a',
    name: 'INBOX',
    path: 'INBOX',
    role: 'inbox',
    parentId: null,
    unread: 1,
    total: 2,
  };
  const projects: MailFolder = {
    ...inbox,
    id: 'a:projects',
    name: 'Projets',
    path: 'INBOX/Projets',
    role: null,
    parentId: 'a:inbox',
    unread: 0,
    total: 0,
  };
  const mail = (id: string, subject: string, unread: boolean): MailMessage => ({
    id,
    accountId: 'a',
    folderId: 'a:inbox',
    threadId: id,
    subject,
    from: { name: 'Claire Martin', address: 'claire.martin@example.org' },
    to: [{ name: 'Agent', address: 'agent@example.org' }],
    cc: [],
    date: iso(0, 9),
    snippet: `${subject} — extrait`,
    unread,
    flagged: false,
    hasAttachments: false,
    bodyText: `Corps du message ${subject}.`,
    bodyHtml: null,
    attachments: [],
  });
  return {
    settings: { language: 'fr', theme: 'system', updateMode: 'automatic', updateChannel: 'stable' },
    presence: 'available',
    folders: [inbox, projects],
    messages: [mail('a:m1', 'Budget 2027', true), mail('a:m2', 'Comité de pilotage', false)],
    conversations: [
      {
        id: 'a:c1',
        accountId: 'a',
        kind: 'direct',
        title: 'Paul Durand',
        participants: [person('p2', 'Paul Durand', 'busy')],
        unread: 2,
        lastMessageAt: iso(0, 11),
        lastMessagePreview: 'On se voit à 14 h ?',
      },
    ],
    chat: [
      {
        id: 'a:x1',
        conversationId: 'a:c1',
        author: person('p2', 'Paul Durand'),
        text: 'Bonjour !',
        sentAt: iso(1, 9),
        editedAt: null,
      },
      {
        id: 'a:x2',
        conversationId: 'a:c1',
        author: person('p2', 'Paul Durand'),
        text: 'On se voit à 14 h ?',
        sentAt: iso(0, 11),
        editedAt: null,
      },
    ],
    spaces: [
      {
        id: 'a:s1',
        accountId: 'a',
        name: 'Mobilités',
        description: 'Transports régionaux',
        memberCount: 12,
        unread: 1,
      },
    ],
    posts: [
      {
        id: 'a:post1',
        spaceId: 'a:s1',
        author: person('p3', 'Inès Roux'),
        text: 'Le schéma régional est en ligne.',
        postedAt: iso(2),
        likes: 3,
        comments: [{ id: 'a:k1', author: person('p2', 'Paul Durand'), text: 'Merci !', postedAt: iso(1) }],
      },
    ],
    files: [
      {
        id: 'a:f1',
        accountId: 'a',
        parentId: null,
        name: 'Rapports',
        kind: 'folder',
        size: null,
        mimeType: null,
        modifiedAt: iso(3),
        modifiedBy: 'Inès Roux',
        spaceId: null,
      },
      {
        id: 'a:f2',
        accountId: 'a',
        parentId: 'a:f1',
        name: 'Bilan.pdf',
        kind: 'file',
        size: 245_000,
        mimeType: 'application/pdf',
        modifiedAt: iso(2),
        modifiedBy: 'Paul Durand',
        spaceId: null,
      },
    ],
    events: [],
    activity: [
      {
        id: 'a:act1',
        accountId: 'a',
        kind: 'mention',
        actor: person('p2', 'Paul Durand'),
        title: 'vous a mentionné',
        summary: 'On se voit à 14 h ?',
        at: iso(0, 11),
        unread: true,
        target: { app: 'chat', id: 'a:x2', parentId: 'a:c1' },
      },
    ],
    search: [
      {
        kind: 'person',
        id: 'p2',
        title: 'Paul Durand',
        snippet: 'Chargé de mission',
        at: null,
        target: { app: 'chat', id: 'a:c1' },
      },
      {
        kind: 'mail',
        id: 'a:m2',
        title: 'Comité de pilotage',
        snippet: 'extrait',
        at: iso(0),
        target: { app: 'mail', id: 'a:m2', parentId: 'a:inbox' },
      },
    ],
    serverSearch: [
      {
        kind: 'mail',
        id: 'a:m9',
        title: 'Archives du comité 2019',
        snippet: 'compte rendu',
        at: '2019-05-02T09:00:00.000Z',
        target: { app: 'mail', id: 'a:m9', parentId: 'a:inbox' },
      },
    ],
    policy: { managed: false, locked: [], warnings: [], allowAccountAdd: true, allowAccountRemove: true },
    preconfigured: [],
    updates: {
      currentVersion: '0.1.0',
      checks: false,
      reason: 'development-build',
      available: null,
      readyToInstall: false,
    },
  };
}

export interface FakeBastide extends BastideApi {
  data: FakeData;
  calls: { channel: Channel; request: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Channels that fail with this error code instead of answering. */
  failures: Partial<Record<Channel, string>>;
}

/** A failure as the real bridge delivers it: an Error whose message carries the code (see contract.ts). */
function bridgeError(info: { code: string; params?: Record<string, string> }): Error {
  return new Error('bastide-error:' + JSON.stringify(info));
}

function notFound(id: string): never {
  throw bridgeError({ code: 'notFound', params: { id } });
}

export function createFakeBastide(data: FakeData = demoData()): FakeBastide {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const fake: FakeBastide = {
    data,
    calls: [],
    failures: {},
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload as never);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    async invoke(channel: Channel, request?: unknown) {
      fake.calls.push({ channel, request });
      await Promise.resolve();
      const failure = fake.failures[channel];
      if (failure) throw bridgeError({ code: failure });
      return answer(channel, (request ?? {}) as Record<string, unknown>) as never;
    },
  } as FakeBastide;

  function answer(channel: Channel, r: Record<string, unknown>): unknown {
    switch (channel) {
      case 'app:info':
        return { name: 'Bastide', version: '0.1.0', platform: 'linux', demo: true };
      case 'settings:get':
        return data.settings;
      case 'settings:set':
        data.settings = { ...data.settings, ...(r as Partial<Settings>) };
        fake.emit('settings:changed', data.settings);
        return data.settings;
      case 'accounts:kinds':
        return [];
      case 'accounts:list':
        return [
          {
            id: 'a',
            kindId: 'demo',
            kindLabel: 'Démo',
            displayName: 'Agent Démo',
            address: 'agent@example.org',
            state: 'online',
            capabilities: [],
          },
        ];
      case 'presence:get':
        return data.presence;
      case 'presence:set':
        data.presence = r.status as PresenceStatus;
        fake.emit('presence:changed', data.presence);
        return data.presence;
      case 'mail:folders':
        return data.folders;
      case 'mail:list': {
        const items = data.messages.filter((m) => m.folderId === r.folderId);
        return { items, total: items.length };
      }
      case 'mail:get':
        return data.messages.find((m) => m.id === r.id) ?? notFound(String(r.id));
      case 'mail:setFlags': {
        const { ids, unread } = r as { ids: string[]; unread?: boolean };
        for (const m of data.messages) {
          if (!ids.includes(m.id) || unread === undefined || m.unread === unread) continue;
          m.unread = unread;
          const folder = data.folders.find((f) => f.id === m.folderId);
          if (folder) folder.unread += unread ? 1 : -1;
        }
        fake.emit('mail:changed', { folderIds: ['a:inbox'] });
        return undefined;
      }
      case 'chat:conversations':
        return data.conversations;
      case 'chat:messages':
        return data.chat.filter((m) => m.conversationId === r.conversationId);
      case 'spaces:list':
        return data.spaces;
      case 'spaces:posts':
        return data.posts.filter((p) => p.spaceId === r.spaceId);
      case 'files:list': {
        const { parentId = null, spaceId = null } = r as { parentId?: string | null; spaceId?: string };
        return data.files.filter((f) => f.parentId === parentId && (parentId !== null || f.spaceId === spaceId));
      }
      case 'files:get':
        return data.files.find((f) => f.id === r.id) ?? notFound(String(r.id));
      case 'calendar:events':
        return data.events;
      case 'activity:feed':
        return data.activity;
      case 'search:query':
        return data.search;
      case 'search:server':
        return data.serverSearch;
      case 'policy:get':
        return data.policy;
      case 'policy:preconfiguredAccounts':
        return data.preconfigured;
      case 'updates:status':
        return data.updates;
      case 'updates:install':
        return undefined;
      case 'app:takeOpen':
        return [];
    }
  }

  return fake;
}

export function installFakeBastide(fake: FakeBastide = createFakeBastide()): FakeBastide {
  Object.defineProperty(window, 'bastide', { value: fake, configurable: true, writable: true });
  return fake;
}
