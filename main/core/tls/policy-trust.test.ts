// The organisation's certificate trust (policies TrustedCaCertificates and TrustedCertificateFingerprints)
// applied to TLS: a core started with a Linux policy file signs an IMAP account in against the real Dovecot,
// whose certificate is self-signed (CN=localhost), over implicit TLS (IMAPS) and SMTP STARTTLS.
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { servers, serversDir } from '../../../e2e/servers';
import en from '../../../renderer/i18n/en.json';
import fr from '../../../renderer/i18n/fr.json';
import type { CoreError } from '../errors';
import { MemorySecretStore } from '../secrets/memory-store';
import { call, useTempProfiles } from '../testing/helpers';

let certificateFile: string;
let fingerprint: string;
beforeAll(() => {
  certificateFile = join(serversDir(), 'cert.pem');
  fingerprint = new X509Certificate(readFileSync(certificateFile)).fingerprint256;
});

const profiles = useTempProfiles();

async function coreWithPolicies(policies: Record<string, unknown>) {
  const file = join(profiles.makeDir(), 'policies.json');
  writeFileSync(file, JSON.stringify({ policies }), { mode: 0o644 });
  const log: string[] = [];
  const core = await profiles.openCore({
    now: () => new Date(),
    policy: { file, platform: 'linux', osUser: 'alice', log: (line) => log.push(line) },
    accounts: { secrets: new MemorySecretStore(), timeoutMs: 5_000 },
  });
  expect(log).toEqual([]);
  return core;
}

/** Alice's account on the IMAPS port; `host` is what the certificate must name (it names `localhost`). */
const addAlice = (core: Awaited<ReturnType<typeof coreWithPolicies>>, host = '127.0.0.1') =>
  call(core, 'accounts:add', {
    kindId: 'imap',
    server: {
      type: 'mail',
      incoming: { host, port: servers.imap.tlsPort, security: 'tls' },
      outgoing: { host, port: servers.submission.port, security: 'starttls' },
    },
    username: 'alice',
    password: servers.users.alice,
  });

const wrongFingerprint = (value: string) => (value.startsWith('00') ? `11${value.slice(2)}` : `00${value.slice(2)}`);

const translate = (template: string, params: Record<string, unknown>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name]));

describe('certificate trust set by policy, on the real Dovecot', () => {
  it('refuses the self-signed certificate without a policy', async () => {
    const core = await coreWithPolicies({});
    await expect(addAlice(core)).rejects.toMatchObject({ code: 'tls.untrusted', params: { fingerprint } });
  });

  it('accepts it as an authority from TrustedCaCertificates, for the name it carries only', async () => {
    const core = await coreWithPolicies({
      TrustedCaCertificates: [certificateFile],
      AllowCertificateExceptions: false,
    });
    const added = await addAlice(core, 'localhost');
    expect(added).toMatchObject({ status: 'signed-in', account: { kindId: 'imap', state: 'online' } });
    // An authority vouches for names: the same certificate for another name stays refused.
    await expect(addAlice(core, '127.0.0.1')).rejects.toMatchObject({ code: 'tls.untrustedByPolicy' });
  });

  it('accepts it by its fingerprint from TrustedCertificateFingerprints, whatever address it is reached at', async () => {
    const core = await coreWithPolicies({
      TrustedCertificateFingerprints: [fingerprint.replace(/:/g, '').toLowerCase()],
      AllowCertificateExceptions: false,
    });
    const added = await addAlice(core);
    expect(added).toMatchObject({ status: 'signed-in', account: { kindId: 'imap', state: 'online' } });
    expect(await call(core, 'certificates:list')).toEqual([]); // nothing was trusted by hand
  });

  it('refuses it when the policy pins another fingerprint, with an error the user can read', async () => {
    const core = await coreWithPolicies({
      TrustedCertificateFingerprints: [wrongFingerprint(fingerprint)],
      AllowCertificateExceptions: false,
    });
    const refusal = (await addAlice(core).catch((error: unknown) => error)) as CoreError;
    expect(refusal).toMatchObject({ code: 'tls.untrustedByPolicy', params: { host: '127.0.0.1', fingerprint } });
    expect(translate(fr.errors.tls.untrustedByPolicy, refusal.params ?? {})).toContain(
      `Le certificat du serveur 127.0.0.1 n’est pas parmi ceux qu’autorise votre organisation (empreinte SHA-256 : ${fingerprint})`,
    );
    expect(translate(en.errors.tls.untrustedByPolicy, refusal.params ?? {})).toContain(
      `(SHA-256 fingerprint: ${fingerprint})`,
    );
    expect((await call(core, 'accounts:list')).filter((account) => account.kindId === 'imap')).toEqual([]);
  });

  it('skips an authority file it cannot read, with a log line, and goes on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const core = await coreWithPolicies({ TrustedCaCertificates: ['/nonexistent/ca.pem', certificateFile] });
      expect(await addAlice(core, 'localhost')).toMatchObject({ status: 'signed-in' });
      expect(warn.mock.calls.flat().join('\n')).toContain('/nonexistent/ca.pem');
    } finally {
      warn.mockRestore();
    }
  });

  it('leaves the user free to trust it by hand when the organisation allows that', async () => {
    const core = await coreWithPolicies({ TrustedCertificateFingerprints: [wrongFingerprint(fingerprint)] });
    await expect(addAlice(core)).rejects.toMatchObject({ code: 'tls.untrusted', params: { fingerprint } });
    await call(core, 'certificates:trust', { host: '127.0.0.1', fingerprint });
    expect(await addAlice(core)).toMatchObject({ status: 'signed-in' });
  });
});
