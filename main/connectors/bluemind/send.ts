// Sending, exactly once, the way BlueMind's own web client sends (brief §4.6–4.7): the mail becomes a draft
// created with an id reserved in advance, moves to Outbox, and the server flushes Outbox (a task polled to its
// end). This is the remote phase of a persisted outbox task and may be replayed after any failure or crash, so
// every step first looks at where the previous attempt stopped:
//   1. Sent is checked for the Message-ID (among what arrived there since the first attempt began): sent.
//   2. Outbox holds it: only the flush is missing.
//   3. Drafts holds the reserved id: only the move to Outbox is missing.
//   4. Otherwise the draft is created (the same id and refresh date make the creation itself idempotent).
// The attempt's progress (reserved id, refresh date, Sent's version before anything was done, shared links)
// is saved before each step that changes the server.
import { z } from 'zod';
import { CoreError } from '../../core/errors';
import { apiPath, type BlueMindClient } from './client';
import { isFault } from './errors';
import type { Generation } from './generation';
import { buildDraft, type DraftFile, type DraftMessage } from './draft';
import { DEFAULT_MESSAGE_LIMIT, linkChoices, rawLimit, type FileHosting, type SharedLink } from './filehosting';
import type { KeyValue } from './state';
import type { MailboxRef } from './mailbox';
import {
  containerChangesetById,
  idRange,
  imapAck,
  importStatus,
  itemVersionChangeset,
  mailItem,
  taskRef,
  taskStatus,
  type FolderItem,
} from './schemas';

export interface SendState {
  /** The id reserved for the draft (`_allocateOfflineIds`). */
  draftId: number | null;
  /** `X-Bm-Draft-Refresh-Date`, fixed with the id. */
  refreshDate: number | null;
  /** Sent's changeset version before the first step that could send: where to look for the Message-ID. */
  sentVersion: number | null;
  links: SharedLink[];
  done: boolean;
}

export interface SendDeps {
  client: BlueMindClient;
  generation: Generation;
  mailbox: MailboxRef;
  folder(fullName: 'Drafts' | 'Outbox' | 'Sent'): Promise<FolderItem>;
  hosting: FileHosting;
  state: KeyValue;
  now(): number;
  sleep?(ms: number): Promise<void>;
  /** Task polls before giving up on a flush (the webmail: 60 × 500 ms). */
  maxPolls?: number;
}

const ID_BLOCK = 20;
const POLL_MS = 250;
const sendKey = (messageId: string) => `send:${messageId}`;
const POOL_KEY = 'reserved-ids';

export class Sender {
  constructor(private readonly deps: SendDeps) {}

  private load(messageId: string): SendState {
    const raw = this.deps.state.get(sendKey(messageId));
    const empty: SendState = { draftId: null, refreshDate: null, sentVersion: null, links: [], done: false };
    return raw ? { ...empty, ...(JSON.parse(raw) as Partial<SendState>) } : empty;
  }

  private save(messageId: string, state: SendState): void {
    this.deps.state.set(sendKey(messageId), JSON.stringify(state));
  }

  /** Where a previous attempt left this mail, for tests and diagnostics. */
  stateOf(messageId: string): SendState {
    return this.load(messageId);
  }

  async send(mail: DraftMessage): Promise<void> {
    const state = this.load(mail.messageId);
    if (state.done) return;
    const [drafts, outbox, sent] = await Promise.all([
      this.deps.folder('Drafts'),
      this.deps.folder('Outbox'),
      this.deps.folder('Sent'),
    ]);

    if (state.sentVersion !== null) {
      if (await this.arrivedSince(sent.uid, state.sentVersion, mail.messageId)) return this.finish(mail, state);
    } else {
      state.sentVersion = await this.version(sent.uid);
      this.save(mail.messageId, state);
    }

    if (!(await this.findIn(outbox.uid, mail.messageId))) {
      if (state.draftId === null || !(await this.exists(drafts.uid, state.draftId))) {
        await this.createDraft(mail, state, drafts);
      }
      await this.moveToOutbox(state.draftId!, drafts, outbox);
    }
    await this.flush();
    if (!(await this.arrivedSince(sent.uid, state.sentVersion, mail.messageId))) {
      // The flush went through but the mail is not in Sent: something else holds it; retry later.
      throw new CoreError('mail.sendFailed', { reason: 'not-in-sent' });
    }
    this.finish(mail, state);
  }

  private finish(mail: DraftMessage, state: SendState): void {
    // The marker stays: a replay after a crash between here and the outbox's own bookkeeping is a no-op.
    this.save(mail.messageId, { ...state, done: true });
  }

