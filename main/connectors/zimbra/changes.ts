// Delta sync (§4.1, F12): `SyncRequest` from the last token, paged while `more`, read only to learn *what kind*
// of content changed and which documents; each port then re-reads what it mirrors. A token the server no longer
// accepts (`mail.MUST_RESYNC` once tombstones expired, `mail.INVALID_SYNC_TOKEN`) means a full resync, never an
// error. Tokens are kept as strings: a number on initial sync, `540-611:d524-900` between pages (§9.3 #6).
import { CoreError } from '../../core/errors';
import { endpointOf } from '../http/http-client';
import { isFault, type ZimbraClient } from './soap';
import { bool, ids, list, text, type SoapObject } from './values';

export type ChangedArea = 'mail' | 'files' | 'calendar' | 'contacts';

export interface MailboxChanges {
  /** The token to store once the changes are applied. */
  token: string;
  /** The previous token was refused (or there was none): every area must be read again in full. */
  resync: boolean;
  areas: Set<ChangedArea>;
  /** Briefcase items: created or changed, and deleted (item ids, without the account prefix). */
  documents: { changed: Set<string>; deleted: Set<string> };
}

const PAGE = 500;
/** Guards against a server that keeps saying `more` with the same token. */
const MAX_PAGES = 1000;

const ALL_AREAS: readonly ChangedArea[] = ['mail', 'files', 'calendar', 'contacts'];

const FOLDER_VIEW_AREA: Record<string, ChangedArea> = {
  message: 'mail',
  conversation: 'mail',
  document: 'files',
  appointment: 'calendar',
  task: 'calendar',
  contact: 'contacts',
};

function emptyChanges(token: string, resync: boolean): MailboxChanges {
  return {
    token,
    resync,
    areas: new Set(resync ? ALL_AREAS : []),
    documents: { changed: new Set(), deleted: new Set() },
  };
}

/** A token usable as a WaitSet's starting point: only a plain change id is. */
export function changeIdOf(token: string | null): string | undefined {
  return token !== null && /^\d+$/.test(token) ? token : undefined;
}

/**
 * A fresh token without downloading the mailbox: the initial sync's tree is limited to recent messages and
 * appointments (`msgCutoff` in seconds, `calCutoff` in milliseconds, §9.3 #4), and only the token is kept.
 */
async function initialToken(client: ZimbraClient, now: Date, signal?: AbortSignal): Promise<string> {
  const answer = await client.call(
    'SyncRequest',
    { msgCutoff: Math.floor(now.getTime() / 1000), calCutoff: now.getTime() },
    signal ? { signal } : {},
  );
  return tokenOf(client, answer);
}

function tokenOf(client: ZimbraClient, answer: SoapObject): string {
  const token = text(answer.token);
  if (token === undefined) {
    throw new CoreError('server.unexpectedResponse', { host: endpointOf(new URL(client.server)).host });
  }
  return token;
}

function readDelta(page: SoapObject, changes: MailboxChanges): void {
  for (const deleted of list(page.deleted)) {
    const typed = ['m', 'c', 'folder', 'doc', 'appt', 'cn', 'tag', 'task'].some((key) => deleted[key] !== undefined);
    if (!typed && ids(deleted.ids).length > 0) {
      // Untyped deletes: anything may have gone.
      ALL_AREAS.forEach((area) => changes.areas.add(area));
      continue;
    }
    if (ids(deleted.m).length || ids(deleted.c).length) changes.areas.add('mail');
    if (ids(deleted.appt).length || ids(deleted.task).length) changes.areas.add('calendar');
    if (ids(deleted.cn).length) changes.areas.add('contacts');
    for (const id of ids(deleted.doc)) {
      changes.documents.deleted.add(id);
      changes.documents.changed.delete(id);
      changes.areas.add('files');
    }
    // A deleted folder's view is gone with it: every area that has folders looks again.
    if (ids(deleted.folder).length) ['mail', 'files', 'calendar'].forEach((a) => changes.areas.add(a as ChangedArea));
  }
  if (list(page.m).length || list(page.c).length) changes.areas.add('mail');
  if (list(page.appt).length || list(page.task).length) changes.areas.add('calendar');
  if (list(page.cn).length) changes.areas.add('contacts');
  for (const doc of list(page.doc)) {
    const id = text(doc.id);
    if (!id) continue;
    changes.documents.changed.add(id);
    changes.documents.deleted.delete(id);
    changes.areas.add('files');
  }
  for (const folder of list(page.folder)) {
    const area = FOLDER_VIEW_AREA[text(folder.view) ?? 'message'];
    if (area) changes.areas.add(area);
  }
}

/** What changed since `token` (or everything, when there is no usable token). */
export async function pullChanges(
  client: ZimbraClient,
  token: string | null,
  options: { now: () => Date; signal?: AbortSignal; pageSize?: number },
): Promise<MailboxChanges> {
  const pageSize = options.pageSize ?? PAGE;
  const signal = options.signal;
  if (token === null) return emptyChanges(await initialToken(client, options.now(), signal), true);
  const changes = emptyChanges(token, false);
  for (let page = 0; page < MAX_PAGES; page++) {
    signal?.throwIfAborted();
    const sent = changes.token;
    let answer: SoapObject;
    try {
      answer = await client.call(
        'SyncRequest',
        { token: sent, typed: 1, changeLimit: pageSize, deleteLimit: pageSize },
        signal ? { signal } : {},
      );
    } catch (error) {
      if (isFault(error, 'mail.MUST_RESYNC') || isFault(error, 'mail.INVALID_SYNC_TOKEN')) {
        return emptyChanges(await initialToken(client, options.now(), signal), true);
      }
      throw error;
    }
    readDelta(answer, changes);
    changes.token = tokenOf(client, answer);
    if (!bool(answer.more) || changes.token === sent) break;
  }
  return changes;
}
