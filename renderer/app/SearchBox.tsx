import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchResult } from '../../preload/contract';
import { errorMessage } from '../i18n';
import { CloseIcon, SearchIcon } from '../ui/icons';
import { useDebounced } from '../ui/useDebounced';
import { useQuery } from '../ui/useQuery';
import { SERVER_ACTION, SearchResultsList, entryKey, groupResults, type Entry, type ServerPart } from './SearchResults';
import { useNav } from './store';

export const searchInputId = 'global-search';

/**
 * One search box for everything: a combobox whose popup lists local results grouped by kind (the store's
 * full-text index: works offline), and last an explicit "search on the server" for older mail.
 */
export function SearchBox() {
  const { t } = useTranslation();
  const open = useNav((s) => s.open);
  const baseId = useId();
  const listId = `${baseId}-results`;
  const container = useRef<HTMLDivElement>(null);
  const [text, setText] = useState('');
  const [expanded, setExpanded] = useState(false);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [serverQuery, setServerQuery] = useState<string | null>(null);

  const q = useDebounced(text.trim(), 180);
  const search = useQuery('search:query', q ? { q, limit: 30 } : null);
  const askedServer = serverQuery !== null && serverQuery === q;
  const onServer = useQuery('search:server', askedServer ? { q, limit: 30 } : null);
  const groups = useMemo(() => groupResults(search.data ?? []), [search.data]);

  const settled = q !== '' && q === text.trim() && search.status !== 'loading';
  const server: ServerPart = !settled
    ? { state: 'none' }
    : !askedServer
      ? { state: 'offer' }
      : onServer.status === 'error' && onServer.error
        ? { state: 'failed', message: errorMessage(t, onServer.error) }
        : onServer.status === 'ready'
          ? { state: 'done', results: onServer.data ?? [] }
          : { state: 'loading' };

  const local = groups.flatMap((g) => g.items).map((result) => toEntry(result, false));
  const entries: Entry[] =
    server.state === 'offer'
      ? [...local, { key: SERVER_ACTION, type: 'server-action' }]
      : server.state === 'done'
        ? [...local, ...server.results.map((result) => toEntry(result, true))]
        : local;
  const openable = entries.filter((entry) => entry.type === 'server-action' || entry.result.target);
  const localCount = search.data?.length ?? 0;
  const activeIndex = entries.findIndex((entry) => entry.key === activeKey);
  const showPopup = expanded && text.trim() !== '';

  function choose(entry: Entry) {
    if (entry.type === 'server-action') {
      setServerQuery(q);
      setActiveKey(null);
      return;
    }
    if (!entry.result.target) return;
    open(entry.result.target);
    setExpanded(false);
    document.getElementById('content')?.focus();
  }

  /** Moves the active option, skipping results that lead nowhere (people without a conversation). */
  function move(delta: number) {
    if (openable.length === 0) return;
    const at = openable.findIndex((entry) => entry.key === activeKey);
    const nextAt = at < 0 ? (delta > 0 ? 0 : openable.length - 1) : (at + delta + openable.length) % openable.length;
    const next = openable[nextAt]!;
    setActiveKey(next.key);
    document.getElementById(`${baseId}-option-${entries.indexOf(next)}`)?.scrollIntoView({ block: 'nearest' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        setExpanded(true);
        move(event.key === 'ArrowDown' ? 1 : -1);
        break;
      case 'Enter': {
        const results = openable.filter((entry) => entry.type === 'result');
        const entry = entries[activeIndex] ?? (results.length === 1 ? results[0] : undefined);
        if (entry) {
          event.preventDefault();
          choose(entry);
        }
        break;
      }
      case 'Escape':
        event.preventDefault();
        if (showPopup) setExpanded(false);
        else setText('');
        break;
    }
  }

  const status = !q
    ? ''
    : server.state === 'loading'
      ? t('search.server.searching')
      : server.state === 'failed'
        ? server.message
        : server.state === 'done'
          ? t('search.server.count', { count: server.results.length })
          : search.status === 'loading' || q !== text.trim()
            ? t('search.searching')
            : search.status === 'error' && search.error
              ? errorMessage(t, search.error)
              : localCount === 0
                ? t('search.noResults', { q })
                : t('search.count', { count: localCount });

  return (
    <div
      className="search"
      role="search"
      ref={container}
      onBlur={(event) => {
        if (!container.current?.contains(event.relatedTarget as Node | null)) setExpanded(false);
      }}
    >
      <label htmlFor={searchInputId} className="visually-hidden">
        {t('search.label')}
      </label>
      <SearchIcon className="search-icon" size={18} />
      <input
        id={searchInputId}
        className="search-input"
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('search.placeholder')}
        aria-keyshortcuts="Control+E Control+K"
        aria-autocomplete="list"
        aria-expanded={showPopup}
        aria-controls={listId}
        aria-activedescendant={showPopup && activeIndex >= 0 ? `${baseId}-option-${activeIndex}` : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setExpanded(true);
          setActiveKey(null);
        }}
        onFocus={() => setExpanded(true)}
        onKeyDown={onKeyDown}
      />
      {text && (
        <button
          type="button"
          className="search-clear icon-button"
          aria-label={t('search.clear')}
          onClick={() => {
            setText('');
            document.getElementById(searchInputId)?.focus();
          }}
        >
          <CloseIcon size={16} />
        </button>
      )}
      <div className="visually-hidden" role="status">
        {showPopup ? status : ''}
      </div>
      <div className="search-popup" hidden={!showPopup}>
        {localCount === 0 && server.state !== 'done' && (
          <div className="search-status" aria-hidden="true">
            {search.status === 'loading' || q !== text.trim() ? t('search.searching') : status}
          </div>
        )}
        <SearchResultsList
          listId={listId}
          baseId={baseId}
          groups={groups}
          server={server}
          entries={entries}
          activeKey={activeKey}
          onHover={setActiveKey}
          onChoose={choose}
        />
      </div>
    </div>
  );
}

function toEntry(result: SearchResult, fromServer: boolean): Entry {
  return { key: entryKey(result, fromServer), type: 'result', result };
}
