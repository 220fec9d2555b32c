import { describe, expect, it } from 'vitest';
import {
  decideUpdate,
  detectInstallType,
  installTypes,
  resolveUpdateUrl,
  type InstallFacts,
  type InstallType,
  type UpdateDecision,
  type UpdateMode,
} from './decision';

const NONE = { check: false, download: false, install: false, notifyOnly: false };
const NOTIFY = { check: true, download: false, install: false, notifyOnly: true };
const FULL = { check: true, download: true, install: true, notifyOnly: false };

// Written out by hand, row by row: the table is the specification, not a copy of the implementation.
const withUrl: [InstallType, UpdateMode, UpdateDecision][] = [
  ['nsis-per-user', 'off', { ...NONE, reason: 'update-mode-off' }],
  ['nsis-per-user', 'notify', { ...NOTIFY, reason: 'notify-mode' }],
  ['nsis-per-user', 'automatic', { ...FULL, reason: 'automatic' }],
  ['nsis-per-machine', 'off', { ...NONE, reason: 'update-mode-off' }],
  ['nsis-per-machine', 'notify', { ...NOTIFY, reason: 'notify-mode' }],
  ['nsis-per-machine', 'automatic', { ...NOTIFY, reason: 'managed-by-it' }],
  ['msi', 'off', { ...NONE, reason: 'update-mode-off' }],
  ['msi', 'notify', { ...NOTIFY, reason: 'notify-mode' }],
  ['msi', 'automatic', { ...NOTIFY, reason: 'managed-by-it' }],
  ['deb', 'off', { ...NONE, reason: 'update-mode-off' }],
  ['deb', 'notify', { ...NOTIFY, reason: 'notify-mode' }],
  ['deb', 'automatic', { ...NOTIFY, reason: 'managed-by-it' }],
  ['rpm', 'off', { ...NONE, reason: 'update-mode-off' }],
  ['rpm', 'notify', { ...NOTIFY, reason: 'notify-mode' }],
  ['rpm', 'automatic', { ...NOTIFY, reason: 'managed-by-it' }],
  ['appimage', 'off', { ...NONE, reason: 'update-mode-off' }],
  ['appimage', 'notify', { ...NOTIFY, reason: 'notify-mode' }],
  ['appimage', 'automatic', { ...FULL, reason: 'automatic' }],
  ['portable', 'off', { ...NONE, reason: 'update-mode-off' }],
  ['portable', 'notify', { ...NOTIFY, reason: 'notify-mode' }],
  ['portable', 'automatic', { ...NOTIFY, reason: 'cannot-self-update' }],
  ['dev', 'off', { ...NONE, reason: 'development-build' }],
  ['dev', 'notify', { ...NONE, reason: 'development-build' }],
  ['dev', 'automatic', { ...NONE, reason: 'development-build' }],
];

const withoutUrl: [InstallType, UpdateMode, UpdateDecision][] = installTypes.flatMap((installType) =>
  (['off', 'notify', 'automatic'] as const).map((mode): [InstallType, UpdateMode, UpdateDecision] => [
    installType,
    mode,
    {
      ...NONE,
      reason: installType === 'dev' ? 'development-build' : mode === 'off' ? 'update-mode-off' : 'no-update-url',
    },
  ]),
);

describe('decideUpdate', () => {
  it('has a row for every install type and mode', () => {
    expect(withUrl).toHaveLength(installTypes.length * 3);
    expect(new Set(withUrl.map(([type, mode]) => `${type}/${mode}`)).size).toBe(withUrl.length);
  });

  it.each(withUrl)('%s, %s, with an update URL', (installType, mode, expected) => {
    expect(decideUpdate({ installType, mode, updateUrl: 'https://updates.example.org/bastide/' })).toEqual(expected);
  });

  it.each(withoutUrl)('%s, %s, without an update URL: nothing', (installType, mode, expected) => {
    expect(decideUpdate({ installType, mode, updateUrl: null })).toEqual(expected);
    expect(decideUpdate({ installType, mode, updateUrl: '' })).toEqual(expected);
  });

  it('never lets an installation IT deploys download or install anything', () => {
    for (const installType of ['msi', 'deb', 'rpm', 'nsis-per-machine'] as const) {
      for (const mode of ['off', 'notify', 'automatic'] as const) {
        const decision = decideUpdate({ installType, mode, updateUrl: 'https://u.example.org/' });
        expect(decision.download || decision.install, `${installType}/${mode}`).toBe(false);
      }
    }
  });
});

