// The core's chat for the back-ends that offer a ChatPort (XMPP, alone or as Zimbra Chat): the outbox flushed
// whenever the account's chat is reachable, its live changes turned into events, and the user's intents
// (send, read, older history, join a room, presence) routed to the account. Collaboration accounts (eXo) run
// their chat themselves, on the same outbox table: this service leaves them alone.
import type { Store } from '../../store/store';
import { createStoreSink } from '../../store/sink';
import { CoreError } from '../errors';
import type { EventHub } from '../events';
import type { ChatMessage, PresenceStatus } from '../model';
import type { ChatChange, ChatPort } from '../ports';
import { ChatOutbox } from './outbox';

export interface ChatServiceDeps {
  store: Store;
  events: EventHub;
  now: () => Date;
  /** The chat of a running account, null while it is not running (or has none). */
  portOf(accountId: string): ChatPort | null;
  /** Accounts whose chat another engine runs (collaboration accounts). */
  runsElsewhere(accountId: string): boolean;
  /** The accounts running now. */
  runningAccounts(): string[];
  retry?: { firstMs: number; maxMs: number };
}

export class ChatService {
  readonly outbox: ChatOutbox;
  /** The conversation on screen: its new messages are read as they arrive. */
  #focused: string | null = null;

  constructor(private readonly deps: ChatServiceDeps) {
    this.outbox = new ChatOutbox({
      store: deps.store,
      now: deps.now,
      retry: deps.retry,
      portOf: (accountId) => this.#port(accountId),
      changed: (conversationId, message) => this.#emitMessages(conversationId, message ? [message] : []),
    });
  }

  /** Whether this service runs the chat of the account a conversation belongs to. */
  handles(conversationId: string): boolean {
    const accountId = this.deps.store.chat.accountOf(conversationId);
    return accountId !== undefined && !this.deps.runsElsewhere(accountId);
  }

  /**
   * What an account's running chat reports (see ChatPort.listen). Without details, something changed: the
   * renderer refreshes and the outbox tries again (it costs nothing when empty).
   */
  changed(accountId: string, change?: ChatChange): void {
    if (this.deps.runsElsewhere(accountId)) return;
    const { events, store } = this.deps;
    switch (change?.kind) {
      case 'messages': {
        const messages = change.messageIds.flatMap((id) => store.chat.message(id) ?? []);
        this.#emitMessages(change.conversationId, messages);
        if (change.conversationId === this.#focused) void this.markRead(change.conversationId);
        return;
      }
      case 'conversations':
        return events.emit('chat:changed', { conversationIds: change.conversationIds });
      case 'presence':
        // Conversation lists show their people's presence.
        return events.emit('chat:changed', { conversationIds: [] });
      case 'connection':
        if (!change.online) return;
        // Caught up: anything may have changed, and what waits may go.
        events.emit('chat:changed', { conversationIds: [] });
        void this.outbox.flush(accountId);
        return;
      case undefined:
        events.emit('chat:changed', { conversationIds: [] });
        void this.outbox.flush(accountId);
    }
  }

  send(conversationId: string, text: string): ChatMessage {
    const message = this.outbox.queue(conversationId, text);
    this.#emitMessages(conversationId, [message]);
    return message;
  }

  retry(messageId: string, discard: boolean): void {
    this.outbox.retry(messageId, discard);
  }

  /** Read here at once; the server (and so the user's other devices) is told when it can be. */
  async markRead(conversationId: string): Promise<void> {
    const { store } = this.deps;
    const accountId = this.#accountOf(conversationId);
    if (store.chat.markRead(conversationId))
      this.deps.events.emit('chat:changed', { conversationIds: [conversationId] });
    const last = store.chat.messages(conversationId, undefined, 1)[0];
    const port = this.#port(accountId);
    if (last && !last.delivery && port?.markRead) await port.markRead(conversationId, last.id).catch(() => undefined);
  }

  focus(conversationId: string | null): void {
    this.#focused = conversationId;
  }

  async loadOlder(conversationId: string): Promise<{ added: number; complete: boolean }> {
    const accountId = this.#accountOf(conversationId);
    const port = this.#port(accountId);
    // Not running: maybe later. Running without older history to give: nothing more.
    if (!port?.loadOlder) return { added: 0, complete: port !== null };
    const page = await port.loadOlder(createStoreSink(this.deps.store, accountId), conversationId);
    if (page.added > 0) this.deps.events.emit('chat:changed', { conversationIds: [conversationId] });
    return page;
  }

  async joinRoom(accountId: string, address: string): Promise<string> {
    const port = this.#port(accountId);
    if (!port?.joinRoom) throw new CoreError('chat.roomsUnavailable');
    const conversationId = await port.joinRoom(createStoreSink(this.deps.store, accountId), address);
    this.deps.events.emit('chat:changed', { conversationIds: [conversationId] });
    return conversationId;
  }

  async setPresence(status: PresenceStatus): Promise<void> {
    const ports = this.deps.runningAccounts().flatMap((accountId) => this.#port(accountId) ?? []);
    await Promise.all(ports.map((port) => port.setPresence?.(status).catch(() => undefined)));
  }

  close(): Promise<void> {
    return this.outbox.close();
  }

  #port(accountId: string): ChatPort | null {
    return this.deps.runsElsewhere(accountId) ? null : this.deps.portOf(accountId);
  }

  #accountOf(conversationId: string): string {
    const accountId = this.deps.store.chat.accountOf(conversationId);
    if (!accountId) throw new CoreError('notFound', { id: conversationId });
    return accountId;
  }

  #emitMessages(conversationId: string, messages: ChatMessage[]): void {
    for (const message of messages) this.deps.events.emit('chat:message', message);
    this.deps.events.emit('chat:changed', { conversationIds: [conversationId] });
  }
}
