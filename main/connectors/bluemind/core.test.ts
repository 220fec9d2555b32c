// A BlueMind account through the whole core: added with `accounts:add`, its mail synced over REST by the mail
// engine (changesets into the shared tables, visible through `mail:*`), a mail written and queued while the
// network is cut sent exactly once when it comes back (and after a restart), completion, calendar, and the
// attachment policy the composer reads.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from '../../../e2e/emulators/bluemind';
import type { EventName } from '../../../preload/contract';
import { MemorySecretStore } from '../../core/secrets/memory-store';
import type { CoreService } from '../../core/service';
import { call, useTempProfiles } from '../../core/testing/helpers';
import type { SessionKeys } from './client';
import { EventBusClient } from './eventbus';
import { cuttableLink, until, type CuttableLink } from './testing';

const fast = { draftPushDelayMs: 0, expungeDelayMs: 200, backoff: { baseMs: 50, capMs: 400 }, checkEveryMs: 60_000 };

describe('a BlueMind account in the core', () => {
  const profiles = useTempProfiles();
  let bm: BlueMindEmulator;
  let link: CuttableLink;
  const secrets = new MemorySecretStore();

  beforeAll(async () => {
    bm = await startBlueMindEmulator({ bruteForce: false, filehosting: { autoDetachmentLimit: 1_000_000 } });
  });
  afterAll(async () => {
    await bm.close();
  });
  afterEach(async () => {
    await link?.close();
  });

  async function openCore(profileDir: string, seen: EventName[] = []): Promise<CoreService> {
    return profiles.openCore({
      profileDir,
      now: () => new Date(),
      onEvent: (event) => void seen.push(event),
      accounts: { secrets, timeoutMs: 5_000 },
      mail: { timings: fast },
    });
  }

  async function addAlice(core: CoreService): Promise<string> {
    const result = await call(core, 'accounts:add', {
      kindId: 'bluemind',
      server: { type: 'web', url: link.url },
      username: 'alice@example.test',
      password: 'alicepw',
    });
    if (result.status !== 'signed-in') throw new Error('not signed in');
    return result.account.id;
  }

  const inboxOf = async (core: CoreService, accountId: string) =>
    (await call(core, 'mail:folders', { accountId })).find((f) => f.role === 'inbox');

  it(
    'syncs mail by changesets into the Mail app, and sends a mail queued offline exactly once',
    { timeout: 60_000 },
    async () => {
      link = await cuttableLink(bm.url);
      const profileDir = profiles.makeDir();
      let core = await openCore(profileDir);
      const accountId = await addAlice(core);

      // Mail over REST: every folder of the server, with its messages.
      const serverInbox = bm.control.mails('alice', 'INBOX').length;
      let inbox = await inboxOf(core, accountId);
      await until(async () => ((inbox = await inboxOf(core, accountId))?.total ?? 0) >= serverInbox, 10_000);
      const page = await call(core, 'mail:list', { folderId: inbox!.id, limit: 100 });
      expect(page.items.map((m) => m.subject)).toEqual(
        expect.arrayContaining(bm.control.mails('alice', 'INBOX').map((m) => m.subject)),
      );
      expect(bm.control.requestLog().some((e) => e.path.endsWith('/_filteredChangesetById'))).toBe(true);

      // Written and queued with the network cut.
      await link.cut();
      const draft = await call(core, 'drafts:create', { accountId });
      await call(core, 'drafts:save', {
        id: draft.id,
        to: [{ name: 'Bob', address: 'bob@example.test' }],
        subject: 'Écrit hors ligne',
        bodyText: 'Envoyé au retour du réseau.',
      });
      await call(core, 'outbox:send', { draftId: draft.id });
      const sentOnce = () => bm.control.sent().filter((s) => s.subject === 'Écrit hors ligne').length;
      expect(sentOnce()).toBe(0);

      // Back online: sent once, in Sent, delivered once.
      await link.restore();
      await until(() => sentOnce() === 1, 15_000);
      const messageId = bm.control.sent().find((s) => s.subject === 'Écrit hors ligne')!.messageId;
      expect(bm.control.sentCount(messageId)).toBe(1);
      await until(() => bm.control.findByMessageId('alice', messageId).some((f) => f.folder === 'Sent'), 10_000);
      expect(bm.control.findByMessageId('bob', messageId)).toHaveLength(1);

      // The draft's server copies go once it is sent (the engine's clean-up task).
      const draftCopies = () => bm.control.mails('alice', 'Drafts').filter((m) => m.subject === 'Écrit hors ligne');
      await until(() => draftCopies().length === 0, 10_000);

      // A restart on the same profile does not send it again.
      await core.close();
      core = await openCore(profileDir);
      await until(async () => (await inboxOf(core, accountId)) !== undefined, 10_000);
      await call(core, 'mail:sync', { accountId });
      expect(bm.control.sentCount(messageId)).toBe(1);
    },
  );

  // The hang of the test above (one run in several under load): the core closed while the account's push was
  // still waiting for its first connection (cut with the network, retried with back-off); stopping the account
  // waited for that connection, which a closed client never makes.
  it('closes a push that is still waiting for its first connection at once', async () => {
    link = await cuttableLink(bm.url);
    await link.cut();
    const push = new EventBusClient({
      baseUrl: link.url,
      keys: { current: async () => 'key' } as unknown as SessionKeys,
      onEvent: () => undefined,
      minBackoffMs: 20,
    });
    push.start();
    const connected = push.whenConnected().then(() => 'settled');
    await new Promise((resolve) => setTimeout(resolve, 100));
    push.close();
    const timeout = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2_000).unref());
    expect(await Promise.race([connected, timeout])).toBe('settled');
    expect(push.connected).toBe(false);
  });

  it('completes recipients from the directory and tells the composer the link policy', async () => {
    link = await cuttableLink(bm.url);
    const core = await openCore(profiles.makeDir());
    const accountId = await addAlice(core);
    await until(async () => (await call(core, 'directory:complete', { q: 'lambert' })).length > 0, 10_000);
    expect(await call(core, 'directory:complete', { q: 'lambert' })).toContainEqual(
      expect.objectContaining({ name: 'Marie Lambert', address: 'marie.lambert@example.test' }),
    );
    await until(async () => (await inboxOf(core, accountId)) !== undefined, 10_000);
    expect(await call(core, 'attachments:policy', { accountId })).toMatchObject({
      linksAvailable: true,
      offerAboveBytes: 1_000_000,
    });
  });
});
