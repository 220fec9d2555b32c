import { Button, Tree, TreeItem, TreeItemContent } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { FolderRole, MailFolder } from '../../../preload/contract';
import { localeOf } from '../../ui/format';
import {
  ArchiveIcon,
  ChevronRightIcon,
  DraftIcon,
  FolderIcon,
  InboxIcon,
  JunkIcon,
  OutboxIcon,
  SentIcon,
  TrashIcon,
} from '../../ui/icons';
import { onlyKey } from '../../ui/selection';
import { buildFolderTree, type FolderNode } from './folders';
import { OutboxEntry } from './OutboxEntry';

const roleIcons: Record<FolderRole, typeof FolderIcon> = {
  inbox: InboxIcon,
  drafts: DraftIcon,
  sent: SentIcon,
  trash: TrashIcon,
  junk: JunkIcon,
  archive: ArchiveIcon,
  outbox: OutboxIcon,
};

export function useFolderName(): (folder: MailFolder) => string {
  const { t } = useTranslation();
  return (folder) => (folder.role ? t(`mail.roles.${folder.role}`) : folder.name);
}

export function FolderTree({
  folders,
  selectedId,
  onSelect,
}: {
  folders: MailFolder[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const nameOf = useFolderName();
  const tree = buildFolderTree(folders, localeOf(i18n.language));

  const renderNode = (node: FolderNode) => {
    const { folder } = node;
    const Icon = folder.role ? roleIcons[folder.role] : FolderIcon;
    const name = nameOf(folder);
    return (
      <TreeItem key={folder.id} id={folder.id} textValue={name} className="tree-item">
        <TreeItemContent>
          {({ hasChildItems }) => (
            <div className="tree-row">
              {hasChildItems ? (
                <Button slot="chevron" className="tree-chevron" aria-label={t('mail.toggleFolder', { name })}>
                  <ChevronRightIcon size={14} />
                </Button>
              ) : (
                <span className="tree-chevron-spacer" />
              )}
              <Icon size={18} />
              <span className="tree-label">{name}</span>
              {folder.unread > 0 && (
                <span className="count">
                  <span aria-hidden="true">{folder.unread}</span>
                  <span className="visually-hidden">, {t('mail.unreadCount', { count: folder.unread })}</span>
                </span>
              )}
            </div>
          )}
        </TreeItemContent>
        {node.children.map(renderNode)}
      </TreeItem>
    );
  };

  return (
    <>
      <Tree
        aria-label={t('mail.folders')}
        className="tree"
        selectionMode="single"
        selectionBehavior="replace"
        disallowEmptySelection
        selectedKeys={selectedId ? [selectedId] : []}
        onSelectionChange={(keys) => {
          const id = onlyKey(keys);
          if (id) onSelect(id);
        }}
        defaultExpandedKeys={folders.map((f) => f.id)}
      >
        {tree.map(renderNode)}
      </Tree>
      <OutboxEntry />
    </>
  );
}
