import { posix, win32 } from 'node:path';
import type { UpdateMode, UpdateReason } from '../model';

// Whether Bastide may check, download and install updates itself. The rule: self-update only installations the
// user owns (per-user NSIS, AppImage). Installations IT deploys (MSI, deb, rpm, per-machine NSIS) are updated by
// IT tools and at most notify — electron-updater would otherwise install its NSIS package beside the MSI
// (Mattermost #2175), run dpkg/rpm behind a polkit prompt, or ask non-admin agents for a UAC elevation.

export type InstallType =
  | 'nsis-per-user'
  | 'nsis-per-machine'
  | 'msi'
  | 'deb'
  | 'rpm'
  | 'appimage'
  /** A zip or tar.gz unpacked somewhere: nothing can replace it in place. */
  | 'portable'
  /** Not packaged (`electron .` from a checkout). */
  | 'dev';

export const installTypes: readonly InstallType[] = [
  'nsis-per-user',
  'nsis-per-machine',
  'msi',
  'deb',
  'rpm',
  'appimage',
  'portable',
  'dev',
];

export type { UpdateMode, UpdateReason };

export interface UpdateDecision {
  check: boolean;
  download: boolean;
  install: boolean;
  /** Tell the user a version exists (with its notes); never fetch the installer. */
  notifyOnly: boolean;
  reason: UpdateReason;
}

const nothing = (reason: UpdateReason): UpdateDecision => ({
  check: false,
  download: false,
  install: false,
  notifyOnly: false,
  reason,
});
const notify = (reason: UpdateReason): UpdateDecision => ({
  check: true,
  download: false,
  install: false,
  notifyOnly: true,
  reason,
});

const selfUpdating: ReadonlySet<InstallType> = new Set(['nsis-per-user', 'appimage']);
const managedByIt: ReadonlySet<InstallType> = new Set(['msi', 'deb', 'rpm', 'nsis-per-machine']);

export function decideUpdate(input: {
  installType: InstallType;
  mode: UpdateMode;
  updateUrl: string | null;
}): UpdateDecision {
  const { installType, mode, updateUrl } = input;
  if (installType === 'dev') return nothing('development-build');
  if (mode === 'off') return nothing('update-mode-off');
  if (!updateUrl) return nothing('no-update-url');
  if (mode === 'notify') return notify('notify-mode');
  if (managedByIt.has(installType)) return notify('managed-by-it');
  if (!selfUpdating.has(installType)) return notify('cannot-self-update');
  return { check: true, download: true, install: true, notifyOnly: false, reason: 'automatic' };
}

/**
 * The feed URL to use: the UpdateUrl policy, else the URL built into the installer's app-update.yml. The
 * electron-builder.yml placeholder lives under `.invalid` (RFC 2606) and means "no server configured".
 */
export function resolveUpdateUrl(policyUrl: string, builtInUrl: string | null): string | null {
  if (policyUrl) return policyUrl;
  if (!builtInUrl) return null;
  try {
    const host = new URL(builtInUrl).hostname;
    return host === 'invalid' || host.endsWith('.invalid') ? null : builtInUrl;
  } catch {
    return null;
  }
}

/**
 * What detectInstallType looks at. Markers, all read from the installed files:
 * - `<resources>/package-type`: `deb` or `rpm` (written by electron-builder's fpm targets when publish is set),
 *   `msi` (written by the MSI through scripts/packaging/msi-package-type.mjs).
 * - `Uninstall <productName>.exe` beside the executable: the NSIS installer's uninstaller.
 * - `APPIMAGE` and `APPDIR`: set by the AppImage runtime, APPDIR being where the image is mounted.
 */
export interface InstallFacts {
  platform: string;
  isPackaged: boolean;
  exePath: string;
  /** Trimmed content of `<resources>/package-type`, null when absent. */
  packageType: string | null;
  nsisUninstallerPresent: boolean;
  env: Readonly<{
    APPIMAGE?: string;
    APPDIR?: string;
    ProgramFiles?: string;
    ProgramW6432?: string;
    'ProgramFiles(x86)'?: string;
  }>;
}

function isInside(child: string, parent: string, path: typeof posix | typeof win32): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

export function detectInstallType(facts: InstallFacts): InstallType {
  if (!facts.isPackaged) return 'dev';
  if (facts.platform === 'win32') {
    if (facts.packageType === 'msi') return 'msi';
    if (!facts.nsisUninstallerPresent) return 'portable';
    const programFiles = [facts.env.ProgramFiles, facts.env.ProgramW6432, facts.env['ProgramFiles(x86)']];
    const exe = facts.exePath.toLowerCase();
    const perMachine = programFiles.some((dir) => dir && isInside(exe, dir.toLowerCase(), win32));
    return perMachine ? 'nsis-per-machine' : 'nsis-per-user';
  }
  if (facts.platform === 'linux') {
    // Checked before package-type: electron-builder writes package-type into the unpacked folder it shares
    // between targets, so an AppImage built after the deb carries "deb" too. APPDIR proves we run from the image.
    const { APPIMAGE, APPDIR } = facts.env;
    if (APPIMAGE && APPDIR && isInside(facts.exePath, APPDIR, posix)) return 'appimage';
    if (facts.packageType === 'deb' || facts.packageType === 'rpm') return facts.packageType;
    return 'portable';
  }
  return 'portable';
}
