import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkForUpdate, feedFileName, parseUpdateFeed, UpdateFeedError, type CheckOptions } from './feed';
import { compareVersions, parseVersion } from './versions';

// What electron-builder 26 writes for an NSIS build (sha512 shortened).
const latestYml = `version: 0.2.0
files:
  - url: Bastide-Setup-0.2.0-x64.exe
    sha512: kUFRvNSpTqD5b3hYQkZ1nO2mKsD0Vm0a9gN7x3Yl0qvWkq2xY4Fv+Zb0S7uQ3p==
    size: 98234511
path: Bastide-Setup-0.2.0-x64.exe
sha512: kUFRvNSpTqD5b3hYQkZ1nO2mKsD0Vm0a9gN7x3Yl0qvWkq2xY4Fv+Zb0S7uQ3p==
releaseDate: '2026-03-02T09:30:00.000Z'
releaseNotes: |-
  Recherche plus rapide.
  Correction de l'envoi différé.
`;

const latestLinuxYml = `version: 0.2.0
files:
  - url: Bastide-0.2.0-x86_64.AppImage
    sha512: aGVsbG8=
    size: 120000000
  - url: bastide_0.2.0_amd64.deb
    sha512: d29ybGQ=
    size: 80000000
path: Bastide-0.2.0-x86_64.AppImage
sha512: aGVsbG8=
releaseDate: 2026-03-02T09:30:00.000Z
`;

const betaYml = `version: 0.3.0-beta.1
files:
  - url: Bastide-Setup-0.3.0-beta.1-x64.exe
    sha512: YmV0YQ==
releaseNotes:
  - version: 0.3.0-beta.1
    note: Calendrier partagé (aperçu).
`;

const routes: Record<string, { status: number; type: string; body: string } | 'hang'> = {
  '/stable/latest.yml': { status: 200, type: 'text/yaml', body: latestYml },
  '/stable/latest-linux.yml': { status: 200, type: 'application/octet-stream', body: latestLinuxYml },
  '/stable/beta.yml': { status: 200, type: 'text/yaml', body: betaYml },
  '/prerelease-on-stable/latest.yml': { status: 200, type: 'text/yaml', body: betaYml },
  '/portal/latest.yml': {
    status: 200,
    type: 'text/html; charset=utf-8',
    body: '<!DOCTYPE html><html><body>Authentification requise</body></html>',
  },
  '/untyped-portal/latest.yml': { status: 200, type: 'text/plain', body: '<html><body>Proxy</body></html>' },
  '/broken/latest.yml': { status: 200, type: 'text/yaml', body: 'version: 0.2.0\nfiles: [\n  - url: x' },
  '/incomplete/latest.yml': { status: 200, type: 'text/yaml', body: 'version: 0.2.0\npath: Bastide.exe\n' },
  '/elsewhere/latest.yml': {
    status: 200,
    type: 'text/yaml',
    body: 'version: 0.2.0\nfiles:\n  - url: https://elsewhere.example/Bastide.exe\n    sha512: eA==\n',
  },
  '/failing/latest.yml': { status: 503, type: 'text/plain', body: 'maintenance' },
  '/slow/latest.yml': 'hang',
};

let server: Server;
let base = '';
let closedPortBase = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const route = routes[request.url ?? ''];
    if (route === 'hang') return; // never answers
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(route.status, { 'content-type': route.type }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPortBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const options = (folder: string, overrides: Partial<CheckOptions> = {}): CheckOptions => ({
  fetch,
  baseUrl: `${base}/${folder}`,
  channel: 'stable',
  platform: 'win32',
  arch: 'x64',
  currentVersion: '0.1.0',
  timeoutMs: 2_000,
  ...overrides,
});

async function failure(promise: Promise<unknown>): Promise<UpdateFeedError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UpdateFeedError);
  return error as UpdateFeedError;
}

