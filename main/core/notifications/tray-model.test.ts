import { describe, expect, it } from 'vitest';
import { badgeText, closeHidesToTray, overlayBitmap, trayBitmap, trayMenu, trayTooltip } from './tray-model';
import { autostartMethod } from './autostart';

const pixel = (bitmap: ReturnType<typeof trayBitmap>, x: number, y: number) => [
  ...bitmap.data.subarray((y * bitmap.width + x) * 4, (y * bitmap.width + x) * 4 + 4),
];

describe('the tray', () => {
  it('offers open, the status (current one checked) and quit, in the user language', () => {
    const menu = trayMenu('fr', 'dnd');
    expect(menu.map((item) => item.kind)).toEqual(['open', 'status', 'separator', 'quit']);
    const status = menu[1]!;
    if (status.kind !== 'status') throw new Error('no status');
    expect(status.choices.filter((choice) => choice.checked).map((choice) => choice.label)).toEqual([
      'Ne pas déranger',
    ]);
    expect(trayMenu('en', 'available')[0]).toEqual({ kind: 'open', label: 'Open Bastide' });
  });

  it('says how many items are unread', () => {
    expect(trayTooltip('fr', 0)).toBe('Bastide');
    expect(trayTooltip('fr', 1)).toBe('Bastide — 1 élément non lu');
    expect(trayTooltip('en', 12)).toBe('Bastide — 12 unread items');
    expect([0, 3, 10].map(badgeText)).toEqual(['', '3', '9+']);
  });

  it('draws its mark, with a red dot when something is unread', () => {
    const plain = trayBitmap(22, false);
    const badged = trayBitmap(22, true);
    expect(plain.data).toHaveLength(22 * 22 * 4);
    expect(pixel(plain, 0, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(plain, 11, 11)).toEqual([0xb0, 0x5a, 0x1f, 0xff]);
    expect(pixel(badged, 16, 5)).toEqual([0x30, 0x2a, 0xd7, 0xff]);
    expect(pixel(plain, 16, 5)).toEqual([0xb0, 0x5a, 0x1f, 0xff]);
    expect(pixel(overlayBitmap(16), 8, 8)).toEqual([0x30, 0x2a, 0xd7, 0xff]);
    expect(pixel(overlayBitmap(16), 0, 0)).toEqual([0, 0, 0, 0]);
  });

  it('hides the window on close only with the setting, a tray, and no quit under way', () => {
    expect(closeHidesToTray({ closeToTray: true, trayShown: true, quitting: false })).toBe(true);
    expect(closeHidesToTray({ closeToTray: false, trayShown: true, quitting: false })).toBe(false);
    expect(closeHidesToTray({ closeToTray: true, trayShown: false, quitting: false })).toBe(false);
    expect(closeHidesToTray({ closeToTray: true, trayShown: true, quitting: true })).toBe(false);
  });

  it('starts with the session through the login item or XDG autostart, never from a development build', () => {
    expect(autostartMethod('win32', true)).toBe('login-item');
    expect(autostartMethod('linux', true)).toBe('xdg');
    expect(autostartMethod('linux', false)).toBeNull();
    expect(autostartMethod('freebsd', true)).toBeNull();
  });
});
