// Helpers for the cross-account specs of issue 8 (activity, search, presence): an IMAP account on the real
// Dovecot of e2e/servers (optionally reached through a loopback TCP proxy the test can cut), and mail
// delivered by LMTP as a mail server would, with a flag set behind the client's back when asked.
import type { Page } from '@playwright/test';
import { cuttableLink, type CuttableLink } from '../main/connectors/bluemind/testing';
import { expect, invoke } from './fixtures';
import { servers } from './servers';
import { deliver, simpleMessage, withImap } from './servers/mail';

export const ALICE = `alice@${servers.domain}`;

/** A proxy in front of the shared Dovecot's IMAP port: `cut()` makes the server unreachable for this test only. */
export const imapLink = (): Promise<CuttableLink> => cuttableLink(`imap://${servers.imap.host}:${servers.imap.port}`);

type MailUser = keyof typeof servers.users;

export interface ImapAccountOptions {
  /** Whose mailbox (alice by default); the account signs in with the address, which its mails carry as sender. */
  user?: MailUser;
  /** The ports the account reaches (the servers' own by default; a test's proxy to cut the link). */
  imapPort?: number;
  submissionPort?: number;
}

/** Adds an IMAP account on the shared Dovecot; returns its id. */
export async function addImapAccount(page: Page, displayName: string, options: ImapAccountOptions = {}) {
  const { user = 'alice', imapPort = servers.imap.port, submissionPort = servers.submission.port } = options;
  const endpoint = (port: number) => ({ host: servers.imap.host, port, security: 'none' as const });
  const result = await invoke(page, 'accounts:add', {
    kindId: 'imap',
    server: { type: 'mail', incoming: endpoint(imapPort), outgoing: endpoint(submissionPort) },
    username: `${user}@${servers.domain}`,
    displayName,
    password: servers.users[user],
  });
  if (result.status !== 'signed-in') throw new Error(`not signed in: ${JSON.stringify(result)}`);
  return result.account.id;
}

/** The raw messages of a user's INBOX whose subject contains `subject`, read on the server. */
export async function rawMessagesIn(user: MailUser, subject: string): Promise<string[]> {
  return withImap(servers.imap.port, user, servers.users[user], async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const uids = await client.search({ subject }, { uid: true });
      if (!Array.isArray(uids) || uids.length === 0) return [];
      const found: string[] = [];
      for await (const message of client.fetch(uids, { source: true }, { uid: true })) {
        found.push(message.source?.toString('utf8') ?? '');
      }
      return found;
    } finally {
      lock.release();
    }
  });
}

/** Delivers a mail to alice by LMTP; `flagged` sets \Flagged on it over IMAP, as another client would. */
export async function deliverToAlice(subject: string, body: string, options: { flagged?: boolean } = {}) {
  await deliver(
    servers.lmtp.port,
    [ALICE],
    simpleMessage({ from: 'Hélène Dupré <helene@outside.test>', to: ALICE, subject, body }),
  );
  if (!options.flagged) return;
  await withImap(servers.imap.port, 'alice', servers.users.alice, async (client) => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const uids = await client.search({ subject }, { uid: true });
      expect(uids).not.toEqual([]);
      await client.messageFlagsAdd(uids || [], ['\\Flagged'], { uid: true });
    } finally {
      lock.release();
    }
  });
}

/** Waits for the shell (and so the bridge) to be up before the test calls channels from the page. */
export async function shellReady(page: Page): Promise<void> {
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
}

/** Opens a mail by its subject through the search box (the app goes to its folder); keyboard, not pointer. */
export async function openMailBySubject(page: Page, subject: string): Promise<void> {
  await expect
    .poll(async () => (await invoke(page, 'search:query', { q: subject, limit: 5 })).length, { timeout: 60_000 })
    .toBeGreaterThan(0);
  const box = page.getByRole('combobox', { name: 'Rechercher' });
  await box.fill(subject);
  const results = page.getByRole('listbox', { name: 'Résultats de recherche' });
  await expect(results.getByRole('option', { name: new RegExp(subject) }).first()).toBeVisible();
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(page.getByRole('main').getByRole('heading', { name: subject }).first()).toBeVisible();
}

/** Opens a rail app by its French name (the button's name may carry an unread count). */
export async function openApp(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Applications' })
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
}
