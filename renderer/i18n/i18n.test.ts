import { describe, expect, it } from 'vitest';
import en from './en.json';
import fr from './fr.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const frKeys = flatten(fr);
const enKeys = flatten(en);
// The renderer's own source text, through Vite (the renderer may not import Node modules, even in tests).
const sources = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../test/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** A key exists when it is a leaf, or when it has plural forms. */
const exists = (key: string) => frKeys.has(key) || frKeys.has(`${key}_other`);

describe('translations', () => {
  it('have the same keys in French and English', () => {
    const missingInEn = [...frKeys.keys()].filter((k) => !enKeys.has(k));
    const missingInFr = [...enKeys.keys()].filter((k) => !frKeys.has(k));
    expect({ missingInEn, missingInFr }).toEqual({ missingInEn: [], missingInFr: [] });
  });

  it('have no empty value', () => {
    const empty = [...frKeys, ...enKeys].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const different = [...frKeys].filter(
      ([k, v]) => placeholders(v).join() !== placeholders(enKeys.get(k) ?? '').join(),
    );
    expect(different.map(([k]) => k)).toEqual([]);
  });

  it('cover every literal key the renderer uses', () => {
    const used = Object.values(sources).flatMap((text) =>
      [...text.matchAll(/\bt\(\s*'([\w.]+)'/g)].map((m) => m[1] as string),
    );
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((key) => !exists(key))).toEqual([]);
  });

  it('cover the keys built at run time', () => {
    const families: Record<string, readonly string[]> = {
      rail: ['activity', 'chat', 'teams', 'calendar', 'files', 'mail'],
      presence: ['available', 'busy', 'dnd', 'away', 'offline'],
      'settings.themes': ['system', 'light', 'dark'],
      'search.kind': ['person', 'mail', 'chat', 'post', 'file', 'event'],
      'activity.kinds': ['all', 'mention', 'reply', 'post', 'mail', 'document', 'meeting'],
      'mail.roles': ['inbox', 'drafts', 'sent', 'trash', 'junk', 'archive', 'outbox'],
      'settings.updateModes': ['automatic', 'notify', 'off'],
      'settings.updateChannels': ['stable', 'beta'],
      'updates.how': ['ready', 'downloading', 'managed'],
      // PolicyWarningCode (main/core/policy/merge.ts), without its `policy.` prefix.
      'policy.warnings': [
        'fileUnreadable',
        'fileInsecure',
        'fileInvalidJson',
        'fileInvalidShape',
        'registryUnreadable',
        'unknownPolicy',
        'invalidValue',
        'invalidItem',
      ],
      'calendar.viewNames': ['day', 'week', 'agenda'],
      'calendar.previous': ['day', 'week', 'agenda'],
      'calendar.next': ['day', 'week', 'agenda'],
      'accounts.states': ['online', 'offline', 'syncing', 'needs-sign-in', 'error'],
      'accounts.methods': ['password', 'sso'],
      'accounts.security': ['tls', 'starttls', 'none'],
      'secrets.storage': ['keychain', 'memory', 'unavailable'],
      'secrets.behaviours': ['memory-with-banner', 'refuse'],
      'secrets.banner': ['memory', 'unavailable'],
      // The codes of the accounts side of the core (main/core/accounts, main/connectors/*/login.ts).
      'errors.auth': [
        'wrongPassword',
        'expired',
        'needsSignIn',
        'twoFactorWrong',
        'twoFactorRequired',
        'twoFactorSetupRequired',
        'passwordExpired',
        'passwordRequired',
        'accountDisabled',
        'ssoRequired',
        'ssoUnavailable',
        'ssoCancelled',
        'ssoIncomplete',
        'challengeExpired',
      ],
      'errors.network': ['unknownHost', 'timeout', 'unreachable', 'tlsFailed'],
      'errors.server': [
        'htmlInsteadOfJson',
        'unexpectedResponse',
        'unavailable',
        'notFound',
        'fault',
        'insecure',
        'unsupported',
      ],
      'errors.tls': ['untrusted', 'unknownCertificate', 'exceptionsForbidden', 'untrustedByPolicy'],
      'errors.accounts': ['duplicate', 'unknownKind', 'invalidSetup', 'notEditable'],
      'errors.secrets': ['keyringUnavailable'],
      'errors.discovery': ['invalidInput'],
      'errors.policy': ['accountRemoveLocked'],
      errors: [
        'internal',
        'notFound',
        'network.unavailable',
        'ipc.unknownChannel',
        'ipc.unknownEvent',
        'ipc.invalidRequest',
        'ipc.forbiddenSender',
        'policy.locked',
        'policy.accountAddLocked',
        'policy.hostNotAllowed',
        'updates.notReady',
      ],
    };
    const missing = Object.entries(families).flatMap(([prefix, keys]) =>
      keys.map((k) => `${prefix}.${k}`).filter((key) => !exists(key)),
    );
    expect(missing).toEqual([]);
  });
});
