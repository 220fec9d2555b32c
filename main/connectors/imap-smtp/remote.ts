// A mail account on standard protocols, as the mail engine uses it: two IMAP connections (one syncs and IDLEs
// on the watched folder, the other fetches bodies and replays the user's actions, so that a long download
// never delays new mail) and one SMTP connection.
import type { ImapFlow, StatusObject } from 'imapflow';
import type {
  FolderCursor,
  FolderSyncReport,
  MailRemote,
  MailSyncTarget,
  RemoteFeatures,
  SyncOptions,
} from '../../core/mail/remote';
import { fetchBody, downloadPart } from './body';
import type { MailServerAccess } from './connection';
import { syncFolder } from './folder-sync';
import { toRemoteFolders } from './folders';
import { ImapSession } from './imap-session';
import * as mailbox from './mailbox-ops';
import { SmtpSession } from './smtp';

export interface ImapSmtpOptions {
  now: () => Date;
}

export function createImapSmtpRemote(access: MailServerAccess, { now }: ImapSmtpOptions): MailRemote {
  let watched: { path: string; onChange: () => void } | null = null;
  // Folders where IDLE reported flag changes: servers without CONDSTORE need a FLAGS sweep to learn which.
  const flagsChanged = new Set<string>();
  const notify = (event: { path: string }) => {
    if (watched && event.path === watched.path) watched.onChange();
  };
  const syncing = new ImapSession(access, {
    idle: true,
    onConnect: (client) => {
      client.on('exists', notify);
      client.on('expunge', notify);
      client.on('flags', (event) => {
        flagsChanged.add(event.path);
        notify(event);
      });
      // The watching connection dropped (server gone, network lost): push stops with it. A sync now connects
      // again and IDLEs, or fails and tells the engine the server is out of reach, rather than at the next check.
      client.on('close', () => watched?.onChange());
    },
  });
  const working = new ImapSession(access);
  const smtp = new SmtpSession(access);

  return {
    sync: (target, options = {}) => syncing.run((client) => syncAll(client, target, options, now)),

    folders: () => working.run(async (client) => toRemoteFolders(await client.list(), client.namespaces)),

    watch(path, onChange) {
      watched = { path, onChange };
    },

    fetchBody: (ref, parts) => working.run((client) => fetchBody(client, ref, parts)),
    downloadPart: (ref, part, destination) => working.run((client) => downloadPart(client, ref, part, destination)),
    setFlags: (path, uids, flags) => working.run((client) => mailbox.setFlags(client, path, uids, flags)),
    move: (path, uids, destination) => working.run((client) => mailbox.move(client, path, uids, destination)),
    expunge: (path, uids) => working.run((client) => mailbox.expunge(client, path, uids)),
    findByMessageId: (path, messageId) => working.run((client) => mailbox.findByMessageId(client, path, messageId)),
    searchText: (path, words) => working.run((client) => mailbox.searchText(client, path, words)),
    append: (path, file, flags) => working.run((client) => mailbox.append(client, path, file, flags)),
    submit: (envelope, file) => smtp.submit(envelope, file),

    features: () =>
      working.run(async (client): Promise<RemoteFeatures> => ({
        condstore: client.capabilities.has('CONDSTORE'),
        qresync: client.capabilities.has('QRESYNC'),
        move: client.capabilities.has('MOVE'),
        maxMessageSize: null,
        // Gmail (the only IMAP server known to say so, through its extension) files what SMTP sent in Sent.
        sentCopyByServer: client.capabilities.has('X-GM-EXT-1'),
      })),

    probe: () => working.run((client) => client.noop()),

    async close() {
      watched = null;
      smtp.close();
      await Promise.all([syncing.close(), working.close()]);
    },
  };

  /**
   * Back on the watched folder, where the connection IDLEs. Mail that arrived there after its sync and before
   * this SELECT would not be announced by IDLE: the SELECT's answer tells, and another sync follows.
   */
  async function returnToWatched(client: ImapFlow, target: MailSyncTarget): Promise<void> {
    if (!watched || (client.mailbox && client.mailbox.path === watched.path)) return;
    const { path, onChange } = watched;
    const mailbox = await client.mailboxOpen(path);
    const cursor = target.folder(path)?.cursor();
    if (cursor && (mailbox.uidNext !== cursor.uidNext || mailbox.exists !== cursor.messages)) onChange();
  }

  /** Lists the folders (with their STATUS in the same command where LIST-STATUS exists) and syncs those that changed. */
  async function syncAll(
    client: ImapFlow,
    target: MailSyncTarget,
    options: SyncOptions,
    clock: () => Date,
  ): Promise<FolderSyncReport[]> {
    const condstore = client.capabilities.has('CONDSTORE');
    const entries = await client.list({
      statusQuery: { messages: true, uidNext: true, uidValidity: true, highestModseq: condstore },
    });
    const folders = toRemoteFolders(entries, client.namespaces);
    target.putFolders(folders);
    const reports: FolderSyncReport[] = [];
    const first = options.first ?? watched?.path ?? 'INBOX';
    const ordered = [...folders].sort((a, b) => rank(a.path, a.role) - rank(b.path, b.role));
    function rank(path: string, role: string | null): number {
      if (path === first) return 0;
      return role === 'inbox' ? 1 : role ? 2 : 3;
    }
    try {
      for (const folder of ordered) {
        if (!folder.selectable || (options.only && !options.only.includes(folder.path))) continue;
        options.signal?.throwIfAborted();
        const local = target.folder(folder.path);
        if (!local) continue;
        const cursor = local.cursor();
        const sweep =
          cursor !== null &&
          ((!condstore && flagsChanged.delete(folder.path)) || (options.sweepFlags?.(cursor, condstore) ?? false));
        const status = entries.find((entry) => entry.path === folder.path)?.status;
        // The selected folder's STATUS is the connection's own view of it, which may be stale (Dovecot answers
        // with it even when the folder was deleted and created again): only a new SELECT tells.
        const selected = client.mailbox && client.mailbox.path === folder.path;
        const forced = selected || (options.force?.includes(folder.path) ?? false);
        if (!sweep && !forced && !changedSince(cursor, status)) continue;
        const report = await syncFolder(client, folder.path, local, {
          sweepFlags: sweep,
          now: clock,
          signal: options.signal,
        });
        reports.push(report);
        options.onFolder?.(report);
      }
    } finally {
      if (client.usable) await returnToWatched(client, target).catch(() => {});
    }
    return reports;
  }
}

/** Whether the server's STATUS says the folder changed since its cursor (no STATUS: assume it did). */
function changedSince(cursor: FolderCursor | null, status: StatusObject | undefined): boolean {
  if (!cursor || !status) return true;
  if (status.uidValidity !== undefined && status.uidValidity.toString() !== cursor.uidValidity) return true;
  if (status.uidNext !== undefined && status.uidNext !== cursor.uidNext) return true;
  if (status.messages !== undefined && status.messages !== cursor.messages) return true;
  return status.highestModseq !== undefined && status.highestModseq.toString() !== cursor.highestModseq;
}
