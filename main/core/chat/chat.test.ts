// The core's chat with an XMPP account against the real Prosody (e2e/servers): the account added through the
// contract, bob driven directly, the network between the core and the server cut by a proxy.
import { X509Certificate, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { servers, serversDir } from '../../../e2e/servers';
import type { EventName } from '../../../preload/contract';
import { xml } from '../../connectors/xmpp/session';
import { NS } from '../../connectors/xmpp/stanzas';
import { archivedWithOriginId, befriend, jidOf, peer, tcpProxy, type Peer } from '../../connectors/xmpp/testing';
import type { CoreError } from '../errors';
import { MemorySecretStore } from '../secrets/memory-store';
import type { CoreService } from '../service';
import { call, useTempProfiles } from '../testing/helpers';

const profiles = useTempProfiles();
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function until<T>(probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startPeer(user: 'alice' | 'bob'): Promise<Peer> {
  const p = await peer(user);
  cleanup.push(() => p.close());
  return p;
}

/** A core (real clock) with alice's XMPP account added through the contract, reaching Prosody on `port`. */
async function coreWithAlice(port: number) {
  const seen: { event: EventName; payload: unknown }[] = [];
  const core: CoreService = await profiles.openCore({
    now: () => new Date(),
    onEvent: (event, payload) => seen.push({ event, payload }),
    accounts: { secrets: new MemorySecretStore(), timeoutMs: 3_000 },
    live: { xmpp: { retry: { firstMs: 100, maxMs: 500 } } },
  });
  const request = {
    kindId: 'xmpp',
    server: {
      type: 'chat' as const,
      domain: servers.xmpp.domain,
      endpoint: { host: '127.0.0.1', port, security: 'starttls' as const },
    },
    username: 'alice',
    password: servers.users.alice,
  };
  const refusal = (await call(core, 'accounts:add', request).catch((error: unknown) => error)) as CoreError;
  expect(refusal.code).toBe('tls.untrusted');
  const fingerprint = new X509Certificate(readFileSync(join(serversDir(), 'cert.pem'))).fingerprint256;
  await call(core, 'certificates:trust', { host: '127.0.0.1', fingerprint });
  const added = await call(core, 'accounts:add', request);
  if (added.status !== 'signed-in') throw new Error('not signed in');
  return { core, seen, accountId: added.account.id };
}

const messagesOf = (core: CoreService, conversationId: string) =>
  call(core, 'chat:messages', { conversationId, limit: 500 });

describe('the core chat with an XMPP account', () => {
  test('receives, sends, queues while the network is gone and delivers every message once', async () => {
    const bob = await startPeer('bob');
    const aliceElsewhere = await startPeer('alice');
    await befriend(aliceElsewhere, bob);
    await aliceElsewhere.close();
    const proxy = await tcpProxy();
    cleanup.push(() => proxy.close());

    const { core, seen } = await coreWithAlice(proxy.port);
    const withBob = await until(async () =>
      (await call(core, 'chat:conversations')).find((c) => c.participants.some((p) => p.address === bob.jid)),
    );
    expect(withBob).toMatchObject({ kind: 'direct', title: 'bob' });

    // Incoming, live: in the store, with the events the renderer listens to.
    const hello = `Bonjour Alice ${randomUUID().slice(0, 8)}`;
    await bob.session.send(
      xml('message', { to: jidOf('alice'), type: 'chat', id: randomUUID() }, xml('body', {}, hello)),
    );
    await until(async () => (await messagesOf(core, withBob.id)).some((m) => m.text === hello));
    expect(
      seen.some(({ event, payload }) => event === 'chat:message' && (payload as { text: string }).text === hello),
    ).toBe(true);
    expect((await call(core, 'chat:conversations')).find((c) => c.id === withBob.id)!.unread).toBeGreaterThan(0);
    await call(core, 'chat:markRead', { conversationId: withBob.id });
    expect((await call(core, 'chat:conversations')).find((c) => c.id === withBob.id)!.unread).toBe(0);

    // Outgoing, online.
    const online = await call(core, 'chat:send', { conversationId: withBob.id, text: `En ligne ${randomUUID()}` });
    await bob.waitFor((stanza) => stanza.getChildText('body') === online.text);
    await until(async () => !(await messagesOf(core, withBob.id)).find((m) => m.id === online.id)?.delivery);

    // The network goes: two messages wait, shown as queued.
    proxy.cut();
    const queued = [
      await call(core, 'chat:send', { conversationId: withBob.id, text: `Hors ligne 1 ${randomUUID()}` }),
      await call(core, 'chat:send', { conversationId: withBob.id, text: `Hors ligne 2 ${randomUUID()}` }),
    ];
    expect(queued.map((m) => m.delivery)).toEqual(['queued', 'queued']);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const stillQueued = await messagesOf(core, withBob.id);
    expect(queued.map((q) => stillQueued.find((m) => m.id === q.id)?.delivery)).toEqual(['queued', 'queued']);

    // It comes back: both delivered, in order, once each.
    proxy.restore();
    await until(async () => {
      const now = await messagesOf(core, withBob.id);
      return queued.every((q) => now.some((m) => m.id === q.id && !m.delivery));
    });
    for (const message of queued) await bob.waitFor((stanza) => stanza.getChildText('body') === message.text);
    const nonces = queued.map((m) => m.id.slice(withBob.id.length + 1));
    for (const nonce of nonces) expect(await archivedWithOriginId(bob, nonce, { with: jidOf('alice') })).toBe(1);
    const arrived = bob.seen.filter((s) => queued.some((q) => s.getChildText('body') === q.text));
    expect(arrived.map((s) => s.getChildText('body'))).toEqual(queued.map((q) => q.text));
  });

  test('a message whose confirmation was lost is not sent twice after the reconnection', async () => {
    const bob = await startPeer('bob');
    const proxy = await tcpProxy();
    cleanup.push(() => proxy.close());
    const { core } = await coreWithAlice(proxy.port);
    const withBob = await until(async () =>
      (await call(core, 'chat:conversations')).find((c) => c.participants.some((p) => p.address === bob.jid)),
    );

    // The server gets the message, its answer is lost, then the connection drops.
    proxy.stall();
    const sent = await call(core, 'chat:send', { conversationId: withBob.id, text: `Accusé perdu ${randomUUID()}` });
    await bob.waitFor((stanza) => stanza.getChildText('body') === sent.text);
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    proxy.cut();
    proxy.restore();

    await until(async () => !(await messagesOf(core, withBob.id)).find((m) => m.id === sent.id)?.delivery, 20_000);
    const nonce = sent.id.slice(withBob.id.length + 1);
    expect(await archivedWithOriginId(bob, nonce, { with: jidOf('alice') })).toBe(1);
    expect(bob.seen.filter((s) => s.getChildText('body') === sent.text)).toHaveLength(1);
    expect(bob.seen.find((s) => s.getChildText('body') === sent.text)?.getChild('origin-id', NS.sid)?.attrs.id).toBe(
      nonce,
    );
  }, 40_000);
});
