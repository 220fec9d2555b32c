// The test-side control API (not HTTP): drive the server as other users would, read its state, inject faults.
import type { Emu, ExoFeatures } from './context';
import type { AuthStore } from './auth';
import type { CometdServer } from './cometd';
import type { FaultSpec, RequestLogEntry, Router } from './server';
import {
  type Activity,
  type ChatMessage,
  type DocNode,
  type State,
  type WebNotification,
  chatToken,
  directRoomId,
  personalDrivePath,
  spaceByPrettyName,
  spaceRoomId,
  teamRoomId,
} from './state';
import { likeActivity, postActivity, postComment } from './social-ops';
import { addNotification, type NewNotification } from './notifications';
import { effectiveStatus, setChatStatus, unreadFor, writeMessage } from './chat-model';
import { etagOf, readContent, saveFile } from './documents';
import { normPath } from './util';
import { randomUUID } from 'node:crypto';

export type { FaultSpec, RequestLogEntry };

export type PostTarget = { space: string } | { user: string };

export class ExoControl {
  constructor(
    private readonly emu: Emu,
    private readonly auth: AuthStore,
    private readonly cometd: CometdServer,
    private readonly router: Router,
  ) {}

  /** The live server state (mutable; prefer the helpers below). */
  get state(): State {
    return this.emu.state;
  }

  get features(): Readonly<ExoFeatures> {
    return this.emu.features;
  }

  setFeatures(patch: Partial<ExoFeatures>): void {
    Object.assign(this.emu.features, patch);
  }

  // ---- auth ----

  /** Ends the sessions of one user (or everybody); with rememberMe also revokes their remember-me tokens. */
  expireSessions(username?: string, opts: { rememberMe?: boolean } = {}): number {
    return this.auth.expire(username, opts);
  }

  sessionCount(username?: string): number {
    return [...this.auth.sessions.values()].filter((s) => username === undefined || s.username === username).length;
  }

  /** Locks the account as the anti-bruteforce add-on does (default: until unlockAccount). */
  lockAccount(username: string, forMs?: number): void {
    const u = this.user(username);
    u.lockedUntil = forMs === undefined ? Number.MAX_SAFE_INTEGER : this.emu.nowMs() + forMs;
  }

  unlockAccount(username: string): void {
    const u = this.user(username);
    u.lockedUntil = null;
    u.failedLogins = 0;
  }

  isLocked(username: string): boolean {
    const u = this.user(username);
    return u.lockedUntil !== null && u.lockedUntil > this.emu.nowMs();
  }

  failedLogins(username: string): number {
    return this.user(username).failedLogins;
  }

  setPassword(username: string, password: string): void {
    this.user(username).password = password;
  }

  setUserEnabled(username: string, enabled: boolean): void {
    this.user(username).enabled = enabled;
    if (!enabled) this.cometd.removeSessionsOf(username);
  }

  // ---- faults and request log ----

  /** The next matching request(s) fail as described (login page HTML, 5xx, dropped connection, delay…). */
  failNext(fault: FaultSpec): void {
    this.router.faults.add(fault);
  }

  clearFaults(): void {
    this.router.faults.clear();
  }

  /** Requests received so far (method, path, status), optionally filtered by path prefix or pattern. */
  requests(match?: string | RegExp): RequestLogEntry[] {
    return this.router.log.filter((r) =>
      match === undefined ? true : typeof match === 'string' ? r.path.startsWith(match) : match.test(r.path),
    );
  }

  // ---- social ----

  spaceId(prettyName: string): string {
    const s = spaceByPrettyName(this.emu.state, prettyName);
    if (!s) throw new Error(`unknown space ${prettyName}`);
    return s.id;
  }

  /** Posts as another user (mentions notify, ActivityStream realtime event sent). Returns the activity id. */
  post(asUser: string, target: PostTarget, title: string, templateParams?: Record<string, string>): string {
    const stream =
      'space' in target
        ? { type: 'space' as const, spaceId: this.spaceId(target.space) }
        : { type: 'user' as const, username: target.user };
    return postActivity(this.emu, { poster: asUser, stream, title, ...(templateParams ? { templateParams } : {}) }).id;
  }

  comment(asUser: string, activityId: string, title: string, parentCommentId?: string): string {
    return postComment(this.emu, { poster: asUser, activityId, title, parentCommentId: parentCommentId ?? null }).id;
  }

  like(asUser: string, activityId: string): void {
    likeActivity(this.emu, asUser, activityId);
  }

