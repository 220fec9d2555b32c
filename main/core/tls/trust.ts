// Trust decisions for server certificates the system does not recognise (an internal server with a
// self-signed certificate): refused with the fingerprint shown, trusted per host by the user, revocable; and the
// organisation's own trust (policies TrustedCaCertificates and TrustedCertificateFingerprints), for every host.
// Every transport (HTTP, WebDAV, CalDAV, CometD, IMAP, SMTP, XMPP) takes its TLS options from here.
import { readFileSync } from 'node:fs';
import { checkServerIdentity, getCACertificates, type ConnectionOptions, type PeerCertificate } from 'node:tls';
import type { TrustedCertificatesRepository } from '../../store/repositories/certificates';
import { CoreError } from '../errors';
import type { TrustedCertificate } from '../model';
import { normaliseFingerprint, type SeenCertificate } from './certificate';
import { readPeerCertificate, type PeerCertificateReader, type TlsEndpoint } from './peer-certificate';

/** How long a refused certificate may be trusted without being seen again. */
const SIGHTING_TTL_MS = 15 * 60_000;

/** The organisation's trust, from policy: PEM files of authorities, and SHA-256 fingerprints of certificates. */
export interface TrustPolicy {
  caFiles: readonly string[];
  fingerprints: readonly string[];
}

export interface CertificateTrustOptions {
  repository: TrustedCertificatesRepository;
  now: () => Date;
  /** Policy `AllowCertificateExceptions`: false forbids trusting a certificate by hand (and ignores past ones). */
  allowExceptions?: () => boolean;
  /** Policies `TrustedCaCertificates` and `TrustedCertificateFingerprints` (read once per run). */
  policy?: () => TrustPolicy;
  readPeerCertificate?: PeerCertificateReader;
  probeTimeoutMs?: number;
  readFile?: (path: string) => string;
  log?: (line: string) => void;
}

export class CertificateTrust {
  readonly #sightings = new Map<string, { certificate: SeenCertificate; at: number }>();
  /** PEMs of the certificates whose fingerprint a policy lists, as servers presented them (by fingerprint). */
  readonly #pinned = new Map<string, string>();
  /** Endpoints already read for a pinned certificate, so that a connection costs one extra handshake per run. */
  readonly #probes = new Map<string, Promise<void>>();
  #policyCas: string[] | null = null;

  constructor(private readonly options: CertificateTrustOptions) {}

