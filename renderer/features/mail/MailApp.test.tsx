// @vitest-environment jsdom
import '../../test/setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useNav } from '../../app/store';
import { installFakeBastide } from '../../test/fake-bastide';
import MailApp from './MailApp';

describe('Mail app', () => {
  it('shows the inbox, opens a message with Enter and marks it read', async () => {
    const fake = installFakeBastide();
    render(<MailApp />);
    const tree = await screen.findByRole('treegrid', { name: 'Dossiers' });
    expect(within(tree).getByText('Boîte de réception')).toBeTruthy();
    expect(within(tree).getByText('Projets')).toBeTruthy();

    const list = await screen.findByRole('listbox', { name: 'Messages du dossier Boîte de réception' });
    const options = within(list).getAllByRole('option');
    expect(options).toHaveLength(2);
    expect(options[0]!.dataset.unread).toBe('true');
    expect(options[0]!.textContent).toContain('Non lu');

    fireEvent.keyDown(list, { key: 'Enter' });
    expect(await screen.findByRole('heading', { level: 2, name: 'Budget 2027' })).toBeTruthy();
    expect(screen.getByText('Corps du message Budget 2027.')).toBeTruthy();
    await waitFor(() =>
      expect(fake.calls).toContainEqual({ channel: 'mail:setFlags', request: { ids: ['a:m1'], unread: false } }),
    );
    await waitFor(() => expect(within(list).getAllByRole('option')[0]!.dataset.unread).toBeUndefined());
    await waitFor(() => expect(within(tree).queryByText('1')).toBeNull());
  });

  it('moves with the arrows before opening', async () => {
    installFakeBastide();
    render(<MailApp />);
    const list = await screen.findByRole('listbox', { name: /Messages du dossier/ });
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    const active = document.getElementById(list.getAttribute('aria-activedescendant') ?? '');
    expect(active?.textContent).toContain('Comité de pilotage');
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(useNav.getState().mail.messageId).toBe('a:m2');
  });

  it('follows a deep link to a message whose folder it was not told', async () => {
    installFakeBastide();
    useNav.getState().open({ app: 'mail', id: 'a:m2' });
    render(<MailApp />);
    expect(await screen.findByRole('heading', { level: 2, name: 'Comité de pilotage' })).toBeTruthy();
    await waitFor(() => expect(useNav.getState().mail.folderId).toBe('a:inbox'));
  });

  it('shows a translated error when a message is gone', async () => {
    installFakeBastide();
    useNav.getState().open({ app: 'mail', id: 'a:missing', parentId: 'a:inbox' });
    render(<MailApp />);
    expect((await screen.findByRole('alert')).textContent).toContain('introuvable');
  });
});