  /** Whether this content (a digest of the message file) was already filed in the folder. */
  hasFiled(folder: FolderItem, content: string): boolean {
    return this.deps.state.get(`file:${folder.uid}:${content}`) !== null;
  }

  /**
   * Files a message in a folder (a copy, not a send): created with a reserved id kept for this folder and
   * content, so that a replay after a lost answer finds the item it created. Files too large for one
   * message are left out of the copy.
   */
  async file(folder: FolderItem, message: DraftMessage, flags: string[], content: string): Promise<number> {
    const key = `file:${folder.uid}:${content}`;
    let saved = JSON.parse(this.deps.state.get(key) ?? 'null') as { id: number; refreshDate: number } | null;
    if (!saved) {
      saved = { id: await this.reserveId(), refreshDate: this.deps.now() };
      this.deps.state.set(key, JSON.stringify(saved));
    }
    const { client, generation } = this.deps;
    for (let attempt = 0; ; attempt++) {
      const epoch = client.epoch;
      try {
        const item = await buildDraft(client, folder.uid, {
          message,
          refreshDate: saved.refreshDate,
          files: fitting(message.files),
          links: [],
          seen: generation.flag('\\Seen'),
        });
        await client.expect('PUT', apiPath`/api/mail_items/${folder.uid}/id/${saved.id}`, imapAck, {
          json: { ...item, flags: flags.map((flag) => generation.flag(flag)) },
        });
        return saved.id;
      } catch (error) {
        if (client.epoch !== epoch && attempt === 0) continue;
        throw error;
      }
    }
  }

  /** Tops the pool of reserved ids up while online. */
  async reserveIdsAhead(): Promise<void> {
    const pool = JSON.parse(this.deps.state.get(POOL_KEY) ?? '{"next":0,"end":0}') as { next: number; end: number };
    if (pool.end - pool.next >= ID_BLOCK / 4) return;
    await this.allocate();
  }

  private async allocate(): Promise<void> {
    const { domainUid, ownerUid } = this.deps.mailbox;
    const range = await this.deps.client.expect(
      'POST',
      apiPath`/api/offline/${domainUid}/${ownerUid}/_allocateOfflineIds`,
      idRange,
      { query: { idCount: ID_BLOCK } },
    );
    this.deps.state.set(
      POOL_KEY,
      JSON.stringify({ next: range.globalCounter, end: range.globalCounter + range.count }),
    );
  }

  /** Keeps a few ids reserved in advance, so that a draft gets its id without a round trip when it can. */
  async reserveId(): Promise<number> {
    const read = () =>
      JSON.parse(this.deps.state.get(POOL_KEY) ?? '{"next":0,"end":0}') as { next: number; end: number };
    if (read().next >= read().end) await this.allocate();
    const pool = read();
    const id = pool.next;
    pool.next += 1;
    this.deps.state.set(POOL_KEY, JSON.stringify(pool));
    return id;
  }

  private async createDraft(mail: DraftMessage, state: SendState, drafts: FolderItem, renewed = false): Promise<void> {
    if (state.draftId === null || state.refreshDate === null) {
      state.draftId = await this.reserveId();
      state.refreshDate = this.deps.now();
      this.save(mail.messageId, state);
    }
    const files = await this.files(mail, state);
    const { client } = this.deps;
    // Temporary parts belong to the session that uploaded them: if the session changed half-way (expiry,
    // re-login), upload them again with the new one.
    for (let attempt = 0; ; attempt++) {
      const epoch = client.epoch;
      try {
        const item = await buildDraft(client, drafts.uid, {
          message: mail,
          refreshDate: state.refreshDate,
          files,
          links: state.links,
          seen: this.deps.generation.flag('\\Seen'),
        });
        await client.expect('PUT', apiPath`/api/mail_items/${drafts.uid}/id/${state.draftId}`, imapAck, {
          json: item,
        });
        return;
      } catch (error) {
        if (isFault(error, 'ALREADY_EXISTS') && !renewed) {
          // Our id holds another revision: this attempt's content cannot be sure to be the one the server has.
          state.draftId = null;
          state.refreshDate = null;
          this.save(mail.messageId, state);
          return this.createDraft(mail, state, drafts, true);
        }
        if (client.epoch !== epoch && attempt === 0) continue;
        throw error;
      }
    }
  }

