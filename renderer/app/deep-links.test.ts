// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { AppOpen, BastideApi } from '../../preload/contract';
import { useComposer } from '../features/mail/composer-store';
import { startDeepLinks } from './deep-links';
import { useNav } from './store';

/** The core's side of the launch inbox: what waits, handed over once, and `app:open` when more arrives. */
function fakeInbox(initial: AppOpen[]) {
  let waiting = [...initial];
  const listeners = new Set<() => void>();
  const api = {
    invoke: async (channel: string) => {
      if (channel !== 'app:takeOpen') throw new Error(`unexpected ${channel}`);
      const taken = waiting;
      waiting = [];
      return taken;
    },
    on: (event: string, listener: () => void) => {
      if (event === 'app:open') listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  Object.defineProperty(window, 'bastide', { value: api as unknown as BastideApi, configurable: true });
  return {
    arrive(open: AppOpen) {
      waiting.push(open);
      for (const listener of listeners) listener();
    },
    listeners,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  useComposer.getState().close();
  useNav.setState({ app: 'activity', mail: { folderId: null, messageId: null } });
});

describe('links from outside', () => {
  it('opens what waited before the window started, then what arrives', async () => {
    const inbox = fakeInbox([{ kind: 'link', link: { app: 'mail', id: 'm1' } }]);
    const stop = startDeepLinks();
    await settle();
    expect(useNav.getState()).toMatchObject({ app: 'mail', mail: { messageId: 'm1' } });

    inbox.arrive({ kind: 'link', link: { app: 'chat', id: 'msg', parentId: 'conv' } });
    await settle();
    expect(useNav.getState()).toMatchObject({ app: 'chat', chat: { conversationId: 'conv', messageId: 'msg' } });

    stop();
    expect(inbox.listeners.size).toBe(0);
  });

  it('opens the composer on Mail for a mailto: link', async () => {
    fakeInbox([
      {
        kind: 'compose',
        compose: { to: ['bob@example.test'], cc: [], bcc: ['c@example.test'], subject: 'Bonjour', body: 'Texte' },
      },
    ]);
    const stop = startDeepLinks();
    await settle();
    stop();
    expect(useNav.getState().app).toBe('mail');
    expect(useComposer.getState()).toMatchObject({
      open: true,
      request: {
        mode: 'new',
        to: ['bob@example.test'],
        cc: [],
        bcc: ['c@example.test'],
        subject: 'Bonjour',
        body: 'Texte',
      },
    });
  });
});
