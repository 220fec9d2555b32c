// @vitest-environment jsdom
import '../../test/setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AccountSummary, ActivityItem, BastideApi } from '../../../preload/contract';
import { useNav } from '../../app/store';
import { createFakeBastide, installFakeBastide } from '../../test/fake-bastide';
import ActivityApp from './ActivityApp';

const account = (id: string, displayName: string): AccountSummary =>
  ({
    id,
    kindId: 'demo',
    kindLabel: 'Démo',
    displayName,
    address: `${id}@example.org`,
    state: 'online',
    capabilities: [],
  }) as AccountSummary;

const mail: ActivityItem = {
  id: 'mail:b:m1',
  accountId: 'b',
  kind: 'mail',
  actor: { id: 'h', name: 'Hélène Dupré', presence: 'busy' },
  title: 'Arbitrage budgétaire',
  summary: 'Merci de valider',
  at: new Date().toISOString(),
  unread: true,
  target: { app: 'mail', id: 'b:m1', parentId: 'b:inbox' },
};

/** Two accounts: the fake's own feed item on account a, an important mail on account b. */
function twoAccounts() {
  const fake = createFakeBastide();
  fake.data.activity = [...fake.data.activity, mail];
  const invoke = fake.invoke.bind(fake) as (channel: string, request?: unknown) => Promise<unknown>;
  fake.invoke = ((channel: string, request?: unknown) =>
    channel === 'accounts:list'
      ? Promise.resolve([account('a', 'Agent Démo'), account('b', 'Messagerie académique')])
      : invoke(channel, request)) as BastideApi['invoke'];
  return installFakeBastide(fake);
}

describe('activity app', () => {
  it('filters by account and by kind, and opens an item in its app', async () => {
    const fake = twoAccounts();
    render(<ActivityApp />);
    const feed = await screen.findByRole('grid', { name: 'Fil d’activité' });
    await waitFor(() => expect(within(feed).getAllByRole('row')).toHaveLength(2));
    // The people of the feed show their presence, spelled out.
    expect(within(feed).getByRole('img', { name: 'Occupé' })).toBeTruthy();

    const accounts = await screen.findByRole('radiogroup', { name: 'Filtrer par compte' });
    fireEvent.click(within(accounts).getByRole('radio', { name: 'Messagerie académique' }));
    await waitFor(() => expect(within(feed).getAllByRole('row')).toHaveLength(1));
    expect(within(feed).getByRole('row').textContent).toContain('Arbitrage budgétaire');

    fireEvent.click(within(accounts).getByRole('radio', { name: 'Tous les comptes' }));
    const kinds = screen.getByRole('radiogroup', { name: 'Filtrer par type' });
    fireEvent.click(within(kinds).getByRole('radio', { name: 'Mentions' }));
    await waitFor(() => expect(within(feed).getAllByRole('row')).toHaveLength(1));
    expect(within(feed).getByRole('row').textContent).toContain('vous a mentionné');

    fireEvent.click(within(kinds).getByRole('radio', { name: 'Courriers' }));
    await waitFor(() => expect(within(feed).getByRole('row').textContent).toContain('Arbitrage budgétaire'));
    fireEvent.click(within(feed).getByRole('row'));
    await waitFor(() =>
      expect(useNav.getState()).toMatchObject({ app: 'mail', mail: { folderId: 'b:inbox', messageId: 'b:m1' } }),
    );
    expect(fake.calls).toContainEqual({ channel: 'activity:markRead', request: { ids: ['mail:b:m1'] } });
  });

  it('refreshes when mail changes (important mail is part of the feed)', async () => {
    const fake = twoAccounts();
    render(<ActivityApp />);
    const feed = await screen.findByRole('grid', { name: 'Fil d’activité' });
    await waitFor(() => expect(within(feed).getAllByRole('row')).toHaveLength(2));
    fake.data.activity = [{ ...mail, id: 'mail:b:m2', title: 'Nouvelle convocation' }, ...fake.data.activity];
    fake.emit('mail:changed', { folderIds: ['b:inbox'] });
    await waitFor(() => expect(within(feed).getAllByRole('row')).toHaveLength(3));
  });
});
