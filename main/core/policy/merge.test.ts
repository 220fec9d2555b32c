import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  effectiveSettings,
  loadPolicies,
  mergeRegistry,
  readLinuxPolicies,
  type PolicySource,
  type RegistryValues,
} from './merge';
import { createNodePolicySource } from './node-source';

const policyFile = (policies: Record<string, unknown>) => JSON.stringify({ policies });

const bluemind = {
  kind: 'bluemind',
  label: 'Courrier',
  serverUrl: 'https://mail.laregion.fr',
  username: '${osUser}@laregion.fr',
};

describe('readLinuxPolicies', () => {
  it('reads valid policies and records where they came from', () => {
    const result = readLinuxPolicies(
      policyFile({ UpdateMode: 'notify', AllowAccountAdd: false, PreconfiguredAccounts: [bluemind] }),
    );
    expect(result.warnings).toEqual([]);
    expect(result.policies).toEqual({
      UpdateMode: 'notify',
      AllowAccountAdd: false,
      PreconfiguredAccounts: [bluemind],
    });
    expect(result.origins).toEqual({ UpdateMode: 'file', AllowAccountAdd: 'file', PreconfiguredAccounts: 'file' });
  });

  it('ignores a file that is not JSON, with a warning naming the file', () => {
    const result = readLinuxPolicies('{ "policies": { "UpdateMode": "off", } ', '/etc/bastide/policies.json');
    expect(result.policies).toEqual({});
    expect(result.warnings).toEqual([
      { code: 'policy.fileInvalidJson', params: { path: '/etc/bastide/policies.json' } },
    ]);
  });

  it('ignores a file without the "policies" object', () => {
    for (const text of ['{ "UpdateMode": "off" }', '[]', 'null', '{ "policies": [] }']) {
      const result = readLinuxPolicies(text, '/p.json');
      expect(result.policies, text).toEqual({});
      expect(result.warnings, text).toEqual([{ code: 'policy.fileInvalidShape', params: { path: '/p.json' } }]);
    }
  });

  it('drops an unknown or invalid entry and keeps the others', () => {
    const result = readLinuxPolicies(
      policyFile({ UpdateMode: 'sometimes', UpdateChannel: 'beta', UpdateEverything: true, DisableDevTools: 'yes' }),
    );
    expect(result.policies).toEqual({ UpdateChannel: 'beta' });
    expect(result.warnings).toEqual([
      { code: 'policy.invalidValue', params: { origin: 'file', policy: 'UpdateMode' } },
      { code: 'policy.unknownPolicy', params: { origin: 'file', policy: 'UpdateEverything' } },
      { code: 'policy.invalidValue', params: { origin: 'file', policy: 'DisableDevTools' } },
    ]);
  });

  it('drops only the invalid items of a list', () => {
    const result = readLinuxPolicies(
      policyFile({
        AllowedServerHosts: ['*.laregion.fr', 'not a host', 'mail.example.org'],
        PreconfiguredAccounts: [{ ...bluemind, serverUrl: 'http://insecure.example' }, bluemind],
      }),
    );
    expect(result.policies).toEqual({
      AllowedServerHosts: ['*.laregion.fr', 'mail.example.org'],
      PreconfiguredAccounts: [bluemind],
    });
    expect(result.warnings).toEqual([
      { code: 'policy.invalidItem', params: { origin: 'file', policy: 'AllowedServerHosts', index: 1 } },
      { code: 'policy.invalidItem', params: { origin: 'file', policy: 'PreconfiguredAccounts', index: 0 } },
    ]);
  });

  it('does not turn a list of only invalid hosts into "any host"', () => {
    const result = readLinuxPolicies(policyFile({ AllowedServerHosts: ['https://mail.laregion.fr'] }));
    expect(result.policies).toEqual({});
    expect(result.warnings.map((w) => w.code)).toEqual(['policy.invalidItem', 'policy.invalidValue']);
  });

  it('keeps an explicitly empty list', () => {
    expect(readLinuxPolicies(policyFile({ AllowedServerHosts: [] })).policies).toEqual({ AllowedServerHosts: [] });
  });

  it('accepts $schema and warns about other top-level keys', () => {
    const result = readLinuxPolicies(JSON.stringify({ $schema: './policies.schema.json', polices: {}, policies: {} }));
    expect(result.warnings).toEqual([{ code: 'policy.unknownPolicy', params: { origin: 'file', policy: 'polices' } }]);
  });

  it('is not fooled by __proto__', () => {
    const result = readLinuxPolicies('{ "policies": { "__proto__": { "UpdateMode": "off" } } }');
    expect(result.policies).toEqual({});
    expect(Object.getPrototypeOf(result.policies)).toBe(Object.prototype);
    expect(result.warnings[0]?.code).toBe('policy.unknownPolicy');
  });
});