  /** Top-level activities (not deleted), newest first; optionally of one space. */
  activities(spacePrettyName?: string): Activity[] {
    const sid = spacePrettyName ? this.spaceId(spacePrettyName) : undefined;
    return [...this.emu.state.activities.values()]
      .filter(
        (a) =>
          !a.parentId && !a.deleted && (sid === undefined || (a.stream.type === 'space' && a.stream.spaceId === sid)),
      )
      .sort((a, b) => b.createdAt - a.createdAt || Number(b.id) - Number(a.id));
  }

  comments(activityId: string): Activity[] {
    const a = this.emu.state.activities.get(activityId);
    return (a?.commentIds ?? [])
      .map((id) => this.emu.state.activities.get(id))
      .filter((c): c is Activity => !!c && !c.deleted);
  }

  notify(n: NewNotification): string {
    return addNotification(this.emu, n).id;
  }

  notifications(username: string): WebNotification[] {
    return this.emu.state.notifications.filter((n) => n.to === username);
  }

  // ---- chat ----

  chatToken(username: string): string {
    return chatToken(username);
  }

  cometdToken(username: string): string {
    return this.cometd.cometdToken(username);
  }

  /** As after a server restart: the in-memory CometD tokens change (brief §2.2). */
  rotateCometdTokens(): void {
    this.cometd.rotateTokens();
  }

  directRoomId(a: string, b: string): string {
    return directRoomId(a, b);
  }

  spaceRoomId(prettyName: string): string {
    return spaceRoomId(this.spaceId(prettyName));
  }

  teamRoomId(creator: string, teamName: string): string {
    return teamRoomId(creator, teamName);
  }

  /**
   * Sends as another user, with the full realtime fan-out. `silent` skips realtime events (bulk history for
   * benchmarks, e.g. 10 000 messages); `at` back-dates the message.
   */
  sendChatMessage(
    asUser: string,
    roomId: string,
    msg: string,
    options?: unknown,
    opts: { silent?: boolean; at?: number } = {},
  ): ChatMessage {
    return writeMessage(this.emu, { sender: asUser, roomId, msg, options, clientId: null, ...opts });
  }

  /** The server-side messages of a room, oldest first (to assert "sent exactly once"). */
  roomMessages(roomId: string): ChatMessage[] {
    return [...(this.emu.state.rooms.get(roomId)?.messages ?? [])].map((m) => ({ ...m }));
  }

  unreadCount(username: string, roomId?: string): number {
    return unreadFor(this.emu, username, roomId);
  }

  /** Simulates another user's live CometD connection (presence) with a chat status. */
  setOnline(username: string, status: 'available' | 'away' | 'donotdisturb' | 'invisible' = 'available'): void {
    setChatStatus(this.emu, username, status);
    if (!this.cometd.isOnline(username)) this.cometd.addFakeSession(username);
  }

  /** Drops every CometD session of the user (real clients get 402::session_unknown on their next connect). */
  setOffline(username: string): void {
    this.cometd.removeSessionsOf(username);
  }

  isOnline(username: string): boolean {
    return this.cometd.isOnline(username);
  }

  chatStatus(username: string): string {
    return effectiveStatus(this.emu, username);
  }

  cometdSessionCount(username?: string): number {
    return this.cometd.sessionCount(username);
  }

  // ---- documents ----

  personalDrivePath(username: string): string {
    return personalDrivePath(username);
  }

  spaceDrivePath(prettyName: string): string {
    return `/Groups/spaces/${prettyName}/Documents`;
  }

  document(path: string): DocNode | undefined {
    return this.emu.state.docs.get(normPath(path));
  }

  async readDocument(path: string, version?: string): Promise<Buffer | null> {
    const node = this.document(path);
    return node ? readContent(this.emu, node, version) : null;
  }

  /** A server-side change as another user would make it (a new version; for conflict tests). */
  async putDocument(
    path: string,
    content: string | Buffer,
    asUser: string,
  ): Promise<{ id: string; version: number; etag: string }> {
    const node = await saveFile(this.emu, {
      path: normPath(path),
      data: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
      author: asUser,
    });
    return { id: node.id, version: node.versionCount, etag: etagOf(node) };
  }

  /** Locks a document as another user (WebDAV clients then get 423). Returns the lock token. */
  lockDocument(path: string, asUser: string, timeoutSec = 86400): string {
    const token = `opaquelocktoken:${randomUUID()}`;
    this.emu.state.locks.set(normPath(path), {
      token,
      owner: asUser,
      ownerInfo: asUser,
      timeoutSec,
      expiresAt: this.emu.nowMs() + timeoutSec * 1000,
      depth: '0',
    });
    return token;
  }

  unlockDocument(path: string): void {
    this.emu.state.locks.delete(normPath(path));
  }

  private user(username: string) {
    const u = this.emu.state.users.get(username);
    if (!u) throw new Error(`unknown user ${username}`);
    return u;
  }
}
