import type { HandlerDetails, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ shell: { openExternal: vi.fn(async (_url: string) => {}) } }));
vi.mock('electron', () => electron);

import { attachUrlGuard, classifyUrl, openExternal } from './url-guard';

const APP = 'app://bastide';

beforeEach(() => {
  electron.shell.openExternal.mockReset().mockResolvedValue(undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

describe('classifyUrl', () => {
  it.each([
    ['app://bastide/index.html', 'app'],
    ['app://bastide/', 'app'],
    ['app://bastide/assets/app.js?v=1#x', 'app'],
    ['https://www.service-public.fr/', 'external'],
    ['http://intranet.example.gouv.fr/page?x=1', 'external'],
    ['mailto:agent@example.gouv.fr?subject=Bonjour', 'external'],
    ['HTTPS://EXAMPLE.ORG/', 'external'],
    ['app://evil/index.html', 'refuse'],
    ['app://bastide.evil/index.html', 'refuse'],
    ['app://bastide:8080/index.html', 'refuse'],
    ['app://user@bastide/index.html', 'refuse'],
    ['app:bastide/index.html', 'refuse'],
    ['javascript:alert(1)', 'refuse'],
    ['JavaScript:alert(1)', 'refuse'],
    ['file:///etc/passwd', 'refuse'],
    ['file://server/share/doc.docx', 'refuse'],
    ['data:text/html,<script>alert(1)</script>', 'refuse'],
    ['blob:app://bastide/0f1e', 'refuse'],
    ['smb://server/share', 'refuse'],
    ['ms-word:ofe|u|https://example.org/doc.docx', 'refuse'],
    ['vbscript:msgbox(1)', 'refuse'],
    ['about:blank', 'refuse'],
    ['https://user:password@example.org/', 'refuse'],
    ['https://bank.example@evil.example/', 'refuse'],
    ['not a url', 'refuse'],
    ['', 'refuse'],
    ['//example.org/', 'refuse'],
  ])('%s → %s', (url, verdict) => {
    expect(classifyUrl(url, APP)).toBe(verdict);
  });
});

describe('openExternal', () => {
  it('opens allowed URLs through the shell, as parsed', async () => {
    await expect(openExternal('https://example.org/a b')).resolves.toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://example.org/a%20b');
  });

  it.each([
    'javascript:alert(1)',
    'file:///C:/Windows/System32/calc.exe',
    'smb://attacker/share',
    'app://bastide/x',
    'x-custom:payload',
  ])('never opens %s', async (url) => {
    await expect(openExternal(url)).resolves.toBe(false);
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('logs a refusal without the query or path', async () => {
    await openExternal('smb://server/share/secret-file?token=s3cr3t');
    const logged = vi.mocked(console.warn).mock.calls.flat().join(' ');
    expect(logged).toContain('smb://server');
    expect(logged).not.toContain('s3cr3t');
    expect(logged).not.toContain('secret-file');
  });

  it('reports a shell failure as false', async () => {
    electron.shell.openExternal.mockRejectedValueOnce(new Error('no handler'));
    await expect(openExternal('https://example.org/')).resolves.toBe(false);
  });
});

function fakeContents() {
  const listeners = new Map<string, (event: { url: string; preventDefault(): void }) => void>();
  let windowOpenHandler: ((details: HandlerDetails) => unknown) | undefined;
  const contents = {
    on: vi.fn((name: string, listener: (event: { url: string; preventDefault(): void }) => void) => {
      listeners.set(name, listener);
      return contents;
    }),
    setWindowOpenHandler: vi.fn((handler: (details: HandlerDetails) => unknown) => {
      windowOpenHandler = handler;
    }),
  };
  attachUrlGuard(contents as unknown as WebContents, APP);
  return {
    emit(name: 'will-navigate' | 'will-redirect', url: string) {
      const event = { url, preventDefault: vi.fn() };
      const listener = listeners.get(name);
      if (!listener) throw new Error(`no ${name} listener`);
      listener(event);
      return event;
    },
    open(url: string) {
      if (!windowOpenHandler) throw new Error('no window open handler');
      return windowOpenHandler({ url } as HandlerDetails);
    },
  };
}

describe('attachUrlGuard', () => {
  it('lets navigation within the app origin through', () => {
    const guard = fakeContents();
    expect(guard.emit('will-navigate', 'app://bastide/index.html#/mail').preventDefault).not.toHaveBeenCalled();
    expect(guard.emit('will-redirect', 'app://bastide/index.html').preventDefault).not.toHaveBeenCalled();
  });

  it('prevents navigation to an external URL and opens it in the browser', () => {
    const guard = fakeContents();
    const event = guard.emit('will-navigate', 'https://example.org/');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://example.org/');
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'app://evil/', 'data:text/html,x', 'smb://host/share'])(
    'prevents navigation to %s without opening anything',
    (url) => {
      const event = fakeContents().emit('will-navigate', url);
      expect(event.preventDefault).toHaveBeenCalled();
      expect(electron.shell.openExternal).not.toHaveBeenCalled();
    },
  );

  it.each(['https://example.org/', 'file:///etc/passwd', 'app://evil/'])(
    'prevents a redirect to %s and opens nothing',
    (url) => {
      const event = fakeContents().emit('will-redirect', url);
      expect(event.preventDefault).toHaveBeenCalled();
      expect(electron.shell.openExternal).not.toHaveBeenCalled();
    },
  );

  it('denies every new window, opening allowed external URLs through the guard', () => {
    const guard = fakeContents();
    expect(guard.open('https://example.org/doc')).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://example.org/doc');
    expect(guard.open('app://bastide/index.html')).toEqual({ action: 'deny' });
    expect(guard.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(guard.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });
});
