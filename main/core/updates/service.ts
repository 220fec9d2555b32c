import { CoreError } from '../errors';
import type { EventHub } from '../events';
import type { UpdateChannel, UpdateMode, UpdateNotice, UpdateStatus } from '../model';
import { decideUpdate, resolveUpdateUrl, type InstallType, type UpdateDecision } from './decision';
import { checkForUpdate, UpdateFeedError } from './feed';

// Runs what decideUpdate allows. Notify-only installations (MSI, deb, rpm, per-machine, or notify mode) are
// checked here with a plain feed read; installations that update themselves hand the whole job to the host's
// self-updater (electron-updater), which the core never calls otherwise.

export interface SelfUpdaterConfig {
  url: string;
  channel: UpdateChannel;
  intervalHours: number;
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
}

export type SelfUpdaterReport =
  ({ type: 'available' } & UpdateNotice) | { type: 'downloaded'; version: string } | { type: 'error'; name: string };

/** The host's updater: electron-updater in the app, absent elsewhere. */
export interface SelfUpdater {
  start(config: SelfUpdaterConfig, report: (report: SelfUpdaterReport) => void): void;
  stop(): void;
  quitAndInstall(): void;
}

/** What the host knows about this installation. */
export interface UpdateEnvironment {
  installType: InstallType;
  /** The URL in the installer's app-update.yml, null when absent. */
  builtInUrl: string | null;
  platform?: string;
  arch?: string;
  fetch?: typeof fetch;
  selfUpdater?: SelfUpdater;
}

export interface UpdateSettings {
  updateMode: UpdateMode;
  updateUrl: string;
  updateChannel: UpdateChannel;
  updateCheckIntervalHours: number;
}

const HOUR_MS = 3_600_000;

export function createUpdateService(options: {
  environment?: UpdateEnvironment;
  currentVersion: string;
  events: Pick<EventHub, 'emit'>;
  log?: (line: string) => void;
}) {
  const environment: UpdateEnvironment = options.environment ?? { installType: 'dev', builtInUrl: null };
  const log = options.log ?? ((line: string) => console.warn(line));
  let decision: UpdateDecision = decideUpdate({ installType: environment.installType, mode: 'off', updateUrl: null });
  let configured = '';
  let available: UpdateNotice | null = null;
  let downloaded = false;
  let timer: NodeJS.Timeout | undefined;
  let aborter = new AbortController();
  let selfUpdating = false;

  const status = (): UpdateStatus => ({
    currentVersion: options.currentVersion,
    checks: decision.check,
    reason: decision.reason,
    available: available && { ...available },
    readyToInstall: downloaded && decision.install,
  });

  const announce = (notice: UpdateNotice) => {
    if (available?.version === notice.version) return;
    available = notice;
    downloaded = false;
    options.events.emit('updates:available', status());
  };

  async function checkFeed(url: string, channel: UpdateChannel, signal: AbortSignal): Promise<void> {
    const fetchImpl = environment.fetch ?? fetch;
    try {
      const result = await checkForUpdate({
        fetch: (input, init) =>
          fetchImpl(input, { ...init, signal: init?.signal ? AbortSignal.any([signal, init.signal]) : signal }),
        baseUrl: url,
        channel,
        platform: environment.platform ?? process.platform,
        arch: environment.arch ?? process.arch,
        currentVersion: options.currentVersion,
      });
      if (signal.aborted || result.status !== 'available') return;
      const { version, releaseName, releaseNotes, releaseDate } = result;
      announce({ version, releaseName, releaseNotes, releaseDate });
    } catch (error) {
      if (signal.aborted) return;
      log(`[updates] check failed: ${error instanceof UpdateFeedError ? error.code : 'internal'}`);
    }
  }

  function stop(): void {
    clearInterval(timer);
    timer = undefined;
    aborter.abort();
    aborter = new AbortController();
    if (selfUpdating) environment.selfUpdater?.stop();
    selfUpdating = false;
  }

  function onReport(report: SelfUpdaterReport): void {
    if (report.type === 'available') {
      const { type: _type, ...notice } = report;
      announce(notice);
    } else if (report.type === 'downloaded') {
      downloaded = true;
      options.events.emit('updates:available', status());
    } else {
      log(`[updates] self-update failed: ${report.name}`);
    }
  }

  return {
    status,

    /** Applies the effective settings; a no-op when nothing that matters changed. */
    configure(settings: UpdateSettings): void {
      const url = resolveUpdateUrl(settings.updateUrl, environment.builtInUrl);
      const next = decideUpdate({ installType: environment.installType, mode: settings.updateMode, updateUrl: url });
      const key = JSON.stringify([next, url, settings.updateChannel, settings.updateCheckIntervalHours]);
      if (key === configured) return;
      configured = key;
      stop();
      decision = next;
      if (!decision.check || !url) return;
      const { updateChannel: channel, updateCheckIntervalHours: intervalHours } = settings;
      if (decision.download && environment.selfUpdater) {
        selfUpdating = true;
        environment.selfUpdater.start(
          { url, channel, intervalHours, autoDownload: decision.download, autoInstallOnAppQuit: decision.install },
          onReport,
        );
        return;
      }
      const signal = aborter.signal;
      void checkFeed(url, channel, signal);
      timer = setInterval(() => void checkFeed(url, channel, signal), intervalHours * HOUR_MS);
      timer.unref();
    },

    install(): void {
      if (!downloaded || !decision.install || !environment.selfUpdater) throw new CoreError('updates.notReady');
      environment.selfUpdater.quitAndInstall();
    },

    close: stop,
  };
}

export type UpdateService = ReturnType<typeof createUpdateService>;
