// @vitest-environment jsdom
import '../../test/setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Channel, OutboxItem } from '../../../preload/contract';
import { installFakeBastide, type FakeBastide } from '../../test/fake-bastide';
import { ConnectivityBar } from './ConnectivityBar';
import { useComposer } from './composer-store';
import { useOutboxView } from './OutboxDialog';

/** The demo fake, with the offline channels answered from `answers`. */
function fakeWith(answers: Partial<Record<Channel, (request: Record<string, unknown>) => unknown>>): FakeBastide {
  const fake = installFakeBastide();
  const invoke = fake.invoke.bind(fake);
  fake.invoke = (async (channel: Channel, request?: unknown) => {
    const answer = answers[channel];
    if (!answer) return invoke(channel, request as never);
    fake.calls.push({ channel, request });
    return answer((request ?? {}) as Record<string, unknown>);
  }) as FakeBastide['invoke'];
  return fake;
}

const rejected: OutboxItem = {
  id: 't1',
  accountId: 'a',
  draftId: 'd1',
  subject: 'Budget',
  to: [{ address: 'personne@refuse.invalid' }],
  queuedAt: '2026-11-28T20:00:00.000Z',
  state: 'failed',
  attempts: 1,
  nextAttemptAt: null,
  error: { code: 'outbox.recipientRejected', params: { recipients: 'personne@refuse.invalid' } },
};

describe('Connectivity bar', () => {
  it('says offline with the queued count, then sending, then nothing', async () => {
    const fake = fakeWith({
      'mail:connectivity': () => [{ accountId: 'a', reachable: false, error: null, nextAttemptAt: null }],
      'outbox:status': () => [{ accountId: 'a', queued: 2, failed: 0 }],
    });
    render(<ConnectivityBar />);
    const status = screen.getByRole('status', { name: 'Connexion et envoi du courrier' });
    expect(status.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(status.textContent).toBe('Hors ligne — 2 messages en attente d’envoi'));

    fake.emit('connectivity:changed', { accountId: 'a', reachable: true, error: null, nextAttemptAt: null });
    await waitFor(() => expect(status.textContent).toBe('Envoi de 2 messages…'));
    fake.emit('outbox:changed', { accountId: 'a', queued: 0, failed: 0 });
    await waitFor(() => expect(status.textContent).toBe(''));
    expect(screen.queryByRole('button', { name: 'Voir la boîte d’envoi' })).toBeNull();
  });

  it('shows a refused mail with its reason in the outbox, retries it, and takes it back to edit', async () => {
    const fake = fakeWith({
      'mail:connectivity': () => [{ accountId: 'a', reachable: true, error: null, nextAttemptAt: null }],
      'outbox:status': () => [{ accountId: 'a', queued: 0, failed: 1 }],
      'outbox:list': () => [rejected],
      'outbox:retry': () => ({ ...rejected, state: 'queued', error: null }),
      'outbox:cancel': () => ({ id: 'd1' }),
    });
    render(<ConnectivityBar />);
    const status = screen.getByRole('status', { name: 'Connexion et envoi du courrier' });
    await waitFor(() => expect(status.textContent).toBe('1 message n’a pas pu être envoyé'));

    fireEvent.click(screen.getByRole('button', { name: 'Voir la boîte d’envoi' }));
    const dialog = await screen.findByRole('dialog', { name: 'Boîte d’envoi' });
    const item = await within(dialog).findByRole('listitem');
    expect(item.textContent).toContain('Budget');
    expect(item.textContent).toContain('Non envoyé');
    expect(item.textContent).toContain('Le serveur refuse le destinataire personne@refuse.invalid');

    fireEvent.click(within(item).getByRole('button', { name: 'Réessayer l’envoi de « Budget »' }));
    await waitFor(() => expect(fake.calls).toContainEqual({ channel: 'outbox:retry', request: { id: 't1' } }));

    fireEvent.click(within(item).getByRole('button', { name: 'Modifier « Budget »' }));
    await waitFor(() => expect(useComposer.getState().request).toEqual({ mode: 'draft', draftId: 'd1' }));
    expect(fake.calls).toContainEqual({ channel: 'outbox:cancel', request: { id: 't1' } });
    await waitFor(() => expect(useOutboxView.getState().open).toBe(false));
  });

  it('tells why an outbox action was refused', async () => {
    fakeWith({
      'mail:connectivity': () => [],
      'outbox:status': () => [{ accountId: 'a', queued: 1, failed: 0 }],
      'outbox:list': () => [{ ...rejected, state: 'queued', error: null }],
      'outbox:cancel': () => {
        throw new Error('bastide-error:' + JSON.stringify({ code: 'outbox.alreadySent' }));
      },
    });
    useOutboxView.getState().show();
    render(<ConnectivityBar />);
    const dialog = await screen.findByRole('dialog', { name: 'Boîte d’envoi' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Modifier « Budget »' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('déjà parti');
    useOutboxView.getState().hide();
  });
});