describe('mergeRegistry', () => {
  it('lets HKLM win policy by policy and HKCU fill the rest', () => {
    const result = mergeRegistry(
      { UpdateMode: 'off', AllowAccountAdd: 0 },
      { UpdateMode: 'automatic', UpdateChannel: 'beta', AllowAccountAdd: 1 },
    );
    expect(result.policies).toEqual({ UpdateMode: 'off', AllowAccountAdd: false, UpdateChannel: 'beta' });
    expect(result.origins).toEqual({ UpdateMode: 'HKLM', AllowAccountAdd: 'HKLM', UpdateChannel: 'HKCU' });
    expect(result.warnings).toEqual([]);
  });

  it('falls back to HKCU when the HKLM value is invalid, and says so', () => {
    const result = mergeRegistry({ UpdateMode: 'never' }, { UpdateMode: 'notify' });
    expect(result.policies).toEqual({ UpdateMode: 'notify' });
    expect(result.origins).toEqual({ UpdateMode: 'HKCU' });
    expect(result.warnings).toEqual([
      { code: 'policy.invalidValue', params: { origin: 'HKLM', policy: 'UpdateMode' } },
    ]);
  });

  it('converts registry types: DWORD, REG_SZ, REG_MULTI_SZ and JSON split over lines', () => {
    const hklm: RegistryValues = {
      DisableDevTools: 1,
      AllowAccountRemove: '0',
      UpdateCheckIntervalHours: 12,
      AllowedServerHosts: ['*.laregion.fr ', '', 'laregion.fr'],
      TrustedCaCertificates: 'C:\\PKI\\ca.pem',
      PreconfiguredAccounts: ['[', JSON.stringify(bluemind), ']'],
    };
    expect(mergeRegistry(hklm, {}).policies).toEqual({
      DisableDevTools: true,
      AllowAccountRemove: false,
      UpdateCheckIntervalHours: 12,
      AllowedServerHosts: ['*.laregion.fr', 'laregion.fr'],
      TrustedCaCertificates: ['C:\\PKI\\ca.pem'],
      PreconfiguredAccounts: [bluemind],
    });
  });

  it('matches value names case-insensitively, like Windows', () => {
    expect(mergeRegistry({ updatemode: 'off' }, {}).policies).toEqual({ UpdateMode: 'off' });
  });

  it('refuses values Group Policy would never write', () => {
    const result = mergeRegistry(
      { DisableDevTools: 2, UpdateCheckIntervalHours: '12h', PreconfiguredAccounts: '[{' },
      {},
    );
    expect(result.policies).toEqual({});
    expect(result.warnings.map((w) => w.params.policy)).toEqual([
      'DisableDevTools',
      'UpdateCheckIntervalHours',
      'PreconfiguredAccounts',
    ]);
  });
});

