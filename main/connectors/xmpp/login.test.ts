// XMPP sign-in against the real Prosody (c2s 15222, STARTTLS with a self-signed certificate for example.test).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { servers, serversDir } from '../../../e2e/servers';
import { useAccountsHarness } from '../../core/accounts/testing';
import type { CoreError } from '../../core/errors';
import { localPart } from './login';

let fingerprint: string;
beforeAll(() => {
  fingerprint = new X509Certificate(readFileSync(join(serversDir(), 'cert.pem'))).fingerprint256;
});

const harness = useAccountsHarness();
const alice = (password = 'alicepw') => ({
  kindId: 'xmpp',
  server: {
    type: 'chat' as const,
    domain: servers.xmpp.domain,
    endpoint: { host: servers.xmpp.host, port: servers.xmpp.port, security: 'starttls' as const },
  },
  username: 'alice@example.test',
  method: 'password' as const,
  password,
});

describe('XMPP sign-in', () => {
  it('refuses the certificate (read through the XMPP STARTTLS dialogue), then signs in once trusted', async () => {
    const { accounts } = harness.open();
    const refusal = (await accounts.service.add(alice()).catch((error: unknown) => error)) as CoreError;
    expect(refusal).toMatchObject({ code: 'tls.untrusted', params: { host: '127.0.0.1', fingerprint } });
    accounts.handlers()['certificates:trust']({ host: '127.0.0.1', fingerprint });
    const result = await accounts.service.add(alice());
    expect(result).toMatchObject({
      status: 'signed-in',
      account: { kindId: 'xmpp', address: 'alice@example.test', state: 'online' },
    });
  });

  it('reports a wrong password (SASL not-authorized)', async () => {
    const { accounts } = harness.open();
    const refusal = (await accounts.service.add(alice()).catch((error: unknown) => error)) as CoreError;
    accounts.handlers()['certificates:trust']({ host: '127.0.0.1', fingerprint: String(refusal.params?.fingerprint) });
    await expect(accounts.service.add(alice('wrong'))).rejects.toMatchObject({ code: 'auth.wrongPassword' });
  });

  it('takes the local part of an address on the same domain', () => {
    expect(localPart('alice@example.test', 'example.test')).toBe('alice');
    expect(localPart('alice', 'example.test')).toBe('alice');
    expect(localPart('alice@elsewhere.test', 'example.test')).toBe('alice@elsewhere.test');
  });
});
