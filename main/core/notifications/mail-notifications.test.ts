// The notification center on the real mail engine: an IMAP account on the shared Dovecot (e2e/servers), mail
// delivered over LMTP. Other tests deliver to the same mailbox meanwhile: every assertion looks at its own subjects.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deliver, mailProfiles } from '../../../e2e/servers/mail';
import { servers, serversDir } from '../../../e2e/servers/index';
import { eventually, fastTimings, seedImapProfile } from '../mail/testing/fixtures';
import { call, useTempProfiles } from '../testing/helpers';
import { createRecordingNotifier } from './port';

serversDir();
const profile = mailProfiles[0]!;
const accountId = 'imap-notifications';
const address = `alice@${profile.domain}`;

const mail = (from: string, subject: string) =>
  [
    `From: ${from}`,
    `To: ${address}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomUUID()}@outside.test>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Bonjour.',
    '',
  ].join('\r\n');

describe('mail notifications through the core', () => {
  const profiles = useTempProfiles();

  it('notifies mail that arrives, not what the first sync finds, nor own mail', { timeout: 60_000 }, async () => {
    const profileDir = profiles.makeDir();
    const secrets = await seedImapProfile(profileDir, {
      id: accountId,
      address,
      username: 'alice',
      password: servers.users.alice,
      imapPort: profile.imapPort,
      smtpPort: profile.submissionPort,
    });
    const tag = randomUUID();
    const before = `Avant ${tag}`;
    await deliver(profile.lmtpPort, [address], mail('Secrétariat <secretariat@outside.test>', before));

    const notifier = createRecordingNotifier();
    const core = await profiles.openCore({
      profileDir,
      now: () => new Date(),
      accounts: { secrets },
      mail: { timings: fastTimings },
      notifier,
    });
    const inbox = await eventually(
      async () => (await call(core, 'mail:folders', { accountId })).find((folder) => folder.role === 'inbox'),
      'the inbox',
      30_000,
    );
    await call(core, 'mail:watch', { folderId: inbox.id });
    const listed = async (subject: string) =>
      (await call(core, 'mail:list', { folderId: inbox.id, limit: 200 })).items.some((m) => m.subject === subject);
    await eventually(() => listed(before), 'the first sync', 30_000);
    const mine = () => notifier.shown().filter((notification) => notification.body.includes(tag));
    expect(mine()).toEqual([]);

    const own = `De moi ${tag}`;
    await deliver(profile.lmtpPort, [address], mail(`Alice Martin <${address}>`, own));
    const arrived = `Convocation ${tag}`;
    await deliver(profile.lmtpPort, [address], mail('Secrétariat <secretariat@outside.test>', arrived));
    await eventually(async () => (await listed(own)) && listed(arrived), 'the new mail', 30_000);

    const [notification, ...others] = mine();
    expect(others).toEqual([]);
    expect(notification).toMatchObject({ app: 'mail', title: 'Secrétariat', body: arrived });
    const message = (await call(core, 'mail:list', { folderId: inbox.id, limit: 200 })).items.find(
      (m) => m.subject === arrived,
    )!;
    expect(notification!.target).toBe(`bastide://mail/${encodeURIComponent(message.id)}`);
    expect(notifier.badge()).toBeGreaterThan(0);
  });
});
