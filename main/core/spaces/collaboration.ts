// The collaboration half of the core (spaces and their posts, the activity feed, documents, and the chat of
// collaboration servers), vendor-neutral: a connector gives a CollaborationClient per account; this module runs
// each account (AccountRuntime), applies user intents locally at once and queues their remote phase as
// persisted tasks, replayed once when the server is reachable (a nonce looked up before any re-send).
import { randomUUID } from 'node:crypto';
import type { LiveAccount, LiveConnector, LiveContext } from '../live/live-accounts';
import { collaborationRepository, type CollaborationRepository } from '../../store/repositories/collaboration';
import type { Store } from '../../store/store';
import { CoreError } from '../errors';
import type { EventHub } from '../events';
import type { PresenceStatus, SpaceComment, SpacePost } from '../model';
import { Documents } from '../files/documents';
import { DocumentCache } from '../files/cache';
import { chatPortOf, ChatIntents } from './chat';
import type { CollaborationClient, RefReader } from './ports';
import { AccountRuntime, isOffline, needsUser, type RuntimeState } from './runtime';
import { taskQueue, type QueuedTask, type TaskQueue } from './task-queue';
import { CollaborationWriter, localId } from './writer';
import { composeHtmlForDisplay, displayMentions, plainText } from './rich-text';

export interface CollaborationOptions {
  store: Store;
  events: EventHub;
  now: () => Date;
  /** Where documents' local copies go (the profile's cache). */
  cacheDir: string;
  /** Opens a local file with the system's application (Electron's shell.openPath in production). */
  openPath(path: string): Promise<void>;
}

export type ClientFactory = (
  context: LiveContext,
  refs: RefReader,
) => CollaborationClient | Promise<CollaborationClient>;

interface Running {
  runtime: AccountRuntime;
  writer: CollaborationWriter;
  client: () => CollaborationClient | null;
}

const MAX_TEXT = 20_000;
const SELF_KEY = 'collaboration.self';

export class Collaboration {
  readonly repo: CollaborationRepository;
  readonly tasks: TaskQueue;
  readonly cache: DocumentCache;
  readonly documents: Documents;
  readonly chat: ChatIntents;
  readonly #running = new Map<string, Running>();
  #focused: string | null = null;

  constructor(readonly options: CollaborationOptions) {
    this.repo = collaborationRepository(options.store.db);
    this.tasks = taskQueue(options.store.db, options.now);
    this.cache = new DocumentCache(options.cacheDir);
    this.documents = new Documents(this);
    this.chat = new ChatIntents(this);
  }

  get store(): Store {
    return this.options.store;
  }

  get events(): EventHub {
    return this.options.events;
  }

  now(): Date {
    return this.options.now();
  }

  /** Refs of one account, read from the store (what its connector wrote beside its items). */
  refs(): RefReader {
    return { get: (id) => this.repo.ref(id) };
  }

  writer(accountId: string): CollaborationWriter {
    return this.#running.get(accountId)?.writer ?? new CollaborationWriter(this.store, this.repo, accountId);
  }

  /** The live client of an account, when it is connected. */
  client(accountId: string): CollaborationClient | null {
    return this.#running.get(accountId)?.client() ?? null;
  }

  runtime(accountId: string): AccountRuntime | undefined {
    return this.#running.get(accountId)?.runtime;
  }

  /** Whether this module runs the account (its kind has a collaboration connector and it is signed in). */
  manages(accountId: string): boolean {
    return this.#running.has(accountId);
  }

  selfPersonOf(accountId: string): string | null {
    return (
      this.store.accounts.get(accountId)?.selfPersonId ??
      this.store.syncState.get(accountId, SELF_KEY) ??
      this.client(accountId)?.selfPersonId ??
      null
    );
  }

  /** The conversation on screen: its live messages are read at once. */
  focus(conversationId: string | null): void {
    this.#focused = conversationId;
  }

  /** A live connector for the accounts of one kind, run by LiveAccounts. */
  liveConnector(kindId: string, makeClient: ClientFactory): LiveConnector {
    return { kindId, start: (context) => this.start(context, makeClient) };
  }

