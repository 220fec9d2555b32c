import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { MailSummary } from '../../../preload/contract';
import { useBadges } from '../../app/badges';
import { useNav } from '../../app/store';
import { call, subscribe } from '../../ui/api';
import { Empty, QueryView } from '../../ui/states';
import { useQuery } from '../../ui/useQuery';
import { useComposer } from './composer-store';
import { ComposerHost } from './ComposerHost';
import { ConnectivityBar } from './ConnectivityBar';
import { defaultFolder } from './folders';
import { FolderTree, useFolderName } from './FolderTree';
import { applyToSummaries, useMailActions, type MailAction } from './mail-actions';
import { MessageList } from './MessageList';
import { readerShortcuts } from './MessageToolbar';
import { ReadingPane } from './ReadingPane';
import { UndoToast } from './UndoToast';

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
  const { refresh: refreshMessage, mutate: mutateMessage } = message;
  const openComposer = useComposer((s) => s.openComposer);
  const [moveMenuOpen, setMoveMenuOpen] = useState(false);

  // The open message follows its folder's changes too (flags set elsewhere, a body fetched once back online).
  const openedFolder = message.data?.folderId ?? null;
  useEffect(() => {
    return subscribe('mail:changed', ({ folderIds }) => {
      refreshFolders();
      refreshList();
      if (openedFolder && folderIds.includes(openedFolder)) refreshMessage();
    });
  }, [refreshFolders, refreshList, refreshMessage, openedFolder]);

  // The folder on screen gets the server's pushes; a failure only means slower updates.
  useEffect(() => {
    if (folderId) call('mail:watch', { folderId }).catch(() => undefined);
  }, [folderId]);

  // A deep link may name a message without its folder: follow the message to where it lives.
  const opened = message.data;
  useEffect(() => {
    if (opened && opened.folderId !== nav.folderId) selectMessage(opened.id, opened.folderId);
  }, [opened, nav.folderId, selectMessage]);

  // Opening an unread message marks it read: the row at once, the counts from the core. Once per opening:
  // "mark as unread" on the open message must stick.
  const autoRead = useRef<string | null>(null);
  useEffect(() => {
    if (!opened?.unread || autoRead.current === opened.id) return;
    autoRead.current = opened.id;
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

  const listElement = useRef<HTMLElement>(null);
  const applyLocally = useCallback(
    (action: MailAction) => {
      mutateList((page) => {
        const items = applyToSummaries(page.items, action);
        return { items, total: page.total - (page.items.length - items.length) };
      });
      if (action.kind === 'read' || action.kind === 'flag') {
        mutateMessage((m) => applyToSummaries([m], action)[0] ?? m);
      } else if (nav.messageId && action.ids.includes(nav.messageId)) {
        selectMessage(null);
        listElement.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
      }
    },
    [mutateList, mutateMessage, nav.messageId, selectMessage],
  );
  const resync = useCallback(() => {
    refreshFolders();
    refreshList();
    refreshMessage();
    void useBadges.getState().refresh();
  }, [refreshFolders, refreshList, refreshMessage]);
  const actions = useMailActions({ applyLocally, resync });
  const { run, undo, toast } = actions;

  /** The reader's single-key shortcuts, from the list or the reading pane, never while typing. */
  function onReaderKeyDown(event: KeyboardEvent) {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable="true"], [role="menu"]')) return;
    if (event.altKey || event.metaKey) return;
    if (event.ctrlKey) {
      if (event.key.toLowerCase() === 'z' && !event.shiftKey && toast?.kind === 'done' && toast.undoId) {
        event.preventDefault();
        void undo(toast.undoId);
      }
      return;
    }
    const m = opened && opened.id === nav.messageId ? opened : null;
    if (!m) return;
    const ids = [m.id];
    const key = event.key === 'Delete' || event.key === 'Backspace' ? 'Delete' : event.key.toLowerCase();
    const commands: Record<string, () => void> = {
      [readerShortcuts.reply]: () => openComposer({ mode: 'reply', messageId: m.id }),
      [readerShortcuts.replyAll]: () => openComposer({ mode: 'replyAll', messageId: m.id }),
      [readerShortcuts.forward]: () => openComposer({ mode: 'forward', messageId: m.id }),
      [readerShortcuts.toggleRead]: () => void run({ kind: 'read', ids, unread: !m.unread }),
      [readerShortcuts.toggleFlag]: () => void run({ kind: 'flag', ids, flagged: !m.flagged }),
      [readerShortcuts.move]: () => setMoveMenuOpen(true),
      [readerShortcuts.delete]: () => void run({ kind: 'delete', ids }),
    };
    const command = commands[key];
    if (command && !(event.shiftKey && key !== 'Delete')) {
      event.preventDefault();
      command();
    }
  }

  const folderLabel = folder ? nameOf(folder) : t('mail.title');

  return (
    <div className="app app-mail">
      <div className="app-header">
        <h1>{t('mail.title')}</h1>
        <Button className="button button-primary" onPress={() => openComposer({ mode: 'new' })}>
          {t('mailReader.newMessage')}
        </Button>
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
        <section
          ref={listElement}
          className="pane mail-list"
          aria-labelledby="mail-list-title"
          onKeyDown={onReaderKeyDown}
        >
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
        <section
          className="pane mail-reading"
          aria-label={t('mail.readingPane')}
          tabIndex={0}
          onKeyDown={onReaderKeyDown}
        >
          {message.status === 'idle' ? (
            <Empty>{t('mail.selectPrompt')}</Empty>
          ) : (
            <QueryView query={message}>
              {(data) => (
                <ReadingPane
                  message={data}
                  folders={folders.data ?? []}
                  onAction={(action) => void run(action)}
                  onChanged={refreshMessage}
                  moveMenuOpen={moveMenuOpen}
                  onMoveMenuOpenChange={setMoveMenuOpen}
                />
              )}
            </QueryView>
          )}
        </section>
      </div>
      <UndoToast toast={toast} onUndo={(undoId) => void undo(undoId)} onDismiss={actions.dismiss} />
      <ConnectivityBar />
      <ComposerHost />
    </div>
  );
}
