import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));
vi.mock('electron', () => electron);

import { createAppProtocolHandler, registerAppProtocol, registerAppScheme, resolveAppFile } from './app-protocol';
import { contentSecurityPolicy } from './csp';

const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https: http:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const root = mkdtempSync(path.join(tmpdir(), 'bastide-renderer-'));
const rendererDir = path.join(root, 'renderer');
mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Bastide</title>');
writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
writeFileSync(path.join(rendererDir, 'assets', 'marianne.woff2'), 'font');
// A sibling of the root that a traversal would reach.
writeFileSync(path.join(root, 'secret.txt'), 'secret');

afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeEach(() => {
  electron.protocol.registerSchemesAsPrivileged.mockClear();
  electron.protocol.handle.mockClear();
});

describe('registerAppScheme', () => {
  it('registers app:// as standard, secure and fetch-capable', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('registers the handler on the app scheme', () => {
    registerAppProtocol(rendererDir);
    expect(electron.protocol.handle).toHaveBeenCalledExactlyOnceWith('app', expect.any(Function));
  });
});

describe('resolveAppFile', () => {
  it.each([
    ['app://bastide/', 'index.html'],
    ['app://bastide/index.html', 'index.html'],
    ['app://bastide/assets/app.js?v=2#top', 'assets/app.js'],
    ['app://bastide/assets/a%20b.png', 'assets/a b.png'],
  ])('%s → %s', (url, file) => {
    expect(resolveAppFile(rendererDir, url)).toBe(path.join(rendererDir, file));
  });

  it.each([
    'app://bastide/%2e%2e%2fsecret.txt',
    'app://bastide/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://bastide/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'app://bastide/..%2fsecret.txt',
    'app://bastide/..%5csecret.txt',
    'app://bastide/assets%5c..%5c..%5csecret.txt',
    'app://bastide/index.html%00.png',
    'app://bastide/%e0%a4%a',
    'app://evil/index.html',
    'app://bastide.evil/index.html',
    'app://bastide:1234/index.html',
    'app://user@bastide/index.html',
    'file:///etc/passwd',
    'https://bastide/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(rendererDir, url)).toBeNull();
  });

  // The URL parser resolves `..` and `%2e%2e` segments and a decoded leading slash is dropped: these land
  // under the root (and 404 when missing), never outside it.
  it.each([
    ['app://bastide/../../etc/passwd', 'etc/passwd'],
    ['app://bastide/%2e%2e/secret.txt', 'secret.txt'],
    ['app://bastide/%2fetc%2fpasswd', 'etc/passwd'],
    ['app://bastide/%2e', 'index.html'],
  ])('keeps %s inside the root', (url, file) => {
    expect(resolveAppFile(rendererDir, url)).toBe(path.join(rendererDir, file));
  });
});

describe('app protocol handler', () => {
  const reads: string[] = [];
  const handler = createAppProtocolHandler(rendererDir, async (file) => {
    reads.push(file);
    return readFile(file);
  });

  beforeEach(() => {
    reads.length = 0;
  });

  it('serves index.html with its type and the strict CSP', async () => {
    const response = await handler(new Request('app://bastide/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(STRICT_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Bastide</title>');
  });

  it('serves the root as index.html', async () => {
    const response = await handler(new Request('app://bastide/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Bastide');
  });

  it.each([
    ['app://bastide/assets/app.js', 'text/javascript; charset=utf-8'],
    ['app://bastide/assets/app.css', 'text/css; charset=utf-8'],
    ['app://bastide/assets/marianne.woff2', 'font/woff2'],
  ])('serves %s as %s', async (url, type) => {
    const response = await handler(new Request(url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(STRICT_CSP);
  });

  it.each([
    'app://bastide/../../etc/passwd',
    'app://bastide/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://bastide/%2e%2e%2fsecret.txt',
    'app://bastide/..%5csecret.txt',
  ])('refuses traversal %s with 404 and never reads outside the root', async (url) => {
    const response = await handler(new Request(url));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(STRICT_CSP);
    expect(await response.text()).not.toContain('secret');
    for (const file of reads) expect(path.relative(rendererDir, file).startsWith('..')).toBe(false);
  });

  it('refuses an unknown host with 404 without reading anything', async () => {
    const response = await handler(new Request('app://evil/index.html'));
    expect(response.status).toBe(404);
    expect(reads).toEqual([]);
  });

  it('answers 404 for a missing file or a directory', async () => {
    expect((await handler(new Request('app://bastide/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://bastide/assets/'))).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handler(new Request('app://bastide/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('content-security-policy')).toBe(STRICT_CSP);
    expect(reads).toEqual([]);
  });

  it('answers HEAD without a body', async () => {
    const response = await handler(new Request('app://bastide/index.html', { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('contentSecurityPolicy', () => {
  it('is the strict policy by default', () => {
    expect(contentSecurityPolicy()).toBe(STRICT_CSP);
  });

  it('adds connect-src sources for the test host only when asked', () => {
    expect(contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:4000'] })).toContain(
      "connect-src 'self' ws://127.0.0.1:4000;",
    );
  });

  it.each(["ws://x; script-src 'unsafe-inline'", "'unsafe-eval'", 'a b', ''])('refuses the source %j', (source) => {
    expect(() => contentSecurityPolicy({ connectSrc: [source] })).toThrow();
  });
});
