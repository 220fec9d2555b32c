import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from '../../../e2e/emulators/zimbra';
import { autoComplete, parseAddress, syncGal } from './directory';
import { testClient } from './testing';

const ACCOUNT = 'zimbra-1';

describe('addresses', () => {
  it('reads formatted addresses', () => {
    expect(parseAddress('"Bob Smith" <bob@example.com>')).toEqual({ name: 'Bob Smith', address: 'bob@example.com' });
    expect(parseAddress('"Garnier, \\"Bob\\"" <bob@example.com>')).toEqual({
      name: 'Garnier, "Bob"',
      address: 'bob@example.com',
    });
    expect(parseAddress('Hélène <h@example.com>')).toEqual({ name: 'Hélène', address: 'h@example.com' });
    expect(parseAddress('bob@example.com')).toEqual({ name: null, address: 'bob@example.com' });
    expect(parseAddress('not an address')).toBeNull();
  });
});

describe('directory against the emulator', () => {
  let zimbra: ZimbraEmulator;

  beforeAll(async () => {
    zimbra = await startZimbraEmulator({ now: () => new Date('2025-03-26T08:00:00Z') });
  });
  afterAll(async () => {
    await zimbra.close();
  });

  it('completes recipients from the GAL and the contacts, one person per address', async () => {
    const { client } = testClient(zimbra.url);
    const { people } = await autoComplete(client, ACCOUNT, 'bo', 10);
    expect(people).toContainEqual({
      id: `${ACCOUNT}:person:bob@example.test`,
      name: 'Bob Garnier',
      address: 'bob@example.test',
    });
    expect(new Set(people.map((p) => p.address)).size).toBe(people.length);
    const limited = await autoComplete(client, ACCOUNT, 'e', 2);
    expect(limited.people.length).toBeLessThanOrEqual(2);
  });

  it('copies the GAL page by page, then applies additions and deletions from the token', async () => {
    const { client } = testClient(zimbra.url);
    const full = await syncGal(client, ACCOUNT, null, undefined, 3);
    expect(full).not.toBeNull();
    expect(full!.people.length).toBeGreaterThan(3); // more than one page
    expect(full!.people.find((p) => p.address === 'helene.bernard@example.test')?.name).toBe('Hélène Bernard');

    zimbra.control.addGalEntry({ email: 'nouvel.agent@example.test', fullName: 'Nouvel Agent' });
    zimbra.control.removeGalEntry('jerome.petit@example.test');
    const delta = await syncGal(client, ACCOUNT, full!.token);
    expect(delta!.people.map((p) => p.address)).toEqual(['nouvel.agent@example.test']);
    expect(delta!.deleted).toHaveLength(1);
    const jerome = [...full!.entries].find(([, person]) => person.endsWith('jerome.petit@example.test'));
    expect(delta!.deleted[0]).toBe(jerome?.[0]);
  });

  it('says so when the server does not allow GAL sync', async () => {
    zimbra.control.setAccountAttr('carol', 'zimbraFeatureGalSyncEnabled', 'FALSE');
    const { client } = testClient(zimbra.url, 'carol');
    expect(await syncGal(client, ACCOUNT, null)).toBeNull();
  });
});
