// Uploads into a live account's library (Zimbra's Briefcase) on the queued path: a placeholder at once, the task
// kept across a restart while the server is out of reach, sent once when it is back; a refusal shows on the
// placeholder and is not retried. Against the real core, main/connectors/zimbra/live.test.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collaborationRepository } from '../../store/repositories/collaboration';
import { openStore, type Store } from '../../store/store';
import { CoreError } from '../errors';
import { createEventHub } from '../events';
import type { LiveFiles } from '../live/live-accounts';
import type { FileTransfer } from '../model';
import { useTempProfiles } from '../testing/helpers';
import { LiveUploads } from './live-uploads';
import { Transfers } from './transfers';

const { makeDir } = useTempProfiles();
const running: LiveUploads[] = [];
afterEach(async () => {
  for (const uploads of running.splice(0)) await uploads.close();
});

/** A Briefcase that records what it was sent; `refuse` makes it answer with a refusal the user must act on. */
function briefcase(store: Store, options: { refuse?: boolean } = {}) {
  const sent: { parentId: string | null; name: string; mimeType: string; text: string }[] = [];
  const files: Pick<LiveFiles, 'upload'> = {
    async upload(parentId, name, mimeType, data) {
      if (options.refuse) throw new CoreError('files.rejected', { name });
      sent.push({ parentId, name, mimeType, text: Buffer.from(data).toString() });
      const id = `z1:doc:${sent.length}`;
      store.files.put('z1', [
        {
          id,
          parentId,
          spaceId: null,
          name,
          kind: 'file',
          size: data.length,
          mimeType,
          modifiedAt: new Date().toISOString(),
          modifiedBy: null,
        },
      ]);
      return id;
    },
  };
  return { sent, files: files as LiveFiles };
}

function open(dir: string, filesOf: () => LiveFiles | undefined) {
  const store = openStore(join(dir, 'bastide.sqlite'));
  if (!store.accounts.get('z1')) {
    store.accounts.put(
      {
        id: 'z1',
        kindId: 'zimbra',
        displayName: 'Alice',
        address: 'alice@example.test',
        selfPersonId: null,
        capabilities: ['files'],
        state: 'online',
      },
      new Date(),
    );
  }
  const events = createEventHub();
  const transfers: FileTransfer[] = [];
  events.subscribe((event, payload) => {
    if (event === 'files:transfer') transfers.push(payload as FileTransfer);
  });
  const uploads = new LiveUploads({
    store,
    repo: collaborationRepository(store.db),
    events,
    transfers: new Transfers(events),
    now: () => new Date(),
    filesOf,
    absolute: (relativePath) => join(dir, 'documents', relativePath),
    guessMimeType: () => 'text/plain',
  });
  running.push(uploads);
  uploads.start();
  return { store, uploads, transfers, repo: collaborationRepository(store.db) };
}

async function stage(dir: string, name: string, text: string) {
  const relativePath = join('z1', `upload-${name}`);
  const path = join(dir, 'documents', relativePath);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  return { relativePath, name, size: Buffer.byteLength(text) };
}

describe('uploads to a live library', () => {
  it('keep their task across a restart while the server is out of reach, then are sent once', async () => {
    const dir = makeDir();
    const first = open(dir, () => undefined);
    const placeholder = first.uploads.queue('z1', null, await stage(dir, 'Rapport.txt', 'contenu'));
    expect(first.store.files.get(placeholder.id)).toMatchObject({ name: 'Rapport.txt', parentId: null });
    expect(first.repo.fileState(placeholder.id)?.delivery).toBe('queued');
    await first.uploads.idle();
    await first.uploads.close();
    first.store.close();

    const reachable: { files?: LiveFiles } = {};
    const again = open(dir, () => reachable.files);
    await again.uploads.idle(); // still out of reach at start
    const server = briefcase(again.store);
    reachable.files = server.files;
    again.uploads.kick('z1');
    await expect.poll(() => again.transfers.some((t) => t.state === 'done')).toBe(true);
    expect(server.sent).toEqual([{ parentId: null, name: 'Rapport.txt', mimeType: 'text/plain', text: 'contenu' }]);
    expect(again.store.files.get(placeholder.id)).toBeUndefined();
    expect(again.store.files.get('z1:doc:1')).toMatchObject({ name: 'Rapport.txt' });
    expect(again.transfers.at(-1)).toMatchObject({ state: 'done', name: 'Rapport.txt', fileId: 'z1:doc:1' });
    again.uploads.kick('z1');
    await again.uploads.idle();
    expect(server.sent).toHaveLength(1);
  });

  it('shows a refusal on the placeholder and does not try again', async () => {
    const dir = makeDir();
    const { uploads, repo, store, transfers } = open(dir, () => refused.files);
    const refused = briefcase(store, { refuse: true });
    const placeholder = uploads.queue('z1', null, await stage(dir, 'Interdit.exe', 'x'));
    await expect.poll(() => repo.fileState(placeholder.id)?.delivery).toBe('failed');
    expect(transfers.at(-1)).toMatchObject({ state: 'failed', error: { code: 'files.rejected' } });
    expect(store.files.get(placeholder.id)).toBeDefined();
  });
});
