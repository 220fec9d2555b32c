// Reading what a server presents through each protocol's STARTTLS preamble (real Dovecot and Prosody).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { servers, serversDir } from '../../../e2e/servers';
import { normaliseFingerprint } from './certificate';
import { readPeerCertificate } from './peer-certificate';

let fingerprint: string;
beforeAll(() => {
  fingerprint = new X509Certificate(readFileSync(join(serversDir(), 'cert.pem'))).fingerprint256;
});

describe('the certificate a server presents', () => {
  it.each([
    ['IMAP STARTTLS', { port: servers.imap.port, startTls: 'imap' as const }],
    ['IMAPS', { port: servers.imap.tlsPort }],
    ['SMTP submission STARTTLS', { port: servers.submission.port, startTls: 'smtp' as const }],
    ['XMPP STARTTLS', { port: servers.xmpp.port, startTls: 'xmpp' as const, xmppDomain: servers.xmpp.domain }],
  ])('is read over %s', async (_name, endpoint) => {
    const seen = await readPeerCertificate({ host: '127.0.0.1', ...endpoint }, 5_000);
    expect(seen).toMatchObject({ host: '127.0.0.1', fingerprint, subject: 'CN=localhost', issuer: 'CN=localhost' });
    expect(seen.pem).toContain('BEGIN CERTIFICATE');
  });

  it('fails rather than hangs on a port that speaks nothing', async () => {
    await expect(readPeerCertificate({ host: '127.0.0.1', port: 1 }, 1_000)).rejects.toThrow();
  });

  it('writes fingerprints one way', () => {
    expect(normaliseFingerprint('ab cd:EF-01' + '23'.repeat(28))).toMatch(/^AB:CD:EF:01(:23){28}$/);
  });
});
