// One collaboration account at run time: its connection (opened from the account's session, retried with a
// growing delay while the server is unreachable, stopped when the account needs the user), the mirror of the
// server into the store (spaces, posts, notifications, conversations and recent history, the top of each
// library, pinned documents), live events, and the replay of queued intents once the server is back.
import type { EventName, EventPayload } from '../../../preload/contract';
import { CoreError } from '../errors';
import type { PresenceStatus } from '../model';
import type { EventHub } from '../events';
import type { CollaborationClient, LiveEvent } from './ports';
import type { CollaborationWriter } from './writer';

export type RuntimeState = 'stopped' | 'connecting' | 'online' | 'offline' | 'needs-sign-in';

const RECONNECT_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000];
const FULL_SYNC_EVERY_MS = 5 * 60_000;
const PRESENCE_EVERY_MS = 30_000;
const POSTS_PER_SPACE = 20;
const NOTIFICATIONS = 50;

export const isOffline = (error: unknown) =>
  error instanceof CoreError && (error.code.startsWith('network.') || error.code === 'server.unavailable');
export const needsUser = (error: unknown) =>
  error instanceof CoreError && (error.code.startsWith('auth.') || error.code === 'secrets.keyringUnavailable');

export interface RuntimeHooks {
  accountId: string;
  events: EventHub;
  writer: CollaborationWriter;
  /** Builds a client on the account's current session (throws `auth.*` or `network.*`). */
  open(): Promise<CollaborationClient>;
  /** Replays the queued intents (the connection is up); stops at the first network failure. */
  drain(client: CollaborationClient): Promise<void>;
  /** Brings a conversation's history up to date (no gap, however many messages came meanwhile). */
  catchUp(client: CollaborationClient, conversationId: string): Promise<number>;
  /** Conversations whose read marker is still queued (their unread count stays 0 here). */
  pendingReads(): ReadonlySet<string>;
  /** Documents work to do after a sync (refresh pinned copies). */
  afterSync?(client: CollaborationClient): Promise<void>;
  /** The connection changed; `retryAt` is when it is tried again on its own (offline). */
  onState?(state: RuntimeState, problem?: CoreError, retryAt?: number): void;
  /** The conversation on screen: its messages count as read as they arrive. */
  focusedConversation(): string | null;
  repo: {
    conversationUnread(id: string): number | undefined;
    addConversationUnread(id: string, count: number): void;
    setConversationUnread(id: string, unread: number): void;
    newestMessageAt(id: string): number | null;
    messageExists(id: string): boolean;
  };
  store: { spaceIds(accountId: string): string[]; directContacts(accountId: string): string[] };
  setPresence(personId: string, presence: PresenceStatus): void;
}

export class AccountRuntime {
  state: RuntimeState = 'stopped';
  #client: CollaborationClient | null = null;
  #unlisten: (() => void) | null = null;
  #attempt = 0;
  #timers = new Set<NodeJS.Timeout>();
  #draining: Promise<void> | null = null;
  #drainAgain = false;
  #syncing: Promise<void> | null = null;
  #stopped = false;
  #refreshes = new Map<string, NodeJS.Timeout>();
  #connected: ReturnType<typeof deferred>;

  constructor(private readonly hooks: RuntimeHooks) {
    this.#connected = deferred();
  }

  get client(): CollaborationClient | null {
    return this.state === 'online' ? this.#client : null;
  }

  /** Resolves once the account is online (for tests and benchmarks). */
  whenOnline(): Promise<void> {
    return this.#connected.promise;
  }

