// Drafts on the server: the latest saved revision is APPENDed to the Drafts folder, then every older copy
// (same Message-ID) is deleted, so that a crash in between leaves two copies for a while, never none. One
// push task per draft: revisions saved while it runs are pushed by the same run.
import { rm } from 'node:fs/promises';
import type { TaskHandler } from '../../outbox/task-runner';
import { writeMessage } from '../compose';
import { folderWithRole, type MailTaskContext } from './context';

export interface PushDraftPayload {
  draftId: string;
}

export interface DeleteDraftCopiesPayload {
  messageId: string;
}

export function pushDraft(context: MailTaskContext): TaskHandler<PushDraftPayload> {
  return {
    async run(task) {
      const { mail, remote, paths, identity } = context;
      const folder = await folderWithRole(context, 'drafts');
      if (!folder) return; // the server has no Drafts folder: the draft stays local
      for (;;) {
        const draft = mail.drafts.get(task.payload.draftId);
        if (!draft || draft.state !== 'editing' || draft.syncedRevision >= draft.revision) return;
        const file = paths.temporary(`${task.id}-${draft.revision}.eml`);
        try {
          await writeMessage(file, {
            from: identity,
            content: draft.content,
            messageId: draft.messageId,
            date: new Date(draft.updatedAt),
            attachmentPath: (id) => paths.draftAttachment(draft.id, id),
            keepBcc: true,
          });
          const uid = await remote.append(folder.path, file, ['\\Draft', '\\Seen']);
          const copies = await remote.findByMessageId(folder.path, draft.messageId);
          const newest = uid ?? Math.max(...copies);
          const stale = copies.filter((copy) => copy !== newest);
          if (stale.length > 0) await remote.expunge(folder.path, stale);
          mail.drafts.markSynced(draft.id, draft.messageId, draft.revision);
          context.requestSync([folder.path]);
        } finally {
          await rm(file, { force: true });
        }
      }
    },
  };
}

/** After a draft was sent or discarded: its copies leave the server's Drafts folder. */
export function deleteDraftCopies(context: MailTaskContext): TaskHandler<DeleteDraftCopiesPayload> {
  return {
    async run(task) {
      const { remote } = context;
      const folder = await folderWithRole(context, 'drafts');
      if (!folder) return;
      const copies = await remote.findByMessageId(folder.path, task.payload.messageId);
      if (copies.length > 0) {
        await remote.expunge(folder.path, copies);
        context.requestSync([folder.path]);
      }
    },
  };
}
