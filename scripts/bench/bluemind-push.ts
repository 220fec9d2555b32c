// Push-to-store latency on BlueMind (issue 6): a mail delivered on the emulator → the `mailreplica` event over
// the event bus → the folder's changeset → the new message in the store the renderer reads. Printed with the
// bare event-bus delay (delivery → event received) measured in the same run, so the sync's own cost shows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBlueMindEmulator } from '../../e2e/emulators/bluemind/index';
import { createHttpClient } from '../../main/connectors/http/http-client';
import { EventBusClient } from '../../main/connectors/bluemind/eventbus';
import { BlueMindMailRemote } from '../../main/connectors/bluemind/mail-remote';
import { BlueMindRuntime } from '../../main/connectors/bluemind/runtime';
import { keyValueOf } from '../../main/connectors/bluemind/state';
import { TestKeys, testNetwork } from '../../main/connectors/bluemind/testing';
import { mailSyncRepository } from '../../main/store/repositories/mail-sync';
import { openStore } from '../../main/store/store';

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const WARMUP = 5;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted.at(-1)! };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

export async function run(): Promise<void> {
  const emu = await startBlueMindEmulator({ bruteForce: false });
  const dir = mkdtempSync(join(tmpdir(), 'bastide-bench-bm-'));
  const store = openStore(join(dir, 'bench.sqlite'));
  store.accounts.put(
    {
      id: 'bm',
      kindId: 'bluemind',
      displayName: 'Alice',
      address: 'alice@example.test',
      selfPersonId: null,
      capabilities: ['mail'],
      state: 'online',
    },
    new Date(),
  );
  const network = testNetwork(10_000);
  const context = {
    network,
    http: createHttpClient(network),
    client: { name: 'Bastide', version: 'bench', device: 'bench' },
  };
  const keys = new TestKeys(context, emu.url, 'alice@example.test', 'alicepw');
  const runtime = new BlueMindRuntime({ baseUrl: emu.url, http: context.http, keys, state: keyValueOf(store, 'bm') });
  const remote = new BlueMindMailRemote({ runtime });
  const target = mailSyncRepository(store.db).target('bm');
  const has = store.db.prepare("SELECT 1 FROM messages WHERE account_id = 'bm' AND subject = ?");

  // The mail engine's part: every change the remote reports runs one sync (requests during a sync fold into one).
  let syncing: Promise<void> | null = null;
  let again = false;
  const synced = new Set<() => void>();
  const sync = () => {
    if (syncing) {
      again = true;
      return;
    }
    syncing = (async () => {
      do {
        again = false;
        await remote.sync(target);
        for (const resolve of synced) resolve();
      } while (again);
    })()
      .catch((error: unknown) => console.error('sync failed', error))
      .finally(() => (syncing = null));
  };
  await remote.sync(target);
  remote.watch('INBOX', sync);
  while (!remote.pushConnected) await new Promise((resolve) => setTimeout(resolve, 5));
  await remote.sync(target); // the first sync after connecting reads every folder

  // The bare event bus, on its own socket: delivery → event received.
  const alice = emu.control.user('alice');
  let eventAt: (() => void) | null = null;
  const bus = new EventBusClient({
    baseUrl: emu.url,
    keys,
    onEvent: () => eventAt?.(),
  });
  await bus.register(`mailreplica.${alice.uid}.updated`);
  bus.start();
  await bus.whenConnected();

  const toStore: number[] = [];
  const toEvent: number[] = [];
  for (let i = 0; i < RUNS + WARMUP; i++) {
    const subject = `Mesure ${i}`;
    const stored = new Promise<void>((resolve) => {
      const check = () => {
        if (has.get(subject)) {
          synced.delete(check);
          resolve();
        }
      };
      synced.add(check);
    });
    const event = new Promise<void>((resolve) => (eventAt = resolve));
    const started = performance.now();
    emu.control.injectMail({ from: 'bob', to: ['alice'], subject, text: `Mesure de latence ${i}` });
    await event;
    const evented = performance.now();
    await stored;
    const done = performance.now();
    if (i >= WARMUP) {
      toStore.push(done - started);
      toEvent.push(evented - started);
    }
  }

  const store_ = stats(toStore);
  const event_ = stats(toEvent);
  console.log(`BlueMind push → store (${RUNS} mails, emulator on loopback)`);
  console.log(
    `  delivery → message in the store: median ${ms(store_.median)}, p95 ${ms(store_.p95)} (min ${ms(store_.min)}, max ${ms(store_.max)})`,
  );
  console.log(`  delivery → event-bus event (bare): median ${ms(event_.median)}, p95 ${ms(event_.p95)}`);
  console.log(`  sync cost after the event: median ${ms(store_.median - event_.median)}`);

  bus.close();
  await remote.close();
  while (syncing) await syncing;
  await emu.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
