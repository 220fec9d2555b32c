import { useTranslation } from 'react-i18next';
import type { MailFolder, MailMessage } from '../../../preload/contract';
import { FlagIcon } from '../../ui/icons';
import { ConversationView } from './ConversationView';
import type { MailAction } from './mail-actions';
import { MessageToolbar } from './MessageToolbar';

export function ReadingPane({
  message,
  folders,
  onAction,
  onChanged,
  moveMenuOpen,
  onMoveMenuOpenChange,
}: {
  message: MailMessage;
  folders: readonly MailFolder[];
  onAction: (action: MailAction) => void;
  onChanged: () => void;
  moveMenuOpen: boolean;
  onMoveMenuOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <article className="reading" aria-labelledby="reading-subject">
      <h2 id="reading-subject" className="reading-subject">
        {message.subject || t('mail.noSubject')}
        {message.flagged && (
          <FlagIcon size={18} className="flag" role="img" aria-hidden={false} aria-label={t('mail.flagged')} />
        )}
      </h2>
      <MessageToolbar
        message={message}
        folders={folders}
        onAction={onAction}
        moveMenuOpen={moveMenuOpen}
        onMoveMenuOpenChange={onMoveMenuOpenChange}
      />
      <ConversationView message={message} onChanged={onChanged} />
    </article>
  );
}
