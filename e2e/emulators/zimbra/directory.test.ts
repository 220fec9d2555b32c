// Contract: recipient completion and the GAL (brief §6, F15).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from './index';
import { TEST_NOW, login, soap } from './test-client';
import type { JsonObject } from './values';

let z: ZimbraEmulator;
let token: string;

beforeEach(async () => {
  z = await startZimbraEmulator({ now: () => TEST_NOW });
  token = (await login(z.url, 'alice', 'alicepw')).token;
});
afterEach(async () => {
  await z.close();
});

const call = (name: string, req: JsonObject = {}) => soap(z.url, name, req, { cookie: token });
type Match = {
  email: string;
  type: string;
  ranking: string;
  isGroup: boolean;
  id?: string;
  l?: string;
  display?: string;
  first?: string;
  last?: string;
  full?: string;
  fileas?: string;
  exp?: boolean;
};

describe('AutoCompleteRequest (§6)', () => {
  it('returns canBeCached and match[] with formatted addresses from the GAL and personal contacts', async () => {
    const r = await call('AutoCompleteRequest', { name: 'fr', includeGal: 1 });
    expect(r.body.canBeCached).toBe(true);
    const matches = r.body.match as Match[];
    expect(matches).toEqual([
      {
        email: '"François Dupont" <francois.dupont@example.test>',
        type: 'gal',
        ranking: '0',
        isGroup: false,
        display: 'François Dupont',
        first: 'François',
        last: 'Dupont',
        full: 'François Dupont',
      },
    ]);
    const contacts = (await call('AutoCompleteRequest', { name: 'béré', includeGal: 1 })).body.match as Match[];
    expect(contacts[0]).toMatchObject({
      email: '"Bérénice Fabre" <berenice.fabre@prefecture-occitanie.example>',
      type: 'contact',
      id: expect.any(String),
      l: '7',
      fileas: '1',
    });
  });

  it('ranks addresses the user wrote to; one match per contact address; contact beats GAL for the same address', async () => {
    const r = await call('AutoCompleteRequest', { name: 'bob', includeGal: 1 });
    const matches = r.body.match as Match[];
    expect(matches.map((m) => [m.type, m.email, m.ranking])).toEqual([
      ['contact', '"Bob Garnier" <bob@example.test>', '1'],
      ['contact', '"Bob Garnier" <bob.garnier@perso.example>', '0'],
    ]);
  });

  it('includes the GAL only with includeGal and the feature on; groups and resources by t', async () => {
    expect((await call('AutoCompleteRequest', { name: 'élo' })).body.match).toEqual([]);
    expect(
      ((await call('AutoCompleteRequest', { name: 'élo', includeGal: 1 })).body.match as Match[])[0]!.email,
    ).toContain('elodie.martin@example.test');
    const dl = (await call('AutoCompleteRequest', { name: 'dsi', includeGal: 1, t: 'all', needExp: 1 })).body
      .match as Match[];
    expect(dl[0]).toMatchObject({
      email: '"Direction du numérique (liste)" <dsi@example.test>',
      isGroup: true,
      exp: true,
    });
    const rooms = (await call('AutoCompleteRequest', { name: 'salle', includeGal: 1, t: 'resource' })).body
      .match as Match[];
    expect(rooms.map((m) => m.display)).toEqual([
      'Salle du Lez (site de Montpellier)',
      'Salle Garonne (Hôtel de Région, Toulouse)',
    ]);
    z.control.setAccountAttr('alice', 'zimbraFeatureGalAutoCompleteEnabled', 'FALSE');
    expect((await call('AutoCompleteRequest', { name: 'élo', includeGal: 1 })).body.match).toEqual([]);
  });

  it('matches case-insensitively but not accent-insensitively (as LDAP does)', async () => {
    expect(
      ((await call('AutoCompleteRequest', { name: 'LEFÈ', includeGal: 1 })).body.match as Match[]).map((m) => m.email),
    ).toEqual(['"Alice Lefèvre" <alice@example.test>']);
    expect((await call('AutoCompleteRequest', { name: 'lefe', includeGal: 1 })).body.match).toEqual([]);
    // Addresses are ASCII, so an e-mail prefix still finds Hélène.
    expect(((await call('AutoCompleteRequest', { name: 'hel', includeGal: 1 })).body.match as Match[]).length).toBe(1);
  });

  it('limits results and then says canBeCached:false', async () => {
    const r = await call('AutoCompleteRequest', { name: 'example', includeGal: 1, t: 'all', limit: 3 });
    expect((r.body.match as unknown[]).length).toBe(3);
    expect(r.body.canBeCached).toBe(false);
  });
});

describe('GAL requests (§6)', () => {
  it('SearchGalRequest and AutoCompleteGalRequest return cn[] with _attrs', async () => {
    const s = await call('SearchGalRequest', { name: 'Martin' });
    const cn = (s.body.cn as { id: string; _attrs: Record<string, unknown> }[])[0]!;
    expect(cn._attrs).toMatchObject({
      email: 'elodie.martin@example.test',
      fullName: 'Élodie Martin',
      firstName: 'Élodie',
      lastName: 'Martin',
      jobTitle: 'Directrice de cabinet adjointe',
      company: 'Région Occitanie',
    });
    expect(s.body).toMatchObject({ more: false, offset: 0, paginationSupported: true });
    const ac = await call('AutoCompleteGalRequest', { name: 'jé' });
    expect((ac.body.cn as { _attrs: { email: string } }[]).map((c) => c._attrs.email)).toEqual([
      'jerome.petit@example.test',
    ]);
  });

  it('SyncGalRequest: full then delta by token, with deleted[] entries', async () => {
    const full = await call('SyncGalRequest');
    const all = full.body.cn as { id: string; _attrs: { email: string } }[];
    expect(all).toHaveLength(11);
    expect(typeof full.body.token).toBe('string');
    z.control.addGalEntry({
      email: 'sophie.mercier@example.test',
      fullName: 'Sophie Mercier',
      firstName: 'Sophie',
      lastName: 'Mercier',
    });
    z.control.removeGalEntry('jerome.petit@example.test');
    const delta = await call('SyncGalRequest', { token: full.body.token as string });
    expect((delta.body.cn as { _attrs: { email: string } }[]).map((c) => c._attrs.email)).toEqual([
      'sophie.mercier@example.test',
    ]);
    expect(delta.body.deleted).toEqual([{ id: 'uid=jerome.petit,ou=people,dc=example,dc=test' }]);
    const none = await call('SyncGalRequest', { token: delta.body.token as string });
    expect(none.body.cn).toBeUndefined();
  });

  it('SyncGalRequest pages with limit/more and idOnly; disabled GAL sync → service.PERM_DENIED', async () => {
    const page = await call('SyncGalRequest', { limit: 4, idOnly: 1 });
    expect(page.body.more).toBe(true);
    expect(page.body.remain).toBe(7);
    expect(Object.keys((page.body.cn as JsonObject[])[0]!)).toEqual(['id']);
    const rest = await call('SyncGalRequest', { token: page.body.token as string });
    expect((rest.body.cn as unknown[]).length).toBe(7);
    z.control.setAccountAttr('alice', 'zimbraFeatureGalSyncEnabled', 'FALSE');
    expect((await call('SyncGalRequest')).fault?.code).toBe('service.PERM_DENIED');
  });
});
