import { toFtsQuery } from '../../store/fts-query';
import type { SearchRepository } from '../../store/repositories/search';
import type { SearchKind, SearchResult } from '../model';

/** The order in which result groups are shown. */
export const searchKindOrder: readonly SearchKind[] = ['person', 'mail', 'chat', 'post', 'file', 'event'];

/**
 * Searches every kind locally and returns at most `limit` results grouped by kind. The slots are shared
 * fairly, so that a word found in a thousand mails still leaves room for the one matching document.
 */
export function searchEverything(repository: SearchRepository, query: string, limit: number): SearchResult[] {
  const match = toFtsQuery(query);
  if (match === null) return [];
  const groups = searchKindOrder.map((kind) => repository.search(kind, match, limit));
  const quotas = shareFairly(
    groups.map((group) => group.length),
    limit,
  );
  return groups.flatMap((group, index) => group.slice(0, quotas[index]));
}

/** Deals `limit` slots one at a time to each group that still has results (round robin). */
export function shareFairly(available: readonly number[], limit: number): number[] {
  const quotas = available.map(() => 0);
  let left = limit;
  let dealt = true;
  while (left > 0 && dealt) {
    dealt = false;
    for (let index = 0; index < available.length && left > 0; index++) {
      if ((quotas[index] ?? 0) < (available[index] ?? 0)) {
        quotas[index] = (quotas[index] ?? 0) + 1;
        left--;
        dealt = true;
      }
    }
  }
  return quotas;
}
