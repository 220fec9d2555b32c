// The test host's own guard rails: the per-run token, the origin check and the static file root.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { resolveInside, startHost, type Host } from './server';

let dir: string;
let host: Host;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bastide-host-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(dir, 'bridge.js'), '/* bridge */');
  host = await startHost({ profileDir: dir, rendererDir: dir, bridgeFile: join(dir, 'bridge.js') });
});

afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

function connect(url: string, origin: string) {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const token = () => new URL(host.url).searchParams.get('token')!;

describe('test host', () => {
  it('serves the page only with the run token, with a CSP, and injects the bridge', async () => {
    expect((await fetch(host.origin + '/')).status).toBe(403);
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('bridge.js');
  });

  it('refuses a bridge connection without the token or from another origin', async () => {
    const ws = host.origin.replace('http', 'ws') + '/bridge';
    await expect(connect(`${ws}?token=wrong`, host.origin)).rejects.toThrow(/403/);
    await expect(connect(`${ws}?token=${token()}`, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('answers contract requests over the bridge and refuses invalid ones', async () => {
    const ws = await connect(host.origin.replace('http', 'ws') + `/bridge?token=${token()}`, host.origin);
    const ask = (id: number, channel: string, payload: unknown) =>
      new Promise<{ id: number; envelope: { ok: boolean; value?: unknown; error?: { code: string } } }>((resolve) => {
        ws.on('message', (data) => {
          const frame = JSON.parse(data.toString());
          if (frame.id === id) resolve(frame);
        });
        ws.send(JSON.stringify({ id, channel, payload }));
      });
    expect((await ask(1, 'app:info', {})).envelope).toMatchObject({ ok: true, value: { name: 'Bastide' } });
    expect((await ask(2, 'fs:read', {})).envelope).toEqual({ ok: false, error: { code: 'ipc.unknownChannel' } });
    expect((await ask(3, 'mail:list', { folderId: 42 })).envelope.error?.code).toBe('ipc.invalidRequest');
    ws.close();
  });

  it('takes launch arguments and shows recorded notifications, only with the token', async () => {
    const launch = (query: string, body: unknown) =>
      fetch(`${host.origin}/__host/test/launch${query}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await launch('?token=wrong', { argv: ['bastide://mail/x'] })).status).toBe(403);
    expect((await launch(`?token=${token()}`, { argv: 'bastide://mail/x' })).status).toBe(400);
    expect((await launch(`?token=${token()}`, 'not json')).status).toBe(400);
    const accepted = await launch(`?token=${token()}`, { argv: ['bastide', '--x', 'bastide://mail/m%201'] });
    expect(await accepted.json()).toEqual({ accepted: true });
    expect(await (await launch(`?token=${token()}`, { argv: ['bastide://settings/x'] })).json()).toEqual({
      accepted: false,
    });
    expect(await host.core.handle('app:takeOpen', {})).toEqual([{ kind: 'link', link: { app: 'mail', id: 'm 1' } }]);

    expect((await fetch(`${host.origin}/__host/test/notifications?token=wrong`)).status).toBe(403);
    const notifications = await fetch(`${host.origin}/__host/test/notifications?token=${token()}`);
    expect(await notifications.json()).toEqual(host.notifications());
  });

  it('never serves a file outside the renderer folder', async () => {
    expect(resolveInside('/srv/app', '/../etc/passwd')).toBeNull();
    expect(resolveInside('/srv/app', '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveInside('/srv/app', '/a%00b')).toBeNull();
    expect(resolveInside('/srv/app', '/assets/x.js')).toBe('/srv/app/assets/x.js');
    expect((await fetch(host.origin + '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });
});
