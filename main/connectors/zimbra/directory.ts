// Recipient completion (§6): `AutoCompleteRequest` over the personal contacts, the addresses the user wrote to
// and the organisation's directory (GAL), and an offline copy of the GAL through `SyncGalRequest` (token,
// paging with `more`, deletions) where the server allows it. Where it does not (`service.PERM_DENIED`, GAL sync
// off), each completion's answers are what gets kept for offline use.
import type { Person } from '../../core/model';
import type { PersonRecord } from '../../core/ports';
import { personId } from './calendar';
import { isFault, type ZimbraClient } from './soap';
import { attrs, bool, list, text } from './values';

/** `"Bob Smith" <bob@example.com>` → name and address; a bare address has no name. */
export function parseAddress(formatted: string): { name: string | null; address: string } | null {
  const angle = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(formatted);
  if (angle) {
    const name = (angle[1] ?? angle[2] ?? '').replace(/\\(.)/g, '$1').trim();
    return { name: name || null, address: angle[3]! };
  }
  const bare = formatted.trim();
  return /^[^\s@<>]+@[^\s@<>]+$/.test(bare) ? { name: null, address: bare } : null;
}

/** Completion over the server (contacts + GAL); groups are kept (a list is a valid recipient). */
export async function autoComplete(
  client: ZimbraClient,
  accountId: string,
  query: string,
  limit: number,
  signal?: AbortSignal,
): Promise<{ people: Person[]; cacheable: boolean }> {
  const answer = await client.call(
    'AutoCompleteRequest',
    { name: query, includeGal: 1, limit },
    signal ? { signal } : {},
  );
  const people: Person[] = [];
  const seen = new Set<string>();
  for (const match of list(answer.match)) {
    const parsed = parseAddress(text(match.email) ?? '');
    if (!parsed || seen.has(parsed.address.toLowerCase())) continue;
    seen.add(parsed.address.toLowerCase());
    const name = text(match.display) ?? text(match.full) ?? parsed.name ?? parsed.address;
    people.push({ id: personId(accountId, parsed.address), name, address: parsed.address });
    if (people.length >= limit) break;
  }
  return { people, cacheable: bool(answer.canBeCached) };
}

export interface GalChanges {
  people: PersonRecord[];
  /** GAL entry ids (not person ids: the caller maps them through what it kept). */
  deleted: string[];
  /** GAL id → person id of the entries received, so that later deletions can be applied. */
  entries: Map<string, string>;
  token: string;
  /** The server recommends dropping the local copy and starting over. */
  fullSync: boolean;
}

const GAL_PAGE = 500;

function galPerson(accountId: string, contact: Record<string, string>): PersonRecord | null {
  const address = contact.email;
  if (!address) return null;
  const name = contact.fullName ?? ([contact.firstName, contact.lastName].filter(Boolean).join(' ') || address);
  const title = [contact.jobTitle, contact.department].filter(Boolean).join(', ');
  return { id: personId(accountId, address), name, address, ...(title && { title }) };
}

/**
 * The GAL's changes since `token` (all of it without one), paged while `more`. Returns null when the server
 * does not allow GAL sync for this account.
 */
export async function syncGal(
  client: ZimbraClient,
  accountId: string,
  token: string | null,
  signal?: AbortSignal,
  pageSize = GAL_PAGE,
): Promise<GalChanges | null> {
  const out: GalChanges = { people: [], deleted: [], entries: new Map(), token: token ?? '', fullSync: false };
  for (let page = 0; page < 10_000; page++) {
    signal?.throwIfAborted();
    let answer;
    try {
      answer = await client.call(
        'SyncGalRequest',
        { ...(out.token && { token: out.token }), limit: pageSize },
        signal ? { signal } : {},
      );
    } catch (error) {
      if (isFault(error, 'service.PERM_DENIED') || isFault(error, 'account.NO_SUCH_ACCOUNT')) return null;
      throw error;
    }
    out.fullSync ||= bool(answer.fullSyncRecommended);
    for (const contact of list(answer.cn)) {
      const galId = text(contact.id);
      const person = galPerson(accountId, attrs(contact));
      if (!person) continue;
      out.people.push(person);
      if (galId) out.entries.set(galId, person.id);
    }
    for (const gone of list(answer.deleted)) {
      const galId = text(gone.id);
      if (galId) out.deleted.push(galId);
    }
    const next = text(answer.token) ?? out.token;
    const same = next === out.token;
    out.token = next;
    if (!bool(answer.more) || same) break;
  }
  return out;
}
