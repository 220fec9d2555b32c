// Brief §4.1–4.5, §4.8, §5.1, §10.3 with fixtures E5–E10: folders, items, changesets, flags, bodies, search, versions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from './index.js';
import { login, type Session } from './testkit.js';

let emu: BlueMindEmulator;
let alice: Session;

beforeEach(async () => {
  emu = await startBlueMindEmulator();
  alice = await login(emu, 'alice');
});
afterEach(() => emu.close());

const items = (s: Session, folder: string) => `/api/mail_items/${s.folderUid(folder)}`;

describe('folders (§4.2, E5, E6)', () => {
  it('E5: _all lists ItemValue<MailboxFolder> with the MailboxReplica extras, INBOX first', async () => {
    const r = await alice.call('GET', `${alice.folders}/_all`);
    const [inbox] = r.json;
    expect(inbox).toMatchObject({
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      internalId: expect.any(Number),
      version: expect.any(Number),
      displayName: 'INBOX',
      externalId: null,
      flags: [],
      value: {
        name: 'INBOX',
        fullName: 'INBOX',
        parentUid: null,
        deleted: false,
        lastUid: expect.any(Number),
        uidValidity: expect.any(Number),
        dataLocation: 'bm-master',
      },
    });
    expect(inbox.value.acls[0]).toEqual({ subject: 'alice@example.test', rights: 'lrswipkxtecda' });
    const names = r.json.map((f: { value: { fullName: string } }) => f.value.fullName);
    expect(names.slice(0, 5)).toEqual(['INBOX', 'Sent', 'Drafts', 'Trash', 'Outbox']);
    expect(names).toEqual(
      expect.arrayContaining(['Junk', 'Templates', 'Projets/Bastide', 'Archives/2024', 'Réunions']),
    );
    const bastide = r.json.find((f: { value: { fullName: string } }) => f.value.fullName === 'Projets/Bastide');
    const projets = r.json.find((f: { value: { fullName: string } }) => f.value.fullName === 'Projets');
    expect(bastide.value).toMatchObject({ name: 'Bastide', parentUid: projets.uid });
  });

  it('E6: since=0 lists every folder in created; since=version answers version unchanged', async () => {
    const cs = (await alice.call('GET', `${alice.folders}/_changesetById?since=0`)).json;
    expect(cs.updated).toEqual([]);
    expect(cs.deleted).toEqual([]);
    expect(cs.created).toHaveLength(13);
    expect(cs.created[0]).toBe(alice.folderId('INBOX'));
    const again = (await alice.call('GET', `${alice.folders}/_changesetById?since=${cs.version}`)).json;
    expect(again).toEqual({ created: [], updated: [], deleted: [], version: cs.version });
    expect((await alice.call('GET', `${alice.folders}/_version`)).json).toBe(cs.version);
  });

  it('create is idempotent by fullName; rename and delete show in the changeset', async () => {
    const v0 = (await alice.call('GET', `${alice.folders}/_version`)).json;
    const a = await alice.call('PUT', alice.folders, {
      name: 'Dossiers sensibles',
      fullName: 'Dossiers sensibles',
      parentUid: null,
    });
    const b = await alice.call('PUT', alice.folders, {
      name: 'Dossiers sensibles',
      fullName: 'Dossiers sensibles',
      parentUid: null,
    });
    expect(a.json).toMatchObject({ uid: expect.any(String), id: expect.any(Number), version: expect.any(Number) });
    expect(b.json.id).toBe(a.json.id);
    const cs1 = (await alice.call('GET', `${alice.folders}/_changesetById?since=${v0}`)).json;
    expect(cs1.created).toEqual([a.json.id]);
    const ack = await alice.call('POST', `${alice.folders}/id/${a.json.id}`, {
      name: 'Confidentiel',
      fullName: 'Confidentiel',
      parentUid: null,
    });
    expect(ack.json).toMatchObject({ version: expect.any(Number) });
    const cs2 = (await alice.call('GET', `${alice.folders}/_changesetById?since=${cs1.version}`)).json;
    expect(cs2.updated).toEqual([a.json.id]);
    expect((await alice.call('GET', `${alice.folders}/byName/Confidentiel`)).json.internalId).toBe(a.json.id);
    await alice.call('DELETE', `${alice.folders}/id/${a.json.id}`);
    const cs3 = (await alice.call('GET', `${alice.folders}/_changesetById?since=${cs2.version}`)).json;
    expect(cs3.deleted).toEqual([a.json.id]);
    // created then deleted within the window → dropped entirely (§5.1)
    const cs4 = (await alice.call('GET', `${alice.folders}/_changesetById?since=${v0}`)).json;
    expect(cs4.created).not.toContain(a.json.id);
    expect(cs4.deleted).not.toContain(a.json.id);
  });

  it('createForHierarchy takes a client-chosen id', async () => {
    const r = await alice.call('PUT', `${alice.folders}/id/777001`, {
      name: 'Hors ligne',
      fullName: 'Hors ligne',
      parentUid: null,
    });
    expect(r.json.id).toBe(777001);
    expect((await alice.call('GET', `${alice.folders}/777001/completeById`)).json.value.fullName).toBe('Hors ligne');
  });

  it('deleting a folder sends its messages to Trash', async () => {
    const trashBefore = emu.control.mails('alice', 'Trash').length;
    await alice.call('DELETE', `${alice.folders}/id/${alice.folderId('Réunions')}`);
    expect(emu.control.mails('alice', 'Trash').length).toBe(trashBefore + 1);
    expect((await alice.call('GET', `${alice.folders}/byName/R%C3%A9unions`)).status).toBe(204);
  });
});

