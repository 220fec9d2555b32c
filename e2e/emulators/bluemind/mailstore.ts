// Mailboxes, folders and records, with the changelog/versions and push events a real core produces.

import { Changelog } from './changelog.js';
import { conversationIdFor, newUuid, stableUuid } from './ids.js';
import { type Message } from './mime.js';
import { type Folder, type Mailbox, type MailRecord, type Verb } from './model.js';

export type Publish = (address: string, body: unknown) => void;

/** Weight used to order folders in changesets (brief §5.1): INBOX, then Sent/Drafts/Trash/Outbox, then others. */
export function folderWeight(f: Folder): number {
  const special = ['INBOX', 'Sent', 'Drafts', 'Trash', 'Outbox'];
  const idx = special.indexOf(f.fullName);
  return idx >= 0 ? idx : special.length;
}

export function containerFlags(flags: string[]): string[] {
  const out: string[] = [];
  if (flags.includes('\\Seen')) out.push('Seen');
  if (flags.includes('\\Deleted')) out.push('Deleted');
  if (flags.includes('\\Flagged')) out.push('Important');
  return out;
}

export interface AppendOptions {
  id?: number;
  flags?: string[];
  internalDate?: number;
  refreshDate?: string | null;
  author?: string;
}

export class MailStore {
  readonly mailboxes = new Map<string, Mailbox>();
  private folderIndex = new Map<string, { mailbox: Mailbox; folder: Folder }>();

  constructor(
    private readonly partition: string,
    private readonly now: () => number,
    private readonly nextId: () => number,
    private readonly publish: Publish,
  ) {}

  createMailbox(ownerUid: string, kind: 'user' | 'mailshare', acl: Map<string, Verb>): Mailbox {
    const root = kind === 'user' ? `user.${ownerUid}` : ownerUid;
    const mailbox: Mailbox = {
      ownerUid,
      kind,
      root,
      subtreeUid: `subtree_${this.partition}!${root}`,
      hierarchy: new Changelog(),
      folders: new Map(),
      acl,
    };
    this.mailboxes.set(ownerUid, mailbox);
    return mailbox;
  }

  mailboxByRoot(root: string): Mailbox | undefined {
    for (const m of this.mailboxes.values()) if (m.root === root) return m;
    return undefined;
  }

  folderByUid(uid: string): { mailbox: Mailbox; folder: Folder } | undefined {
    return this.folderIndex.get(uid);
  }

  folderByName(mailbox: Mailbox, fullName: string): Folder | undefined {
    for (const f of mailbox.folders.values()) if (f.fullName === fullName) return f;
    return undefined;
  }

  /** The mailbox's folder playing a role: `Sent`, `Trash`… (for a mailshare, `<share>/Sent`). */
  specialFolder(mailbox: Mailbox, name: string): Folder | undefined {
    if (mailbox.kind === 'user') return this.folderByName(mailbox, name);
    const root = [...mailbox.folders.values()].find((f) => f.parentUid === null);
    return root ? this.folderByName(mailbox, `${root.fullName}/${name}`) : undefined;
  }

  createFolder(
    mailbox: Mailbox,
    spec: { name: string; fullName: string; parentUid: string | null; uid?: string },
    id?: number,
  ): Folder {
    const ts = this.now();
    const folder: Folder = {
      uid: spec.uid ?? newUuid(),
      internalId: id ?? this.nextId(),
      name: spec.name,
      fullName: spec.fullName,
      parentUid: spec.parentUid,
      version: 0,
      created: ts,
      updated: ts,
      ownerUid: mailbox.ownerUid,
      records: new Map(),
      log: new Changelog(),
      lastUid: 0,
      highestModSeq: 0,
      uidValidity: Math.floor(ts / 1000),
      lastAppendDate: 0,
    };
    folder.version = mailbox.hierarchy.record('created', folder.internalId, folder.uid, ts);
    mailbox.folders.set(folder.internalId, folder);
    this.folderIndex.set(folder.uid, { mailbox, folder });
    this.hierarchyEvent(mailbox, folder);
    return folder;
  }

  /** Deterministic folder uid for seeding. */
  seedFolder(mailbox: Mailbox, fullName: string, parent: Folder | null): Folder {
    const name = fullName.split('/').pop() ?? fullName;
    return this.createFolder(mailbox, {
      name,
      fullName,
      parentUid: parent?.uid ?? null,
      uid: stableUuid(`folder:${mailbox.ownerUid}:${fullName}`),
    });
  }

  updateFolder(mailbox: Mailbox, folder: Folder, minor: boolean): void {
    const ts = this.now();
    folder.updated = ts;
    folder.version = mailbox.hierarchy.record('updated', folder.internalId, folder.uid, ts);
    // Record appends update the MailboxReplica (lastUid, modseq) — a "minor" hierarchy change, not pushed (§5.4).
    if (!minor) this.hierarchyEvent(mailbox, folder);
  }

