// P3: a mail delivered to the server → the new message in the store the renderer reads (IDLE on the watched
// folder, then the folder's sync), median and p95 over several deliveries.
import { randomUUID } from 'node:crypto';
import { deliver, simpleMessage, type MailProfile } from '../../../e2e/servers/mail';
import { openTestEngine, removeProfile } from '../../../main/core/mail/testing/fixtures';
import { account } from './sync';
import { median, millis, percentile, type Result } from './report';

const RUNS = 15;

export async function benchDeliveryLatency(profile: MailProfile): Promise<Result> {
  const who = account(profile, 'alice');
  const test = openTestEngine({ accounts: [who] });
  try {
    test.engine.start();
    await test.engine.settled();
    const stored = test.store.db.prepare('SELECT 1 FROM messages WHERE account_id = ? AND subject = ?');
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const subject = `Latence ${randomUUID()}`;
      const start = performance.now();
      await deliver(profile.lmtpPort, [who.address], simpleMessage({ to: who.address, subject }));
      while (!stored.get(who.id, subject)) {
        if (performance.now() - start > 10_000) throw new Error('the delivered mail never reached the store');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      samples.push(performance.now() - start);
      await test.engine.settled();
    }
    const p95 = percentile(samples, 0.95);
    return {
      id: 'P3',
      title: `delivery (LMTP) → message in the store, IDLE on INBOX (Dovecot ${profile.name})`,
      figures: `median ${millis(median(samples))}, p95 ${millis(p95)} over ${RUNS} deliveries`,
      target: '< 1.0 s',
      pass: p95 < 1_000,
    };
  } finally {
    await test.close();
    removeProfile(test.profileDir);
  }
}
