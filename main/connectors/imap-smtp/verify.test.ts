// IMAP/SMTP sign-in against the real Dovecot (IMAP STARTTLS 10143, IMAPS 10993, submission 10587), whose
// certificate is self-signed: refused with its fingerprint until the user trusts it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { servers, serversDir } from '../../../e2e/servers';
import { useAccountsHarness, type AccountsHarness } from '../../core/accounts/testing';
import type { CoreError } from '../../core/errors';
import { MemorySecretStore } from '../../core/secrets/memory-store';
import { mailAddressOf } from './verify';

let fingerprint: string;
beforeAll(() => {
  fingerprint = new X509Certificate(readFileSync(join(serversDir(), 'cert.pem'))).fingerprint256;
});

const harness = useAccountsHarness();
const mailServer = (incomingPort: number = servers.imap.port, security: 'starttls' | 'tls' = 'starttls') => ({
  type: 'mail' as const,
  incoming: { host: '127.0.0.1', port: incomingPort, security },
  outgoing: { host: '127.0.0.1', port: servers.submission.port, security: 'starttls' as const },
});
const alice = (password = 'alicepw') => ({
  kindId: 'imap',
  server: mailServer(),
  username: 'alice',
  method: 'password' as const,
  password,
});

async function trustDovecot({ accounts }: AccountsHarness) {
  const refusal = (await accounts.service.add(alice()).catch((error: unknown) => error)) as CoreError;
  const handlers = accounts.handlers();
  await handlers['certificates:trust']({ host: '127.0.0.1', fingerprint: String(refusal.params?.fingerprint) });
}

describe('IMAP/SMTP sign-in', () => {
  it('refuses the self-signed certificate with its fingerprint (read through STARTTLS)', async () => {
    const { accounts, store } = harness.open();
    await expect(accounts.service.add(alice())).rejects.toMatchObject({
      code: 'tls.untrusted',
      params: { host: '127.0.0.1', fingerprint },
    });
    expect(store.accounts.list()).toEqual([]);
  });

  it('signs in once the user trusts that certificate, over IMAP and SMTP', async () => {
    const secrets = new MemorySecretStore();
    const opened = harness.open({ secrets });
    await trustDovecot(opened);
    const result = await opened.accounts.service.add(alice());
    expect(result).toMatchObject({ status: 'signed-in', account: { kindId: 'imap', state: 'online' } });
    const id = result.status === 'signed-in' ? result.account.id : '';
    expect(await secrets.get(id, 'password')).toBe('alicepw');
    expect(opened.accounts.handlers()['certificates:list']({})).toEqual([
      expect.objectContaining({ host: '127.0.0.1', fingerprint, subject: 'CN=localhost' }),
    ]);
  });

  it('also over implicit TLS (IMAPS)', async () => {
    const opened = harness.open();
    await trustDovecot(opened);
    const result = await opened.accounts.service.add({ ...alice(), server: mailServer(servers.imap.tlsPort, 'tls') });
    expect(result.status).toBe('signed-in');
  });

  it('refuses the certificate again once the decision is revoked', async () => {
    const opened = harness.open();
    await trustDovecot(opened);
    opened.accounts.handlers()['certificates:revoke']({ host: '127.0.0.1', fingerprint });
    await expect(opened.accounts.service.add(alice())).rejects.toMatchObject({ code: 'tls.untrusted' });
  });

  it('reports a wrong password (IMAP AUTHENTICATIONFAILED) and saves nothing', async () => {
    const opened = harness.open();
    await trustDovecot(opened);
    await expect(opened.accounts.service.add(alice('wrong'))).rejects.toMatchObject({ code: 'auth.wrongPassword' });
    expect(opened.store.accounts.list()).toEqual([]);
  });

  it('reports a server that does not listen', async () => {
    const { accounts } = harness.open();
    const server = { ...mailServer(), incoming: { host: '127.0.0.1', port: 1, security: 'tls' as const } };
    await expect(accounts.service.add({ ...alice(), server })).rejects.toMatchObject({
      code: 'network.unreachable',
      params: { host: '127.0.0.1' },
    });
  });

  it('refuses clear text to anything but this machine', async () => {
    const { accounts } = harness.open();
    const server = { ...mailServer(), incoming: { host: 'mail.example.test', port: 143, security: 'none' as const } };
    await expect(accounts.service.add({ ...alice(), server })).rejects.toMatchObject({
      code: 'server.insecure',
      params: { host: 'mail.example.test' },
    });
  });

  it('takes the address given at setup as the identity of a bare username, and keeps it in the setup', async () => {
    const opened = harness.open();
    await trustDovecot(opened);
    const result = await opened.accounts.service.add({ ...alice(), address: 'alice@example.test' });
    const id = result.status === 'signed-in' ? result.account.id : '';
    expect(opened.store.accounts.get(id)).toMatchObject({ address: 'alice@example.test' });
    expect(opened.store.accounts.setup(id)).toMatchObject({ username: 'alice', address: 'alice@example.test' });
  });
});

describe('the address mail goes out from', () => {
  it('is the address given at setup, else a username that is an address, else the username', () => {
    expect(mailAddressOf({ username: 'alice', address: 'alice@example.test' })).toBe('alice@example.test');
    expect(mailAddressOf({ username: 'uid-42@corp.local', address: 'alice@example.test' })).toBe('alice@example.test');
    expect(mailAddressOf({ username: 'alice@example.test' })).toBe('alice@example.test');
    expect(mailAddressOf({ username: 'alice', address: 'not an address' })).toBe('alice');
    expect(mailAddressOf({ username: 'alice' })).toBe('alice');
  });
});
