import { describe, expect, it } from 'vitest';
import type { PreconfiguredAccount } from './accounts';
import { assertAccountAllowed, preconfiguredEntries } from './preconfigured';
import { createPolicy } from './runtime';

const accounts: PreconfiguredAccount[] = [
  {
    kind: 'bluemind',
    label: 'Messagerie de la Région',
    serverUrl: 'https://mail.laregion.fr',
    username: '${osUser}@laregion.fr',
    sso: true,
  },
  { kind: 'exo', label: 'Espace collaboratif', serverUrl: 'https://collab.laregion.fr' },
  { kind: 'imap', label: 'Courrier', serverUrl: 'imaps://imap.laregion.fr', username: '${osUser}' },
  {
    kind: 'imap',
    label: 'Archives',
    serverUrl: 'imap://archives.laregion.fr:1143',
    smtpUrl: 'smtps://smtp.laregion.fr',
    username: 'archives',
  },
  { kind: 'xmpp', label: 'Messagerie instantanée', serverUrl: 'xmpps://chat.laregion.fr', username: '${osUser}' },
];

describe('preconfiguredEntries', () => {
  it('gives each account its server, its username for this OS user and its sign-in method', () => {
    const entries = preconfiguredEntries(accounts, 'jdupont');
    expect(entries.map(({ id: _id, ...entry }) => entry)).toEqual([
      {
        kindId: 'bluemind',
        label: 'Messagerie de la Région',
        server: { type: 'web', url: 'https://mail.laregion.fr' },
        username: 'jdupont@laregion.fr',
        method: 'sso',
        accountId: null,
      },
      {
        kindId: 'exo',
        label: 'Espace collaboratif',
        server: { type: 'web', url: 'https://collab.laregion.fr' },
        username: null,
        method: 'password',
        accountId: null,
      },
      {
        kindId: 'imap',
        label: 'Courrier',
        server: {
          type: 'mail',
          incoming: { host: 'imap.laregion.fr', port: 993, security: 'tls' },
          outgoing: { host: 'imap.laregion.fr', port: 587, security: 'starttls' },
        },
        username: 'jdupont',
        method: 'password',
        accountId: null,
      },
      {
        kindId: 'imap',
        label: 'Archives',
        server: {
          type: 'mail',
          incoming: { host: 'archives.laregion.fr', port: 1143, security: 'starttls' },
          outgoing: { host: 'smtp.laregion.fr', port: 465, security: 'tls' },
        },
        username: 'archives',
        method: 'password',
        accountId: null,
      },
      {
        kindId: 'xmpp',
        label: 'Messagerie instantanée',
        server: {
          type: 'chat',
          domain: 'chat.laregion.fr',
          endpoint: { host: 'chat.laregion.fr', port: 5223, security: 'tls' },
        },
        username: 'jdupont',
        method: 'password',
        accountId: null,
      },
    ]);
  });

  it('keeps ids stable across starts and distinct between users', () => {
    const ids = preconfiguredEntries(accounts, 'jdupont').map((entry) => entry.id);
    expect(new Set(ids).size).toBe(accounts.length);
    expect(preconfiguredEntries(accounts, 'jdupont').map((entry) => entry.id)).toEqual(ids);
    expect(preconfiguredEntries(accounts, 'mmartin')[0]!.id).not.toBe(ids[0]);
  });

  it('links an entry to the account created from it', () => {
    const existing = [
      {
        id: 'acc-1',
        kindId: 'bluemind',
        server: { type: 'web' as const, url: 'https://MAIL.laregion.fr/' },
        username: 'JDupont@laregion.fr',
      },
      {
        id: 'acc-2',
        kindId: 'exo',
        server: { type: 'web' as const, url: 'https://collab.laregion.fr' },
        username: 'x',
      },
      {
        id: 'acc-3',
        kindId: 'bluemind',
        server: { type: 'web' as const, url: 'https://autre.example.org' },
        username: 'jdupont@laregion.fr',
      },
    ];
    const entries = preconfiguredEntries(accounts, 'jdupont', existing);
    expect(entries.map((entry) => entry.accountId)).toEqual(['acc-1', 'acc-2', null, null, null]);
  });
});

describe('assertAccountAllowed', () => {
  const web = (url: string) => ({ type: 'web' as const, url });

  it('refuses servers outside AllowedServerHosts', () => {
    const policy = createPolicy({ AllowedServerHosts: ['*.laregion.fr'] }, [], 'jdupont');
    expect(() =>
      assertAccountAllowed(policy, { kindId: 'zimbra', server: web('https://mail.laregion.fr'), username: 'a' }),
    ).not.toThrow();
    expect(() =>
      assertAccountAllowed(policy, { kindId: 'zimbra', server: web('https://mail.example.org'), username: 'a' }),
    ).toThrow(expect.objectContaining({ code: 'policy.hostNotAllowed', params: { host: 'mail.example.org' } }));
  });

  it('lets only preconfigured accounts in when adding is locked', () => {
    const policy = createPolicy({ AllowAccountAdd: false, PreconfiguredAccounts: accounts }, [], 'jdupont');
    expect(() =>
      assertAccountAllowed(policy, {
        kindId: 'bluemind',
        server: web('https://mail.laregion.fr'),
        username: 'jdupont@laregion.fr',
      }),
    ).not.toThrow();
    // The username is the user's to type when the policy leaves it out.
    expect(() =>
      assertAccountAllowed(policy, { kindId: 'exo', server: web('https://collab.laregion.fr'), username: 'anyone' }),
    ).not.toThrow();
    for (const other of [
      { kindId: 'bluemind', server: web('https://mail.laregion.fr'), username: 'someone-else@laregion.fr' },
      { kindId: 'zimbra', server: web('https://mail.laregion.fr'), username: 'jdupont@laregion.fr' },
      { kindId: 'bluemind', server: web('https://mail.example.org'), username: 'jdupont@laregion.fr' },
    ]) {
      expect(() => assertAccountAllowed(policy, other), JSON.stringify(other)).toThrow(
        expect.objectContaining({ code: 'policy.accountAddLocked' }),
      );
    }
  });
});