describe('checkForUpdate against a local static update server', () => {
  it('announces 0.2.0 with its release notes', async () => {
    const result = await checkForUpdate(options('stable'));
    expect(result).toMatchObject({
      status: 'available',
      currentVersion: '0.1.0',
      version: '0.2.0',
      releaseDate: '2026-03-02T09:30:00.000Z',
      releaseNotes: "Recherche plus rapide.\nCorrection de l'envoi différé.",
      feedUrl: `${base}/stable/latest.yml`,
    });
    expect(result.files).toEqual([
      {
        url: `${base}/stable/Bastide-Setup-0.2.0-x64.exe`,
        sha512: 'kUFRvNSpTqD5b3hYQkZ1nO2mKsD0Vm0a9gN7x3Yl0qvWkq2xY4Fv+Zb0S7uQ3p==',
        size: 98234511,
      },
    ]);
  });

  it('reads latest-linux.yml on Linux, served with any content type, unquoted date kept as text', async () => {
    const result = await checkForUpdate(options('stable/', { platform: 'linux' }));
    expect(result.feedUrl).toBe(`${base}/stable/latest-linux.yml`);
    expect(result.releaseDate).toBe('2026-03-02T09:30:00.000Z');
    expect(result.files.map((file) => file.url.split('/').pop())).toEqual([
      'Bastide-0.2.0-x86_64.AppImage',
      'bastide_0.2.0_amd64.deb',
    ]);
  });

  it('is up to date when running the feed’s version or a newer one', async () => {
    expect((await checkForUpdate(options('stable', { currentVersion: '0.2.0' }))).status).toBe('up-to-date');
    expect((await checkForUpdate(options('stable', { currentVersion: '0.3.0-beta.1' }))).status).toBe('up-to-date');
  });

  it('reads beta.yml on the beta channel', async () => {
    const result = await checkForUpdate(options('stable', { channel: 'beta', currentVersion: '0.2.0' }));
    expect(result).toMatchObject({
      status: 'available',
      version: '0.3.0-beta.1',
      releaseNotes: '0.3.0-beta.1\nCalendrier partagé (aperçu).',
    });
  });

  it('never offers a pre-release on the stable channel', async () => {
    const result = await checkForUpdate(options('prerelease-on-stable'));
    expect(result).toMatchObject({ status: 'up-to-date', version: '0.3.0-beta.1' });
  });

  it('reports an HTML page (captive portal, SSO proxy) as not a feed', async () => {
    expect((await failure(checkForUpdate(options('portal')))).code).toBe('updates.feedNotYaml');
    expect((await failure(checkForUpdate(options('untyped-portal')))).code).toBe('updates.feedNotYaml');
  });

  it('reports malformed YAML with its line', async () => {
    const error = await failure(checkForUpdate(options('broken')));
    expect(error.code).toBe('updates.feedMalformed');
    expect(error.params?.line).toBeGreaterThan(0);
  });

  it('reports a feed without files, or with installers on another host, as invalid', async () => {
    expect((await failure(checkForUpdate(options('incomplete')))).toInfo()).toEqual({
      code: 'updates.feedInvalid',
      params: { field: 'files' },
    });
    expect((await failure(checkForUpdate(options('elsewhere')))).params).toEqual({ field: 'files.url' });
  });

  it('reports 404, other HTTP errors, a closed port and a silent server distinctly', async () => {
    expect((await failure(checkForUpdate(options('missing')))).toInfo()).toEqual({
      code: 'updates.feedNotFound',
      params: { url: `${base}/missing/latest.yml` },
    });
    expect((await failure(checkForUpdate(options('failing')))).params).toMatchObject({ status: 503 });
    const unreachable = await failure(checkForUpdate({ ...options(''), baseUrl: closedPortBase }));
    expect(unreachable.code).toBe('updates.feedUnreachable');
    expect((await failure(checkForUpdate(options('slow', { timeoutMs: 200 })))).code).toBe('updates.feedTimeout');
  });

  it('refuses a base URL that is not one', async () => {
    expect((await failure(checkForUpdate({ ...options(''), baseUrl: 'not a url' }))).code).toBe('updates.invalidUrl');
  });
});

describe('parseUpdateFeed', () => {
  it('keeps a YAML scalar that is not a mapping from passing as a feed', () => {
    expect(() => parseUpdateFeed('just some text')).toThrow(UpdateFeedError);
    expect(() => parseUpdateFeed('version: 0.2\nfiles:\n  - url: a\n    sha512: b\n')).toThrow(/updates.feedInvalid/);
  });
});

describe('feedFileName', () => {
  it.each([
    ['stable', 'win32', 'x64', 'latest.yml'],
    ['beta', 'win32', 'x64', 'beta.yml'],
    ['stable', 'linux', 'x64', 'latest-linux.yml'],
    ['beta', 'linux', 'x64', 'beta-linux.yml'],
    ['stable', 'linux', 'arm64', 'latest-linux-arm64.yml'],
    ['stable', 'linux', 'arm', 'latest-linux-arm.yml'],
    ['stable', 'darwin', 'arm64', 'latest-mac.yml'],
  ] as const)('%s on %s/%s → %s', (channel, platform, arch, expected) => {
    expect(feedFileName(channel, platform, arch)).toBe(expected);
  });
});

describe('versions', () => {
  it.each([
    ['0.2.0', '0.1.0', 1],
    ['0.1.0', '0.2.0', -1],
    ['0.10.0', '0.9.0', 1],
    ['1.0.0', '1.0.0', 0],
    ['1.0.0+build.7', '1.0.0', 0],
    ['v1.2.3', '1.2.3', 0],
    ['0.2.0', '0.2.0-beta.3', 1],
    ['0.2.0-beta.2', '0.2.0-beta.10', -1],
    ['0.2.0-alpha.1', '0.2.0-beta.1', -1],
    ['0.2.0-beta', '0.2.0-beta.1', -1],
    ['0.2.0-1', '0.2.0-beta', -1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(-expected || 0);
  });

  it('rejects what is not a version', () => {
    expect(parseVersion('0.2')).toBeNull();
    expect(parseVersion('01.2.3')).toBeNull();
    expect(() => compareVersions('0.2', '0.1.0')).toThrow(/not a version: 0.2/);
  });
});
