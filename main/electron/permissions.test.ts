import type { Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { ALLOWED_PERMISSIONS, applyPermissionPolicy } from './permissions';

type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0] & object;
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0] & object;
type DeviceHandler = Parameters<Session['setDevicePermissionHandler']>[0] & object;

function install() {
  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
  };
  applyPermissionPolicy(session as unknown as Session, 'app://bastide');
  const request = session.setPermissionRequestHandler.mock.calls[0]![0] as RequestHandler;
  const check = session.setPermissionCheckHandler.mock.calls[0]![0] as CheckHandler;
  const device = session.setDevicePermissionHandler.mock.calls[0]![0] as DeviceHandler;
  return {
    request(permission: Parameters<RequestHandler>[1], requestingUrl: string, isMainFrame = true) {
      const callback = vi.fn();
      request({} as never, permission, callback, { requestingUrl, isMainFrame } as never);
      expect(callback).toHaveBeenCalledOnce();
      return callback.mock.calls[0]![0] as boolean;
    },
    check(permission: Parameters<CheckHandler>[1], requestingOrigin: string, isMainFrame = true) {
      return check(null, permission, requestingOrigin, { isMainFrame, requestingUrl: requestingOrigin } as never);
    },
    device,
  };
}

const DENIED = [
  'media',
  'notifications',
  'geolocation',
  'clipboard-read',
  'display-capture',
  'openExternal',
  'fullscreen',
  'pointerLock',
  'midiSysex',
  'hid',
  'serial',
  'usb',
  'unknown',
] as const;

describe('permission policy', () => {
  it('allows nothing but sanitised clipboard writes', () => {
    expect([...ALLOWED_PERMISSIONS]).toEqual(['clipboard-sanitized-write']);
  });

  it.each(DENIED)('denies the request for %s, even from the app', (permission) => {
    expect(install().request(permission, 'app://bastide/index.html')).toBe(false);
  });

  it.each(DENIED)('denies the check for %s, even from the app', (permission) => {
    expect(install().check(permission, 'app://bastide')).toBe(false);
  });

  it('allows clipboard writes to the app main frame only', () => {
    const policy = install();
    expect(policy.request('clipboard-sanitized-write', 'app://bastide/index.html')).toBe(true);
    expect(policy.check('clipboard-sanitized-write', 'app://bastide')).toBe(true);
    expect(policy.request('clipboard-sanitized-write', 'app://bastide/index.html', false)).toBe(false);
    expect(policy.request('clipboard-sanitized-write', 'https://example.org/')).toBe(false);
    expect(policy.check('clipboard-sanitized-write', 'app://evil')).toBe(false);
    expect(policy.check('clipboard-sanitized-write', 'null')).toBe(false);
  });

  it('denies device access', () => {
    expect(install().device({} as never)).toBe(false);
  });
});
