// The outbox as the user sees it: the mails waiting to be sent, why the failed ones failed, and what the user
// can do about them: try again now, or take one back into drafts to change it.
import { rm } from 'node:fs/promises';
import { CoreError } from '../errors';
import type { OutboxItem } from '../model';
import type { TaskRecord } from '../../store/repositories/outbox';
import type { MailStore } from './mail-store';
import { TASK } from './tasks/context';
import type { SendPayload } from './tasks/send-mail';

export function outboxItem(mail: MailStore, task: TaskRecord<SendPayload>): OutboxItem {
  const draft = mail.drafts.get(task.payload.draftId);
  return {
    id: task.id,
    accountId: task.accountId,
    draftId: task.payload.draftId,
    subject: draft?.content.subject ?? '',
    to: draft ? [...draft.content.to, ...draft.content.cc, ...draft.content.bcc] : [],
    queuedAt: new Date(task.createdAt).toISOString(),
    state: task.state === 'running' ? 'sending' : task.state === 'failed' ? 'failed' : 'queued',
    attempts: task.attempts,
    nextAttemptAt: task.state === 'pending' ? new Date(task.nextAttemptAt).toISOString() : null,
    error: task.lastError,
  };
}

export function listOutbox(mail: MailStore, accountId: string | null): OutboxItem[] {
  return mail.tasks.list<SendPayload>(accountId, TASK.send).map((task) => outboxItem(mail, task));
}

function sendTask(mail: MailStore, id: string): TaskRecord<SendPayload> {
  const task = mail.tasks.get<SendPayload>(id);
  if (!task || task.kind !== TASK.send) throw new CoreError('notFound', { id });
  return task;
}

/** Due now, whatever the back-off; a failed one is tried again as it is. */
export function retryOutboxItem(mail: MailStore, id: string, now: number): OutboxItem {
  const task = sendTask(mail, id);
  if (!mail.tasks.requeue(task.id, now, now)) throw new CoreError('outbox.sending');
  return outboxItem(mail, mail.tasks.get<SendPayload>(id)!);
}

/**
 * Takes a mail out of the outbox, back into the drafts. Refused once the server may have it: while it is
 * being sent, or after the server accepted it (only its copy in Sent was missing).
 */
export async function cancelOutboxItem(mail: MailStore, id: string, now: number): Promise<string> {
  const task = sendTask(mail, id);
  if (task.state === 'running' || task.payload.step === 'submitting') throw new CoreError('outbox.sending');
  if (task.payload.step !== 'queued') throw new CoreError('outbox.alreadySent');
  mail.store.transaction(() => {
    mail.tasks.remove(task.id);
    mail.drafts.setState(task.payload.draftId, 'editing', task.payload.draftMessageId, now);
    mail.drafts.resetSynced(task.payload.draftId);
  });
  await rm(task.payload.file, { force: true });
  return task.payload.draftId;
}
