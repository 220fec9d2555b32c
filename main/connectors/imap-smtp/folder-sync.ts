// One folder's sync against its cursor (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, message count):
// - first time, or UIDVALIDITY changed: every header, newest first, in chunks;
// - then new messages by UID (from the cursor's UIDNEXT);
// - flag changes: QRESYNC hands them (and expunges, as VANISHED) over in the SELECT itself; CONDSTORE lists
//   them with FETCH CHANGEDSINCE; without either (BlueMind 5), only a full FLAGS sweep can tell, run when asked;
// - whatever still disagrees with the server's message count is settled by comparing UID lists, which catches
//   expunges on servers without QRESYNC and any message a change during the sync made us miss.
import type { ImapFlow, MailboxObject } from 'imapflow';
import type {
  FolderCursor,
  FolderSyncReport,
  FolderSyncTarget,
  RemoteFlags,
  RemoteHeader,
} from '../../core/mail/remote';
import { FLAGS_QUERY, HEADER_QUERY, flagsOf, toHeader } from './headers';

/** Headers stored per transaction. */
const HEADER_BATCH = 2_000;
/** The newest messages, fetched first so that the list fills at once on a first sync. */
const NEWEST_FIRST = 500;
/** Batches parsed ahead of what the store has written (each waits for the one before the last). */
const BATCHES_IN_FLIGHT = 2;

export interface FolderSyncOptions {
  /** Compare every flag (servers without CONDSTORE learn of flag changes no other way). */
  sweepFlags: boolean;
  now: () => Date;
  signal?: AbortSignal;
}

export async function syncFolder(
  client: ImapFlow,
  path: string,
  target: FolderSyncTarget,
  options: FolderSyncOptions,
): Promise<FolderSyncReport> {
  const report: FolderSyncReport = { path, added: 0, changed: 0, removed: 0, reset: false };
  const vanished: number[] = [];
  const flagUpdates: RemoteFlags[] = [];
  const onExpunge = (event: { path: string; uid?: number; vanished: boolean }) => {
    if (event.path === path && event.vanished && event.uid !== undefined) vanished.push(event.uid);
  };
  const onFlags = (event: { path: string; uid?: number; flags: Set<string> }) => {
    if (event.path === path && event.uid !== undefined)
      flagUpdates.push(flagsOf({ uid: event.uid, flags: event.flags }));
  };
  client.on('expunge', onExpunge);
  client.on('flags', onFlags);
  try {
    let cursor = target.cursor();
    const mailbox = await client.mailboxOpen(path, qresyncOptions(client, cursor));
    const uidValidity = mailbox.uidValidity.toString();
    if (cursor && cursor.uidValidity !== uidValidity) {
      target.reset();
      cursor = null;
      report.reset = true;
    }
    const quiet = vanished.length + flagUpdates.length === 0 && target.count() === mailbox.exists;
    if (cursor && quiet && !options.sweepFlags && unchanged(client, mailbox, cursor)) return report;
    let uidNext = mailbox.uidNext;
    let flagsCheckedAt = cursor?.flagsCheckedAt ?? options.now().getTime();
    let comparedAll = false;
    if (!cursor) {
      report.added += await fetchAllHeaders(client, target, uidValidity, mailbox.exists, options);
      flagsCheckedAt = options.now().getTime();
    } else {
      const newest = await fetchNewHeaders(client, target, uidValidity, cursor.uidNext, options);
      report.added += newest.added;
      uidNext = Math.max(uidNext, newest.maxUid + 1, cursor.uidNext);
      if (usedQresync(mailbox)) report.changed += target.updateFlags(flagUpdates.splice(0));
      if (options.sweepFlags) {
        const swept = await sweepFlags(client, target, cursor.uidNext);
        report.changed += swept.changed;
        report.removed += swept.removed;
        comparedAll = true;
        flagsCheckedAt = options.now().getTime();
      } else if (!usedQresync(mailbox) && hasModseq(client, mailbox) && cursor.highestModseq !== null) {
        if (mailbox.highestModseq!.toString() !== cursor.highestModseq) {
          report.changed += await fetchChangedFlags(client, target, cursor);
        }
      }
      report.removed += target.remove(vanished.splice(0));
    }
    if (!comparedAll && target.count() !== mailbox.exists) {
      const settled = await settleUids(client, target, uidValidity, options);
      report.added += settled.added;
      report.removed += settled.removed;
    }
    target.setCursor({
      uidValidity,
      uidNext,
      highestModseq: hasModseq(client, mailbox) ? mailbox.highestModseq!.toString() : null,
      messages: mailbox.exists,
      flagsCheckedAt,
    });
    return report;
  } finally {
    client.off('expunge', onExpunge);
    client.off('flags', onFlags);
  }
}

function qresyncOptions(client: ImapFlow, cursor: FolderCursor | null) {
  if (!client.enabled.has('QRESYNC') || !cursor?.highestModseq) return {};
  return { changedSince: BigInt(cursor.highestModseq), uidValidity: BigInt(cursor.uidValidity) };
}

/** The SELECT answer matches the cursor: nothing was added, expunged or (with CONDSTORE) changed. */
function unchanged(client: ImapFlow, mailbox: MailboxObject, cursor: FolderCursor): boolean {
  if (mailbox.uidValidity.toString() !== cursor.uidValidity) return false;
  if (mailbox.uidNext !== cursor.uidNext || mailbox.exists !== cursor.messages) return false;
  return !hasModseq(client, mailbox) || mailbox.highestModseq!.toString() === cursor.highestModseq;
}

