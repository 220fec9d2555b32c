import { useEffect } from 'react';
import { searchInputId } from './SearchBox';
import { railApps, useNav } from './store';

/** Ctrl+1…6 open the rail apps; Ctrl+E and Ctrl+K focus the search box. */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const key = event.key.toLowerCase();
      if (key === 'e' || key === 'k') {
        event.preventDefault();
        const input = document.getElementById(searchInputId) as HTMLInputElement | null;
        input?.focus();
        input?.select();
        return;
      }
      // `code` rather than `key`: on AZERTY keyboards the digit row types & é " ' ( - without Shift.
      const digit = /^Digit([1-6])$/.exec(event.code) ?? /^([1-6])$/.exec(event.key);
      if (digit) {
        const app = railApps[Number(digit[1]) - 1];
        if (!app) return;
        event.preventDefault();
        useNav.getState().setApp(app);
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
