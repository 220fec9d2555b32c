// The eXo Platform connector's collaboration side: spaces and activity (social REST), web notifications,
// eXo Chat (REST + CometD), documents (Documents REST + WebDAV). What the server offers is found by probing
// features at connection time (`/rest/platform/info` hides the version from non-administrators since 6.2).
import { CoreError } from '../../core/errors';
import type { PresenceStatus } from '../../core/model';
import type {
  CollaborationClient,
  CollaborationDeps,
  LiveEvent,
  RemoteChatMessage,
  RemoteComment,
  RemoteFile,
} from '../../core/spaces/ports';
import type { PersonRecord } from '../../store/records';
import type { HttpClient } from '../http/http-client';
import type { Network } from '../http/network';
import { Chat, exoStatusOf, presenceOf } from './chat';
import { ChatServer } from './chat-server';
import { ExoRest } from './client';
import { Documents } from './documents';
import { composeHtml, MENTION_MARKUP, plainText } from '../../core/spaces/rich-text';
import { exoIds, type ExoIds, type ExoKind } from './ids';
import { Notifications } from './notifications';
import { Realtime } from './realtime';
import type { ExoSession } from './session';
import { Social } from './social';

export { createExoSession, cookiesOf, type ExoSession } from './session';

export const EXO_KIND_ID = 'exo';

export interface ExoClientDeps extends CollaborationDeps {
  http: HttpClient;
  network: Network;
  session: ExoSession;
}

/** What the server turned out to offer. */
export interface ExoFeatures {
  chat: boolean;
  documents: boolean;
}

/** The home folder layout of the personal drive, `/Users/j___/jo___/joh___/john/Private` (brief §4.1). */
export function personalDrivePath(username: string): string {
  const levels = [1, 2, 3].map((n) => `${username.slice(0, n)}${'_'.repeat(3)}`);
  return `/Users/${levels.join('/')}/${username}/Private`;
}

const FIND_PAGE = 200;
const CLOCK_SKEW_MS = 5 * 60_000;

export class ExoCollaborationClient implements CollaborationClient {
  readonly selfPersonId: string;
  readonly features: ExoFeatures = { chat: false, documents: false };
  readonly #rest: ExoRest;
  readonly #ids: ExoIds;
  readonly #social: Social;
  readonly #notifications: Notifications;
  readonly #chatServer: ChatServer;
  readonly #chat: Chat;
  readonly #documents: Documents;
  readonly #realtime: Realtime;
  #identityId: string | null = null;
  #self: PersonRecord;
  #statuses = new Map<string, PresenceStatus>();

