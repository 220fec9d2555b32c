// Mailbox ACL checks shared by the mail routes (brief §4.1: `mailbox:acls-<owner>`).

import { Fault, type Ctx } from './http.js';
import { type Folder, type Mailbox, type Verb } from './model.js';
import { PARTITION, type EmulatorState } from './state.js';

export type Need = 'read' | 'write';

export function verbAllows(verb: Verb | undefined, need: Need): boolean {
  if (!verb) return false;
  return need === 'read' ? true : verb === 'Write' || verb === 'All';
}

export function mailboxVerb(mailbox: Mailbox, userUid: string): Verb | undefined {
  return mailbox.acl.get(userUid);
}

/** `{partition}` is the domain with dots as underscores, optionally prefixed `<serverUid>__` (brief §4.1). */
export function checkPartition(partition: string): void {
  const domainPart = partition.includes('__') ? partition.slice(partition.indexOf('__') + 2) : partition;
  if (domainPart.replace(/_/g, '.') !== PARTITION.replace(/_/g, '.')) {
    throw new Fault('NOT_FOUND', `partition ${partition} does not match any domain`);
  }
}

export function requireMailbox(ctx: Ctx, need: Need): Mailbox {
  checkPartition(ctx.params.partition ?? '');
  const root = ctx.params.mailboxRoot ?? '';
  const mailbox = ctx.state.mail.mailboxByRoot(root);
  if (!mailbox) throw new Fault('NOT_FOUND', `mailbox ${root} not found`);
  if (!verbAllows(mailboxVerb(mailbox, ctx.user().uid), need)) {
    throw new Fault('PERMISSION_DENIED', `${ctx.user().login} has no ${need} access to mailbox ${root}`);
  }
  return mailbox;
}

export function requireFolder(ctx: Ctx, folderUid: string, need: Need): { mailbox: Mailbox; folder: Folder } {
  const found = ctx.state.mail.folderByUid(folderUid);
  if (!found) throw new Fault('NOT_FOUND', `container mbox_records_${folderUid} not found`);
  if (!verbAllows(mailboxVerb(found.mailbox, ctx.user().uid), need)) {
    throw new Fault('PERMISSION_DENIED', `${ctx.user().login} has no ${need} access to mbox_records_${folderUid}`);
  }
  return found;
}

export function mailboxOfUser(state: EmulatorState, userUid: string): Mailbox {
  const m = state.mail.mailboxes.get(userUid);
  if (!m) throw new Fault('NOT_FOUND', `mailbox of ${userUid} not found`);
  return m;
}
