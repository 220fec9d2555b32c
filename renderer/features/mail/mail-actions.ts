// The reader's actions on messages (read/unread, flag, move, delete): applied to the screen at once, sent to the
// core (which applies them locally and queues them for the server), and each one undoable from a toast.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorInfo, MailSummary, UndoHandle } from '../../../preload/contract';
import { call, toErrorInfo } from '../../ui/api';

export type MailAction =
  | { kind: 'read'; ids: string[]; unread: boolean }
  | { kind: 'flag'; ids: string[]; flagged: boolean }
  | { kind: 'move'; ids: string[]; folderId: string; folderName: string }
  | { kind: 'delete'; ids: string[] };

export type ToastState =
  | { kind: 'done'; action: MailAction; undoId: string | null }
  | { kind: 'undone' }
  | { kind: 'error'; error: ErrorInfo };

/** What the list shows once the action is applied: flags changed, moved or deleted messages gone. */
export function applyToSummaries<T extends MailSummary>(items: readonly T[], action: MailAction): T[] {
  const ids = new Set(action.ids);
  switch (action.kind) {
    case 'read':
      return items.map((m) => (ids.has(m.id) ? { ...m, unread: action.unread } : m));
    case 'flag':
      return items.map((m) => (ids.has(m.id) ? { ...m, flagged: action.flagged } : m));
    case 'move':
    case 'delete':
      return items.filter((m) => !ids.has(m.id));
  }
}

function send(action: MailAction): Promise<UndoHandle | undefined> {
  switch (action.kind) {
    case 'read':
      return call('mail:setFlags', { ids: action.ids, unread: action.unread });
    case 'flag':
      return call('mail:setFlags', { ids: action.ids, flagged: action.flagged });
    case 'move':
      return call('mail:move', { ids: action.ids, folderId: action.folderId });
    case 'delete':
      return call('mail:delete', { ids: action.ids });
  }
}

/** A toast stays long enough to be read and acted on, then goes (the core's undo window is longer). */
const TOAST_MS = 12_000;

export function useMailActions({
  applyLocally,
  resync,
}: {
  /** The optimistic update of what is on screen. */
  applyLocally: (action: MailAction) => void;
  /** Fetches the truth again (after an undo, or when the core refused the action). */
  resync: () => void;
}) {
  const [toast, setToast] = useState<ToastState | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const show = useCallback((next: ToastState | null) => {
    clearTimeout(timer.current);
    setToast(next);
    if (next) timer.current = setTimeout(() => setToast(null), TOAST_MS);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);

  const run = useCallback(
    async (action: MailAction) => {
      applyLocally(action);
      try {
        const handle = await send(action);
        show({ kind: 'done', action, undoId: handle?.undoId ?? null });
      } catch (error) {
        show({ kind: 'error', error: toErrorInfo(error) });
        resync();
      }
    },
    [applyLocally, resync, show],
  );

  const undo = useCallback(
    async (undoId: string) => {
      show(null);
      try {
        await call('mail:undo', { undoId });
        show({ kind: 'undone' });
      } catch (error) {
        show({ kind: 'error', error: toErrorInfo(error) });
      }
      resync();
    },
    [resync, show],
  );

  return { toast, run, undo, dismiss: () => show(null) };
}
