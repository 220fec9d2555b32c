// BlueMind mail over the core REST API, behind the mail engine's `MailRemote` (main/core/mail/remote.ts), so
// that a BlueMind account syncs into the same tables, with the same drafts, outbox and local phases as any
// IMAP account — only the wire differs:
// - folders are the mailbox's hierarchy by full name; a folder's cursor keeps the changeset version in
//   `highestModseq` and `rest-<uidValidity>` in `uidValidity` (so moving between REST and IMAP resyncs);
// - a message's "uid" is its BlueMind item id (what flags, moves and changesets speak), and the IMAP uid
//   needed to read its parts travels inside the body-part and attachment references (`<imapUid>:<address>…`);
// - a sync reads only what changed since the stored version (`_filteredChangesetById`, deleted excluded);
//   after a push event only the folders the events named are read, as long as the socket never dropped;
// - `submit` sends through Drafts → Outbox → flush, exactly once (send.ts), and `append` to Sent does nothing
//   when the flush already put the message there.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type {
  BodyParts,
  Envelope,
  FolderSyncReport,
  MailRemote,
  MailSyncTarget,
  MessageBody,
  MessageRef,
  RemoteAttachment,
  RemoteFeatures,
  RemoteFolder,
  RemoteHeader,
  SubmitResult,
  SyncOptions,
} from '../../core/mail/remote';
import { htmlToText } from '../../core/mail/html-text';
import type { MailAddress } from '../../core/model';
import { apiPath, type BlueMindClient } from './client';
import { isFault } from './errors';
import { flagsOf } from './generation';
import { parseMessageFile } from './message-file';
import { bodyParts, hostedFileOf, isAttachment, leaves, readPart } from './parts';
import {
  containerChangesetById,
  folderItem,
  itemVersionChangeset,
  numbers,
  type FolderItem,
  type MailItem,
  type Part,
} from './schemas';
import type { BlueMindRuntime } from './runtime';
import { EventBusClient, type EventBusOptions } from './eventbus';

const NOT_DELETED = { must: [], mustNot: ['Deleted'] };
const ROLES: Record<string, RemoteFolder['role']> = {
  INBOX: 'inbox',
  Sent: 'sent',
  Drafts: 'drafts',
  Trash: 'trash',
  Junk: 'junk',
  Outbox: 'outbox',
};
/** How far back `findByMessageId` looks in a folder, newest first (a retry looks for something recent). */
const FIND_LIMIT = 2_000;

export interface BlueMindMailRemoteOptions {
  runtime: BlueMindRuntime;
  /** Where push comes from (the account's event bus); without it, syncs read every folder's changeset. */
  push?: Omit<EventBusOptions, 'onEvent' | 'onConnected' | 'onDisconnected' | 'keys' | 'baseUrl'> | false;
}

export class BlueMindMailRemote implements MailRemote {
  /** Folders named by push events since the last sync; null when a full sync is needed (socket dropped…). */
  #dirty: Set<string> | null = null;
  /** Folders whose stored version was checked against the server's in this run. */
  readonly #verified = new Set<string>();
  /** Push has been live since the last sync began: its events name every change. */
  #pushLive = false;
  #watcher: (() => void) | null = null;
  #push: EventBusClient | null = null;
  #closed = false;

  constructor(private readonly options: BlueMindMailRemoteOptions) {}

  get runtime(): BlueMindRuntime {
    return this.options.runtime;
  }

  private get client(): BlueMindClient {
    return this.options.runtime.client;
  }

  private async base(): Promise<string> {
    const { partition, root } = (await this.runtime.account()).mailbox;
    return apiPath`/api/mail_folders/${partition}/${root}`;
  }

  // ---- push ----

  /**
   * The mail engine watches one folder at a time (IMAP IDLE); here every folder is watched at once over the
   * event bus, and any change asks the engine for a sync, which then reads only the folders events named.
   */
  watch(_path: string, onChange: () => void): void {
    this.#watcher = onChange;
    this.#ensurePush();
  }

