import { useCallback, useEffect, useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo, OutboxItem } from '../../../preload/contract';
import { errorMessage } from '../../i18n';
import { call, subscribe, toErrorInfo } from '../../ui/api';
import { CloseIcon } from '../../ui/icons';
import { Empty, QueryView } from '../../ui/states';
import { useQuery } from '../../ui/useQuery';
import { create } from 'zustand';
import { useComposer } from './composer-store';

interface OutboxViewState {
  open: boolean;
  show(): void;
  hide(): void;
}

/** Whether the outbox is on screen (opened from the folder tree or from the status bar). */
export const useOutboxView = create<OutboxViewState>()((set) => ({
  open: false,
  show: () => set({ open: true }),
  hide: () => set({ open: false }),
}));

export function OutboxDialog() {
  const { t } = useTranslation();
  const open = useOutboxView((s) => s.open);
  const hide = useOutboxView((s) => s.hide);
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={open}
      onOpenChange={(isOpen) => (isOpen ? undefined : hide())}
      isDismissable
    >
      <Modal className="modal outbox-modal">
        <Dialog className="dialog">
          <div className="dialog-header">
            <Heading slot="title" className="dialog-title">
              {t('outbox.title')}
            </Heading>
            <Button slot="close" className="icon-button" aria-label={t('common.close')}>
              <CloseIcon size={18} />
            </Button>
          </div>
          <OutboxList onEdit={hide} />
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}

/** The mails waiting to be sent; failed ones say why, and can be tried again or taken back to be changed. */
export function OutboxList({ onEdit }: { onEdit?: () => void }) {
  const { t } = useTranslation();
  const items = useQuery('outbox:list', {});
  const { refresh } = items;
  const openComposer = useComposer((s) => s.openComposer);
  const [actionError, setActionError] = useState<ErrorInfo | null>(null);

  useEffect(() => subscribe('outbox:changed', () => refresh()), [refresh]);

  const act = useCallback(
    async (action: () => Promise<void>) => {
      setActionError(null);
      try {
        await action();
      } catch (error) {
        setActionError(toErrorInfo(error));
      }
      refresh();
    },
    [refresh],
  );

  const retry = (item: OutboxItem) =>
    act(async () => {
      await call('outbox:retry', { id: item.id });
    });
  const edit = (item: OutboxItem) =>
    act(async () => {
      const draft = await call('outbox:cancel', { id: item.id });
      onEdit?.();
      openComposer({ mode: 'draft', draftId: draft.id });
    });

  return (
    <>
      {actionError && (
        <p className="state state-error" role="alert">
          {errorMessage(t, actionError)}
        </p>
      )}
      <QueryView query={items}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('outbox.empty')}</Empty>
          ) : (
            <ul className="outbox-list" aria-label={t('outbox.list')}>
              {list.map((item) => {
                const subject = item.subject || t('mail.noSubject');
                return (
                  <li key={item.id} className="outbox-item" data-state={item.state}>
                    <div className="outbox-item-text">
                      <strong>{subject}</strong>
                      <span>{t('outbox.to', { recipients: item.to.map((r) => r.address).join(', ') })}</span>
                      <span className="outbox-item-state">{t(`outbox.states.${item.state}`)}</span>
                      {item.error && <span className="outbox-item-error">{errorMessage(t, item.error)}</span>}
                    </div>
                    {item.state !== 'sending' && (
                      <div className="outbox-item-actions">
                        <Button
                          className="button"
                          aria-label={t('outbox.retryLabel', { subject })}
                          onPress={() => void retry(item)}
                        >
                          {t('outbox.retry')}
                        </Button>
                        <Button
                          className="button"
                          aria-label={t('outbox.editLabel', { subject })}
                          onPress={() => void edit(item)}
                        >
                          {t('outbox.edit')}
                        </Button>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryView>
    </>
  );
}