  private start(context: LiveContext, makeClient: ClientFactory): LiveAccount {
    const accountId = context.account.id;
    const writer = new CollaborationWriter(this.store, this.repo, accountId);
    let current: CollaborationClient | null = null;
    const runtime = new AccountRuntime({
      accountId,
      events: this.events,
      writer,
      open: async () => {
        current = await makeClient(context, this.refs());
        // Known without a connection afterwards: what the user writes offline is theirs.
        this.store.syncState.set(accountId, SELF_KEY, current.selfPersonId);
        return current;
      },
      drain: (client) => this.drain(accountId, client),
      catchUp: (client, conversationId) => this.chat.catchUp(client, accountId, conversationId),
      pendingReads: () =>
        new Set(this.tasks.pending(accountId).flatMap((t) => (t.kind === 'chat.read' ? [t.key] : []))),
      afterSync: (client) => this.documents.refreshPinned(accountId, client),
      onState: (state, problem, retryAt) => this.onRuntimeState(accountId, state, problem, retryAt),
      focusedConversation: () => this.#focused,
      repo: {
        conversationUnread: (id) => this.repo.conversationUnread(id),
        addConversationUnread: (id, count) => this.repo.addConversationUnread(id, count),
        setConversationUnread: (id, unread) => this.repo.setConversationUnread(id, unread),
        newestMessageAt: (id) => this.repo.newestMessageAt(id),
        messageExists: (id) => this.repo.message(id) !== undefined,
      },
      store: {
        spaceIds: (id) => this.store.spaces.list().flatMap((space) => (space.accountId === id ? [space.id] : [])),
        directContacts: (id) =>
          this.store.chat
            .conversations()
            .filter((c) => c.accountId === id && c.kind === 'direct')
            .flatMap((c) => c.participants.map((p) => p.id))
            .filter((personId) => personId !== this.selfPersonOf(id)),
      },
      setPresence: (personId, presence) => this.store.people.setPresence(personId, presence),
    });
    this.#running.set(accountId, { runtime, writer, client: () => runtime.client });
    runtime.start();
    return {
      files: this.documents.liveFiles(accountId),
      directory: {
        complete: async (query, limit) => {
          const client = runtime.client;
          if (!client) return [];
          const people = await client.completePeople(query, limit);
          writer.people(people);
          return people;
        },
      },
      chat: () => chatPortOf(this, accountId, () => current),
      stop: async () => {
        this.#running.delete(accountId);
        await runtime.stop();
      },
    };
  }

  /** Per account, never the system's idea of online: the renderer shows what is reachable. */
  private onRuntimeState(accountId: string, state: RuntimeState, problem?: CoreError, retryAt?: number): void {
    if (state === 'connecting' || state === 'stopped') return;
    this.events.emit('connectivity:changed', {
      accountId,
      reachable: state === 'online',
      error: state === 'online' ? null : (problem?.toInfo() ?? { code: 'network.unreachable' }),
      nextAttemptAt: state === 'offline' && retryAt ? new Date(retryAt).toISOString() : null,
    });
  }

  /** A task was queued for an account: replay it now if the account is connected. */
  kick(accountId: string): void {
    this.#running.get(accountId)?.runtime.kick();
  }

  /** Every queued replay of every account finished (tests, benchmarks, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.#running.values()].map((running) => running.runtime.settled()));
  }

  async close(): Promise<void> {
    const running = [...this.#running.values()];
    this.#running.clear();
    await Promise.all(running.map((entry) => entry.runtime.stop()));
  }

  // ---- remote phases ----

  /** Replays an account's queued intents in order; a network or sign-in failure stops the replay (and is thrown). */
  async drain(accountId: string, client: CollaborationClient): Promise<void> {
    await this.chat.drainOutbox(accountId, client);
    for (const task of this.tasks.pending(accountId)) {
      // Each attempt is counted before any network I/O: after a crash, the nonce is looked for first.
      const firstAttempt = task.attempts === 0;
      this.tasks.startAttempt(task.id);
      try {
        await this.perform(client, task, firstAttempt);
        this.tasks.done(task.id);
      } catch (error) {
        const code = error instanceof CoreError ? error.code : 'internal';
        if (isOffline(error) || needsUser(error)) {
          this.tasks.postpone(task.id, this.now().getTime(), code);
          throw error;
        }
        if (!(error instanceof CoreError)) {
          console.error(
            `[collaboration] task ${task.kind} failed: ${error instanceof Error ? error.name : typeof error}`,
          );
        }
        // A conflict is an outcome, not a failure: the user's version was kept beside the server's.
        if (code === 'files.conflict') this.tasks.done(task.id);
        else this.tasks.fail(task.id, code);
        this.failed(task, error instanceof CoreError ? error : new CoreError('internal'));
      }
    }
  }

