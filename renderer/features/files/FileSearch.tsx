// Search by name: the servers that index names answer, the local copy otherwise (offline too).
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileEntry } from '../../../preload/contract';
import { call } from '../../ui/api';
import { FileIcon, FolderIcon } from '../../ui/icons';
import { useDebounced } from '../../ui/useDebounced';

export function FileSearch({ onOpen }: { onOpen: (entry: FileEntry) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 250);
  const [results, setResults] = useState<FileEntry[] | null>(null);

  useEffect(() => {
    if (query.length < 2) return;
    let live = true;
    call('files:search', { q: query, limit: 20 }).then(
      (found) => live && setResults(found ?? []),
      () => live && setResults([]),
    );
    return () => {
      live = false;
    };
  }, [query]);

  const shown = query.length >= 2 && text.trim() !== '' ? results : null;
  return (
    <div className="file-search" role="search">
      <label htmlFor={id} className="visually-hidden">
        {t('files.searchLabel')}
      </label>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={t('files.searchPlaceholder')}
        onChange={(event) => setText(event.target.value)}
      />
      {shown && (
        <ul className="file-search-results" aria-label={t('files.searchResults')}>
          {shown.length === 0 && <li className="muted">{t('files.searchNone')}</li>}
          {shown.map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setText('');
                  onOpen(entry);
                }}
              >
                {entry.kind === 'folder' ? <FolderIcon size={16} /> : <FileIcon size={16} />} {entry.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