  #ensurePush(): void {
    if (this.#push || this.#closed || this.options.push === false || !this.#watcher) return;
    void this.#startPush().catch(() => {
      // Discovery failed (offline): the next sync tries again; meanwhile the engine polls.
      this.#push?.close();
      this.#push = null;
    });
  }

  async #startPush(): Promise<void> {
    const { runtime } = this.options;
    const push = new EventBusClient({
      baseUrl: runtime.options.baseUrl,
      keys: runtime.options.keys,
      ...(this.options.push || {}),
      onEvent: (address, body) => this.#onEvent(address, body),
      onConnected: (reconnected) => {
        this.#pushLive = true;
        this.#dirty = null;
        if (reconnected) this.#watcher?.();
      },
      onDisconnected: () => {
        this.#pushLive = false;
        this.#dirty = null;
      },
    });
    this.#push = push;
    const account = await runtime.account();
    if (this.#closed) return;
    await push.register(`mailreplica.${account.mailbox.ownerUid}.updated`, `${account.user.uid}.notifications.mails`);
    // Closed meanwhile: starting would bring the closed client back to life.
    if (this.#closed || this.#push !== push) return;
    push.start();
  }

  #onEvent(address: string, body: unknown): void {
    const event = (body ?? {}) as { isHierarchy?: unknown; mailbox?: unknown };
    if (address.startsWith('mailreplica.') && event.isHierarchy !== true && typeof event.mailbox === 'string') {
      const path = this.runtime.knownFolders().find((f) => f.uid === event.mailbox)?.value.fullName;
      if (path) this.#dirty?.add(path);
      else this.#dirty = null;
    } else if (address.endsWith('.notifications.mails')) {
      this.#dirty?.add('INBOX');
    } else {
      this.#dirty = null;
    }
    this.#watcher?.();
  }

  /** Resolves once the event bus is registered (tests, benchmarks). */
  async pushReady(): Promise<void> {
    await this.#push?.whenConnected();
  }

  get pushConnected(): boolean {
    return this.#push?.connected ?? false;
  }

  // ---- sync ----

  async sync(target: MailSyncTarget, options: SyncOptions = {}): Promise<FolderSyncReport[]> {
    this.#ensurePush();
    const dirty = this.#pushLive ? this.#dirty : null;
    this.#dirty = this.#pushLive ? new Set() : null;
    try {
      const folders = await this.#syncFolders(target, options.signal);
      const byPath = new Map(folders.map((f) => [f.value.fullName, f]));
      let paths = [...byPath.keys()];
      const forced = new Set(options.force ?? []);
      if (options.only) paths = paths.filter((path) => options.only!.includes(path));
      else if (dirty)
        paths = paths.filter((path) => dirty.has(path) || forced.has(path) || target.folder(path)?.cursor() == null);
      if (options.first && paths.includes(options.first))
        paths = [options.first, ...paths.filter((p) => p !== options.first)];
      const reports: FolderSyncReport[] = [];
      for (const path of paths) {
        options.signal?.throwIfAborted();
        const report = await this.#syncFolder(target, byPath.get(path)!, options.signal);
        if (!report) continue;
        reports.push(report);
        options.onFolder?.(report);
      }
      return reports;
    } catch (error) {
      this.#dirty = null;
      throw error;
    }
  }

  async #syncFolders(target: MailSyncTarget, signal?: AbortSignal): Promise<FolderItem[]> {
    const base = await this.base();
    const { runtime } = this.options;
    const stored = Number(runtime.state.get('hierarchy') ?? 0);
    let changed = runtime.knownFolders().length === 0 || stored === 0;
    let version = stored;
    if (!changed) {
      const changes = await this.client.expect('GET', `${base}/_changesetById`, containerChangesetById, {
        query: { since: stored },
        ...(signal ? { signal } : {}),
      });
      changed =
        changes.version < stored || changes.created.length + changes.updated.length + changes.deleted.length > 0;
      version = changes.version;
    }
    if (changed) {
      const [all, current] = await Promise.all([
        this.client.expect('GET', `${base}/_all`, z.array(folderItem), signal ? { signal } : {}),
        this.client.expect('GET', `${base}/_version`, z.number()),
      ]);
      runtime.rememberFolders(all);
      const byUid = new Map(all.map((f) => [f.uid, f.value.fullName]));
      target.putFolders(
        runtime.knownFolders().map((f) => ({
          path: f.value.fullName,
          name: f.value.name,
          parentPath: f.value.parentUid ? (byUid.get(f.value.parentUid) ?? null) : null,
          role: f.value.parentUid ? null : (ROLES[f.value.fullName] ?? null),
          selectable: true,
        })),
      );
      version = current;
    }
    runtime.state.set('hierarchy', String(version));
    return runtime.knownFolders();
  }

  async #syncFolder(
    target: MailSyncTarget,
    folder: FolderItem,
    signal?: AbortSignal,
  ): Promise<FolderSyncReport | null> {
    const path = folder.value.fullName;
    const local = target.folder(path);
    if (!local) return null;
    const uidValidity = `rest-${folder.value.uidValidity ?? folder.internalId}`;
    let cursor = local.cursor();
    let reset = false;
    if (cursor && cursor.uidValidity !== uidValidity) {
      local.reset();
      cursor = null;
      reset = true;
    }
    const changesetOf = (since: number) =>
      this.client.expect('POST', apiPath`/api/mail_items/${folder.uid}/_filteredChangesetById`, itemVersionChangeset, {
        query: { since },
        json: NOT_DELETED,
        ...(signal ? { signal } : {}),
      });
    let since = cursor ? Number(cursor.highestModseq ?? 0) : 0;
    let changes;
    try {
      // A changeset from a version the server never reached just says "nothing new": once per run, check that
      // the stored version is not ahead of the folder's (a restored or rebuilt mailbox).
      if (since > 0 && !this.#verified.has(folder.uid)) {
        const current = await this.client.expect('GET', apiPath`/api/mail_items/${folder.uid}/_version`, z.number());
        if (current < since) since = 0;
      }
      this.#verified.add(folder.uid);
      changes = await changesetOf(since);
    } catch (error) {
      // Gone between the folder list and now: the next list drops it.
      if (isFault(error, 'NOT_FOUND', 'PERMISSION_DENIED')) return null;
      throw error;
    }
    if (changes.version < since) {
      since = 0;
      changes = await changesetOf(0);
    }
    const known = local.known();
    const ids = [...changes.created, ...changes.updated].map((entry) => entry.id);
    const items = ids.length ? await this.runtime.generation.mailItems(folder.uid, ids, signal) : [];
    // A draft saved again elsewhere is a new message file under the same id: read again whole.
    const rewritable = ROLES[path] === 'drafts' || ROLES[path] === 'outbox';
    const updatedIds = new Set(changes.updated.map((entry) => entry.id));
    const replaced = rewritable
      ? items.filter((item) => known.has(item.internalId) && updatedIds.has(item.internalId))
      : [];
    const removed = [...changes.deleted.map((entry) => entry.id), ...replaced.map((item) => item.internalId)];
    if (since === 0) {
      const live = new Set(items.map((item) => item.internalId));
      removed.push(...[...known.keys()].filter((uid) => !live.has(uid)));
    }
    const removedCount = removed.length ? local.remove(removed) : 0;
    const fresh = items.filter((item) => !known.has(item.internalId) || replaced.includes(item));
    const added = fresh.length ? await local.addHeaders(uidValidity, fresh.map(remoteHeader)) : 0;
    const flags = items
      .filter((item) => known.has(item.internalId) && !replaced.includes(item))
      .map((item) => {
        const set = flagsOf(item);
        return { uid: item.internalId, unread: !set.has('\\Seen'), flagged: set.has('\\Flagged') };
      });
    const changed = flags.length ? local.updateFlags(flags) : 0;
    local.setCursor({
      uidValidity,
      uidNext: folder.value.lastUid ?? 0,
      highestModseq: String(changes.version),
      messages: local.count(),
      flagsCheckedAt: this.runtime.now(),
    });
    return { path, added, changed, removed: removedCount, reset };
  }

  // ---- reading ----

  async fetchBody(ref: MessageRef, parts: BodyParts): Promise<MessageBody> {
    const folder = await this.runtime.folder(ref.path);
    const read = async (token: string | undefined) => {
      const part = token ? parsePartRef(token) : null;
      if (!part || part.kind !== 'part') return null;
      const bytes = await this.client.bytes(
        'GET',
        apiPath`/api/mail_items/${folder.uid}/part/${part.imapUid}/${part.address}`,
        { query: { mime: part.mime, charset: part.charset || 'utf-8', encoding: part.encoding || undefined } },
      );
      return decode(bytes, part.charset || null);
    };
    const [text, html] = await Promise.all([read(parts.text), read(parts.html)]);
    return { text: text ?? (html === null ? '' : htmlToText(html)), html };
  }

  async downloadPart(ref: MessageRef, part: string, destination: string): Promise<void> {
    const parsed = parsePartRef(part);
    if (!parsed) throw new Error(`unknown part ${part}`);
    let bytes: Buffer;
    if (parsed.kind === 'link') {
      // A file sent as a link: the public link serves it without a session.
      const response = await fetch(parsed.url);
      bytes = Buffer.from(await response.arrayBuffer());
    } else {
      const folder = await this.runtime.folder(ref.path);
      bytes = await this.client.bytes(
        'GET',
        apiPath`/api/mail_items/${folder.uid}/part/${parsed.imapUid}/${parsed.address}`,
        { query: { encoding: parsed.encoding || undefined }, timeoutMs: 10 * 60_000 },
      );
    }
    await writeFile(destination, bytes);
  }

  // ---- changing ----

  async setFlags(path: string, uids: number[], flags: { unread?: boolean; flagged?: boolean }): Promise<void> {
    const folder = await this.runtime.folder(path);
    const changes: [string, boolean][] = [];
    if (flags.unread !== undefined) changes.push(['\\Seen', !flags.unread]);
    if (flags.flagged !== undefined) changes.push(['\\Flagged', flags.flagged]);
    for (const [flag, add] of changes) {
      // Asymmetric verbs (brief pitfall 9): `_addFlag` is a PUT, `_deleteFlag` a POST.
      await this.client.call(
        add ? 'PUT' : 'POST',
        apiPath`/api/mail_items/${folder.uid}/` + (add ? '_addFlag' : '_deleteFlag'),
        {
          json: { itemsId: uids, mailboxItemFlag: this.runtime.generation.flag(flag) },
        },
      );
    }
  }

  async move(path: string, uids: number[], destination: string): Promise<Map<number, number>> {
    const [from, to] = await Promise.all([this.runtime.folder(path), this.runtime.folder(destination)]);
    const moved = await this.client.expect(
      'POST',
      apiPath`/api/mail_items_transfer/${from.uid}/${to.uid}/move`,
      z.array(z.object({ id: z.number() }).loose()),
      { json: uids },
    );
    const map = new Map<number, number>();
    // The answer lists the new ids in the order of the request (ids no longer there are left out).
    if (moved.length === uids.length) uids.forEach((uid, i) => map.set(uid, moved[i]!.id));
    return map;
  }

  async expunge(path: string, uids: number[]): Promise<void> {
    const folder = await this.runtime.folder(path);
    for (const uid of uids) await this.client.call('DELETE', apiPath`/api/mail_items/${folder.uid}/id/${uid}`);
  }

  async findByMessageId(path: string, messageId: string): Promise<number[]> {
    const folder = await this.runtime.folder(path);
    const ids = await this.client.expect('POST', apiPath`/api/mail_items/${folder.uid}/_sorted`, numbers, {
      json: { fields: [{ column: 'internal_date', dir: 'Desc' }], filter: NOT_DELETED },
    });
    const found: number[] = [];
    // What a replay looks for is recent: a small first look, then larger pages.
    for (let start = 0, size = 20; start < Math.min(ids.length, FIND_LIMIT); start += size, size = 200) {
      const items = await this.runtime.generation.mailItems(folder.uid, ids.slice(start, start + size));
      for (const item of items) if (sameMessageId(item.value.body.messageId, messageId)) found.push(item.internalId);
      if (found.length) break;
    }
    return found;
  }

  /**
   * Files a message (a draft revision, a copy). Created with a reserved id kept for this content, so a replay
   * after a lost answer lands on the same item; a draft's next revision (same Message-ID, new content) is a new
   * item. In Sent, a message already there (the flush filed it) is not filed twice.
   */
  async append(path: string, file: string, flags: string[]): Promise<number | null> {
    const raw = await readFile(file);
    const message = await parseMessageFile(raw);
    const folder = await this.runtime.folder(path);
    const sender = await this.runtime.sender();
    const content = createHash('sha256').update(raw).digest('base64url');
    if (!sender.hasFiled(folder, content) && !folder.value.parentUid && ROLES[path] === 'sent') {
      const existing = await this.findByMessageId(path, message.messageId);
      if (existing.length) return existing[0]!;
    }
    return sender.file(folder, message, flags, content);
  }

  async submit(envelope: Envelope, file: string): Promise<SubmitResult> {
    const message = await parseMessageFile(await readFile(file));
    const listed = new Set([...message.to, ...message.cc].map((r) => r.address.toLowerCase()));
    const bcc: MailAddress[] = envelope.to.filter((a) => !listed.has(a.toLowerCase())).map((address) => ({ address }));
    await (await this.runtime.sender()).send({ ...message, bcc });
    return { accepted: envelope.to, rejected: [] };
  }

  async features(): Promise<RemoteFeatures> {
    return { condstore: true, qresync: true, move: true, maxMessageSize: null };
  }

  /** Whether this account may use mail over REST here: refused (a role, a route) throws a BlueMindFault. */
  async probeMail(): Promise<void> {
    await this.client.expect('GET', `${await this.base()}/_version`, z.number());
  }

  async probe(): Promise<void> {
    await this.client.call('GET', '/api/auth');
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#watcher = null;
    this.#push?.close();
    this.#push = null;
  }
}

