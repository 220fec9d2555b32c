// "Search on the server": the local index knows every mail's headers but only the bodies fetched so far;
// the servers' own indexes know the rest (older mail). Each mail account whose server can search is asked
// (IMAP SEARCH TEXT, folder by folder) and the answers are shown from the store, where every header already is.
import type { MailFolder, SearchResult } from '../model';
import type { MailEngine } from '../mail/engine';
import type { MailRemote } from '../mail/remote';
import type { SearchRepository } from '../../store/repositories/search';
import type { Store } from '../../store/store';

/** Folders a user never searches for received or written mail in. */
const SKIPPED_ROLES = new Set(['outbox']);

export interface ServerSearchAccount {
  id: string;
  folders: readonly MailFolder[];
  /** Runs a request on the account's server (through its reachability: offline fails at once). */
  use<T>(work: (remote: MailRemote) => Promise<T>): Promise<T>;
  canSearch: boolean;
}

/**
 * Mail matching `words` on every account's server, newest first. An account out of reach is skipped while
 * another answers; when none can, the first failure is thrown (the box shows why).
 */
export async function searchMailOnServers(
  repository: SearchRepository,
  accounts: readonly ServerSearchAccount[],
  words: string,
  limit: number,
): Promise<SearchResult[]> {
  const searching = accounts.filter((account) => account.canSearch);
  const settled = await Promise.allSettled(
    searching.map((account) => searchAccount(repository, account, words, limit)),
  );
  const failures = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (searching.length > 0 && failures.length === searching.length) throw failures[0];
  return settled
    .flatMap((result) => (result.status === 'fulfilled' ? result.value : []))
    .toSorted((a, b) => (b.at ?? '').localeCompare(a.at ?? ''))
    .slice(0, limit);
}

async function searchAccount(
  repository: SearchRepository,
  account: ServerSearchAccount,
  words: string,
  limit: number,
): Promise<SearchResult[]> {
  const results: SearchResult[] = [];
  const folders = account.folders.filter((folder) => folder.role === null || !SKIPPED_ROLES.has(folder.role));
  const failures: unknown[] = [];
  for (const folder of folders) {
    try {
      const uids = await account.use((remote) => remote.searchText?.(folder.path, words) ?? Promise.resolve([]));
      if (uids.length > 0) results.push(...repository.mailByUids(folder.id, uids, limit));
    } catch (error) {
      // One folder the server will not search (a namespace without messages) leaves the others.
      failures.push(error);
    }
  }
  if (folders.length > 0 && failures.length === folders.length) throw failures[0];
  return results;
}

/** The running mail accounts, as the server search sees them. */
export function serverSearchAccounts(store: Store, engine: MailEngine): ServerSearchAccount[] {
  return store.accounts.list().flatMap((account) => {
    const runtime = engine.runtime(account.id);
    if (!runtime) return [];
    return [
      {
        id: account.id,
        folders: store.mail.folders(account.id),
        use: (work) => runtime.use(work),
        canSearch: typeof runtime.context.remote.searchText === 'function',
      },
    ];
  });
}
