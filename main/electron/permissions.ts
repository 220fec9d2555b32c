// Web permissions: everything is denied unless listed here, and only for the app's own main frame.
import type { Session } from 'electron';
import { APP_ORIGIN, isAppUrl } from './app-origin';

type Permission = Parameters<Parameters<Session['setPermissionRequestHandler']>[0] & object>[1];

/**
 * `clipboard-sanitized-write` lets "copy address" and "copy link" buttons use `navigator.clipboard.writeText`:
 * write-only, sanitised by Chromium, behind a user gesture, and it cannot read what the user copied.
 * `notifications` is deliberately absent: notifications are shown by the main process, where policy and
 * do-not-disturb apply, so the web Notification API stays closed. Camera, microphone, screen capture and
 * the rest wait for the features that need them.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(['clipboard-sanitized-write']);

export function isPermissionAllowed(
  permission: Permission,
  requestingUrl: string | undefined,
  isMainFrame: boolean,
  appOrigin: string = APP_ORIGIN,
): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isMainFrame && !!requestingUrl && isAppUrl(requestingUrl, appOrigin);
}

export function applyPermissionPolicy(session: Session, appOrigin: string = APP_ORIGIN): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, details.isMainFrame, appOrigin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    const url = details.requestingUrl ?? requestingOrigin;
    return isPermissionAllowed(permission, url, details.isMainFrame, appOrigin);
  });
  // HID, serial and USB devices: never.
  session.setDevicePermissionHandler(() => false);
}
