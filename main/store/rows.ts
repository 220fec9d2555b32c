import type { Person, PresenceStatus } from '../core/model';

/** Store dates are epoch milliseconds; the model speaks ISO 8601. */
export function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError('Invalid date');
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function toIsoOrNull(ms: number | null): string | null {
  return ms === null ? null : toIso(ms);
}

export const flag = (value: boolean): number => (value ? 1 : 0);

/** The columns a query selects to build a Person, under a common prefix (`author_name`, …). */
export interface PersonColumns {
  id: string;
  name: string | null;
  address: string | null;
  title: string | null;
  presence: string | null;
}

/** A person from a LEFT JOIN on people: someone not (yet) in the directory still gets a readable name. */
export function toPerson(columns: PersonColumns): Person {
  const person: Person = { id: columns.id, name: columns.name ?? fallbackName(columns.id) };
  if (columns.address !== null) person.address = columns.address;
  if (columns.title !== null) person.title = columns.title;
  if (columns.presence !== null) person.presence = columns.presence as PresenceStatus;
  return person;
}

function fallbackName(id: string): string {
  const separator = id.indexOf(':');
  return separator >= 0 ? id.slice(separator + 1) : id;
}

/** SQL fragment selecting a person's columns from a `people` alias, named for `pick`. */
export const personSelect = (alias: string, prefix: string) =>
  `${alias}.name AS ${prefix}_name, ${alias}.address AS ${prefix}_address, ` +
  `${alias}.title AS ${prefix}_title, ${alias}.presence AS ${prefix}_presence`;

/** Reads the columns written by `personSelect` back into a Person. */
export function pickPerson(row: Record<string, unknown>, prefix: string, id: string): Person {
  return toPerson({
    id,
    name: row[`${prefix}_name`] as string | null,
    address: row[`${prefix}_address`] as string | null,
    title: row[`${prefix}_title`] as string | null,
    presence: row[`${prefix}_presence`] as string | null,
  });
}

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
