// The self-updating half of updates: electron-updater with a generic provider, started by the core's update
// service only when decideUpdate allows downloading (a per-user NSIS or an AppImage in automatic mode). MSI,
// deb, rpm and per-machine installs never reach it: the core reads their feed itself and at most notifies.
import { app, net } from 'electron';
import { autoUpdater, type AppUpdater, type UpdateInfo } from 'electron-updater';
import { detectInstallType } from '../core/updates/decision';
import { notesText } from '../core/updates/feed';
import { readBuiltInUpdateUrl, readInstallFacts } from '../core/updates/install-facts';
import type { SelfUpdater, UpdateEnvironment } from '../core/updates/service';

type Updater = Pick<
  AppUpdater,
  | 'setFeedURL'
  | 'checkForUpdates'
  | 'quitAndInstall'
  | 'on'
  | 'off'
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'allowDowngrade'
>;

const HOUR_MS = 3_600_000;

/** `load` is only called on start: electron-updater builds its updater (and reads app-update.yml) on first use. */
export function createSelfUpdater(load: () => Updater = () => autoUpdater): SelfUpdater {
  let updater: Updater | null = null;
  let timer: NodeJS.Timeout | undefined;
  let detach = () => {};

  return {
    start(config, report) {
      const current = load();
      updater = current;
      current.setFeedURL({
        provider: 'generic',
        url: config.url,
        channel: config.channel === 'beta' ? 'beta' : 'latest',
      });
      // Through the feed, not `updater.channel`, whose setter also allows downgrades.
      current.allowDowngrade = false;
      current.autoDownload = config.autoDownload;
      current.autoInstallOnAppQuit = config.autoInstallOnAppQuit;

      const onAvailable = (info: UpdateInfo) =>
        report({
          type: 'available',
          version: info.version,
          releaseName: info.releaseName ?? null,
          releaseNotes: notesText(info.releaseNotes ?? null),
          releaseDate: info.releaseDate ?? null,
        });
      const onDownloaded = (info: UpdateInfo) => report({ type: 'downloaded', version: info.version });
      const onError = (error: Error) => report({ type: 'error', name: error.name });
      current.on('update-available', onAvailable);
      current.on('update-downloaded', onDownloaded);
      current.on('error', onError);
      detach = () => {
        current.off('update-available', onAvailable);
        current.off('update-downloaded', onDownloaded);
        current.off('error', onError);
      };

      // A failed check is also emitted as `error`.
      const check = () => void current.checkForUpdates().catch(() => {});
      check();
      timer = setInterval(check, config.intervalHours * HOUR_MS);
      timer.unref();
    },

    stop() {
      clearInterval(timer);
      detach();
      if (updater) updater.autoDownload = false;
    },

    quitAndInstall() {
      // Silent, then start again: the user asked for a restart, not for an installer.
      updater?.quitAndInstall(true, true);
    },
  };
}

/** What the core's update service needs to know about this installation. */
export async function readUpdateEnvironment(): Promise<UpdateEnvironment> {
  const facts = await readInstallFacts({
    platform: process.platform,
    isPackaged: app.isPackaged,
    exePath: process.execPath,
    resourcesPath: process.resourcesPath,
    productName: app.getName(),
    env: process.env,
  });
  return {
    installType: detectInstallType(facts),
    builtInUrl: facts.isPackaged ? await readBuiltInUpdateUrl(process.resourcesPath) : null,
    // Chromium's network stack: the system proxy and PAC, like electron-updater's own requests.
    fetch: ((input, init) => net.fetch(input instanceof URL ? input.href : input, init)) as typeof fetch,
    selfUpdater: createSelfUpdater(),
  };
}
