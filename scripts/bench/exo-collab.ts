// Benchmarks of issue 5 against the eXo emulator: chat latency (sent by one user → in the other user's store,
// through CometD), opening a 10,000-message conversation from the local store, and listing a 5,000-entry folder.
// Figures are printed with their targets; a miss never fails the run.
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { startExoEmulator } from '../../e2e/emulators/exo';
import { exoTestClient } from '../../main/connectors/exo/testing';
import { openHarness } from '../../main/core/spaces/testing';
import type { ChatMessageRecord } from '../../main/store/records';

const median = (values: number[]) => percentile(values, 50);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const ms = (value: number) => `${value.toFixed(1)} ms`;
function report(name: string, value: number, target: number | null) {
  const verdict = target === null ? '' : value <= target ? `  PASS (≤ ${target} ms)` : `  MISS (target ≤ ${target} ms)`;
  console.log(`  ${name.padEnd(58)} ${ms(value).padStart(10)}${verdict}`);
}

export async function run(): Promise<void> {
  console.log('eXo (issue 5): chat, conversations, folders');
  const exo = await startExoEmulator();
  const alice = await openHarness({ url: exo.url });
  const bob = await exoTestClient(exo.url, 'bob', 'bobpw', { accountId: 'bob' });
  try {
    await bob.client.connect();
    const { conversations } = await bob.client.conversations();
    bob.refs.keep(conversations);
    const withAlice = conversations.find((c) => c.title === 'Alice Martin')!;
    const aliceRoom = alice.store.chat.conversations().find((c) => c.title === 'Bob Lefèvre')!;

    // 1. Sent by Bob's client → in Alice's store (CometD delivery, then the store write).
    const latencies: number[] = [];
    for (let i = 0; i < 40; i++) {
      const text = `bench ${i} ${randomUUID()}`;
      const started = performance.now();
      const shown = alice.until(
        () => alice.store.chat.messages(aliceRoom.id, undefined, 5).some((m) => m.text === text),
        10_000,
      );
      await bob.client.sendChat(withAlice.id, text, randomUUID(), null);
      await shown;
      latencies.push(performance.now() - started);
    }
    report('chat: sent → in the other user’s store, median', median(latencies), null);
    report('chat: sent → in the other user’s store, p95', percentile(latencies, 95), null);

    // 2. A conversation of 10,000 messages: the first screen (50 newest) from the local store.
    const carol = alice.store.chat.conversations().find((c) => c.title === 'Carol Dubois')!;
    const start = Date.now() - 10_000 * 60_000;
    const records: ChatMessageRecord[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `${alice.accountId}:m:bench${i}`,
      conversationId: carol.id,
      authorId: `${alice.accountId}:u:${i % 2 ? 'alice' : 'carol'}`,
      text: `Message ${i} de l’historique, avec un peu de texte pour faire bonne mesure.`,
      sentAt: new Date(start + i * 60_000).toISOString(),
      editedAt: null,
    }));
    const writer = alice.collab.writer(alice.accountId);
    for (let i = 0; i < records.length; i += 1000) {
      writer.messages(records.slice(i, i + 1000).map((r) => ({ ...r, nonce: null, deleted: false, attachment: null })));
    }
    const opens: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const page = alice.collab.chat.decorate(alice.store.chat.messages(carol.id, undefined, 50));
      opens.push(performance.now() - t0);
      if (page.length !== 50) throw new Error('first screen incomplete');
    }
    report('10,000-message conversation: first screen (median)', median(opens), 100);
    report('10,000-message conversation: first screen (p95)', percentile(opens, 95), 100);

    // 3. A folder of 5,000 documents: listed from the server into the store, then read from the store.
    const folder = `${exo.control.personalDrivePath('alice')}/Documents`;
    for (let i = 0; i < 5000; i++) {
      await exo.control.putDocument(`${folder}/Pièce ${String(i).padStart(4, '0')}.txt`, `pièce ${i}`, 'alice');
    }
    const archives = alice.store.files
      .list(null, null)
      .find((f) => f.accountId === alice.accountId && f.name === 'Documents')!;
    const client = alice.runtime().onlineClient()!;
    const t0 = performance.now();
    const listed = await client.files({ parentId: archives.id, spaceId: null });
    const fetched = performance.now() - t0;
    writer.files({ parentId: archives.id, spaceId: null }, listed, true);
    const stored = performance.now() - t0;
    report(`5,000-entry folder: listed from the server (${listed.length} entries)`, fetched, null);
    report('5,000-entry folder: listed and written to the store', stored, null);
    const reads: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t1 = performance.now();
      await alice.collab.documents.decorate(alice.store.files.list(archives.id, null));
      reads.push(performance.now() - t1);
    }
    report('5,000-entry folder: shown from the store (median)', median(reads), 100);
  } finally {
    await bob.client.close();
    await alice.close();
    await exo.close();
  }
}
