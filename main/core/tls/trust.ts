// Trust decisions for server certificates the system does not recognise (an internal server with a
// self-signed certificate): refused with the fingerprint shown, trusted per host by the user, revocable.
import { checkServerIdentity, getCACertificates, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import type { TrustedCertificatesRepository } from '../../store/repositories/certificates';
import { CoreError } from '../errors';
import type { TrustedCertificate } from '../model';
import { normaliseFingerprint, type SeenCertificate } from './certificate';
import { readPeerCertificate, type PeerCertificateReader, type TlsEndpoint } from './peer-certificate';

/** How long a refused certificate may be trusted without being seen again. */
const SIGHTING_TTL_MS = 15 * 60_000;

export interface CertificateTrustOptions {
  repository: TrustedCertificatesRepository;
  now: () => Date;
  /** Policy `AllowCertificateExceptions`: false forbids trusting a certificate by hand. */
  allowExceptions?: () => boolean;
  readPeerCertificate?: PeerCertificateReader;
  probeTimeoutMs?: number;
}

export class CertificateTrust {
  readonly #sightings = new Map<string, { certificate: SeenCertificate; at: number }>();

  constructor(private readonly options: CertificateTrustOptions) {}

  /**
   * TLS options for a connection to `host`: the system's authorities, plus the certificates trusted for this
   * host, accepted even when their name does not match (a self-signed certificate rarely names the address
   * used). Empty when nothing is trusted for the host, so the platform defaults apply untouched.
   */
  tlsOptions(host: string): ConnectionOptions {
    const trusted = this.options.repository.forHost(canonicalHost(host));
    if (trusted.length === 0) return {};
    const fingerprints = new Set(trusted.map((record) => record.fingerprint));
    return {
      ca: [...getCACertificates('default'), ...trusted.map((record) => record.pem)],
      allowPartialTrustChain: true,
      checkServerIdentity: (hostname: string, certificate: PeerCertificate) =>
        fingerprints.has(normaliseFingerprint(certificate.fingerprint256))
          ? undefined
          : checkServerIdentity(hostname, certificate),
    };
  }

  /**
   * The error to show when TLS refused `endpoint`: reads the certificate the server presents and remembers it,
   * so that the user can trust exactly that one.
   */
  async refusal(endpoint: TlsEndpoint): Promise<CoreError> {
    const read = this.options.readPeerCertificate ?? readPeerCertificate;
    let certificate: SeenCertificate;
    try {
      certificate = await read(endpoint, this.options.probeTimeoutMs ?? 10_000);
    } catch {
      return new CoreError('tls.untrusted', { host: endpoint.host, fingerprint: '' });
    }
    this.#sightings.set(key(endpoint.host, certificate.fingerprint), {
      certificate: { ...certificate, host: canonicalHost(endpoint.host) },
      at: this.options.now().getTime(),
    });
    return new CoreError('tls.untrusted', { host: endpoint.host, fingerprint: certificate.fingerprint });
  }

  /** Trusts a certificate the user was just shown for this host (never one the renderer made up). */
  trust(host: string, fingerprint: string): TrustedCertificate {
    if (this.options.allowExceptions && !this.options.allowExceptions()) throw new CoreError('tls.exceptionsForbidden');
    const normalised = normaliseFingerprint(fingerprint);
    const sighting = this.#sightings.get(key(host, normalised));
    if (!sighting || this.options.now().getTime() - sighting.at > SIGHTING_TTL_MS) {
      throw new CoreError('tls.unknownCertificate', { host });
    }
    const { pem, ...info } = sighting.certificate;
    const record = { ...info, pem, trustedAt: this.options.now().toISOString() };
    this.options.repository.put(record);
    this.#sightings.delete(key(host, normalised));
    return { ...info, trustedAt: record.trustedAt };
  }

  revoke(host: string, fingerprint: string): boolean {
    return this.options.repository.remove(canonicalHost(host), normaliseFingerprint(fingerprint));
  }

  list(): TrustedCertificate[] {
    return this.options.repository.list().map(({ pem: _pem, ...certificate }) => certificate);
  }
}

/** Host names compare case-insensitively; IPv6 literals lose the brackets URLs give them. */
export const canonicalHost = (host: string) => host.toLowerCase().replace(/^\[(.*)\]$/, '$1');

const key = (host: string, fingerprint: string) => `${canonicalHost(host)}|${fingerprint}`;
