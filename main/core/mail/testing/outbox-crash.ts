// The outbox crash test: a child process queues mails and starts flushing them; it is killed (SIGKILL) at a
// random moment of the flush; another process on the same profile finishes the job. Then, on the servers,
// every queued Message-ID must be exactly once in the sender's Sent folder and in the recipient's INBOX.
//
// One case no client can decide: killed after the end of DATA and before the server's 250 reached it, the
// mail was accepted or not, and nothing on the sender's side tells (a kill before the end of DATA makes the
// server drop it; the Sent check covers every later moment). The task says so (`submitting`); the sending
// is tried again with the same Message-ID, which recipient servers that suppress duplicates (Cyrus, Zimbra,
// Exchange, Gmail) recognise. The test reports those separately: for them a second copy at the recipient is
// the protocol's limit, not the client's; every other mail must be there exactly once.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { build } from 'esbuild';
import { countMessageId, mailProfiles, withImap } from '../../../../e2e/servers/mail';
import { servers } from '../../../../e2e/servers/index';
import type { ChildConfig } from './outbox-child';
import type { TestMailAccount } from './fixtures';

/** The repository's root, found upwards from this module (which may run from a bundle in .cache/). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'main', 'core'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
}

export interface CrashOptions {
  trials: number;
  mailsPerTrial: number;
  log?: (line: string) => void;
}

export interface CrashReport {
  trials: number;
  mails: number;
  /** Trials whose first process was killed before it had flushed everything. */
  killedMidFlush: number;
  /** Kills that landed while SMTP was under way for a mail (its acceptance unknowable to the client). */
  killedMidSubmission: number;
  /** Of those mails, the ones the server had in fact accepted: they reached the recipient twice. */
  ambiguousDuplicates: number;
  failures: string[];
  durationMs: number;
}

interface ChildRun {
  queued: string[];
  done: boolean;
  killed: boolean;
  flushMs: number | null;
}

/** Bundles the child once (the code base imports without extensions, which plain Node does not resolve). */
async function bundleChild(): Promise<string> {
  const root = repositoryRoot();
  const outdir = join(root, '.cache', 'test-bundles');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, `outbox-child-${process.pid}.mjs`);
  await build({
    entryPoints: [join(root, 'main', 'core', 'mail', 'testing', 'outbox-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

function runChild(script: string, config: ChildConfig, killAfterQueuedMs: number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', script, JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const run: ChildRun = { queued: [], done: false, killed: false, flushMs: null };
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { queued?: string[]; done?: boolean; ms?: number; error?: string };
      if (message.error) reject(new Error(`child failed: ${message.error}`));
      if (message.queued) {
        run.queued = message.queued;
        if (killAfterQueuedMs !== null) {
          setTimeout(() => {
            run.killed = !run.done;
            child.kill('SIGKILL');
          }, killAfterQueuedMs);
        }
      }
      if (message.done) {
        run.done = true;
        run.flushMs = message.ms ?? null;
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve(run));
  });
}

/** The mails whose SMTP submission was under way when the process died (their task says `submitting`). */
function midSubmission(profileDir: string): Set<string> {
  const db = new DatabaseSync(join(profileDir, 'bastide.sqlite'), { readOnly: true });
  try {
    const rows = db.prepare("SELECT payload FROM tasks WHERE kind = 'mail.send'").all() as { payload: string }[];
    const payloads = rows.map((row) => JSON.parse(row.payload) as { step: string; messageId: string });
    return new Set(payloads.filter((payload) => payload.step === 'submitting').map((payload) => payload.messageId));
  } finally {
    db.close();
  }
}

type Copies = Map<string, { sent: number; received: number }>;

/** Counts each mail's copies in Sent and at the recipient, waiting a while for deliveries still on their way. */
function copies(
  profile: (typeof mailProfiles)[number],
  sender: TestMailAccount,
  messageIds: string[],
): Promise<Copies> {
  return withImap(profile.imapPort, sender.user, sender.password, (senderClient) =>
    withImap(profile.imapPort, 'bob', servers.users.bob, async (recipientClient) => {
      const deadline = Date.now() + 15_000;
      const counts: Copies = new Map();
      for (;;) {
        for (const messageId of messageIds) {
          const sent = await countMessageId(senderClient, 'Sent', messageId);
          const received = await countMessageId(recipientClient, 'INBOX', messageId);
          counts.set(messageId, { sent, received });
        }
        const settled = [...counts.values()].every((count) => count.sent >= 1 && count.received >= 1);
        if (settled || Date.now() > deadline) return counts;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }),
  );
}

export async function runCrashTrials(options: CrashOptions): Promise<CrashReport> {
  const started = Date.now();
  const script = await bundleChild();
  const report: CrashReport = {
    trials: options.trials,
    mails: 0,
    killedMidFlush: 0,
    killedMidSubmission: 0,
    ambiguousDuplicates: 0,
    failures: [],
    durationMs: 0,
  };
  try {
    // One lane per server profile, side by side (they share nothing); trials alternate between them.
    await Promise.all(
      mailProfiles.map(async (profile, lane) => {
        let window: number | null = null;
        for (let trial = lane; trial < options.trials; trial += mailProfiles.length) {
          window = await runTrial(script, profile, trial, window, options, report);
        }
      }),
    );
  } finally {
    rmSync(script, { force: true });
  }
  report.durationMs = Date.now() - started;
  return report;
}

/**
 * One trial; returns how long an uninterrupted flush takes on this profile. The first trial of a profile
 * measures it (no kill); the next ones are killed at a random moment within it.
 */
async function runTrial(
  script: string,
  profile: (typeof mailProfiles)[number],
  trial: number,
  window: number | null,
  options: CrashOptions,
  report: CrashReport,
): Promise<number | null> {
  const sender: TestMailAccount = {
    id: `crash-${profile.name}`,
    user: 'carol',
    password: servers.users.carol,
    address: `carol@${profile.domain}`,
    imapPort: profile.imapPort,
    smtpPort: profile.submissionPort,
  };
  const profileDir = mkdtempSync(join(tmpdir(), 'bastide-crash-'));
  try {
    const queue = {
      count: options.mailsPerTrial,
      to: `bob@${profile.domain}`,
      tag: `crash-${randomUUID().slice(0, 8)}`,
    };
    // Within the first 80% of a flush as long as the measured one (flushes vary with the machine's load).
    const killAfter = window === null ? null : Math.floor(Math.random() * window * 0.8);
    const first = await runChild(script, { profileDir, account: sender, queue }, killAfter);
    if (first.killed) report.killedMidFlush++;
    const inFlight = first.done ? new Set<string>() : midSubmission(profileDir);
    if (inFlight.size > 0) report.killedMidSubmission++;
    if (!first.done) await runChild(script, { profileDir, account: sender }, null);
    report.mails += first.queued.length;
    const counts = await copies(profile, sender, first.queued);
    for (const messageId of first.queued) {
      const { sent, received } = counts.get(messageId)!;
      const ambiguous = inFlight.has(messageId) && received === 2;
      if (ambiguous) report.ambiguousDuplicates++;
      if (sent !== 1 || (received !== 1 && !ambiguous)) {
        report.failures.push(
          `trial ${trial}: ${profile.name} ${messageId}: ${sent} in Sent, ${received} in the recipient's INBOX`,
        );
      }
    }
    options.log?.(
      `trial ${trial + 1}/${options.trials} (${profile.name}): ${first.killed ? `killed after ${killAfter} ms` : 'not killed'}, ` +
        `${first.queued.length} mails checked`,
    );
    return window ?? (first.flushMs === null ? null : Math.max(first.flushMs, 20));
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
}
