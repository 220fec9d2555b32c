import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { OutboxIcon } from '../../ui/icons';
import { useMailOffline } from './ConnectivityBar';
import { useOutboxView } from './OutboxDialog';

/** The outbox under the folder tree: it is local (not a server folder), so it opens its own view. */
export function OutboxEntry() {
  const { t } = useTranslation();
  const { queued, failed } = useMailOffline();
  const show = useOutboxView((s) => s.show);
  const waiting = queued + failed;
  return (
    <Button className="tree-row outbox-entry" onPress={show}>
      <span className="tree-chevron-spacer" />
      <OutboxIcon size={18} />
      <span className="tree-label">{t('outbox.title')}</span>
      {waiting > 0 && (
        <span className="count">
          <span aria-hidden="true">{waiting}</span>
          <span className="visually-hidden">, {t('outbox.waiting', { count: waiting })}</span>
        </span>
      )}
    </Button>
  );
}