describe('resolveUpdateUrl', () => {
  it('prefers the policy, then the built-in URL', () => {
    expect(resolveUpdateUrl('https://policy.example.org/', 'https://built-in.example.org/')).toBe(
      'https://policy.example.org/',
    );
    expect(resolveUpdateUrl('', 'https://built-in.example.org/')).toBe('https://built-in.example.org/');
  });

  it('treats the .invalid placeholder, a missing or a broken URL as none', () => {
    expect(resolveUpdateUrl('', 'https://updates.bastide.invalid/')).toBeNull();
    expect(resolveUpdateUrl('', null)).toBeNull();
    expect(resolveUpdateUrl('', 'not a url')).toBeNull();
  });
});

describe('detectInstallType', () => {
  const windows = (facts: Partial<InstallFacts>): InstallFacts => ({
    platform: 'win32',
    isPackaged: true,
    exePath: 'C:\\Users\\agent\\AppData\\Local\\Programs\\bastide\\Bastide.exe',
    packageType: null,
    nsisUninstallerPresent: true,
    env: { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)' },
    ...facts,
  });
  const linux = (facts: Partial<InstallFacts>): InstallFacts => ({
    platform: 'linux',
    isPackaged: true,
    exePath: '/opt/Bastide/bastide',
    packageType: null,
    nsisUninstallerPresent: false,
    env: {},
    ...facts,
  });

  it.each<[string, InstallFacts, InstallType]>([
    ['an unpackaged build', windows({ isPackaged: false }), 'dev'],
    ['an unpackaged build on Linux', linux({ isPackaged: false, packageType: 'deb' }), 'dev'],
    ['NSIS in the user profile', windows({}), 'nsis-per-user'],
    ['NSIS in Program Files', windows({ exePath: 'C:\\Program Files\\Bastide\\Bastide.exe' }), 'nsis-per-machine'],
    [
      'NSIS in Program Files, other case',
      windows({ exePath: 'c:\\PROGRAM FILES\\Bastide\\Bastide.exe' }),
      'nsis-per-machine',
    ],
    [
      'NSIS in Program Files (x86)',
      windows({ exePath: 'C:\\Program Files (x86)\\Bastide\\Bastide.exe' }),
      'nsis-per-machine',
    ],
    [
      'a folder whose name only starts like Program Files',
      windows({ exePath: 'C:\\Program Files Custom\\Bastide\\Bastide.exe' }),
      'nsis-per-user',
    ],
    [
      'the MSI marker, even in Program Files with a stray uninstaller',
      windows({ packageType: 'msi', exePath: 'C:\\Program Files\\Bastide\\Bastide.exe' }),
      'msi',
    ],
    ['no installer trace on Windows', windows({ nsisUninstallerPresent: false }), 'portable'],
    ['the deb marker', linux({ packageType: 'deb' }), 'deb'],
    ['the rpm marker', linux({ packageType: 'rpm' }), 'rpm'],
    [
      'an AppImage (even carrying a leaked deb marker)',
      linux({
        exePath: '/tmp/.mount_BastidXYZ/bastide',
        packageType: 'deb',
        env: { APPIMAGE: '/home/agent/Bastide.AppImage', APPDIR: '/tmp/.mount_BastidXYZ' },
      }),
      'appimage',
    ],
    [
      'a stray APPIMAGE variable in a deb install',
      linux({ packageType: 'deb', env: { APPIMAGE: '/home/agent/Other.AppImage', APPDIR: '/tmp/.mount_Other' } }),
      'deb',
    ],
    ['an unpacked tar.gz', linux({}), 'portable'],
    ['an unknown marker', linux({ packageType: 'pacman' }), 'portable'],
  ])('%s', (_label, facts, expected) => {
    expect(detectInstallType(facts)).toBe(expected);
  });
});
