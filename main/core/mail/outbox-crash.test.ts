// kill -9 of the process running the core in the middle of an outbox flush, again and again: every queued mail
// must end up exactly once in Sent and once in the recipient's INBOX, except a mail whose SMTP submission was
// cut between the end of DATA and the server's reply (see testing/outbox-crash.ts: no client can know).
// BASTIDE_CRASH_TRIALS sets the number of runs (20 by default); `npm run bench -- crash --trials N` runs more.
import { describe, expect, it } from 'vitest';
import { serversDir } from '../../../e2e/servers/index';
import { mailProfiles } from '../../../e2e/servers/mail';
import { runCrashTrials } from './testing/outbox-crash';

serversDir();

const trials = Number(process.env.BASTIDE_CRASH_TRIALS ?? 20);

describe('outbox crash test', () => {
  it(
    `sends each queued mail exactly once across ${trials} kill -9 in the middle of a flush`,
    { timeout: 90_000 },
    async () => {
      const report = await runCrashTrials({ trials, mailsPerTrial: 5 });
      const { failures, ...figures } = report;
      console.log(`outbox crash test: ${JSON.stringify(figures)}`);
      expect(failures).toEqual([]);
      expect(report.mails).toBe(trials * 5);
      // Most kills must land inside the flush, or the test proves little (the first trial of each server only
      // measures, the others kill within the first 80% of that flush).
      expect(report.killedMidFlush).toBeGreaterThanOrEqual(Math.floor((trials - mailProfiles.length) / 2));
    },
  );
});
