// Discovery from an address or a URL. Names are answered on loopback: a fake DNS (SRV) and a fetch that sends
// the autoconfig host and the guessed web hosts to local servers, every other name being unknown.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from '../../../../e2e/emulators/bluemind';
import type { FetchLike } from '../../../connectors/http/network';
import { useAccountsHarness } from '../testing';
import { parseAutoconfig, srvTarget, type SrvRecord } from './mail-settings';
import { parseInput } from './discover';

const AUTOCONFIG = `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="region.test">
  <incomingServer type="pop3"><hostname>pop.region.test</hostname><port>995</port><socketType>SSL</socketType></incomingServer>
  <incomingServer type="imap">
    <hostname>imap.region.test</hostname><port>993</port><socketType>SSL</socketType>
    <username>%EMAILLOCALPART%</username>
  </incomingServer>
  <outgoingServer type="smtp">
    <hostname>smtp.region.test</hostname><port>587</port><socketType>STARTTLS</socketType>
    <username>%EMAILADDRESS%</username>
  </outgoingServer>
</emailProvider></clientConfig>`;

let autoconfig: Server;
let autoconfigUrl: string;
let bluemind: BlueMindEmulator;
const requested: string[] = [];

beforeEach(async () => {
  requested.length = 0;
  autoconfig = createServer((req, res) => {
    const served = req.url?.startsWith('/mail/config-v1.1.xml') || req.url?.startsWith('/.well-known/autoconfig/');
    res.writeHead(served ? 200 : 404, { 'Content-Type': 'text/xml' }).end(served ? AUTOCONFIG : '');
  });
  await new Promise<void>((resolve) => autoconfig.listen(0, '127.0.0.1', resolve));
  autoconfigUrl = `http://127.0.0.1:${(autoconfig.address() as AddressInfo).port}`;
  bluemind = await startBlueMindEmulator();
});
afterEach(async () => {
  await bluemind.close();
  await new Promise((resolve) => autoconfig.close(resolve));
});

/** `routes` maps host names to loopback origins; any other name does not resolve. */
function loopbackFetch(routes: Record<string, string>): FetchLike {
  return (input, init) => {
    const url = new URL(input instanceof URL ? input.href : input);
    requested.push(url.host);
    const target = url.hostname === '127.0.0.1' ? url.origin : routes[url.hostname];
    if (!target) return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }));
    return fetch(`${target}${url.pathname}${url.search}`, init);
  };
}

function fakeDns(records: Record<string, SrvRecord[]>) {
  return async (name: string) => {
    const found = records[name];
    if (!found) throw Object.assign(new Error(`queryNotFound ${name}`), { code: 'ENOTFOUND' });
    return found;
  };
}

const harness = useAccountsHarness();

describe('what the user typed', () => {
  it('is an address, a URL or a domain', () => {
    expect(parseInput(' alice@region.test ')).toEqual({
      type: 'address',
      email: 'alice@region.test',
      domain: 'region.test',
    });
    expect(parseInput('https://mail.region.test/webmail')).toMatchObject({ type: 'url' });
    expect(parseInput('region.test')).toEqual({ type: 'domain', domain: 'region.test' });
    expect(() => parseInput('not an address')).toThrow(expect.objectContaining({ code: 'discovery.invalidInput' }));
  });
});

describe('mail settings', () => {
  it('reads the IMAP and SMTP servers of an autoconfig file, placeholders filled in', () => {
    expect(parseAutoconfig(AUTOCONFIG, 'alice@region.test')).toEqual({
      incoming: { host: 'imap.region.test', port: 993, security: 'tls' },
      outgoing: { host: 'smtp.region.test', port: 587, security: 'starttls' },
      username: 'alice',
    });
    expect(parseAutoconfig('<clientConfig/>', 'alice@region.test')).toBeNull();
  });

  it('picks the SRV target by priority then weight, and honours "no service"', async () => {
    const dns = fakeDns({
      '_imaps._tcp.region.test': [
        { name: 'backup.region.test', port: 993, priority: 20, weight: 0 },
        { name: 'imap.region.test.', port: 993, priority: 10, weight: 5 },
      ],
      '_imap._tcp.region.test': [{ name: '.', port: 0, priority: 0, weight: 0 }],
    });
    expect(await srvTarget(dns, '_imaps._tcp.region.test')).toEqual({ host: 'imap.region.test', port: 993 });
    expect(await srvTarget(dns, '_imap._tcp.region.test')).toBeNull();
    expect(await srvTarget(dns, '_submission._tcp.region.test')).toBeNull();
  });
});

