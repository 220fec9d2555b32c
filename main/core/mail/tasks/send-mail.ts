// Sending one queued mail, exactly once whatever happens to the process or the network. The Message-ID and the
// message file were fixed when it was queued. Each step is recorded before the next starts:
//   queued → submitting (SMTP under way) → submitted (the server accepted it) → copied (a copy is in Sent).
// A replay (any run after the first) first looks for the Message-ID in Sent (HEADER search): found, the mail
// was sent and filed, nothing is sent again. A refused recipient or size leaves the mail in the outbox,
// failed, for the user to change; recipients the server refused while accepting others stay there alone.
import { rm } from 'node:fs/promises';
import type { TaskRecord } from '../../../store/repositories/outbox';
import { CoreError } from '../../errors';
import type { TaskHandler, TaskOutcome } from '../../outbox/task-runner';
import { newMessageId, writeMessage } from '../compose';
import type { Envelope } from '../remote';
import { folderWithRole, TASK, type MailTaskContext } from './context';

export type SendStep = 'queued' | 'submitting' | 'submitted' | 'copied';

export interface SendPayload {
  draftId: string;
  messageId: string;
  /** The Message-ID of the draft's copies in the server's Drafts folder, removed once sent. */
  draftMessageId: string;
  /** The draft may have a copy in the server's Drafts folder (it was pushed, or a push was under way). */
  draftOnServer: boolean;
  file: string;
  envelope: Envelope;
  step: SendStep;
}

/** Refusals given before anything was accepted: the mail was certainly not sent. */
const notSent = (error: unknown) =>
  error instanceof CoreError && (error.code.startsWith('outbox.') || error.code === 'mail.serverBusy');

export function sendMail(context: MailTaskContext): TaskHandler<SendPayload> {
  // Asked once per account (a failure asks again next time): set up that way, or the server says it does.
  let serverFilesSent: Promise<boolean> | null = null;
  const keepsSentCopy = (): Promise<boolean> => {
    if (context.serverKeepsSentCopy) return Promise.resolve(true);
    serverFilesSent ??= context.remote.features().then((features) => features.sentCopyByServer ?? false);
    return serverFilesSent.catch((error: unknown) => {
      serverFilesSent = null;
      throw error;
    });
  };
  return {
    async run(task, save) {
      const { remote } = context;
      const sent = await folderWithRole(context, 'sent');
      let payload = task.payload;
      const step = (next: Partial<SendPayload>) => save((payload = { ...payload, ...next }));

      if (task.attempts > 1 && sent && payload.step !== 'copied') {
        if ((await remote.findByMessageId(sent.path, payload.messageId)).length > 0) step({ step: 'copied' });
      }
      let rejected: string[] = [];
      if (payload.step === 'queued' || payload.step === 'submitting') {
        step({ step: 'submitting' });
        try {
          rejected = (await remote.submit(payload.envelope, payload.file)).rejected;
        } catch (error) {
          if (notSent(error)) step({ step: 'queued' });
          throw error;
        }
        step({ step: 'submitted' });
      }
      if (payload.step === 'submitted') {
        if (sent && !(await keepsSentCopy())) await remote.append(sent.path, payload.file, ['\\Seen']);
        step({ step: 'copied' });
      }
      context.requestSync(sent ? [sent.path] : []);
      return rejected.length > 0 ? keepForRefused(context, task, payload, rejected, save) : finish(context, payload);
    },
  };
}

async function finish(context: MailTaskContext, payload: SendPayload): Promise<void> {
  const { mail, paths, accountId, now } = context;
  mail.drafts.remove(payload.draftId);
  if (payload.draftOnServer) {
    mail.tasks.add(
      {
        id: `${accountId}:${TASK.deleteDraftCopies}:${payload.draftMessageId}`,
        accountId,
        kind: TASK.deleteDraftCopies,
        idempotencyKey: payload.draftMessageId,
        payload: { messageId: payload.draftMessageId },
        notBefore: now().getTime(),
      },
      now().getTime(),
    );
  }
  await Promise.all([
    rm(payload.file, { force: true }),
    rm(paths.draftDir(payload.draftId), { recursive: true, force: true }),
  ]);
}

/**
 * The server took the mail for some recipients and refused others: it went to the first, and stays in the
 * outbox for the others only, as a new message (the first one already exists with its Message-ID).
 */
async function keepForRefused(
  context: MailTaskContext,
  task: TaskRecord<SendPayload>,
  payload: SendPayload,
  rejected: string[],
  save: (payload: SendPayload) => void,
): Promise<TaskOutcome> {
  const { mail, paths, now, identity } = context;
  const draft = mail.drafts.get(payload.draftId);
  const refused = new Set(rejected.map((address) => address.toLowerCase()));
  const keep = <T extends { address: string }>(list: T[]) =>
    list.filter((entry) => refused.has(entry.address.toLowerCase()));
  const messageId = newMessageId(identity);
  const file = paths.outboxFile(`${task.id}-${now().getTime()}`);
  if (draft) {
    const content = {
      ...draft.content,
      to: keep(draft.content.to),
      cc: keep(draft.content.cc),
      bcc: keep(draft.content.bcc),
    };
    mail.drafts.rewrite(draft.id, content, messageId, now().getTime());
    await writeMessage(file, {
      from: identity,
      content,
      messageId,
      date: now(),
      attachmentPath: (id) => paths.draftAttachment(draft.id, id),
      keepBcc: false,
    });
  }
  await rm(payload.file, { force: true });
  save({ ...payload, messageId, file, envelope: { ...payload.envelope, to: rejected }, step: 'queued' });
  return { failWith: { code: 'outbox.recipientRejected', params: { recipients: rejected.join(', ') } } };
}
