import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../../preload/contract';
import { call, useTempProfiles } from '../testing/helpers';

// Policies and updates as the renderer meets them, through the contract of a real core.

const policies = {
  PreconfiguredAccounts: [
    { kind: 'zimbra', label: 'Messagerie', serverUrl: 'https://mail.laregion.fr', username: '${osUser}', sso: true },
  ],
  AllowAccountAdd: false,
  UpdateMode: 'notify',
  DefaultLanguage: 'en',
};

describe('a core started with a policy file', () => {
  const profiles = useTempProfiles();

  function policyFile(content: string): string {
    const file = join(profiles.makeDir(), 'policies.json');
    writeFileSync(file, content, { mode: 0o644 });
    return file;
  }

  const open = (file: string, onEvent?: (event: EventName, payload: unknown) => void) =>
    profiles.openCore({ policy: { file, platform: 'linux', osUser: 'jdupont', log: () => {} }, onEvent });

  it('merges the policies with the user settings and refuses to change a locked one', async () => {
    const core = await open(policyFile(JSON.stringify({ policies })));
    expect(await call(core, 'policy:get')).toEqual({
      managed: true,
      locked: ['preconfiguredAccounts', 'allowAccountAdd', 'updateMode'],
      warnings: [],
      allowAccountAdd: false,
      allowAccountRemove: true,
    });
    expect(await call(core, 'settings:get')).toEqual({
      language: 'en',
      theme: 'system',
      updateMode: 'notify',
      updateChannel: 'stable',
    });
    await expect(call(core, 'settings:set', { updateMode: 'off' })).rejects.toMatchObject({
      code: 'policy.locked',
      params: { key: 'updateMode' },
    });
    // A default, not a lock: the user's language wins.
    expect(await call(core, 'settings:set', { language: 'fr', updateChannel: 'beta' })).toMatchObject({
      language: 'fr',
      updateMode: 'notify',
      updateChannel: 'beta',
    });
  });

  it('lists the preconfigured accounts for this OS user', async () => {
    const core = await open(policyFile(JSON.stringify({ policies })));
    expect(await call(core, 'policy:preconfiguredAccounts')).toEqual([
      {
        id: expect.stringMatching(/^policy-/),
        kindId: 'zimbra',
        label: 'Messagerie',
        server: { type: 'web', url: 'https://mail.laregion.fr' },
        username: 'jdupont',
        method: 'sso',
        accountId: null,
      },
    ]);
  });

  it('starts normally on an invalid file, with the warning for the banner', async () => {
    const file = policyFile('{ "policies": ');
    const core = await open(file);
    expect(await call(core, 'policy:get')).toEqual({
      managed: false,
      locked: [],
      warnings: [{ code: 'policy.fileInvalidJson', params: { path: file } }],
      allowAccountAdd: true,
      allowAccountRemove: true,
    });
    expect(await call(core, 'settings:set', { updateMode: 'off' })).toMatchObject({ updateMode: 'off' });
    expect(await call(core, 'accounts:list')).toHaveLength(1);
    expect(await call(core, 'policy:preconfiguredAccounts')).toEqual([]);
  });
});

describe('update checks of a core', () => {
  const profiles = useTempProfiles();
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url !== '/latest-linux.yml') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'text/yaml' });
      response.end('version: 9.0.0\nfiles:\n  - url: Bastide-9.0.0-x86_64.AppImage\n    sha512: eA==\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('announces a newer version to a deb install, which may not install it itself', async () => {
    const events: { event: EventName; payload: unknown }[] = [];
    const core = await profiles.openCore({
      policy: { file: join(profiles.makeDir(), 'absent.json'), platform: 'linux' },
      updates: { installType: 'deb', builtInUrl: url, platform: 'linux', arch: 'x64' },
      onEvent: (event, payload) => events.push({ event, payload }),
    });
    await vi.waitFor(() => expect(events.map((entry) => entry.event)).toContain('updates:available'));
    const status = await call(core, 'updates:status');
    expect(status).toMatchObject({ checks: true, reason: 'managed-by-it', readyToInstall: false });
    expect(status.available?.version).toBe('9.0.0');
    await expect(call(core, 'updates:install')).rejects.toMatchObject({ code: 'updates.notReady' });

    // The user turns updates off: no more checks, the notice stays until the next start.
    expect(await call(core, 'settings:set', { updateMode: 'off' })).toMatchObject({ updateMode: 'off' });
    expect(await call(core, 'updates:status')).toMatchObject({ checks: false, reason: 'update-mode-off' });
  });
});
