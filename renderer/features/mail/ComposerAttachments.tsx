// The draft's files: each with its size, its staging progress while it travels to the core, a remove button, and
// for large files on servers that host them, the "send as a link" choice (forced above the policy's limit).
import { useTranslation } from 'react-i18next';
import type { AttachmentPolicy, ErrorInfo } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { formatSize } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';

/** A file of the draft: saved (id), staged and waiting for the next save (stagingId), or still being staged. */
export interface AttachmentItem {
  key: string;
  name: string;
  size: number;
  mimeType?: string;
  id?: string;
  stagingId?: string;
  /** Bytes handed to the core so far, while staging. */
  staged?: number;
  error?: ErrorInfo;
  sendAsLink: boolean;
}

export type LinkChoice = 'none' | 'offer' | 'forced';

export function linkChoiceFor(policy: AttachmentPolicy | null, size: number): LinkChoice {
  if (!policy?.linksAvailable) return 'none';
  if (policy.forceAboveBytes !== null && size > policy.forceAboveBytes) return 'forced';
  if (policy.offerAboveBytes !== null && size > policy.offerAboveBytes) return 'offer';
  return 'none';
}

export function ComposerAttachments({
  items,
  policy,
  onRemove,
  onSendAsLink,
}: {
  items: readonly AttachmentItem[];
  policy: AttachmentPolicy | null;
  onRemove: (key: string) => void;
  onSendAsLink: (key: string, asLink: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return null;
  return (
    <ul className="composer-attachments" aria-label={t('composer.attachments')}>
      {items.map((item) => {
        const choice = linkChoiceFor(policy, item.size);
        const staging = item.staged !== undefined && item.stagingId === undefined && item.id === undefined;
        return (
          <li key={item.key} className="composer-attachment" data-failed={item.error ? true : undefined}>
            <span className="composer-attachment-name">{item.name}</span>
            <span className="muted">{formatSize(item.size, i18n.language)}</span>
            {staging && !item.error && (
              <progress
                value={item.staged}
                max={item.size || 1}
                aria-label={t('composer.attachmentProgress', { name: item.name })}
              />
            )}
            {choice !== 'none' && (
              <label className="composer-link-choice">
                <input
                  type="checkbox"
                  checked={choice === 'forced' || item.sendAsLink}
                  disabled={choice === 'forced'}
                  onChange={(event) => onSendAsLink(item.key, event.currentTarget.checked)}
                />
                {t('composer.sendAsLink')}
                {choice === 'forced' && <span className="muted"> {t('composer.linkForced')}</span>}
              </label>
            )}
            {item.error && (
              <span className="composer-attachment-error" role="alert">
                {errorMessage(t, item.error)}
              </span>
            )}
            <button
              type="button"
              className="icon-button"
              aria-label={t('composer.removeAttachment', { name: item.name })}
              onClick={() => onRemove(item.key)}
            >
              <CloseIcon size={14} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
