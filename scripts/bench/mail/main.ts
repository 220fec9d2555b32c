// The mail benchmarks (issue 4): P1 initial header sync, P2 no-change sync, P3 delivery → store, P4 search,
// P8 outbox flush; `crash --trials N` runs the outbox crash test instead.
import { mailProfiles } from '../../../e2e/servers/mail';
import { runCrashTrials } from '../../../main/core/mail/testing/outbox-crash';
import { print, seconds, type Result } from './report';
import { benchDeliveryLatency } from './latency';
import { benchOutboxFlush } from './outbox';
import { benchSearch } from './search';
import { benchSync } from './sync';

const [full, limited] = mailProfiles as [(typeof mailProfiles)[0], (typeof mailProfiles)[1]];

export async function runMailBenchmarks(args: string[]): Promise<void> {
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  if (args[0] === 'crash') {
    const trials = Number(option('--trials') ?? 20);
    console.log(`Outbox crash test: ${trials} kill -9 in the middle of a flush`);
    const report = await runCrashTrials({ trials, mailsPerTrial: 5, log: (line) => console.log(`  ${line}`) });
    console.log(
      `  ${report.mails} mails; ${report.killedMidFlush} kills mid-flush, ${report.killedMidSubmission} during an SMTP ` +
        `submission (${report.ambiguousDuplicates} accepted by the server before the kill: 2 copies at the recipient, ` +
        `same Message-ID); ${seconds(report.durationMs)}`,
    );
    for (const failure of report.failures) console.log(`  FAIL ${failure}`);
    console.log(report.failures.length === 0 ? '  PASS' : `  ${report.failures.length} FAILURES`);
    return;
  }
  const only = (option('--only') ?? '').toUpperCase().split(',').filter(Boolean);
  const wanted = (id: string) => only.length === 0 || only.includes('MAIL') || only.includes(id);
  const messages = Number(option('--messages') ?? 20_000);
  const mails = Number(option('--mails') ?? 1_000);
  console.log('Mail benchmarks (real Dovecot servers on loopback; figures, ratios and targets)');
  const results: Result[] = [];
  const run = async (id: string, work: () => Promise<Result | Result[]>) => {
    if (!wanted(id)) return;
    try {
      for (const result of [await work()].flat()) {
        print(result);
        results.push(result);
      }
    } catch (error) {
      console.log(`${id}   could not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await run('P1', () => benchSync(full, messages));
  if (!wanted('P1')) await run('P2', async () => (await benchSync(full, messages))[1]!);
  await run('P2', async () => (await benchSync(limited, 500))[1]!);
  await run('P3', () => benchDeliveryLatency(full));
  await run('P4', () => benchSearch());
  await run('P8', () => benchOutboxFlush(full, mails));
  const missed = results.filter((result) => !result.pass).map((result) => result.id);
  console.log(
    missed.length === 0 ? 'All targets met.' : `Targets missed: ${missed.join(', ')} (reported, not failed).`,
  );
}
