import type { DesktopNotification } from '../model';

/**
 * Where the core's notifications go: the OS (Electron's `Notification`, whose click reopens the window on the
 * notification's target), or a recorder on the test host.
 */
export interface NotifierPort {
  show(notification: DesktopNotification): void;
  /** How many unread items wait (inboxes and conversations): the tray and taskbar badge. */
  setBadge(count: number): void;
}

/** Keeps everything in memory: the test host's notifier and the unit tests'. */
export function createRecordingNotifier() {
  const shown: DesktopNotification[] = [];
  let badge = 0;
  return {
    show(notification: DesktopNotification) {
      shown.push(notification);
    },
    setBadge(count: number) {
      badge = count;
    },
    shown: () => [...shown],
    badge: () => badge,
  } satisfies NotifierPort & Record<string, unknown>;
}

export type RecordingNotifier = ReturnType<typeof createRecordingNotifier>;
