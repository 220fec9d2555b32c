// CometD rides the account's network: behind TLS with a certificate only the account's trust knows (here the
// real servers' self-signed one), realtime comes up and carries chat, every Bayeux request through the same
// fetch as the REST calls; with a network that does not trust the certificate, it never comes up.
import { readFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExoEmulator, type ExoEmulator } from '../../../e2e/emulators/exo';
import { serversDir } from '../../../e2e/servers';
import { CoreError } from '../../core/errors';
import type { LiveEvent } from '../../core/spaces/ports';
import type { Network } from '../http/network';
import { createNodeFetch } from '../http/node-fetch';
import { exoTestClient } from './testing';

let exo: ExoEmulator;
let terminator: Server;
let httpsUrl: string;
const sockets = new Set<{ destroy(): void }>();

/** TLS in front of the emulator, with a self-signed certificate no system store knows. */
beforeEach(async () => {
  exo = await startExoEmulator();
  const target = new URL(exo.url);
  terminator = createServer(
    { key: readFileSync(join(serversDir(), 'key.pem')), cert: readFileSync(join(serversDir(), 'cert.pem')) },
    (secure) => {
      sockets.add(secure);
      secure.on('close', () => sockets.delete(secure));
      const plain = connect(Number(target.port), target.hostname);
      secure.pipe(plain).pipe(secure);
      secure.on('error', () => plain.destroy());
      plain.on('error', () => secure.destroy());
    },
  );
  await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', resolve));
  httpsUrl = `https://127.0.0.1:${(terminator.address() as AddressInfo).port}`;
});
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => terminator.close(resolve));
  await exo.close();
});

/**
 * A network whose fetch trusts the servers' certificate (as the trust module would), recording the paths it
 * fetches; `distrust` paths get a fetch without that trust. `socketsTrust` says whether the TLS options for
 * sockets (the WebSocket) carry it too.
 */
function accountNetwork(options: { distrust?: RegExp; socketsTrust: boolean }) {
  const ca = readFileSync(join(serversDir(), 'cert.pem'), 'utf8');
  const tls = { ca: [ca], checkServerIdentity: () => undefined };
  const trusted = createNodeFetch(() => tls);
  const untrusted = createNodeFetch(() => ({}));
  const network = {
    paths: [] as string[],
    refused: 0,
    fetch: (input: string | URL, init?: RequestInit) => {
      const path = new URL(input instanceof URL ? input.href : input).pathname;
      network.paths.push(path);
      if (!options.distrust?.test(path)) return trusted(input, init);
      return untrusted(input, init).catch((error: unknown) => {
        network.refused += 1;
        throw error;
      });
    },
    tlsOptions: () => (options.socketsTrust ? tls : {}),
    certificateRefusal: async (endpoint: { host: string }) => new CoreError('tls.untrusted', { host: endpoint.host }),
    timeoutMs: 10_000,
  } satisfies Network & { paths: string[]; refused: number };
  return network;
}

function nextEvent(events: LiveEvent[], match: (event: LiveEvent) => boolean, timeoutMs = 10_000) {
  return new Promise<LiveEvent>((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      const found = events.find(match);
      if (found) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error('no such live event'));
      setTimeout(check, 25);
    };
    check();
  });
}

async function connectedAlice(network: ReturnType<typeof accountNetwork>) {
  const { client } = await exoTestClient(httpsUrl, 'alice', 'alicepw', { network });
  const events: LiveEvent[] = [];
  client.live((event) => events.push(event));
  await client.connect(); // the REST calls go through the trusting fetch
  return { client, events };
}

async function receivesChat(events: LiveEvent[], text: string) {
  exo.control.sendChatMessage('bob', exo.control.directRoomId('alice', 'bob'), text);
  const received = await nextEvent(events, (event) => event.type === 'chat-message');
  expect(received).toMatchObject({ message: { text: expect.stringContaining(text) } });
}

const cometdPath = /^\/cometd\//;

describe('eXo realtime (CometD) on the account network', () => {
  it('comes up as a WebSocket with the account TLS options, and carries chat', async () => {
    const network = accountNetwork({ socketsTrust: true, distrust: cometdPath });
    const { client, events } = await connectedAlice(network);
    await nextEvent(events, (event) => event.type === 'connection' && event.online);
    await receivesChat(events, 'Bonjour par WebSocket');
    expect(network.paths.filter((path) => cometdPath.test(path))).toEqual([]);
    expect(exo.control.cometdSessionCount('alice')).toBe(1);
    await client.close();
  });

  it('falls back to long-polling through the account fetch when the WebSocket fails', async () => {
    const network = accountNetwork({ socketsTrust: false });
    const { client, events } = await connectedAlice(network);
    await nextEvent(events, (event) => event.type === 'connection' && event.online);
    await receivesChat(events, 'Bonjour par long-polling');
    expect(network.paths).toEqual(expect.arrayContaining(['/cometd/cometd/handshake', '/cometd/cometd/connect']));
    await client.close();
  });

  it('stays offline when the account network does not trust the certificate', async () => {
    const network = accountNetwork({ socketsTrust: false, distrust: cometdPath });
    const { client, events } = await connectedAlice(network);
    const deadline = Date.now() + 10_000;
    while (network.refused === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(network.refused).toBeGreaterThan(0);
    expect(events.some((event) => event.type === 'connection' && event.online)).toBe(false);
    expect(exo.control.cometdSessionCount('alice')).toBe(0);
    await client.close();
  });
});
