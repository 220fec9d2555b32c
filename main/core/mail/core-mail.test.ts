// Mail through the whole core, as the renderer reaches it: an IMAP/SMTP account set up like the accounts
// module stores it (settings in the profile, password in the secret store), the contract's channels, events.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countMessageId, deliver, mailProfiles, withImap } from '../../../e2e/servers/mail';
import { servers, serversDir } from '../../../e2e/servers/index';
import type { EventName } from '../../../preload/contract';
import { MemorySecretStore } from '../secrets/memory-store';
import { call, useTempProfiles } from '../testing/helpers';
import { eventually, fastTimings, seedImapProfile } from './testing/fixtures';

serversDir();

describe.each(mailProfiles)('mail through the core on Dovecot "$name"', (profile) => {
  const profiles = useTempProfiles();
  const accountId = `imap-${profile.name}`;
  const address = `alice@${profile.domain}`;

  async function openCore() {
    const profileDir = profiles.makeDir();
    const secrets = await seedImapProfile(profileDir, {
      id: accountId,
      address,
      username: 'alice',
      password: servers.users.alice,
      imapPort: profile.imapPort,
      smtpPort: profile.submissionPort,
    });
    const opened: string[] = [];
    const events: EventName[] = [];
    const core = await profiles.openCore({
      profileDir,
      now: () => new Date(),
      accounts: { secrets },
      openPath: async (path) => void opened.push(path),
      mail: { timings: fastTimings },
      onEvent: (event) => events.push(event),
    });
    return { core, opened, events };
  }

  it('syncs, writes, sends and opens attachments over the contract', async () => {
    const { core, opened, events } = await openCore();
    const inbox = await eventually(
      async () => (await call(core, 'mail:folders', { accountId })).find((folder) => folder.role === 'inbox'),
      'the folders',
    );
    expect(await call(core, 'mail:connectivity')).toEqual([
      { accountId, reachable: true, error: null, nextAttemptAt: null },
    ]);
    await call(core, 'mail:watch', { folderId: inbox.id });

    const subject = `Convocation ${randomUUID()}`;
    const boundary = 'b';
    await deliver(
      profile.lmtpPort,
      [address],
      [
        'From: Secrétariat <secretariat@outside.test>',
        `To: ${address}`,
        `Subject: ${subject}`,
        `Message-ID: <${randomUUID()}@outside.test>`,
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Veuillez trouver <img src="https://tracker.example/pixel.png"> la convocation.</p>',
        `--${boundary}`,
        'Content-Type: text/plain; name="convocation.txt"',
        'Content-Disposition: attachment; filename="convocation.txt"',
        '',
        'Séance du 12 mars.',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
    const summary = await eventually(
      async () =>
        (await call(core, 'mail:list', { folderId: inbox.id })).items.find((item) => item.subject === subject),
      'the new mail',
    );
    const message = await call(core, 'mail:get', { id: summary.id });
    expect(message).toMatchObject({ bodyAvailable: true, remoteContentAllowed: false });
    expect(message.bodyHtml).toContain('tracker.example');
    expect(message.bodyText).toContain('la convocation');
    await call(core, 'mail:allowRemoteContent', { messageId: summary.id, scope: 'message' });
    expect((await call(core, 'mail:get', { id: summary.id })).remoteContentAllowed).toBe(true);
    await call(core, 'mail:openAttachment', { attachmentId: message.attachments[0]!.id });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/convocation\.txt$/);
    expect(readFileSync(opened[0]!, 'utf8')).toContain('Séance du 12 mars.');

    const draft = await call(core, 'drafts:create', { source: { messageId: summary.id, mode: 'reply' } });
    expect(draft).toMatchObject({ accountId, to: [{ name: 'Secrétariat', address: 'secretariat@outside.test' }] });
    await call(core, 'drafts:save', { id: draft.id, to: [{ address: `bob@${profile.domain}` }], bodyText: 'Présent.' });
    expect((await call(core, 'mail:recipients', { q: 'secr' })).map((entry) => entry.address)).toContain(
      'secretariat@outside.test',
    );
    const item = await call(core, 'outbox:send', { draftId: draft.id });
    expect(item).toMatchObject({ state: 'queued', subject: `RE : ${subject}`, error: null });
    await eventually(async () => (await call(core, 'outbox:list', {})).length === 0, 'the outbox to empty');
    expect(await call(core, 'outbox:status')).toEqual([{ accountId, queued: 0, failed: 0 }]);
    expect(events).toEqual(expect.arrayContaining(['mail:changed', 'outbox:changed']));
    const sent = await withImap(profile.imapPort, 'alice', servers.users.alice, async (client) => {
      const lock = await client.getMailboxLock('Sent');
      try {
        const found = await client.search({ subject: `RE : ${subject}` }, { uid: true });
        return Array.isArray(found) ? found.length : 0;
      } finally {
        lock.release();
      }
    });
    expect(sent).toBe(1);
    expect(countMessageId).toBeDefined();
  });
});

describe('an account signed in with a bare username', () => {
  const profiles = useTempProfiles();
  const profile = mailProfiles[0]!;

  it('sends from the address given at setup, not from the username', async () => {
    const core = await profiles.openCore({
      now: () => new Date(),
      accounts: { secrets: new MemorySecretStore() },
      mail: { timings: fastTimings },
    });
    const endpoint = (port: number) => ({ host: '127.0.0.1', port, security: 'none' as const });
    const added = await call(core, 'accounts:add', {
      kindId: 'imap',
      server: { type: 'mail', incoming: endpoint(profile.imapPort), outgoing: endpoint(profile.submissionPort) },
      username: 'alice',
      address: `alice@${profile.domain}`,
      password: servers.users.alice,
    });
    expect(added).toMatchObject({ status: 'signed-in', account: { address: `alice@${profile.domain}` } });
    const accountId = added.status === 'signed-in' ? added.account.id : '';
    const subject = `Identité ${randomUUID()}`;
    const draft = await call(core, 'drafts:create', { accountId });
    await call(core, 'drafts:save', { id: draft.id, to: [{ address: `bob@${profile.domain}` }], subject });
    await call(core, 'outbox:send', { draftId: draft.id });
    await eventually(async () => (await call(core, 'outbox:list', {})).length === 0, 'the outbox to empty');
    const fromOf = (user: 'alice' | 'bob', folder: string) =>
      eventually(
        () =>
          withImap(profile.imapPort, user, servers.users[user], async (client) => {
            const lock = await client.getMailboxLock(folder);
            try {
              const [uid] = (await client.search({ subject }, { uid: true })) || [];
              if (uid === undefined) return undefined;
              const message = await client.fetchOne(String(uid), { envelope: true }, { uid: true });
              return message ? message.envelope?.from?.map((entry) => entry.address) : undefined;
            } finally {
              lock.release();
            }
          }),
        `the mail in ${user}'s ${folder}`,
        30_000,
      );
    expect(await fromOf('bob', 'INBOX')).toEqual([`alice@${profile.domain}`]);
    expect(await fromOf('alice', 'Sent')).toEqual([`alice@${profile.domain}`]);
  });
});
