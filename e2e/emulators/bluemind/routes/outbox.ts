// IOutbox flush, ITask polling and IOfflineMgmt id reservation (brief §4.6, §4.7, E12, E14).

import { verbAllows, mailboxVerb, mailboxOfUser } from '../access.js';
import { flushOutbox } from '../delivery.js';
import { Fault, json, type Ctx } from '../http.js';
import { type Task } from '../model.js';
import { type RouteSpec } from '../router.js';

function flush(ctx: Ctx) {
  const state = ctx.state;
  const caller = ctx.user();
  const owner = state.userByUid(ctx.params.userUid ?? '');
  if (!owner) throw new Fault('NOT_FOUND', `user ${ctx.params.userUid} not found`);
  const mailbox = mailboxOfUser(state, owner.uid);
  // Needs Write on the mailbox (brief §4.7 step 3).
  if (!verbAllows(mailboxVerb(mailbox, caller.uid), 'write'))
    throw new Fault('PERMISSION_DENIED', 'no write access to this mailbox');
  const final = flushOutbox(state, owner, mailbox);
  const task: Task = {
    id: state.nextTaskId(),
    pendingPolls: state.options.taskPollsBeforeDone,
    final,
    logs: ['FLUSHING OUTBOX', final.lastLogEntry],
  };
  state.tasks.set(task.id, task);
  return json({ id: task.id });
}

function taskStatus(ctx: Ctx) {
  const task = ctx.state.tasks.get(ctx.params.taskId ?? '');
  if (!task) throw new Fault('NOT_FOUND', `task ${ctx.params.taskId} not found`);
  if (task.pendingPolls > 0) {
    task.pendingPolls -= 1;
    return json({ steps: 1, progress: 0, lastLogEntry: 'FLUSHING OUTBOX', state: 'InProgress', result: null });
  }
  return json(task.final);
}

export const outboxRoutes: RouteSpec[] = [
  { method: 'POST', path: '/api/outbox/{domainUid}/{userUid}/flush', handler: flush },
  { method: 'GET', path: '/api/tasks/{taskId}', handler: taskStatus },
  {
    method: 'GET',
    path: '/api/tasks/{taskId}/_currentLogs',
    handler: (ctx) => {
      const task = ctx.state.tasks.get(ctx.params.taskId ?? '');
      if (!task) throw new Fault('NOT_FOUND', `task ${ctx.params.taskId} not found`);
      const offset = Number(ctx.query.get('offset') ?? '0') || 0;
      return json(task.logs.slice(offset));
    },
  },
  {
    method: 'POST',
    path: '/api/offline/{domainUid}/{ownerUid}/_allocateOfflineIds',
    handler: (ctx) => {
      if (ctx.params.ownerUid !== ctx.user().uid) throw new Fault('PERMISSION_DENIED', 'not your container owner');
      const count = Math.max(0, Number(ctx.query.get('idCount') ?? '0') || 0);
      return json({ count, globalCounter: ctx.state.reserveIds(count) });
    },
  },
];
