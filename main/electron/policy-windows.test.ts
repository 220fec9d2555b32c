import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { mergeRegistry } from '../core/policy/merge';
import { createWindowsRegistryReader, parseRegExport, readPolicyHive, type RegRunner } from './policy-windows';

// What `reg export "HKLM\SOFTWARE\Policies\Bastide" file.reg /y` writes (UTF-16LE with a BOM, CRLF, hex data
// wrapped by regedit at 80 columns): written from the REGEDIT5 format, since no Windows machine runs these tests.
const machineExport = [
  'Windows Registry Editor Version 5.00',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Bastide]',
  '"UpdateMode"="notify"',
  '"UpdateUrl"="https://logiciels.laregion.fr/bastide/"',
  '"AllowAccountAdd"=dword:00000000',
  '"UpdateCheckIntervalHours"=hex(b):18,00,00,00,00,00,00,00',
  '"ExternalBrowserPath"="C:\\\\Program Files\\\\Mozilla Firefox\\\\firefox.exe"',
  '"AllowedServerHosts"=hex(7):6c,00,61,00,72,00,65,00,67,00,69,00,6f,00,6e,00,\\',
  '  2e,00,66,00,72,00,00,00,2a,00,2e,00,6c,00,61,00,72,00,65,00,67,00,69,00,6f,\\',
  '  00,6e,00,2e,00,66,00,72,00,00,00,00,00',
  // JSON over two REG_MULTI_SZ lines, with an accent (the reason for export over query).
  '"PreconfiguredAccounts"=hex(7):5b,00,7b,00,22,00,6b,00,69,00,6e,00,64,00,22,\\',
  '  00,3a,00,22,00,62,00,6c,00,75,00,65,00,6d,00,69,00,6e,00,64,00,22,00,2c,00,\\',
  '  22,00,6c,00,61,00,62,00,65,00,6c,00,22,00,3a,00,22,00,4d,00,65,00,73,00,73,\\',
  '  00,61,00,67,00,65,00,72,00,69,00,65,00,20,00,64,00,65,00,20,00,6c,00,61,00,\\',
  '  20,00,52,00,e9,00,67,00,69,00,6f,00,6e,00,22,00,2c,00,00,00,22,00,73,00,65,\\',
  '  00,72,00,76,00,65,00,72,00,55,00,72,00,6c,00,22,00,3a,00,22,00,68,00,74,00,\\',
  '  74,00,70,00,73,00,3a,00,2f,00,2f,00,6d,00,61,00,69,00,6c,00,2e,00,6c,00,61,\\',
  '  00,72,00,65,00,67,00,69,00,6f,00,6e,00,2e,00,66,00,72,00,22,00,2c,00,22,00,\\',
  '  73,00,73,00,6f,00,22,00,3a,00,74,00,72,00,75,00,65,00,7d,00,5d,00,00,00,00,\\',
  '  00',
  '"Blob"=hex:01,02,03',
  '@="ignored"',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Bastide\\Sub]',
  '"UpdateMode"="off"',
  '',
].join('\r\n');

const utf16File = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('parseRegExport', () => {
  it('reads every value type of the key, not of its subkeys', () => {
    const text = utf16File(machineExport).toString('utf16le');
    const values = parseRegExport(text, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Bastide');
    expect(values).toEqual({
      UpdateMode: 'notify',
      UpdateUrl: 'https://logiciels.laregion.fr/bastide/',
      AllowAccountAdd: 0,
      UpdateCheckIntervalHours: 24,
      ExternalBrowserPath: 'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
      AllowedServerHosts: ['laregion.fr', '*.laregion.fr'],
      PreconfiguredAccounts: [
        '[{"kind":"bluemind","label":"Messagerie de la Région",',
        '"serverUrl":"https://mail.laregion.fr","sso":true}]',
      ],
      Blob: '010203',
    });
  });

  it('gives what the policy merge types per the schema', () => {
    const hklm = parseRegExport(machineExport, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Bastide');
    const merged = mergeRegistry(hklm, { UpdateMode: 'automatic', DisableDevTools: 1 });
    expect(merged.policies).toEqual({
      UpdateMode: 'notify',
      UpdateUrl: 'https://logiciels.laregion.fr/bastide/',
      AllowAccountAdd: false,
      UpdateCheckIntervalHours: 24,
      ExternalBrowserPath: 'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
      AllowedServerHosts: ['laregion.fr', '*.laregion.fr'],
      PreconfiguredAccounts: [
        {
          kind: 'bluemind',
          label: 'Messagerie de la Région',
          serverUrl: 'https://mail.laregion.fr',
          sso: true,
        },
      ],
      DisableDevTools: true,
    });
    expect(merged.origins).toMatchObject({ UpdateMode: 'HKLM', DisableDevTools: 'HKCU' });
    expect(merged.warnings).toEqual([{ code: 'policy.unknownPolicy', params: { origin: 'HKLM', policy: 'Blob' } }]);
  });

  it('matches the key name whatever its case, and finds nothing elsewhere', () => {
    expect(parseRegExport(machineExport, 'hkey_local_machine\\software\\policies\\bastide')).toHaveProperty(
      'UpdateMode',
      'notify',
    );
    expect(parseRegExport(machineExport, 'HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Bastide')).toEqual({});
  });
});

describe('readPolicyHive', () => {
  /** A fake reg.exe: `export` writes the file it is given, `query` answers with an exit code. */
  function fakeReg(exports: Partial<Record<string, string>>, queryCode = 0) {
    const calls: string[][] = [];
    const run: RegRunner = vi.fn(async (args: readonly string[]) => {
      calls.push([...args]);
      if (args[0] === 'export') {
        const text = exports[args[1]!];
        if (text === undefined) return 1;
        writeFileSync(args[2]!, utf16File(text));
        return 0;
      }
      return queryCode;
    });
    return { run, calls };
  }

  it('exports each hive and merges them, HKLM first', async () => {
    const userExport = machineExport.replaceAll('HKEY_LOCAL_MACHINE', 'HKEY_CURRENT_USER');
    const { run, calls } = fakeReg({
      'HKLM\\SOFTWARE\\Policies\\Bastide': machineExport,
      'HKCU\\SOFTWARE\\Policies\\Bastide': userExport,
    });
    const { hklm, hkcu } = await createWindowsRegistryReader(run)();
    expect(hklm).toHaveProperty('UpdateMode', 'notify');
    expect(hkcu).toHaveProperty('UpdateMode', 'notify');
    expect(calls.map((args) => args.slice(0, 2))).toEqual([
      ['export', 'HKLM\\SOFTWARE\\Policies\\Bastide'],
      ['export', 'HKCU\\SOFTWARE\\Policies\\Bastide'],
    ]);
    expect(calls[0]![3]).toBe('/y');
    // The temporary file is gone.
    expect(() => readFileSync(calls[0]![2]!)).toThrow();
  });

  it('reads a missing key as no policies, and a refusing reg.exe as an error', async () => {
    expect(await readPolicyHive('HKCU', fakeReg({}, 0).run)).toEqual({});
    const refusing = fakeReg({}, 1);
    await expect(readPolicyHive('HKLM', refusing.run)).rejects.toThrow('reg.exe cannot read HKLM');
    expect(refusing.calls[1]).toEqual(['query', 'HKLM\\SOFTWARE']);
    await expect(
      readPolicyHive('HKLM', async () => {
        throw Object.assign(new Error('spawn'), { code: 'ENOENT' });
      }),
    ).rejects.toThrow('spawn');
  });
});
