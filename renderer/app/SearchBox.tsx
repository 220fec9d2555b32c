import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchKind, SearchResult } from '../../preload/contract';
import { errorMessage } from '../i18n';
import { formatShortDate } from '../ui/format';
import { CalendarIcon, ChatIcon, CloseIcon, FileIcon, MailIcon, PersonIcon, PostIcon, SearchIcon } from '../ui/icons';
import { useDebounced } from '../ui/useDebounced';
import { useQuery } from '../ui/useQuery';
import { useNav } from './store';

export const searchInputId = 'global-search';

const kindOrder: readonly SearchKind[] = ['person', 'mail', 'chat', 'post', 'file', 'event'];

const kindIcons = {
  person: PersonIcon,
  mail: MailIcon,
  chat: ChatIcon,
  post: PostIcon,
  file: FileIcon,
  event: CalendarIcon,
} satisfies Record<SearchKind, unknown>;

interface Group {
  kind: SearchKind;
  items: SearchResult[];
}

export function groupResults(results: readonly SearchResult[]): Group[] {
  return kindOrder
    .map((kind) => ({ kind, items: results.filter((r) => r.kind === kind) }))
    .filter((g) => g.items.length > 0);
}

/** One search box for everything: a combobox whose popup lists results grouped by kind. */
export function SearchBox() {
  const { t, i18n } = useTranslation();
  const open = useNav((s) => s.open);
  const baseId = useId();
  const listId = `${baseId}-results`;
  const container = useRef<HTMLDivElement>(null);
  const [text, setText] = useState('');
  const [expanded, setExpanded] = useState(false);
  const [activeKey, setActiveKey] = useState<string | null>(null);

  const q = useDebounced(text.trim(), 180);
  const search = useQuery('search:query', q ? { q, limit: 30 } : null);
  const groups = useMemo(() => groupResults(search.data ?? []), [search.data]);
  const flat = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const keyOf = (r: SearchResult) => `${r.kind}:${r.id}`;
  const activeIndex = flat.findIndex((r) => keyOf(r) === activeKey);
  const showPopup = expanded && text.trim() !== '';
  const optionId = (index: number) => `${baseId}-option-${index}`;

  function choose(result: SearchResult) {
    if (!result.target) return;
    open(result.target);
    setExpanded(false);
    document.getElementById('content')?.focus();
  }

  /** Moves the active option, skipping results that lead nowhere (people without a conversation). */
  function move(delta: number) {
    const openable = flat.map((r, i) => (r.target ? i : -1)).filter((i) => i >= 0);
    if (openable.length === 0) return;
    const at = openable.indexOf(activeIndex);
    const nextAt = at < 0 ? (delta > 0 ? 0 : openable.length - 1) : (at + delta + openable.length) % openable.length;
    const next = openable[nextAt]!;
    setActiveKey(keyOf(flat[next]!));
    document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
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
        const openable = flat.filter((r) => r.target);
        const result = flat[activeIndex] ?? (openable.length === 1 ? openable[0] : undefined);
        if (result) {
          event.preventDefault();
          choose(result);
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
    : search.status === 'loading' || q !== text.trim()
      ? t('search.searching')
      : search.status === 'error' && search.error
        ? errorMessage(t, search.error)
        : flat.length === 0
          ? t('search.noResults', { q })
          : t('search.count', { count: flat.length });

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
        aria-activedescendant={showPopup && activeIndex >= 0 ? optionId(activeIndex) : undefined}
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
        {flat.length === 0 && (
          <div className="search-status" aria-hidden="true">
            {status}
          </div>
        )}
        <div id={listId} role="listbox" aria-label={t('search.results')} hidden={flat.length === 0}>
          {groups.map((group) => {
            const headerId = `${baseId}-group-${group.kind}`;
            const Icon = kindIcons[group.kind];
            return (
              <div key={group.kind} role="group" aria-labelledby={headerId} className="search-group">
                <div role="presentation" id={headerId} className="search-group-title">
                  {t(`search.kind.${group.kind}`)}
                </div>
                {group.items.map((result) => {
                  const current = flat.indexOf(result);
                  return (
                    <div
                      key={keyOf(result)}
                      id={optionId(current)}
                      role="option"
                      aria-selected={current === activeIndex}
                      aria-disabled={result.target ? undefined : true}
                      className="search-option"
                      onMouseDown={(event) => event.preventDefault()}
                      onMouseMove={() => result.target && setActiveKey(keyOf(result))}
                      onClick={() => choose(result)}
                    >
                      <Icon size={18} />
                      <span className="search-option-text">
                        <span className="search-option-title">{result.title}</span>
                        {result.snippet && <span className="search-option-snippet">{result.snippet}</span>}
                      </span>
                      {result.at && (
                        <span className="search-option-date">{formatShortDate(result.at, i18n.language)}</span>
                      )}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
