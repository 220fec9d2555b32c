// @vitest-environment jsdom
import '../test/setup';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { installFakeBastide, type FakeBastide } from '../test/fake-bastide';
import { App } from './App';
import { useNav } from './store';

let fake: FakeBastide;

beforeEach(() => {
  fake = installFakeBastide();
});

async function renderShell() {
  render(<App />);
  await screen.findByRole('banner');
  return screen.getByRole('navigation', { name: 'Applications' });
}

describe('shell', () => {
  it('renders the landmarks, the six rail apps and the search box', async () => {
    const rail = await renderShell();
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('search')).toBeTruthy();
    expect(screen.getByLabelText('Rechercher')).toBeTruthy();
    const items = within(rail).getAllByRole('button');
    expect(items.map((b) => b.querySelector('.rail-label')?.textContent)).toEqual([
      'Activité',
      'Conversations',
      'Équipes',
      'Calendrier',
      'Fichiers',
      'Courrier',
    ]);
    expect(items.filter((b) => b.getAttribute('aria-current') === 'page')).toHaveLength(1);
    expect(await screen.findByRole('heading', { level: 1, name: 'Activité' })).toBeTruthy();
  });

  it('moves through the rail with the arrows and opens with Enter (one tab stop)', async () => {
    const rail = await renderShell();
    const items = within(rail).getAllByRole('button');
    expect(items.map((b) => b.tabIndex)).toEqual([0, -1, -1, -1, -1, -1]);
    act(() => items[0]!.focus());
    fireEvent.keyDown(items[0]!, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[2]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[5]);
    fireEvent.click(items[5]!); // Enter on a native button
    expect(await screen.findByRole('heading', { level: 1, name: 'Courrier' })).toBeTruthy();
    expect(items[5]!.getAttribute('aria-current')).toBe('page');
  });

  it('opens apps with Ctrl+1…6 (by key code, so AZERTY works) and focuses search with Ctrl+E', async () => {
    await renderShell();
    fireEvent.keyDown(window, { key: '"', code: 'Digit3', ctrlKey: true });
    expect(await screen.findByRole('heading', { level: 1, name: 'Équipes' })).toBeTruthy();
    fireEvent.keyDown(window, { key: '5', code: 'Digit5', ctrlKey: true });
    expect(await screen.findByRole('heading', { level: 1, name: 'Fichiers' })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'e', code: 'KeyE', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByLabelText('Rechercher'));
  });

  it('switches the language from Settings at once, persists it and updates <html lang>', async () => {
    const rail = await renderShell();
    act(() => useNav.getState().setSettingsOpen(true));
    const dialog = await screen.findByRole('dialog', { name: 'Paramètres' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'English' }));
    await waitFor(() => expect(document.documentElement.lang).toBe('en'));
    expect(within(dialog).getByRole('heading', { name: 'Settings' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      within(rail)
        .getAllByRole('button')
        .map((b) => b.querySelector('.rail-label')?.textContent),
    ).toEqual(['Activity', 'Chat', 'Teams', 'Calendar', 'Files', 'Mail']);
    expect(fake.calls).toContainEqual({ channel: 'settings:set', request: { language: 'en' } });
    expect(fake.data.settings.language).toBe('en');
  });

  it('applies the theme preference to <html>', async () => {
    await renderShell();
    act(() => useNav.getState().setSettingsOpen(true));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Sombre' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(fake.data.settings.theme).toBe('dark');
  });

  it('starts in the saved language', async () => {
    fake.data.settings = { ...fake.data.settings, language: 'en', theme: 'light' };
    const rail = await renderShell();
    expect(within(rail).getAllByRole('button')[0]!.textContent).toContain('Activity');
    expect(document.documentElement.lang).toBe('en');
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('shows the unread counts on the rail', async () => {
    const rail = await renderShell();
    await waitFor(() => expect(within(rail).getByRole('button', { name: /Courrier, 1 non lu/ })).toBeTruthy());
    expect(within(rail).getByRole('button', { name: /Conversations, 2 non lus/ })).toBeTruthy();
  });

  it('opens an activity item where it lives', async () => {
    await renderShell();
    const feed = await screen.findByRole('grid', { name: 'Fil d’activité' });
    const [row] = within(feed).getAllByRole('row');
    fireEvent.keyDown(row!, { key: 'Enter' });
    fireEvent.keyUp(row!, { key: 'Enter' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Conversations' })).toBeTruthy();
    expect(await screen.findByText('Bonjour !')).toBeTruthy();
    expect(useNav.getState().chat).toEqual({ conversationId: 'a:c1', messageId: 'a:x2' });
  });

  it('translates request errors', async () => {
    fake.failures['activity:feed'] = 'network.unavailable';
    await renderShell();
    const message = await screen.findByText(/Le service ne répond pas/);
    expect(message.closest('[role="alert"]')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeTruthy();
  });
});