describe('items and changesets (§4.3, §5.1, E7, E8, E9)', () => {
  it('E8: _mgetById returns ItemValue<MailboxItem> with body, structure, string flags', async () => {
    const [first] = emu.control.mails('alice', 'INBOX').filter((m) => m.subject.startsWith('Avis juridique'));
    const r = await alice.call('POST', `${items(alice, 'INBOX')}/_mgetById`, [first?.id]);
    const [it] = r.json;
    expect(it).toMatchObject({
      internalId: first?.id,
      flags: ['Important'],
      value: {
        imapUid: expect.any(Number),
        flags: ['\\Flagged'],
        internalFlags: [],
        conversationId: expect.stringMatching(/^\d+$/),
        body: {
          subject: 'Avis juridique sur le marché de maintenance',
          smartAttach: true,
          recipients: [
            { kind: 'Originator', address: 'marie.lambert@example.test', dn: 'Marie Lambert' },
            { kind: 'Primary', address: 'alice@example.test', dn: 'Alice Martin' },
          ],
          messageId: first?.messageId,
          structure: {
            mime: 'multipart/mixed',
            address: 'TEXT',
            children: [
              { mime: 'text/plain', address: '1', charset: 'utf-8' },
              {
                mime: 'application/pdf',
                address: '2',
                fileName: 'avis-juridique-marche-2025.pdf',
                dispositionType: 'ATTACHMENT',
                encoding: 'base64',
              },
            ],
          },
          preview: expect.stringContaining('Bonjour Alice'),
        },
      },
    });
    expect(it.value.messageBody).toBe(it.value.body.guid);
    expect(typeof it.value.body.date).toBe('number');
  });

  it('E7: the filtered changeset reports an item newly \\Deleted as deleted; since=0 has no deleted', async () => {
    const inbox = items(alice, 'INBOX');
    const filter = { must: [], mustNot: ['Deleted'] };
    const init = (await alice.call('POST', `${inbox}/_filteredChangesetById?since=0`, filter)).json;
    expect(init.deleted).toEqual([]);
    expect(init.created[0]).toEqual({
      id: expect.any(Number),
      version: expect.any(Number),
      timestamp: expect.any(Number),
    });
    const a: number = init.created[0].id;
    const b: number = (await alice.call('GET', `${inbox}/_unread`)).json.find((id: number) => id !== a);
    await alice.call('PUT', `${inbox}/_addFlag`, { itemsId: [a], mailboxItemFlag: '\\Deleted' });
    await alice.call('PUT', `${inbox}/_addFlag`, { itemsId: [b], mailboxItemFlag: '\\Seen' });
    const next = (await alice.call('POST', `${inbox}/_filteredChangesetById?since=${init.version}`, filter)).json;
    expect(next.deleted.map((x: { id: number }) => x.id)).toEqual([a]);
    expect(next.updated.map((x: { id: number }) => x.id)).toEqual([b]);
    expect(next.version).toBeGreaterThan(init.version);
    // Unfiltered: the \Deleted item is still there, as updated.
    const plain = (await alice.call('GET', `${inbox}/_changesetById?since=${init.version}`)).json;
    expect(plain.updated).toContain(a);
  });

  it('new mail from elsewhere shows as created; an expunge as deleted; created+updated collapse to created', async () => {
    const inbox = items(alice, 'INBOX');
    const v = (await alice.call('GET', `${inbox}/_version`)).json;
    const { messageId } = emu.control.injectMail({
      from: 'bob',
      to: ['alice'],
      subject: 'Nouvelle note',
      text: 'Bonjour',
    });
    const id = emu.control.findByMessageId('alice', messageId)[0]?.id as number;
    emu.control.setMailFlags('alice', 'INBOX', id, { add: ['\\Seen'] });
    const cs = (await alice.call('GET', `${inbox}/_changesetById?since=${v}`)).json;
    expect(cs).toEqual({ created: [id], updated: [], deleted: [], version: v + 2 });
    const old = emu.control.mails('alice', 'INBOX')[0]?.id as number;
    emu.control.deleteMail('alice', 'INBOX', old);
    const cs2 = (await alice.call('GET', `${inbox}/_changesetById?since=${cs.version}`)).json;
    expect(cs2.deleted).toEqual([old]);
  });

  it('E9: _sorted with a filter; _count and _unread', async () => {
    const inbox = items(alice, 'INBOX');
    const ids = (
      await alice.call('POST', `${inbox}/_sorted`, {
        fields: [{ column: 'internal_date', dir: 'Desc' }],
        filter: { must: [], mustNot: ['Deleted'] },
      })
    ).json;
    const mails = emu.control.mails('alice', 'INBOX');
    expect(ids).toHaveLength(mails.length);
    const byDate = await alice.call('POST', `${inbox}/_mgetById`, ids);
    const dates = byDate.json.map((x: { value: { internalDate: number } }) => x.value.internalDate);
    expect([...dates].sort((p: number, q: number) => q - p)).toEqual(dates);
    const unreadCount = (await alice.call('POST', `${inbox}/_count`, { must: [], mustNot: ['Deleted', 'Seen'] })).json;
    const unread = (await alice.call('GET', `${inbox}/_unread`)).json;
    expect(unreadCount).toEqual({ total: unread.length });
    expect(unread.length).toBe(mails.filter((m) => !m.flags.includes('\\Seen')).length);
    const unseen = await alice.call('GET', `/api/inbox/example.test/${alice.uid}/_unseen`);
    expect(unseen.json).toBe(unread.length);
  });

  it('_itemIds pages ids and fails VERSION_HAS_CHANGED on a stale known version', async () => {
    const inbox = items(alice, 'INBOX');
    const v = (await alice.call('GET', `${inbox}/_version`)).json;
    const page = await alice.call(
      'GET',
      `${inbox}/_itemIds?filter=-deleted&knownContainerVersion=${v}&limit=5&offset=0`,
    );
    expect(page.json.values).toHaveLength(5);
    expect(page.json.total).toBe(emu.control.mails('alice', 'INBOX').length);
    emu.control.injectMail({ from: 'bob', to: ['alice'], subject: 'x', text: 'y' });
    const stale = await alice.call(
      'GET',
      `${inbox}/_itemIds?filter=-deleted&knownContainerVersion=${v}&limit=5&offset=0`,
    );
    expect(stale.status).toBe(500);
    expect(stale.json.errorCode).toBe('VERSION_HAS_CHANGED');
  });
});

