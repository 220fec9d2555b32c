// The XMPP chat port (Zimbra Chat, Prosody, any RFC 6120/6121 server): roster and presence, one-to-one chat
// with carbons, rooms from bookmarks, history from the archive (MAM) with a cursor per archive, and sending
// with an origin-id that a retry looks for in the archive first. One stream at a time; when it ends, a new
// one after a back-off with jitter, then a catch-up from the archive.
import { createHash } from 'node:crypto';
import { CoreError } from '../../core/errors';
import type { PresenceStatus, ServerEndpoint } from '../../core/model';
import type {
  ChatChange,
  ChatMessageRecord,
  ChatPort,
  ConversationRecord,
  PersonRecord,
  StoreSink,
  SyncContext,
} from '../../core/ports';
import { tlsOptionsFor, type Network } from '../http/network';
import { xmppIds } from './ids';
import { localPart } from './login';
import { queryArchive, type ArchivePage } from './mam';
import { mostAvailable, presenceOf, presenceStanza } from './presence';
import { fetchBookmarks, joinRoom, saveBookmark, statusCodes } from './rooms';
import { xmppTlsEndpoint } from './login-client';
import { isUnsupported, openXmppSession, xml, type Element, type XmppSession } from './session';
import {
  NS,
  bare,
  displayedStanza,
  isArchiveResult,
  messageStanza,
  parseMessage,
  resourceOf,
  unwrapCarbon,
  type ChatStanza,
} from './stanzas';

export interface XmppChatOptions {
  accountId: string;
  server: { domain: string; endpoint: ServerEndpoint };
  /** Read at each connection (the password lives in the keychain). */
  login: () => Promise<{ username: string; password: string }>;
  network: Network;
  now?: () => Date;
  /** Reconnection back-off: the first delay, doubled after each failure up to the maximum, with jitter. */
  retry?: { firstMs: number; maxMs: number };
  /** Messages per archive page. */
  pageSize?: number;
  /** How often an idle stream is pinged (XEP-0199), so that a dead network is noticed. */
  keepAliveMs?: number;
}

interface Room {
  title: string;
  /** The nickname we last used in the room (our messages in its archive carry it). */
  nick: string | null;
  /** Whether we are in the room on the current stream. */
  joined: boolean;
  /** Nickname → person id of the occupants present. */
  occupants: Map<string, string>;
}

/** One message as the store will hold it, with what its conversation needs. */
interface Entry {
  conversationJid: string;
  group: boolean;
  record: ChatMessageRecord;
  author: PersonRecord | null;
  incoming: boolean;
}

const CATCH_UP_PAGES = 20;
/** Conversations are re-written at each catch-up: their unread counts are the store's, not the roster's. */
const KEEP_UNREAD = { keepUnread: true };
const FIND_SENT_PAGES = 10;
/** How far before a task was queued the archive is searched for it (clocks differ). */
const CLOCK_SKEW_MS = 10 * 60_000;

export class XmppChat implements ChatPort {
  readonly #options: Required<Omit<XmppChatOptions, 'retry'>> & { retry: { firstMs: number; maxMs: number } };
  readonly #ids: ReturnType<typeof xmppIds>;
  #session: XmppSession | null = null;
  #opening: Promise<XmppSession> | null = null;
  #live: { sink: StoreSink; onChange: (change: ChatChange) => void } | null = null;
  #closed = false;
  #failures = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #keepAlive: NodeJS.Timeout | undefined;
  #status: PresenceStatus = 'available';
  #self = '';
  readonly #roster = new Map<string, string>();
  readonly #rooms = new Map<string, Room>();
  /** Contact → resource → status, for the current stream. */
  readonly #resources = new Map<string, Map<string, PresenceStatus>>();
  readonly #people = new Map<string, PersonRecord>();

