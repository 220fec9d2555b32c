// The remote phases of the user's actions on messages, on a connected client. imapflow answers some commands
// (STORE, COPY, MOVE, EXPUNGE, SEARCH) with `false` instead of an error when they fail: each result is
// checked, so that a failure is never taken for success.
import { readFile } from 'node:fs/promises';
import type { ImapFlow } from 'imapflow';
import { CoreError } from '../../core/errors';
import { selectFolder } from './body';
import { uidSet } from './folder-sync';

function required<T>(client: ImapFlow, result: T | false | undefined): T {
  if (result !== false && result !== undefined) return result;
  // A dropped connection is reported as such (and retried); a refusal is the server's answer.
  if (!client.usable) throw Object.assign(new Error('connection lost'), { code: 'EConnectionClosed' });
  throw new CoreError('mail.serverRefused', { reason: '' });
}

export async function setFlags(
  client: ImapFlow,
  path: string,
  uids: number[],
  flags: { unread?: boolean; flagged?: boolean },
): Promise<void> {
  await selectFolder(client, path);
  const range = uidSet(uids);
  const change = async (flag: string, on: boolean) =>
    required(
      client,
      on
        ? await client.messageFlagsAdd(range, [flag], { uid: true })
        : await client.messageFlagsRemove(range, [flag], { uid: true }),
    );
  if (flags.unread !== undefined) await change('\\Seen', !flags.unread);
  if (flags.flagged !== undefined) await change('\\Flagged', flags.flagged);
}

/** MOVE where the server has it, COPY + \Deleted + EXPUNGE otherwise; the new UIDs when UIDPLUS tells them. */
export async function move(
  client: ImapFlow,
  path: string,
  uids: number[],
  destination: string,
): Promise<Map<number, number>> {
  await selectFolder(client, path);
  const result = required(client, await client.messageMove(uidSet(uids), destination, { uid: true }));
  return result.uidMap ?? new Map();
}

export async function expunge(client: ImapFlow, path: string, uids: number[]): Promise<void> {
  await selectFolder(client, path);
  required(client, await client.messageDelete(uidSet(uids), { uid: true }));
}

export async function findByMessageId(client: ImapFlow, path: string, messageId: string): Promise<number[]> {
  await selectFolder(client, path);
  const found = required(client, await client.search({ header: { 'message-id': messageId } }, { uid: true }));
  return Array.isArray(found) ? found : [];
}

export async function searchText(client: ImapFlow, path: string, words: string): Promise<number[]> {
  await selectFolder(client, path);
  const found = required(client, await client.search({ text: words }, { uid: true }));
  return Array.isArray(found) ? found : [];
}

export async function append(client: ImapFlow, path: string, file: string, flags: string[]): Promise<number | null> {
  const result = await client.append(path, await readFile(file), flags);
  return required(client, result).uid ?? null;
}
