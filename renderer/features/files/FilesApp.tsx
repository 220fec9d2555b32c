import { useEffect } from 'react';
import { Cell, Column, ListBox, ListBoxItem, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { FileEntry } from '../../../preload/contract';
import { useNav, type FileCrumb } from '../../app/store';
import { call, subscribe } from '../../ui/api';
import { formatMediumDateTime, formatSize, localeOf } from '../../ui/format';
import { ChevronRightIcon, CloseIcon, FileIcon, FolderIcon, TeamsIcon } from '../../ui/icons';
import { Empty, QueryView } from '../../ui/states';
import { onlyKey } from '../../ui/selection';
import { useQuery } from '../../ui/useQuery';
import { FileVersionsPanel } from './FileActions';
import { DropZone, TransferList } from './DropZone';
import { FileSearch } from './FileSearch';
import { LocalCopyActions } from './LocalCopy';
import './documents.css';

/** The key of the personal library in the list of libraries (space ids never look like it). */
const mine = '#mine';

/** The folders from the root down to `entry` (included when it is a folder). */
async function trailTo(entry: FileEntry): Promise<FileCrumb[]> {
  const trail: FileCrumb[] = entry.kind === 'folder' ? [{ id: entry.id, name: entry.name }] : [];
  let parentId = entry.parentId;
  // Bounded: a broken back-end must not loop forever on a cycle.
  for (let depth = 0; parentId !== null && depth < 64; depth += 1) {
    const parent = await call('files:get', { id: parentId });
    trail.unshift({ id: parent.id, name: parent.name });
    parentId = parent.parentId;
  }
  return trail;
}

export function sortEntries(entries: readonly FileEntry[], locale: string): FileEntry[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  return entries.toSorted(
    (a, b) => Number(b.kind === 'folder') - Number(a.kind === 'folder') || collator.compare(a.name, b.name),
  );
}

export default function FilesApp() {
  const { t, i18n } = useTranslation();
  const { spaceId, trail, fileId, reveal } = useNav((s) => s.files);
  const { openFolder, selectFile, revealFile, selectFileScope } = useNav.getState();
  const spaces = useQuery('spaces:list', {});
  const folderId = trail[trail.length - 1]?.id ?? null;
  const entries = useQuery(
    'files:list',
    folderId === null && spaceId !== null ? { parentId: null, spaceId } : { parentId: folderId },
  );
  const selected = entries.data?.find((e) => e.id === fileId && e.kind === 'file');
  const refreshEntries = entries.refresh;
  // Servers push changes into the store: show them as they come.
  useEffect(() => subscribe('files:changed', () => refreshEntries()), [refreshEntries]);
  // The folder as the server has it now (the store answers meanwhile, and offline).
  useEffect(() => {
    const folder =
      folderId !== null ? { parentId: folderId } : { parentId: null, ...(spaceId !== null && { spaceId }) };
    void call('files:refresh', folder).catch(() => undefined);
  }, [folderId, spaceId]);
  const rootName = (spaceId !== null && spaces.data?.find((s) => s.id === spaceId)?.name) || t('files.mine');

  useEffect(() => {
    if (!reveal) return;
    let live = true;
    void call('files:get', { id: reveal })
      .then(async (entry) => {
        const path = await trailTo(entry);
        if (live) revealFile(entry.spaceId, path, entry.kind === 'file' ? entry.id : null);
      })
      .catch(() => live && revealFile(null, [], null));
    return () => {
      live = false;
    };
  }, [reveal, revealFile]);

  const folderName = trail[trail.length - 1]?.name ?? rootName;

  return (
    <div className="app app-files">
      <div className="app-header">
        <h1>{t('files.title')}</h1>
      </div>
      <div className="files-layout">
        <section className="pane list-pane" aria-labelledby="files-scopes-title">
          <h2 id="files-scopes-title" className="pane-title">
            {t('files.libraries')}
          </h2>
          <ListBox
            aria-label={t('files.libraries')}
            className="item-list"
            selectionMode="single"
            selectionBehavior="replace"
            disallowEmptySelection
            selectedKeys={[spaceId ?? mine]}
            onSelectionChange={(keys) => {
              const key = onlyKey(keys);
              if (key) selectFileScope(key === mine ? null : key);
            }}
          >
            <ListBoxItem id={mine} textValue={t('files.mine')} className="item">
              <FolderIcon size={18} />
              <span className="item-title">{t('files.mine')}</span>
            </ListBoxItem>
            {(spaces.data ?? []).map((space) => (
              <ListBoxItem key={space.id} id={space.id} textValue={space.name} className="item">
                <TeamsIcon size={18} />
                <span className="item-title">{space.name}</span>
              </ListBoxItem>
            ))}
          </ListBox>
        </section>
        <section className="pane files-pane" aria-labelledby="files-folder-title">
          <h2 id="files-folder-title" className="visually-hidden">
            {folderName}
          </h2>
          <nav className="breadcrumb" aria-label={t('files.location')}>
            <ol>
              {[{ id: null, name: rootName }, ...trail].map((crumb, index, all) => (
                <li key={crumb.id ?? 'root'}>
                  {index > 0 && <ChevronRightIcon size={14} className="breadcrumb-separator" />}
                  {index === all.length - 1 ? (
                    <span aria-current="location" className="breadcrumb-current">
                      {crumb.name}
                    </span>
                  ) : (
                    <button type="button" className="link-button" onClick={() => openFolder(trail.slice(0, index))}>
                      {crumb.name}
                    </button>
                  )}
                </li>
              ))}
            </ol>
          </nav>
          <FileSearch onOpen={(entry) => useNav.getState().open({ app: 'files', id: entry.id })} />
          <TransferList />
          <DropZone parentId={folderId} spaceId={spaceId} onQueued={refreshEntries}>
            <QueryView query={entries}>
              {(data) =>
                data.length === 0 ? (
                  <Empty>{t('files.empty')}</Empty>
                ) : (
                  <FileTable
                    label={t('files.tableLabel', { folder: folderName })}
                    entries={sortEntries(data, localeOf(i18n.language))}
                    selectedId={fileId}
                    onOpen={(entry) =>
                      entry.kind === 'folder'
                        ? openFolder([...trail, { id: entry.id, name: entry.name }])
                        : selectFile(entry.id)
                    }
                  />
                )
              }
            </QueryView>
          </DropZone>
        </section>
        {selected && (
          <section className="pane detail-panel" aria-labelledby="file-detail-title">
            <FileDetail file={selected} location={folderName} onClose={() => selectFile(null)} />
            <LocalCopyActions file={selected} onChanged={refreshEntries} />
            <FileVersionsPanel key={selected.id} file={selected} onChanged={refreshEntries} />
          </section>
        )}
      </div>
    </div>
  );
}

function FileTable({
  label,
  entries,
  selectedId,
  onOpen,
}: {
  label: string;
  entries: FileEntry[];
  selectedId: string | null;
  onOpen: (entry: FileEntry) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-scroll">
      <Table
        aria-label={label}
        className="table"
        onRowAction={(key) => {
          const entry = entries.find((e) => e.id === key);
          if (entry) onOpen(entry);
        }}
      >
        <TableHeader className="table-header">
          <Column isRowHeader className="table-column">
            {t('files.name')}
          </Column>
          <Column className="table-column">{t('files.modified')}</Column>
          <Column className="table-column">{t('files.modifiedBy')}</Column>
          <Column className="table-column table-column-end">{t('files.size')}</Column>
        </TableHeader>
        <TableBody items={entries} dependencies={[selectedId, i18n.language]} className="table-body">
          {(entry) => (
            <Row
              id={entry.id}
              className="table-row"
              data-current={entry.id === selectedId || undefined}
              textValue={entry.name}
            >
              <Cell className="table-cell">
                <span className="file-name">
                  {entry.kind === 'folder' ? <FolderIcon size={18} /> : <FileIcon size={18} />}
                  <span>{entry.name}</span>
                  {entry.delivery && <span className="file-state">{t(`files.delivery.${entry.delivery}`)}</span>}
                  {entry.local?.pinned && <span className="file-state">{t('files.offline')}</span>}
                  <span className="visually-hidden">
                    , {entry.kind === 'folder' ? t('files.folder') : t('files.file')}
                  </span>
                </span>
              </Cell>
              <Cell className="table-cell">
                <time dateTime={entry.modifiedAt}>{formatMediumDateTime(entry.modifiedAt, i18n.language)}</time>
              </Cell>
              <Cell className="table-cell">{entry.modifiedBy ?? '—'}</Cell>
              <Cell className="table-cell table-cell-end">
                {entry.kind === 'file' && entry.size !== null ? formatSize(entry.size, i18n.language) : '—'}
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </div>
  );
}

function FileDetail({ file, location, onClose }: { file: FileEntry; location: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="file-detail">
      <div className="detail-header">
        <FileIcon size={32} />
        <h2 id="file-detail-title" className="detail-title">
          {file.name}
        </h2>
        <button type="button" className="icon-button" aria-label={t('files.closeDetails')} onClick={onClose}>
          <CloseIcon size={18} />
        </button>
      </div>
      <dl className="properties">
        <div>
          <dt>{t('files.type')}</dt>
          <dd>{file.mimeType ?? t('files.unknownType')}</dd>
        </div>
        {file.size !== null && (
          <div>
            <dt>{t('files.size')}</dt>
            <dd>{formatSize(file.size, i18n.language)}</dd>
          </div>
        )}
        <div>
          <dt>{t('files.modified')}</dt>
          <dd>
            <time dateTime={file.modifiedAt}>{formatMediumDateTime(file.modifiedAt, i18n.language)}</time>
          </dd>
        </div>
        {file.modifiedBy && (
          <div>
            <dt>{t('files.modifiedBy')}</dt>
            <dd>{file.modifiedBy}</dd>
          </div>
        )}
        <div>
          <dt>{t('files.location')}</dt>
          <dd>{location}</dd>
        </div>
      </dl>
    </div>
  );
}