describe('flags (E10)', () => {
  it('E10: _addFlag is PUT, _deleteFlag is POST; both answer an Ack', async () => {
    const inbox = items(alice, 'INBOX');
    const unread = (await alice.call('GET', `${inbox}/_unread`)).json.slice(0, 2);
    const add = await alice.call('PUT', `${inbox}/_addFlag`, { itemsId: unread, mailboxItemFlag: '\\Seen' });
    expect(add.status).toBe(200);
    expect(add.json).toEqual({ version: expect.any(Number), timestamp: expect.any(Number) });
    expect(
      emu.control
        .mails('alice', 'INBOX')
        .filter((m) => unread.includes(m.id))
        .every((m) => m.flags.includes('\\Seen')),
    ).toBe(true);
    expect((await alice.call('POST', `${inbox}/_addFlag`, { itemsId: unread, mailboxItemFlag: '\\Seen' })).status).toBe(
      500,
    );
    await alice.call('POST', `${inbox}/_deleteFlag`, { itemsId: unread, mailboxItemFlag: '\\Seen' });
    expect(
      emu.control
        .mails('alice', 'INBOX')
        .filter((m) => unread.includes(m.id))
        .some((m) => m.flags.includes('\\Seen')),
    ).toBe(false);
  });

  it('the server accepts the old object form on input', async () => {
    const inbox = items(alice, 'INBOX');
    const [id] = (await alice.call('GET', `${inbox}/_unread`)).json;
    await alice.call('PUT', `${inbox}/_addFlag`, { itemsId: [id], mailboxItemFlag: { flag: '$Forwarded', value: 0 } });
    expect(emu.control.mails('alice', 'INBOX').find((m) => m.id === id)?.flags).toContain('$Forwarded');
  });

  it('Important (container flag) follows \\Flagged', async () => {
    const inbox = items(alice, 'INBOX');
    const [id] = (await alice.call('GET', `${inbox}/_unread`)).json;
    await alice.call('PUT', `${inbox}/_addFlag`, { itemsId: [id], mailboxItemFlag: '\\Flagged' });
    const count = (await alice.call('POST', `${inbox}/_count`, { must: ['Important'], mustNot: [] })).json.total;
    expect(count).toBe(emu.control.mails('alice', 'INBOX').filter((m) => m.flags.includes('\\Flagged')).length);
  });
});

