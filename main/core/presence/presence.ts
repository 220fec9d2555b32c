// The user's one presence status (available, busy, dnd, away, offline). Each connector maps it to its server's
// own values (XMPP shows, eXo Chat statuses); the core keeps the choice and hands it to every account that has
// presence: at once when it changes (presence:set), and to each chat connection as it starts, so that a restart
// or a newly added account announces the status the user chose rather than its connector's default.
import type { Store } from '../../store/store';
import type { ChatPort } from '../ports';
import { readPresence } from '../settings';

export function announceStoredPresence(store: Store, chat: ChatPort | null | undefined): void {
  void chat?.setPresence?.(readPresence(store.settings)).catch(() => undefined);
}
