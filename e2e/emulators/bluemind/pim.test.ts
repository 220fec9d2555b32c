// Brief §6 (recipient autocomplete, E16), §8 (file hosting, links) and §7 (calendar read).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from './index.js';
import { call, login, type Session } from './testkit.js';

let emu: BlueMindEmulator;
let alice: Session;
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2025, 5, 3, 8, 0, 0);
  emu = await startBlueMindEmulator({ now: () => new Date(clock) });
  alice = await login(emu, 'alice');
});
afterEach(() => emu.close());

/** The query the webmail builds for autocomplete (brief §6, E16). */
const autocomplete = (t: string) =>
  `(value.identification.formatedName.value:(${t}) OR value.communications.emails.value:(${t})) AND ((value.kind:group AND _exists_:value.organizational.member) OR _exists_:value.communications.emails.value)`;

describe('recipient autocomplete (§6, E16)', () => {
  it('E16: the webmail query finds directory and personal contacts by name or e-mail prefix', async () => {
    const r = await alice.call('POST', '/api/addressbooks/_search', {
      from: 0,
      size: 5,
      orderBy: 'Pertinance',
      escapeQuery: false,
      query: autocomplete('ann'),
    });
    expect(r.status).toBe(200);
    expect(r.json.total).toBe(2);
    expect(r.json.values.map((v: { displayName: string }) => v.displayName).sort()).toEqual([
      'Ann Smith',
      'Annabelle Costes',
    ]);
    expect(r.json.values.find((v: { displayName: string }) => v.displayName === 'Ann Smith')).toEqual({
      containerUid: `book:Contacts_${alice.uid}`,
      uid: expect.any(String),
      version: expect.any(Number),
      displayName: 'Ann Smith',
      externalId: null,
      createdBy: 'system',
      updatedBy: 'system',
      created: expect.any(Number),
      updated: expect.any(Number),
      value: {
        kind: 'individual',
        mail: 'ann.smith@partner.example',
        tel: null,
        formatedName: 'Ann Smith',
        categories: [],
        memberCount: 0,
        photo: false,
        source: null,
        hasSecurityKey: false,
      },
    });
  });

  it('accents are folded, directory entries come first, size limits the page', async () => {
    const r = await alice.call('POST', '/api/addressbooks/_search', {
      from: 0,
      size: 5,
      orderBy: 'Pertinance',
      escapeQuery: false,
      query: autocomplete('elodie'),
    });
    expect(r.json.values[0]).toMatchObject({
      containerUid: 'addressbook_example.test',
      displayName: 'Élodie Garnier',
      value: { mail: 'elodie.garnier@example.test', source: expect.stringMatching(/^bm:\/\/example\.test\/users\//) },
    });
    const many = await alice.call('POST', '/api/addressbooks/_search', {
      from: 0,
      size: 3,
      orderBy: 'Pertinance',
      escapeQuery: false,
      query: autocomplete('example'),
    });
    expect(many.json.values).toHaveLength(3);
    expect(many.json.total).toBeGreaterThan(3);
  });

  it('groups with members match; restricting with containerUid works; escaped characters are literal', async () => {
    const g = await alice.call('POST', '/api/addressbooks/_search', {
      from: 0,
      size: 5,
      orderBy: 'Pertinance',
      escapeQuery: false,
      query: autocomplete('direction'),
    });
    expect(g.json.values[0].value).toMatchObject({ kind: 'group', memberCount: 4, mail: 'dsi@example.test' });
    const team = await alice.call('POST', '/api/addressbooks/_search', {
      from: 0,
      size: 5,
      orderBy: 'Pertinance',
      escapeQuery: false,
      query: autocomplete('equipe'),
    });
    expect(team.json.values[0].value).toMatchObject({
      kind: 'group',
      formatedName: 'Équipe projet Bastide',
      mail: null,
      memberCount: 4,
    });
    const only = await alice.call('POST', '/api/addressbooks/_search', {
      from: 0,
      size: 10,
      orderBy: 'FormatedName',
      escapeQuery: false,
      query: `${autocomplete('a')} AND containerUid:book\\:Contacts_${alice.uid}`,
    });
    expect(
      only.json.values.every((v: { containerUid: string }) => v.containerUid === `book:Contacts_${alice.uid}`),
    ).toBe(true);
    expect(only.json.total).toBeGreaterThan(0);
    const escaped = await alice.call('POST', '/api/addressbooks/_search', {
      from: 0,
      size: 5,
      orderBy: 'Pertinance',
      escapeQuery: false,
      query: autocomplete('ann.smith@partner'),
    });
    expect(escaped.json.values.map((v: { displayName: string }) => v.displayName)).toEqual(['Ann Smith']);
  });

  it("another user's personal book is not searched", async () => {
    const bob = await login(emu, 'bob');
    const r = await bob.call('POST', '/api/addressbooks/_search', {
      from: 0,
      size: 5,
      orderBy: 'Pertinance',
      escapeQuery: false,
      query: autocomplete('ann'),
    });
    expect(r.json.total).toBe(0);
  });

  it('offline cache of the directory: _changeset since 0, then _mget of the uids', async () => {
    const book = '/api/addressbooks/addressbook_example.test';
    const cs = (await alice.call('GET', `${book}/_changeset?since=0`)).json;
    expect(cs.deleted).toEqual([]);
    expect(cs.created.length).toBeGreaterThan(8);
    const cards = (await alice.call('POST', `${book}/_mget`, cs.created.slice(0, 3))).json;
    expect(cards[0].value).toMatchObject({
      kind: 'individual',
      identification: { formatedName: { value: expect.any(String) } },
      communications: { emails: [{ value: expect.stringContaining('@example.test') }] },
    });
    expect((await alice.call('GET', `${book}/_changeset?since=${cs.version}`)).json).toEqual({
      created: [],
      updated: [],
      deleted: [],
      version: cs.version,
    });
    expect((await alice.call('GET', `${book}/nope/complete`)).status).toBe(204);
  });

  it('directory search and lookup by e-mail', async () => {
    const r = await alice.call('POST', '/api/directory/example.test/_search', {
      nameOrEmailFilter: 'garnier',
      kindsFilter: ['USER'],
      from: 0,
      size: 10,
    });
    expect(r.json.values[0].value).toMatchObject({
      kind: 'USER',
      email: 'elodie.garnier@example.test',
      path: expect.stringMatching(/^example\.test\/users\//),
    });
    expect(
      (await alice.call('GET', '/api/directory/example.test/_byEmail/e.garnier%40example.test')).json.value.displayName,
    ).toBe('Élodie Garnier');
    expect((await alice.call('GET', '/api/directory/example.test/_byEmail/inconnu%40example.test')).status).toBe(204);
  });
});

describe('file hosting (§8)', () => {
  it('roles gate the API with 500 FORBIDDEN, not 403', async () => {
    const carol = await login(emu, 'carol');
    const r = await carol.call('GET', '/api/filehosting/example.test/_info');
    expect(r.status).toBe(500);
    expect(r.json).toEqual({
      errorCode: 'FORBIDDEN',
      errorType: 'ServerFault',
      message: 'API method call requires following roles: [canUseFilehosting, canRemoteAttach]',
    });
    expect((await carol.call('GET', '/api/attachment/example.test/_config')).json.errorCode).toBe('FORBIDDEN');
  });

  it('the threshold: _config / user setting follow the server setting', async () => {
    expect((await alice.call('GET', '/api/attachment/example.test/_config')).json).toEqual({
      autoDetachmentLimit: 0,
      maxFilesize: 0,
      retentionTime: 30,
    });
    emu.control.setFilehosting({ autoDetachmentLimit: 5 * 1024 * 1024, maxFilesize: 100 * 1024 * 1024 });
    expect((await alice.call('GET', '/api/attachment/example.test/_config')).json).toEqual({
      autoDetachmentLimit: 5242880,
      maxFilesize: 104857600,
      retentionTime: 30,
    });
    expect(
      (await alice.call('GET', `/api/users/example.test/${alice.uid}/_settings`)).json.mail_autoDetachmentLimit,
    ).toBe('5242880');
    expect((await alice.call('GET', '/api/auth')).json.settings.mail_autoDetachmentLimit).toBe('5242880');
    expect((await alice.call('GET', '/api/filehosting/example.test/_info')).json).toMatchObject({
      present: true,
      type: 'INTERNAL',
    });
  });

  it('"send as link": IAttachment.share returns a public URL that serves the bytes until it expires', async () => {
    const content = Buffer.from('%PDF-1.4 rapport volumineux');
    const r = await call(
      emu.url,
      'PUT',
      `/api/attachment/example.test/${encodeURIComponent('rapport final.pdf')}/share`,
      {
        key: alice.key,
        rawBody: content,
        headers: { 'Content-Type': 'application/octet-stream' },
      },
    );
    expect(r.json).toEqual({
      publicUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/fh\/bm-fh\//),
      expirationDate: clock + 30 * 86_400_000,
      name: 'rapport final.pdf',
      cid: null,
    });
    const dl = await fetch(r.json.publicUrl);
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(content)).toBe(true);
    expect(emu.control.shares()[0]).toMatchObject({ name: 'rapport final.pdf', downloads: 1 });
    clock += 31 * 86_400_000;
    expect((await fetch(r.json.publicUrl)).status).toBe(404);
  });

  it('a file over maxFilesize is refused; filehosting switched off says present:false', async () => {
    emu.control.setFilehosting({ maxFilesize: 10 });
    const r = await call(emu.url, 'PUT', '/api/attachment/example.test/gros.bin/share', {
      key: alice.key,
      rawBody: Buffer.alloc(11),
    });
    expect(r.json.errorCode).toBe('ENTITY_TOO_LARGE');
    emu.control.setFilehosting({ enabled: false });
    expect((await alice.call('GET', '/api/filehosting/example.test/_info')).json.present).toBe(false);
  });

  it('IFileHosting: upload, list, exists, content, share with a download limit', async () => {
    const put = await call(
      emu.url,
      'PUT',
      `/api/filehosting/example.test/${encodeURIComponent('/Partages/note.txt')}`,
      { key: alice.key, rawBody: 'Note de service' },
    );
    expect(put.status).toBe(200);
    const list = (await alice.call('GET', `/api/filehosting/example.test/_list?path=${encodeURIComponent('/')}`)).json;
    expect(list.map((i: { name: string; type: string }) => `${i.type}:${i.name}`).sort()).toEqual([
      'DIRECTORY:Documents',
      'DIRECTORY:Partages',
    ]);
    expect(
      (await alice.call('GET', `/api/filehosting/example.test/${encodeURIComponent('/Partages/note.txt')}/_exists`))
        .json,
    ).toBe(true);
    expect(
      (await alice.call('GET', `/api/filehosting/example.test/${encodeURIComponent('/Partages/note.txt')}/_content`))
        .text,
    ).toBe('Note de service');
    const share = (
      await alice.call(
        'GET',
        `/api/filehosting/example.test/_share?path=${encodeURIComponent('/Partages/note.txt')}&downloadLimit=1`,
      )
    ).json;
    expect(share).toEqual({ url: expect.stringContaining('/fh/bm-fh/'), expirationDate: expect.any(Number) });
    expect((await fetch(share.url)).status).toBe(200);
    expect((await fetch(share.url)).status).toBe(404);
  });
});

describe('calendar (§7)', () => {
  const cal = () => `/api/calendars/${encodeURIComponent(`calendar:Default:${alice.uid}`)}`;
  const range = (from: string, to: string) => ({
    dateMin: { iso8601: from, timezone: 'Europe/Paris', precision: 'DateTime' },
    dateMax: { iso8601: to, timezone: 'Europe/Paris', precision: 'DateTime' },
    from: 0,
    size: 100,
  });

  it('_search lists the events of a range, with recurring series that occur in it', async () => {
    const r = await alice.call(
      'POST',
      `${cal()}/_search`,
      range('2025-06-02T00:00:00.000+02:00', '2025-06-09T00:00:00.000+02:00'),
    );
    const names = r.json.values.map((v: { value: { main: { summary: string } } }) => v.value.main.summary);
    expect(names).toEqual(["Point d'équipe numérique", 'Comité de pilotage Bastide']);
    const copil = r.json.values[1];
    expect(copil).toMatchObject({
      uid: expect.any(String),
      internalId: expect.any(Number),
      value: {
        icsUid: copil.uid,
        main: {
          dtstart: { iso8601: '2025-06-05T14:00:00.000+02:00', timezone: 'Europe/Paris', precision: 'DateTime' },
          location: 'Salle Garonne — Hôtel de Région, Toulouse',
          conference: 'https://visio.example.test/comite-bastide',
          organizer: { mailto: 'jean.dupont@example.test' },
        },
        occurrences: [],
      },
    });
    expect(copil.value.main.attendees).toHaveLength(4);
    const weekly = r.json.values[0].value.main.rrule;
    expect(weekly).toMatchObject({ frequency: 'WEEKLY', interval: 1, byDay: [{ day: 'MO', offset: 0 }] });
  });

  it("all-day events use precision Date; another user's calendar is refused", async () => {
    const r = await alice.call(
      'POST',
      `${cal()}/_search`,
      range('2025-06-15T00:00:00.000+02:00', '2025-06-22T00:00:00.000+02:00'),
    );
    const conges = r.json.values.find(
      (v: { value: { main: { summary: string } } }) => v.value.main.summary === 'Congés',
    );
    expect(conges.value.main.dtstart).toEqual({ iso8601: '2025-06-16', timezone: null, precision: 'Date' });
    const bobCal = `/api/calendars/${encodeURIComponent(`calendar:Default:${emu.control.user('bob').uid}`)}/_search`;
    expect((await alice.call('POST', bobCal, range('2025-06-01T00:00:00Z', '2025-07-01T00:00:00Z'))).status).toBe(403);
  });

  it('changeset + _mgetById for a sync', async () => {
    const cs = (await alice.call('GET', `${cal()}/_changesetById?since=0`)).json;
    expect(cs.created).toHaveLength(5);
    const got = (await alice.call('POST', `${cal()}/_mgetById`, cs.created)).json;
    expect(got.map((g: { displayName: string }) => g.displayName)).toContain('Formation RGPD');
  });
});
