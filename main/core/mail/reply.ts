// What a reply, reply-all or forward starts with: recipients, subject, the quoted original, and the
// Message-IDs that thread it (In-Reply-To, References) on every client.
import type { DraftContent, Language, MailAddress, MailMessage, ReplyMode } from '../model';

export interface Original {
  message: MailMessage;
  messageId: string | null;
  references: string[];
}

const PREFIX = /^\s*((re|ré|aw|sv|tr|fw|fwd|wg)\s*(\[\d+\])?\s*:\s*)+/i;

const words = {
  fr: {
    reply: 'RE : ',
    forward: 'TR : ',
    wrote: (date: string, who: string) => `Le ${date}, ${who} a écrit :`,
    forwarded: '-------- Message transféré --------',
    subject: 'Objet',
    date: 'Date',
    from: 'De',
    to: 'À',
  },
  en: {
    reply: 'Re: ',
    forward: 'Fwd: ',
    wrote: (date: string, who: string) => `On ${date}, ${who} wrote:`,
    forwarded: '-------- Forwarded Message --------',
    subject: 'Subject',
    date: 'Date',
    from: 'From',
    to: 'To',
  },
} as const;

export function answer(original: Original, mode: ReplyMode, self: string, language: Language): DraftContent {
  const { message } = original;
  const text = words[language];
  const bare = message.subject.replace(PREFIX, '');
  const date = new Date(message.date).toLocaleString(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  });
  const who = display(message.from);
  const base: DraftContent = {
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    bodyText: '',
    bodyHtml: null,
    attachments: [],
    inReplyTo: null,
    references: [],
  };
  if (mode === 'forward') {
    const header = [
      text.forwarded,
      `${text.subject} : ${message.subject}`,
      `${text.date} : ${date}`,
      `${text.from} : ${who}`,
      `${text.to} : ${message.to.map(display).join(', ')}`,
    ];
    return {
      ...base,
      subject: text.forward + bare,
      bodyText: `\n\n${header.join('\n')}\n\n${plainLines(message.bodyText)}`,
      bodyHtml:
        message.bodyHtml === null
          ? null
          : `<p><br></p><div>${header.map(escapeHtml).join('<br>')}</div><br>${message.bodyHtml}`,
    };
  }
  const isSelf = (address: MailAddress) => address.address.toLowerCase() === self.toLowerCase();
  const replyTo = message.replyTo && message.replyTo.length > 0 ? message.replyTo : [message.from];
  const to = mode === 'replyAll' ? unique([...replyTo, ...message.to]).filter((a) => !isSelf(a)) : replyTo;
  const cc = mode === 'replyAll' ? unique(message.cc).filter((a) => !isSelf(a) && !to.some((t) => same(t, a))) : [];
  const intro = text.wrote(date, who);
  return {
    ...base,
    to: to.length > 0 ? to : replyTo,
    cc,
    subject: PREFIX.test(message.subject) ? message.subject : text.reply + message.subject,
    bodyText: `\n\n${intro}\n${plainLines(message.bodyText).replace(/^/gm, '> ')}`,
    bodyHtml:
      message.bodyHtml === null
        ? null
        : `<p><br></p><div>${escapeHtml(intro)}</div><blockquote type="cite">${message.bodyHtml}</blockquote>`,
    inReplyTo: original.messageId,
    references: original.messageId ? [...original.references, original.messageId] : original.references,
  };
}

const plainLines = (text: string) => text.replace(/\r\n?/g, '\n').trimEnd();

const same = (a: MailAddress, b: MailAddress) => a.address.toLowerCase() === b.address.toLowerCase();

function unique(addresses: MailAddress[]): MailAddress[] {
  return addresses.filter((address, index) => addresses.findIndex((other) => same(other, address)) === index);
}

function display(address: MailAddress): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
