// A message file the mail engine wrote (what it would submit over SMTP or APPEND over IMAP) read back as a draft
// message, since BlueMind's REST API builds messages from parts rather than taking a message file. A part that
// carries `X-Bastide-Send-As-Link` (the composer's "send as a link" choice) is marked to leave as a link.
import PostalMime, { type Address } from 'postal-mime';
import { CoreError } from '../../core/errors';
import type { MailAddress } from '../../core/model';
import type { DraftFile, DraftMessage } from './draft';

const flatten = (list: Address[] | undefined): MailAddress[] =>
  (list ?? [])
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .flatMap((mailbox) =>
      mailbox.address
        ? [mailbox.name ? { name: mailbox.name, address: mailbox.address } : { address: mailbox.address }]
        : [],
    );

/** Header of the composer's choice to send a file as a link (on the attachment's part). */
export const SEND_AS_LINK_HEADER = 'X-Bastide-Send-As-Link';

export async function parseMessageFile(raw: Buffer): Promise<DraftMessage> {
  const email = await PostalMime.parse(raw);
  if (!email.messageId) throw new CoreError('mail.invalidMessage', { field: 'Message-ID' });
  const from = flatten(email.from ? [email.from] : [])[0];
  if (!from) throw new CoreError('mail.invalidMessage', { field: 'From' });
  const linked = linkedFileNames(raw.toString('latin1'));
  const files: DraftFile[] = email.attachments.map((attachment, index) => {
    const content =
      typeof attachment.content === 'string'
        ? Buffer.from(attachment.content, attachment.encoding === 'base64' ? 'base64' : 'utf8')
        : new Uint8Array(attachment.content as ArrayBuffer);
    const inline = attachment.disposition === 'inline' || (attachment.related === true && !!attachment.contentId);
    return {
      key: `${index}:${attachment.filename ?? ''}`,
      name: attachment.filename ?? `piece-jointe-${index + 1}`,
      mimeType: attachment.mimeType,
      content,
      contentId: attachment.contentId?.replace(/^<|>$/g, '') ?? null,
      inline: inline && !!attachment.contentId,
    };
  });
  return {
    messageId: email.messageId,
    from,
    to: flatten(email.to),
    cc: flatten(email.cc),
    bcc: flatten(email.bcc),
    subject: email.subject ?? '',
    text: email.text ?? '',
    html: email.html ?? null,
    inReplyTo: email.inReplyTo ?? null,
    references: (email.references ?? '').split(/\s+/).filter(Boolean),
    files,
    linkKeys: files.filter((file) => linked.has(file.name)).map((file) => file.key),
  };
}

/** File names of the parts marked with the send-as-link header (read from the raw part headers). */
function linkedFileNames(raw: string): Set<string> {
  const names = new Set<string>();
  const pattern = new RegExp(`^${SEND_AS_LINK_HEADER}:[^\\r\\n]*$`, 'gim');
  for (const match of raw.matchAll(pattern)) {
    // The part's headers end at the first blank line after the marker; its file name is among them.
    const start = raw.lastIndexOf('\r\n\r\n', match.index) + 4;
    const end = raw.indexOf('\r\n\r\n', match.index);
    const headers = raw.slice(Math.max(0, start), end < 0 ? undefined : end);
    const name = /filename\*?=(?:"([^"]+)"|([^;\r\n]+))/i.exec(headers);
    const value = name?.[1] ?? name?.[2];
    if (value) names.add(value.trim());
  }
  return names;
}
