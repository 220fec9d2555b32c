// Drafts, local first. Saving is cheap and idempotent (the composer debounces; an unchanged save is a no-op);
// each saved revision is pushed to the server's Drafts folder a little later, replacing the previous copy.
// Attachments are copied into the profile when added, so that the mail still has them if the original file
// moves. Sending queues the mail in the outbox with its Message-ID fixed there and then.
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { CoreError } from '../errors';
import type { Draft, DraftAttachment, DraftContent, Language, MailAddress, OutboxItem, ReplyMode } from '../model';
import type { DraftRecord } from '../../store/repositories/drafts';
import type { MailAccountRuntime } from './account-runtime';
import { cachedAttachment } from './attachments';
import { newMessageId, writeMessage } from './compose';
import type { MailStore } from './mail-store';
import { outboxItem } from './outbox';
import type { MailPaths } from './paths';
import { answer } from './reply';
import { TASK } from './tasks/context';
import type { SendPayload } from './tasks/send-mail';

export type DraftSource = { messageId: string; mode: ReplyMode | 'edit' };

export interface DraftPatch {
  to?: MailAddress[];
  cc?: MailAddress[];
  bcc?: MailAddress[];
  subject?: string;
  bodyText?: string;
  bodyHtml?: string | null;
  /** Attachments to keep (by id) and files to add (by path, or staged by the renderer), in order. */
  attachments?: DraftAttachmentPatch[];
}

type LinkChoice = { sendAsLink?: boolean };
export type DraftAttachmentPatch = LinkChoice &
  (
    | { id: string }
    | { path: string; name?: string; mimeType?: string }
    | { stagingId: string; name?: string; mimeType?: string }
  );

/** A staged file taken out of staging: where it is, its name, and how to clean up once it has been moved. */
export type StagedFileTaker = (
  stagingId: string,
  accountId: string,
) => Promise<{ path: string; name: string; release(): Promise<void> }>;

export interface DraftsDeps {
  mail: MailStore;
  paths: MailPaths;
  now: () => Date;
  identityOf(accountId: string): MailAddress;
  runtimeOf(accountId: string): MailAccountRuntime | undefined;
  language(): Language;
  /** How long after a save the draft is pushed to the server (saves in between are pushed together). */
  pushDelayMs: number;
  takeStaged?: StagedFileTaker;
}

