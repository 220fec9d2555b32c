// Files on servers, in a file's detail: download, new version, lock/unlock and the list of versions (uploads
// into a folder are staged and queued, DropZone.tsx). A new version that crossed someone else's edit is kept
// beside it by the core: the notice says so, with the name of the copy.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo, FileEntry } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { call, subscribe, toErrorInfo } from '../../ui/api';
import { formatMediumDateTime } from '../../ui/format';
import { LockIcon } from '../../ui/icons';
import { useQuery } from '../../ui/useQuery';

/** A file's bytes as base64, in chunks (a spread of a whole large file would overflow the stack). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

function saveToDisk(name: string, mimeType: string | null, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType ?? 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

type Notice = { kind: 'info' | 'conflict'; text: string } | { kind: 'error'; error: ErrorInfo };

function NoticeView({ notice }: { notice: Notice | null }) {
  const { t } = useTranslation();
  if (!notice) return null;
  if (notice.kind === 'error') {
    return (
      <p className="files-notice files-notice-error" role="alert">
        {errorMessage(t, notice.error)}
      </p>
    );
  }
  return (
    <p className={`files-notice files-notice-${notice.kind}`} role={notice.kind === 'conflict' ? 'alert' : 'status'}>
      {notice.text}
    </p>
  );
}

/** A hidden file input behind a button; `onFile` gets the chosen file. */
function FilePicker({ label, onFile, disabled }: { label: string; onFile: (file: File) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="button" disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        aria-label={label}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}

/** Versions, lock and content of a file kept on a server; nothing for files the core cannot reach. */
export function FileVersionsPanel({ file, onChanged }: { file: FileEntry; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const versions = useQuery('files:versions', { id: file.id });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const { refresh } = versions;

  useEffect(
    () =>
      subscribe('files:changed', ({ accountId }) => {
        if (accountId === file.accountId) refresh();
      }),
    [file.accountId, refresh],
  );

  if (!versions.data) return null;
  const { lockedBy } = versions.data;

  const run = async (work: () => Promise<Notice | null>) => {
    setBusy(true);
    try {
      setNotice(await work());
      refresh();
      onChanged();
    } catch (error) {
      setNotice({ kind: 'error', error: toErrorInfo(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="file-versions">
      <div className="file-actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            run(async () => {
              const content = await call('files:download', { id: file.id });
              saveToDisk(content.name, content.mimeType, content.data);
              return null;
            })
          }
        >
          {t('files.download')}
        </button>
        <FilePicker
          label={t('files.newVersion')}
          disabled={busy}
          onFile={(chosen) =>
            run(async () => {
              const result = await call('files:saveVersion', {
                id: file.id,
                ...(chosen.type && { mimeType: chosen.type }),
                data: await base64Of(chosen),
              });
              return result.status === 'conflict'
                ? { kind: 'conflict', text: t('files.conflict', { name: file.name, kept: result.keptAs.name }) }
                : { kind: 'info', text: t('files.versionSaved', { name: file.name }) };
            })
          }
        />
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            run(async () => {
              await call('files:lock', { id: file.id, locked: lockedBy === null });
              return null;
            })
          }
        >
          {lockedBy === null ? t('files.lock') : t('files.unlock')}
        </button>
      </div>
      {lockedBy !== null && (
        <p className="file-lock">
          <LockIcon size={14} /> {t('files.lockedBy', { who: lockedBy })}
        </p>
      )}
      <NoticeView notice={notice} />
      <h3 className="file-versions-title">{t('files.versions')}</h3>
      <ol className="file-versions-list" aria-label={t('files.versions')}>
        {versions.data.versions.map((version) => (
          <li key={version.version}>
            <span className="file-version-label">{t('files.versionLabel', { version: version.version })}</span>
            <span className="file-version-meta">
              {t('files.versionBy', {
                date: formatMediumDateTime(version.modifiedAt, i18n.language),
                who: version.modifiedBy ?? '—',
              })}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
