// Server-side SMTP: the Outbox flush (brief §4.7) and local delivery into INBOXes, with push events (§5.4).

import { DOMAIN, type EmulatorState } from './state.js';
import { newUuid } from './ids.js';
import { type Message, type Recipient, serialise, simpleBody } from './mime.js';
import { type Folder, type Mailbox, type MailRecord, type TaskStatus, type User } from './model.js';
import { type Card } from './pim.js';

export interface FlushResult {
  sourceInternalId: number;
  sourceFolderUid: string;
  destinationInternalId: number;
  destinationFolderUid: string;
}

function stripDraftHeaders(m: Message): Message {
  return { ...m, headers: m.headers.filter((h) => !h.name.toLowerCase().startsWith('x-bm-draft')) };
}

/** Delivers a message to local mailboxes (users, mailshares, groups); returns the addresses not local. */
export function deliverLocally(
  state: EmulatorState,
  message: Message,
  rcpts: string[],
): { external: string[]; unknown: string[] } {
  const external: string[] = [];
  const unknown: string[] = [];
  const targets = new Map<string, Mailbox>();
  const copy: Message = {
    ...stripDraftHeaders(message),
    recipients: message.recipients.filter((r) => r.kind !== 'BlindCarbonCopy'),
  };
  const add = (addr: string, seen: Set<string>): void => {
    const lower = addr.toLowerCase();
    if (seen.has(lower)) return;
    seen.add(lower);
    if (!lower.endsWith(`@${DOMAIN}`)) {
      external.push(addr);
      return;
    }
    const user = state.userByEmail(lower);
    const share = [...state.mailshares.values()].find((s) => s.email === lower);
    const group = [...state.groups.values()].find((g) => g.email === lower);
    if (user && !user.archived) {
      const m = state.mail.mailboxes.get(user.uid);
      if (m) targets.set(m.ownerUid, m);
    } else if (share) {
      const m = state.mail.mailboxes.get(share.uid);
      if (m) targets.set(m.ownerUid, m);
    } else if (group) {
      for (const uid of group.memberUids) {
        const u = state.userByUid(uid);
        if (u) add(u.email, seen);
      }
    } else {
      unknown.push(addr);
    }
  };
  const seen = new Set<string>();
  for (const r of rcpts) add(r, seen);
  for (const mailbox of targets.values()) {
    const inbox = inboxOf(state, mailbox);
    if (!inbox) continue;
    const record = state.mail.append(mailbox, inbox, copy, { flags: [], author: 'system' });
    state.mail.recordsEvent(mailbox, inbox);
    if (mailbox.kind === 'user') notifyNewMail(state, mailbox.ownerUid, record);
  }
  return { external, unknown };
}

function inboxOf(state: EmulatorState, mailbox: Mailbox): Folder | undefined {
  if (mailbox.kind === 'user') return state.mail.folderByName(mailbox, 'INBOX');
  return [...mailbox.folders.values()].find((f) => f.parentUid === null);
}

/** `<userUid>.notifications.mails` (brief §5.4): strings only. */
export function notifyNewMail(state: EmulatorState, userUid: string, record: MailRecord): void {
  const from = record.message.recipients.find((r) => r.kind === 'Originator');
  state.publish(`${userUid}.notifications.mails`, {
    title: from?.dn ?? from?.address ?? '',
    body: record.message.subject,
    uid: String(record.imapUid),
    internalId: String(record.internalId),
  });
}

function nonDeliveryReport(state: EmulatorState, sender: User, original: Message, failed: string[]): Message {
  const text =
    `Votre message n'a pas pu être remis aux destinataires suivants :\n\n${failed.map((f) => `  ${f} : adresse inconnue`).join('\n')}\n\n` +
    `Objet du message : ${original.subject}\n`;
  return {
    subject: `Non remis : ${original.subject}`,
    date: state.now(),
    messageId: `<${newUuid()}@${DOMAIN}>`,
    references: [original.messageId],
    recipients: [
      { kind: 'Originator', address: `MAILER-DAEMON@${DOMAIN}`, dn: 'Mail Delivery System' },
      { kind: 'Primary', address: sender.email, dn: sender.displayName },
    ],
    headers: [],
    root: simpleBody(text, null),
  };
}

