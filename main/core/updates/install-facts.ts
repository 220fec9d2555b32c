import { readFile, access } from 'node:fs/promises';
import yaml from 'js-yaml';
import { dirname, join } from 'node:path';
import type { InstallFacts } from './decision';

/** Gathers InstallFacts from the installed files; the Electron side passes app.isPackaged and the paths. */
export async function readInstallFacts(options: {
  platform: string;
  isPackaged: boolean;
  exePath: string;
  resourcesPath: string;
  productName: string;
  env: InstallFacts['env'];
}): Promise<InstallFacts> {
  const packageType = await readFile(join(options.resourcesPath, 'package-type'), 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
  const uninstaller = join(dirname(options.exePath), `Uninstall ${options.productName}.exe`);
  const nsisUninstallerPresent = await access(uninstaller).then(
    () => true,
    () => false,
  );
  const { APPIMAGE, APPDIR, ProgramFiles, ProgramW6432 } = options.env;
  return {
    platform: options.platform,
    isPackaged: options.isPackaged,
    exePath: options.exePath,
    packageType,
    nsisUninstallerPresent,
    env: { APPIMAGE, APPDIR, ProgramFiles, ProgramW6432, 'ProgramFiles(x86)': options.env['ProgramFiles(x86)'] },
  };
}

/** The `url` of the installer's `<resources>/app-update.yml` (electron-builder's publish setting), null when absent. */
export async function readBuiltInUpdateUrl(resourcesPath: string): Promise<string | null> {
  try {
    const config = yaml.load(await readFile(join(resourcesPath, 'app-update.yml'), 'utf8'), {
      schema: yaml.CORE_SCHEMA,
    }) as { url?: unknown } | null;
    return typeof config?.url === 'string' ? config.url : null;
  } catch {
    return null;
  }
}
