import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ app: {} }));

import { registerProtocolClients } from './protocol-handlers';

const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
let resources: string;

function fakeApp(isPackaged: boolean, alreadyDefault: string[] = []) {
  return {
    isPackaged,
    getName: () => 'Bastide',
    isDefaultProtocolClient: vi.fn((scheme: string) => alreadyDefault.includes(scheme)),
    setAsDefaultProtocolClient: vi.fn(() => true),
  };
}

beforeEach(() => {
  resources = mkdtempSync(join(tmpdir(), 'bastide-resources-'));
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
});

afterEach(() => {
  Object.defineProperty(process, 'platform', platform);
  rmSync(resources, { recursive: true, force: true });
});

describe('link handler registration', () => {
  it('registers bastide and mailto for a portable copy on Windows, unless already its handler', async () => {
    Object.defineProperty(process, 'platform', { value: 'win32' });
    const app = fakeApp(true, ['bastide']);
    expect(await registerProtocolClients(app as never)).toEqual(['mailto']);
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledExactlyOnceWith('mailto');
  });

  it('leaves it to the NSIS installer, which registers both', async () => {
    Object.defineProperty(process, 'platform', { value: 'win32' });
    const execPath = process.execPath;
    process.execPath = join(resources, 'Bastide.exe');
    writeFileSync(join(resources, 'Uninstall Bastide.exe'), '');
    try {
      const nsis = fakeApp(true);
      expect(await registerProtocolClients(nsis as never)).toEqual([]);
      expect(nsis.setAsDefaultProtocolClient).not.toHaveBeenCalled();
    } finally {
      process.execPath = execPath;
    }
  });

  it('leaves an MSI (IT decides), a development build and Linux (the .desktop file) alone', async () => {
    Object.defineProperty(process, 'platform', { value: 'win32' });
    writeFileSync(join(resources, 'package-type'), 'msi\n');
    const msi = fakeApp(true);
    expect(await registerProtocolClients(msi as never)).toEqual([]);
    const dev = fakeApp(false);
    expect(await registerProtocolClients(dev as never)).toEqual([]);
    Object.defineProperty(process, 'platform', { value: 'linux' });
    writeFileSync(join(resources, 'package-type'), 'deb\n');
    const deb = fakeApp(true);
    expect(await registerProtocolClients(deb as never)).toEqual([]);
    for (const app of [msi, dev, deb]) expect(app.setAsDefaultProtocolClient).not.toHaveBeenCalled();
  });
});