  /**
   * TLS options for a connection to `host`: the system's authorities, plus the organisation's authorities and
   * pinned certificates, plus the certificates the user trusted for this host; pinned and user-trusted
   * certificates are accepted even when their name does not match (a self-signed certificate rarely names the
   * address used). Empty when nothing more is trusted, so the platform defaults apply untouched.
   */
  tlsOptions(host: string): ConnectionOptions {
    const trusted = this.#exceptionsAllowed() ? this.options.repository.forHost(canonicalHost(host)) : [];
    const authorities = this.#organisationAuthorities();
    if (trusted.length === 0 && authorities.length === 0 && this.#pinned.size === 0) return {};
    const fingerprints = new Set([...trusted.map((record) => record.fingerprint), ...this.#pinned.keys()]);
    return {
      ca: [
        ...getCACertificates('default'),
        ...authorities,
        ...this.#pinned.values(),
        ...trusted.map((record) => record.pem),
      ],
      allowPartialTrustChain: true,
      checkServerIdentity: (hostname: string, certificate: PeerCertificate) =>
        fingerprints.has(normaliseFingerprint(certificate.fingerprint256))
          ? undefined
          : checkServerIdentity(hostname, certificate),
    };
  }

  /**
   * Gets ready to connect to `endpoint`: when a policy pins certificates by fingerprint, reads (once per run)
   * what the endpoint presents, and keeps its PEM if it is pinned. TLS still verifies the real connection
   * against that PEM, so a server presenting another certificate to the real connection is refused.
   */
  async prepare(endpoint: TlsEndpoint): Promise<void> {
    const wanted = this.#policyFingerprints();
    if ([...wanted].every((fingerprint) => this.#pinned.has(fingerprint))) return;
    const probeKey = `${canonicalHost(endpoint.host)}:${endpoint.port}`;
    let probe = this.#probes.get(probeKey);
    if (!probe) {
      const read = this.options.readPeerCertificate ?? readPeerCertificate;
      probe = read(endpoint, this.options.probeTimeoutMs ?? 10_000).then(
        (certificate) => this.#learn(certificate),
        () => undefined, // unreachable: the real connection reports it
      );
      this.#probes.set(probeKey, probe);
    }
    await probe;
  }

  /** TLS options for `endpoint`, after `prepare`: what every transport asks before connecting. */
  async tlsOptionsFor(endpoint: TlsEndpoint): Promise<ConnectionOptions> {
    await this.prepare(endpoint);
    return this.tlsOptions(endpoint.host);
  }

  /**
   * The error to show when TLS refused `endpoint`: reads the certificate the server presents and remembers it,
   * so that the user can trust exactly that one (or, when the organisation forbids that, says so).
   */
  async refusal(endpoint: TlsEndpoint): Promise<CoreError> {
    const read = this.options.readPeerCertificate ?? readPeerCertificate;
    // The server may have changed its certificate since it was last read: read it again next time.
    this.#probes.delete(`${canonicalHost(endpoint.host)}:${endpoint.port}`);
    let certificate: SeenCertificate;
    try {
      certificate = await read(endpoint, this.options.probeTimeoutMs ?? 10_000);
    } catch {
      return new CoreError('tls.untrusted', { host: endpoint.host, fingerprint: '' });
    }
    this.#learn(certificate);
    const params = { host: endpoint.host, fingerprint: certificate.fingerprint };
    if (!this.#exceptionsAllowed()) return new CoreError('tls.untrustedByPolicy', params);
    this.#sightings.set(key(endpoint.host, certificate.fingerprint), {
      certificate: { ...certificate, host: canonicalHost(endpoint.host) },
      at: this.options.now().getTime(),
    });
    return new CoreError('tls.untrusted', params);
  }

  /** Trusts a certificate the user was just shown for this host (never one the renderer made up). */
  trust(host: string, fingerprint: string): TrustedCertificate {
    if (!this.#exceptionsAllowed()) throw new CoreError('tls.exceptionsForbidden');
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

  #exceptionsAllowed(): boolean {
    return this.options.allowExceptions?.() ?? true;
  }

  #policyFingerprints(): Set<string> {
    return new Set((this.options.policy?.().fingerprints ?? []).map(normaliseFingerprint));
  }

  #learn(certificate: SeenCertificate): void {
    if (this.#policyFingerprints().has(certificate.fingerprint))
      this.#pinned.set(certificate.fingerprint, certificate.pem);
  }

  /** The PEM files of TrustedCaCertificates, read once; an unreadable file is logged and skipped, never fatal. */
  #organisationAuthorities(): string[] {
    if (this.#policyCas) return this.#policyCas;
    const read = this.options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
    const log = this.options.log ?? ((line: string) => console.warn(line));
    this.#policyCas = [];
    for (const path of this.options.policy?.().caFiles ?? []) {
      try {
        const pem = read(path);
        if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate');
        this.#policyCas.push(pem);
      } catch (error) {
        log(`[tls] TrustedCaCertificates: ${path} skipped (${error instanceof Error ? error.message : 'unreadable'})`);
      }
    }
    return this.#policyCas;
  }
}

/** Host names compare case-insensitively; IPv6 literals lose the brackets URLs give them. */
export const canonicalHost = (host: string) => host.toLowerCase().replace(/^\[(.*)\]$/, '$1');

const key = (host: string, fingerprint: string) => `${canonicalHost(host)}|${fingerprint}`;
