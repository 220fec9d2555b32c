// Issue 6, Zimbra push when the mail runs over IMAP (test host: the core reaches the loopback emulator and the
// shared Dovecot): a Zimbra account (emulator, SOAP) and the IMAP account of the same address (real Dovecot).
// A mail delivered by LMTP appears in the Mail app without a manual refresh, because the Zimbra doorbell rang:
// the IMAP connection goes through a proxy of this test's own that holds whatever the server announces during
// IDLE until the client ends it, and the periodic check is minutes away, so only a sync the client starts can
// bring the mail — the one the doorbell's ring asks for.
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Page } from '@playwright/test';
import { startZimbraEmulator, type ZimbraEmulator } from './emulators/zimbra';
import { chosenTarget, expect, invoke, memorySecrets, test as base } from './fixtures';
import { servers, serversDir } from './servers';
import { deliver, simpleMessage } from './servers/mail';
import { addImapAccount, ALICE } from './workspace-helpers';

interface MutedIdleProxy {
  port: number;
  /** The client's commands, with when they were sent (LOGIN arguments left out). */
  commands: { at: number; line: string }[];
  /** What the server announced during IDLE and the proxy held back (released at the client's DONE). */
  held: { at: number; text: string }[];
  close(): Promise<void>;
}

/** A loopback proxy to Dovecot's IMAP whose IDLE announces nothing until the client ends it. */
async function startMutedIdleProxy(target: { host: string; port: number }): Promise<MutedIdleProxy> {
  const sockets = new Set<Socket>();
  const commands: MutedIdleProxy['commands'] = [];
  const held: MutedIdleProxy['held'] = [];
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => (client.destroy(), upstream.destroy()));
    }
    let idling = false;
    let waiting: Buffer[] = [];
    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      for (const line of text.split('\r\n').filter(Boolean)) {
        commands.push({ at: Date.now(), line: line.replace(/^(\S+ (LOGIN|AUTHENTICATE))\b.*/i, '$1') });
      }
      if (idling && /^DONE\r\n/i.test(text)) {
        idling = false;
        for (const part of waiting) client.write(part);
        waiting = [];
      }
      upstream.write(chunk);
      if (/(^|\r\n)\S+ IDLE\r\n$/i.test(text)) idling = true;
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!idling) return void client.write(chunk);
      let rest = chunk;
      // The continuation that starts IDLE goes through; what follows waits for DONE.
      const text = chunk.toString('latin1');
      if (text.startsWith('+ ')) {
        const end = text.indexOf('\r\n') + 2;
        client.write(chunk.subarray(0, end));
        rest = chunk.subarray(end);
      }
      if (rest.length === 0) return;
      held.push({ at: Date.now(), text: rest.toString('latin1') });
      waiting.push(rest);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    commands,
    held,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const test = base.extend<{ zimbra: ZimbraEmulator; imap: MutedIdleProxy }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  zimbra: async ({}, use) => {
    const zimbra = await startZimbraEmulator();
    await use(zimbra);
    await zimbra.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  imap: async ({}, use) => {
    serversDir();
    const proxy = await startMutedIdleProxy({ host: servers.imap.host, port: servers.imap.port });
    await use(proxy);
    await proxy.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  accountsOptions: async ({}, use) => use(memorySecrets()),
});

test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback servers');
test.describe.configure({ timeout: 90_000 });

async function addAccounts(page: Page, zimbra: ZimbraEmulator, imap: MutedIdleProxy): Promise<string> {
  const mailAccountId = await addImapAccount(page, 'Alice (IMAP)', { imapPort: imap.port });
  const soap = await invoke(page, 'accounts:add', {
    kindId: 'zimbra',
    server: { type: 'web', url: zimbra.url },
    username: 'alice',
    password: 'alicepw',
  });
  if (soap.status !== 'signed-in') throw new Error('Zimbra account not signed in');
  expect(soap.account.address).toBe(ALICE);
  return mailAccountId;
}

const soapRequests = (zimbra: ZimbraEmulator, name: string) =>
  zimbra.control.requests().filter((entry) => entry.requests.includes(name));

test('a mail delivered over IMAP appears because the Zimbra doorbell rang', async ({ page, zimbra, imap }) => {
  const accountId = await addAccounts(page, zimbra, imap);
  await page.keyboard.press('Control+6');
  await page.locator(`[role="row"][data-key="${accountId}:INBOX"]`).click();
  const list = page.getByRole('listbox', { name: /Messages du dossier/ });

  // Both listen: the doorbell's WaitSet is out, the IMAP connection idles on the inbox.
  await expect.poll(() => soapRequests(zimbra, 'WaitSetRequest').length, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => imap.commands.some((c) => / IDLE$/i.test(c.line)), { timeout: 30_000 }).toBe(true);

  const subject = `Arrivé par la sonnette ${randomUUID().slice(0, 8)}`;
  await deliver(
    servers.lmtp.port,
    [ALICE],
    simpleMessage({ from: 'Hélène Dupré <helene@outside.test>', to: ALICE, subject, body: 'Bonjour Alice' }),
  );
  // Dovecot announced it over IDLE, and the proxy kept that from the client: the mail is not shown.
  await expect.poll(() => imap.held.some((h) => /\* \d+ EXISTS/.test(h.text)), { timeout: 15_000 }).toBe(true);
  await expect(list.getByRole('option', { name: new RegExp(subject) })).toHaveCount(0);

  // The server's own push says the mailbox changed: the doorbell rings.
  const rangAt = Date.now();
  zimbra.control.deliverMessage('alice', { from: 'helene@outside.test', to: [ALICE], subject, text: 'Bonjour Alice' });
  await expect(list.getByRole('option', { name: new RegExp(subject) })).toBeVisible({ timeout: 20_000 });

  // The WaitSet that rang was waiting before the ring; the delta sync and the IMAP sync followed it.
  expect(soapRequests(zimbra, 'WaitSetRequest').some((entry) => entry.at < rangAt)).toBe(true);
  expect(soapRequests(zimbra, 'SyncRequest').some((entry) => entry.at >= rangAt)).toBe(true);
  const syncs = (from: number, to: number) =>
    imap.commands.filter(
      (c) => c.at >= from && c.at < to && /^\S+ (UID )?(STATUS|SELECT|EXAMINE|LIST)\b/i.test(c.line),
    );
  expect(syncs(rangAt, Infinity).length).toBeGreaterThan(0);
  // No sync between the delivery and the ring: no timer and no IDLE brought it.
  const deliveredAt = imap.held.find((h) => /\* \d+ EXISTS/.test(h.text))!.at;
  expect(syncs(deliveredAt, rangAt)).toEqual([]);
});
