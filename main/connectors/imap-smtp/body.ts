// Bodies and attachments, fetched one part at a time when wanted. Text parts come decoded to UTF-8 by imapflow;
// a part that cannot be decoded (broken transfer encoding, lying charset) falls back to parsing the whole
// message with postal-mime, which reads what it can. Attachments are streamed to disk, never held whole.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { ImapFlow } from 'imapflow';
import PostalMime from 'postal-mime';
import { CoreError } from '../../core/errors';
import { htmlToText } from '../../core/mail/html-text';
import type { BodyParts, MessageBody, MessageRef } from '../../core/mail/remote';

/** Text beyond this is not needed to read a mail (and would only weigh on the store and search). */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;
const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

export async function selectFolder(client: ImapFlow, path: string): Promise<void> {
  if (client.mailbox && client.mailbox.path === path) return;
  await client.mailboxOpen(path);
}

export async function fetchBody(client: ImapFlow, ref: MessageRef, parts: BodyParts): Promise<MessageBody> {
  await selectFolder(client, ref.path);
  try {
    const html = parts.html === undefined ? null : await downloadText(client, ref.uid, parts.html);
    const text = parts.text === undefined ? null : await downloadText(client, ref.uid, parts.text);
    return { text: text ?? (html === null ? '' : htmlToText(html)), html };
  } catch (error) {
    if (!client.usable || error instanceof CoreError) throw error;
    return parseSource(client, ref.uid);
  }
}

async function downloadText(client: ImapFlow, uid: number, part: string): Promise<string | null> {
  const { content } = await client.download(String(uid), part, { uid: true, maxBytes: MAX_TEXT_BYTES });
  if (!content) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function parseSource(client: ImapFlow, uid: number): Promise<MessageBody> {
  const message = await client.fetchOne(String(uid), { source: { maxLength: MAX_SOURCE_BYTES } }, { uid: true });
  if (!message || !message.source) throw new CoreError('mail.messageGone');
  const email = await PostalMime.parse(message.source);
  const html = email.html ?? null;
  return { text: email.text ?? (html === null ? '' : htmlToText(html)), html };
}

/** Streams one part to `destination` through a temporary file, so that a cut download never looks complete. */
export async function downloadPart(
  client: ImapFlow,
  ref: MessageRef,
  part: string,
  destination: string,
): Promise<void> {
  await selectFolder(client, ref.path);
  const { content } = await client.download(String(ref.uid), part, { uid: true });
  if (!content) throw new CoreError('mail.messageGone');
  const partial = `${destination}.part`;
  try {
    await pipeline(content, createWriteStream(partial));
    await rename(partial, destination);
  } catch (error) {
    content.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