const usedQresync = (mailbox: MailboxObject) => (mailbox as MailboxObject & { qresync?: boolean }).qresync === true;

const hasModseq = (client: ImapFlow, mailbox: MailboxObject) =>
  client.enabled.has('CONDSTORE') && !mailbox.noModseq && mailbox.highestModseq !== undefined;

/**
 * Every header: the newest few first (the list fills at once), then all the others in one FETCH, in the
 * server's own order (reading a mailbox backwards costs servers dearly). The store writes each batch while the
 * next one is parsed.
 */
async function fetchAllHeaders(
  client: ImapFlow,
  target: FolderSyncTarget,
  uidValidity: string,
  exists: number,
  options: FolderSyncOptions,
): Promise<number> {
  if (exists === 0) return 0;
  const newest = Math.max(1, exists - NEWEST_FIRST + 1);
  let added = await target.addHeaders(uidValidity, await collectHeaders(client, `${newest}:${exists}`, false, options));
  if (newest > 1) added += await streamHeaders(client, `1:${newest - 1}`, target, uidValidity, options);
  return added;
}

async function streamHeaders(
  client: ImapFlow,
  range: string,
  target: FolderSyncTarget,
  uidValidity: string,
  options: FolderSyncOptions,
): Promise<number> {
  const stored: Promise<number>[] = [];
  const now = options.now();
  let batch: RemoteHeader[] = [];
  const store = async () => {
    stored.push(Promise.resolve(target.addHeaders(uidValidity, batch)));
    batch = [];
    if (stored.length >= BATCHES_IN_FLIGHT) await stored[stored.length - BATCHES_IN_FLIGHT];
  };
  for await (const message of client.fetch(range, HEADER_QUERY)) {
    batch.push(toHeader(message, now));
    if (batch.length >= HEADER_BATCH) {
      options.signal?.throwIfAborted();
      await store();
    }
  }
  if (batch.length > 0) await store();
  return (await Promise.all(stored)).reduce((sum, added) => sum + added, 0);
}

async function fetchNewHeaders(
  client: ImapFlow,
  target: FolderSyncTarget,
  uidValidity: string,
  fromUid: number,
  options: FolderSyncOptions,
): Promise<{ added: number; maxUid: number }> {
  // `n:*` always answers with the last message, even when its UID is below n.
  const headers = (await collectHeaders(client, `${fromUid}:*`, true, options)).filter(
    (header) => header.uid >= fromUid,
  );
  const maxUid = headers.reduce((max, header) => Math.max(max, header.uid), 0);
  return { added: await target.addHeaders(uidValidity, headers), maxUid };
}

async function collectHeaders(
  client: ImapFlow,
  range: string,
  byUid: boolean,
  options: FolderSyncOptions,
): Promise<RemoteHeader[]> {
  const headers: RemoteHeader[] = [];
  const now = options.now();
  for await (const message of client.fetch(range, HEADER_QUERY, { uid: byUid })) headers.push(toHeader(message, now));
  return headers;
}

async function fetchChangedFlags(client: ImapFlow, target: FolderSyncTarget, cursor: FolderCursor): Promise<number> {
  if (cursor.uidNext <= 1) return 0;
  const flags: RemoteFlags[] = [];
  const query = client.fetch(`1:${cursor.uidNext - 1}`, FLAGS_QUERY, {
    uid: true,
    changedSince: BigInt(cursor.highestModseq!),
  });
  for await (const message of query) flags.push(flagsOf(message));
  return target.updateFlags(flags);
}

/** Every flag of the folder compared with the store's; UIDs the server no longer lists were expunged. */
async function sweepFlags(
  client: ImapFlow,
  target: FolderSyncTarget,
  uidNext: number,
): Promise<{ changed: number; removed: number }> {
  const flags: RemoteFlags[] = [];
  if (uidNext > 1) {
    for await (const message of client.fetch(`1:${uidNext - 1}`, FLAGS_QUERY, { uid: true })) {
      flags.push(flagsOf(message));
    }
  }
  const present = new Set(flags.map((entry) => entry.uid));
  const gone = [...target.known().keys()].filter((uid) => uid < uidNext && !present.has(uid));
  return { changed: target.updateFlags(flags), removed: target.remove(gone) };
}

/** Brings the store's UID list in line with the server's: expunged ones go, missed ones are fetched. */
async function settleUids(
  client: ImapFlow,
  target: FolderSyncTarget,
  uidValidity: string,
  options: FolderSyncOptions,
): Promise<{ added: number; removed: number }> {
  const found = await client.search({ all: true }, { uid: true });
  const server = new Set(Array.isArray(found) ? found : []);
  const known = target.known();
  const removed = target.remove([...known.keys()].filter((uid) => !server.has(uid)));
  const missing = [...server].filter((uid) => !known.has(uid));
  let added = 0;
  for (let index = 0; index < missing.length; index += HEADER_BATCH) {
    const range = uidSet(missing.slice(index, index + HEADER_BATCH));
    added += await target.addHeaders(uidValidity, await collectHeaders(client, range, true, options));
  }
  return { added, removed };
}

/** `1:3,7,9:12` from a list of UIDs. */
export function uidSet(uids: number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let index = 0; index < sorted.length;) {
    const start = sorted[index]!;
    let end = start;
    while (sorted[index + 1] === end + 1) end = sorted[++index]!;
    ranges.push(start === end ? `${start}` : `${start}:${end}`);
    index++;
  }
  return ranges.join(',');
}
