// Received attachments as files: downloaded once into the profile's cache (streamed, never whole in memory)
// and opened with the system's application through the host's `openPath`.
import { access, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CoreError } from '../errors';
import type { MailStore } from './mail-store';
import type { MailPaths } from './paths';
import type { MailAccountRuntime } from './account-runtime';

export interface CachedAttachment {
  path: string;
  name: string;
  mimeType: string;
}

export async function cachedAttachment(
  mail: MailStore,
  paths: MailPaths,
  runtimeOf: (accountId: string) => MailAccountRuntime | undefined,
  attachmentId: string,
): Promise<CachedAttachment> {
  const attachment = mail.sync.attachment(attachmentId);
  const location = attachment && mail.sync.location(attachment.messageId);
  if (!attachment || !location) throw new CoreError('notFound', { id: attachmentId });
  const path = paths.cachedAttachment(attachmentId, attachment.name);
  const file = { path, name: attachment.name, mimeType: attachment.mimeType };
  if (await exists(path)) return file;
  const runtime = runtimeOf(location.accountId);
  if (!runtime) throw new CoreError('mail.noServer');
  await mkdir(dirname(path), { recursive: true });
  await runtime.use((remote) => remote.downloadPart(location, attachment.part, path));
  return file;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
