// Turns thread scripts (who writes what, when) into mail records: addresses, greetings, signatures,
// quoted replies, folders, read and flag states.
import type { AttachmentInfo, MailAddress } from '../../../core/model';
import type { MailMessageRecord } from '../../../core/ports';
import type { DemoClock } from '../clock';
import { demoId } from '../ids';
import { firstName, person, type PersonKey } from '../people';
import type { Random } from '../random';
import { addDays, formatDay, formatHour, HOUR, isWorkingDay, parisDay, parisHour, parisTime } from '../time';
import { letterHtml, letterText, type Block, type Letter, type Quote } from './letter';

export type FolderKey =
  'inbox' | 'marches' | 'conseil' | 'lycees' | 'drafts' | 'sent' | 'archive' | 'archiveYear' | 'junk' | 'trash';

export type Sender = PersonKey | MailAddress;

export interface MailSpec {
  from: Sender;
  /** Defaults to Camille, or for Camille's own mails to the previous writer. */
  to?: Sender[];
  cc?: Sender[];
  /** Defaults to « RE : » and the thread's first subject. */
  subject?: string;
  greeting?: string;
  blocks: Block[];
  closing?: string;
  /** Automated mails carry no personal signature. */
  signature?: readonly string[];
  html?: boolean;
  attachments?: readonly (readonly [name: string, kilobytes: number])[];
  flagged?: boolean;
  unread?: boolean;
  /** Hours after the previous mail of the thread. */
  after?: number;
  quote?: boolean;
}

export interface ThreadSpec {
  /** Where the others' mails are filed; Camille's own go to Envoyés unless the thread is archived. */
  folder: FolderKey;
  at: Date;
  mails: MailSpec[];
}

export type MailContext = DemoClock;

const mimeTypes: Record<string, string> = {
  pdf: 'application/pdf',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  png: 'image/png',
  jpg: 'image/jpeg',
  zip: 'application/zip',
  csv: 'text/csv',
};

export function mimeTypeOf(name: string): string {
  return mimeTypes[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

const addressOf = (sender: Sender): MailAddress =>
  typeof sender === 'string' ? { name: person(sender).name, address: person(sender).address } : sender;

const isAgent = (key: PersonKey) => person(key).presence !== undefined;

function defaultGreeting(from: Sender, to: Sender[]): string {
  if (to.length > 2) return 'Bonjour à toutes et à tous,';
  const [first] = to;
  if (first === undefined || typeof first !== 'string') return 'Bonjour,';
  // Between agents of the Région, first names; with partners, « Madame » or « Monsieur ».
  const sameHouse = typeof from === 'string' && isAgent(from) && isAgent(first);
  return sameHouse ? `Bonjour ${firstName(first)},` : `Bonjour ${person(first).civility},`;
}

function defaultClosing(rng: Random, from: Sender, to: Sender[]): string {
  const [first] = to;
  const familiar =
    typeof from === 'string' &&
    typeof first === 'string' &&
    to.length === 1 &&
    person(from).familiar &&
    person(first).familiar;
  if (familiar) return rng.pick(['Bonne journée,', 'À bientôt,', 'Bien à toi,', 'Merci et bonne journée,']);
  return rng.pick(['Bien cordialement,', 'Cordialement,', 'Bien à vous,', 'Belle journée,']);
}

function signatureOf(sender: Sender): string[] {
  if (typeof sender !== 'string') return [sender.name ?? sender.address];
  const { name, title, organisation, phone } = person(sender);
  return [name, title, organisation, `Tél. ${phone}`];
}

/** Moves an instant into office hours (8 h – 19 h, Monday to Friday). */
function officeHours(rng: Random, at: Date): Date {
  let day = parisDay(at);
  const hour = parisHour(at);
  if (hour >= 8 && hour < 19 && isWorkingDay(day)) return at;
  if (hour >= 19 || !isWorkingDay(day)) {
    do day = addDays(day, 1);
    while (!isWorkingDay(day));
  }
  return parisTime(day, 8, rng.int(5, 55));
}

/** Builds the records of every thread, numbering messages and threads in order. */
export function planMail(
  ctx: MailContext,
  threads: readonly ThreadSpec[],
  folderIds: Record<FolderKey, string>,
): MailMessageRecord[] {
  const { rng, now } = ctx;
  const records: MailMessageRecord[] = [];
  threads.forEach((thread, threadIndex) => {
    const threadId = demoId('t', threadIndex + 1);
    const [first] = thread.mails;
    const baseSubject = first?.subject ?? '';
    let previous: { at: Date; from: Sender; text: string } | undefined;
    for (const mail of thread.mails) {
      let at = thread.at;
      if (previous) {
        const wanted = new Date(previous.at.getTime() + (mail.after ?? rng.int(1, 26)) * HOUR);
        at = officeHours(rng, wanted);
        // A reply that would still be to come is brought back between its predecessor and today.
        const latest = ctx.officeNow.getTime();
        if (at.getTime() >= latest) at = new Date(previous.at.getTime() + (latest - previous.at.getTime()) * 0.6);
      }
      const fromCamille = mail.from === 'camille';
      const to: Sender[] = mail.to ?? (fromCamille ? [previous?.from ?? 'sophie'] : ['camille']);
      const letter: Letter = {
        greeting: mail.greeting ?? defaultGreeting(mail.from, to),
        blocks: mail.blocks,
        closing: mail.closing ?? defaultClosing(rng, mail.from, to),
        signature: mail.signature ?? signatureOf(mail.from),
      };
      const quote: Quote | undefined =
        previous && mail.quote !== false
          ? {
              header: `Le ${formatDay(previous.at)} à ${formatHour(previous.at)}, ${addressOf(previous.from).name} a écrit :`,
              text: previous.text,
            }
          : undefined;
      const bodyText = letterText(letter, quote);
      const folder =
        fromCamille && ['inbox', 'marches', 'conseil', 'lycees', 'sent'].includes(thread.folder)
          ? 'sent'
          : thread.folder;
      const id = demoId('m', String(records.length + 1).padStart(4, '0'));
      const received = !fromCamille && ['inbox', 'marches', 'conseil', 'lycees', 'junk'].includes(folder);
      const recent = now.getTime() - at.getTime() < 72 * HOUR;
      const attachments: AttachmentInfo[] = (mail.attachments ?? []).map(([name, kilobytes], index) => ({
        id: `${id}-a${index + 1}`,
        name,
        size: kilobytes * 1024 + rng.int(0, 1023),
        mimeType: mimeTypeOf(name),
      }));
      records.push({
        id,
        folderId: folderIds[folder],
        threadId,
        subject: mail.subject ?? (previous ? `RE : ${baseSubject}` : baseSubject),
        from: addressOf(mail.from),
        to: to.map(addressOf),
        cc: (mail.cc ?? []).map(addressOf),
        date: at.toISOString(),
        unread: mail.unread ?? (received && rng.chance(recent ? 0.85 : 0.06)),
        flagged: mail.flagged ?? (received && rng.chance(0.04)),
        bodyText,
        bodyHtml: mail.html ? letterHtml(letter, quote) : null,
        attachments,
      });
      previous = { at, from: mail.from, text: bodyText };
    }
  });
  return records;
}