// ---- items as headers ----

/** `p:<imapUid>:<address>:<mime>:<charset>:<encoding>` for a part, `link:<url>` for a file sent as a link. */
type PartRef =
  | { kind: 'part'; imapUid: number; address: string; mime: string; charset: string; encoding: string }
  | { kind: 'link'; url: string };

export function partRef(imapUid: number, part: Part): string {
  const hosted = hostedFileOf(part);
  if (hosted) return `link:${hosted.url}`;
  return ['p', imapUid, part.address ?? '', part.mime, part.charset ?? '', part.encoding ?? ''].join(':');
}

export function parsePartRef(token: string): PartRef | null {
  if (token.startsWith('link:')) return { kind: 'link', url: token.slice(5) };
  const [kind, imapUid, address, mime, charset, encoding] = token.split(':');
  if (kind !== 'p' || !address || !Number(imapUid)) return null;
  return {
    kind: 'part',
    imapUid: Number(imapUid),
    address,
    mime: mime ?? '',
    charset: charset ?? '',
    encoding: encoding ?? '',
  };
}

const address = (r: { address: string; dn?: string | null }): MailAddress =>
  r.dn ? { name: r.dn, address: r.address } : { address: r.address };

function remoteHeader(item: MailItem): RemoteHeader {
  const body = item.value.body;
  const recipients = body.recipients ?? [];
  const root = readPart(body.structure);
  const parts = bodyParts(root);
  const imapUid = item.value.imapUid ?? 0;
  const flags = flagsOf(item);
  const from = recipients.find((r) => r.kind === 'Originator') ?? recipients.find((r) => r.kind === 'Sender');
  const header = (name: string) => (body.headers ?? []).find((h) => h.name.toLowerCase() === name)?.values?.[0] ?? null;
  const attachments: RemoteAttachment[] = leaves(root)
    .filter((part) => isAttachment(part) || (part.contentId !== null && part.dispositionType === 'INLINE'))
    .map((part) => {
      const hosted = hostedFileOf(part);
      return {
        part: partRef(imapUid, part),
        name: hosted?.name ?? part.fileName ?? 'piece-jointe',
        size: hosted?.size ?? part.size,
        mimeType: part.mime,
        contentId: part.contentId?.replace(/^<|>$/g, '') ?? null,
        inline: !isAttachment(part),
      };
    });
  return {
    uid: item.internalId,
    messageId: body.messageId ?? null,
    inReplyTo: header('in-reply-to'),
    references: body.references ?? [],
    subject: body.subject ?? '',
    from: from ? address(from) : { address: '' },
    to: recipients.filter((r) => r.kind === 'Primary').map(address),
    cc: recipients.filter((r) => r.kind === 'CarbonCopy').map(address),
    replyTo: parseAddressList(header('reply-to')),
    date: new Date(body.date ?? item.value.internalDate ?? 0).toISOString(),
    unread: !flags.has('\\Seen'),
    flagged: flags.has('\\Flagged'),
    size: body.size ?? 0,
    bodyParts: {
      ...(parts.text ? { text: partRef(imapUid, parts.text) } : {}),
      ...(parts.html ? { html: partRef(imapUid, parts.html) } : {}),
    },
    attachments,
  };
}

function parseAddressList(value: string | null): MailAddress[] {
  if (!value) return [];
  return value.split(',').flatMap((entry) => {
    const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(entry);
    if (match) return [match[1] ? { name: match[1], address: match[2]! } : { address: match[2]! }];
    const bare = entry.trim();
    return bare.includes('@') ? [{ address: bare }] : [];
  });
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, '').toLowerCase();
const sameMessageId = (a: string | null | undefined, b: string) => !!a && bare(a) === bare(b);

function decode(bytes: Buffer, charset: string | null): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
