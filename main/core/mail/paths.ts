// Where mail keeps files in the profile: messages waiting in the outbox, drafts' attachments, and the cache of
// attachments opened from received mail. File names never come from a server or a sender as they are.
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface MailPaths {
  outboxFile(taskId: string): string;
  draftAttachment(draftId: string, attachmentId: string): string;
  draftDir(draftId: string): string;
  /** A folder of its own per attachment, so that the file keeps its (cleaned) name when opened. */
  cachedAttachment(attachmentId: string, name: string): string;
  temporary(name: string): string;
}

export function mailPaths(profileDir: string): MailPaths {
  const root = join(profileDir, 'mail');
  return {
    outboxFile: (taskId) => join(root, 'outbox', `${safe(taskId)}.eml`),
    draftAttachment: (draftId, attachmentId) => join(root, 'drafts', safe(draftId), safe(attachmentId)),
    draftDir: (draftId) => join(root, 'drafts', safe(draftId)),
    cachedAttachment: (attachmentId, name) =>
      join(
        profileDir,
        'cache',
        'attachments',
        createHash('sha256').update(attachmentId).digest('hex').slice(0, 32),
        fileName(name),
      ),
    temporary: (name) => join(root, 'tmp', safe(name)),
  };
}

const safe = (value: string) => value.replace(/[^A-Za-z0-9._-]/g, '_');

/** A name the file system accepts everywhere (Windows included), close to what the sender wrote. */
export function fileName(name: string): string {
  const cleaned = name
    .replace(/[\p{Cc}<>:"/\\|?*]/gu, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 180);
  return /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(cleaned) || cleaned === '' ? `_${cleaned}` : cleaned;
}
