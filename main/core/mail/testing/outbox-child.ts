// A process running the mail engine on a profile, for the crash test: it may queue mails, then flushes the
// outbox and says when it is empty. The parent kills it (SIGKILL) at any moment and starts another on the
// same profile. Progress goes to stdout as JSON lines, written synchronously (a kill loses nothing written).
import { writeSync } from 'node:fs';
import type { SendPayload } from '../tasks/send-mail';
import { openTestEngine, type TestMailAccount } from './fixtures';

export interface ChildConfig {
  profileDir: string;
  account: TestMailAccount;
  /** Mails to write and queue before flushing (the first run of a trial). */
  queue?: { count: number; to: string; tag: string };
}

const say = (line: object) => writeSync(1, `${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  // Drafts are sent right after being written, as when the user sends before the autosave reached the server.
  const timings = { checkEveryMs: 600_000, draftPushDelayMs: 600_000 };
  const test = openTestEngine({ accounts: [config.account], profileDir: config.profileDir, timings });
  const { engine } = test;
  engine.start();
  if (config.queue) {
    const messageIds: string[] = [];
    for (let index = 0; index < config.queue.count; index++) {
      const draft = await engine.drafts.create(config.account.id);
      await engine.drafts.save(draft.id, {
        to: [{ address: config.queue.to }],
        subject: `${config.queue.tag} #${index}`,
        bodyText: `Message ${index} de l'essai ${config.queue.tag}.`,
      });
      const item = await engine.drafts.send(draft.id);
      messageIds.push(engine.mail.tasks.get<SendPayload>(item.id)!.payload.messageId);
    }
    say({ queued: messageIds, at: Date.now() });
  }
  const started = Date.now();
  while (engine.mail.tasks.list(config.account.id, 'mail.send').some((task) => task.state !== 'failed')) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const failed = engine.mail.tasks.list(config.account.id, 'mail.send').map((task) => task.lastError);
  say({ done: true, ms: Date.now() - started, failed });
  await test.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  say({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  process.exit(1);
});
