// Brief §4.6–4.7 with fixtures E11–E14: temp parts, drafts with reserved ids, Outbox + flush + task polling.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from './index.js';
import { call, login, type Session } from './testkit.js';

let emu: BlueMindEmulator;
let alice: Session;

beforeEach(async () => {
  emu = await startBlueMindEmulator();
  alice = await login(emu, 'alice');
});
afterEach(() => emu.close());

const items = (s: Session, folder: string) => `/api/mail_items/${s.folderUid(folder)}`;

async function uploadPart(s: Session, folder: string, content: string | Buffer): Promise<string> {
  const r = await call(emu.url, 'PUT', `${items(s, folder)}/_part`, {
    key: s.key,
    rawBody: content,
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  expect(r.status).toBe(200);
  return r.json as string;
}

interface DraftSpec {
  subject?: string;
  to?: { address: string; dn: string }[];
  cc?: { address: string; dn: string }[];
  bcc?: { address: string; dn: string }[];
  refresh: number;
  messageId: string;
  extraHeaders?: { name: string; values: string[] }[];
  attachment?: { fileName: string; mime: string; content: Buffer };
}

async function draftBody(s: Session, d: DraftSpec) {
  const textAddr = await uploadPart(s, 'Drafts', 'Bonjour,\n\nVoici le rapport.\n\nAlice');
  const htmlAddr = await uploadPart(s, 'Drafts', '<p>Bonjour,</p><p>Voici le rapport.</p><p>Alice</p>');
  const alternative = {
    mime: 'multipart/alternative',
    children: [
      { mime: 'text/plain', address: textAddr, encoding: 'quoted-printable', charset: 'utf-8' },
      { mime: 'text/html', address: htmlAddr, encoding: 'quoted-printable', charset: 'utf-8' },
    ],
  };
  let structure: unknown = alternative;
  if (d.attachment) {
    const att = await uploadPart(s, 'Drafts', d.attachment.content);
    structure = {
      mime: 'multipart/mixed',
      children: [
        alternative,
        {
          mime: d.attachment.mime,
          address: att,
          encoding: 'base64',
          fileName: d.attachment.fileName,
          dispositionType: 'ATTACHMENT',
        },
      ],
    };
  }
  return {
    imapUid: null,
    flags: ['\\Seen'],
    body: {
      subject: d.subject ?? 'Rapport',
      date: d.refresh,
      headers: [
        { name: 'Message-ID', values: [d.messageId] },
        { name: 'X-Bm-Draft-Refresh-Date', values: [String(d.refresh)] },
        ...(d.extraHeaders ?? []),
      ],
      recipients: [
        ...(d.to ?? [{ address: 'bob@example.test', dn: 'Bob Lefèvre' }]).map((r) => ({ kind: 'Primary', ...r })),
        ...(d.cc ?? []).map((r) => ({ kind: 'CarbonCopy', ...r })),
        ...(d.bcc ?? []).map((r) => ({ kind: 'BlindCarbonCopy', ...r })),
        { kind: 'Originator', dn: 'Alice Martin', address: 'alice@example.test' },
      ],
      messageId: d.messageId,
      structure,
    },
  };
}

async function allocate(s: Session, n: number): Promise<number> {
  const r = await s.call('POST', `/api/offline/example.test/${s.uid}/_allocateOfflineIds?idCount=${n}`);
  expect(r.json).toEqual({ count: n, globalCounter: expect.any(Number) });
  return r.json.globalCounter as number;
}

async function moveToOutboxAndFlush(s: Session, draftId: number): Promise<{ taskId: string; destination: number }> {
  const imp = await s.call('PUT', `${s.folders}/importItems/${s.folderId('Outbox')}`, {
    mailboxFolderId: s.folderId('Drafts'),
    ids: [{ id: draftId }],
    deleteFromSource: true,
  });
  expect(imp.json).toEqual({ doneIds: [{ source: draftId, destination: expect.any(Number) }], status: 'SUCCESS' });
  const flush = await s.call('POST', `/api/outbox/example.test/${s.uid}/flush`);
  expect(flush.json).toEqual({ id: expect.stringMatching(/^\d+$/) });
  return { taskId: flush.json.id, destination: imp.json.doneIds[0].destination };
}

async function pollTask(s: Session, taskId: string) {
  for (let i = 0; i < 60; i += 1) {
    const st = (await s.call('GET', `/api/tasks/${taskId}`)).json;
    if (st.state === 'Success' || st.state === 'InError') return st;
  }
  throw new Error('task never ended');
}

describe('temp parts (§4.6, E11)', () => {
  it('E11: PUT _part answers the part address as a JSON string', async () => {
    const addr = await uploadPart(alice, 'Drafts', '<p>Hello</p>');
    expect(addr).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('temp parts are bound to the session: after a re-login the draft cannot use them', async () => {
    const id = await allocate(alice, 1);
    const body = await draftBody(alice, { refresh: 1717000200000, messageId: '<p1@example.test>' });
    const again = await login(emu, 'alice');
    const r = await again.call('PUT', `${items(alice, 'Drafts')}/id/${id}`, body);
    expect(r.status).toBe(500);
    expect(r.json.errorCode).toBe('UNKNOWN');
    const ok = await alice.call('PUT', `${items(alice, 'Drafts')}/id/${id}`, body);
    expect(ok.status).toBe(200);
  });

  it('DELETE {address}/_part removes a temp part', async () => {
    const addr = await uploadPart(alice, 'Drafts', 'x');
    expect((await alice.call('DELETE', `${items(alice, 'Drafts')}/${addr}/_part`)).status).toBe(200);
    const body = {
      imapUid: null,
      flags: [],
      body: {
        subject: 's',
        headers: [],
        recipients: [],
        structure: { mime: 'text/plain', address: addr, charset: 'utf-8' },
      },
    };
    expect((await alice.call('PUT', items(alice, 'Drafts'), body)).status).toBe(500);
  });
});

describe('drafts with reserved ids (§4.6, E12)', () => {
  it('E12: allocateOfflineIds reserves a block; createById answers an ImapAck with a null timestamp', async () => {
    const first = await allocate(alice, 20);
    const second = await allocate(alice, 5);
    expect(second).toBe(first + 20);
    const body = await draftBody(alice, { refresh: 1717000200000, messageId: '<8a1@example.test>' });
    const r = await alice.call('PUT', `${items(alice, 'Drafts')}/id/${first}`, body);
    expect(r.json).toEqual({ version: expect.any(Number), timestamp: null, imapUid: expect.any(Number) });
    const got = await alice.call('GET', `${items(alice, 'Drafts')}/${first}/completeById`);
    expect(got.json.value.body).toMatchObject({
      subject: 'Rapport',
      messageId: '<8a1@example.test>',
      date: 1717000200000,
    });
    expect(got.json.value.body.headers).toContainEqual({ name: 'X-Bm-Draft-Refresh-Date', values: ['1717000200000'] });
    expect(got.json.value.body.structure).toMatchObject({
      mime: 'multipart/alternative',
      address: 'TEXT',
      children: [{ address: '1' }, { address: '2' }],
    });
  });

  it('replaying the same id and refresh date returns the existing item; no duplicate', async () => {
    const id = await allocate(alice, 1);
    const body = await draftBody(alice, { refresh: 1717000200000, messageId: '<replay@example.test>' });
    const a = await alice.call('PUT', `${items(alice, 'Drafts')}/id/${id}`, body);
    const b = await alice.call('PUT', `${items(alice, 'Drafts')}/id/${id}`, body);
    expect(b.status).toBe(200);
    expect(b.json).toEqual(a.json);
    expect(emu.control.findByMessageId('alice', '<replay@example.test>')).toEqual([{ folder: 'Drafts', id }]);
  });

  it('the same id with another refresh date → 500 ALREADY_EXISTS with the exact message', async () => {
    const id = await allocate(alice, 1);
    await alice.call(
      'PUT',
      `${items(alice, 'Drafts')}/id/${id}`,
      await draftBody(alice, { refresh: 1717000200000, messageId: '<x@example.test>' }),
    );
    const r = await alice.call(
      'PUT',
      `${items(alice, 'Drafts')}/id/${id}`,
      await draftBody(alice, { refresh: 1717000299999, messageId: '<x@example.test>' }),
    );
    expect(r.status).toBe(500);
    expect(r.json).toEqual({
      errorCode: 'ALREADY_EXISTS',
      errorType: 'ServerFault',
      message: `Item ${id} has been submitted for creation, but already exists having a different version or refresh header`,
    });
  });

  it('updateById with imapUid rewrites the draft (new imapUid); with imapUid 0 it is ignored', async () => {
    const id = await allocate(alice, 1);
    const created = await alice.call(
      'PUT',
      `${items(alice, 'Drafts')}/id/${id}`,
      await draftBody(alice, { refresh: 1717000200000, messageId: '<u@example.test>' }),
    );
    const ignored = await alice.call('POST', `${items(alice, 'Drafts')}/id/${id}`, {
      ...(await draftBody(alice, { refresh: 1717000300000, messageId: '<u@example.test>', subject: 'Ignoré' })),
      imapUid: 0,
    });
    expect(ignored.json.imapUid).toBe(created.json.imapUid);
    expect(emu.control.mails('alice', 'Drafts').find((m) => m.id === id)?.subject).toBe('Rapport');
    const updated = await alice.call('POST', `${items(alice, 'Drafts')}/id/${id}`, {
      ...(await draftBody(alice, { refresh: 1717000400000, messageId: '<u@example.test>', subject: 'Rapport v2' })),
      imapUid: created.json.imapUid,
    });
    expect(updated.json.imapUid).toBeGreaterThan(created.json.imapUid);
    expect(updated.json.version).toBeGreaterThan(created.json.version);
    expect(emu.control.mails('alice', 'Drafts').find((m) => m.id === id)?.subject).toBe('Rapport v2');
  });

  it('getForUpdate re-exposes the parts as temp addresses of the caller session', async () => {
    const [draft] = emu.control.mails('alice', 'Drafts');
    const r = await alice.call('GET', `${items(alice, 'Drafts')}/${draft?.id}/getForUpdate`);
    const structure = r.json.value.body.structure;
    const leaf = structure.children.length ? structure.children[0] : structure;
    expect(leaf.address).toMatch(/^[0-9a-f-]{36}$/);
    // The temp address can be used in a new save by the same session.
    const save = await alice.call('PUT', items(alice, 'Drafts'), {
      imapUid: null,
      flags: ['\\Seen'],
      body: {
        subject: 'Copie',
        headers: [],
        recipients: [],
        structure: { mime: 'text/plain', address: leaf.address, charset: 'utf-8' },
      },
    });
    expect(save.json).toMatchObject({ id: expect.any(Number), imapUid: expect.any(Number), uid: expect.any(String) });
  });

  it('a draft over message_size_limit fails with ENTITY_TOO_LARGE', async () => {
    emu.control.setFilehosting({ messageSizeLimit: 2000 });
    const body = await draftBody(alice, {
      refresh: 1,
      messageId: '<big@example.test>',
      attachment: { fileName: 'gros.pdf', mime: 'application/pdf', content: Buffer.alloc(4000, 1) },
    });
    const r = await alice.call('PUT', items(alice, 'Drafts'), body);
    expect(r.status).toBe(500);
    expect(r.json.errorCode).toBe('ENTITY_TOO_LARGE');
  });
});

describe('sending (§4.7, E13, E14)', () => {
  it('E13/E14: Drafts → Outbox → flush → task; the recipient gets it once, Sent has it once', async () => {
    const bob = await login(emu, 'bob');
    const id = await allocate(alice, 1);
    const messageId = '<envoi-1@example.test>';
    await alice.call(
      'PUT',
      `${items(alice, 'Drafts')}/id/${id}`,
      await draftBody(alice, { refresh: 1717000200000, messageId, subject: 'Rapport mensuel' }),
    );
    const { taskId, destination } = await moveToOutboxAndFlush(alice, id);
    const running = (await alice.call('GET', `/api/tasks/${taskId}`)).json;
    expect(running).toMatchObject({ state: 'InProgress', result: null });
    const done = await pollTask(alice, taskId);
    expect(done).toMatchObject({
      steps: 1,
      progress: 1,
      lastLogEntry: 'FLUSHING OUTBOX finished successfully',
      state: 'Success',
    });
    expect(typeof done.result).toBe('string');
    expect(done.result.startsWith('{"result": [')).toBe(true);
    const parsed = JSON.parse(done.result);
    expect(parsed).toEqual({
      result: [
        {
          sourceInternalId: destination,
          sourceFolderUid: alice.folderUid('Outbox'),
          destinationInternalId: expect.any(Number),
          destinationFolderUid: alice.folderUid('Sent'),
        },
      ],
      requestedDSNs: 0,
    });
    expect(emu.control.sentCount(messageId)).toBe(1);
    expect(emu.control.findByMessageId('alice', messageId)).toEqual([
      { folder: 'Sent', id: parsed.result[0].destinationInternalId },
    ]);
    expect(emu.control.findByMessageId('bob', messageId).map((x) => x.folder)).toEqual(['INBOX']);
    const logs = (await alice.call('GET', `/api/tasks/${taskId}/_currentLogs?offset=0`)).json;
    expect(logs).toContain('FLUSHING OUTBOX finished successfully');
    // A second flush finds an empty Outbox: nothing is sent twice.
    const again = await alice.call('POST', `/api/outbox/example.test/${alice.uid}/flush`);
    const st2 = await pollTask(alice, again.json.id);
    expect(JSON.parse(st2.result).result).toEqual([]);
    expect(emu.control.sentCount(messageId)).toBe(1);
    // bob can read it through REST.
    const inbox = (
      await bob.call('POST', `${items(bob, 'INBOX')}/_filteredChangesetById?since=0`, {
        must: [],
        mustNot: ['Deleted'],
      })
    ).json;
    const got = (
      await bob.call(
        'POST',
        `${items(bob, 'INBOX')}/_mgetById`,
        inbox.created.map((x: { id: number }) => x.id),
      )
    ).json;
    expect(
      got.filter((x: { value: { body: { messageId: string } } }) => x.value.body.messageId === messageId),
    ).toHaveLength(1);
  });

  it('a replay of createById after the draft was sent creates a new draft: the id protects Drafts only', async () => {
    const id = await allocate(alice, 1);
    const messageId = '<rejeu@example.test>';
    const body = await draftBody(alice, { refresh: 1717000200000, messageId });
    await alice.call('PUT', `${items(alice, 'Drafts')}/id/${id}`, body);
    const { taskId } = await moveToOutboxAndFlush(alice, id);
    await pollTask(alice, taskId);
    const replay = await alice.call('PUT', `${items(alice, 'Drafts')}/id/${id}`, body);
    expect(replay.status).toBe(200);
    expect(
      emu.control
        .findByMessageId('alice', messageId)
        .map((x) => x.folder)
        .sort(),
    ).toEqual(['Drafts', 'Sent']);
  });

  it('draft headers are stripped when sent; Bcc is delivered but not shown; X-Bm-Draft-Sent-Folder is honoured', async () => {
    const id = await allocate(alice, 1);
    const messageId = '<entetes@example.test>';
    await alice.call(
      'PUT',
      `${items(alice, 'Drafts')}/id/${id}`,
      await draftBody(alice, {
        refresh: 1717000200000,
        messageId,
        to: [{ address: 'bob@example.test', dn: 'Bob Lefèvre' }],
        bcc: [{ address: 'carol@example.test', dn: 'Carol Moreau' }],
        extraHeaders: [
          { name: 'X-Bm-Draft-Info', values: ['{"type":"REPLY"}'] },
          { name: 'X-Bm-Draft-Sent-Folder', values: [alice.folderUid('Projets/Bastide')] },
        ],
      }),
    );
    const { taskId } = await moveToOutboxAndFlush(alice, id);
    await pollTask(alice, taskId);
    expect(emu.control.findByMessageId('alice', messageId).map((x) => x.folder)).toEqual(['Projets/Bastide']);
    const [sentCopy] = emu.control.mails('alice', 'Projets/Bastide').filter((m) => m.messageId === messageId);
    expect(sentCopy?.headers.some((h) => h.name.toLowerCase().startsWith('x-bm-draft'))).toBe(false);
    expect(sentCopy?.flags).toContain('\\Seen');
    expect(emu.control.findByMessageId('carol', messageId)).toHaveLength(1);
    const carol = await login(emu, 'carol');
    const [inCarol] = emu.control.findByMessageId('carol', messageId);
    const item = (await carol.call('POST', `${items(carol, 'INBOX')}/_mgetById`, [inCarol?.id])).json[0];
    expect(item.value.body.recipients.some((r: { kind: string }) => r.kind === 'BlindCarbonCopy')).toBe(false);
  });

  it('flush sends everything in Outbox, external recipients leave, unknown local ones bounce', async () => {
    const ids = await allocate(alice, 2);
    await alice.call(
      'PUT',
      `${items(alice, 'Drafts')}/id/${ids}`,
      await draftBody(alice, {
        refresh: 1,
        messageId: '<ext@example.test>',
        to: [{ address: 'claire.fontaine@mairie-albi.example', dn: 'Claire Fontaine' }],
      }),
    );
    await alice.call(
      'PUT',
      `${items(alice, 'Drafts')}/id/${ids + 1}`,
      await draftBody(alice, {
        refresh: 2,
        messageId: '<inconnu@example.test>',
        to: [{ address: 'personne@example.test', dn: 'Personne' }],
      }),
    );
    await alice.call('PUT', `${alice.folders}/importItems/${alice.folderId('Outbox')}`, {
      mailboxFolderId: alice.folderId('Drafts'),
      ids: [{ id: ids }, { id: ids + 1 }],
      deleteFromSource: true,
    });
    const flush = await alice.call('POST', `/api/outbox/example.test/${alice.uid}/flush`);
    const st = await pollTask(alice, flush.json.id);
    expect(JSON.parse(st.result).result).toHaveLength(2);
    expect(emu.control.outbound()).toEqual([
      expect.objectContaining({ messageId: '<ext@example.test>', recipients: ['claire.fontaine@mairie-albi.example'] }),
    ]);
    expect(emu.control.outbound()[0]?.eml).not.toContain('X-Bm-Draft');
    const ndr = emu.control.mails('alice', 'INBOX').find((m) => m.subject === 'Non remis : Rapport');
    expect(ndr?.from).toBe('MAILER-DAEMON@example.test');
    expect(emu.control.mails('alice', 'Outbox')).toEqual([]);
  });

  it('recipients outside the directory land in the collected contacts', async () => {
    const id = await allocate(alice, 1);
    await alice.call(
      'PUT',
      `${items(alice, 'Drafts')}/id/${id}`,
      await draftBody(alice, {
        refresh: 3,
        messageId: '<cc@example.test>',
        to: [{ address: 'nouveau.contact@exterieur.example', dn: 'Nouveau Contact' }],
      }),
    );
    const { taskId } = await moveToOutboxAndFlush(alice, id);
    await pollTask(alice, taskId);
    const found = await alice.call('POST', '/api/addressbooks/_search', {
      from: 0,
      size: 5,
      query: 'value.communications.emails.value:(nouveau)',
      orderBy: 'Pertinance',
      escapeQuery: false,
    });
    expect(found.json.values).toEqual([
      expect.objectContaining({ containerUid: `book:CollectedContacts_${alice.uid}`, displayName: 'Nouveau Contact' }),
    ]);
  });

  it('a failed flush ends InError with the error as a JSON string, and the message stays in Outbox', async () => {
    const id = await allocate(alice, 1);
    await alice.call(
      'PUT',
      `${items(alice, 'Drafts')}/id/${id}`,
      await draftBody(alice, { refresh: 4, messageId: '<echec@example.test>' }),
    );
    emu.control.failNextFlush('SMTP error: 451 4.3.0 Temporary server error');
    const { taskId } = await moveToOutboxAndFlush(alice, id);
    const st = await pollTask(alice, taskId);
    expect(st.state).toBe('InError');
    expect(JSON.parse(st.result)).toEqual({ result: 'SMTP error: 451 4.3.0 Temporary server error' });
    expect(emu.control.sentCount('<echec@example.test>')).toBe(0);
    expect(emu.control.findByMessageId('alice', '<echec@example.test>').map((x) => x.folder)).toEqual(['Outbox']);
    const retry = await alice.call('POST', `/api/outbox/example.test/${alice.uid}/flush`);
    expect((await pollTask(alice, retry.json.id)).state).toBe('Success');
    expect(emu.control.sentCount('<echec@example.test>')).toBe(1);
  });

  it('flush needs Write on the mailbox', async () => {
    const bob = await login(emu, 'bob');
    expect((await bob.call('POST', `/api/outbox/example.test/${alice.uid}/flush`)).status).toBe(403);
  });
});