  /** The files to attach; those leaving as links are shared first (once: the link is saved). */
  private async files(mail: DraftMessage, state: SendState): Promise<DraftFile[]> {
    const candidates = mail.files.filter((f) => !f.inline);
    const policy = await this.deps.hosting.policy();
    const asLinks = linkChoices(
      policy,
      candidates.map((f) => ({ key: f.key, size: f.content.byteLength })),
      mail.linkKeys,
    );
    for (const file of candidates.filter((f) => asLinks.has(f.key))) {
      if (state.links.some((link) => link.key === file.key)) continue;
      state.links.push(await this.deps.hosting.share(file.key, file.name, file.content, file.mimeType));
      this.save(mail.messageId, state);
    }
    return mail.files.filter((f) => !asLinks.has(f.key));
  }

  private async moveToOutbox(draftId: number, drafts: FolderItem, outbox: FolderItem): Promise<void> {
    const { partition, root } = this.deps.mailbox;
    const status = await this.deps.client.expect(
      'PUT',
      apiPath`/api/mail_folders/${partition}/${root}/importItems/${outbox.internalId}`,
      importStatus,
      { json: { mailboxFolderId: drafts.internalId, ids: [{ id: draftId }], deleteFromSource: true } },
    );
    if (status.status !== 'SUCCESS' && !status.doneIds?.length) {
      throw new CoreError('mail.sendFailed', { reason: 'outbox' });
    }
  }

  /** `flush` sends everything in Outbox; its task is polled to the end (brief §4.7, E14). */
  private async flush(): Promise<void> {
    const { client, mailbox } = this.deps;
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    const ref = await client.expect(
      'POST',
      apiPath`/api/outbox/${mailbox.domainUid}/${mailbox.ownerUid}/flush`,
      taskRef,
    );
    const polls = this.deps.maxPolls ?? 240;
    for (let i = 0; i < polls; i++) {
      const status = await client.expect('GET', apiPath`/api/tasks/${ref.id}`, taskStatus);
      if (status.state === 'Success') return;
      if (status.state === 'InError') {
        throw new CoreError('mail.sendFailed', { reason: taskError(status.result) ?? status.lastLogEntry ?? '' });
      }
      await sleep(POLL_MS);
    }
    throw new CoreError('mail.sendFailed', { reason: 'timeout' });
  }

  private async version(folderUid: string): Promise<number> {
    return this.deps.client.expect('GET', apiPath`/api/mail_items/${folderUid}/_version`, z.number());
  }

  private async exists(folderUid: string, id: number): Promise<boolean> {
    return (
      (await this.deps.client.json('GET', apiPath`/api/mail_items/${folderUid}/${id}/completeById`, mailItem)) !== null
    );
  }

  /** Whether a message with this Message-ID arrived in the folder after `version`. */
  private async arrivedSince(folderUid: string, version: number, messageId: string): Promise<boolean> {
    const changes = await this.deps.client.expect(
      'POST',
      apiPath`/api/mail_items/${folderUid}/_filteredChangesetById`,
      itemVersionChangeset,
      { query: { since: version }, json: { must: [], mustNot: ['Deleted'] } },
    );
    const ids = [...changes.created, ...changes.updated].map((entry) => entry.id);
    return this.hasMessageId(folderUid, ids, messageId);
  }

  /** Whether the folder (Outbox: a handful of items) holds this Message-ID. */
  private async findIn(folderUid: string, messageId: string): Promise<boolean> {
    const all = await this.deps.client.expect(
      'GET',
      apiPath`/api/mail_items/${folderUid}/_changesetById`,
      containerChangesetById,
      { query: { since: 0 } },
    );
    return this.hasMessageId(folderUid, all.created, messageId);
  }

  private async hasMessageId(folderUid: string, ids: number[], messageId: string): Promise<boolean> {
    if (ids.length === 0) return false;
    const items = await this.deps.generation.mailItems(folderUid, ids);
    return items.some((item) => sameMessageId(item.value.body.messageId, messageId));
  }
}

/**
 * The files a filed copy (a draft kept on the server) can carry in one message; larger ones stay local until
 * the mail is sent (where they may leave as links).
 */
function fitting(files: DraftFile[]): DraftFile[] {
  let room = rawLimit(DEFAULT_MESSAGE_LIMIT);
  return files.filter((file) => (room -= file.content.byteLength) >= 0);
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, '').toLowerCase();
const sameMessageId = (a: string | null | undefined, b: string) => !!a && bare(a) === bare(b);

/** `{"result": "<error text>"}` of a failed task, as a JSON string (brief §4.7). */
function taskError(result: string | null | undefined): string | null {
  if (!result) return null;
  try {
    const parsed = JSON.parse(result) as { result?: unknown };
    return typeof parsed.result === 'string' ? parsed.result : result;
  } catch {
    return result;
  }
}