  deleteFolder(mailbox: Mailbox, folder: Folder): void {
    mailbox.folders.delete(folder.internalId);
    this.folderIndex.delete(folder.uid);
    mailbox.hierarchy.record('deleted', folder.internalId, folder.uid, this.now());
    this.hierarchyEvent(mailbox, folder);
  }

  private hierarchyEvent(mailbox: Mailbox, folder: Folder): void {
    this.publish(`mailreplica.${mailbox.ownerUid}.updated`, {
      isHierarchy: true,
      mailbox: mailbox.subtreeUid,
      itemUid: folder.uid,
      itemId: folder.internalId,
      version: mailbox.hierarchy.version,
      owner: mailbox.ownerUid,
    });
  }

  /** Push for a records change (`mailreplica.<owner>.updated`, brief §5.4); once per operation. */
  recordsEvent(mailbox: Mailbox, folder: Folder): void {
    this.publish(`mailreplica.${mailbox.ownerUid}.updated`, {
      isHierarchy: false,
      mailbox: folder.uid,
      container: `mbox_records_${folder.uid}`,
      version: folder.log.version,
      owner: mailbox.ownerUid,
    });
    if (folder.fullName === 'INBOX') {
      this.publish(`bm.mailbox.hook.${mailbox.ownerUid}.changed`, { container: mailbox.ownerUid, type: 'mailbox' });
    }
  }

  append(mailbox: Mailbox, folder: Folder, message: Message, opts: AppendOptions = {}): MailRecord {
    const ts = this.now();
    folder.lastUid += 1;
    folder.highestModSeq += 1;
    folder.lastAppendDate = ts;
    const id = opts.id ?? this.nextId();
    const record: MailRecord = {
      internalId: id,
      uid: stableUuid(`record:${folder.uid}:${id}:${folder.lastUid}`),
      version: 0,
      created: ts,
      updated: ts,
      createdBy: opts.author ?? mailbox.ownerUid,
      updatedBy: opts.author ?? mailbox.ownerUid,
      imapUid: folder.lastUid,
      flags: [...(opts.flags ?? [])],
      modSeq: folder.highestModSeq,
      internalDate: opts.internalDate ?? ts,
      lastUpdated: ts,
      message,
      refreshDate: opts.refreshDate ?? null,
    };
    record.version = folder.log.record('created', id, record.uid, ts);
    folder.records.set(id, record);
    this.updateFolder(mailbox, folder, true);
    return record;
  }

  setFlags(mailbox: Mailbox, folder: Folder, record: MailRecord, flags: string[], author?: string): void {
    const ts = this.now();
    folder.highestModSeq += 1;
    record.flags = [...new Set(flags)];
    record.modSeq = folder.highestModSeq;
    record.updated = ts;
    record.lastUpdated = ts;
    if (author) record.updatedBy = author;
    record.version = folder.log.record('updated', record.internalId, record.uid, ts);
    this.updateFolder(mailbox, folder, true);
  }

  /** Full EML rewrite of a draft: a new IMAP message (new imapUid), same internal id. */
  rewrite(
    mailbox: Mailbox,
    folder: Folder,
    record: MailRecord,
    message: Message,
    flags: string[],
    refreshDate: string | null,
  ): void {
    const ts = this.now();
    folder.lastUid += 1;
    folder.highestModSeq += 1;
    record.imapUid = folder.lastUid;
    record.message = message;
    record.flags = [...new Set(flags)];
    record.refreshDate = refreshDate;
    record.modSeq = folder.highestModSeq;
    record.updated = ts;
    record.lastUpdated = ts;
    record.internalDate = message.date;
    record.version = folder.log.record('updated', record.internalId, record.uid, ts);
    this.updateFolder(mailbox, folder, true);
  }

  expunge(mailbox: Mailbox, folder: Folder, id: number): boolean {
    const record = folder.records.get(id);
    if (!record) return false;
    folder.records.delete(id);
    folder.highestModSeq += 1;
    folder.log.record('deleted', id, record.uid, this.now());
    this.updateFolder(mailbox, folder, true);
    return true;
  }

  /** Copies (or moves) records; destination items get new ids and imapUids (brief E13, `IItemsTransfer`). */
  transfer(
    from: { mailbox: Mailbox; folder: Folder },
    to: { mailbox: Mailbox; folder: Folder },
    ids: number[],
    move: boolean,
    transform?: (m: MailRecord) => { message: Message; flags: string[] },
  ): { source: number; destination: MailRecord }[] {
    const done: { source: number; destination: MailRecord }[] = [];
    for (const id of ids) {
      const rec = from.folder.records.get(id);
      if (!rec) continue;
      const t = transform ? transform(rec) : { message: rec.message, flags: rec.flags };
      const copy = this.append(to.mailbox, to.folder, t.message, {
        flags: t.flags,
        internalDate: rec.internalDate,
        refreshDate: rec.refreshDate,
      });
      if (move) this.expunge(from.mailbox, from.folder, id);
      done.push({ source: id, destination: copy });
    }
    return done;
  }

  conversationId(message: Message): string {
    return conversationIdFor(message.references[0] ?? message.messageId);
  }
}
