import { openDatabase, transaction, transactionAsync, type Database } from './db';
import { accountsRepository } from './repositories/accounts';
import { activityRepository } from './repositories/activity';
import { calendarRepository } from './repositories/calendar';
import { chatRepository } from './repositories/chat';
import { chatOutboxRepository } from './repositories/chat-outbox';
import { filesRepository } from './repositories/files';
import { mailRepository } from './repositories/mail';
import { peopleRepository } from './repositories/people';
import { searchRepository } from './repositories/search';
import { settingsRepository } from './repositories/settings';
import { spacesRepository } from './repositories/spaces';
import { syncStateRepository } from './repositories/sync-state';

/** The profile database and its repositories, one per domain. */
export function openStore(file: string) {
  const db = openDatabase(file);
  return {
    db,
    accounts: accountsRepository(db),
    settings: settingsRepository(db),
    people: peopleRepository(db),
    mail: mailRepository(db),
    chat: chatRepository(db),
    chatOutbox: chatOutboxRepository(db),
    spaces: spacesRepository(db),
    files: filesRepository(db),
    calendar: calendarRepository(db),
    activity: activityRepository(db),
    search: searchRepository(db),
    syncState: syncStateRepository(db),
    transaction: <T>(work: () => T): T => transaction(db, work),
    transactionAsync: <T>(work: () => Promise<T>): Promise<T> => transactionAsync(db, work),
    close: (): void => closeDatabase(db),
  };
}

export type Store = ReturnType<typeof openStore>;

function closeDatabase(db: Database): void {
  if (db.isOpen) db.close();
}
