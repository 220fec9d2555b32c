// How long to wait before trying again: doubling from a base up to a ceiling, with jitter so that clients
// (or the tasks of one client) that failed together do not all come back at the same instant.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };

/** The delay after `failures` failures in a row: a random point in the upper half of the doubled window. */
export function backoffDelay(failures: number, random: () => number, policy: BackoffPolicy = defaultBackoff): number {
  const window = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(window / 2 + random() * (window / 2));
}