describe('moves and deletion (§4.3)', () => {
  it('IItemsTransfer move gives new ids in the target', async () => {
    const [m] = emu.control.mails('alice', 'INBOX');
    const r = await alice.call(
      'POST',
      `/api/mail_items_transfer/${alice.folderUid('INBOX')}/${alice.folderUid('Archives')}/move`,
      [m?.id],
    );
    expect(r.json).toHaveLength(1);
    expect(r.json[0].id).not.toBe(m?.id);
    expect(emu.control.findByMessageId('alice', m?.messageId ?? '')).toEqual([
      { folder: 'Archives', id: r.json[0].id },
    ]);
  });

  it('_multipleDelete (DELETE with a body): outside Trash a move to Trash, inside Trash an expunge', async () => {
    const [m] = emu.control.mails('alice', 'INBOX');
    const r = await alice.call('DELETE', `${items(alice, 'INBOX')}/_multipleDelete`, [m?.id]);
    expect(r.status).toBe(200);
    const [inTrash] = emu.control.findByMessageId('alice', m?.messageId ?? '');
    expect(inTrash?.folder).toBe('Trash');
    await alice.call('DELETE', `${items(alice, 'Trash')}/_multipleDelete`, [inTrash?.id]);
    expect(emu.control.findByMessageId('alice', m?.messageId ?? '')).toEqual([]);
  });

  it('importItems copies by folder internal ids', async () => {
    const [m] = emu.control.mails('alice', 'INBOX');
    const r = await alice.call('PUT', `${alice.folders}/importItems/${alice.folderId('Archives')}`, {
      mailboxFolderId: alice.folderId('INBOX'),
      ids: [{ id: m?.id }, { id: 424242 }],
      deleteFromSource: false,
    });
    expect(r.json.status).toBe('PARTIAL');
    expect(r.json.doneIds).toEqual([{ source: m?.id, destination: expect.any(Number) }]);
    expect(
      emu.control
        .findByMessageId('alice', m?.messageId ?? '')
        .map((x) => x.folder)
        .sort(),
    ).toEqual(['Archives', 'INBOX']);
  });
});

