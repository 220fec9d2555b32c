// Tells the core whether the window has the user's focus: with the conversation on screen (`chat:focus`), it
// keeps the core from notifying what the user is already looking at.
import { useEffect } from 'react';
import { call } from '../ui/api';

/** Reports the focus now and on every change; answers the unsubscribe. */
export function startWindowFocusReport(target: Window = window): () => void {
  let last: boolean | null = null;
  const report = (focused: boolean) => {
    if (focused === last) return;
    last = focused;
    void call('app:focus', { focused }).catch(() => undefined);
  };
  const onFocus = () => report(true);
  const onBlur = () => report(false);
  target.addEventListener('focus', onFocus);
  target.addEventListener('blur', onBlur);
  report(target.document.hasFocus());
  return () => {
    target.removeEventListener('focus', onFocus);
    target.removeEventListener('blur', onBlur);
  };
}

export function useWindowFocusReport(): void {
  useEffect(() => startWindowFocusReport(), []);
}
