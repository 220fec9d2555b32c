// @vitest-environment jsdom
import '../../test/setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel, MailMessage, MailSummary } from '../../../preload/contract';
import { useNav } from '../../app/store';
import { installFakeBastide, type FakeBastide } from '../../test/fake-bastide';
import { useComposer } from './composer-store';
import MailApp from './MailApp';
import { MessageList } from './MessageList';

const remotePixel = 'https://track.example/pixel.gif';
const htmlBody =
  '<p>Ordre du jour</p><script>window.top.stolen = 1</script>' +
  `<img src="${remotePixel}" onerror="window.top.stolen = 2"><a href="javascript:alert(1)">piège</a>`;

function bridgeError(code: string): Error {
  return new Error('bastide-error:' + JSON.stringify({ code }));
}

/** The shared fake, plus the reader's channels (thread, move, delete, undo, remote content, attachments). */
function installReaderFake(change?: (messages: MailMessage[]) => void): FakeBastide {
  const fake = installFakeBastide();
  change?.(fake.data.messages);
  const answer = fake.invoke.bind(fake);
  const undoable = new Map<string, () => void>();
  let undoCount = 0;
  const handle = (revert: () => void) => {
    const undoId = `undo-${++undoCount}`;
    undoable.set(undoId, revert);
    return { undoId };
  };
  const byId = (id: string) => fake.data.messages.find((m) => m.id === id)!;
  fake.invoke = (async (channel: Channel, request?: unknown) => {
    const r = (request ?? {}) as Record<string, unknown>;
    const ids = (r.ids ?? []) as string[];
    const own = (value: () => unknown) => {
      fake.calls.push({ channel, request });
      const failure = fake.failures[channel];
      if (failure) return Promise.reject(bridgeError(failure));
      return Promise.resolve(value());
    };
    switch (channel) {
      case 'mail:thread':
        return own(() => fake.data.messages.filter((m) => m.threadId === r.threadId));
      case 'mail:watch':
        return own(() => undefined);
      case 'mail:setFlags':
        if (r.flagged === undefined) break;
        return own(() => {
          const before = ids.map((id) => [id, byId(id).flagged] as const);
          for (const id of ids) byId(id).flagged = r.flagged as boolean;
          return handle(() => before.forEach(([id, flagged]) => (byId(id).flagged = flagged)));
        });
      case 'mail:move':
      case 'mail:delete':
        return own(() => {
          const before = ids.map((id) => [id, byId(id).folderId] as const);
          for (const id of ids) byId(id).folderId = channel === 'mail:move' ? String(r.folderId) : 'a:trash';
          return handle(() => before.forEach(([id, folderId]) => (byId(id).folderId = folderId)));
        });
      case 'mail:undo':
        return own(() => {
          const revert = undoable.get(String(r.undoId));
          if (!revert) throw bridgeError('mail.undoExpired');
          revert();
          undoable.delete(String(r.undoId));
        });
      case 'mail:allowRemoteContent':
      case 'mail:openAttachment':
        return own(() => undefined);
    }
    return answer(channel, request as never);
  }) as FakeBastide['invoke'];
  return fake;
}

// The composer is app-wide state: a test that opened it must not leave it open for the next one.
afterEach(() => useComposer.getState().close());

function openMessage(id: string) {
  useNav.getState().open({ app: 'mail', id, parentId: 'a:inbox' });
  render(<MailApp />);
}

function messageFrame(): HTMLIFrameElement {
  return screen.getByTitle('Contenu du message');
}

