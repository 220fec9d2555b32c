// @vitest-environment jsdom
import '../../test/setup';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel, Draft } from '../../../preload/contract';
import { useNav } from '../../app/store';
import { createFakeBastide, installFakeBastide, type FakeBastide } from '../../test/fake-bastide';
import { htmlToPlainText, sanitizeMailHtml } from './composer-html';
import { useComposer } from './composer-store';
import { ComposerHost } from './ComposerHost';
import { parseRecipients } from './recipients';

/** The fake core, with the drafts, outbox, signature and staging channels the composer uses. */
function composerFake(options: { policyForce?: number } = {}) {
  const fake = createFakeBastide();
  const drafts = new Map<string, Draft>();
  const staged = new Map<string, { name: string; size: number; received: number }>();
  let revision = 0;
  let signature = 'Agent Démo\nMairie';
  const blank = (id: string, accountId: string): Draft => ({
    id,
    accountId,
    from: { name: 'Agent', address: 'agent@example.org' },
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    bodyText: '',
    bodyHtml: null,
    attachments: [],
    inReplyTo: null,
    references: [],
    revision: 0,
    state: 'editing',
    savedOnServer: false,
    serverError: null,
    updatedAt: new Date().toISOString(),
  });
  const invoke = fake.invoke.bind(fake) as (channel: Channel, request?: unknown) => Promise<unknown>;
  const own = async (channel: Channel, request: Record<string, unknown>): Promise<unknown> => {
    switch (channel) {
      case 'drafts:create': {
        const draft = blank(`d${drafts.size + 1}`, (request.accountId as string | undefined) ?? 'a');
        const source = request.source as { mode: string } | undefined;
        if (source?.mode === 'replyAll') {
          Object.assign(draft, {
            to: [{ name: 'Claire Martin', address: 'claire.martin@example.org' }],
            cc: [{ address: 'paul@example.org' }],
            subject: 'RE : Budget 2027',
            bodyHtml: '<p><br></p><div>Claire a écrit :</div><blockquote type="cite"><p>Le budget</p></blockquote>',
          });
        }
        drafts.set(draft.id, draft);
        return draft;
      }
      case 'drafts:get':
        return drafts.get(request.id as string);
      case 'drafts:save': {
        const { id, attachments, ...patch } = request as { id: string; attachments?: Record<string, unknown>[] };
        const current = drafts.get(id)!;
        const next: Draft = { ...current, ...patch, revision: (revision += 1) };
        if (attachments) {
          next.attachments = attachments.map((entry, index) => {
            if (typeof entry.id === 'string') return current.attachments.find((a) => a.id === entry.id)!;
            const file = staged.get(entry.stagingId as string);
            if (!file || file.received !== file.size) throw new Error('bastide-error:{"code":"notFound"}');
            staged.delete(entry.stagingId as string);
            return { id: `att${revision}-${index}`, name: file.name, size: file.size, mimeType: 'text/plain' };
          });
        }
        drafts.set(id, next);
        return next;
      }
      case 'drafts:discard':
        drafts.delete(request.id as string);
        return undefined;
      case 'outbox:send': {
        const draft = drafts.get(request.draftId as string)!;
        if (draft.to.some((r) => r.address.endsWith('@refused.example')))
          throw new Error(
            'bastide-error:{"code":"outbox.recipientRejected","params":{"recipients":"x@refused.example"}}',
          );
        return { id: 'o1', draftId: draft.id };
      }
      case 'mail:recipients':
        return [{ name: 'Bob Lefèvre', address: 'bob@example.test' }].filter((r) =>
          r.address.startsWith(String(request.q).toLowerCase()),
        );
      case 'mail:signature':
        return signature;
      case 'mail:setSignature':
        signature = String(request.signature).trimEnd();
        return signature;
      case 'accounts:list':
        return [
          {
            id: 'a',
            kindId: 'imap',
            kindLabel: 'IMAP',
            displayName: 'Agent',
            address: 'agent@example.org',
            state: 'online',
            capabilities: ['mail'],
          },
        ];
      case 'attachments:policy':
        return {
          linksAvailable: options.policyForce !== undefined,
          offerAboveBytes: options.policyForce === undefined ? null : 2,
          forceAboveBytes: options.policyForce ?? null,
          maxLinkBytes: null,
        };
      case 'files:stage': {
        const stagingId = `s${staged.size + 1}-${Math.random().toString(36).slice(2, 6)}`;
        staged.set(stagingId, { name: request.name as string, size: request.size as number, received: 0 });
        return { stagingId };
      }
      case 'files:stageChunk': {
        const file = staged.get(request.stagingId as string)!;
        file.received += atob(request.data as string).length;
        return { received: file.received };
      }
      default:
        return invoke(channel, request);
    }
  };
  fake.invoke = (async (channel: Channel, request?: unknown) => {
    const ours = /^(drafts:|outbox:send|mail:recipients|mail:(set)?[sS]ignature|attachments:policy|files:stage)/;
    if (ours.test(channel) || channel === 'accounts:list') {
      fake.calls.push({ channel, request });
      await Promise.resolve();
      return own(channel, (request ?? {}) as Record<string, unknown>);
    }
    return invoke(channel, request);
  }) as FakeBastide['invoke'];
  installFakeBastide(fake);
  return { fake, drafts };
}

