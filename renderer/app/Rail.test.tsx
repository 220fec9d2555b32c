// @vitest-environment jsdom
import '../test/setup';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { OutboxStatus } from '../../preload/contract';
import { installFakeBastide, type FakeBastide } from '../test/fake-bastide';
import { useBadges } from './badges';
import { Rail } from './Rail';

let fake: FakeBastide;
let outbox: OutboxStatus[];

beforeEach(() => {
  fake = installFakeBastide();
  outbox = [];
  const answer = fake.invoke.bind(fake);
  fake.invoke = (async (channel: Parameters<FakeBastide['invoke']>[0], request?: unknown) => {
    if (channel === 'outbox:status') {
      fake.calls.push({ channel, request });
      return structuredClone(outbox);
    }
    return answer(channel, request as never);
  }) as FakeBastide['invoke'];
  useBadges.setState({ counts: {}, unreadMail: 0, outbox: 0 });
});

const mailButton = () => within(screen.getByRole('navigation')).getByRole('button', { name: /^Courrier/ });
const badgeOf = (button: HTMLElement) => button.querySelector('.rail-badge')?.textContent ?? null;

describe('the Mail badge', () => {
  it('adds the outbox’s waiting and failed mail to the unread inbox mail, and follows outbox:changed', async () => {
    outbox = [
      { accountId: 'a', queued: 2, failed: 1 },
      { accountId: 'b', queued: 0, failed: 1 },
    ];
    render(<Rail />);
    await act(() => useBadges.getState().refresh());
    expect(badgeOf(mailButton())).toBe('5'); // 1 unread in the inbox + 4 in the outbox
    expect(mailButton().textContent).toContain('1 non lu, 4 en attente d’envoi');

    outbox = [{ accountId: 'a', queued: 0, failed: 0 }];
    act(() => fake.emit('outbox:changed', { accountId: 'a', queued: 0, failed: 0 }));
    await waitFor(() => expect(badgeOf(mailButton())).toBe('1'));
    expect(mailButton().textContent).toContain('1 non lu');
    expect(mailButton().textContent).not.toContain('attente');
  });

  it('shows the outbox alone when nothing is unread', async () => {
    fake.data.folders = fake.data.folders.map((folder) => ({ ...folder, unread: 0 }));
    outbox = [{ accountId: 'a', queued: 1, failed: 0 }];
    render(<Rail />);
    await act(() => useBadges.getState().refresh());
    expect(badgeOf(mailButton())).toBe('1');
    expect(mailButton().textContent).toContain('1 en attente d’envoi');
    expect(mailButton().textContent).not.toContain('non lu');
  });
});
