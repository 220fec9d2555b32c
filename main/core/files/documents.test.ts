// Documents against the eXo emulator whose content lives on the real WebDAV server of e2e/servers (rclone), with
// the eXo path layout: open (and offline open), pin, uploads in chunks with progress, new versions, conflicts,
// locks, awkward names, a session that expires in the middle, a connection lost in the middle.
import { randomUUID } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startExoEmulator, type ExoEmulator } from '../../../e2e/emulators/exo';
import { servers, serversDir } from '../../../e2e/servers';
import type { FileEntry, FileTransfer } from '../model';
import { openHarness, type Harness } from '../spaces/testing';

let exo: ExoEmulator;
let harness: Harness;
let root: string;

const davAuth = { Authorization: `Basic ${Buffer.from('alice:alicepw').toString('base64')}` };

/** The bytes of a document on the real WebDAV server behind the emulator. */
async function onBackend(path: string): Promise<Buffer | null> {
  const url =
    servers.webdav.url.replace(/\/$/, '') +
    [root, ...path.split('/').filter(Boolean)].map((s) => (s.startsWith('/') ? s : encodeURIComponent(s))).join('/');
  const response = await fetch(url, { headers: davAuth });
  if (response.status === 404) return null;
  return Buffer.from(await response.arrayBuffer());
}

beforeEach(async () => {
  serversDir();
  root = `/exo-${randomUUID()}`;
  exo = await startExoEmulator({
    webdavBackend: { url: servers.webdav.url, username: 'alice', password: 'alicepw', root },
  });
  harness = await openHarness({ url: exo.url });
});
afterEach(async () => {
  await harness?.close();
  await exo.close();
  await fetch(servers.webdav.url.replace(/\/$/, '') + root, { method: 'DELETE', headers: davAuth }).catch(
    () => undefined,
  );
});

const alicePrivate = () => exo.control.personalDrivePath('alice');
const entries = (parentId: string | null, spaceId: string | null = null) =>
  harness.store.files.list(parentId, spaceId).filter((file) => file.accountId === harness.accountId);
const named = (name: string, parentId: string | null = null, spaceId: string | null = null) =>
  entries(parentId, spaceId).find((file) => file.name === name)!;
const decorated = async (id: string) => (await harness.collab.documents.decorate([harness.store.files.get(id)!]))[0]!;
const transfers = () =>
  harness.events.filter((entry) => entry.event === 'files:transfer').map((entry) => entry.payload as FileTransfer);

/** Stages content as the renderer does (chunks of base64), returns the staging id. */
async function stage(name: string, content: Buffer, chunk = 64 * 1024): Promise<string> {
  const { stagingId } = await harness.handlers['files:stage']({ name, size: content.length });
  for (let offset = 0; offset < content.length; offset += chunk) {
    const data = content.subarray(offset, offset + chunk).toString('base64');
    await harness.handlers['files:stageChunk']({ stagingId, offset, data });
  }
  return stagingId;
}