  constructor(private readonly deps: ExoClientDeps) {
    const { session } = deps;
    this.#ids = exoIds(deps.accountId);
    this.#rest = new ExoRest(deps.http, session);
    this.selfPersonId = this.#ids.of('user', session.username);
    this.#self = { id: this.selfPersonId, name: session.username };
    this.#social = new Social(this.#rest, this.#ids);
    this.#notifications = new Notifications(this.#rest, this.#ids, deps.now);
    this.#chatServer = new ChatServer(this.#rest);
    this.#chat = new Chat(this.#rest, this.#chatServer, this.#ids, deps.network);
    this.#documents = new Documents(this.#rest, this.#ids, deps.refs, deps.network, {
      userIdentityId: async () => this.#identityId ?? (await this.profile()).identityId,
      personalRoot: () => personalDrivePath(session.username),
    });
    this.#realtime = new Realtime(this.#chatServer, this.#chat, this.#ids, session.server, deps.network, () =>
      session.cookieHeader(),
    );
  }

  private get username(): string {
    return this.deps.session.username;
  }

  private async profile(): Promise<{ identityId: string }> {
    const { person, identityId } = await this.#social.user(this.username);
    this.#self = { ...person, id: this.selfPersonId };
    if (!identityId) throw new CoreError('server.unexpectedResponse', { host: this.#rest.host });
    this.#identityId = identityId;
    return { identityId };
  }

  async connect(): Promise<void> {
    const { identityId } = await this.profile();
    // Chat add-on: `user/settings` answers JSON (its first call also registers us in the chat database).
    try {
      await this.#chatServer.settings(true);
      this.features.chat = true;
    } catch (error) {
      if (!(error instanceof CoreError) || error.code !== 'chat.unavailable') throw error;
      this.features.chat = false;
    }
    // Documents app (6.3+): its settings answer for the user's own identity.
    const documents = await this.#rest.json(`/portal/rest/v1/documents/settings/${encodeURIComponent(identityId)}`, {
      accept: [400, 401, 404],
    });
    this.features.documents = documents.status === 200;
    if (this.features.chat) await this.#realtime.start();
  }

  async close(): Promise<void> {
    await this.#realtime.stop();
  }

  live(listener: (event: LiveEvent) => void): () => void {
    return this.#realtime.listen(listener);
  }

  // ---- reading ----

  async people(): Promise<PersonRecord[]> {
    return [this.#self];
  }

  spaces() {
    return this.#social.spaces();
  }

  spaceMembers(spaceId: string) {
    return this.#social.members(this.remote('space', spaceId));
  }

  posts(spaceId: string, limit: number) {
    return this.#social.activities(this.remote('space', spaceId), limit);
  }

  async notifications(limit: number) {
    const { items, people } = await this.#notifications.list(limit);
    return { items, people };
  }

  async conversations() {
    if (!this.features.chat) return { conversations: [], people: [] };
    const answer = await this.#chat.rooms();
    for (const person of answer.people) if (person.presence) this.#statuses.set(person.id, person.presence);
    return answer;
  }

  async history(conversationId: string, range: { before?: string; since?: string; limit: number }) {
    return this.#chat.read(this.room(conversationId), conversationId, {
      to: range.before ? Date.parse(range.before) : undefined,
      from: range.since ? Date.parse(range.since) : undefined,
      limit: range.limit,
    });
  }

  async files(folder: { parentId: string | null; spaceId: string | null }): Promise<RemoteFile[]> {
    if (!this.features.documents) return [];
    return this.#documents.list(folder);
  }

  async searchFiles(query: string, spaceId: string | null): Promise<RemoteFile[]> {
    if (!this.features.documents) return [];
    const hits = await this.#documents.search(query, spaceId);
    return hits.map((hit) => this.#documents.fileOfHit(hit));
  }

  completePeople(query: string, limit: number) {
    return this.#social.searchUsers(query, limit);
  }

  async presence(personIds: string[]): Promise<Record<string, PresenceStatus>> {
    if (!this.features.chat) return {};
    const usernames = personIds.flatMap((id) => this.#ids.remote('user', id) ?? []);
    const online = await this.#chat.online(usernames);
    const out: Record<string, PresenceStatus> = {};
    for (const [username, isOnline] of Object.entries(online)) {
      const id = this.#ids.of('user', username);
      // Online says nothing of away or do-not-disturb: the chat status does, for those online.
      out[id] = isOnline ? presenceOf(await this.#chat.status(username)) : 'offline';
      this.#statuses.set(id, out[id]);
    }
    return out;
  }

  // ---- chat intents ----

  async sendChat(
    conversationId: string,
    text: string,
    nonce: string,
    attachment: Parameters<CollaborationClient['sendChat']>[3],
  ): Promise<RemoteChatMessage | null> {
    const room = this.room(conversationId);
    const sentAfter = this.deps.now().getTime() - CLOCK_SKEW_MS;
    let options: Record<string, unknown> = { 'x-nonce': nonce };
    let message = this.mentions(text);
    if (attachment) {
      const ref = this.deps.refs.get(conversationId) ?? {};
      options = { ...(await this.#chat.attach(ref, attachment.file, attachment.transfer)), 'x-nonce': nonce };
      message = message.trim() || attachment.file.name;
    }
    await this.#chat.send(room, message, options);
    return this.findChatByNonce(conversationId, nonce, new Date(sentAfter).toISOString());
  }

  async findChatByNonce(conversationId: string, nonce: string, since: string): Promise<RemoteChatMessage | null> {
    const room = this.room(conversationId);
    const from = Date.parse(since) - CLOCK_SKEW_MS;
    let to: number | undefined;
    for (;;) {
      const page = await this.#chat.read(room, conversationId, { from, to, limit: FIND_PAGE });
      const found = page.find((message) => message.nonce === nonce);
      if (found) return found;
      const oldest = page.at(-1);
      if (page.length < FIND_PAGE || !oldest) return null;
      to = Date.parse(oldest.sentAt);
    }
  }

  editChat(conversationId: string, messageId: string, text: string) {
    return this.#chat.edit(this.room(conversationId), this.remote('message', messageId), text);
  }

  deleteChat(conversationId: string, messageId: string) {
    return this.#chat.delete(this.room(conversationId), this.remote('message', messageId));
  }

  markChatRead(conversationId: string) {
    return this.#chat.markRead(this.room(conversationId));
  }

  async setPresence(status: PresenceStatus): Promise<void> {
    if (!this.features.chat) return;
    await this.#chat.setStatus(status);
    await this.#realtime.publishStatus(exoStatusOf(status));
  }

  // ---- spaces intents ----

  post(spaceId: string, text: string, nonce: string) {
    return this.#social.post(this.remote('space', spaceId), this.mentions(text), nonce);
  }

  async findPostByNonce(spaceId: string, nonce: string) {
    return this.#social.findPostByNonce(this.remote('space', spaceId), nonce);
  }

  comment(postId: string, text: string, nonce: string) {
    return this.#social.comment(this.remote('post', postId), this.mentions(text), nonce);
  }

  /**
   * Comments keep no free-form field on every server, so besides our nonce a retry also recognises its own
   * comment by author and text posted since the first attempt.
   */
  async findComment(
    postId: string,
    match: { nonce: string; text: string; since: string },
  ): Promise<RemoteComment | null> {
    const comments = await this.#social.comments(this.remote('post', postId));
    const expected = plainText(composeHtml(this.mentions(match.text)));
    const since = Date.parse(match.since) - CLOCK_SKEW_MS;
    return (
      comments.find((comment) => comment.nonce === match.nonce) ??
      comments.find(
        (comment) =>
          comment.authorId === this.selfPersonId && comment.text === expected && Date.parse(comment.postedAt) >= since,
      ) ??
      null
    );
  }

  like(postId: string, liked: boolean) {
    return this.#social.like(this.remote('post', postId), liked, this.username);
  }

  markNotificationsRead(ids: string[]) {
    return this.#notifications.markRead(ids.map((id) => this.remote('notification', id)));
  }

  // ---- documents ----

  versions(fileId: string) {
    return this.#documents.versions(fileId);
  }

  contentState(fileId: string) {
    return this.#documents.contentState(fileId);
  }

  download(fileId: string, destination: string, transfer: Parameters<CollaborationClient['download']>[2]) {
    return this.#documents.download(fileId, destination, transfer);
  }

  freeName(...args: Parameters<CollaborationClient['freeName']>) {
    return this.#documents.freeName(...args);
  }

  upload(...args: Parameters<CollaborationClient['upload']>) {
    return this.#documents.upload(...args);
  }

  newVersion(...args: Parameters<CollaborationClient['newVersion']>) {
    return this.#documents.newVersion(...args);
  }

  lock(fileId: string) {
    return this.#documents.lock(fileId);
  }

  unlock(fileId: string, token: string) {
    return this.#documents.unlock(fileId, token);
  }

  /** `@[Name](person id)` → `@username`, which the server turns into a mention (brief §3.2). */
  private mentions(text: string): string {
    return text.replace(MENTION_MARKUP, (_whole, name: string, id: string) => {
      const username = this.#ids.remote('user', id);
      return username ? `@${username}` : `@${name}`;
    });
  }

  // ---- ids ----

  private remote(kind: ExoKind, id: string): string {
    const remote = this.#ids.remote(kind, id);
    if (remote === null) throw new CoreError('notFound', { id });
    return remote;
  }

  private room(conversationId: string): string {
    const room = this.deps.refs.get(conversationId)?.room;
    return typeof room === 'string' ? room : this.remote('room', conversationId);
  }
}
