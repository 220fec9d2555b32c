import type { Database } from '../db';
import { toIso, toIsoOrNull } from '../rows';

/** A certificate the user chose to trust for one host (public data: fingerprint, names, PEM). */
export interface TrustedCertificateRecord {
  host: string;
  fingerprint: string;
  subject: string;
  issuer: string;
  validTo: string | null;
  pem: string;
  trustedAt: string;
}

interface Row {
  host: string;
  fingerprint: string;
  subject: string;
  issuer: string;
  valid_to: number | null;
  pem: string;
  trusted_at: number;
}

const toRecord = (row: Row): TrustedCertificateRecord => ({
  host: row.host,
  fingerprint: row.fingerprint,
  subject: row.subject,
  issuer: row.issuer,
  validTo: toIsoOrNull(row.valid_to),
  pem: row.pem,
  trustedAt: toIso(row.trusted_at),
});

export function trustedCertificatesRepository(db: Database) {
  const upsert = db.prepare(`
    INSERT INTO trusted_certificates (host, fingerprint, subject, issuer, valid_to, pem, trusted_at)
    VALUES (:host, :fingerprint, :subject, :issuer, :validTo, :pem, :trustedAt)
    ON CONFLICT(host, fingerprint) DO UPDATE SET trusted_at = excluded.trusted_at`);
  const all = db.prepare('SELECT * FROM trusted_certificates ORDER BY host, trusted_at');
  const forHost = db.prepare('SELECT * FROM trusted_certificates WHERE host = ?');
  const remove = db.prepare('DELETE FROM trusted_certificates WHERE host = ? AND fingerprint = ?');

  return {
    put(record: TrustedCertificateRecord): void {
      upsert.run({
        host: record.host,
        fingerprint: record.fingerprint,
        subject: record.subject,
        issuer: record.issuer,
        validTo: record.validTo === null ? null : Date.parse(record.validTo),
        pem: record.pem,
        trustedAt: Date.parse(record.trustedAt),
      });
    },
    list(): TrustedCertificateRecord[] {
      return (all.all() as unknown as Row[]).map(toRecord);
    },
    forHost(host: string): TrustedCertificateRecord[] {
      return (forHost.all(host) as unknown as Row[]).map(toRecord);
    },
    remove(host: string, fingerprint: string): boolean {
      return remove.run(host, fingerprint).changes > 0;
    },
  };
}

export type TrustedCertificatesRepository = ReturnType<typeof trustedCertificatesRepository>;
