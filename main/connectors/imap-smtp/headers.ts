// One FETCH answer (envelope, flags, structure, References) as the header the store keeps. Servers hand over
// whatever senders wrote: missing fields, unparsable dates, 8-bit or endless header lines. None of it fails
// the sync: each field falls back to something readable and is bounded.
import type { FetchMessageObject, FetchQueryObject, MessageAddressObject } from 'imapflow';
import type { MailAddress } from '../../core/model';
import type { RemoteFlags, RemoteHeader } from '../../core/mail/remote';
import { layoutOf } from './structure';

/** What the header sync fetches per message (and what the benchmark's bare FETCH asks for too). */
export const HEADER_QUERY: FetchQueryObject = {
  uid: true,
  flags: true,
  envelope: true,
  internalDate: true,
  size: true,
  bodyStructure: true,
  headers: ['references'],
};

export const FLAGS_QUERY: FetchQueryObject = { uid: true, flags: true };

const MAX_SUBJECT = 998;
const MAX_NAME = 200;
const MAX_ADDRESS = 320;
const MAX_RECIPIENTS = 500;
const MAX_REFERENCES = 50;
const MESSAGE_ID = /<[^<>\s]{1,500}>/g;

export function toHeader(message: FetchMessageObject, now: Date): RemoteHeader {
  const envelope = message.envelope ?? {};
  const layout = layoutOf(message.bodyStructure);
  return {
    messageId: firstId(envelope.messageId),
    inReplyTo: firstId(envelope.inReplyTo),
    references: referencesOf(message.headers),
    subject: clean(envelope.subject ?? '', MAX_SUBJECT),
    from: addressesOf(envelope.from)[0] ?? addressesOf(envelope.sender)[0] ?? { address: '' },
    to: addressesOf(envelope.to),
    cc: addressesOf(envelope.cc),
    replyTo: addressesOf(envelope.replyTo),
    date: dateOf(envelope.date, message.internalDate, now),
    ...flagsOf(message),
    size: message.size ?? 0,
    bodyParts: layout.bodyParts,
    attachments: layout.attachments,
  };
}

export function flagsOf(message: Pick<FetchMessageObject, 'uid' | 'flags'>): RemoteFlags {
  const flags = message.flags ?? new Set<string>();
  return { uid: message.uid, unread: !flags.has('\\Seen'), flagged: flags.has('\\Flagged') };
}

function addressesOf(list: MessageAddressObject[] | undefined): MailAddress[] {
  const addresses: MailAddress[] = [];
  for (const entry of list ?? []) {
    if (addresses.length >= MAX_RECIPIENTS) break;
    const address = clean(entry.address ?? '', MAX_ADDRESS);
    if (!address) continue;
    const name = clean(entry.name ?? '', MAX_NAME);
    addresses.push(name && name !== address ? { name, address } : { address });
  }
  return addresses;
}

function dateOf(sent: Date | string | undefined, received: Date | string | undefined, now: Date): string {
  for (const candidate of [sent, received]) {
    const date = candidate === undefined ? null : new Date(candidate);
    if (date && !Number.isNaN(date.getTime())) return date.toISOString();
  }
  return now.toISOString();
}

function firstId(value: string | undefined): string | null {
  return value?.match(MESSAGE_ID)?.[0] ?? null;
}

function referencesOf(headers: Buffer | undefined): string[] {
  if (!headers) return [];
  const ids = headers.toString('latin1').match(MESSAGE_ID) ?? [];
  // The first is the conversation's root, the last the direct parent: keep both ends when trimming.
  return ids.length <= MAX_REFERENCES ? ids : [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))];
}

const UNTIDY = /\p{Cc}|\s\s|^\s|\s$/u;

/** Control characters out (they break rendering and logs), whitespace folded, length bounded. */
function clean(value: string, max: number): string {
  const flat = UNTIDY.test(value)
    ? value
        .replace(/\p{Cc}+/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim()
    : value;
  return flat.length <= max ? flat : flat.slice(0, max);
}
