// The HTTP layer: TLS trust by fingerprint over a real HTTPS server with a self-signed certificate, network
// failures as translatable errors, HTML where JSON was expected, cookies, no automatic redirects.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDriverContext } from '../../core/accounts/context';
import { CoreError } from '../../core/errors';
import { CertificateTrust } from '../../core/tls/trust';
import { openDatabase } from '../../store/db';
import { trustedCertificatesRepository } from '../../store/repositories/certificates';
import { CookieJar } from './cookie-jar';
import { looksLikeHtml } from './http-client';
import { isLoopback, toNetworkError, type Network } from './network';

let dir: string;
let server: Server;
let origin: string;
let fingerprint: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bastide-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=intranet.region.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'));
  fingerprint = new X509Certificate(cert).fingerprint256;
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
    if (req.url === '/json') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    if (req.url === '/login-page') {
      return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!DOCTYPE html><form>…</form>');
    }
    if (req.url === '/cookies') {
      res.setHeader('Set-Cookie', ['JSESSIONID=abc; Path=/; HttpOnly', 'rememberme=xyz; Max-Age=604800']);
      return void res.writeHead(302, { Location: '/portal/dw' }).end();
    }
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function setup(options: { allowExceptions?: boolean } = {}) {
  const trust = new CertificateTrust({
    repository: trustedCertificatesRepository(openDatabase(':memory:')),
    now: () => new Date(),
    allowExceptions: () => options.allowExceptions ?? true,
  });
  return { trust, ...createDriverContext({ trust, version: '0.0.0-test', timeoutMs: 1_000 }) };
}

describe('TLS trust by fingerprint', () => {
  it('refuses an unknown certificate with its SHA-256 fingerprint, accepts it once trusted, refuses it once revoked', async () => {
    const { http, trust } = setup();
    await expect(http.send(`${origin}/json`)).rejects.toMatchObject({
      code: 'tls.untrusted',
      params: { host: '127.0.0.1', fingerprint },
    });
    expect(trust.trust('127.0.0.1', fingerprint)).toMatchObject({
      host: '127.0.0.1',
      fingerprint,
      subject: 'CN=intranet.region.test',
    });
    const response = await http.send(`${origin}/json`);
    expect(await http.json(response, `${origin}/json`)).toEqual({ ok: true });
    expect(trust.list()).toEqual([expect.objectContaining({ fingerprint })]);
    expect(trust.list()[0]).not.toHaveProperty('pem');

    expect(trust.revoke('127.0.0.1', fingerprint.toLowerCase().replaceAll(':', ''))).toBe(true);
    await expect(http.send(`${origin}/json`)).rejects.toMatchObject({ code: 'tls.untrusted' });
  });

  it('trusts only a certificate the server just presented, for that host', async () => {
    const { http, trust } = setup();
    expect(() => trust.trust('127.0.0.1', fingerprint)).toThrow(
      expect.objectContaining({ code: 'tls.unknownCertificate' }),
    );
    await http.send(`${origin}/json`).catch(() => {});
    expect(() => trust.trust('127.0.0.2', fingerprint)).toThrow(
      expect.objectContaining({ code: 'tls.unknownCertificate' }),
    );
    const other = 'AB:'.repeat(31) + 'AB';
    expect(() => trust.trust('127.0.0.1', other)).toThrow(expect.objectContaining({ code: 'tls.unknownCertificate' }));
  });

  it('follows the policy that forbids certificate exceptions', async () => {
    const { http, trust } = setup({ allowExceptions: false });
    await http.send(`${origin}/json`).catch(() => {});
    expect(() => trust.trust('127.0.0.1', fingerprint)).toThrow(
      expect.objectContaining({ code: 'tls.exceptionsForbidden' }),
    );
  });
});

describe('the HTTP layer', () => {
  it('refuses an HTML page where JSON was expected (a login page in front of the API)', async () => {
    const { http, trust } = setup();
    await http.send(`${origin}/json`).catch(() => {});
    trust.trust('127.0.0.1', fingerprint);
    const response = await http.send(`${origin}/login-page`);
    await expect(http.json(response, `${origin}/login-page`)).rejects.toMatchObject({
      code: 'server.htmlInsteadOfJson',
      params: { host: '127.0.0.1' },
    });
    expect(looksLikeHtml(new Response('', { headers: { 'content-type': 'application/json' } }), ' <html>')).toBe(true);
    expect(looksLikeHtml(new Response(''), '{"a":1}')).toBe(false);
  });

  it('does not follow redirects, and keeps every Set-Cookie', async () => {
    const { http, trust } = setup();
    await http.send(`${origin}/json`).catch(() => {});
    trust.trust('127.0.0.1', fingerprint);
    const response = await http.send(`${origin}/cookies`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/portal/dw');
    const jar = new CookieJar();
    jar.update(response);
    expect(jar.toJSON()).toEqual({ JSESSIONID: 'abc', rememberme: 'xyz' });
    expect(jar.header()).toBe('JSESSIONID=abc; rememberme=xyz');
    jar.update(new Response(null, { headers: [['set-cookie', 'rememberme=; Max-Age=0']] }));
    expect(jar.toJSON()).toEqual({ JSESSIONID: 'abc' });
  });

  it('gives up after its timeout', async () => {
    const { http, trust } = setup();
    await http.send(`${origin}/json`).catch(() => {});
    trust.trust('127.0.0.1', fingerprint);
    await expect(http.send(`${origin}/slow`, { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'network.timeout',
      params: { host: '127.0.0.1' },
    });
  });

  it('names the network failure, whatever layer reports it', async () => {
    const network = { certificateRefusal: async () => new CoreError('tls.untrusted') } as unknown as Network;
    const endpoint = { host: 'mail.region.test', port: 993 };
    const codeOf = async (error: unknown) => ((await toNetworkError(error, endpoint, network)) as CoreError).code;
    const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
    expect(await codeOf(fetchFailed('ENOTFOUND'))).toBe('network.unknownHost');
    expect(await codeOf(fetchFailed('ECONNREFUSED'))).toBe('network.unreachable');
    expect(await codeOf(new DOMException('timed out', 'TimeoutError'))).toBe('network.timeout');
    expect(await codeOf(Object.assign(new Error('x'), { code: 'GREETING_TIMEOUT' }))).toBe('network.timeout');
    expect(await codeOf(Object.assign(new Error('x'), { code: 'EDNS' }))).toBe('network.unknownHost');
    expect(await codeOf(fetchFailed('DEPTH_ZERO_SELF_SIGNED_CERT'))).toBe('tls.untrusted');
    expect(await codeOf(Object.assign(new Error('x'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }))).toBe('tls.untrusted');
    const bug = new RangeError('a bug');
    expect(await toNetworkError(bug, endpoint, network)).toBe(bug);
  });

  it('knows this machine', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', 'mail.region.test', '127.0.0.1.region.test'].some(isLoopback)).toBe(false);
  });
});
