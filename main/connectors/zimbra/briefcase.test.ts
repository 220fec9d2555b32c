import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from '../../../e2e/emulators/zimbra';
import type { CoreError } from '../../core/errors';
import {
  BRIEFCASE,
  briefcaseIds,
  createDocument,
  downloadDocument,
  listBriefcase,
  listVersions,
  localCopyName,
  saveVersion,
  searchBriefcase,
  setLock,
} from './briefcase';
import { testClient } from './testing';
import { contentDisposition, parseUploadBody, uploadFile } from './transfer';

const ACCOUNT = 'zimbra-1';
const ids = briefcaseIds(ACCOUNT);
const bytes = (value: string) => new TextEncoder().encode(value);
const decode = (value: Uint8Array) => new TextDecoder().decode(value);

describe('upload servlet body', () => {
  it('reads the real status from the body of an HTTP 200', () => {
    expect(parseUploadBody(`200,'null',[{"aid":"a:b","ct":"text/plain","filename":"x","s":3}]`)).toEqual({
      status: 200,
      payload: `[{"aid":"a:b","ct":"text/plain","filename":"x","s":3}]`,
    });
    expect(parseUploadBody("401,'null'")).toEqual({ status: 401, payload: null });
    expect(parseUploadBody("413,'req-1'")).toEqual({ status: 413, payload: null });
    expect(parseUploadBody('<html>login</html>')).toBeNull();
  });

  it('names the file in ASCII and exactly in UTF-8', () => {
    expect(contentDisposition('Réunion "bilan" 100%.odt')).toBe(
      `attachment; filename="R_union _bilan_ 100%.odt"; filename*=UTF-8''R%C3%A9union%20%22bilan%22%20100%25.odt`,
    );
  });

  it('names copies kept after a conflict', () => {
    expect(localCopyName('Rapport.odt', 1)).toBe('Rapport (copie locale).odt');
    expect(localCopyName('Rapport.final.odt', 2)).toBe('Rapport.final (copie locale 2).odt');
    expect(localCopyName('LISEZMOI', 1)).toBe('LISEZMOI (copie locale)');
  });
});

