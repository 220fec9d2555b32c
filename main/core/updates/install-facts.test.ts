import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { detectInstallType } from './decision';
import { readBuiltInUpdateUrl, readInstallFacts } from './install-facts';

describe('readInstallFacts', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function install(files: Record<string, string>) {
    dir = await mkdtemp(join(tmpdir(), 'bastide-install-'));
    await mkdir(join(dir, 'resources'));
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    return { exePath: join(dir, 'Bastide.exe'), resourcesPath: join(dir, 'resources') };
  }

  it('finds the package-type marker and the NSIS uninstaller', async () => {
    const paths = await install({ 'resources/package-type': 'msi\n', 'Uninstall Bastide.exe': '' });
    const facts = await readInstallFacts({
      platform: 'win32',
      isPackaged: true,
      productName: 'Bastide',
      env: {},
      ...paths,
    });
    expect(facts).toMatchObject({ packageType: 'msi', nsisUninstallerPresent: true });
    expect(detectInstallType(facts)).toBe('msi');
  });

  it('reports their absence', async () => {
    const paths = await install({});
    const facts = await readInstallFacts({
      platform: 'linux',
      isPackaged: true,
      productName: 'Bastide',
      env: {},
      ...paths,
    });
    expect(facts).toMatchObject({ packageType: null, nsisUninstallerPresent: false });
    expect(detectInstallType(facts)).toBe('portable');
  });

  it('reads the update URL electron-builder wrote into app-update.yml', async () => {
    const { resourcesPath } = await install({
      'resources/app-update.yml':
        'provider: generic\nurl: https://logiciels.laregion.fr/bastide/\nchannel: latest\nupdaterCacheDirName: bastide-updater\n',
    });
    expect(await readBuiltInUpdateUrl(resourcesPath)).toBe('https://logiciels.laregion.fr/bastide/');
    await writeFile(join(resourcesPath, 'app-update.yml'), 'provider: generic\n');
    expect(await readBuiltInUpdateUrl(resourcesPath)).toBeNull();
    expect(await readBuiltInUpdateUrl(join(resourcesPath, 'absent'))).toBeNull();
  });
});
