// The search box's popup: local results grouped by kind, then mail found by the servers' own search (asked for
// with the last option, and marked as coming from the server), as one listbox driven from the input
// (aria-activedescendant: the focus stays in the box).
import { useTranslation } from 'react-i18next';
import type { SearchKind, SearchResult } from '../../preload/contract';
import { formatShortDate } from '../ui/format';
import { CalendarIcon, ChatIcon, FileIcon, MailIcon, PersonIcon, PostIcon, SearchIcon } from '../ui/icons';

export const kindOrder: readonly SearchKind[] = ['person', 'mail', 'chat', 'post', 'file', 'event'];

const kindIcons = {
  person: PersonIcon,
  mail: MailIcon,
  chat: ChatIcon,
  post: PostIcon,
  file: FileIcon,
  event: CalendarIcon,
} satisfies Record<SearchKind, unknown>;

export interface Group {
  kind: SearchKind;
  items: SearchResult[];
}

export function groupResults(results: readonly SearchResult[]): Group[] {
  return kindOrder
    .map((kind) => ({ kind, items: results.filter((r) => r.kind === kind) }))
    .filter((g) => g.items.length > 0);
}

/** One choice of the popup: a result (local or from a server), or the action that asks the servers. */
export type Entry =
  { key: string; type: 'result'; result: SearchResult } | { key: typeof SERVER_ACTION; type: 'server-action' };

export const SERVER_ACTION = 'server-search';

export const entryKey = (result: SearchResult, fromServer: boolean) =>
  `${fromServer ? 'server:' : ''}${result.kind}:${result.id}`;

/** What the server part of the popup shows: nothing yet, the action, or the search's state and results. */
export type ServerPart =
  | { state: 'none' }
  | { state: 'offer' }
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'done'; results: SearchResult[] };

interface Props {
  listId: string;
  baseId: string;
  groups: Group[];
  server: ServerPart;
  entries: Entry[];
  activeKey: string | null;
  onHover: (key: string) => void;
  onChoose: (entry: Entry) => void;
}

export function SearchResultsList({ listId, baseId, groups, server, entries, activeKey, onHover, onChoose }: Props) {
  const { t } = useTranslation();
  const indexOf = (key: string) => entries.findIndex((entry) => entry.key === key);
  const optionId = (key: string) => `${baseId}-option-${indexOf(key)}`;
  const resultOption = (result: SearchResult, fromServer: boolean) => {
    const key = entryKey(result, fromServer);
    return (
      <ResultOption
        key={key}
        id={optionId(key)}
        result={result}
        active={key === activeKey}
        onHover={() => result.target && onHover(key)}
        onChoose={() => onChoose({ key, type: 'result', result })}
      />
    );
  };
  const serverHeaderId = `${baseId}-group-server`;

  return (
    <div id={listId} role="listbox" aria-label={t('search.results')} hidden={entries.length === 0}>
      {groups.map((group) => {
        const headerId = `${baseId}-group-${group.kind}`;
        return (
          <div key={group.kind} role="group" aria-labelledby={headerId} className="search-group">
            <div role="presentation" id={headerId} className="search-group-title">
              {t(`search.kind.${group.kind}`)}
            </div>
            {group.items.map((result) => resultOption(result, false))}
          </div>
        );
      })}
      {server.state !== 'none' && server.state !== 'offer' && (
        <div role="group" aria-labelledby={serverHeaderId} className="search-group search-group-server">
          <div role="presentation" id={serverHeaderId} className="search-group-title">
            {t('search.server.group')}
          </div>
          {server.state === 'done' && server.results.map((result) => resultOption(result, true))}
          {server.state !== 'done' || server.results.length === 0 ? (
            <div role="presentation" className="search-status">
              {server.state === 'loading'
                ? t('search.server.searching')
                : server.state === 'failed'
                  ? server.message
                  : t('search.server.none')}
            </div>
          ) : null}
        </div>
      )}
      {server.state === 'offer' && (
        <div
          id={optionId(SERVER_ACTION)}
          role="option"
          aria-selected={activeKey === SERVER_ACTION}
          className="search-option search-option-server"
          onMouseDown={(event) => event.preventDefault()}
          onMouseMove={() => onHover(SERVER_ACTION)}
          onClick={() => onChoose({ key: SERVER_ACTION, type: 'server-action' })}
        >
          <SearchIcon size={18} />
          <span className="search-option-text">
            <span className="search-option-title">{t('search.server.action')}</span>
            <span className="search-option-snippet">{t('search.server.hint')}</span>
          </span>
        </div>
      )}
    </div>
  );
}

function ResultOption({
  id,
  result,
  active,
  onHover,
  onChoose,
}: {
  id: string;
  result: SearchResult;
  active: boolean;
  onHover: () => void;
  onChoose: () => void;
}) {
  const { i18n } = useTranslation();
  const Icon = kindIcons[result.kind];
  return (
    <div
      id={id}
      role="option"
      aria-selected={active}
      aria-disabled={result.target ? undefined : true}
      className="search-option"
      onMouseDown={(event) => event.preventDefault()}
      onMouseMove={onHover}
      onClick={onChoose}
    >
      <Icon size={18} />
      <span className="search-option-text">
        <span className="search-option-title">{result.title}</span>
        {result.snippet && <span className="search-option-snippet">{result.snippet}</span>}
      </span>
      {result.at && <span className="search-option-date">{formatShortDate(result.at, i18n.language)}</span>}
    </div>
  );
}