  private async perform(client: CollaborationClient, task: QueuedTask, firstAttempt: boolean): Promise<void> {
    const writer = this.writer(task.accountId);
    switch (task.kind) {
      case 'post': {
        const p = task.payload as { spaceId: string; text: string; nonce: string };
        const found = firstAttempt ? null : await client.findPostByNonce(p.spaceId, p.nonce, iso(task.createdAt));
        writer.posts([found ?? (await client.post(p.spaceId, p.text, p.nonce))]);
        this.emitSpaces([p.spaceId]);
        return;
      }
      case 'comment': {
        const p = task.payload as { postId: string; spaceId: string; text: string; nonce: string };
        const found = firstAttempt
          ? null
          : await client.findComment(p.postId, { nonce: p.nonce, text: p.text, since: iso(task.createdAt) });
        const comment = found ?? (await client.comment(p.postId, p.text, p.nonce));
        this.store.transaction(() => {
          this.repo.deleteComment(localId(task.accountId, p.nonce));
          this.repo.insertComment({ ...comment, postId: p.postId });
          this.repo.putComment(task.accountId, { ...comment, postId: p.postId, delivery: null, nonce: p.nonce });
        });
        this.emitSpaces([p.spaceId]);
        return;
      }
      case 'like': {
        const p = task.payload as { postId: string; liked: boolean };
        await client.like(p.postId, p.liked);
        return;
      }
      case 'activity.read': {
        const p = task.payload as { ids: string[] };
        await client.markNotificationsRead(p.ids);
        return;
      }
      case 'presence': {
        const p = task.payload as { status: PresenceStatus };
        await client.setPresence(p.status);
        return;
      }
      default:
        if (task.kind.startsWith('chat.')) return this.chat.perform(client, task, firstAttempt);
        if (task.kind.startsWith('file.')) return this.documents.perform(client, task, firstAttempt);
        throw new CoreError('internal');
    }
  }

  /** An intent the server refused: its local item shows it failed (the user may retry or discard it). */
  private failed(task: QueuedTask, error: CoreError): void {
    const payload = task.payload as { nonce?: string; spaceId?: string };
    if (task.kind === 'post' && payload.nonce) {
      this.repo.setPostDelivery(localId(task.accountId, payload.nonce), 'failed');
      this.emitSpaces(payload.spaceId ? [payload.spaceId] : []);
    } else if (task.kind === 'comment' && payload.nonce) {
      this.repo.setCommentDelivery(localId(task.accountId, payload.nonce), 'failed');
      this.emitSpaces(payload.spaceId ? [payload.spaceId] : []);
    } else if (task.kind.startsWith('file.')) {
      this.documents.failed(task, error);
    } else if (task.kind.startsWith('chat.')) {
      this.chat.failed(task, error);
    }
  }

  emitSpaces(spaceIds: string[]): void {
    this.events.emit('spaces:changed', { spaceIds });
  }

  // ---- local phases: spaces and activity ----

  private accountOfSpace(spaceId: string): string {
    const space = this.store.spaces.list().find((candidate) => candidate.id === spaceId);
    if (!space) throw new CoreError('notFound', { id: spaceId });
    return space.accountId;
  }

  /** A post, shown at once, sent when the server is reachable. */
  post(spaceId: string, text: string): SpacePost {
    const raw = text.trim();
    if (raw === '' || raw.length > MAX_TEXT) throw new CoreError('spaces.invalidText');
    const body = displayMentions(raw);
    const accountId = this.accountOfSpace(spaceId);
    const author = this.selfPersonOf(accountId);
    if (!author) throw new CoreError('spaces.readOnly');
    const nonce = randomUUID();
    const id = localId(accountId, nonce);
    const postedAt = this.now().toISOString();
    this.store.transaction(() => {
      const html = composeHtmlForDisplay(body);
      this.writer(accountId).sink.putPosts([
        { id, spaceId, authorId: author, text: plainText(html), postedAt, likes: 0, comments: [] },
      ]);
      this.repo.putPostExtras(id, { html, liked: false, nonce, delivery: 'queued' });
      this.tasks.add(accountId, 'post', nonce, { spaceId, text: raw, nonce });
    });
    this.emitSpaces([spaceId]);
    this.kick(accountId);
    return this.decoratePosts(this.store.spaces.posts(spaceId)).find((post) => post.id === id)!;
  }

  comment(postId: string, text: string): SpaceComment {
    const raw = text.trim();
    if (raw === '' || raw.length > MAX_TEXT) throw new CoreError('spaces.invalidText');
    const body = displayMentions(raw);
    const post = this.findPost(postId);
    const accountId = this.accountOfSpace(post.spaceId);
    const author = this.selfPersonOf(accountId);
    if (!author) throw new CoreError('spaces.readOnly');
    if (post.delivery) throw new CoreError('spaces.postNotSent');
    const nonce = randomUUID();
    const id = localId(accountId, nonce);
    const postedAt = this.now().toISOString();
    this.store.transaction(() => {
      const html = composeHtmlForDisplay(body);
      this.repo.putComment(accountId, {
        id,
        postId,
        authorId: author,
        text: plainText(html),
        html,
        postedAt,
        nonce,
        delivery: 'queued',
      });
      this.tasks.add(accountId, 'comment', nonce, { postId, spaceId: post.spaceId, text: raw, nonce });
    });
    this.emitSpaces([post.spaceId]);
    this.kick(accountId);
    return this.findPost(postId).comments.find((comment) => comment.id === id)!;
  }

