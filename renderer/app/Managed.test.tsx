// @vitest-environment jsdom
import '../test/setup';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PreconfiguredAccountEntry, UpdateStatus } from '../../preload/contract';
import { installFakeBastide, type FakeBastide } from '../test/fake-bastide';
import { App } from './App';
import { unmanaged, useManaged } from './managed';
import { useNav } from './store';

// What the organisation manages, as the user sees it: locked settings, preconfigured accounts, policy warnings
// and the update notice.

let fake: FakeBastide;

beforeEach(() => {
  useManaged.setState({
    policy: unmanaged,
    preconfigured: [],
    update: null,
    warningsDismissed: false,
    dismissedVersion: null,
  });
  fake = installFakeBastide();
});

const entry: PreconfiguredAccountEntry = {
  id: 'policy-1',
  kindId: 'groupware',
  label: 'Messagerie de la Région',
  server: { type: 'web', url: 'https://mail.laregion.fr' },
  username: 'jdupont',
  method: 'password',
  accountId: null,
};

async function openSettings() {
  render(<App />);
  await screen.findByRole('banner');
  act(() => useNav.getState().setSettingsOpen(true));
  return screen.findByRole('dialog');
}

describe('locked settings', () => {
  it('are disabled and say who manages them; the others stay editable', async () => {
    fake.data.policy = { ...fake.data.policy, managed: true, locked: ['updateMode'] };
    fake.data.settings = { ...fake.data.settings, updateMode: 'notify' };
    const dialog = await openSettings();
    const mode = await within(dialog).findByRole('radiogroup', { name: /Mises à jour/ });
    await waitFor(() => expect(within(mode).getByText('Géré par votre organisation')).toBeTruthy());
    for (const radio of within(mode).getAllByRole('radio')) expect((radio as HTMLInputElement).disabled).toBe(true);
    expect((within(mode).getByRole('radio', { name: 'Me prévenir seulement' }) as HTMLInputElement).checked).toBe(true);

    const channel = within(dialog).getByRole('radiogroup', { name: 'Canal de mise à jour' });
    expect((within(channel).getByRole('radio', { name: 'Stable' }) as HTMLInputElement).disabled).toBe(false);
    const language = within(dialog).getByRole('radiogroup', { name: 'Langue' });
    expect(within(language).queryByText('Géré par votre organisation')).toBeNull();
    fireEvent.click(within(channel).getByRole('radio', { name: 'Bêta (versions préliminaires)' }));
    await waitFor(() => expect(fake.data.settings.updateChannel).toBe('beta'));
  });
});

describe('preconfigured accounts', () => {
  it('are listed as managed and signed in with the password only', async () => {
    fake.data.policy = { ...fake.data.policy, managed: true, locked: ['allowAccountAdd'], allowAccountAdd: false };
    fake.data.preconfigured = [entry];
    const invoke = fake.invoke.bind(fake);
    fake.invoke = (async (channel: string, request?: unknown) => {
      if (channel !== 'accounts:add') return invoke(channel as never, request as never);
      fake.calls.push({ channel, request });
      fake.data.preconfigured = [{ ...entry, accountId: 'account-1' }];
      return { status: 'signed-in', account: { id: 'account-1' } };
    }) as typeof fake.invoke;

    const dialog = await openSettings();
    const list = await within(dialog).findByRole('list', { name: 'Comptes de votre organisation' });
    const item = within(list).getByRole('listitem', { name: 'Messagerie de la Région' });
    expect(within(item).getByText('Géré par votre organisation')).toBeTruthy();
    expect(within(item).getByText('jdupont · mail.laregion.fr')).toBeTruthy();
    expect(within(dialog).getByText('Votre organisation ne permet pas d’ajouter d’autres comptes.')).toBeTruthy();

    fireEvent.click(within(item).getByRole('button', { name: 'Se connecter à Messagerie de la Région' }));
    // The username comes from the policy: only the password is asked.
    expect(within(item).queryByLabelText('Identifiant')).toBeNull();
    fireEvent.change(within(item).getByLabelText('Mot de passe'), { target: { value: 's3cret' } });
    fireEvent.click(within(item).getByRole('button', { name: 'Se connecter' }));
    await waitFor(() => expect(within(item).getByText('Connecté')).toBeTruthy());
    expect(fake.calls.find((c) => c.channel === 'accounts:add')?.request).toEqual({
      kindId: 'groupware',
      server: { type: 'web', url: 'https://mail.laregion.fr' },
      username: 'jdupont',
      method: 'password',
      password: 's3cret',
    });
  });
});

describe('policy warnings', () => {
  it('show in a banner, translated, until dismissed', async () => {
    fake.data.policy = {
      ...fake.data.policy,
      warnings: [
        { code: 'policy.fileInvalidJson', params: { path: '/etc/bastide/policies.json' } },
        { code: 'policy.invalidItem', params: { origin: 'file', policy: 'AllowedServerHosts', index: 0 } },
      ],
    };
    render(<App />);
    const banner = await screen.findByRole('region', { name: /stratégies de votre organisation/ });
    expect(within(banner).getByText(/\/etc\/bastide\/policies\.json n’est pas du JSON valide/)).toBeTruthy();
    expect(within(banner).getByText(/Entrée n° 1 invalide dans la stratégie « AllowedServerHosts »/)).toBeTruthy();
    fireEvent.click(within(banner).getByRole('button', { name: 'Fermer' }));
    expect(screen.queryByRole('region', { name: /stratégies de votre organisation/ })).toBeNull();
  });
});

describe('the update notice', () => {
  const available: UpdateStatus = {
    currentVersion: '0.1.0',
    checks: true,
    reason: 'managed-by-it',
    available: {
      version: '0.2.0',
      releaseName: null,
      releaseNotes: '<img src=x onerror=alert(1)> Recherche plus rapide.',
      releaseDate: null,
    },
    readyToInstall: false,
  };

  it('shows the version and its notes as text, without a restart where IT installs', async () => {
    fake.data.updates = available;
    render(<App />);
    const notice = await screen.findByRole('region', { name: 'Bastide 0.2.0 est disponible' });
    expect(within(notice).getByText('Votre service informatique se charge de l’installer.')).toBeTruthy();
    expect(within(notice).getByText('<img src=x onerror=alert(1)> Recherche plus rapide.')).toBeTruthy();
    expect(notice.querySelector('img')).toBeNull();
    expect(within(notice).queryByRole('button', { name: 'Redémarrer pour mettre à jour' })).toBeNull();
  });

  it('offers the restart once the download is ready', async () => {
    render(<App />);
    await screen.findByRole('banner');
    expect(screen.queryByRole('region', { name: /est disponible/ })).toBeNull();
    act(() => fake.emit('updates:available', { ...available, reason: 'automatic', readyToInstall: true }));
    const notice = await screen.findByRole('region', { name: 'Bastide 0.2.0 est disponible' });
    fireEvent.click(within(notice).getByRole('button', { name: 'Redémarrer pour mettre à jour' }));
    await waitFor(() => expect(fake.calls.map((c) => c.channel)).toContain('updates:install'));
    fireEvent.click(within(notice).getByRole('button', { name: 'Plus tard' }));
    expect(screen.queryByRole('region', { name: /est disponible/ })).toBeNull();
  });
});
