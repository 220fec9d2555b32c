// Push-to-store latency on Zimbra (issue 6): a document saved on the emulator → the WaitSet doorbell answers →
// delta SyncRequest → the document read and written into the store the renderer reads. Printed with the
// bare doorbell delay (change → WaitSetRequest answered) measured the same way, so the sync's own cost shows,
// and the delay before a mail change reaches the mail sync's hook (the account's mail runs over IMAP).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startZimbraEmulator } from '../../e2e/emulators/zimbra/index';
import { createZimbraAccount } from '../../main/connectors/zimbra/account';
import { zimbraSinkOf, zimbraStateOf } from '../../main/connectors/zimbra/store-adapter';
import { testClient } from '../../main/connectors/zimbra/testing';
import { openStore } from '../../main/store/store';

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const WARMUP = 5;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted.at(-1)! };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const line = (label: string, samples: number[]) => {
  const s = stats(samples);
  console.log(`  ${label.padEnd(42)} median ${ms(s.median)}   p95 ${ms(s.p95)}   (min ${ms(s.min)}, max ${ms(s.max)})`);
};

export async function run(): Promise<void> {
  const zimbra = await startZimbraEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'bastide-bench-zimbra-'));
  const store = openStore(join(dir, 'bench.sqlite'));
  const accountId = 'zimbra';
  store.accounts.put(
    {
      id: accountId,
      kindId: 'zimbra',
      displayName: 'Alice',
      address: 'alice@example.test',
      selfPersonId: null,
      capabilities: ['files', 'calendar', 'directory'],
      state: 'online',
    },
    new Date(),
  );
  const hasFile = store.db.prepare('SELECT 1 FROM files WHERE account_id = ? AND name = ?');
  const waiting = new Map<string, () => void>();
  let mailHook: (() => void) | null = null;
  const account = createZimbraAccount({
    accountId,
    client: testClient(zimbra.url).client,
    state: zimbraStateOf({ store, accountId }),
    sink: zimbraSinkOf({ store, accountId }),
    now: () => new Date(),
    requestMailSync: () => mailHook?.(),
    changed: (area) => {
      if (area !== 'files') return;
      for (const [name, resolve] of waiting) {
        if (hasFile.get(accountId, name)) {
          waiting.delete(name);
          resolve();
        }
      }
    },
  });
  await account.syncAll();
  await account.startPush();

  // The bare doorbell, on its own WaitSet: change → WaitSetRequest answered.
  const raw = testClient(zimbra.url).client;
  const { zimbraId } = await account.info();

  const toStore: number[] = [];
  const doorbell: number[] = [];
  const mail: number[] = [];
  try {
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const name = `Bench ${i}.txt`;
      const created = await raw.call('CreateWaitSetRequest', { defTypes: 'all', add: { a: [{ id: zimbraId }] } });
      const bell = raw.call(
        'WaitSetRequest',
        { waitSet: created.waitSet, seq: created.seq, block: 1, timeout: 60 },
        { timeoutMs: 90_000 },
      );
      const inStore = new Promise<void>((resolve) => waiting.set(name, resolve));
      // Give both long-polls time to be waiting on the server before the change.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const start = performance.now();
      zimbra.control.createDocument('alice', { name, content: `bench ${i}`, by: 'bob' });
      const rang = bell.then(() => performance.now() - start);
      await inStore;
      const stored = performance.now() - start;
      const rung = await rang;
      await raw.call('DestroyWaitSetRequest', { waitSet: created.waitSet });

      const mailStart = performance.now();
      const hooked = new Promise<void>((resolve) => (mailHook = resolve));
      zimbra.control.deliverMessage('alice', { from: 'bob', subject: `Bench ${i}`, text: 'x' });
      await hooked;
      const mailed = performance.now() - mailStart;
      if (i >= WARMUP) {
        toStore.push(stored);
        doorbell.push(rung);
        mail.push(mailed);
      }
    }
  } finally {
    await account.stop();
    store.close();
    await zimbra.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Zimbra push (emulator, WaitSet doorbell + delta SyncRequest), ${RUNS} runs:`);
  line('document saved → in the store', toStore);
  line('bare doorbell (change → WaitSet answered)', doorbell);
  line('mail delivered → mail sync requested', mail);
}
