// Issue 6, shared pieces, end to end (test host: the core reaches the real Prosody of e2e/servers): alice uses
// the app, bob an XMPP client driven by the test. Bob's message appears in the Chat app; alice's reply, typed in
// the composer, reaches bob exactly once (one message in his archive with its origin-id).
import { X509Certificate } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { xml } from '../main/connectors/xmpp/session';
import { NS } from '../main/connectors/xmpp/stanzas';
import { archivedWithOriginId, befriend, jidOf, peer, type Peer } from '../main/connectors/xmpp/testing';
import { chosenTarget, expect, invoke, memorySecrets, test as base } from './fixtures';
import { servers, serversDir } from './servers';

const test = base.extend<{ bob: Peer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  accountsOptions: async ({}, use) => use(memorySecrets()),
  // eslint-disable-next-line no-empty-pattern -- as above
  bob: async ({}, use) => {
    const bob = await peer('bob');
    const alice = await peer('alice');
    await befriend(alice, bob);
    await alice.close();
    await use(bob);
    await bob.close();
  },
});

test.skip(chosenTarget() !== 'host', 'the core must run in the test process to reach the loopback servers');
test.describe.configure({ timeout: 60_000 });

/** Alice's XMPP account, after trusting the test server's self-signed certificate as the user would. */
async function addAlice(page: Page): Promise<void> {
  const request = {
    kindId: 'xmpp',
    server: {
      type: 'chat' as const,
      domain: servers.xmpp.domain,
      endpoint: { host: servers.xmpp.host, port: servers.xmpp.port, security: 'starttls' as const },
    },
    username: 'alice',
    password: servers.users.alice,
  };
  const refused = await invoke(page, 'accounts:add', request).catch((error: Error) => error.message);
  expect(String(refused)).toContain('tls.untrusted');
  const fingerprint = new X509Certificate(readFileSync(join(serversDir(), 'cert.pem'))).fingerprint256;
  await invoke(page, 'certificates:trust', { host: servers.xmpp.host, fingerprint });
  const added = await invoke(page, 'accounts:add', request);
  expect(added.status).toBe('signed-in');
}

test('two XMPP users chat through Prosody: bob’s message appears, alice’s reply reaches him once', async ({
  page,
  bob,
}) => {
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
  await addAlice(page);
  await page.keyboard.press('Control+2');
  const list = page.getByRole('listbox', { name: 'Liste des conversations' });
  const withBob = list.getByRole('option', { name: /\bbob\b/ });
  await expect(withBob).toBeVisible({ timeout: 20_000 });

  const hello = `Bonjour Alice, le point de 14 h tient toujours ? ${randomUUID().slice(0, 6)}`;
  await bob.session.send(
    xml('message', { to: jidOf('alice'), type: 'chat', id: randomUUID() }, xml('body', {}, hello)),
  );
  await withBob.click();
  const history = page.getByRole('region', { name: 'Messages de la conversation bob' });
  await expect(history.getByText(hello)).toBeVisible({ timeout: 20_000 });

  const reply = `Oui, salle Garonne. ${randomUUID().slice(0, 6)}`;
  const composer = page.getByRole('textbox', { name: 'Écrire un message' });
  await composer.fill(reply);
  await composer.press('Enter');
  await expect(history.getByText(reply)).toBeVisible();

  const received = await bob.waitFor((stanza) => stanza.getChildText('body') === reply, 20_000);
  const originId = received.getChild('origin-id', NS.sid)?.attrs.id;
  expect(originId).toBeTruthy();
  // Exactly once: one delivery to bob's client, one message in his archive with that origin-id.
  await page.waitForTimeout(1_000);
  expect(bob.seen.filter((stanza) => stanza.getChildText('body') === reply)).toHaveLength(1);
  expect(await archivedWithOriginId(bob, originId!, { with: jidOf('alice') })).toBe(1);
  await expect(history.getByText('En attente d’envoi')).toHaveCount(0);
});