const callsOf = (fake: FakeBastide, channel: Channel) =>
  fake.calls.filter((c) => c.channel === channel).map((c) => c.request as Record<string, unknown>);

async function openComposer(request: Parameters<ReturnType<typeof useComposer.getState>['openComposer']>[0]) {
  render(<ComposerHost />);
  act(() => useComposer.getState().openComposer(request));
  const form = await screen.findByRole('form', { name: 'Rédiger un message' });
  await within(form).findByRole('textbox', { name: 'Corps du message' });
  return form;
}

afterEach(() => {
  act(() => useComposer.getState().close());
  vi.useRealTimers();
});

describe('composer', () => {
  it('prefills a new mail, inserts the signature and autosaves once after a quiet second', async () => {
    const { fake, drafts } = composerFake();
    const form = await openComposer({ mode: 'new', to: ['Bob <bob@example.test>'], subject: 'Ordre du jour' });
    const body = within(form).getByRole('textbox', { name: 'Corps du message' });
    expect(body.innerHTML).toContain('-- <br>Agent Démo<br>Mairie');
    expect(within(form).getByRole('row', { name: 'Bob <bob@example.test>' })).toBeTruthy();
    // The prefill is saved once.
    await waitFor(() => expect(callsOf(fake, 'drafts:save')).toHaveLength(1), { timeout: 3_000 });
    expect(await within(form).findByText('Brouillon enregistré')).toBeTruthy();

    vi.useFakeTimers();
    const subject = within(form).getByRole('textbox', { name: 'Objet' });
    for (const text of ['O', 'Or', 'Ord']) fireEvent.change(subject, { target: { value: text } });
    await act(() => vi.advanceTimersByTimeAsync(900));
    expect(callsOf(fake, 'drafts:save')).toHaveLength(1);
    await act(() => vi.advanceTimersByTimeAsync(200));
    vi.useRealTimers();
    await waitFor(() => expect(callsOf(fake, 'drafts:save')).toHaveLength(2));
    expect(callsOf(fake, 'drafts:save')[1]).toMatchObject({
      subject: 'Ord',
      to: [{ name: 'Bob', address: 'bob@example.test' }],
    });
    expect(drafts.get('d1')?.bodyText).toContain('Agent Démo');
  });

  it('makes chips with Enter and comma, completes from history, flags invalid addresses, removes with Backspace', async () => {
    const { fake } = composerFake();
    const form = await openComposer({ mode: 'new' });
    const to = within(form).getByRole('combobox', { name: 'À' });
    fireEvent.change(to, { target: { value: 'claire@example.org' } });
    fireEvent.keyDown(to, { key: ',' });
    fireEvent.change(to, { target: { value: 'pas-une-adresse' } });
    fireEvent.keyDown(to, { key: 'Enter' });
    const chips = within(form).getByRole('grid', { name: 'Destinataires (À)' });
    expect(
      within(chips)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['claire@example.org', 'pas-une-adresse']);
    expect((await within(form).findByRole('alert')).textContent).toBe('Adresse non valide : pas-une-adresse');
    expect(to.getAttribute('aria-invalid')).toBe('true');

    fireEvent.keyDown(to, { key: 'Backspace' });
    expect(within(chips).getAllByRole('row')).toHaveLength(1);
    expect(within(form).queryByRole('alert')).toBeNull();

    fireEvent.change(to, { target: { value: 'bo' } });
    const option = await within(form).findByRole('option', { name: 'Bob Lefèvre <bob@example.test>' });
    expect(callsOf(fake, 'mail:recipients').at(-1)).toMatchObject({ q: 'bo', accountId: 'a' });
    fireEvent.mouseDown(option);
    expect(
      within(chips)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['claire@example.org', 'Bob Lefèvre']);
  });

  it('stages picked files in chunks and saves them into the draft by staging id, then keeps them by id', async () => {
    const { fake, drafts } = composerFake();
    const form = await openComposer({ mode: 'new', to: ['bob@example.test'] });
    const input = form.querySelector<HTMLInputElement>('input[type=file]')!;
    const file = new File(['bonjour le monde'], 'notes.txt', { type: 'text/plain' });
    fireEvent.change(input, { target: { files: [file] } });
    expect(await within(form).findByText('notes.txt')).toBeTruthy();
    await waitFor(() => expect(drafts.get('d1')?.attachments).toHaveLength(1));
    expect(callsOf(fake, 'files:stage')).toEqual([{ name: 'notes.txt', size: 16 }]);
    expect(callsOf(fake, 'files:stageChunk')).toEqual([
      { stagingId: expect.any(String), offset: 0, data: btoa('bonjour le monde') },
    ]);
    const withFile = callsOf(fake, 'drafts:save').find((r) => Array.isArray(r.attachments) && r.attachments.length > 0);
    expect(withFile?.attachments).toEqual([
      { stagingId: callsOf(fake, 'files:stageChunk')[0]!.stagingId, name: 'notes.txt', mimeType: 'text/plain' },
    ]);

    fireEvent.change(within(form).getByRole('textbox', { name: 'Objet' }), { target: { value: 'Notes' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Envoyer' }));
    await waitFor(() => expect(callsOf(fake, 'outbox:send')).toEqual([{ draftId: 'd1' }]));
    const last = callsOf(fake, 'drafts:save').at(-1)!;
    expect(last).toMatchObject({ subject: 'Notes', attachments: [{ id: drafts.get('d1')!.attachments[0]!.id }] });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Rédiger un message' })).toBeNull());
  });

  it('offers or forces "send as a link" by the policy', async () => {
    const { fake } = composerFake({ policyForce: 10 });
    const form = await openComposer({ mode: 'new', to: ['bob@example.test'] });
    const input = form.querySelector<HTMLInputElement>('input[type=file]')!;
    fireEvent.change(input, {
      target: { files: [new File(['abcd'], 'moyen.txt'), new File(['0123456789abcdef'], 'gros.bin')] },
    });
    const boxes = await within(form).findAllByRole('checkbox', { name: /Envoyer comme lien/ });
    expect(boxes.map((b) => [(b as HTMLInputElement).checked, (b as HTMLInputElement).disabled])).toEqual([
      [false, false],
      [true, true],
    ]);
    fireEvent.click(boxes[0]!);
    await waitFor(() =>
      expect(callsOf(fake, 'drafts:save').at(-1)?.attachments).toEqual([
        expect.objectContaining({ sendAsLink: true }),
        expect.objectContaining({ sendAsLink: true }),
      ]),
    );
  });

  it('replies to all with the core quote below the signature; a refused recipient keeps the draft open', async () => {
    const { fake, drafts } = composerFake();
    const form = await openComposer({ mode: 'replyAll', messageId: 'a:m1' });
    expect(callsOf(fake, 'drafts:create')).toEqual([{ source: { messageId: 'a:m1', mode: 'replyAll' } }]);
    expect((within(form).getByRole('textbox', { name: 'Objet' }) as HTMLInputElement).value).toBe('RE : Budget 2027');
    const body = within(form).getByRole('textbox', { name: 'Corps du message' });
    expect(body.innerHTML.indexOf('Agent Démo')).toBeLessThan(body.innerHTML.indexOf('<blockquote'));
    const cc = within(form).getByRole('combobox', { name: 'Cc' });
    fireEvent.change(cc, { target: { value: 'x@refused.example' } });
    fireEvent.keyDown(cc, { key: 'Enter' });
    const to = within(form).getByRole('combobox', { name: 'À' });
    fireEvent.change(to, { target: { value: 'x@refused.example' } });
    fireEvent.keyDown(to, { key: 'Enter' });
    fireEvent.click(within(form).getByRole('button', { name: 'Envoyer' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('x@refused.example');
    expect(drafts.has('d1')).toBe(true);
    expect(screen.getByRole('form', { name: 'Rédiger un message' })).toBeTruthy();
  });

  it('closes with Escape after saving; discarding deletes the draft', async () => {
    const { fake, drafts } = composerFake();
    let form = await openComposer({ mode: 'new' });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Objet' }), { target: { value: 'Brouillon' } });
    fireEvent.keyDown(within(form).getByRole('textbox', { name: 'Objet' }), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Rédiger un message' })).toBeNull());
    expect(callsOf(fake, 'drafts:save').at(-1)).toMatchObject({ subject: 'Brouillon' });

    act(() => useComposer.getState().openComposer({ mode: 'draft', draftId: 'd1' }));
    form = await screen.findByRole('form', { name: 'Rédiger un message' });
    expect(await within(form).findByDisplayValue('Brouillon')).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Supprimer le brouillon' }));
    await waitFor(() => expect(drafts.has('d1')).toBe(false));
    expect(screen.queryByRole('form', { name: 'Rédiger un message' })).toBeNull();
  });
});

describe('composer files and signatures', () => {
  it('takes files dropped on it', async () => {
    const { fake, drafts } = composerFake();
    const form = await openComposer({ mode: 'new', to: ['bob@example.test'] });
    const file = new File(['déposé'], 'depose.txt', { type: 'text/plain' });
    const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none' };
    fireEvent.dragOver(form, { dataTransfer });
    expect(within(form).getByText('Déposez les fichiers pour les joindre')).toBeTruthy();
    fireEvent.drop(form, { dataTransfer });
    await waitFor(() => expect(drafts.get('d1')?.attachments.map((a) => a.name)).toEqual(['depose.txt']));
    expect(callsOf(fake, 'files:stage')).toEqual([{ name: 'depose.txt', size: file.size }]);
    fireEvent.click(within(form).getByRole('button', { name: 'Retirer la pièce jointe depose.txt' }));
    await waitFor(() => expect(drafts.get('d1')?.attachments).toEqual([]));
  });

  it('edits an account signature in the settings, used by the next mail', async () => {
    const { fake } = composerFake();
    const { SignatureSettings } = await import('./SignatureSettings');
    render(<SignatureSettings />);
    const field = await screen.findByRole('textbox', { name: 'Signature du compte Agent' });
    await waitFor(() => expect((field as HTMLTextAreaElement).value).toBe('Agent Démo\nMairie'));
    fireEvent.change(field, { target: { value: 'Camille Durand\nService culture  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer la signature' }));
    expect(await screen.findByText('Signature enregistrée')).toBeTruthy();
    expect(callsOf(fake, 'mail:setSignature')).toEqual([
      { accountId: 'a', signature: 'Camille Durand\nService culture  ' },
    ]);
    const form = await openComposer({ mode: 'new' });
    const body = within(form).getByRole('textbox', { name: 'Corps du message' });
    expect(body.innerHTML).toContain('-- <br>Camille Durand<br>Service culture');
  });
});

describe('drafts from the Drafts folder', () => {
  it('open in the composer when chosen there, edited through the core', async () => {
    const { fake } = composerFake();
    fake.data.folders.push({
      ...fake.data.folders[0]!,
      id: 'a:drafts',
      name: 'Drafts',
      path: 'Drafts',
      role: 'drafts',
    });
    render(<ComposerHost />);
    act(() => useNav.getState().selectMessage('a:m2', 'a:inbox'));
    act(() => useNav.getState().selectMessage('a:d9', 'a:drafts'));
    expect(await screen.findByRole('form', { name: 'Rédiger un message' })).toBeTruthy();
    expect(callsOf(fake, 'drafts:create')).toEqual([{ source: { messageId: 'a:d9', mode: 'edit' } }]);
  });
});

describe('composer HTML and addresses', () => {
  it('sanitises what is sent and derives a readable text part', () => {
    const html = sanitizeMailHtml(
      '<p>Bonjour <b>Bob</b><img src="https://tracker.example/x.png"><script>alert(1)</script></p>' +
        '<ul><li>un</li><li>deux</li></ul><p><a href="javascript:alert(2)">piège</a> <a href="https://ex.org">site</a></p>' +
        '<blockquote><p>cité</p></blockquote>',
    );
    expect(html).not.toMatch(/img|script|javascript/);
    expect(htmlToPlainText(html)).toBe('Bonjour Bob\n- un\n- deux\npiège site <https://ex.org>\n> cité');
  });

  it('parses pasted lists and names', () => {
    expect(parseRecipients('"Martin, Claire" <claire@example.org>; bob@example.test, nope')).toEqual([
      { name: 'Martin, Claire', address: 'claire@example.org', valid: true },
      { address: 'bob@example.test', valid: true },
      { address: 'nope', valid: false },
    ]);
  });
});

describe('text originals', () => {
  it('quote as a cited blockquote, and come back as "> " lines in the text part', async () => {
    const { textToHtml } = await import('./composer-html');
    const html = textToHtml('\n\nLe 3 mars, Claire a écrit :\n> Bonjour,\n> >> ancien\n> \n> Claire');
    expect(html).toBe(
      '<p>Le 3 mars, Claire a écrit :</p><blockquote type="cite"><p>Bonjour,</p>' +
        '<blockquote type="cite"><blockquote type="cite"><p>ancien</p></blockquote></blockquote><p>Claire</p></blockquote>',
    );
    expect(htmlToPlainText(html)).toBe('Le 3 mars, Claire a écrit :\n> Bonjour,\n> > > ancien\n> Claire');
  });
});
