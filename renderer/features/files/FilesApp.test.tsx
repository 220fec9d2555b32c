// @vitest-environment jsdom
import '../../test/setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useNav } from '../../app/store';
import { createFakeBastide, installFakeBastide } from '../../test/fake-bastide';
import FilesApp from './FilesApp';

/** A core that stages and queues uploads (what the real one answers, minus the server). */
function uploadingCore() {
  const fake = createFakeBastide();
  const invoke = fake.invoke.bind(fake);
  fake.invoke = (async (channel: string, request?: Record<string, unknown>) => {
    if (channel === 'files:stage') {
      fake.calls.push({ channel, request });
      return { stagingId: 'staged-1' };
    }
    if (channel === 'files:stageChunk') {
      fake.calls.push({ channel, request });
      return { received: Buffer.from(String(request?.data), 'base64').length };
    }
    if (channel === 'files:queueUpload') {
      fake.calls.push({ channel, request });
      return { id: 'a:local:1', accountId: 'a', parentId: null, spaceId: null, name: 'Note.txt', kind: 'file' };
    }
    return invoke(channel as never, request as never);
  }) as typeof fake.invoke;
  return installFakeBastide(fake);
}

describe('Files app', () => {
  it('browses into a folder and back through the breadcrumb', async () => {
    installFakeBastide();
    render(<FilesApp />);
    const table = await screen.findByRole('grid', { name: 'Contenu du dossier Mes fichiers' });
    const folderRow = within(table).getByRole('row', { name: /Rapports/ });
    fireEvent.keyDown(folderRow, { key: 'Enter' });
    fireEvent.keyUp(folderRow, { key: 'Enter' });
    const inner = await screen.findByRole('grid', { name: 'Contenu du dossier Rapports' });
    expect(within(inner).getByText('Bilan.pdf')).toBeTruthy();
    expect(within(inner).getByText(/245\sko/)).toBeTruthy();
    const crumbs = screen.getByRole('navigation', { name: 'Emplacement' });
    expect(within(crumbs).getByText('Rapports').getAttribute('aria-current')).toBe('location');
    fireEvent.click(within(crumbs).getByRole('button', { name: 'Mes fichiers' }));
    expect(await screen.findByRole('grid', { name: 'Contenu du dossier Mes fichiers' })).toBeTruthy();
  });

  it('uploads through one path for every library: staged, then queued', async () => {
    const fake = uploadingCore();
    render(<FilesApp />);
    await screen.findByRole('grid', { name: 'Contenu du dossier Mes fichiers' });
    const pickers = screen.getAllByLabelText(/^Importer/);
    expect(pickers).toHaveLength(1);
    fireEvent.change(pickers[0]!, { target: { files: [new File(['bonjour'], 'Note.txt', { type: 'text/plain' })] } });
    await waitFor(() => expect(fake.calls.map((call) => call.channel)).toContain('files:queueUpload'));
    const sending = new Set(['files:upload', 'files:stage', 'files:stageChunk', 'files:queueUpload']);
    const uploads = fake.calls.filter((call) => sending.has(call.channel));
    expect(uploads.map((call) => call.channel)).toEqual(['files:stage', 'files:stageChunk', 'files:queueUpload']);
    expect(uploads.find((call) => call.channel === 'files:stage')?.request).toEqual({ name: 'Note.txt', size: 7 });
    expect(uploads.find((call) => call.channel === 'files:queueUpload')?.request).toEqual({
      stagingId: 'staged-1',
      parentId: null,
    });
  });

  it('reveals a linked file in its folder with its details', async () => {
    installFakeBastide();
    useNav.getState().open({ app: 'files', id: 'a:f2', parentId: 'a:f1' });
    render(<FilesApp />);
    const detail = await screen.findByRole('region', { name: 'Bilan.pdf' });
    expect(within(detail).getByText('application/pdf')).toBeTruthy();
    await waitFor(() => expect(useNav.getState().files.trail).toEqual([{ id: 'a:f1', name: 'Rapports' }]));
  });
});
