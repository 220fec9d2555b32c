import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decideUpdate, installTypes, type UpdateMode } from '../core/updates/decision';
import { createUpdateService, type UpdateService } from '../core/updates/service';

const electron = vi.hoisted(() => ({
  app: { isPackaged: false, getName: () => 'Bastide' },
  net: { fetch: vi.fn() },
}));
vi.mock('electron', () => electron);

const updaterModule = vi.hoisted(() => ({ loads: 0 }));
vi.mock('electron-updater', () => ({
  get autoUpdater() {
    updaterModule.loads++;
    throw new Error('electron-updater must not be loaded in these tests');
  },
}));

import { createSelfUpdater, readUpdateEnvironment } from './updater';

/** electron-updater's AppUpdater as the wiring uses it. */
class FakeAppUpdater extends EventEmitter {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowDowngrade = false;
  readonly setFeedURL = vi.fn();
  readonly checkForUpdates = vi.fn(async () => null);
  readonly quitAndInstall = vi.fn();
}

/** The fake typed as electron-updater's (its typed-emitter signatures aside). */
const loader = (fake: FakeAppUpdater) =>
  vi.fn(() => fake) as unknown as NonNullable<Parameters<typeof createSelfUpdater>[0]>;

const URL_ = 'https://logiciels.laregion.fr/bastide/';
const services: UpdateService[] = [];
afterEach(() => {
  services.splice(0).forEach((service) => service.close());
});

function wire(installType: (typeof installTypes)[number], mode: UpdateMode, updateUrl: string) {
  const fake = new FakeAppUpdater();
  const load = loader(fake);
  const fetch = vi.fn(async () => new Response('not found', { status: 404 }));
  const service = createUpdateService({
    environment: {
      installType,
      builtInUrl: null,
      platform: 'linux',
      arch: 'x64',
      fetch,
      selfUpdater: createSelfUpdater(load),
    },
    currentVersion: '0.1.0',
    events: { emit: vi.fn() },
    log: () => {},
  });
  services.push(service);
  service.configure({ updateMode: mode, updateUrl, updateChannel: 'stable', updateCheckIntervalHours: 6 });
  return { fake, load, fetch };
}

describe('the updater wiring obeys the decision', () => {
  const modes: UpdateMode[] = ['off', 'notify', 'automatic'];
  for (const installType of installTypes) {
    for (const mode of modes) {
      for (const updateUrl of [URL_, '']) {
        const decision = decideUpdate({ installType, mode, updateUrl: updateUrl || null });
        it(`${installType}, ${mode}, ${updateUrl ? 'with' : 'without'} URL: ${decision.reason}`, async () => {
          const { fake, load, fetch } = wire(installType, mode, updateUrl);
          if (decision.download) {
            expect(load).toHaveBeenCalledOnce();
            expect(fake.setFeedURL).toHaveBeenCalledExactlyOnceWith({
              provider: 'generic',
              url: URL_,
              channel: 'latest',
            });
            expect(fake.autoDownload).toBe(true);
            expect(fake.autoInstallOnAppQuit).toBe(decision.install);
            expect(fake.checkForUpdates).toHaveBeenCalledOnce();
            expect(fetch).not.toHaveBeenCalled();
          } else {
            // electron-updater is not even built: MSI, deb, rpm, per-machine, notify, off, no URL.
            expect(load).not.toHaveBeenCalled();
            if (decision.check) await vi.waitFor(() => expect(fetch).toHaveBeenCalledOnce());
            else expect(fetch).not.toHaveBeenCalled();
          }
        });
      }
    }
  }
});

describe('createSelfUpdater', () => {
  const config = {
    url: URL_,
    channel: 'beta' as const,
    intervalHours: 2,
    autoDownload: true,
    autoInstallOnAppQuit: true,
  };

  it('reads the beta feed without allowing downgrades, and reports what electron-updater says', () => {
    const fake = new FakeAppUpdater();
    fake.allowDowngrade = true;
    const report = vi.fn();
    createSelfUpdater(loader(fake)).start(config, report);
    expect(fake.setFeedURL).toHaveBeenCalledExactlyOnceWith({ provider: 'generic', url: URL_, channel: 'beta' });
    expect(fake.allowDowngrade).toBe(false);

    fake.emit('update-available', {
      version: '0.3.0-beta.1',
      releaseName: 'Bêta',
      releaseNotes: [{ version: '0.3.0-beta.1', note: 'Calendrier partagé.' }],
      releaseDate: '2026-03-02T09:30:00.000Z',
      files: [],
    });
    fake.emit('update-downloaded', { version: '0.3.0-beta.1', files: [] });
    fake.emit('error', Object.assign(new Error('net::ERR_PROXY'), { name: 'HttpError' }));
    expect(report.mock.calls).toEqual([
      [
        {
          type: 'available',
          version: '0.3.0-beta.1',
          releaseName: 'Bêta',
          releaseNotes: '0.3.0-beta.1\nCalendrier partagé.',
          releaseDate: '2026-03-02T09:30:00.000Z',
        },
      ],
      [{ type: 'downloaded', version: '0.3.0-beta.1' }],
      [{ type: 'error', name: 'HttpError' }],
    ]);
  });

  it('checks again on its interval, and stops listening and downloading when stopped', () => {
    vi.useFakeTimers();
    try {
      const fake = new FakeAppUpdater();
      const report = vi.fn();
      const updater = createSelfUpdater(loader(fake));
      updater.start(config, report);
      vi.advanceTimersByTime(2 * 3_600_000);
      expect(fake.checkForUpdates).toHaveBeenCalledTimes(2);
      updater.stop();
      vi.advanceTimersByTime(10 * 3_600_000);
      expect(fake.checkForUpdates).toHaveBeenCalledTimes(2);
      expect(fake.autoDownload).toBe(false);
      fake.emit('update-downloaded', { version: '0.3.0', files: [] });
      expect(report).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('installs silently and starts Bastide again', () => {
    const fake = new FakeAppUpdater();
    const updater = createSelfUpdater(loader(fake));
    updater.start(config, vi.fn());
    updater.quitAndInstall();
    expect(fake.quitAndInstall).toHaveBeenCalledExactlyOnceWith(true, true);
  });
});

describe('readUpdateEnvironment', () => {
  it('sees an unpackaged run as a development build, without building electron-updater', async () => {
    // Electron sets it; plain Node does not.
    Object.assign(process, { resourcesPath: '/nonexistent/resources' });
    const environment = await readUpdateEnvironment().finally(() => Reflect.deleteProperty(process, 'resourcesPath'));
    expect(environment).toMatchObject({ installType: 'dev', builtInUrl: null });
    expect(updaterModule.loads).toBe(0);
  });
});
