// What the tray shows, decided here and drawn by main/electron/tray.ts: its menu (open, status, quit), its
// tooltip with the unread count, and its images (drawn as bitmaps: no artwork file to ship or to lose).
import type { Language, PresenceStatus } from '../model';

export type TrayMenuItem =
  | { kind: 'open'; label: string }
  | { kind: 'status'; label: string; choices: { status: PresenceStatus; label: string; checked: boolean }[] }
  | { kind: 'quit'; label: string }
  | { kind: 'separator' };

const labels = {
  fr: {
    open: 'Ouvrir Bastide',
    status: 'Statut',
    quit: 'Quitter',
    unread: (count: number) => (count === 1 ? '1 élément non lu' : `${count} éléments non lus`),
    presence: {
      available: 'Disponible',
      busy: 'Occupé',
      dnd: 'Ne pas déranger',
      away: 'Absent',
      offline: 'Hors ligne',
    },
  },
  en: {
    open: 'Open Bastide',
    status: 'Status',
    quit: 'Quit',
    unread: (count: number) => (count === 1 ? '1 unread item' : `${count} unread items`),
    presence: { available: 'Available', busy: 'Busy', dnd: 'Do not disturb', away: 'Away', offline: 'Offline' },
  },
} as const;

const statuses: readonly PresenceStatus[] = ['available', 'busy', 'dnd', 'away', 'offline'];

export function trayMenu(language: Language, presence: PresenceStatus): TrayMenuItem[] {
  const text = labels[language] ?? labels.fr;
  return [
    { kind: 'open', label: text.open },
    {
      kind: 'status',
      label: text.status,
      choices: statuses.map((status) => ({ status, label: text.presence[status], checked: status === presence })),
    },
    { kind: 'separator' },
    { kind: 'quit', label: text.quit },
  ];
}

/** The tooltip (and, where the tray shows one, the title): the name and what waits. */
export function trayTooltip(language: Language, unread: number): string {
  return unread > 0 ? `Bastide — ${(labels[language] ?? labels.fr).unread(unread)}` : 'Bastide';
}

/** Short text for an overlay or a title: "9+" beyond nine. */
export const badgeText = (unread: number): string => (unread <= 0 ? '' : unread > 9 ? '9+' : String(unread));

export interface Bitmap {
  width: number;
  height: number;
  /** BGRA, premultiplied, row after row (what nativeImage.createFromBitmap reads). */
  data: Buffer;
}

const BLUE = [0xb0, 0x5a, 0x1f] as const; // #1f5ab0 as B, G, R
const RED = [0x30, 0x2a, 0xd7] as const; // #d72a30

/** The app's mark: a blue rounded square, with a red dot in the corner when something is unread. */
export function trayBitmap(size: number, withBadge: boolean): Bitmap {
  const data = Buffer.alloc(size * size * 4);
  const radius = size / 5;
  const dot = { cx: size * 0.74, cy: size * 0.26, r: size * 0.24 };
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const inDot = withBadge && Math.hypot(x + 0.5 - dot.cx, y + 0.5 - dot.cy) <= dot.r;
      const colour = inDot ? RED : insideRoundedSquare(x + 0.5, y + 0.5, size, radius) ? BLUE : null;
      if (colour) paint(data, (y * size + x) * 4, colour);
    }
  }
  return { width: size, height: size, data };
}

/** The Windows taskbar overlay: a red dot (the count goes in its description, read by screen readers). */
export function overlayBitmap(size: number): Bitmap {
  const data = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1)
    for (let x = 0; x < size; x += 1)
      if (Math.hypot(x + 0.5 - size / 2, y + 0.5 - size / 2) <= size / 2) paint(data, (y * size + x) * 4, RED);
  return { width: size, height: size, data };
}

function insideRoundedSquare(x: number, y: number, size: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

function paint(data: Buffer, offset: number, [b, g, r]: readonly [number, number, number]): void {
  data[offset] = b;
  data[offset + 1] = g;
  data[offset + 2] = r;
  data[offset + 3] = 0xff;
}

/** Closing the window hides it in the tray when the user wants so and a tray is there; quitting always quits. */
export function closeHidesToTray(options: { closeToTray: boolean; trayShown: boolean; quitting: boolean }): boolean {
  return options.closeToTray && options.trayShown && !options.quitting;
}
