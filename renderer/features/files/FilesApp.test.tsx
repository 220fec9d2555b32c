// @vitest-environment jsdom
import '../../test/setup';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useNav } from '../../app/store';
import { installFakeBastide } from '../../test/fake-bastide';
import FilesApp from './FilesApp';

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

  it('reveals a linked file in its folder with its details', async () => {
    installFakeBastide();
    useNav.getState().open({ app: 'files', id: 'a:f2', parentId: 'a:f1' });
    render(<FilesApp />);
    const detail = await screen.findByRole('region', { name: 'Bilan.pdf' });
    expect(within(detail).getByText('application/pdf')).toBeTruthy();
    await waitFor(() => expect(useNav.getState().files.trail).toEqual([{ id: 'a:f1', name: 'Rapports' }]));
  });
});
