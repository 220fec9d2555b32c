// The core's notifications as OS notifications. A click brings the window back and opens the notification's
// target through the same path as a `bastide://` launch.
import { Notification } from 'electron';
import type { DesktopNotification } from '../core/model';
import type { NotifierPort } from '../core/notifications/port';

export interface ElectronNotifierOptions {
  /** Shows the main window (creating it if it was closed). */
  reveal(): void;
  /** Opens a `bastide://` link in the window. */
  open(target: string): void;
  /** The unread count, for the tray and the taskbar. */
  badge(count: number): void;
}

export function createElectronNotifier(options: ElectronNotifierOptions): NotifierPort {
  // Held until closed: a notification collected by the GC loses its click handler (Windows, Linux).
  const live = new Set<Notification>();
  return {
    show(item: DesktopNotification) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title: item.title, body: item.body });
      live.add(notification);
      notification.on('click', () => {
        options.reveal();
        options.open(item.target);
      });
      notification.on('close', () => live.delete(notification));
      notification.show();
    },
    setBadge(count: number) {
      options.badge(count);
    },
  };
}