const empty: DraftContent = {
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

export class Drafts {
  constructor(private readonly deps: DraftsDeps) {}

  async create(accountId: string | undefined, source?: DraftSource): Promise<Draft> {
    const { mail } = this.deps;
    if (!source) {
      if (!accountId || !mail.store.accounts.get(accountId)) throw new CoreError('notFound', { id: accountId ?? '' });
      return this.#insert(accountId, newMessageId(this.deps.identityOf(accountId)), empty);
    }
    const place = mail.actions.place(source.messageId);
    const runtime = place && this.deps.runtimeOf(place.accountId);
    if (runtime) await runtime.fetchBody(source.messageId);
    const message = mail.store.mail.get(source.messageId);
    if (!place || !message) throw new CoreError('notFound', { id: source.messageId });
    const identity = this.deps.identityOf(place.accountId);
    if (source.mode === 'edit') {
      // A draft from the server's Drafts folder: ours if we wrote it here, else it becomes ours, same Message-ID.
      const local = place.messageId ? mail.drafts.byMessageId(place.accountId, place.messageId) : undefined;
      if (local) return this.#toDraft(local);
      const content = { ...empty, to: message.to, cc: message.cc, subject: message.subject };
      const draft = this.#insert(place.accountId, place.messageId ?? newMessageId(identity), {
        ...content,
        bodyText: message.bodyText,
        bodyHtml: message.bodyHtml,
      });
      return this.#withAttachmentsOf(draft, source.messageId);
    }
    const content = answer(
      { message, messageId: place.messageId, references: place.references },
      source.mode,
      identity.address,
      this.deps.language(),
    );
    const draft = this.#insert(place.accountId, newMessageId(identity), content);
    return source.mode === 'forward' ? this.#withAttachmentsOf(draft, source.messageId) : draft;
  }

  get(id: string): Draft {
    return this.#toDraft(this.#record(id));
  }

  list(accountId: string | null): Draft[] {
    return this.deps.mail.drafts.list(accountId).map((record) => this.#toDraft(record));
  }

  async save(id: string, patch: DraftPatch): Promise<Draft> {
    const { mail, now } = this.deps;
    const draft = this.#editable(id);
    const content: DraftContent = {
      ...draft.content,
      ...definedOnly(patch),
      attachments: patch.attachments ? await this.#attachments(draft, patch.attachments) : draft.content.attachments,
    };
    if (JSON.stringify(content) === JSON.stringify(draft.content)) return this.#toDraft(draft);
    mail.store.transaction(() => {
      mail.drafts.update(id, content, now().getTime());
      this.schedulePush(draft.accountId, id);
    });
    this.deps.runtimeOf(draft.accountId)?.flush();
    return this.get(id);
  }

  /** Queues a push of the draft's latest revision (a push already queued covers it). */
  schedulePush(accountId: string, draftId: string): void {
    if (!this.deps.runtimeOf(accountId)) return;
    const at = this.deps.now().getTime();
    this.deps.mail.tasks.add(
      {
        id: randomUUID(),
        accountId,
        kind: TASK.pushDraft,
        idempotencyKey: draftId,
        payload: { draftId },
        notBefore: at + this.deps.pushDelayMs,
      },
      at,
    );
  }

  async discard(id: string): Promise<void> {
    const { mail, paths, now } = this.deps;
    const draft = this.#editable(id);
    const runtime = this.deps.runtimeOf(draft.accountId);
    mail.store.transaction(() => {
      mail.drafts.remove(id);
      if (!runtime) return;
      mail.tasks.add(
        {
          id: randomUUID(),
          accountId: draft.accountId,
          kind: TASK.deleteDraftCopies,
          idempotencyKey: draft.messageId,
          payload: { messageId: draft.messageId },
          notBefore: now().getTime(),
        },
        now().getTime(),
      );
    });
    runtime?.flush();
    await rm(paths.draftDir(id), { recursive: true, force: true });
  }

  /** Puts the draft in the outbox: its message is written now, with the Message-ID every attempt will use. */
  async send(id: string): Promise<OutboxItem> {
    const { mail, paths, now } = this.deps;
    const draft = this.#editable(id);
    const runtime = this.deps.runtimeOf(draft.accountId);
    if (!runtime) throw new CoreError('mail.noServer');
    const recipients = [...draft.content.to, ...draft.content.cc, ...draft.content.bcc];
    if (recipients.length === 0) throw new CoreError('outbox.noRecipient');
    const identity = this.deps.identityOf(draft.accountId);
    const taskId = randomUUID();
    const messageId = newMessageId(identity);
    const file = paths.outboxFile(taskId);
    await writeMessage(file, {
      from: identity,
      content: draft.content,
      messageId,
      date: now(),
      attachmentPath: (attachmentId) => paths.draftAttachment(id, attachmentId),
      keepBcc: false,
    });
    const push = mail.tasks.byKey(draft.accountId, TASK.pushDraft, id);
    const payload: SendPayload = {
      draftId: id,
      messageId,
      draftMessageId: draft.messageId,
      draftOnServer:
        draft.syncedRevision > 0 || (push !== undefined && (push.state === 'running' || push.attempts > 0)),
      file,
      envelope: { from: identity.address, to: [...new Set(recipients.map((r) => r.address))] },
      step: 'queued',
    };
    const at = now().getTime();
    mail.store.transaction(() => {
      // A push still waiting has nothing left to do: the draft leaves the drafts.
      if (push && push.state !== 'running' && !payload.draftOnServer) mail.tasks.remove(push.id);
      mail.drafts.setState(id, 'queued', messageId, at);
      mail.tasks.add(
        { id: taskId, accountId: draft.accountId, kind: TASK.send, idempotencyKey: messageId, payload, notBefore: at },
        at,
      );
      mail.people.recordRecipients(draft.accountId, recipients, at);
    });
    runtime.emitOutbox();
    runtime.flush();
    return outboxItem(mail, mail.tasks.get<SendPayload>(taskId)!);
  }

  #insert(accountId: string, messageId: string, content: DraftContent): Draft {
    const id = randomUUID();
    this.deps.mail.drafts.create({ id, accountId, messageId, content }, this.deps.now().getTime());
    return this.get(id);
  }

  /** Copies the original's attachments (downloading them when needed) into a new draft. */
  async #withAttachmentsOf(draft: Draft, messageId: string): Promise<Draft> {
    const message = this.deps.mail.store.mail.get(messageId);
    const files = (message?.attachments ?? []).filter((attachment) => !attachment.inline);
    if (files.length === 0) return draft;
    const runtimeOf = (accountId: string) => this.deps.runtimeOf(accountId);
    const sources = await Promise.all(
      files.map((attachment) => cachedAttachment(this.deps.mail, this.deps.paths, runtimeOf, attachment.id)),
    );
    return this.save(draft.id, {
      attachments: sources.map((source) => ({ path: source.path, name: source.name, mimeType: source.mimeType })),
    });
  }

  async #attachments(draft: DraftRecord, wanted: NonNullable<DraftPatch['attachments']>): Promise<DraftAttachment[]> {
    const { paths } = this.deps;
    const current = new Map(draft.content.attachments.map((attachment) => [attachment.id, attachment]));
    const result: DraftAttachment[] = [];
    for (const entry of wanted) {
      const link = entry.sendAsLink ? { sendAsLink: true } : {};
      if ('id' in entry) {
        const kept = current.get(entry.id);
        if (!kept) throw new CoreError('notFound', { id: entry.id });
        const { sendAsLink: _previous, ...attachment } = kept;
        result.push({ ...attachment, ...link });
        continue;
      }
      const id = randomUUID();
      const destination = paths.draftAttachment(draft.id, id);
      // A staged file is moved (it is ours now); a file on disk is copied (the user's original stays).
      const source = 'stagingId' in entry ? await this.#staged(entry.stagingId, draft.accountId) : null;
      const from = source?.path ?? ('path' in entry ? entry.path : '');
      const name = entry.name ?? source?.name ?? basename(from);
      let size: number;
      try {
        size = (await stat(from)).size;
        await mkdir(paths.draftDir(draft.id), { recursive: true });
        if (source) await rename(from, destination).catch(() => copyFile(from, destination));
        else await copyFile(from, destination);
      } catch {
        throw new CoreError('drafts.attachmentUnreadable', { name });
      } finally {
        await source?.release();
      }
      result.push({ id, name, size, mimeType: entry.mimeType ?? mimeTypeOf(name), ...link });
    }
    const kept = new Set(result.map((attachment) => attachment.id));
    for (const id of current.keys()) if (!kept.has(id)) await rm(paths.draftAttachment(draft.id, id), { force: true });
    return result;
  }

  async #staged(stagingId: string, accountId: string): ReturnType<StagedFileTaker> {
    if (!this.deps.takeStaged) throw new CoreError('notFound', { id: stagingId });
    return this.deps.takeStaged(stagingId, accountId);
  }

  #record(id: string): DraftRecord {
    const draft = this.deps.mail.drafts.get(id);
    if (!draft) throw new CoreError('notFound', { id });
    return draft;
  }

  #editable(id: string): DraftRecord {
    const draft = this.#record(id);
    if (draft.state !== 'editing') throw new CoreError('drafts.inOutbox');
    return draft;
  }

  #toDraft(record: DraftRecord): Draft {
    const push = this.deps.mail.tasks.byKey(record.accountId, TASK.pushDraft, record.id);
    return {
      id: record.id,
      accountId: record.accountId,
      from: this.deps.identityOf(record.accountId),
      ...record.content,
      revision: record.revision,
      state: record.state,
      savedOnServer: record.syncedRevision >= record.revision,
      serverError: push?.lastError ?? null,
      updatedAt: new Date(record.updatedAt).toISOString(),
    };
  }
}

function definedOnly(patch: DraftPatch): Partial<DraftContent> {
  const { attachments: _attachments, ...fields } = patch;
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<DraftContent>;
}

const MIME_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.zip': 'application/zip',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.odp': 'application/vnd.oasis.opendocument.presentation',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.eml': 'message/rfc822',
};

function mimeTypeOf(name: string): string {
  return MIME_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}
