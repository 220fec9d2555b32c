import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodePolicySource } from './node-source';
import { createPolicy, loadPolicy } from './runtime';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bastide-policy-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function policyFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, { mode: 0o644 });
  return path;
}

describe('loadPolicy', () => {
  it('reads the Linux file given, and says what it locks', async () => {
    const file = await policyFile(
      'valid.json',
      JSON.stringify({ policies: { AllowAccountAdd: false, UpdateMode: 'notify', DefaultLanguage: 'en' } }),
    );
    const lines: string[] = [];
    const policy = await loadPolicy({ file, platform: 'linux', log: (line) => lines.push(line) });
    expect(lines).toEqual([]);
    expect(policy.state()).toEqual({
      managed: true,
      locked: ['allowAccountAdd', 'updateMode'],
      warnings: [],
      allowAccountAdd: false,
      allowAccountRemove: true,
    });
    expect(policy.isLocked('updateMode')).toBe(true);
    // DefaultLanguage is a default, never a lock.
    expect(policy.isLocked('language')).toBe(false);
    expect(policy.settings({ language: 'fr' }).values.language).toBe('fr');
    expect(policy.settings({}).values.language).toBe('en');
  });

  it('ignores an invalid file with one log line and a warning, and never throws', async () => {
    const file = await policyFile('broken.json', '{ "policies": { "AllowAccountAdd": false, } ');
    const lines: string[] = [];
    const policy = await loadPolicy({ file, platform: 'linux', log: (line) => lines.push(line) });
    expect(lines).toEqual([`[policy] policy.fileInvalidJson path=${file}`]);
    expect(policy.state()).toEqual({
      managed: false,
      locked: [],
      warnings: [{ code: 'policy.fileInvalidJson', params: { path: file } }],
      allowAccountAdd: true,
      allowAccountRemove: true,
    });
  });

  it('has no policies when the file does not exist, and reads the registry only on Windows', async () => {
    const missing = await loadPolicy({ file: join(dir, 'absent.json'), platform: 'linux', log: () => {} });
    expect(missing.state()).toMatchObject({ managed: false, warnings: [] });

    const source = createNodePolicySource(async () => ({ hklm: { AllowAccountRemove: 0 }, hkcu: {} }));
    const windows = await loadPolicy({ source, platform: 'win32', log: () => {} });
    expect(windows.state()).toMatchObject({ managed: true, locked: ['allowAccountRemove'], allowAccountRemove: false });
    const linux = await loadPolicy({ source, platform: 'linux', file: join(dir, 'absent.json'), log: () => {} });
    expect(linux.state().managed).toBe(false);
  });
});

describe('isHostAllowed', () => {
  it('allows every host without AllowedServerHosts, else only the listed ones', () => {
    expect(createPolicy({}).isHostAllowed('mail.example.org')).toBe(true);
    const policy = createPolicy({ AllowedServerHosts: ['laregion.fr', '*.laregion.fr'] });
    expect(policy.isHostAllowed('laregion.fr')).toBe(true);
    expect(policy.isHostAllowed('Mail.LaRegion.fr')).toBe(true);
    expect(policy.isHostAllowed('laregion.fr.evil.example')).toBe(false);
  });
});
