// Where the composer lives: a panel over the reading pane, open while `useComposer` holds a request. Each opening
// is a new composer (the previous one saves its draft as it goes). As in webmails, a message chosen in a Drafts
// folder opens in the composer, to carry on writing it.
import { useEffect } from 'react';
import { useNav } from '../../app/store';
import { call } from '../../ui/api';
import { Composer } from './Composer';
import './composer.css';
import { useComposer } from './composer-store';

function useDraftsOpenInComposer() {
  const messageId = useNav((s) => s.mail.messageId);
  const folderId = useNav((s) => s.mail.folderId);
  useEffect(() => {
    if (!messageId || !folderId) return;
    let live = true;
    call('mail:folders', {}).then(
      (folders) => {
        if (!live || folders.find((f) => f.id === folderId)?.role !== 'drafts') return;
        const { request, openComposer } = useComposer.getState();
        if (request?.mode === 'edit' && request.messageId === messageId) return;
        openComposer({ mode: 'edit', messageId });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [messageId, folderId]);
}

export function ComposerHost() {
  const request = useComposer((s) => s.request);
  const session = useComposer((s) => s.session);
  const close = useComposer((s) => s.close);
  useDraftsOpenInComposer();
  if (!request) return null;
  return (
    <div className="composer-host">
      <Composer
        key={session}
        request={request}
        // A composer closing late (saving) must not close the one opened after it.
        onClose={() => useComposer.getState().session === session && close()}
      />
    </div>
  );
}
