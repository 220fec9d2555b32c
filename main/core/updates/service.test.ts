import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../model';
import type { InstallType } from './decision';
import { createUpdateService, type SelfUpdater, type UpdateService, type UpdateSettings } from './service';

// The check-only path against a local static update server, and the hand-over to the host's self-updater.

const latestLinuxYml = `version: 0.2.0
files:
  - url: Bastide-0.2.0-x86_64.AppImage
    sha512: aGVsbG8=
path: Bastide-0.2.0-x86_64.AppImage
sha512: aGVsbG8=
releaseDate: '2026-03-02T09:30:00.000Z'
releaseNotes: '<b>Recherche</b> plus rapide.'
`;

let server: Server;
let url = '';
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === '/bastide/latest-linux.yml') response.writeHead(200, { 'content-type': 'text/yaml' });
    else response.writeHead(404);
    response.end(request.url === '/bastide/latest-linux.yml' ? latestLinuxYml : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bastide/`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const services: UpdateService[] = [];
afterEach(() => {
  services.splice(0).forEach((service) => service.close());
  requests.length = 0;
});

const settings = (overrides: Partial<UpdateSettings> = {}): UpdateSettings => ({
  updateMode: 'notify',
  updateUrl: '',
  updateChannel: 'stable',
  updateCheckIntervalHours: 6,
  ...overrides,
});

function fakeSelfUpdater() {
  return { start: vi.fn(), stop: vi.fn(), quitAndInstall: vi.fn() } satisfies SelfUpdater;
}

function service(installType: InstallType, selfUpdater?: SelfUpdater, builtInUrl: string | null = url) {
  const events: UpdateStatus[] = [];
  const log = vi.fn();
  const created = createUpdateService({
    environment: { installType, builtInUrl, platform: 'linux', arch: 'x64', selfUpdater },
    currentVersion: '0.1.0',
    events: { emit: (_event, payload) => events.push(payload as UpdateStatus) },
    log,
  });
  services.push(created);
  return { service: created, events, log };
}

describe('the update service', () => {
  it('checks the feed of a deb install and announces the version with its notes as text', async () => {
    const updater = fakeSelfUpdater();
    const { service: updates, events } = service('deb', updater);
    updates.configure(settings({ updateMode: 'automatic' }));
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toEqual({
      currentVersion: '0.1.0',
      checks: true,
      reason: 'managed-by-it',
      available: {
        version: '0.2.0',
        releaseName: null,
        releaseNotes: '<b>Recherche</b> plus rapide.',
        releaseDate: '2026-03-02T09:30:00.000Z',
      },
      readyToInstall: false,
    });
    expect(requests).toEqual(['/bastide/latest-linux.yml']);
    // An installation IT manages never reaches electron-updater, and cannot be installed from the app.
    expect(updater.start).not.toHaveBeenCalled();
    expect(() => updates.install()).toThrow(expect.objectContaining({ code: 'updates.notReady' }));
  });

  it('contacts nothing when updates are off or no address is known', async () => {
    const updater = fakeSelfUpdater();
    const off = service('appimage', updater);
    off.service.configure(settings({ updateMode: 'off' }));
    const noUrl = service('appimage', updater, 'https://updates.bastide.invalid/');
    noUrl.service.configure(settings({ updateMode: 'automatic' }));
    const dev = service('dev', updater);
    dev.service.configure(settings({ updateMode: 'automatic' }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toEqual([]);
    expect(updater.start).not.toHaveBeenCalled();
    expect(off.service.status()).toMatchObject({ checks: false, reason: 'update-mode-off' });
    expect(noUrl.service.status()).toMatchObject({ checks: false, reason: 'no-update-url' });
    expect(dev.service.status()).toMatchObject({ checks: false, reason: 'development-build' });
  });

  it('hands a self-updating install to the self-updater, and installs only once downloaded', () => {
    const updater = fakeSelfUpdater();
    const { service: updates, events } = service('appimage', updater);
    updates.configure(settings({ updateMode: 'automatic', updateChannel: 'beta', updateCheckIntervalHours: 12 }));
    expect(updater.start).toHaveBeenCalledExactlyOnceWith(
      { url, channel: 'beta', intervalHours: 12, autoDownload: true, autoInstallOnAppQuit: true },
      expect.any(Function),
    );
    expect(requests).toEqual([]);
    const report = updater.start.mock.calls[0]![1] as Parameters<SelfUpdater['start']>[1];

    report({ type: 'available', version: '0.2.0', releaseName: 'Printemps', releaseNotes: null, releaseDate: null });
    expect(events.at(-1)).toMatchObject({ available: { version: '0.2.0' }, readyToInstall: false });
    expect(() => updates.install()).toThrow(expect.objectContaining({ code: 'updates.notReady' }));

    report({ type: 'downloaded', version: '0.2.0' });
    expect(events.at(-1)).toMatchObject({ readyToInstall: true, reason: 'automatic' });
    updates.install();
    expect(updater.quitAndInstall).toHaveBeenCalledOnce();
  });

  it('uses the plain feed check in notify mode, even where a self-updater exists', async () => {
    const updater = fakeSelfUpdater();
    const { service: updates, events } = service('nsis-per-user', updater);
    updates.configure(settings({ updateMode: 'notify' }));
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(updater.start).not.toHaveBeenCalled();
    expect(events[0]).toMatchObject({ reason: 'notify-mode', readyToInstall: false });
  });

  it('prefers the UpdateUrl policy over the built-in address', async () => {
    const { service: updates, log } = service('rpm', undefined, 'https://built-in.example.org/');
    updates.configure(settings({ updateUrl: url.replace('/bastide/', '/elsewhere/') }));
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith('[updates] check failed: updates.feedNotFound'));
    expect(requests).toEqual(['/elsewhere/latest-linux.yml']);
  });

  it('stops the self-updater when the mode changes, and re-checks on a schedule', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const updater = fakeSelfUpdater();
      const { service: updates } = service('appimage', updater);
      updates.configure(settings({ updateMode: 'automatic' }));
      updates.configure(settings({ updateMode: 'automatic' }));
      expect(updater.start).toHaveBeenCalledOnce();
      updates.configure(settings({ updateMode: 'notify', updateCheckIntervalHours: 1 }));
      expect(updater.stop).toHaveBeenCalledOnce();
      await vi.waitFor(() => expect(requests).toHaveLength(1));
      vi.advanceTimersByTime(3_600_000);
      await vi.waitFor(() => expect(requests).toHaveLength(2));
    } finally {
      vi.useRealTimers();
    }
  });
});