async function upload(name: string, content: Buffer, spaceId: string | null = null): Promise<FileEntry> {
  const stagingId = await stage(name, content);
  const placeholder = await harness.handlers['files:queueUpload']({
    stagingId,
    parentId: null,
    spaceId: spaceId ?? undefined,
  });
  await harness.until(() => harness.store.files.get(placeholder.id) === undefined, 30_000);
  await harness.runtime().settled();
  return entries(null, spaceId).find((file) => file.name.normalize() === name.replace(/\//g, '\u2215').normalize())!;
}

describe('open and offline', () => {
  it('downloads a document into the profile cache and opens it with the system', async () => {
    const budget = named('Budget prévisionnel 2025.csv');
    await harness.handlers['files:open']({ id: budget.id });
    expect(harness.opened).toHaveLength(1);
    const local = await readFile(harness.opened[0]!);
    const server = await exo.control.readDocument(`${alicePrivate()}/Budget prévisionnel 2025.csv`);
    expect(local.equals(server!)).toBe(true);
    expect((await onBackend(`${alicePrivate()}/Budget prévisionnel 2025.csv`))?.equals(local)).toBe(true);
    expect(harness.opened[0]!.startsWith(harness.dir)).toBe(true);
    expect((await decorated(budget.id)).local).toMatchObject({ cached: true, changed: false, pinned: false });
  });

  it('opens a pinned copy while the server is unreachable, and refuses one never taken', async () => {
    const budget = named('Budget prévisionnel 2025.csv');
    const other = named('Présentation comité.odp');
    await harness.handlers['files:pin']({ id: budget.id, pinned: true });
    exo.control.failNext({ kind: 'drop', count: 20 });
    await harness.handlers['files:open']({ id: budget.id });
    expect(basename(harness.opened.at(-1)!)).toBe('Budget prévisionnel 2025.csv');
    await harness.until(() => harness.runtime().state === 'offline');
    await expect(harness.handlers['files:open']({ id: other.id })).rejects.toMatchObject({
      code: 'files.notAvailableOffline',
    });
    exo.control.clearFaults();
  });

  it('refreshes a pinned copy the server changed, unless the user changed it here', async () => {
    const budget = named('Budget prévisionnel 2025.csv');
    const path = `${alicePrivate()}/Budget prévisionnel 2025.csv`;
    await harness.handlers['files:pin']({ id: budget.id, pinned: true });
    await exo.control.putDocument(path, 'poste;montant\nserveur;1\n', 'bob');
    await harness.runtime().sync();
    await harness.handlers['files:open']({ id: budget.id });
    expect(await readFile(harness.opened.at(-1)!, 'utf8')).toBe('poste;montant\nserveur;1\n');
  });
});

describe('uploads', () => {
  it('uploads a staged file with progress, onto the real WebDAV server, and keeps its copy for offline use', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024, 7);
    const file = await upload('Rapport annuel.pdf', content);
    expect(file.size).toBe(content.length);
    const node = exo.control.document(`${alicePrivate()}/Rapport annuel.pdf`)!;
    expect(node.size).toBe(content.length);
    expect((await onBackend(`${alicePrivate()}/Rapport annuel.pdf`))?.equals(content)).toBe(true);
    const progress = transfers().filter((t) => t.name === 'Rapport annuel.pdf');
    expect(progress.some((t) => t.state === 'running' && t.done > 0 && t.done < content.length)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ state: 'done', done: content.length, fileId: file.id });
    expect((await decorated(file.id)).local?.cached).toBe(true);
  });

  it('keeps names with /, %, accents and emoji (a slash becomes a look-alike), and never overwrites', async () => {
    const name = 'Compte rendu 50% / été 🌞.txt';
    const file = await upload(name, Buffer.from('première'));
    expect(file.name).toBe('Compte rendu 50% ∕ été 🌞.txt');
    expect(exo.control.document(`${alicePrivate()}/Compte rendu 50% ∕ été 🌞.txt`)).toBeDefined();
    expect((await onBackend(`${alicePrivate()}/Compte rendu 50% ∕ été 🌞.txt`))?.toString()).toBe('première');
    await upload(name, Buffer.from('seconde'));
    // The second one got a number instead of replacing the first.
    expect((await exo.control.readDocument(`${alicePrivate()}/Compte rendu 50% ∕ été 🌞 (1).txt`))?.toString()).toBe(
      'seconde',
    );
    expect(named('Compte rendu 50% ∕ été 🌞 (1).txt')).toBeDefined();
    expect((await exo.control.readDocument(`${alicePrivate()}/Compte rendu 50% ∕ été 🌞.txt`))?.toString()).toBe(
      'première',
    );
    await harness.handlers['files:open']({ id: file.id });
    expect(basename(harness.opened.at(-1)!)).toBe('Compte rendu 50% ∕ été 🌞.txt');
  });

  it('uploads into a space library', async () => {
    const space = harness.store.spaces.list().find((s) => s.name === 'Projet Lycées connectés')!;
    const file = await upload('Planning.ods', Buffer.from('plan'), space.id);
    expect(file.spaceId).toBe(space.id);
    expect(exo.control.document(`${exo.control.spaceDrivePath('projet_lycees_connectes')}/Planning.ods`)).toBeDefined();
  });

  it('survives a session that expires during an upload: renewed once, uploaded once', async () => {
    const content = Buffer.alloc(8 * 1024 * 1024, 3);
    const stagingId = await stage('Gros fichier.bin', content, 1024 * 1024);
    const logins = exo.control.requests('/portal/login').length;
    const expire = harness.collab.events.subscribe((event, payload) => {
      if (event === 'files:transfer' && (payload as FileTransfer).done > 0) {
        exo.control.expireSessions('alice', { rememberMe: true });
        expire();
      }
    });
    await harness.handlers['files:queueUpload']({ stagingId, parentId: null });
    await harness.until(() => named('Gros fichier.bin')?.delivery === undefined && !!named('Gros fichier.bin'), 30_000);
    await harness.runtime().settled();
    expect(exo.control.requests('/portal/login').length).toBe(logins + 1);
    expect(exo.control.document(`${alicePrivate()}/Gros fichier.bin`)?.size).toBe(content.length);
    expect(entries(null).filter((file) => file.name.startsWith('Gros fichier'))).toHaveLength(1);
  });

  it('renews a session expired before the upload and sends the whole body again', async () => {
    exo.control.expireSessions('alice', { rememberMe: true });
    const content = Buffer.from('après expiration');
    const file = await upload('Après.txt', content);
    expect((await exo.control.readDocument(`${alicePrivate()}/Après.txt`))?.equals(content)).toBe(true);
    expect(file).toBeDefined();
  });

  it('queues an upload when the connection drops and resumes it, once', async () => {
    const stagingId = await stage('Hors ligne.txt', Buffer.from('écrit sans réseau'));
    exo.control.failNext({ kind: 'drop', match: /^\/portal\/rest\/jcr\/.*Hors/ });
    const placeholder = await harness.handlers['files:queueUpload']({ stagingId, parentId: null });
    expect(placeholder.delivery).toBe('queued');
    await harness.until(() => harness.store.files.get(placeholder.id) === undefined, 30_000);
    expect(entries(null).filter((file) => file.name.startsWith('Hors ligne'))).toHaveLength(1);
    expect((await exo.control.readDocument(`${alicePrivate()}/Hors ligne.txt`))?.toString()).toBe('écrit sans réseau');
  });
});

