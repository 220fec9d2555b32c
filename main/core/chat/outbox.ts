// The chat outbox, for every chat back-end: sending is a persisted task. The local phase stores the message
// at once (shown as queued, offline too); the remote phase sends it when the account's chat is reachable, in
// order, retrying with back-off and jitter. Idempotent: the nonce (XMPP origin-id, eXo client nonce) is fixed
// when queued, an attempt is counted before any network I/O, and any attempt after the first asks the server
// whether the message is already there before sending it again.
import { randomUUID } from 'node:crypto';
import type { ChatTask } from '../../store/repositories/chat-outbox';
import type { Store } from '../../store/store';
import { CoreError } from '../errors';
import type { ChatMessage } from '../model';
import type { ChatPort } from '../ports';

export interface ChatOutboxDeps {
  store: Store;
  now: () => Date;
  /** The chat of a running account; null while it is not running (the task waits). */
  portOf(accountId: string): ChatPort | null;
  /** A conversation's messages changed (queued, delivered, failed): the renderer is told. */
  changed(conversationId: string, message?: ChatMessage): void;
  retry?: { firstMs: number; maxMs: number };
}

/** Failures that say nothing about the message itself: the network, the session, a closing connector. */
const transient = (error: unknown) =>
  !(error instanceof CoreError) || /^(network\.|auth\.|server\.unavailable|tls\.|closed$)/.test(error.code);

export class ChatOutbox {
  readonly #flushing = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(private readonly deps: ChatOutboxDeps) {}

  /** The local phase: the message is in the store (queued) and its task persisted. */
  queue(conversationId: string, text: string): ChatMessage {
    const { store, now } = this.deps;
    const accountId = store.chat.accountOf(conversationId);
    const account = accountId && store.accounts.get(accountId);
    if (!account) throw new CoreError('notFound', { id: conversationId });
    const nonce = randomUUID();
    // The convention connectors follow (see ChatPort.send), so that the server's copy replaces this row.
    const messageId = `${conversationId}:${nonce}`;
    const queuedAt = now().toISOString();
    store.transaction(() => {
      store.chat.putMessages([
        {
          id: messageId,
          conversationId,
          authorId: account.selfPersonId ?? `${account.id}:${account.address.toLowerCase()}`,
          text,
          sentAt: queuedAt,
          editedAt: null,
          delivery: 'queued',
        },
      ]);
      store.chatOutbox.add({ messageId, accountId: account.id, conversationId, nonce, text, queuedAt });
    });
    void this.flush(account.id);
    return store.chat.message(messageId)!;
  }

  /** Puts a failed message back in the queue, or drops it (`discard`). */
  retry(messageId: string, discard = false): void {
    const { store } = this.deps;
    const task = store.chatOutbox.get(messageId);
    if (!task) throw new CoreError('notFound', { id: messageId });
    if (discard) {
      // Its task goes with it (foreign key).
      store.chat.removeMessage(messageId);
      this.#changed(task.conversationId, null);
      return;
    }
    store.chatOutbox.retry(messageId, this.deps.now());
    this.#changed(task.conversationId, messageId);
    void this.flush(task.accountId);
  }

  /** Sends the account's due messages, in order; concurrent calls make one more pass, not a parallel one. */
  flush(accountId: string): Promise<void> {
    const running = this.#flushing.get(accountId);
    if (running) {
      this.#again.add(accountId);
      return running;
    }
    const pass = this.#flush(accountId).finally(() => {
      this.#flushing.delete(accountId);
      if (this.#again.delete(accountId)) void this.flush(accountId);
    });
    this.#flushing.set(accountId, pass);
    return pass;
  }

  /** Messages waiting across accounts (failed ones excepted). */
  queuedCount(): number {
    return this.deps.store.chatOutbox.queuedCount();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all(this.#flushing.values());
  }

  async #flush(accountId: string): Promise<void> {
    const { store } = this.deps;
    for (const task of store.chatOutbox.pending(accountId)) {
      if (this.#closed) return;
      const port = this.deps.portOf(accountId);
      if (!port?.send) return;
      const due = Date.parse(task.nextAttemptAt) - this.deps.now().getTime();
      // A later message never overtakes an earlier one waiting for its retry.
      if (due > 0) return this.#wake(accountId, due);
      if (!(await this.#attempt(port, task))) return;
    }
  }

  /** One remote phase; false when the account's chat is unreachable (the rest of the queue waits). */
  async #attempt(port: ChatPort, task: ChatTask): Promise<boolean> {
    const { store } = this.deps;
    store.chatOutbox.startAttempt(task.messageId);
    try {
      const already =
        task.attempts > 0 && port.findSent
          ? await port.findSent(task.conversationId, task.nonce, task.queuedAt)
          : false;
      const serverId = already ? task.messageId : await port.send!(task.conversationId, task.text, task.nonce);
      store.transaction(() => {
        store.chatOutbox.done(task.messageId);
        // A back-end that names the message otherwise writes its own copy: ours goes.
        if (serverId !== task.messageId) store.chat.removeMessage(task.messageId);
      });
      this.#changed(task.conversationId, serverId === task.messageId ? task.messageId : null);
      return true;
    } catch (error) {
      const code = error instanceof CoreError ? error.code : 'network';
      if (!transient(error)) {
        store.chatOutbox.fail(task.messageId, code);
        this.#changed(task.conversationId, task.messageId);
        return true;
      }
      const delay = this.#backoff(task.attempts + 1);
      store.chatOutbox.postpone(task.messageId, new Date(this.deps.now().getTime() + delay), code);
      this.#wake(task.accountId, delay);
      return false;
    }
  }

  #backoff(attempts: number): number {
    const { firstMs, maxMs } = this.deps.retry ?? { firstMs: 2_000, maxMs: 5 * 60_000 };
    const ceiling = Math.min(maxMs, firstMs * 2 ** (attempts - 1));
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  #wake(accountId: string, delay: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timers.get(accountId));
    const timer = setTimeout(() => {
      this.#timers.delete(accountId);
      void this.flush(accountId);
    }, delay);
    timer.unref();
    this.#timers.set(accountId, timer);
  }

  #changed(conversationId: string, messageId: string | null): void {
    this.deps.changed(conversationId, (messageId && this.deps.store.chat.message(messageId)) || undefined);
  }
}