describe('bodies (§4.5)', () => {
  it('part/{imapUid}/{address} returns the decoded part; mime/charset/filename override the headers', async () => {
    const r = await alice.call('POST', `${items(alice, 'INBOX')}/_mgetById`, [
      emu.control.mails('alice', 'INBOX').find((m) => m.subject.startsWith('Avis'))?.id,
    ]);
    const imapUid = r.json[0].value.imapUid;
    const text = await alice.call(
      'GET',
      `${items(alice, 'INBOX')}/part/${imapUid}/1?encoding=quoted-printable&mime=text/plain&charset=utf-8`,
    );
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.text).toContain('Deux clauses méritent');
    const pdf = await alice.call('GET', `${items(alice, 'INBOX')}/part/${imapUid}/2?encoding=base64&filename=avis.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/octet-stream');
    expect(pdf.headers.get('content-disposition')).toContain('avis.pdf');
    expect(pdf.text.startsWith('%PDF-1.4')).toBe(true);
  });

  it('eml/{imapUid} returns the whole message as message/rfc822', async () => {
    const r = await alice.call('POST', `${items(alice, 'INBOX')}/_mgetById`, [
      emu.control.mails('alice', 'INBOX')[0]?.id,
    ]);
    const eml = await alice.call('GET', `${items(alice, 'INBOX')}/eml/${r.json[0].value.imapUid}`);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    expect(eml.text).toMatch(/^From: /);
    expect(eml.text).toContain(`Message-ID: ${r.json[0].value.body.messageId}`);
    expect(eml.text).toContain('Subject: =?UTF-8?B?');
  });
});

describe('search (§4.8)', () => {
  it('free text (accent-insensitive) and recordQuery in a folder scope', async () => {
    const r = await alice.call('POST', `${alice.folders}/_search`, {
      query: {
        query: 'comite',
        recordQuery: '',
        maxResults: 50,
        offset: 0,
        scope: { folderScope: { folderUid: null }, isDeepTraversal: false },
        logicalOperator: 'AND',
      },
      sort: { criteria: [{ field: 'date', order: 'Desc' }] },
    });
    expect(r.json.totalResults).toBeGreaterThan(0);
    expect(r.json.results[0]).toMatchObject({
      containerUid: expect.stringMatching(/^mbox_records_/),
      itemId: expect.any(Number),
      messageClass: 'IPM.Note',
      from: { address: expect.any(String) },
    });
    const unread = await alice.call('POST', `${alice.folders}/_search`, {
      query: {
        query: '',
        recordQuery: 'is:unread',
        maxResults: 500,
        offset: 0,
        scope: { folderScope: { folderUid: alice.folderUid('INBOX') }, isDeepTraversal: false },
      },
      sort: { criteria: [{ field: 'date', order: 'Desc' }] },
    });
    expect(
      unread.json.results.every(
        (x: { seen: boolean; containerUid: string }) =>
          !x.seen && x.containerUid === `mbox_records_${alice.folderUid('INBOX')}`,
      ),
    ).toBe(true);
    expect(unread.json.totalResults).toBe(
      emu.control.mails('alice', 'INBOX').filter((m) => !m.flags.includes('\\Seen')).length,
    );
  });
});

describe('shared mailbox and ACL (§4.1)', () => {
  it('subscriptions → _manage/_mget → directory: the mailshare appears with its verbs', async () => {
    const subs = (await alice.call('GET', `/api/containers/_subscriptions/example.test/${alice.uid}/_list`)).json;
    const acl = subs.filter((s: { value: { containerType: string } }) => s.value.containerType === 'mailboxacl');
    expect(acl).toHaveLength(2);
    const descriptors = (
      await alice.call(
        'POST',
        '/api/containers/_manage/_mget',
        acl.map((s: { value: { containerUid: string } }) => s.value.containerUid),
      )
    ).json;
    const share = descriptors.find((d: { ownerDirEntryPath: string }) => d.ownerDirEntryPath.includes('/mailshares/'));
    expect(share).toMatchObject({ type: 'mailboxacl', verbs: ['Write'], domainUid: 'example.test' });
    const dir = (await alice.call('POST', '/api/directory/example.test/_mget', [share.owner])).json;
    expect(dir[0].value).toMatchObject({ kind: 'MAILSHARE', email: 'secretariat@example.test' });
    const folders = await alice.call('GET', `/api/mail_folders/example_test/${share.owner}/_all`);
    expect(folders.json.map((f: { value: { fullName: string } }) => f.value.fullName)).toEqual(
      expect.arrayContaining(['secretariat', 'secretariat/Sent', 'secretariat/Trash']),
    );
    expect((await alice.call('GET', `/api/mail_folders/example_test/${share.owner}/_root`)).json.value.fullName).toBe(
      'secretariat',
    );
    expect((await alice.call('GET', `${alice.folders}/_root`)).status).toBe(204);
  });

  it('Read-only access cannot write; no access is 403', async () => {
    const shareUid = emu.control.folders('secretariat')[0]?.uid ?? '';
    const bob = await login(emu, 'bob');
    const carol = await login(emu, 'carol');
    const [m] = emu.control.mails('secretariat', 'secretariat');
    expect((await bob.call('POST', `/api/mail_items/${shareUid}/_mgetById`, [m?.id])).status).toBe(200);
    expect(
      (await bob.call('PUT', `/api/mail_items/${shareUid}/_addFlag`, { itemsId: [m?.id], mailboxItemFlag: '\\Seen' }))
        .status,
    ).toBe(403);
    expect((await carol.call('POST', `/api/mail_items/${shareUid}/_mgetById`, [m?.id])).status).toBe(403);
  });
});

describe('4.8 vs 5.x (§10.3)', () => {
  it('5.x: _mgetById only; 4.8: _multipleById only — the other is an unknown route (500)', async () => {
    const inbox = items(alice, 'INBOX');
    const [m] = emu.control.mails('alice', 'INBOX');
    expect((await alice.call('POST', `${inbox}/_multipleById`, [m?.id])).status).toBe(500);
    emu.control.setVersion('4.8');
    expect((await alice.call('POST', `${inbox}/_mgetById`, [m?.id])).status).toBe(500);
    const old = await alice.call('POST', `${inbox}/_multipleById`, [m?.id]);
    expect(old.status).toBe(200);
    expect(old.json[0].internalId).toBe(m?.id);
    // Folders had _mgetById already in 4.8.
    expect((await alice.call('POST', `${alice.folders}/_mgetById`, [alice.folderId('INBOX')])).json).toHaveLength(1);
    const v = await alice.call('GET', '/api/system/installation/version');
    expect(v.json.softwareVersion).toMatch(/^4\.8\./);
  });

  it('flags as objects for pre-2020 servers', async () => {
    const objects = await startBlueMindEmulator({ flagsAsObjects: true });
    try {
      const a = await login(objects, 'alice');
      const m = objects.control.mails('alice', 'INBOX').find((x) => x.flags.includes('\\Seen'));
      const r = await a.call('POST', `/api/mail_items/${a.folderUid('INBOX')}/_mgetById`, [m?.id]);
      expect(r.json[0].value.flags).toContainEqual({ flag: '\\Seen', value: 16 });
      expect(r.json[0].flags).toContain('Seen');
    } finally {
      await objects.close();
    }
  });
});