describe('discovery', () => {
  it('finds the mail servers in autoconfig, the chat server in SRV, and a web server at a guessed host', async () => {
    const { accounts } = harness.open({
      fetch: loopbackFetch({ 'autoconfig.region.test': autoconfigUrl, 'mail.region.test': bluemind.url }),
      resolveSrv: fakeDns({
        '_xmpp-client._tcp.region.test': [{ name: 'chat.region.test', port: 5222, priority: 0, weight: 0 }],
      }),
    });
    const { candidates } = await accounts.service.discover('alice@region.test');
    expect(candidates).toEqual([
      expect.objectContaining({
        kindId: 'bluemind',
        server: { type: 'web', url: 'https://mail.region.test' },
        username: 'alice@region.test',
      }),
      expect.objectContaining({
        kindId: 'imap',
        username: 'alice',
        server: {
          type: 'mail',
          incoming: { host: 'imap.region.test', port: 993, security: 'tls' },
          outgoing: { host: 'smtp.region.test', port: 587, security: 'starttls' },
        },
      }),
      expect.objectContaining({
        kindId: 'xmpp',
        server: {
          type: 'chat',
          domain: 'region.test',
          endpoint: { host: 'chat.region.test', port: 5222, security: 'starttls' },
        },
      }),
    ]);
    expect(requested).toContain('autoconfig.region.test');
  });

  it('falls back to SRV records (RFC 6186, implicit TLS first) without autoconfig', async () => {
    const { accounts } = harness.open({
      fetch: loopbackFetch({}),
      resolveSrv: fakeDns({
        '_imaps._tcp.region.test': [{ name: 'imap.region.test', port: 993, priority: 0, weight: 0 }],
        '_submission._tcp.region.test': [{ name: 'smtp.region.test', port: 587, priority: 0, weight: 0 }],
      }),
    });
    const { candidates } = await accounts.service.discover('alice@region.test');
    expect(candidates).toEqual([
      expect.objectContaining({
        kindId: 'imap',
        username: 'alice@region.test',
        server: {
          type: 'mail',
          incoming: { host: 'imap.region.test', port: 993, security: 'tls' },
          outgoing: { host: 'smtp.region.test', port: 587, security: 'starttls' },
        },
      }),
    ]);
  });

  it('finds nothing, without failing, where nothing answers', async () => {
    const { accounts } = harness.open({ fetch: loopbackFetch({}), resolveSrv: fakeDns({}) });
    expect(await accounts.service.discover('alice@nowhere.test')).toEqual({ candidates: [] });
  });

  it('reports an unknown host for a URL the user typed', async () => {
    const { accounts } = harness.open({ fetch: loopbackFetch({}), resolveSrv: fakeDns({}) });
    await expect(accounts.service.discover('https://mail.nowhere.test')).rejects.toMatchObject({
      code: 'network.unknownHost',
      params: { host: 'mail.nowhere.test' },
    });
  });

  it('takes an imap:// or xmpp:// URL as the server itself', async () => {
    const { accounts } = harness.open({ fetch: loopbackFetch({}), resolveSrv: fakeDns({}) });
    expect((await accounts.service.discover('imaps://imap.region.test')).candidates).toEqual([
      expect.objectContaining({
        kindId: 'imap',
        server: {
          type: 'mail',
          incoming: { host: 'imap.region.test', port: 993, security: 'tls' },
          outgoing: { host: 'imap.region.test', port: 587, security: 'starttls' },
        },
      }),
    ]);
    expect((await accounts.service.discover('xmpp://chat.region.test:5333')).candidates).toEqual([
      expect.objectContaining({
        kindId: 'xmpp',
        server: {
          type: 'chat',
          domain: 'chat.region.test',
          endpoint: { host: 'chat.region.test', port: 5333, security: 'starttls' },
        },
      }),
    ]);
  });

  it('keeps out what the organisation does not allow', async () => {
    const { createPolicy } = await import('../../policy/runtime');
    const { accounts } = harness.open({
      fetch: loopbackFetch({ 'autoconfig.region.test': autoconfigUrl }),
      resolveSrv: fakeDns({}),
      policy: createPolicy({ AllowedServerHosts: ['*.laregion.fr'] }, [], ''),
    });
    expect(await accounts.service.discover('alice@region.test')).toEqual({ candidates: [] });
  });
});
