// Drag-and-drop uploads into the folder on screen, and the transfers of this session with their progress.
import { useEffect, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo, FileTransfer } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { call, subscribe, toErrorInfo } from '../../ui/api';
import { formatSize } from '../../ui/format';
import { uploadFile } from './transfer';

const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

export function DropZone({
  parentId,
  spaceId,
  onQueued,
  children,
}: {
  parentId: string | null;
  spaceId: string | null;
  onQueued: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const [staging, setStaging] = useState<{ name: string; done: number; total: number } | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const drop = async (files: File[]) => {
    setError(null);
    for (const file of files) {
      try {
        setStaging({ name: file.name, done: 0, total: file.size });
        await uploadFile(file, { parentId, spaceId }, (done, total) => setStaging({ name: file.name, done, total }));
        onQueued();
      } catch (failure) {
        setError(toErrorInfo(failure));
      }
    }
    setStaging(null);
  };

  return (
    <div
      className="drop-zone"
      data-over={over || undefined}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setOver(false);
        void drop([...event.dataTransfer.files]);
      }}
    >
      {children}
      {over && (
        <div className="drop-hint" aria-hidden="true">
          {t('files.dropHere')}
        </div>
      )}
      <label className="button drop-pick">
        {t('files.uploadFiles')}
        <input
          type="file"
          multiple
          className="visually-hidden"
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            event.currentTarget.value = '';
            void drop(files);
          }}
        />
      </label>
      {staging && (
        <p className="transfer" role="status">
          {t('files.preparing', { name: staging.name })}
          <progress value={staging.done} max={staging.total || 1} />
        </p>
      )}
      {error && (
        <p className="files-notice files-notice-error" role="alert">
          {errorMessage(t, error)}
        </p>
      )}
    </div>
  );
}

/** Uploads and downloads of this session, live. */
export function TransferList() {
  const { t, i18n } = useTranslation();
  const [transfers, setTransfers] = useState<Map<string, FileTransfer>>(new Map());

  useEffect(() => {
    let live = true;
    call('files:transfers').then(
      (list) => live && Array.isArray(list) && setTransfers(new Map(list.map((transfer) => [transfer.id, transfer]))),
      () => undefined,
    );
    const stop = subscribe('files:transfer', (transfer) =>
      setTransfers((current) => new Map(current).set(transfer.id, transfer)),
    );
    return () => {
      live = false;
      stop();
    };
  }, []);

  const shown = [...transfers.values()].filter(
    (transfer) => transfer.direction === 'upload' || transfer.state !== 'done',
  );
  if (shown.length === 0) return null;
  return (
    <section className="transfers" aria-label={t('files.transfers')}>
      <ul>
        {shown.slice(-5).map((transfer) => (
          <li key={transfer.id} className="transfer" data-state={transfer.state}>
            <span className="transfer-name">{transfer.name}</span>
            {transfer.state === 'running' && (
              <progress
                value={transfer.done}
                max={transfer.total || 1}
                aria-label={t('files.progressOf', { name: transfer.name })}
              />
            )}
            <span className="transfer-state">
              {transfer.error?.code === 'files.conflict'
                ? t('files.conflict', {
                    name: transfer.error.params?.name ?? transfer.name,
                    kept: transfer.error.params?.keptAs ?? '',
                  })
                : transfer.error
                  ? errorMessage(t, transfer.error)
                  : t(`files.transferState.${transfer.state}`, {
                      done: formatSize(transfer.done, i18n.language),
                      total: formatSize(transfer.total, i18n.language),
                    })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