describe('Mail reader: HTML bodies', () => {
  it('shows a sanitised body in a frame without scripts, remote images blocked until allowed for this message', async () => {
    const fake = installReaderFake((messages) => {
      messages[0]!.bodyHtml = htmlBody;
    });
    openMessage('a:m1');
    await screen.findByRole('heading', { level: 2, name: 'Budget 2027' });

    const frame = messageFrame();
    const sandbox = frame.getAttribute('sandbox') ?? '';
    expect(sandbox).not.toBe('');
    expect(sandbox).not.toContain('allow-scripts');
    expect(sandbox).not.toContain('allow-popups');
    expect(sandbox).not.toContain('allow-forms');
    const doc = frame.getAttribute('srcdoc') ?? '';
    expect(doc).toContain('Ordre du jour');
    expect(doc).not.toMatch(/<script|onerror|javascript:|track\.example/);
    expect(doc).toMatch(/Content-Security-Policy" content="default-src 'none'; img-src data: cid:;/);

    const bar = screen.getByRole('region', { name: 'Images distantes bloquées' });
    expect(bar.textContent).toContain('1 élément');
    fireEvent.click(within(bar).getByRole('button', { name: 'Afficher pour ce message' }));
    await waitFor(() =>
      expect(fake.calls).toContainEqual({
        channel: 'mail:allowRemoteContent',
        request: { messageId: 'a:m1', scope: 'message' },
      }),
    );
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Images distantes bloquées' })).toBeNull());
    const allowed = messageFrame().getAttribute('srcdoc') ?? '';
    expect(allowed).toContain(remotePixel);
    expect(allowed).toContain('img-src data: cid: https: http:');
    expect(allowed).not.toMatch(/<script|onerror/);
  });

  it('allows a sender for good, and shows no bar for a message already allowed', async () => {
    const fake = installReaderFake((messages) => {
      messages[0]!.bodyHtml = htmlBody;
      messages[1]!.bodyHtml = htmlBody;
      messages[1]!.remoteContentAllowed = true;
    });
    openMessage('a:m1');
    fireEvent.click(await screen.findByRole('button', { name: 'Toujours pour cet expéditeur' }));
    await waitFor(() =>
      expect(fake.calls).toContainEqual({
        channel: 'mail:allowRemoteContent',
        request: { messageId: 'a:m1', scope: 'sender' },
      }),
    );
    useNav.getState().selectMessage('a:m2', 'a:inbox');
    await screen.findByRole('heading', { level: 2, name: 'Comité de pilotage' });
    await waitFor(() => expect(messageFrame().getAttribute('srcdoc')).toContain(remotePixel));
    expect(screen.queryByRole('region', { name: 'Images distantes bloquées' })).toBeNull();
  });

  it('keeps the line breaks of a text body and turns its web links into links', async () => {
    installReaderFake((messages) => {
      messages[0]!.bodyText = 'Bonjour,\nle compte rendu : https://example.org/cr.\nCordialement';
    });
    openMessage('a:m1');
    const link = await screen.findByRole('link', { name: 'https://example.org/cr' });
    expect(link.getAttribute('href')).toBe('https://example.org/cr');
    expect(link.parentElement?.textContent).toBe('Bonjour,\nle compte rendu : https://example.org/cr.\nCordialement');
  });

  it('says when a body is not local yet and the server is out of reach', async () => {
    installReaderFake((messages) => {
      messages[0]!.bodyAvailable = false;
      messages[0]!.bodyText = '';
    });
    openMessage('a:m1');
    const notice = await screen.findByText(/n’a pas encore été téléchargé/);
    expect(notice.closest('[role="status"]')?.textContent).toContain('Budget 2027 — extrait');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByTitle('Contenu du message')).toBeNull();
  });
});

describe('Mail reader: actions with undo', () => {
  it('deletes from the toolbar at once, says so, and undoes it', async () => {
    const fake = installReaderFake();
    openMessage('a:m1');
    await screen.findByRole('heading', { level: 2, name: 'Budget 2027' });
    const list = screen.getByRole('listbox', { name: /Messages du dossier/ });
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));

    fireEvent.click(screen.getByRole('button', { name: 'Supprimer' }));
    // Optimistic: the row goes before the core answers.
    expect(within(list).getAllByRole('option')).toHaveLength(1);
    expect(useNav.getState().mail.messageId).toBeNull();
    const toast = await screen.findByText('Message supprimé');
    expect(fake.calls).toContainEqual({ channel: 'mail:delete', request: { ids: ['a:m1'] } });

    fireEvent.click(within(toast.parentElement!).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(fake.calls).toContainEqual({ channel: 'mail:undo', request: { undoId: 'undo-1' } }));
    expect(await screen.findByText('Action annulée')).toBeTruthy();
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));
  });

  it('flags with the S key, moves through the folder menu, and tells an expired undo in words', async () => {
    const fake = installReaderFake();
    openMessage('a:m2');
    const pane = await screen.findByRole('region', { name: 'Lecture du message' });
    await screen.findByRole('heading', { level: 2, name: 'Comité de pilotage' });

    fireEvent.keyDown(pane, { key: 's' });
    await waitFor(() =>
      expect(fake.calls).toContainEqual({ channel: 'mail:setFlags', request: { ids: ['a:m2'], flagged: true } }),
    );
    expect(await screen.findByText('Message suivi')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Ne plus suivre' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Déplacer' }));
    const menu = await screen.findByRole('menu', { name: 'Déplacer' });
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Projets' }));
    await waitFor(() =>
      expect(fake.calls).toContainEqual({ channel: 'mail:move', request: { ids: ['a:m2'], folderId: 'a:projects' } }),
    );
    expect(await screen.findByText('Message déplacé vers Projets')).toBeTruthy();

    fake.failures['mail:undo'] = 'mail.undoExpired';
    fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(await screen.findByText('Il est trop tard pour annuler cette action.')).toBeTruthy();
  });

  it('puts the message back and says why when the core refuses an action', async () => {
    const fake = installReaderFake();
    fake.failures['mail:delete'] = 'mail.noServer';
    openMessage('a:m1');
    await screen.findByRole('heading', { level: 2, name: 'Budget 2027' });
    fireEvent.click(screen.getByRole('button', { name: 'Supprimer' }));
    expect(await screen.findByText(/n’est pas joignable/)).toBeTruthy();
    const list = screen.getByRole('listbox', { name: /Messages du dossier/ });
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));
  });

  it('answers through the composer, and opens a new message from the header', async () => {
    installReaderFake();
    openMessage('a:m1');
    await screen.findByRole('heading', { level: 2, name: 'Budget 2027' });
    fireEvent.click(screen.getByRole('button', { name: 'Répondre à tous' }));
    expect(useComposer.getState().request).toEqual({ mode: 'replyAll', messageId: 'a:m1' });
    fireEvent.click(screen.getByRole('button', { name: 'Transférer' }));
    expect(useComposer.getState().request).toEqual({ mode: 'forward', messageId: 'a:m1' });
    fireEvent.click(screen.getByRole('button', { name: 'Nouveau message' }));
    expect(useComposer.getState().request).toEqual({ mode: 'new' });
  });
});

