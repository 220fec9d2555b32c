import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The ExternalBrowserPath policy, as the URL guard applies it.

const electron = vi.hoisted(() => ({ shell: { openExternal: vi.fn(async (_url: string) => {}) } }));
vi.mock('electron', () => electron);

const childProcess = vi.hoisted(() => ({
  spawn: vi.fn((_command: string, _args: readonly string[], _options: object) => {
    const child = Object.assign(new EventEmitter(), { unref: vi.fn() });
    queueMicrotask(() => child.emit('spawn'));
    return child;
  }),
}));
vi.mock('node:child_process', () => childProcess);

import { openExternal, setExternalBrowser } from './url-guard';

afterEach(() => setExternalBrowser(''));

describe('ExternalBrowserPath', () => {
  it('opens web links in the browser the policy names, with the checked URL as its only argument', async () => {
    setExternalBrowser('/usr/bin/firefox');
    expect(await openExternal('https://www.service-public.fr/particuliers?x=1#top')).toBe(true);
    expect(childProcess.spawn).toHaveBeenCalledExactlyOnceWith(
      '/usr/bin/firefox',
      ['https://www.service-public.fr/particuliers?x=1#top'],
      { detached: true, stdio: 'ignore', shell: false },
    );
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('leaves mail links, and every link without the policy, to the system', async () => {
    setExternalBrowser('/usr/bin/firefox');
    expect(await openExternal('mailto:agent@example.gouv.fr')).toBe(true);
    setExternalBrowser('');
    expect(await openExternal('https://www.service-public.fr/')).toBe(true);
    expect(childProcess.spawn).not.toHaveBeenCalled();
    expect(electron.shell.openExternal.mock.calls).toEqual([
      ['mailto:agent@example.gouv.fr'],
      ['https://www.service-public.fr/'],
    ]);
  });

  it('still refuses what the guard refuses, and reports a browser that does not start', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    setExternalBrowser('/usr/bin/firefox');
    expect(await openExternal('file:///etc/passwd')).toBe(false);
    childProcess.spawn.mockImplementationOnce(() => {
      const child = Object.assign(new EventEmitter(), { unref: vi.fn() });
      queueMicrotask(() => child.emit('error', Object.assign(new Error('spawn ENOENT'), { code: 'ENOENT' })));
      return child;
    });
    expect(await openExternal('https://www.service-public.fr/')).toBe(false);
    expect(childProcess.spawn).toHaveBeenCalledOnce();
  });
});