describe('versions, conflicts and locks', () => {
  it('sends the copy edited on this device as a new version', async () => {
    const budget = named('Budget prévisionnel 2025.csv');
    const path = `${alicePrivate()}/Budget prévisionnel 2025.csv`;
    const versionsBefore = exo.control.document(path)!.versionCount;
    await harness.handlers['files:open']({ id: budget.id });
    await writeFile(harness.opened[0]!, 'poste;montant\nlocal;42\n');
    expect((await decorated(budget.id)).local?.changed).toBe(true);
    await harness.handlers['files:queueVersion']({ id: budget.id });
    await harness.runtime().settled();
    expect((await exo.control.readDocument(path))?.toString()).toBe('poste;montant\nlocal;42\n');
    expect(exo.control.document(path)!.versionCount).toBe(versionsBefore + 1);
    expect((await onBackend(path))?.toString()).toBe('poste;montant\nlocal;42\n');
    expect((await decorated(budget.id)).local?.changed).toBe(false);
  });

  it('keeps both on a conflict: the server’s stays, the user’s copy goes beside it, with a clear outcome', async () => {
    const budget = named('Budget prévisionnel 2025.csv');
    const path = `${alicePrivate()}/Budget prévisionnel 2025.csv`;
    await harness.handlers['files:open']({ id: budget.id });
    await writeFile(harness.opened[0]!, 'version de la copie locale');
    await exo.control.putDocument(path, 'version de Bob, enregistrée entre-temps', 'bob');
    await harness.handlers['files:queueVersion']({ id: budget.id });
    await harness.runtime().settled();
    expect((await exo.control.readDocument(path))?.toString()).toBe('version de Bob, enregistrée entre-temps');
    const keptPath = `${alicePrivate()}/Budget prévisionnel 2025 (copie locale).csv`;
    expect((await exo.control.readDocument(keptPath))?.toString()).toBe('version de la copie locale');
    expect((await onBackend(keptPath))?.toString()).toBe('version de la copie locale');
    expect(transfers().at(-1)).toMatchObject({ state: 'done', error: { code: 'files.conflict' } });
    const kept = named('Budget prévisionnel 2025 (copie locale).csv');
    expect(kept).toBeDefined();
    expect(harness.collab.tasks.pending(harness.accountId)).toHaveLength(0);
  });

  it('locks and unlocks; a version sent while we hold the lock goes through, another’s lock refuses it', async () => {
    const budget = named('Budget prévisionnel 2025.csv');
    const path = `${alicePrivate()}/Budget prévisionnel 2025.csv`;
    const live = harness.live.get(harness.accountId)!.files!;
    await live.setLock(budget.id, true);
    expect(exo.control.state.locks.get(path)?.owner).toBe('alice');
    expect((await decorated(budget.id)).lockedByMe).toBe(true);
    await harness.handlers['files:queueVersion']({
      id: budget.id,
      stagingId: await stage('x.csv', Buffer.from('sous verrou')),
    });
    await harness.runtime().settled();
    expect((await exo.control.readDocument(path))?.toString()).toBe('sous verrou');
    await live.setLock(budget.id, false);
    expect(exo.control.state.locks.has(path)).toBe(false);

    exo.control.lockDocument(path, 'bob');
    await harness.handlers['files:queueVersion']({
      id: budget.id,
      stagingId: await stage('y.csv', Buffer.from('refusé')),
    });
    await harness.runtime().settled();
    expect(transfers().at(-1)).toMatchObject({ state: 'failed', error: { code: 'files.locked' } });
    expect((await exo.control.readDocument(path))?.toString()).toBe('sous verrou');
  });

  it('refuses a write where the user may not write, after one renewal (a 403 that stays is a refusal)', async () => {
    // A library the user is not a member of (its drive exists on the server).
    const hr = `${harness.accountId}:s:hr`;
    harness.collab.repo.putRefs(harness.accountId, [{ id: hr, ref: { groupId: '/spaces/ressources_humaines' } }]);
    const logins = exo.control.requests('/portal/login').length;
    const source = join(harness.dir, 'interdit.txt');
    await writeFile(source, 'non');
    const client = harness.runtime().onlineClient()!;
    const transfer = { onProgress: () => undefined, signal: new AbortController().signal };
    await expect(
      client.upload(
        { parentId: null, spaceId: hr },
        'Interdit.txt',
        { path: source, name: 'Interdit.txt', size: 3 },
        transfer,
      ),
    ).rejects.toMatchObject({ code: 'files.accessDenied' });
    expect(exo.control.requests('/portal/login').length).toBe(logins + 1);
    expect(exo.control.document(`${exo.control.spaceDrivePath('ressources_humaines')}/Interdit.txt`)).toBeUndefined();
  });

  it('lists a folder and searches names on the server', async () => {
    const notes = named('Notes');
    await harness.handlers['files:refresh']({ parentId: notes.id });
    expect(entries(notes.id).length).toBeGreaterThan(0);
    const live = harness.live.get(harness.accountId)!.files!;
    const found = await live.search('budget', 10);
    expect(found.map((f) => f.name)).toContain('Budget prévisionnel 2025.csv');
    expect((await stat(harness.dir)).isDirectory()).toBe(true);
  });
});