function collectContacts(state: EmulatorState, user: User, recipients: Recipient[]): void {
  const book = state.books.get(`book:CollectedContacts_${user.uid}`);
  const directory = state.books.get(`addressbook_${DOMAIN}`);
  if (!book) return;
  const known = (addr: string): boolean =>
    [...(directory?.cards.values() ?? []), ...book.cards.values()].some((c) => c.emails.includes(addr.toLowerCase()));
  let changed = false;
  for (const r of recipients) {
    if (r.kind === 'Originator' || known(r.address)) continue;
    const ts = state.now();
    const uid = newUuid();
    const card: Card = {
      uid,
      internalId: state.nextId(),
      version: 0,
      created: ts,
      updated: ts,
      kind: 'individual',
      formatedName: r.dn ?? r.address,
      givenName: '',
      familyName: r.dn ?? '',
      emails: [r.address.toLowerCase()],
      tel: null,
      company: '',
      department: '',
      title: '',
      categories: [],
      members: [],
      source: null,
    };
    card.version = book.log.record('created', card.internalId, uid, ts);
    book.cards.set(uid, card);
    changed = true;
  }
  if (changed)
    state.publish(`bm.addressbook.hook.${book.uid}.changed`, { loginAtDomain: `${user.login}@${user.domainUid}` });
}

function isMdn(m: Message): boolean {
  return m.root.mime === 'multipart/report';
}

/**
 * `IOutbox.flush`: sends every message in Outbox, moves each to Sent (or the folder of `X-Bm-Draft-Sent-Folder`),
 * strips `X-Bm-Draft*` headers, removes MDNs, fills collected contacts, bounces unknown local recipients.
 */
export function flushOutbox(state: EmulatorState, user: User, mailbox: Mailbox): TaskStatus {
  const failure = state.flushFailures.shift();
  if (failure !== undefined) {
    return {
      steps: 1,
      progress: 1,
      lastLogEntry: `FLUSHING OUTBOX failed: ${failure}`,
      state: 'InError',
      result: `{"result": ${JSON.stringify(failure)}}`,
    };
  }
  const mail = state.mail;
  const outbox = mail.specialFolder(mailbox, 'Outbox');
  const sentFolder = mail.specialFolder(mailbox, 'Sent');
  const results: FlushResult[] = [];
  if (outbox && sentFolder) {
    const records = [...outbox.records.values()].sort((a, b) => a.internalId - b.internalId);
    const touched = new Set<Folder>();
    for (const record of records) {
      const msg = record.message;
      const recipients = [...msg.recipients];
      if (!recipients.some((r) => r.kind === 'Originator')) {
        recipients.unshift({ kind: 'Originator', address: user.email, dn: user.displayName });
      }
      const toSend: Message = { ...stripDraftHeaders(msg), recipients };
      const rcpts = [
        ...new Set(recipients.filter((r) => r.kind !== 'Originator' && r.kind !== 'Sender').map((r) => r.address)),
      ];
      const from = recipients.find((r) => r.kind === 'Originator')?.address ?? user.email;
      state.sent.push({
        messageId: msg.messageId,
        from,
        recipients: rcpts,
        subject: msg.subject,
        at: state.now(),
        senderUid: user.uid,
      });
      const { external, unknown } = deliverLocally(state, toSend, rcpts);
      if (external.length)
        state.outbound.push({ messageId: msg.messageId, from, recipients: external, eml: serialise(toSend).eml });
      if (unknown.length) {
        const inbox = mail.folderByName(mailbox, 'INBOX');
        if (inbox) {
          const ndr = mail.append(mailbox, inbox, nonDeliveryReport(state, user, msg, unknown), { author: 'system' });
          mail.recordsEvent(mailbox, inbox);
          notifyNewMail(state, user.uid, ndr);
        }
      }
      collectContacts(state, user, recipients);
      if (isMdn(msg)) {
        mail.expunge(mailbox, outbox, record.internalId);
        touched.add(outbox);
        continue;
      }
      const sentUid = msg.headers.find((h) => h.name.toLowerCase() === 'x-bm-draft-sent-folder')?.values[0];
      const target = (sentUid && [...mailbox.folders.values()].find((f) => f.uid === sentUid)) || sentFolder;
      const [moved] = mail.transfer(
        { mailbox, folder: outbox },
        { mailbox, folder: target },
        [record.internalId],
        true,
        (r) => ({
          message: toSend,
          flags: [...new Set([...r.flags.filter((f) => f !== '\\Draft'), '\\Seen'])],
        }),
      );
      touched.add(outbox);
      touched.add(target);
      if (moved) {
        results.push({
          sourceInternalId: record.internalId,
          sourceFolderUid: outbox.uid,
          destinationInternalId: moved.destination.internalId,
          destinationFolderUid: target.uid,
        });
      }
    }
    for (const f of touched) mail.recordsEvent(mailbox, f);
  }
  // The result is a JSON *string* (brief E14), formatted like the server's.
  return {
    steps: 1,
    progress: 1,
    lastLogEntry: 'FLUSHING OUTBOX finished successfully',
    state: 'Success',
    result: `{"result": ${JSON.stringify(results)}, "requestedDSNs": 0}`,
  };
}