  constructor(options: XmppChatOptions) {
    this.#options = {
      now: () => new Date(),
      retry: { firstMs: 1_000, maxMs: 5 * 60_000 },
      pageSize: 50,
      keepAliveMs: 60_000,
      ...options,
    };
    this.#ids = xmppIds(options.accountId);
  }

  // ---- ChatPort ----

  async sync({ sink, progress }: SyncContext): Promise<void> {
    const session = await this.#connect();
    await this.#catchUp(session, sink, progress);
  }

  listen(sink: StoreSink, onChange: (change: ChatChange) => void): () => void {
    this.#live = { sink, onChange };
    void this.#goOnline();
    return () => void this.close();
  }

  async send(conversationId: string, text: string, nonce: string): Promise<string> {
    const jid = this.#jidOf(conversationId);
    const session = await this.#connect();
    const room = this.#rooms.get(jid);
    if (room && !room.joined) await this.#join(session, jid, room);
    await session.send(messageStanza({ to: jid, type: room ? 'groupchat' : 'chat', text, originId: nonce }));
    // A stream is processed in order: once the server answers this ping, it has handled the message.
    await session.request(xml('iq', { type: 'get', to: this.#options.server.domain }, xml('ping', { xmlns: NS.ping })));
    return this.#ids.message(jid, nonce);
  }

  async findSent(conversationId: string, nonce: string, since: string): Promise<boolean> {
    const jid = this.#jidOf(conversationId);
    const session = await this.#connect();
    const room = this.#rooms.has(jid);
    const start = new Date(Date.parse(since) - CLOCK_SKEW_MS).toISOString();
    let after: string | undefined;
    for (let page = 0; page < FIND_SENT_PAGES; page++) {
      const found = await queryArchive(session, {
        ...(room ? { archive: jid } : { with: jid }),
        start,
        max: this.#options.pageSize,
        ...(after ? { after } : {}),
      }).catch((error: unknown) => {
        // Without an archive nothing can be checked: such a server gets the message again (at least once).
        if (isUnsupported(error)) return null;
        throw error;
      });
      if (!found) return false;
      if (found.results.some((result) => parseMessage(result.message).key === nonce)) return true;
      if (found.complete || !found.last) return false;
      after = found.last;
    }
    return false;
  }

  async markRead(conversationId: string, upTo: string): Promise<void> {
    const jid = this.#jidOf(conversationId);
    const key = this.#ids.messageKey(jid, upTo);
    // Markers go to one-to-one conversations only: in a room they would be broadcast to everyone.
    if (!key || this.#rooms.has(jid) || !this.#session) return;
    await this.#session.send(displayedStanza(jid, 'chat', key));
  }

  async setPresence(status: PresenceStatus): Promise<void> {
    this.#status = status;
    const session = this.#session;
    if (!session) return;
    await session.send(presenceStanza(status));
    for (const [jid, room] of this.#rooms) {
      if (!room.joined || !room.nick) continue;
      const stanza = presenceStanza(status);
      stanza.attrs.to = `${jid}/${room.nick}`;
      await session.send(stanza);
    }
  }

  async loadOlder(sink: StoreSink, conversationId: string): Promise<{ added: number; complete: boolean }> {
    const jid = this.#jidOf(conversationId);
    const key = `older:${jid}`;
    const cursor = readJson<{ oldest: string | null; complete: boolean }>(sink.cursor(key)) ?? {
      oldest: null,
      complete: false,
    };
    if (cursor.complete) return { added: 0, complete: true };
    const session = await this.#connect();
    const room = this.#rooms.has(jid);
    const page = await queryArchive(session, {
      ...(room ? { archive: jid } : { with: jid }),
      before: cursor.oldest ?? '',
      max: this.#options.pageSize,
    }).catch((error: unknown) => {
      if (isUnsupported(error)) return null;
      throw error;
    });
    if (!page) return { added: 0, complete: true };
    const added = this.#writeArchive(sink, page, room ? jid : undefined, false);
    const next = { oldest: page.first ?? cursor.oldest, complete: page.complete };
    sink.setCursor(key, JSON.stringify(next));
    return { added: added.length, complete: next.complete };
  }

  async joinRoom(sink: StoreSink, roomJid: string): Promise<string> {
    const jid = bare(roomJid);
    const session = await this.#connect();
    const room = this.#rooms.get(jid) ?? newRoom(jid, null, null);
    this.#rooms.set(jid, room);
    await this.#join(session, jid, room);
    await saveBookmark(session, { room: jid, name: null, nick: room.nick, autojoin: true });
    this.#putRooms(sink, [jid]);
    await this.#catchUpArchive(session, sink, jid);
    return this.#ids.conversation(jid);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#live = null;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#keepAlive);
    await this.#session?.close();
    this.#session = null;
  }

  // ---- Connection ----

  #connect(): Promise<XmppSession> {
    if (this.#closed) return Promise.reject(new CoreError('closed'));
    if (this.#session) return Promise.resolve(this.#session);
    this.#opening ??= this.#open().finally(() => (this.#opening = null));
    return this.#opening;
  }

  async #open(): Promise<XmppSession> {
    const { server, network, login } = this.#options;
    const { username, password } = await login();
    const session = await openXmppSession(
      {
        endpoint: server.endpoint,
        domain: server.domain,
        username: localPart(username, server.domain),
        password,
        tls: await tlsOptionsFor(network, xmppTlsEndpoint(server.endpoint, server.domain)),
        timeoutMs: network.timeoutMs,
        resource: `bastide-${Math.random().toString(36).slice(2, 8)}`,
      },
      network,
    );
    if (this.#closed) {
      await session.close();
      throw new CoreError('closed');
    }
    this.#self = session.bareJid;
    this.#session = session;
    session.onStanza((stanza) => this.#onStanza(session, stanza));
    session.answer(NS.roster, 'query', (iq) => this.#onRosterPush(iq));
    void session.ended.then(() => this.#onEnded(session));
    await session.send(presenceStanza(this.#status));
    await session.request(xml('iq', { type: 'set' }, xml('enable', { xmlns: NS.carbons }))).catch(() => undefined);
    this.#keepAlive = setInterval(() => {
      session
        .request(xml('iq', { type: 'get', to: server.domain }, xml('ping', { xmlns: NS.ping })))
        .catch(() => void session.close());
    }, this.#options.keepAliveMs);
    this.#keepAlive.unref();
    return session;
  }

  async #goOnline(): Promise<void> {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const live = this.#live;
    if (this.#closed || !live) return;
    try {
      const session = await this.#connect();
      await this.#catchUp(session, live.sink);
      this.#failures = 0;
      this.#report({ kind: 'connection', online: true });
    } catch (error) {
      if (this.#closed) return;
      const info = error instanceof CoreError ? error.toInfo() : { code: 'network' };
      this.#report({ kind: 'connection', online: false, error: info });
      // A refused password waits for the user: retrying could lock the account.
      if (!info.code.startsWith('auth.')) this.#scheduleRetry();
    }
  }

  #scheduleRetry(): void {
    if (this.#retryTimer || this.#closed || !this.#live) return;
    const { firstMs, maxMs } = this.#options.retry;
    const ceiling = Math.min(maxMs, firstMs * 2 ** this.#failures++);
    this.#retryTimer = setTimeout(() => void this.#goOnline(), ceiling / 2 + (Math.random() * ceiling) / 2);
    this.#retryTimer.unref();
  }

  #onEnded(session: XmppSession): void {
    if (this.#session !== session) return;
    this.#session = null;
    clearInterval(this.#keepAlive);
    for (const room of this.#rooms.values()) {
      room.joined = false;
      room.occupants.clear();
    }
    const contacts = [...this.#resources.keys()];
    this.#resources.clear();
    const live = this.#live;
    if (!live) return;
    // Without a stream we know nothing of anyone's presence.
    this.#putPresence(live.sink, contacts);
    this.#report({ kind: 'connection', online: false });
    this.#scheduleRetry();
  }

  #report(change: ChatChange): void {
    try {
      this.#live?.onChange(change);
    } catch (error) {
      console.error(`[xmpp] change listener failed: ${error instanceof Error ? error.name : typeof error}`);
    }
  }

  // ---- Catch-up: roster, rooms, archives ----

  async #catchUp(session: XmppSession, sink: StoreSink, progress?: SyncContext['progress']): Promise<void> {
    progress?.('chat', 0, 3);
    await this.#syncRoster(session, sink);
    progress?.('chat', 1, 3);
    for (const bookmark of await fetchBookmarks(session)) {
      if (!this.#rooms.has(bookmark.room))
        this.#rooms.set(bookmark.room, newRoom(bookmark.room, bookmark.name, bookmark.nick));
    }
    for (const [jid, room] of this.#rooms) {
      // A room that refuses us now stays listed with its history; the next catch-up tries again.
      if (!room.joined) await this.#join(session, jid, room).catch(() => undefined);
    }
    this.#putRooms(sink, [...this.#rooms.keys()]);
    progress?.('chat', 2, 3);
    await this.#catchUpArchive(session, sink, undefined);
    for (const jid of this.#rooms.keys()) await this.#catchUpArchive(session, sink, jid);
    progress?.('chat', 3, 3);
  }

  async #syncRoster(session: XmppSession, sink: StoreSink): Promise<void> {
    const answer = await session.request(xml('iq', { type: 'get' }, xml('query', { xmlns: NS.roster })));
    this.#roster.clear();
    for (const item of answer.getChild('query', NS.roster)?.getChildren('item') ?? []) this.#addRosterItem(item);
    this.#writeContacts(sink, [...this.#roster.keys()]);
  }

  #addRosterItem(item: Element): string | null {
    const jid = bare(item.attrs.jid ?? '');
    if (!jid.includes('@') || item.attrs.subscription === 'remove') {
      this.#roster.delete(jid);
      return null;
    }
    this.#roster.set(jid, item.attrs.name || jid.split('@')[0]!);
    this.#people.set(this.#ids.person(jid), {
      id: this.#ids.person(jid),
      name: this.#roster.get(jid)!,
      address: jid,
      presence: this.#presenceOf(jid),
    });
    return jid;
  }

  #writeContacts(sink: StoreSink, jids: string[]): void {
    const self = this.#selfPerson();
    sink.batch(() => {
      sink.putPeople([self, ...jids.map((jid) => this.#people.get(this.#ids.person(jid))!)]);
      sink.putConversations(
        jids.map((jid) => this.#directConversation(jid)),
        KEEP_UNREAD,
      );
    });
  }

  async #catchUpArchive(session: XmppSession, sink: StoreSink, room: string | undefined): Promise<void> {
    const key = `mam:${room ?? 'self'}`;
    let after = sink.cursor(key);
    const firstTime = after === null;
    for (let page = 0; page < CATCH_UP_PAGES; page++) {
      let found: ArchivePage;
      try {
        found = await queryArchive(session, {
          ...(room ? { archive: room } : {}),
          max: this.#options.pageSize,
          ...(after ? { after } : { before: '' }),
        });
      } catch (error) {
        // The archive no longer knows our position (expired): start again from its latest page.
        if (after && (error as { condition?: string }).condition === 'item-not-found') {
          after = null;
          continue;
        }
        // No archive on this server: history is what arrives live (and the server's offline messages).
        if (isUnsupported(error)) return;
        throw error;
      }
      // The first sync takes the latest page as already read history; later ones bring news.
      this.#writeArchive(sink, found, room, !firstTime);
      if (found.last) sink.setCursor(key, found.last);
      if (!after || found.complete || !found.last) return;
      after = found.last;
    }
  }

  /** Writes one archive page; returns the ids of messages the store did not have. */
  #writeArchive(sink: StoreSink, page: ArchivePage, room: string | undefined, countUnread: boolean): string[] {
    const found = page.results.flatMap((result) => {
      const entry = this.#entry(parseMessage(result.message, result.stamp), result.archiveId, room);
      return entry ? [{ entry, archiveId: result.archiveId }] : [];
    });
    // Where each conversation's history starts, for paging back (`loadOlder`), unless known already.
    const firsts = new Map<string, string>();
    for (const { entry, archiveId } of found) {
      if (!firsts.has(entry.conversationJid)) firsts.set(entry.conversationJid, archiveId);
    }
    for (const [jid, archiveId] of firsts) {
      const key = `older:${jid}`;
      if (sink.cursor(key) === null) {
        sink.setCursor(key, JSON.stringify({ oldest: archiveId, complete: room !== undefined && page.complete }));
      }
    }
    return this.#write(
      sink,
      found.map(({ entry }) => entry),
      countUnread,
    );
  }

  // ---- Live stanzas ----

  #onStanza(session: XmppSession, stanza: Element): void {
    const sink = this.#live?.sink;
    if (this.#session !== session || !sink) return;
    try {
      if (stanza.is('message')) this.#onMessage(sink, stanza);
      else if (stanza.is('presence')) this.#onPresence(session, sink, stanza);
    } catch (error) {
      console.error(`[xmpp] stanza not handled: ${error instanceof Error ? error.name : typeof error}`);
    }
  }

  #onMessage(sink: StoreSink, stanza: Element): void {
    if (isArchiveResult(stanza)) return;
    const wrapped = stanza.getChild('sent', NS.carbons) ?? stanza.getChild('received', NS.carbons);
    const carbon = unwrapCarbon(stanza, this.#self);
    if (wrapped && !carbon) return;
    const message = carbon?.message ?? stanza;
    const room = message.attrs.type === 'groupchat' ? bare(message.attrs.from ?? '') : undefined;
    if (room !== undefined && !this.#rooms.has(room)) return;
    const entry = this.#entry(parseMessage(message), null, room);
    if (!entry) return;
    this.#write(sink, [entry], true);
    this.#report({ kind: 'messages', conversationId: entry.record.conversationId, messageIds: [entry.record.id] });
  }

  #onPresence(session: XmppSession, sink: StoreSink, stanza: Element): void {
    const from = stanza.attrs.from ?? '';
    const jid = bare(from);
    const room = this.#rooms.get(jid);
    if (room) return this.#onOccupant(sink, jid, room, stanza);
    if (jid === this.#self) return;
    const type = stanza.attrs.type;
    if (type === 'subscribe') {
      // Someone we already list asks to see our presence: the usual pre-approval. Others wait for the user.
      if (this.#roster.has(jid))
        void session.send(xml('presence', { to: jid, type: 'subscribed' })).catch(() => undefined);
      return;
    }
    if (type && type !== 'unavailable') return;
    const resources = this.#resources.get(jid) ?? new Map<string, PresenceStatus>();
    const before = mostAvailable(resources.values());
    const status = presenceOf(stanza);
    if (status === 'offline') resources.delete(resourceOf(from));
    else resources.set(resourceOf(from), status);
    this.#resources.set(jid, resources);
    if (mostAvailable(resources.values()) !== before) this.#putPresence(sink, [jid]);
  }

  #onOccupant(sink: StoreSink, jid: string, room: Room, stanza: Element): void {
    const nick = resourceOf(stanza.attrs.from ?? '');
    if (!nick || statusCodes(stanza).includes('110')) return;
    if (stanza.attrs.type === 'unavailable') room.occupants.delete(nick);
    else if (stanza.attrs.type !== 'error') {
      const realJid = stanza.getChild('x', NS.mucUser)?.getChild('item')?.attrs.jid;
      const person = this.#author(jid, nick, realJid ?? null);
      if (!this.#people.has(person.id)) {
        this.#people.set(person.id, person);
        sink.putPeople([person]);
      }
      room.occupants.set(nick, person.id);
    }
    this.#putRooms(sink, [jid]);
    this.#report({ kind: 'conversations', conversationIds: [this.#ids.conversation(jid)] });
  }

  #onRosterPush(iq: Element): void {
    // Only our own server may push roster changes (RFC 6121 §2.1.6).
    if (iq.attrs.from && bare(iq.attrs.from) !== this.#self) return;
    const live = this.#live;
    const jids = (iq.getChild('query', NS.roster)?.getChildren('item') ?? []).flatMap((item) => {
      const jid = this.#addRosterItem(item);
      return jid ? [jid] : [];
    });
    if (!live || jids.length === 0) return;
    this.#writeContacts(live.sink, jids);
    this.#report({ kind: 'conversations', conversationIds: jids.map((jid) => this.#ids.conversation(jid)) });
  }

  // ---- Records ----

  /** The store entry for a message stanza (live, carbon or archived), or null when it carries no text. */
  #entry(message: ChatStanza, archiveId: string | null, room: string | undefined): Entry | null {
    if (message.body === null || message.type === 'error' || message.type === 'headline') return null;
    const group = room !== undefined;
    let conversationJid: string;
    let author: PersonRecord | null = null;
    if (group) {
      const nick = resourceOf(message.from);
      if (!nick || message.type !== 'groupchat') return null;
      conversationJid = room;
      const ours = nick === this.#rooms.get(room)?.nick || (message.realJid && bare(message.realJid) === this.#self);
      if (!ours) author = this.#author(room, nick, message.realJid);
    } else {
      if (message.type === 'groupchat') return null;
      const from = bare(message.from || this.#self);
      const outgoing = from === this.#self;
      conversationJid = outgoing ? bare(message.to) : from;
      if (!conversationJid.includes('@')) return null;
      if (!outgoing) author = this.#contact(from);
    }
    const key = message.key ?? archiveId ?? fallbackKey(message);
    const record: ChatMessageRecord = {
      id: this.#ids.message(conversationJid, key),
      conversationId: this.#ids.conversation(conversationJid),
      authorId: author?.id ?? this.#ids.person(this.#self),
      text: message.body,
      sentAt: message.stamp ?? this.#options.now().toISOString(),
      editedAt: null,
    };
    return { conversationJid, group, record, author, incoming: author !== null };
  }

  /** Writes messages with the people and conversations they need; returns the ids that were new. */
  #write(sink: StoreSink, entries: Entry[], countUnread: boolean): string[] {
    if (entries.length === 0) return [];
    let added: string[] = [];
    sink.batch(() => {
      const authors = new Map(entries.flatMap(({ author }) => (author ? [[author.id, author] as const] : [])));
      sink.putPeople([this.#selfPerson(), ...authors.values()]);
      for (const author of authors.values()) this.#people.set(author.id, author);
      const direct = new Set(entries.filter((entry) => !entry.group).map((entry) => entry.conversationJid));
      sink.putConversations(
        [...direct].map((jid) => this.#directConversation(jid)),
        KEEP_UNREAD,
      );
      added = sink.putChatMessages(entries.map((entry) => entry.record));
      if (!countUnread) return;
      const fresh = new Set(added);
      const unread = new Map<string, number>();
      for (const { record, incoming } of entries) {
        if (incoming && fresh.has(record.id))
          unread.set(record.conversationId, (unread.get(record.conversationId) ?? 0) + 1);
      }
      for (const [conversationId, count] of unread) sink.addUnread(conversationId, count);
    });
    return added;
  }

  #putRooms(sink: StoreSink, jids: string[]): void {
    const self = this.#ids.person(this.#self);
    sink.putConversations(
      jids.flatMap((jid) => {
        const room = this.#rooms.get(jid);
        if (!room) return [];
        const record: ConversationRecord = {
          id: this.#ids.conversation(jid),
          kind: 'group',
          title: room.title,
          participantIds: [self, ...new Set(room.occupants.values())],
          unread: 0,
        };
        return [record];
      }),
      KEEP_UNREAD,
    );
  }

  #putPresence(sink: StoreSink, jids: string[]): void {
    const people = jids.map((jid) => ({ ...this.#contact(jid), presence: this.#presenceOf(jid) }));
    for (const person of people) this.#people.set(person.id, person);
    sink.putPeople(people);
    this.#report({
      kind: 'presence',
      people: people.map((person) => ({ id: person.id, presence: person.presence })),
    });
  }

  #directConversation(jid: string): ConversationRecord {
    return {
      id: this.#ids.conversation(jid),
      kind: 'direct',
      title: this.#contact(jid).name,
      participantIds: [this.#ids.person(this.#self), this.#ids.person(jid)],
      unread: 0,
    };
  }

  #contact(jid: string): PersonRecord {
    const id = this.#ids.person(jid);
    return (
      this.#people.get(id) ?? {
        id,
        name: this.#roster.get(jid) ?? jid.split('@')[0]!,
        address: jid,
        presence: this.#presenceOf(jid),
      }
    );
  }

  /** A room occupant: the person behind them when the room discloses their JID, else their nickname. */
  #author(room: string, nick: string, realJid: string | null): PersonRecord {
    if (realJid) return this.#contact(bare(realJid));
    const id = this.#ids.occupant(room, nick);
    return this.#people.get(id) ?? { id, name: nick };
  }

  #selfPerson(): PersonRecord {
    return {
      id: this.#ids.person(this.#self),
      name: this.#self.split('@')[0]!,
      address: this.#self,
      presence: this.#status,
    };
  }

  #presenceOf(jid: string): PresenceStatus {
    return mostAvailable(this.#resources.get(jid)?.values() ?? []);
  }

  async #join(session: XmppSession, jid: string, room: Room): Promise<void> {
    const joined = await joinRoom(
      session,
      jid,
      room.nick ?? this.#self.split('@')[0]!,
      this.#options.network.timeoutMs,
    );
    room.nick = joined.nick;
    room.joined = true;
    if (this.#status !== 'available') {
      const stanza = presenceStanza(this.#status);
      stanza.attrs.to = `${jid}/${joined.nick}`;
      await session.send(stanza);
    }
  }

  #jidOf(conversationId: string): string {
    const jid = this.#ids.conversationJid(conversationId);
    if (!jid) throw new CoreError('notFound', { id: conversationId });
    return jid;
  }
}

/** For the rare message without any id: stable across the ways it may reach us only if it carries a stamp. */
function fallbackKey(message: ChatStanza): string {
  return createHash('sha256')
    .update(`${message.from}\n${message.stamp ?? ''}\n${message.body ?? ''}`)
    .digest('hex')
    .slice(0, 24);
}

function newRoom(jid: string, title: string | null, nick: string | null): Room {
  return { title: title ?? jid.split('@')[0]!, nick, joined: false, occupants: new Map() };
}

function readJson<T>(value: string | null): T | null {
  if (value === null) return null;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null;
  }
}
