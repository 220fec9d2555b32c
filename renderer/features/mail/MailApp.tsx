import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailSummary } from '../../../preload/contract';
import { useBadges } from '../../app/badges';
import { useNav } from '../../app/store';
import { call, subscribe } from '../../ui/api';
import { Empty, QueryView } from '../../ui/states';
import { useQuery } from '../../ui/useQuery';
import { defaultFolder } from './folders';
import { FolderTree, useFolderName } from './FolderTree';
import { MessageList } from './MessageList';
import { ReadingPane } from './ReadingPane';

const pageSize = 100;

export default function MailApp() {
  const { t } = useTranslation();
  const nav = useNav((s) => s.mail);
  const selectMailFolder = useNav((s) => s.selectMailFolder);
  const selectMessage = useNav((s) => s.selectMessage);
  const nameOf = useFolderName();

  const folders = useQuery('mail:folders', {});
  const folderId = nav.folderId ?? defaultFolder(folders.data ?? [])?.id ?? null;
  const folder = folders.data?.find((f) => f.id === folderId);
  const list = useQuery('mail:list', folderId ? { folderId, offset: 0, limit: pageSize } : null);
  const message = useQuery('mail:get', nav.messageId ? { id: nav.messageId } : null);

  const { refresh: refreshFolders } = folders;
  const { refresh: refreshList, mutate: mutateList } = list;
  const { mutate: mutateMessage } = message;

  useEffect(() => {
    return subscribe('mail:changed', () => {
      refreshFolders();
      refreshList();
    });
  }, [refreshFolders, refreshList]);

  // A deep link may name a message without its folder: follow the message to where it lives.
  const opened = message.data;
  useEffect(() => {
    if (opened && opened.folderId !== nav.folderId) selectMessage(opened.id, opened.folderId);
  }, [opened, nav.folderId, selectMessage]);

  // Opening an unread message marks it read: the row at once, the counts from the core.
  useEffect(() => {
    if (!opened?.unread) return;
    let live = true;
    call('mail:setFlags', { ids: [opened.id], unread: false })
      .then(() => {
        if (!live) return;
        const markRead = <T extends MailSummary>(m: T): T => (m.id === opened.id ? { ...m, unread: false } : m);
        mutateMessage((m) => markRead(m));
        mutateList((page) => ({ ...page, items: page.items.map(markRead) }));
        refreshFolders();
        void useBadges.getState().refresh();
      })
      // Still unread on the server: it stays bold, which is the truth; nothing else to tell the user.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [opened, refreshFolders, mutateList, mutateMessage]);

  const loadingMore = useRef(false);
  const loadMore = useCallback(() => {
    const loaded = list.data?.items.length ?? 0;
    if (!folderId || loadingMore.current) return;
    loadingMore.current = true;
    void call('mail:list', { folderId, offset: loaded, limit: pageSize })
      .then((next) => mutateList((page) => ({ items: [...page.items, ...next.items], total: next.total })))
      .catch(() => undefined)
      .finally(() => {
        loadingMore.current = false;
      });
  }, [folderId, list.data?.items.length, mutateList]);

  const folderLabel = folder ? nameOf(folder) : t('mail.title');

  return (
    <div className="app app-mail">
      <div className="app-header">
        <h1>{t('mail.title')}</h1>
      </div>
      <div className="mail-layout">
        <section className="pane mail-folders" aria-labelledby="mail-folders-title">
          <h2 id="mail-folders-title" className="pane-title">
            {t('mail.folders')}
          </h2>
          <QueryView query={folders}>
            {(data) =>
              data.length === 0 ? (
                <Empty>{t('mail.noFolders')}</Empty>
              ) : (
                <FolderTree folders={data} selectedId={folderId} onSelect={selectMailFolder} />
              )
            }
          </QueryView>
        </section>
        <section className="pane mail-list" aria-labelledby="mail-list-title">
          <h2 id="mail-list-title" className="pane-title">
            {folderLabel}
          </h2>
          <QueryView query={list}>
            {(page) =>
              page.items.length === 0 ? (
                <Empty>{t('mail.emptyFolder')}</Empty>
              ) : (
                <MessageList
                  label={t('mail.messagesIn', { folder: folderLabel })}
                  messages={page.items}
                  total={page.total}
                  openedId={nav.messageId}
                  onOpen={(m) => selectMessage(m.id, m.folderId)}
                  onNearEnd={loadMore}
                />
              )
            }
          </QueryView>
        </section>
        <section className="pane mail-reading" aria-label={t('mail.readingPane')} tabIndex={0}>
          {message.status === 'idle' ? (
            <Empty>{t('mail.selectPrompt')}</Empty>
          ) : (
            <QueryView query={message}>{(data) => <ReadingPane message={data} />}</QueryView>
          )}
        </section>
      </div>
    </div>
  );
}
