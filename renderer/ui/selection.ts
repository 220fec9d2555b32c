import type { Selection } from 'react-aria-components';

/** The one key of a single selection, as react-aria reports it (`'all'` never happens in single mode). */
export function onlyKey(keys: Selection): string | null {
  if (keys === 'all') return null;
  const [key] = [...keys];
  return typeof key === 'string' ? key : null;
}
