import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../policies/parse-xml';

const repo = join(import.meta.dirname, '../..');

interface MarkerHook {
  addPackageTypeMarker(wxs: string, markerPath: string): string;
  msiProjectCreated(projectFile: string): Promise<void>;
}
const hook = (await import(new URL('./msi-package-type.mjs', import.meta.url).href)) as MarkerHook;

// The shape app-builder-lib 26's MsiTarget writes (template.xml with {{-dirs}} and {{-files}} filled in).
const projectWxs = `<?xml version="1.0" encoding="UTF-8"?>
<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs">
  <Product Id="*" Name="Bastide" UpgradeCode="6f1c5e0a-3b8d-4a55-9a0e-5d1f2c7b9e41" Version="0.2.0" Language="1033">
    <Feature Id="ProductFeature" Absent="disallow">
      <ComponentGroupRef Id="ProductComponents"/>
    </Feature>
    <Directory Id="dxhS0HKCKb5y0HMGbc7gM3A" Name="APPLICATIONFOLDER:\\locales\\"/>
    <Directory Id="dp4TR1V2ZSwvImvAFTKMM8g" Name="APPLICATIONFOLDER:\\resources\\"/>
    <ComponentGroup Id="ProductComponents" Directory="APPLICATIONFOLDER">
      <Component>
        <File Name="Bastide.exe" Source="$(var.appDir)\\Bastide.exe" ReadOnly="yes" KeyPath="yes" Id="mainExecutable"/>
      </Component>
      <Component Directory="dp4TR1V2ZSwvImvAFTKMM8g">
        <File Name="app.asar" Source="$(var.appDir)\\resources\\app.asar" ReadOnly="yes" KeyPath="yes"/>
      </Component>
    </ComponentGroup>
  </Product>
</Wix>
`;

describe('MSI package-type marker hook', () => {
  it('installs resources\\package-type from the MSI', () => {
    const patched = hook.addPackageTypeMarker(projectWxs, 'C:\\build\\stage & co\\package-type');
    const document = parseXml(patched);
    const file = [...document.getElementsByTagName('File')].find((f) => f.getAttribute('Name') === 'package-type');
    expect(file?.getAttribute('Source')).toBe('C:\\build\\stage & co\\package-type');
    expect(file?.parentElement?.getAttribute('Directory')).toBe('dp4TR1V2ZSwvImvAFTKMM8g');
    expect(file?.parentElement?.parentElement?.getAttribute('Id')).toBe('ProductComponents');
  });

  it('refuses a project it does not understand rather than shipping an MSI without the marker', () => {
    expect(() =>
      hook.addPackageTypeMarker(projectWxs.replace(/Name="APPLICATIONFOLDER:\\resources\\"/, ''), 'm'),
    ).toThrow(/no resources directory/);
    const twice = hook.addPackageTypeMarker(projectWxs, 'm');
    expect(() => hook.addPackageTypeMarker(twice, 'm')).toThrow(/already has a package-type/);
  });

  it('writes the marker file beside project.wxs and patches the project', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bastide-msi-'));
    try {
      await writeFile(join(dir, 'project.wxs'), projectWxs);
      await hook.msiProjectCreated(join(dir, 'project.wxs'));
      expect(await readFile(join(dir, 'package-type'), 'utf8')).toBe('msi');
      expect(await readFile(join(dir, 'project.wxs'), 'utf8')).toContain(`Source="${join(dir, 'package-type')}"`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('electron-builder.yml keeps the managed-deployment decisions', async () => {
  // Typed loosely on purpose: app-builder-lib's JSON Schema validates the shape (scripts/validate-builder-config.mjs).
  const config = yaml.load(await readFile(join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('publishes to a generic server whose placeholder URL means "none" until a policy sets one', () => {
    expect(config.publish).toMatchObject({ provider: 'generic', channel: '${channel}' });
    expect(new URL(config.publish.url).hostname).toMatch(/\.invalid$/);
  });

  it('installs NSIS per user and the MSI per machine, with the fixed upgrade code and the marker hook', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false });
    expect(config.msi).toMatchObject({ perMachine: true, upgradeCode: '6f1c5e0a-3b8d-4a55-9a0e-5d1f2c7b9e41' });
    expect(config.msiProjectCreated).toBe('./scripts/packaging/msi-package-type.mjs');
  });

  it('makes deb and rpm depend on libsecret and register the mailto and bastide handlers', () => {
    expect(config.deb.depends).toContain('libsecret-1-0');
    expect(config.rpm.depends).toContain('libsecret');
    // Setting depends replaces electron-builder's defaults: keep the ones Electron needs.
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'xdg-utils']));
    expect(config.rpm.depends).toEqual(expect.arrayContaining(['gtk3', 'nss', 'xdg-utils']));
    expect(config.linux.mimeTypes).toEqual(['x-scheme-handler/mailto', 'x-scheme-handler/bastide']);
  });

  it('gives every installer a stable name without spaces', () => {
    for (const target of ['nsis', 'msi', 'deb', 'rpm', 'appImage']) {
      expect(config[target].artifactName, target).toMatch(/^[^\s]+\$\{version\}[^\s]*\.\$\{ext\}$/);
    }
  });

  it('sets the Electron fuses for every build', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });
});
