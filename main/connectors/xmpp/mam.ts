// Message Archive Management (XEP-0313, urn:xmpp:mam:2) with Result Set Management paging (XEP-0059).
import { randomUUID } from 'node:crypto';
import { archiveResult, NS, type ArchiveResult } from './stanzas';
import { xml, type Element, type XmppSession } from './session';

export interface ArchiveQuery {
  /** The archive to ask: a room's JID, or undefined for our own. */
  archive?: string;
  /** Only the conversation with this JID (our own archive). */
  with?: string;
  /** Only messages archived at or after this instant. */
  start?: string;
  /** The page just before this archive id; '' for the last page. */
  before?: string;
  /** The page just after this archive id. */
  after?: string;
  max: number;
}

export interface ArchivePage {
  /** Oldest first. */
  results: ArchiveResult[];
  /** Archive ids of the page's first and last results (null for an empty page). */
  first: string | null;
  last: string | null;
  /** No more results in the direction asked. */
  complete: boolean;
}

export async function queryArchive(session: XmppSession, query: ArchiveQuery): Promise<ArchivePage> {
  const queryId = randomUUID();
  const results: ArchiveResult[] = [];
  const stop = session.onStanza((stanza) => {
    const result = archiveResult(stanza, queryId);
    // A room's results come from the room, ours from our own account (bare JID) or without `from`.
    if (result && (stanza.attrs.from ?? session.bareJid).split('/')[0] === (query.archive ?? session.bareJid)) {
      results.push(result);
    }
  });
  try {
    const answer = await session.request(
      xml(
        'iq',
        { type: 'set', ...(query.archive ? { to: query.archive } : {}) },
        xml('query', { xmlns: NS.mam, queryid: queryId }, filterForm(query), pagingSet(query)),
      ),
    );
    const fin = answer.getChild('fin', NS.mam);
    const set = fin?.getChild('set', NS.rsm);
    return {
      results,
      first: set?.getChildText('first') ?? results[0]?.archiveId ?? null,
      last: set?.getChildText('last') ?? results.at(-1)?.archiveId ?? null,
      complete: fin?.attrs.complete === 'true' || results.length === 0,
    };
  } finally {
    stop();
  }
}

function filterForm(query: ArchiveQuery): Element {
  const field = (name: string, value: string, type?: string) =>
    xml('field', { var: name, ...(type ? { type } : {}) }, xml('value', {}, value));
  return xml(
    'x',
    { xmlns: NS.data, type: 'submit' },
    field('FORM_TYPE', NS.mam, 'hidden'),
    query.with && field('with', query.with),
    query.start && field('start', query.start),
  );
}

function pagingSet(query: ArchiveQuery): Element {
  return xml(
    'set',
    { xmlns: NS.rsm },
    xml('max', {}, String(query.max)),
    query.before !== undefined && xml('before', {}, query.before),
    query.after !== undefined && xml('after', {}, query.after),
  );
}
