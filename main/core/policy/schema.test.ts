import { describe, expect, it } from 'vitest';
import { expandUsername, preconfiguredAccountSchema } from './accounts';
import { isServerHostAllowed, matchesHostPattern, normaliseFingerprint } from './hosts';
import {
  defaultSettings,
  findPolicy,
  policiesSchema,
  policyDefinitions,
  policyNames,
  policyValueSchema,
  type PolicyDefinition,
} from './schema';

const definitions = policyDefinitions as readonly PolicyDefinition[];

describe('policy schema', () => {
  it('names policies in PascalCase and settings in camelCase, each once', () => {
    expect(new Set(policyNames).size).toBe(definitions.length);
    expect(new Set(definitions.map((d) => d.setting)).size).toBe(definitions.length);
    for (const definition of definitions) {
      expect(definition.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(definition.setting).toMatch(/^[a-z][A-Za-z0-9]+$/);
    }
  });

  it('covers what issue 7 asks for', () => {
    for (const name of [
      'PreconfiguredAccounts',
      'AllowAccountAdd',
      'AllowAccountRemove',
      'UpdateMode',
      'UpdateUrl',
      'UpdateChannel',
      'TrustedCertificateFingerprints',
      'TrustedCaCertificates',
      'AllowedServerHosts',
      'NoKeyringBehaviour',
      'DefaultLanguage',
      'ExternalBrowserPath',
      'DisableDevTools',
    ]) {
      expect(findPolicy(name), name).toBeDefined();
    }
  });

  it('describes every policy in French and English', () => {
    for (const definition of definitions) {
      for (const text of [definition.title, definition.description]) {
        expect(text.fr.trim().length, definition.name).toBeGreaterThan(3);
        expect(text.en.trim().length, definition.name).toBeGreaterThan(3);
      }
      expect(definition.description.fr, definition.name).not.toBe(definition.description.en);
    }
  });

  it('accepts its own defaults and examples', () => {
    for (const definition of definitions) {
      expect(policyValueSchema(definition).safeParse(definition.default).success, `${definition.name} default`).toBe(
        true,
      );
      expect(policyValueSchema(definition).safeParse(definition.example).success, `${definition.name} example`).toBe(
        true,
      );
    }
    const examples = Object.fromEntries(definitions.map((d) => [d.name, d.example]));
    expect(policiesSchema.safeParse(examples).success).toBe(true);
  });

  it('rejects values of the wrong type or format', () => {
    const rejects = (name: string, value: unknown) =>
      expect(policyValueSchema(findPolicy(name)!).safeParse(value).success, `${name} ${JSON.stringify(value)}`).toBe(
        false,
      );
    rejects('AllowAccountAdd', 'yes');
    rejects('UpdateMode', 'sometimes');
    rejects('UpdateUrl', 'http://updates.example.org/');
    rejects('UpdateUrl', 'https://user:secret@updates.example.org/');
    rejects('UpdateCheckIntervalHours', 0);
    rejects('UpdateCheckIntervalHours', 2.5);
    rejects('TrustedCertificateFingerprints', ['AB:CD']);
    rejects('TrustedCaCertificates', ['relative/ca.pem']);
    rejects('AllowedServerHosts', ['https://mail.example.org']);
    rejects('AllowedServerHosts', ['*']);
    rejects('ExternalBrowserPath', 'firefox');
    expect(policiesSchema.safeParse({ NotAPolicy: true }).success).toBe(false);
  });

  it('accepts the formats administrators write', () => {
    const accepts = (name: string, value: unknown) =>
      expect(policyValueSchema(findPolicy(name)!).safeParse(value).success, `${name} ${JSON.stringify(value)}`).toBe(
        true,
      );
    accepts('TrustedCertificateFingerprints', ['a'.repeat(64)]);
    accepts('TrustedCaCertificates', ['C:\\Program Files\\Région\\ca.pem', '\\\\srv\\pki\\ca.pem', '/etc/pki/ca.pem']);
    accepts('AllowedServerHosts', ['*.laregion.fr', 'mail.example.org', '10.0.0.5', 'localhost']);
    accepts('UpdateUrl', '');
    accepts('UpdateUrl', 'https://updates.example.org:8443/bastide/');
    accepts('ExternalBrowserPath', 'C:\\Program Files\\Mozilla Firefox\\firefox.exe');
  });

  it('gives every setting its default', () => {
    const settings = defaultSettings();
    expect(settings.updateMode).toBe('automatic');
    expect(settings.language).toBe('fr');
    expect(settings.allowedServerHosts).toEqual([]);
    settings.allowedServerHosts.push('mutated.example');
    expect(defaultSettings().allowedServerHosts).toEqual([]);
  });
});

describe('preconfigured accounts', () => {
  const valid = (account: unknown) => preconfiguredAccountSchema.safeParse(account).success;

  it('accepts each kind with its own URL scheme', () => {
    expect(valid({ kind: 'zimbra', label: 'Courrier', serverUrl: 'https://zimbra.example.org', sso: false })).toBe(
      true,
    );
    expect(
      valid({
        kind: 'imap',
        label: 'IMAP',
        serverUrl: 'imaps://imap.example.org:993',
        smtpUrl: 'smtp://smtp.example.org:587',
      }),
    ).toBe(true);
    expect(
      valid({ kind: 'xmpp', label: 'Chat', serverUrl: 'xmpp://chat.example.org', username: '${osUser}@example.org' }),
    ).toBe(true);
  });

  it('refuses mismatched schemes, unknown placeholders and unknown fields', () => {
    expect(valid({ kind: 'bluemind', label: 'BM', serverUrl: 'http://bm.example.org' })).toBe(false);
    expect(valid({ kind: 'imap', label: 'IMAP', serverUrl: 'https://imap.example.org' })).toBe(false);
    expect(valid({ kind: 'exo', label: 'eXo', serverUrl: 'https://exo.example.org', username: '${USER}' })).toBe(false);
    expect(valid({ kind: 'imap', label: 'IMAP', serverUrl: 'imaps://imap.example.org', sso: true })).toBe(false);
    expect(valid({ kind: 'exo', label: '  ', serverUrl: 'https://exo.example.org' })).toBe(false);
    expect(valid({ kind: 'matrix', label: 'M', serverUrl: 'https://m.example.org' })).toBe(false);
  });

  it('expands ${osUser} in the username', () => {
    expect(expandUsername('${osUser}@laregion.fr', 'jdupont')).toBe('jdupont@laregion.fr');
    expect(expandUsername('${osUser}', 'jdupont')).toBe('jdupont');
    expect(expandUsername(undefined, 'jdupont')).toBeNull();
  });
});

describe('allowed server hosts', () => {
  it('matches exact hosts and subdomain wildcards, case-insensitively', () => {
    expect(matchesHostPattern('Mail.LaRegion.fr', 'mail.laregion.fr')).toBe(true);
    expect(matchesHostPattern('mail.laregion.fr.', 'mail.laregion.fr')).toBe(true);
    expect(matchesHostPattern('a.b.laregion.fr', '*.laregion.fr')).toBe(true);
    expect(matchesHostPattern('laregion.fr', '*.laregion.fr')).toBe(false);
    expect(matchesHostPattern('evil-laregion.fr', '*.laregion.fr')).toBe(false);
    expect(matchesHostPattern('laregion.fr.evil.example', '*.laregion.fr')).toBe(false);
  });

  it('allows everything when the list is empty, only the list otherwise', () => {
    expect(isServerHostAllowed('anything.example', [])).toBe(true);
    expect(isServerHostAllowed('mail.laregion.fr', ['*.laregion.fr'])).toBe(true);
    expect(isServerHostAllowed('mail.example.org', ['*.laregion.fr'])).toBe(false);
  });

  it('normalises fingerprints', () => {
    expect(normaliseFingerprint('ab'.repeat(32))).toBe(Array(32).fill('AB').join(':'));
    expect(normaliseFingerprint(Array(32).fill('0f').join(':'))).toBe(Array(32).fill('0F').join(':'));
  });
});
