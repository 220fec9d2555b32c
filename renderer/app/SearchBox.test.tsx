// @vitest-environment jsdom
import '../test/setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeBastide } from '../test/fake-bastide';
import { SearchBox } from './SearchBox';
import { useNav } from './store';

describe('search box', () => {
  it('lists results grouped by kind and opens the chosen one with the keyboard', async () => {
    const fake = installFakeBastide();
    render(<SearchBox />);
    const input = screen.getByRole('combobox', { name: 'Rechercher' });
    fireEvent.change(input, { target: { value: 'comité' } });
    const list = await screen.findByRole('listbox', { name: 'Résultats de recherche' });
    // Two results, then the explicit search on the server.
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(3));
    expect(within(list).getAllByRole('option').at(-1)?.textContent).toContain('Rechercher sur le serveur');
    expect(
      within(list)
        .getAllByRole('group')
        .map((g) => g.getAttribute('aria-labelledby')),
    ).toHaveLength(2);
    expect(within(list).getByRole('group', { name: 'Personnes' })).toBeTruthy();
    expect(within(list).getByRole('group', { name: 'Courriers' })).toBeTruthy();
    expect(fake.calls).toContainEqual({ channel: 'search:query', request: { q: 'comité', limit: 30 } });

    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    const active = document.getElementById(input.getAttribute('aria-activedescendant') ?? '');
    expect(active?.textContent).toContain('Comité de pilotage');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(useNav.getState()).toMatchObject({ app: 'mail', mail: { folderId: 'a:inbox', messageId: 'a:m2' } });
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('searches the servers only when asked, and shows their mail in a group of its own', async () => {
    const fake = installFakeBastide();
    render(<SearchBox />);
    const input = screen.getByRole('combobox', { name: 'Rechercher' });
    fireEvent.change(input, { target: { value: 'comité' } });
    const list = await screen.findByRole('listbox', { name: 'Résultats de recherche' });
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(3));
    expect(fake.calls.some((call) => call.channel === 'search:server')).toBe(false);

    fireEvent.keyDown(input, { key: 'ArrowUp' }); // the last option: the server search
    fireEvent.keyDown(input, { key: 'Enter' });
    const group = await within(list).findByRole('group', { name: 'Courriers sur le serveur' });
    expect(fake.calls).toContainEqual({ channel: 'search:server', request: { q: 'comité', limit: 30 } });
    await waitFor(() => expect(within(group).getAllByRole('option')).toHaveLength(1));
    expect(within(list).queryByText('Rechercher sur le serveur')).toBeNull();

    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(useNav.getState()).toMatchObject({ app: 'mail', mail: { folderId: 'a:inbox', messageId: 'a:m9' } });
  });

  it('says when nothing matches', async () => {
    const fake = installFakeBastide();
    fake.data.search = [];
    render(<SearchBox />);
    const input = screen.getByRole('combobox', { name: 'Rechercher' });
    fireEvent.change(input, { target: { value: 'zzz' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Aucun résultat pour «\s?zzz\s?»$/));
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect((input as HTMLInputElement).value).toBe('');
  });
});
