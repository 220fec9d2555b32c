// JSON shapes of folders and mail records (brief §4.2, §4.4, E5, E8).

import { sha1Hex } from './ids.js';
import { containerFlags } from './mailstore.js';
import { type Message, hasAttachment, partJson, preview, serialise } from './mime.js';
import { type Folder, type Mailbox, type MailRecord } from './model.js';
import { type EmulatorState } from './state.js';

/** Values of the pre-2020 object form `{"flag":"\\Seen","value":16}` (only `\Seen`=16 is from the brief). */
const FLAG_VALUES: Record<string, number> = {
  '\\Answered': 1,
  '\\Flagged': 2,
  '\\Deleted': 4,
  '\\Draft': 8,
  '\\Seen': 16,
};

export type FlagJson = string | { flag: string; value: number };

/** Output: strings since 2020-03 (`14bd0f797`), objects on older servers (option `flagsAsObjects`). */
export function flagsJson(state: EmulatorState, flags: string[]): FlagJson[] {
  if (!state.flagsAsObjects) return [...flags];
  return flags.map((flag) => ({ flag, value: FLAG_VALUES[flag] ?? 0 }));
}

/** Input: the server accepts both forms (brief §4.4). */
export function parseFlag(f: unknown): string {
  if (typeof f === 'string') return f;
  if (f && typeof f === 'object' && typeof (f as { flag?: unknown }).flag === 'string')
    return (f as { flag: string }).flag;
  throw new Error(`invalid flag ${JSON.stringify(f)}`);
}

export function folderJson(state: EmulatorState, mailbox: Mailbox, folder: Folder) {
  const owner = state.userByUid(mailbox.ownerUid);
  const share = state.mailshares.get(mailbox.ownerUid);
  const subject = owner?.email ?? share?.email ?? mailbox.ownerUid;
  return {
    uid: folder.uid,
    internalId: folder.internalId,
    version: folder.version,
    displayName: folder.name,
    externalId: null,
    createdBy: 'system',
    updatedBy: 'system',
    created: folder.created,
    updated: folder.updated,
    flags: [],
    value: {
      name: folder.name,
      fullName: folder.fullName,
      parentUid: folder.parentUid,
      deleted: false,
      // MailboxReplica extras (clients ignore them, brief §4.2).
      lastUid: folder.lastUid,
      highestModSeq: folder.highestModSeq,
      xconvModSeq: 0,
      recentUid: folder.lastUid,
      recentTime: folder.lastAppendDate,
      lastAppendDate: folder.lastAppendDate,
      pop3LastLogin: 0,
      uidValidity: folder.uidValidity,
      acls: [{ subject, rights: 'lrswipkxtecda' }],
      options: 'P',
      syncCRC: 0,
      quotaRoot: null,
      dataLocation: 'bm-master',
    },
  };
}

export function emlOf(folder: Folder, message: Message) {
  // Drafts keep their Bcc; other copies do not.
  return serialise(message, { includeBcc: folder.fullName.endsWith('Drafts') || folder.fullName.endsWith('Outbox') });
}

export function messageBodyJson(folder: Folder, record: MailRecord) {
  const msg = record.message;
  const { eml, sizes } = emlOf(folder, msg);
  return {
    guid: sha1Hex(eml),
    subject: msg.subject,
    smartAttach: hasAttachment(msg),
    date: msg.date,
    created: record.created,
    size: eml.length,
    headers: msg.headers,
    recipients: msg.recipients,
    messageId: msg.messageId,
    references: msg.references,
    structure: partJson(msg, sizes, eml.length),
    preview: preview(msg),
    bodyVersion: 1,
  };
}

export function recordJson(state: EmulatorState, folder: Folder, record: MailRecord) {
  const body = messageBodyJson(folder, record);
  return {
    uid: record.uid,
    internalId: record.internalId,
    version: record.version,
    displayName: record.message.subject,
    externalId: null,
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
    created: record.created,
    updated: record.updated,
    flags: containerFlags(record.flags),
    value: {
      body,
      imapUid: record.imapUid,
      flags: flagsJson(state, record.flags),
      internalFlags: [],
      messageBody: body.guid,
      modSeq: record.modSeq,
      internalDate: record.internalDate,
      lastUpdated: record.lastUpdated,
      conversationId: state.mail.conversationId(record.message),
    },
  };
}
