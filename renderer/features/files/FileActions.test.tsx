// @vitest-environment jsdom
import '../../test/setup';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BastideApi, FileEntry, FileSaveResult, FileVersions } from '../../../preload/contract';
import { FileVersionsPanel } from './FileActions';

const file: FileEntry = {
  id: 'z:doc:1',
  accountId: 'z',
  parentId: null,
  name: 'Rapport.odt',
  kind: 'file',
  size: 10,
  mimeType: 'application/vnd.oasis.opendocument.text',
  modifiedAt: '2026-03-12T10:00:00.000Z',
  modifiedBy: 'bob@example.test',
  spaceId: null,
};

function install(answers: { versions: FileVersions; save: FileSaveResult }) {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const api = {
    async invoke(channel: string, request: unknown) {
      calls.push({ channel, request });
      if (channel === 'files:versions' || channel === 'files:lock') return answers.versions;
      if (channel === 'files:saveVersion') return answers.save;
      throw new Error('bastide-error:' + JSON.stringify({ code: 'ipc.unknownChannel' }));
    },
    on: () => () => undefined,
  } as unknown as BastideApi;
  Object.defineProperty(window, 'bastide', { value: api, configurable: true, writable: true });
  return calls;
}

const versions: FileVersions = {
  versions: [
    { version: '2', modifiedAt: '2026-03-12T10:00:00.000Z', modifiedBy: 'bob@example.test', size: 10 },
    { version: '1', modifiedAt: '2026-03-10T10:00:00.000Z', modifiedBy: 'alice@example.test', size: 8 },
  ],
  lockedBy: 'bob@example.test',
};

describe('file versions panel', () => {
  it('lists the versions and who holds the lock', async () => {
    install({ versions, save: { status: 'saved', file } });
    render(<FileVersionsPanel file={file} onChanged={() => undefined} />);
    const list = await screen.findByRole('list', { name: 'Versions' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([expect.stringContaining('Version 2'), expect.stringContaining('Version 1')]);
    expect(screen.getByText('Verrouillé par bob@example.test')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Déverrouiller' })).toBeTruthy();
  });

  it('tells the user when their version was kept beside someone else’s', async () => {
    const kept = { ...file, id: 'z:doc:2', name: 'Rapport (copie locale).odt' };
    const calls = install({ versions, save: { status: 'conflict', file, keptAs: kept } });
    let changed = 0;
    render(<FileVersionsPanel file={file} onChanged={() => changed++} />);
    await screen.findByRole('list', { name: 'Versions' });
    fireEvent.change(screen.getByLabelText('Nouvelle version'), {
      target: { files: [new File(['ma version'], 'Rapport.odt', { type: 'application/vnd.oasis.opendocument.text' })] },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Rapport (copie locale).odt');
    const save = calls.find((call) => call.channel === 'files:saveVersion');
    expect(save?.request).toMatchObject({ id: file.id, data: btoa('ma version') });
    expect(changed).toBe(1);
  });
});
