import { createHash, X509Certificate } from 'node:crypto';
import type { CertificateInfo } from '../model';

/** A server certificate as seen on the wire: what the user is shown, and the PEM needed to trust it later. */
export interface SeenCertificate extends CertificateInfo {
  pem: string;
}

/** `AB:CD:…`, upper case: the form Node reports and the one shown to the user. */
export function normaliseFingerprint(value: string): string {
  const hex = value.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

export function fingerprintOf(der: Buffer): string {
  return normaliseFingerprint(createHash('sha256').update(der).digest('hex'));
}

export function describeCertificate(host: string, der: Buffer): SeenCertificate {
  const certificate = new X509Certificate(der);
  const validTo = new Date(certificate.validTo);
  return {
    host,
    fingerprint: fingerprintOf(der),
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    validTo: Number.isNaN(validTo.getTime()) ? null : validTo.toISOString(),
    pem: certificate.toString(),
  };
}

const oneLine = (distinguishedName: string) => distinguishedName.split('\n').filter(Boolean).join(', ');

// Chain and name failures a user may override by trusting the certificate; anything else (a protocol
// error, a revoked certificate) is not a trust question.
const TRUST_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** The certificate-trust error behind a failure, looking through `cause` chains (fetch wraps them). */
export function isCertificateTrustError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TRUST_ERRORS.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
