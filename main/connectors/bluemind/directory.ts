// The organisation's directory while writing (brief §6): completion asks `/api/addressbooks/_search` with the
// webmail's query (name or address, individuals with an address or groups with members); every subscribed
// address book (the domain directory, personal contacts, collected addresses) is also mirrored locally by
// changesets, so completion keeps working offline from the local copy.
import { z } from 'zod';
import { CoreError } from '../../core/errors';
import type { Person } from '../../core/model';
import type { PersonRecord } from '../../store/records';
import { apiPath, type BlueMindClient } from './client';
import { isFault } from './errors';
import type { KeyValue } from './state';
import { containerChangesetByUid, vcard, vcardSearch } from './schemas';

const MGET_CHUNK = 100;

export interface LocalPeople {
  putPeople(people: PersonRecord[]): void;
  removePeople(ids: string[]): void;
  /** Local completion: people of this account whose name or address starts with the words of `query`. */
  search(query: string, limit: number): Person[];
}

export interface DirectoryOptions {
  client: BlueMindClient;
  accountId: string;
  books: () => string[];
  state: KeyValue;
  local: LocalPeople;
}

/** Lucene special characters are escaped in the user's text (brief §6). */
export const escapeQuery = (text: string) => text.replace(/[+\-=&|><!(){}[\]^"~*?:\\/]/g, '\\$&');

export function completionQuery(text: string): string {
  const terms = text.trim().split(/\s+/).filter(Boolean).map(escapeQuery).join(' ');
  return (
    `(value.identification.formatedName.value:(${terms}) OR value.communications.emails.value:(${terms})) AND ` +
    '((value.kind:group AND _exists_:value.organizational.member) OR _exists_:value.communications.emails.value)'
  );
}

export class Directory {
  constructor(private readonly options: DirectoryOptions) {}

  personId(bookUid: string, cardUid: string): string {
    return `${this.options.accountId}:card:${bookUid}:${cardUid}`;
  }

  /** Completion from the server, kept locally; from the local copy when the server cannot be reached. */
  async complete(query: string, limit: number): Promise<Person[]> {
    if (!query.trim()) return [];
    let result;
    try {
      result = await this.options.client.expect('POST', '/api/addressbooks/_search', vcardSearch, {
        json: { from: 0, size: limit, query: completionQuery(query), orderBy: 'Pertinance', escapeQuery: false },
      });
    } catch (error) {
      // Offline (or the server down, or the session lost): the local copy answers.
      if (error instanceof CoreError && /^(network\.|server\.unavailable|auth\.)/.test(error.code)) {
        return this.options.local.search(query, limit);
      }
      throw error;
    }
    const people: Person[] = result.values.map((hit) => ({
      id: this.personId(hit.containerUid, hit.uid),
      name: hit.value.formatedName || hit.displayName || hit.value.mail || '',
      ...(hit.value.mail ? { address: hit.value.mail } : {}),
    }));
    this.options.local.putPeople(people);
    return dedupe(people).slice(0, limit);
  }

  /** Mirrors each address book since its stored version. */
  async sync(signal?: AbortSignal): Promise<void> {
    for (const book of this.options.books()) {
      signal?.throwIfAborted();
      await this.syncBook(book, signal);
    }
  }

  async syncBook(bookUid: string, signal?: AbortSignal): Promise<void> {
    const { client, state, local } = this.options;
    const key = `book:${bookUid}`;
    const stored = Number(state.get(key) ?? 0);
    let changes;
    try {
      changes = await client.expect('GET', apiPath`/api/addressbooks/${bookUid}/_changeset`, containerChangesetByUid, {
        query: { since: stored },
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (isFault(error, 'NOT_FOUND', 'PERMISSION_DENIED')) return;
      throw error;
    }
    if (changes.version < stored) {
      state.set(key, null);
      return this.syncBook(bookUid, signal);
    }
    const uids = [...changes.created, ...changes.updated];
    const people: PersonRecord[] = [];
    for (let start = 0; start < uids.length; start += MGET_CHUNK) {
      const cards = await client.expect('POST', apiPath`/api/addressbooks/${bookUid}/_mget`, z.array(vcard), {
        json: uids.slice(start, start + MGET_CHUNK),
        ...(signal ? { signal } : {}),
      });
      for (const card of cards) {
        const address = card.value.communications?.emails?.[0]?.value;
        const name = card.value.identification?.formatedName?.value || address;
        if (!name) continue;
        people.push({
          id: this.personId(bookUid, card.uid),
          name,
          ...(address ? { address } : {}),
          ...(card.value.organizational?.title ? { title: card.value.organizational.title } : {}),
        });
      }
    }
    local.putPeople(people);
    if (changes.deleted.length) local.removePeople(changes.deleted.map((uid) => this.personId(bookUid, uid)));
    state.set(key, String(changes.version));
  }
}

/** One entry per address (a colleague is in the directory and in collected addresses). */
function dedupe(people: Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((person) => {
    const key = (person.address ?? person.id).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
