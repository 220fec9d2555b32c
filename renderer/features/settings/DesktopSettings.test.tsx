// @vitest-environment jsdom
import '../../test/setup';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BastideApi, DesktopSettings as Settings } from '../../../preload/contract';
import { DesktopSettings } from './DesktopSettings';

function fakeCore() {
  let settings: Settings = {
    notifyMail: true,
    notifyChat: true,
    notifyActivity: true,
    doNotDisturb: false,
    closeToTray: false,
    startWithSession: false,
  };
  const calls: unknown[] = [];
  const listeners = new Set<(payload: Settings) => void>();
  const api = {
    invoke: async (channel: string, request?: Partial<Settings>) => {
      calls.push({ channel, request });
      if (channel === 'desktop:setSettings') settings = { ...settings, ...request };
      return settings;
    },
    on: (event: string, listener: (payload: Settings) => void) => {
      if (event === 'desktop:settingsChanged') listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  Object.defineProperty(window, 'bastide', { value: api as unknown as BastideApi, configurable: true });
  return {
    calls,
    changeElsewhere(patch: Partial<Settings>) {
      settings = { ...settings, ...patch };
      for (const listener of listeners) listener(settings);
    },
  };
}

describe('desktop settings', () => {
  it('shows each setting as a labelled checkbox and saves a change', async () => {
    const core = fakeCore();
    render(<DesktopSettings />);
    const notifications = await screen.findByRole('region', { name: 'Notifications' });
    const mail = screen.getByRole('checkbox', { name: 'Nouveaux courriels' });
    expect(notifications.contains(mail)).toBe(true);
    expect((mail as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole('region', { name: 'Bureau' })).toBeTruthy();

    fireEvent.click(mail);
    await waitFor(() =>
      expect(core.calls).toContainEqual({ channel: 'desktop:setSettings', request: { notifyMail: false } }),
    );
    expect((mail as HTMLInputElement).checked).toBe(false);
  });

  it('follows changes made elsewhere (the tray, another window)', async () => {
    const core = fakeCore();
    render(<DesktopSettings />);
    const tray = await screen.findByRole('checkbox', {
      name: 'Garder Bastide ouvert dans la zone de notification quand la fenêtre est fermée',
    });
    expect((tray as HTMLInputElement).checked).toBe(false);
    act(() => core.changeElsewhere({ closeToTray: true }));
    expect((tray as HTMLInputElement).checked).toBe(true);
  });
});
