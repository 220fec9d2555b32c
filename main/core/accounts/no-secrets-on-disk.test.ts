// After adding one account of each kind (emulators and real servers) through the core, with the real keychain
// (gnome-keyring on a private D-Bus): every secret is in the keychain, and no byte of the profile folder (the
// database, its WAL, anything else) holds a password, key, token or session cookie in clear.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBlueMindEmulator, type BlueMindEmulator } from '../../../e2e/emulators/bluemind';
import { startExoEmulator, type ExoEmulator } from '../../../e2e/emulators/exo';
import { startZimbraEmulator, type ZimbraEmulator } from '../../../e2e/emulators/zimbra';
import { startPrivateKeyring, type PrivateKeyring } from '../../../e2e/servers/keyring';
import { servers, serversDir } from '../../../e2e/servers';
import type { CoreError } from '../errors';
import type { AccountServer } from '../model';
import { KeytarSecretStore, loadKeytar } from '../secrets/keytar-store';
import { call, useTempProfiles } from '../testing/helpers';
import { SECRET_KINDS } from './keychain';

let keyring: PrivateKeyring;
let zimbra: ZimbraEmulator;
let bluemind: BlueMindEmulator;
let exo: ExoEmulator;

beforeAll(async () => {
  serversDir();
  keyring = startPrivateKeyring();
  Object.assign(process.env, keyring.env); // libsecret reads the bus address on first use
  [zimbra, bluemind, exo] = await Promise.all([startZimbraEmulator(), startBlueMindEmulator(), startExoEmulator()]);
});
afterAll(async () => {
  await Promise.all([zimbra?.close(), bluemind?.close(), exo?.close()]);
  keyring?.stop();
});

const profiles = useTempProfiles();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the profile folder after adding accounts', () => {
  it('holds no password, API key, token or cookie in clear: they are all in the OS keychain', async () => {
    const secrets = new KeytarSecretStore(await loadKeytar(), `Bastide-test-${process.pid}`);
    const profileDir = profiles.makeDir();
    const core = await profiles.openCore({ profileDir, accounts: { secrets } });
    const mail = (port: number) => ({ host: '127.0.0.1', port, security: 'starttls' as const });
    const add = (kindId: string, server: AccountServer, username: string, password: string) =>
      call(core, 'accounts:add', { kindId, server, username, password });

    await add('zimbra', { type: 'web', url: zimbra.url }, 'alice@example.test', 'alicepw');
    await add('bluemind', { type: 'web', url: bluemind.url }, 'alice@example.test', 'alicepw');
    await add('exo', { type: 'web', url: exo.url }, 'alice', 'alicepw');
    const imap: AccountServer = {
      type: 'mail',
      incoming: mail(servers.imap.port),
      outgoing: mail(servers.submission.port),
    };
    const refusal = (await add('imap', imap, 'alice', 'alicepw').catch((error: unknown) => error)) as CoreError;
    await call(core, 'certificates:trust', { host: '127.0.0.1', fingerprint: String(refusal.params?.fingerprint) });
    await add('imap', imap, 'alice', 'alicepw');
    const chat: AccountServer = { type: 'chat', domain: servers.xmpp.domain, endpoint: mail(servers.xmpp.port) };
    await add('xmpp', chat, 'alice@example.test', 'alicepw');

    const accounts = (await call(core, 'accounts:list')).filter((account) => account.kindId !== 'demo');
    expect(accounts.map((account) => [account.kindId, account.state])).toEqual([
      ['zimbra', 'online'],
      ['bluemind', 'online'],
      ['exo', 'online'],
      ['imap', 'online'],
      ['xmpp', 'online'],
    ]);

    const stored: string[] = [];
    for (const account of accounts) {
      for (const kind of SECRET_KINDS) {
        const value = await secrets.get(account.id, kind);
        if (value !== null) stored.push(value);
      }
    }
    // The password of four accounts, a Zimbra token, a BlueMind device key, eXo session cookies.
    expect(stored.length).toBeGreaterThanOrEqual(7);
    const needles = new Set(['alicepw', ...stored]);
    for (const value of stored) {
      // A cookie set is JSON: each cookie value counts on its own.
      try {
        for (const part of Object.values(JSON.parse(value) as Record<string, string>)) needles.add(part);
      } catch {
        // not JSON
      }
    }

    await core.close(); // flushes the WAL into the database file too
    const files = filesUnder(profileDir);
    expect(files.some((file) => file.endsWith('.sqlite'))).toBe(true);
    const found = files.flatMap((file) => {
      const bytes = readFileSync(file);
      return [...needles].filter((needle) => needle.length >= 6 && bytes.includes(Buffer.from(needle)));
    });
    expect(found).toEqual([]);
    // The search is not blind: what is not secret (the address) is there.
    expect(files.some((file) => readFileSync(file).includes(Buffer.from('alice@example.test')))).toBe(true);
    for (const account of accounts) await secrets.deleteAccount(account.id);
  });
});
