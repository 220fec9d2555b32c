// Links from outside the window (a `bastide://` or `mailto:` launch, a notification's click) wait in the core;
// the window takes them when it starts and whenever `app:open` says more arrived, and goes where they point.
import { useEffect } from 'react';
import type { AppOpen } from '../../preload/contract';
import { useComposer } from '../features/mail/composer-store';
import { call, subscribe } from '../ui/api';
import { useNav } from './store';

export function applyOpen(open: AppOpen): void {
  if (open.kind === 'link') {
    useNav.getState().open(open.link);
    return;
  }
  const { to, cc, bcc, subject, body } = open.compose;
  useNav.getState().setApp('mail');
  useComposer.getState().openComposer({ mode: 'new', to, cc, bcc, subject, body });
}

/** Takes what waits now and after every `app:open`; answers the unsubscribe. */
export function startDeepLinks(): () => void {
  let taking = Promise.resolve();
  const take = () => {
    // One at a time, so that two quick launches open in their order.
    taking = taking.then(async () => {
      const waiting = await call('app:takeOpen').catch(() => [] as AppOpen[]);
      for (const open of waiting) applyOpen(open);
    });
  };
  const stop = subscribe('app:open', take);
  take();
  return stop;
}

export function useDeepLinks(): void {
  useEffect(() => startDeepLinks(), []);
}
