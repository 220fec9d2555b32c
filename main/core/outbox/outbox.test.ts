import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tasksRepository } from '../../store/repositories/outbox';
import { openStore, type Store } from '../../store/store';
import { CoreError } from '../errors';
import { backoffDelay } from './backoff';
import { classify } from './failure';
import { TaskRunner, type TaskHandler } from './task-runner';

describe('back-off', () => {
  it('doubles up to its ceiling, with jitter in the upper half', () => {
    const policy = { baseMs: 1_000, capMs: 10_000 };
    expect(backoffDelay(1, () => 0, policy)).toBe(500);
    expect(backoffDelay(1, () => 1, policy)).toBe(1_000);
    expect(backoffDelay(3, () => 1, policy)).toBe(4_000);
    expect(backoffDelay(30, () => 0.5, policy)).toBe(7_500);
  });
});

describe('failures', () => {
  it('tells offline, sign-in, the user’s and later ones apart', () => {
    expect(classify(new CoreError('network.unreachable')).kind).toBe('offline');
    expect(classify(new CoreError('tls.untrusted')).kind).toBe('offline');
    expect(classify(new CoreError('auth.expired')).kind).toBe('signIn');
    expect(classify(new CoreError('outbox.recipientRejected')).kind).toBe('user');
    expect(classify(new CoreError('mail.quotaExceeded')).kind).toBe('later');
    expect(classify(new TypeError('bug'))).toEqual({ kind: 'later', error: { code: 'internal' } });
  });
});

describe('task runner', () => {
  const stores: { store: Store; dir: string }[] = [];
  afterEach(() => {
    for (const { store, dir } of stores.splice(0)) {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  function setup(handlers: Record<string, TaskHandler<never>>, reachable = { value: true }) {
    const dir = mkdtempSync(join(tmpdir(), 'bastide-tasks-'));
    const store = openStore(join(dir, 'bastide.sqlite'));
    stores.push({ store, dir });
    store.accounts.put(
      {
        id: 'a',
        kindId: 'imap',
        displayName: 'A',
        address: 'a@x',
        selfPersonId: null,
        capabilities: ['mail'],
        state: 'online',
      },
      new Date(),
    );
    const tasks = tasksRepository(store.db);
    let now = 1_000_000;
    const unreachable: string[] = [];
    const runner = new TaskRunner({
      accountId: 'a',
      tasks,
      handlers,
      now: () => now,
      random: () => 0,
      backoff: { baseMs: 1_000, capMs: 60_000 },
      canRun: () => reachable.value,
      onUnreachable: (failure) => {
        reachable.value = false;
        unreachable.push(failure.error.code);
      },
      onChange: () => {},
    });
    const add = (id: string, kind = 'k', payload: unknown = {}) =>
      tasks.add({ id, accountId: 'a', kind, idempotencyKey: id, payload, notBefore: now }, now);
    return { tasks, runner, add, unreachable, advance: (ms: number) => (now += ms), reachable };
  }

  it('runs due tasks oldest first, resumes from saved progress, and deletes them when done', async () => {
    const seen: string[] = [];
    const { tasks, runner, add } = setup({
      k: {
        async run(task, save) {
          seen.push(`${task.id}:${(task.payload as { step?: number }).step ?? 0}`);
          save({ step: 1 } as never);
        },
      },
    });
    add('t1');
    add('t2');
    expect(tasks.add({ id: 'x', accountId: 'a', kind: 'k', idempotencyKey: 't1', payload: {}, notBefore: 0 }, 0)).toBe(
      false,
    );
    runner.kick();
    await runner.idle();
    expect(seen).toEqual(['t1:0', 't2:0']);
    expect(tasks.list('a')).toEqual([]);
  });

  it('pauses the queue when offline, keeps the user’s failures, retries the rest later', async () => {
    let offline = true;
    const { tasks, runner, add, unreachable, reachable, advance } = setup({
      net: {
        async run() {
          if (offline) throw new CoreError('network.unreachable', { host: 'x' });
        },
      },
      refused: {
        async run() {
          throw new CoreError('outbox.recipientRejected', { recipients: 'x@y' });
        },
      },
      busy: {
        async run() {
          throw new CoreError('mail.serverBusy');
        },
      },
    });
    add('a1', 'net');
    add('a2', 'refused');
    runner.kick();
    await runner.idle();
    expect(unreachable).toEqual(['network.unreachable']);
    expect(tasks.get('a1')).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: { code: 'network.unreachable' },
    });
    expect(tasks.get('a2')).toMatchObject({ state: 'pending', attempts: 0 });

    offline = false;
    reachable.value = true;
    tasks.makeDue('a', 2_000_000);
    advance(1_000_000);
    add('a3', 'busy');
    runner.kick();
    await runner.idle();
    expect(tasks.get('a1')).toBeUndefined();
    expect(tasks.get('a2')).toMatchObject({ state: 'failed', lastError: { code: 'outbox.recipientRejected' } });
    expect(tasks.get('a3')).toMatchObject({ state: 'pending', lastError: { code: 'mail.serverBusy' } });
    runner.stop();
  });

  it('puts back tasks a crash left running, counting the interrupted attempt', () => {
    const { tasks, add } = setup({});
    add('t');
    expect(tasks.claim('t', 0)).toBe(true);
    expect(tasks.claim('t', 0)).toBe(false);
    expect(tasks.recoverInterrupted()).toBe(1);
    expect(tasks.get('t')).toMatchObject({ state: 'pending', attempts: 1 });
  });
});