  start(): void {
    this.#stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const timer of this.#refreshes.values()) clearTimeout(timer);
    this.#refreshes.clear();
    this.#unlisten?.();
    this.#unlisten = null;
    const client = this.#client;
    this.#client = null;
    await Promise.allSettled([this.#draining, this.#syncing]);
    await client?.close().catch(() => undefined);
    this.setState('stopped');
  }

  /** After the user signed in again, or the network came back: try now. */
  reconnect(): void {
    if (this.#stopped || this.state === 'connecting' || this.state === 'online') return;
    this.#attempt = 0;
    void this.connect();
  }

  /** The client for an on-demand read, or null when offline (the caller then answers from the store). */
  onlineClient(): CollaborationClient | null {
    return this.client;
  }

  /** A task was queued: replay soon. */
  kick(): void {
    const client = this.client;
    if (!client) return;
    if (this.#draining) {
      this.#drainAgain = true;
      return;
    }
    this.#draining = (async () => {
      do {
        this.#drainAgain = false;
        try {
          await this.hooks.drain(client);
        } catch (error) {
          this.failed(error);
          return;
        }
      } while (this.#drainAgain && this.client === client);
    })().finally(() => {
      this.#draining = null;
    });
  }

  /** Waits for the replay in progress, if any. */
  async settled(): Promise<void> {
    while (this.#draining || this.#syncing) await Promise.allSettled([this.#draining, this.#syncing]);
  }

  /** A failure of remote work: offline or signed out moves the account, anything else is the caller's. */
  failed(error: unknown): void {
    if (this.#stopped) return;
    if (needsUser(error)) {
      this.disconnect('needs-sign-in', error as CoreError);
    } else if (isOffline(error)) {
      const delay = this.nextDelay();
      this.disconnect('offline', error as CoreError, Date.now() + delay);
      this.schedule(() => void this.connect(), delay);
    }
  }

  private setState(state: RuntimeState, problem?: CoreError, retryAt?: number): void {
    if (this.state === state) return;
    this.state = state;
    this.hooks.onState?.(state, problem, retryAt);
    if (state === 'online') this.#connected.resolve();
    else if (state !== 'connecting' && this.#connected.settled) this.#connected = deferred();
  }

  private disconnect(state: RuntimeState, problem: CoreError, retryAt?: number): void {
    this.#unlisten?.();
    this.#unlisten = null;
    const client = this.#client;
    this.#client = null;
    void client?.close().catch(() => undefined);
    this.setState(state, problem, retryAt);
  }

  private nextDelay(): number {
    const delay = RECONNECT_DELAYS_MS[Math.min(this.#attempt, RECONNECT_DELAYS_MS.length - 1)]!;
    this.#attempt += 1;
    return delay;
  }

  private schedule(work: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) work();
    }, delayMs);
    timer.unref?.();
    this.#timers.add(timer);
  }

  private async connect(): Promise<void> {
    if (this.#stopped) return;
    this.setState('connecting');
    let client: CollaborationClient;
    try {
      client = await this.hooks.open();
      await client.connect();
    } catch (error) {
      if (this.#stopped) return;
      if (needsUser(error)) {
        this.setState('needs-sign-in', error as CoreError);
        return;
      }
      const delay = this.nextDelay();
      this.setState('offline', error instanceof CoreError ? error : undefined, Date.now() + delay);
      this.schedule(() => void this.connect(), delay);
      return;
    }
    if (this.#stopped) {
      await client.close();
      return;
    }
    this.#attempt = 0;
    this.#client = client;
    this.#unlisten = client.live((event) => this.onLive(client, event));
    this.setState('online');
    this.kick();
    await this.sync();
    this.schedulePeriodic(client);
  }

  private schedulePeriodic(client: CollaborationClient): void {
    const presence = () => {
      if (this.#client !== client) return;
      void this.refreshPresence(client).finally(() => this.schedule(presence, PRESENCE_EVERY_MS));
    };
    const full = () => {
      if (this.#client !== client) return;
      void this.sync().finally(() => this.schedule(full, FULL_SYNC_EVERY_MS));
    };
    this.schedule(presence, PRESENCE_EVERY_MS);
    this.schedule(full, FULL_SYNC_EVERY_MS);
  }

  /** Mirrors the server into the store; a failure on the way is reported, the rest of the sync stops. */
  sync(): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    this.#syncing ??= this.runSync(client)
      .catch((error: unknown) => this.failed(error))
      .finally(() => {
        this.#syncing = null;
      });
    return this.#syncing;
  }

  private progress(phase: string, done: number, total: number): void {
    this.hooks.events.emit('sync:progress', { accountId: this.hooks.accountId, phase, done, total });
  }

  private async runSync(client: CollaborationClient): Promise<void> {
    const { writer } = this.hooks;
    writer.people(await client.people());

    const spaces = await client.spaces();
    writer.spaces(spaces);
    this.emit('spaces:changed', { spaceIds: spaces.map((space) => space.id) });
    for (const [index, space] of spaces.entries()) {
      this.progress('spaces', index, spaces.length);
      writer.people(await client.spaceMembers(space.id));
      writer.posts(await client.posts(space.id, POSTS_PER_SPACE));
    }
    this.progress('spaces', spaces.length, spaces.length);
    if (spaces.length > 0) this.emit('spaces:changed', { spaceIds: spaces.map((space) => space.id) });

    await this.syncNotifications(client);
    await this.syncConversations(client, true);

    const libraries = [null, ...spaces.map((space) => space.id)];
    for (const [index, spaceId] of libraries.entries()) {
      this.progress('files', index, libraries.length);
      const folder = { parentId: null, spaceId };
      writer.files(folder, await client.files(folder), true);
    }
    this.progress('files', libraries.length, libraries.length);
    this.emit('files:changed', { accountId: this.hooks.accountId });
    await this.hooks.afterSync?.(client);
  }

  private async syncNotifications(client: CollaborationClient): Promise<void> {
    const { items, people } = await client.notifications(NOTIFICATIONS);
    this.hooks.writer.people(people);
    this.hooks.writer.activity(items);
    this.emit('activity:changed', { accountIds: [this.hooks.accountId] });
  }

  private async syncConversations(client: CollaborationClient, withHistory: boolean): Promise<void> {
    const { writer } = this.hooks;
    const { conversations, people } = await client.conversations();
    writer.people(people);
    writer.conversations(conversations, this.hooks.pendingReads());
    if (withHistory) {
      for (const [index, conversation] of conversations.entries()) {
        this.progress('chat', index, conversations.length);
        // `read` marks the room read on the server: rooms with unread messages wait until the user opens them
        // (live messages fill them meanwhile), so that other devices still show them unread.
        if (conversation.unread > 0) continue;
        await this.hooks.catchUp(client, conversation.id);
      }
      this.progress('chat', conversations.length, conversations.length);
    }
    this.emit('chat:changed', { conversationIds: conversations.map((conversation) => conversation.id) });
  }

  private async refreshPresence(client: CollaborationClient): Promise<void> {
    try {
      const presence = await client.presence(this.hooks.store.directContacts(this.hooks.accountId));
      const changed = Object.entries(presence);
      for (const [personId, status] of changed) this.hooks.setPresence(personId, status);
      if (changed.length > 0) this.emit('chat:changed', { conversationIds: [] });
    } catch (error) {
      this.failed(error);
    }
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.hooks.events.emit(event, payload);
  }

  /** Coalesces refreshes of one kind (a burst of stream events makes one request). */
  private refreshSoon(key: string, work: () => Promise<void>): void {
    if (this.#refreshes.has(key)) return;
    const timer = setTimeout(() => {
      this.#refreshes.delete(key);
      work().catch((error: unknown) => this.failed(error));
    }, 300);
    timer.unref?.();
    this.#refreshes.set(key, timer);
  }

  private onLive(client: CollaborationClient, event: LiveEvent): void {
    if (this.#client !== client) return;
    const { writer, repo } = this.hooks;
    switch (event.type) {
      case 'chat-message': {
        const { message } = event;
        const isNew = !repo.messageExists(message.id);
        writer.messages([message]);
        const mine = message.authorId === client.selfPersonId;
        if (isNew && !mine && !message.deleted) {
          if (this.hooks.focusedConversation() === message.conversationId) {
            this.refreshSoon(`read:${message.conversationId}`, () => client.markChatRead(message.conversationId));
          } else {
            repo.addConversationUnread(message.conversationId, 1);
          }
        }
        if (repo.conversationUnread(message.conversationId) === undefined) {
          this.refreshSoon('conversations', () => this.syncConversations(client, false));
        }
        this.emit('chat:changed', { conversationIds: [message.conversationId] });
        return;
      }
      case 'chat-read':
        repo.setConversationUnread(event.conversationId, 0);
        this.emit('chat:changed', { conversationIds: [event.conversationId] });
        return;
      case 'presence':
        this.hooks.setPresence(event.personId, event.presence);
        this.emit('chat:changed', { conversationIds: [] });
        return;
      case 'conversations':
        this.refreshSoon('conversations', () => this.syncConversations(client, false));
        return;
      case 'notification':
        this.refreshSoon('notifications', () => this.syncNotifications(client));
        return;
      case 'stream': {
        const spaceIds = event.spaceId ? [event.spaceId] : this.hooks.store.spaceIds(this.hooks.accountId);
        for (const spaceId of spaceIds) {
          this.refreshSoon(`posts:${spaceId}`, async () => {
            writer.posts(await client.posts(spaceId, POSTS_PER_SPACE));
            this.emit('spaces:changed', { spaceIds: [spaceId] });
          });
        }
        if (!event.spaceId) this.refreshSoon('conversations', () => this.syncConversations(client, false));
        return;
      }
      case 'connection':
        if (event.online) this.kick();
        return;
    }
  }
}

function deferred(): { resolve: () => void; promise: Promise<void>; settled: boolean } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  const handle = {
    promise,
    settled: false,
    resolve: () => {
      handle.settled = true;
      resolve();
    },
  };
  return handle;
}