describe('loadPolicies', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bastide-policy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const registrySource = (read: PolicySource['readWindowsRegistry']): PolicySource => ({
    readWindowsRegistry: read,
    readLinuxFile: () => Promise.reject(new Error('must not read a file on Windows')),
  });

  it('reads the registry on Windows', async () => {
    const source = registrySource(async () => ({ hklm: { UpdateMode: 'off' }, hkcu: { UpdateMode: 'notify' } }));
    const result = await loadPolicies({ platform: 'win32', source });
    expect(result.policies).toEqual({ UpdateMode: 'off' });
  });

  it('turns an unreadable registry into a warning', async () => {
    const source = registrySource(() => Promise.reject(new Error('access denied')));
    const result = await loadPolicies({ platform: 'win32', source });
    expect(result).toEqual({
      policies: {},
      origins: {},
      warnings: [{ code: 'policy.registryUnreadable', params: {} }],
    });
  });

  it('reads the Linux file from disk', async () => {
    const path = join(dir, 'policies.json');
    await writeFile(path, policyFile({ AllowAccountAdd: false }));
    await chmod(path, 0o644);
    const result = await loadPolicies({ platform: 'linux', source: createNodePolicySource(), linuxPolicyPath: path });
    expect(result).toEqual({
      policies: { AllowAccountAdd: false },
      origins: { AllowAccountAdd: 'file' },
      warnings: [],
    });
  });

  it('has nothing to say when the Linux file does not exist', async () => {
    const path = join(dir, 'absent.json');
    const result = await loadPolicies({ platform: 'linux', source: createNodePolicySource(), linuxPolicyPath: path });
    expect(result).toEqual({ policies: {}, origins: {}, warnings: [] });
  });

  it('ignores a world-writable file', async () => {
    const path = join(dir, 'writable.json');
    await writeFile(path, policyFile({ AllowAccountAdd: false }));
    await chmod(path, 0o666);
    const result = await loadPolicies({ platform: 'linux', source: createNodePolicySource(), linuxPolicyPath: path });
    expect(result.policies).toEqual({});
    expect(result.warnings).toEqual([{ code: 'policy.fileInsecure', params: { path } }]);
  });

  it('turns an unreadable file into a warning', async () => {
    const path = join(dir, 'a-directory.json');
    await mkdir(path);
    const result = await loadPolicies({ platform: 'linux', source: createNodePolicySource(), linuxPolicyPath: path });
    expect(result.warnings).toEqual([{ code: 'policy.fileUnreadable', params: { path } }]);
  });

  it('reads nothing on other platforms', async () => {
    const source = registrySource(() => Promise.reject(new Error('not Windows')));
    expect(await loadPolicies({ platform: 'darwin', source })).toEqual({ policies: {}, origins: {}, warnings: [] });
  });
});

describe('effectiveSettings', () => {
  it('uses the built-in defaults when nobody chose anything', () => {
    const { values, locked } = effectiveSettings({}, {});
    expect(values.updateMode).toBe('automatic');
    expect(values.allowAccountAdd).toBe(true);
    expect(values.language).toBe('fr');
    expect(locked).toEqual([]);
  });

  it('applies the user’s choices for user-editable settings only', () => {
    const { values } = effectiveSettings({ updateMode: 'notify', language: 'en', allowAccountAdd: false }, {});
    expect(values.updateMode).toBe('notify');
    expect(values.language).toBe('en');
    expect(values.allowAccountAdd).toBe(true);
  });

  it('lets a locking policy win over the user and reports the setting as locked', () => {
    const { values, locked } = effectiveSettings(
      { updateMode: 'automatic', updateChannel: 'beta' },
      { UpdateMode: 'off', AllowAccountAdd: false },
    );
    expect(values.updateMode).toBe('off');
    expect(values.updateChannel).toBe('beta');
    expect(values.allowAccountAdd).toBe(false);
    expect(locked.sort()).toEqual(['allowAccountAdd', 'updateMode']);
  });

  it('treats DefaultLanguage as a default the user may override, never a lock', () => {
    expect(effectiveSettings({}, { DefaultLanguage: 'en' })).toMatchObject({ values: { language: 'en' }, locked: [] });
    expect(effectiveSettings({ language: 'fr' }, { DefaultLanguage: 'en' })).toMatchObject({
      values: { language: 'fr' },
      locked: [],
    });
  });

  it('ignores a stored choice that is no longer valid', () => {
    expect(effectiveSettings({ updateMode: 'hourly' }, {}).values.updateMode).toBe('automatic');
    expect(effectiveSettings({ language: 'de' }, { DefaultLanguage: 'en' }).values.language).toBe('en');
  });
});
