import { Button, Menu, MenuItem, MenuTrigger, Popover, Toolbar, Separator } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { MailFolder, MailSummary } from '../../../preload/contract';
import { FlagIcon, FolderIcon, MailIcon, ReplyIcon, TrashIcon } from '../../ui/icons';
import { useComposer } from './composer-store';
import { useFolderName } from './FolderTree';
import type { MailAction } from './mail-actions';

/** Single-key shortcuts of the reader (outside text fields); Ctrl+Z undoes the last action. */
export const readerShortcuts = {
  reply: 'r',
  replyAll: 'a',
  forward: 'f',
  toggleRead: 'u',
  toggleFlag: 's',
  move: 'v',
  delete: 'Delete',
} as const;

export function MessageToolbar({
  message,
  folders,
  onAction,
  moveMenuOpen,
  onMoveMenuOpenChange,
}: {
  message: MailSummary;
  folders: readonly MailFolder[];
  onAction: (action: MailAction) => void;
  moveMenuOpen: boolean;
  onMoveMenuOpenChange: (open: boolean) => void;
}) {
  const { t } = useTranslation();
  const nameOf = useFolderName();
  const openComposer = useComposer((s) => s.openComposer);
  const ids = [message.id];
  const targets = folders.filter(
    (f) => f.accountId === message.accountId && f.id !== message.folderId && f.role !== 'outbox',
  );

  return (
    <Toolbar aria-label={t('mailReader.toolbar')} className="toolbar message-toolbar">
      <Button
        className="button"
        aria-keyshortcuts="R"
        onPress={() => openComposer({ mode: 'reply', messageId: message.id })}
      >
        <ReplyIcon size={16} />
        {t('mailReader.reply')}
      </Button>
      <Button
        className="button"
        aria-keyshortcuts="A"
        onPress={() => openComposer({ mode: 'replyAll', messageId: message.id })}
      >
        {t('mailReader.replyAll')}
      </Button>
      <Button
        className="button"
        aria-keyshortcuts="F"
        onPress={() => openComposer({ mode: 'forward', messageId: message.id })}
      >
        {t('mailReader.forward')}
      </Button>
      <Separator orientation="vertical" className="toolbar-separator" />
      <Button
        className="button"
        aria-keyshortcuts="U"
        onPress={() => onAction({ kind: 'read', ids, unread: !message.unread })}
      >
        <MailIcon size={16} />
        {message.unread ? t('mailReader.markRead') : t('mailReader.markUnread')}
      </Button>
      <Button
        className="button"
        aria-keyshortcuts="S"
        onPress={() => onAction({ kind: 'flag', ids, flagged: !message.flagged })}
      >
        <FlagIcon size={16} />
        {message.flagged ? t('mailReader.unflag') : t('mailReader.flag')}
      </Button>
      <MenuTrigger isOpen={moveMenuOpen} onOpenChange={onMoveMenuOpenChange}>
        <Button className="button" aria-keyshortcuts="V" isDisabled={targets.length === 0}>
          <FolderIcon size={16} />
          {t('mailReader.move')}
        </Button>
        <Popover placement="bottom start" className="popover">
          <Menu
            className="menu"
            aria-label={t('mailReader.moveTo')}
            onAction={(key) => {
              const folder = targets.find((f) => f.id === key);
              if (folder) onAction({ kind: 'move', ids, folderId: folder.id, folderName: nameOf(folder) });
            }}
          >
            {targets.map((folder) => (
              <MenuItem key={folder.id} id={folder.id} className="menu-item" textValue={nameOf(folder)}>
                <span className="menu-item-label">{nameOf(folder)}</span>
              </MenuItem>
            ))}
          </Menu>
        </Popover>
      </MenuTrigger>
      <Button className="button" aria-keyshortcuts="Delete" onPress={() => onAction({ kind: 'delete', ids })}>
        <TrashIcon size={16} />
        {t('mailReader.delete')}
      </Button>
    </Toolbar>
  );
}
