// Writes a mail as an RFC 5322 file (nodemailer's composer), once: the same bytes are submitted and appended
// to Sent, however many attempts it takes. Attachments are streamed from their files into it.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { DraftContent, MailAddress } from '../model';
import { htmlToText } from './html-text';

export interface Composition {
  from: MailAddress;
  content: DraftContent;
  messageId: string;
  date: Date;
  /** Where each attachment's file is. */
  attachmentPath(attachmentId: string): string;
  /** Drafts keep their Bcc; what is submitted does not show it. */
  keepBcc: boolean;
}

/** On an attachment's part: the user chose to send this file as a link (see `attachments:policy`). */
export const SEND_AS_LINK_HEADER = 'X-Bastide-Send-As-Link';

export function newMessageId(from: MailAddress): string {
  const domain = /@([^@\s>]+)$/.exec(from.address)?.[1] ?? 'bastide.invalid';
  return `<${randomUUID()}@${domain}>`;
}

export async function writeMessage(file: string, composition: Composition): Promise<void> {
  const { content } = composition;
  const composer = new MailComposer({
    from: composition.from,
    to: content.to,
    cc: content.cc,
    bcc: content.bcc,
    subject: content.subject,
    text: content.bodyText || (content.bodyHtml ? htmlToText(content.bodyHtml) : ''),
    html: content.bodyHtml ?? undefined,
    inReplyTo: content.inReplyTo ?? undefined,
    references: content.references.length > 0 ? content.references : undefined,
    messageId: composition.messageId,
    date: composition.date,
    attachments: content.attachments.map((attachment) => ({
      filename: attachment.name,
      path: composition.attachmentPath(attachment.id),
      contentType: attachment.mimeType,
      // The connectors of servers that host files read this choice and share the file as a link.
      ...(attachment.sendAsLink ? { headers: { [SEND_AS_LINK_HEADER]: 'yes' } } : {}),
    })),
    disableUrlAccess: true,
    xMailer: false,
  });
  const message = composer.compile();
  message.keepBcc = composition.keepBcc;
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.part`;
  try {
    await pipeline(message.createReadStream(), createWriteStream(partial));
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
