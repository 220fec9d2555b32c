// Document content kept on a real WebDAV server (rclone, as in e2e/servers) with the eXo path layout (issue 5).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExoEmulator } from './index';
import { basic, withEmulator } from './test-helpers';

const hasRclone = spawnSync('rclone', ['version'], { stdio: 'ignore' }).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!hasRclone)('webdavBackend: content on a real rclone WebDAV server', () => {
  let dir: string;
  let rclone: ChildProcess;
  let davUrl: string;
  let emu: ExoEmulator;
  const root = '/exo';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'exo-dav-'));
    const port = await freePort();
    davUrl = `http://127.0.0.1:${port}/`;
    rclone = spawn(
      'rclone',
      [
        'serve',
        'webdav',
        '--config',
        '/dev/null',
        dir,
        '--addr',
        `127.0.0.1:${port}`,
        '--user',
        'alice',
        '--pass',
        'alicepw',
      ],
      {
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(davUrl, { method: 'PROPFIND', headers: { ...basic('alice'), Depth: '0' } }).then(
        (r) => r.status < 500,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    emu = await withEmulator({ webdavBackend: { url: davUrl, username: 'alice', password: 'alicepw', root } });
  }, 30_000);

  afterAll(async () => {
    await emu?.close();
    rclone?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const onDisk = (path: string) => join(dir, root, path);

  it('seeds the eXo layout as real files on the WebDAV server', async () => {
    expect(
      readFileSync(onDisk('/Users/a___/al___/ali___/alice/Private/Budget prévisionnel 2025.csv'), 'utf8'),
    ).toContain('licences');
    expect(
      readFileSync(
        onDisk('/Groups/spaces/direction_du_numerique/Documents/Schéma directeur du numérique 2025-2028.odt'),
        'utf8',
      ),
    ).toContain('version de travail 2');
    const direct = await fetch(
      `${davUrl}exo/Groups/spaces/comite_rgpd/Documents/${encodeURIComponent('Registre des traitements.csv')}`,
      { headers: basic('alice') },
    );
    expect(direct.status).toBe(200);
  });

  it('PUT, GET, MOVE and DELETE through the emulator reach the real server; eXo quirks stay', async () => {
    const base = `${emu.url}/rest/private/jcr/repository/collaboration/Users/a___/al___/ali___/alice/Private`;
    const put = await fetch(`${base}/${encodeURIComponent('Note été 100%.txt')}`, {
      method: 'PUT',
      headers: basic('alice'),
      body: 'version 1',
    });
    expect(put.status).toBe(201);
    expect(readFileSync(onDisk('/Users/a___/al___/ali___/alice/Private/Note été 100%.txt'), 'utf8')).toBe('version 1');
    await fetch(`${base}/${encodeURIComponent('Note été 100%.txt')}`, {
      method: 'PUT',
      headers: basic('alice'),
      body: 'version 2',
    });
    const get = await fetch(`${base}/${encodeURIComponent('Note été 100%.txt')}`, { headers: basic('alice') });
    expect(await get.text()).toBe('version 2');
    expect(get.headers.get('etag')).not.toMatch(/^"/);
    const old = await fetch(`${base}/${encodeURIComponent('Note été 100%.txt')}?version=1`, {
      headers: basic('alice'),
    });
    expect(await old.text()).toBe('version 1');
    const move = await fetch(`${base}/${encodeURIComponent('Note été 100%.txt')}`, {
      method: 'MOVE',
      headers: { ...basic('alice'), Destination: `${base}/Documents/${encodeURIComponent('Note.txt')}` },
    });
    expect(move.status).toBe(201);
    expect(existsSync(onDisk('/Users/a___/al___/ali___/alice/Private/Note été 100%.txt'))).toBe(false);
    expect(readFileSync(onDisk('/Users/a___/al___/ali___/alice/Private/Documents/Note.txt'), 'utf8')).toBe('version 2');
    expect((await fetch(`${base}/Documents/Note.txt`, { method: 'DELETE', headers: basic('alice') })).status).toBe(204);
    expect(existsSync(onDisk('/Users/a___/al___/ali___/alice/Private/Documents/Note.txt'))).toBe(false);
  });

  it('a control-side change (another user) lands on the server too', async () => {
    await emu.control.putDocument(
      '/Groups/spaces/projet_lycees_connectes/Documents/Planning déploiement ENT.csv',
      'lycée;date\n',
      'srousseau',
    );
    expect(
      readFileSync(onDisk('/Groups/spaces/projet_lycees_connectes/Documents/Planning déploiement ENT.csv'), 'utf8'),
    ).toBe('lycée;date\n');
  });
});
