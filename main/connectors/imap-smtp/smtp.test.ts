// SMTP submission sessions on the real servers: OpenSMTPD (behind Dovecot's submission) takes at most 100
// messages per session and then answers "452 4.5.3 … Too many messages sent" at MAIL FROM. An outbox flush
// sends many more in a row: the session is renewed before, and a mail refused that way goes on a new one.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailProfiles, simpleMessage, withImap } from '../../../e2e/servers/mail';
import { servers, serversDir } from '../../../e2e/servers/index';
import { testAccess } from '../../core/mail/testing/fixtures';
import { SmtpSession } from './smtp';

serversDir();

const profile = mailProfiles.find((candidate) => candidate.name === 'full')!;
const sender = `carol@${profile.domain}`;
const recipient = `bob@${profile.domain}`;
const account = {
  id: 'smtp-sessions',
  user: 'carol',
  password: servers.users.carol,
  address: sender,
  imapPort: profile.imapPort,
  smtpPort: profile.submissionPort,
};

describe('SMTP sessions on Dovecot "full" (OpenSMTPD relay)', () => {
  let dir: string;
  const tag = `smtp-sessions-${randomUUID().slice(0, 8)}`;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bastide-smtp-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    // The shared recipient's INBOX does not keep this test's mails.
    await withImap(profile.imapPort, 'bob', servers.users.bob, async (client) => {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const uids = await client.search({ subject: tag }, { uid: true });
        if (uids && uids.length > 0) await client.messageDelete(uids, { uid: true });
      } finally {
        lock.release();
      }
    });
  });

  async function sendMany(session: SmtpSession, count: number): Promise<string[]> {
    const file = join(dir, `${randomUUID()}.eml`);
    const accepted: string[] = [];
    for (let index = 0; index < count; index++) {
      writeFileSync(file, simpleMessage({ from: sender, to: recipient, subject: `${tag} ${index}` }));
      const result = await session.submit({ from: sender, to: [recipient] }, file);
      accepted.push(...result.accepted);
    }
    return accepted;
  }

  it('sends more mails in a row than the server takes in one session', { timeout: 60_000 }, async () => {
    const session = new SmtpSession(testAccess(account));
    try {
      expect(await sendMany(session, 105)).toHaveLength(105);
    } finally {
      session.close();
    }
  });

  it(
    'sends a mail the server refused as "too many for this session" again on a new session',
    {
      timeout: 60_000,
    },
    async () => {
      // Renewing later than the server's cap: the 101st mail meets the 452 and must still go, once.
      const session = new SmtpSession(testAccess(account), { messagesPerConnection: 1_000 });
      try {
        expect(await sendMany(session, 102)).toHaveLength(102);
      } finally {
        session.close();
      }
    },
  );
});
