import { sql as initial } from './001-initial';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every schema step, in order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [{ version: 1, name: 'initial', sql: initial }];

export const latestVersion = migrations.length;