describe('Mail reader: attachments and conversations', () => {
  it('opens an attachment and shows a failure translated', async () => {
    const fake = installReaderFake((messages) => {
      messages[0]!.attachments = [{ id: 'att1', name: 'Bilan.pdf', size: 245_000, mimeType: 'application/pdf' }];
    });
    openMessage('a:m1');
    const button = await screen.findByRole('button', { name: /^Ouvrir\s*Bilan\.pdf/ });
    fireEvent.click(button);
    await waitFor(() =>
      expect(fake.calls).toContainEqual({ channel: 'mail:openAttachment', request: { attachmentId: 'att1' } }),
    );
    fake.failures['mail:openAttachment'] = 'mail.messageGone';
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toBe('Ce message n’existe plus sur le serveur.');
  });

  it('shows the conversation, the opened message expanded and the others collapsed', async () => {
    installReaderFake((messages) => {
      messages[1]!.threadId = 'a:m1';
    });
    openMessage('a:m2');
    const conversation = await screen.findByRole('region', { name: 'Conversation de 2 messages' });
    const headers = within(conversation).getAllByRole('button', { expanded: false });
    expect(headers).toHaveLength(1);
    expect(within(conversation).getAllByRole('button', { expanded: true })).toHaveLength(1);
    expect(within(conversation).getByText('Corps du message Comité de pilotage.')).toBeTruthy();
    expect(within(conversation).queryByText('Corps du message Budget 2027.')).toBeNull();
    fireEvent.click(headers[0]!);
    expect(await within(conversation).findByText('Corps du message Budget 2027.')).toBeTruthy();
  });
});

describe('Message list', () => {
  it('renders a window of rows, not 100,000', () => {
    // jsdom has no layout: give rows the height they have on screen, or every row would measure 0 and fit.
    const native = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight')!;
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('message-row') ? 76 : (native.get!.call(this) as number);
    });
    const messages: MailSummary[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: `a:${i}`,
      accountId: 'a',
      folderId: 'a:inbox',
      threadId: `a:${i}`,
      subject: `Sujet ${i}`,
      from: { address: 'claire@example.org' },
      to: [],
      date: new Date(2026, 0, 1).toISOString(),
      snippet: '',
      unread: i % 2 === 0,
      flagged: i % 3 === 0,
      hasAttachments: i % 5 === 0,
    }));
    render(
      <MessageList
        label="Messages"
        messages={messages}
        total={messages.length}
        openedId={null}
        onOpen={() => undefined}
        onNearEnd={() => undefined}
      />,
    );
    const list = screen.getByRole('listbox', { name: 'Messages' });
    const rows = within(list).getAllByRole('option');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]!.dataset.unread).toBe('true');
    expect(within(rows[0]!).getByRole('img', { name: 'Suivi' })).toBeTruthy();
    expect(within(rows[0]!).getByRole('img', { name: 'Pièce jointe' })).toBeTruthy();
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('100000');
    fireEvent.keyDown(list, { key: 'PageDown' });
    expect(within(list).getAllByRole('option').length).toBeLessThan(60);
  });
});
