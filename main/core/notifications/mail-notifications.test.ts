// The notification center on the real mail engine: an IMAP account on the shared Dovecot (e2e/servers), mail
// delivered over LMTP. Other tests deliver to the same mailbox meanwhile: every assertion looks at its own subjects.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deliver, mailProfiles } from '../../../e2e/servers/mail';
import { servers, serversDir } from '../../../e2e/servers/index';
import { openStore } from '../../store/store';
import { DATABASE_FILE } from '../index';
import { eventually, fastTimings } from '../mail/testing/fixtures';
import { MemorySecretStore } from '../secrets/memory-store';
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
    const store = openStore(join(profileDir, DATABASE_FILE));
    const endpoint = (port: number) => ({ host: '127.0.0.1', port, security: 'none' as const });
    store.accounts.put(
      {
        id: accountId,
        kindId: 'imap',
        displayName: 'Alice Martin',
        address,
        selfPersonId: null,
        capabilities: ['mail'],
        state: 'offline',
      },
      new Date(),
      {
        server: { type: 'mail', incoming: endpoint(profile.imapPort), outgoing: endpoint(profile.submissionPort) },
        username: 'alice',
        method: 'password',
      },
    );
    store.close();
    const secrets = new MemorySecretStore();
    await secrets.set(accountId, 'password', servers.users.alice);
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
