// What the mail tasks' remote phases work with, for one account.
import type { FolderRole, MailAddress } from '../../model';
import type { MailStore } from '../mail-store';
import type { MailPaths } from '../paths';
import type { MailRemote } from '../remote';

export const TASK = {
  send: 'mail.send',
  pushDraft: 'mail.pushDraft',
  deleteDraftCopies: 'mail.deleteDraftCopies',
  setFlags: 'mail.setFlags',
  move: 'mail.move',
  expunge: 'mail.expunge',
} as const;

/** Tasks that act on synced messages (they hold them against the sync until they ran). */
export const MESSAGE_ACTIONS: ReadonlySet<string> = new Set([TASK.setFlags, TASK.move]);

/**
 * The account's folder with this role. Before the first sync has listed the folders (a mail sent right after
 * the account was added), they are listed now: Sent must not be missed for want of knowing it.
 */
export async function folderWithRole(
  context: MailTaskContext,
  role: FolderRole,
): Promise<{ id: string; path: string } | undefined> {
  const { mail, accountId, remote } = context;
  const known = mail.folderWithRole(accountId, role);
  if (known || mail.store.mail.folders(accountId).length > 0) return known;
  const target = mail.sync.target(accountId);
  if (remote.folders) target.putFolders(await remote.folders());
  else await remote.sync(target, { only: [] });
  return mail.folderWithRole(accountId, role);
}

export interface MailTaskContext {
  accountId: string;
  identity: MailAddress;
  remote: MailRemote;
  mail: MailStore;
  paths: MailPaths;
  now: () => Date;
  /** The server files a copy in Sent by itself (the client must not APPEND one). */
  serverKeepsSentCopy: boolean;
  /** Messages or folders changed locally (the renderer reads them again). */
  changed(folderIds: string[]): void;
  /** These folders changed on the server: they are synced once the queue has run. */
  requestSync(force?: string[]): void;
}