describe('Briefcase against the emulator', () => {
  let zimbra: ZimbraEmulator;

  beforeAll(async () => {
    zimbra = await startZimbraEmulator({
      now: () => new Date('2025-03-26T08:00:00Z'),
      fileUploadMaxBytes: 64 * 1024,
    });
  });
  afterAll(async () => {
    await zimbra.close();
  });
  beforeEach(() => zimbra.control.clearFailures());

  it('lists the Briefcase at the top level and its sub-folders below, with versions and dates', async () => {
    const { client } = testClient(zimbra.url);
    const records = await listBriefcase(client, ids);
    const note = records.find((r) => r.name === 'Note de cadrage Bastide.txt');
    expect(note).toMatchObject({ kind: 'file', parentId: null, mimeType: 'text/plain', version: 3, lockedBy: null });
    expect(note?.modifiedAt).toBe('2025-03-22T08:00:00.000Z'); // `d` is in ms
    const templates = records.find((r) => r.kind === 'folder' && r.name === 'Modèles');
    expect(templates?.parentId).toBeNull();
    expect(records.find((r) => r.name === 'Modèle de courrier.txt')?.parentId).toBe(templates?.id);
    expect(records.every((r) => r.id.startsWith(`${ACCOUNT}:`))).toBe(true);
  });

  it('searches names and contents on the server, reading the user text as words only', async () => {
    const { client } = testClient(zimbra.url);
    const byContent = await searchBriefcase(client, ids, 'généralisation', 20);
    expect(byContent.map((r) => r.name)).toEqual(['Note de cadrage Bastide.txt']);
    const noSyntax = await searchBriefcase(client, ids, 'in:inbox (', 20);
    expect(noSyntax).toEqual([]);
  });

  it('downloads the latest content and any earlier version', async () => {
    const { client } = testClient(zimbra.url);
    const note = zimbra.control.document('alice', 'Note de cadrage Bastide.txt')!;
    expect(decode(await downloadDocument(client, String(note.id)))).toContain('version 3');
    expect(decode(await downloadDocument(client, String(note.id), 1))).toContain('version 1');
    const missing = await downloadDocument(client, '999999').catch((e: CoreError) => e.code);
    expect(missing).toBe('notFound');
  });

  it('lists versions newest first with their editors', async () => {
    const { client } = testClient(zimbra.url);
    const note = zimbra.control.document('alice', 'Note de cadrage Bastide.txt')!;
    const versions = await listVersions(client, String(note.id));
    expect(versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(versions[1]?.modifiedBy).toBe('bob@example.test');
  });

  it('uploads a new document through the servlet and SaveDocumentRequest', async () => {
    const { client } = testClient(zimbra.url);
    const saved = await createDocument(client, BRIEFCASE, {
      name: 'Délibération n°12 — été.txt',
      contentType: 'text/plain',
      data: bytes('Vu le code général des collectivités territoriales'),
    });
    const stored = zimbra.control.document('alice', Number(saved.id))!;
    expect(stored.name).toBe('Délibération n°12 — été.txt');
    expect(stored.versions.at(-1)?.text).toContain('collectivités');
    expect(zimbra.control.pendingUploads()).toBe(0);
  });

  it('takes a retried upload that already reached the server as done, and refuses a different one', async () => {
    const { client } = testClient(zimbra.url);
    const file = { name: 'Retry.txt', contentType: 'text/plain', data: bytes('same content') };
    const first = await createDocument(client, BRIEFCASE, file);
    const retry = await createDocument(client, BRIEFCASE, file);
    expect(retry.id).toBe(first.id);
    expect(zimbra.control.documents('alice').filter((d) => d.name === 'Retry.txt')).toHaveLength(1);
    const other = await createDocument(client, BRIEFCASE, { ...file, data: bytes('other') }).catch((e) => e);
    expect((other as CoreError).code).toBe('files.alreadyExists');
  });

  it('signs in again when the servlet answers 401 in the body of an HTTP 200', async () => {
    const session = testClient(zimbra.url);
    await session.client.call('NoOpRequest', {});
    zimbra.control.expireTokens('alice');
    const upload = await uploadFile(
      session.client,
      { name: 'a.txt', contentType: 'text/plain', data: bytes('a') },
      { briefcase: true },
    );
    expect(upload.aid).toMatch(/:/);
    expect(session.signIns()).toBe(2);
    const uploads = zimbra.control.requests().filter((r) => r.path.startsWith('/service/upload'));
    expect(uploads.every((r) => r.status === 200)).toBe(true);
  });

  it('reports a file over the Briefcase limit (413 in the body) as too large', async () => {
    const { client } = testClient(zimbra.url);
    const error = await uploadFile(
      client,
      { name: 'big.bin', contentType: 'application/octet-stream', data: new Uint8Array(65 * 1024) },
      { briefcase: true },
    ).catch((e: unknown) => e);
    expect((error as CoreError).code).toBe('files.tooLarge');
  });

  it('treats an unavailable upload servlet as a server outage', async () => {
    const { client } = testClient(zimbra.url);
    await client.call('NoOpRequest', {});
    zimbra.control.failNext({ kind: 'status', status: 503, scope: 'upload' });
    const error = await uploadFile(
      client,
      { name: 'x.txt', contentType: 'text/plain', data: bytes('x') },
      {
        briefcase: true,
      },
    ).catch((e: CoreError) => e.code);
    expect(error).toBe('server.unavailable');
  });

  it('saves a new version on top of the version the user had', async () => {
    const { client } = testClient(zimbra.url);
    const created = await createDocument(client, BRIEFCASE, {
      name: 'Budget.txt',
      contentType: 'text/plain',
      data: bytes('v1'),
    });
    const outcome = await saveVersion(
      client,
      { id: created.id, name: 'Budget.txt', folderId: BRIEFCASE },
      { contentType: 'text/plain', data: bytes('v2') },
      1,
    );
    expect(outcome).toEqual({ status: 'saved', fileId: created.id, version: 2 });
    expect(zimbra.control.document('alice', Number(created.id))?.versions.map((v) => v.text)).toEqual(['v1', 'v2']);
  });

  it('keeps both copies when someone saved in between (MODIFY_CONFLICT)', async () => {
    const { client } = testClient(zimbra.url);
    const created = await createDocument(client, BRIEFCASE, {
      name: 'Rapport annuel.txt',
      contentType: 'text/plain',
      data: bytes('base'),
    });
    zimbra.control.saveDocumentVersion('alice', Number(created.id), { content: 'edited by bob', by: 'bob' });
    const outcome = await saveVersion(
      client,
      { id: created.id, name: 'Rapport annuel.txt', folderId: BRIEFCASE },
      { contentType: 'text/plain', data: bytes('edited by alice') },
      1,
    );
    expect(outcome).toMatchObject({
      status: 'conflict',
      serverVersion: 2,
      keptAs: { name: 'Rapport annuel (copie locale).txt' },
    });
    const server = zimbra.control.document('alice', Number(created.id))!;
    expect(server.versions.at(-1)?.text).toBe('edited by bob');
    const copy = zimbra.control.document('alice', 'Rapport annuel (copie locale).txt')!;
    expect(copy.versions.at(-1)?.text).toBe('edited by alice');

    // A second conflicting save of the same file keeps a second copy rather than overwriting the first.
    const again = await saveVersion(
      client,
      { id: created.id, name: 'Rapport annuel.txt', folderId: BRIEFCASE },
      { contentType: 'text/plain', data: bytes('edited again') },
      1,
    );
    expect(again).toMatchObject({ status: 'conflict', keptAs: { name: 'Rapport annuel (copie locale 2).txt' } });
  });

  it('takes a retried version save whose first attempt got through as saved, not as a conflict', async () => {
    const { client } = testClient(zimbra.url);
    const created = await createDocument(client, BRIEFCASE, {
      name: 'Idem.txt',
      contentType: 'text/plain',
      data: bytes('1'),
    });
    const doc = { id: created.id, name: 'Idem.txt', folderId: BRIEFCASE };
    await saveVersion(client, doc, { contentType: 'text/plain', data: bytes('2') }, 1);
    const retry = await saveVersion(client, doc, { contentType: 'text/plain', data: bytes('2') }, 1);
    expect(retry).toEqual({ status: 'saved', fileId: created.id, version: 2 });
    expect(zimbra.control.documents('alice').filter((d) => d.name.startsWith('Idem'))).toHaveLength(1);
  });

  it('locks and unlocks, and reports a document locked by someone else', async () => {
    const { client } = testClient(zimbra.url);
    const created = await createDocument(client, BRIEFCASE, {
      name: 'Verrou.txt',
      contentType: 'text/plain',
      data: bytes('x'),
    });
    await setLock(client, created.id, true);
    expect(zimbra.control.document('alice', Number(created.id))?.lock?.owner).toBe('alice@example.test');
    const listed = (await listBriefcase(client, ids)).find((r) => r.id === ids.document(created.id));
    expect(listed?.lockedBy).toBe('alice@example.test');
    await setLock(client, created.id, false);
    expect(zimbra.control.document('alice', Number(created.id))?.lock).toBeUndefined();

    zimbra.control.lockDocument('alice', Number(created.id), 'bob');
    const refused = await saveVersion(
      client,
      { id: created.id, name: 'Verrou.txt', folderId: BRIEFCASE },
      { contentType: 'text/plain', data: bytes('y') },
      1,
    ).catch((e: unknown) => e);
    expect((refused as CoreError).code).toBe('files.locked');
    zimbra.control.unlockDocument('alice', Number(created.id));
  });
});
