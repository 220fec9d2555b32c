import type { TFunction } from 'i18next';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../i18n';
import { CloseIcon } from '../../ui/icons';
import type { MailAction, ToastState } from './mail-actions';

function describe(t: TFunction, action: MailAction): string {
  const count = action.ids.length;
  switch (action.kind) {
    case 'read':
      return t(action.unread ? 'mailReader.toast.markedUnread' : 'mailReader.toast.markedRead', { count });
    case 'flag':
      return t(action.flagged ? 'mailReader.toast.flagged' : 'mailReader.toast.unflagged', { count });
    case 'move':
      return t('mailReader.toast.moved', { count, folder: action.folderName });
    case 'delete':
      return t('mailReader.toast.deleted', { count });
  }
}

/** What the last action did, with its undo; errors (a refused action, an expired undo) in words. */
export function UndoToast({
  toast,
  onUndo,
  onDismiss,
}: {
  toast: ToastState | null;
  onUndo: (undoId: string) => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  // The live region stays mounted so that screen readers announce what appears in it.
  return (
    <div className="undo-toast-region" role="status" aria-live="polite">
      {toast && (
        <div className="undo-toast" data-kind={toast.kind}>
          <span className="undo-toast-text">
            {toast.kind === 'done' && describe(t, toast.action)}
            {toast.kind === 'undone' && t('mailReader.toast.undone')}
            {toast.kind === 'error' && errorMessage(t, toast.error)}
          </span>
          {toast.kind === 'done' && toast.undoId !== null && (
            <Button className="button" onPress={() => onUndo(toast.undoId!)} aria-keyshortcuts="Control+Z">
              {t('mailReader.toast.undo')}
            </Button>
          )}
          <Button className="icon-button" aria-label={t('mailReader.toast.dismiss')} onPress={onDismiss}>
            <CloseIcon size={16} />
          </Button>
        </div>
      )}
    </div>
  );
}