  like(postId: string, liked: boolean): void {
    const post = this.findPost(postId);
    if (post.delivery) throw new CoreError('spaces.postNotSent');
    const accountId = this.accountOfSpace(post.spaceId);
    this.store.transaction(() => {
      if (!this.repo.postExtras([postId]).has(postId)) {
        this.repo.putPostExtras(postId, {
          html: post.html ?? '',
          liked: post.liked ?? false,
          nonce: null,
          delivery: null,
        });
      }
      if (this.repo.setLiked(postId, liked)) this.tasks.add(accountId, 'like', randomUUID(), { postId, liked });
    });
    this.emitSpaces([post.spaceId]);
    this.kick(accountId);
  }

  /** Retries a post or comment the server refused, or drops it. */
  retryPost(postOrCommentId: string, discard: boolean): void {
    const accountId = this.store.accounts.list().find((a) => postOrCommentId.startsWith(`${a.id}:local:`))?.id;
    if (!accountId) throw new CoreError('notFound', { id: postOrCommentId });
    const nonce = postOrCommentId.slice(`${accountId}:local:`.length);
    const task = this.tasks.find(accountId, 'post', nonce) ?? this.tasks.find(accountId, 'comment', nonce);
    if (!task) throw new CoreError('notFound', { id: postOrCommentId });
    const spaceId = (task.payload as { spaceId: string }).spaceId;
    this.store.transaction(() => {
      if (discard) {
        this.tasks.done(task.id);
        this.repo.deletePost(postOrCommentId);
        this.repo.deleteComment(postOrCommentId);
      } else {
        this.tasks.retry(task.id);
        this.repo.setPostDelivery(postOrCommentId, 'queued');
        this.repo.setCommentDelivery(postOrCommentId, 'queued');
      }
    });
    this.emitSpaces([spaceId]);
    this.kick(accountId);
  }

  private findPost(postId: string): SpacePost {
    for (const space of this.store.spaces.list()) {
      const found = this.decoratePosts(this.store.spaces.posts(space.id)).find((post) => post.id === postId);
      if (found) return found;
    }
    throw new CoreError('notFound', { id: postId });
  }

  markActivityRead(ids: readonly string[]): void {
    const byAccount = new Map<string, string[]>();
    const feed = new Map(this.store.activity.feed(1000).map((item) => [item.id, item]));
    for (const id of ids) {
      const item = feed.get(id);
      if (!item?.unread) continue;
      byAccount.set(item.accountId, [...(byAccount.get(item.accountId) ?? []), id]);
    }
    for (const [accountId, list] of byAccount) {
      this.store.transaction(() => {
        this.repo.markActivityRead(list);
        if (this.isCollaborationAccount(accountId)) {
          this.tasks.add(accountId, 'activity.read', randomUUID(), { ids: list });
        }
      });
      this.kick(accountId);
    }
    if (byAccount.size > 0) this.events.emit('activity:changed', { accountIds: [...byAccount.keys()] });
  }

  /** The user's presence, told to every collaboration account (the latest choice wins). */
  setPresence(status: PresenceStatus): void {
    for (const account of this.store.accounts.list()) {
      if (!this.isCollaborationAccount(account.id)) continue;
      this.tasks.add(account.id, 'presence', randomUUID(), { status });
      this.kick(account.id);
    }
  }

  /** Accounts whose items this module handles: running now, or known by the refs they left. */
  isCollaborationAccount(accountId: string): boolean {
    return this.#running.has(accountId) || this.#kinds.has(this.store.accounts.get(accountId)?.kindId ?? '');
  }

  readonly #kinds = new Set<string>();

  /** Declares a kind of account handled here (its tasks may be queued while it is not running). */
  handlesKind(kindId: string): void {
    this.#kinds.add(kindId);
  }

  // ---- reading: what the first schema has no column for ----

  decoratePosts(posts: SpacePost[]): SpacePost[] {
    if (posts.length === 0) return posts;
    const extras = this.repo.postExtras(posts.map((post) => post.id));
    const comments = this.repo.commentExtras(posts.map((post) => post.id));
    return posts.map((post) => {
      const extra = extras.get(post.id);
      const pending = comments.pending.filter((c) => c.postId === post.id);
      const decorated: SpacePost = {
        ...post,
        comments: [
          ...post.comments.map((comment) => {
            const html = comments.html.get(comment.id);
            return html ? { ...comment, html } : comment;
          }),
          ...pending.map((comment) => ({
            id: comment.id,
            author: this.store.people.get(comment.authorId) ?? { id: comment.authorId, name: comment.authorId },
            text: comment.text,
            postedAt: comment.postedAt,
            html: comment.html,
            delivery: comment.delivery,
          })),
        ],
      };
      if (extra) {
        decorated.html = extra.html;
        decorated.liked = extra.liked;
        if (extra.delivery) decorated.delivery = extra.delivery;
      }
      return decorated;
    });
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
