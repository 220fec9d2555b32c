import { sql as initial } from './001-initial';
import { sql as accounts } from './002-accounts';
import { sql as mailSync } from './003-mail-sync';
import { sql as chatCalendar } from './004-chat-calendar';
import { sql as collaboration } from './005-collaboration';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema step, in order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'accounts', sql: accounts },
  { version: 3, name: 'mail-sync', sql: mailSync },
  { version: 4, name: 'chat-calendar', sql: chatCalendar },
  { version: 5, name: 'collaboration', sql: collaboration },
];

export const latestVersion = migrations.length;
