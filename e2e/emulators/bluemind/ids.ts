import { createHash, randomUUID } from 'node:crypto';

/** A deterministic upper-case UUID-shaped id derived from a seed (BlueMind directory uids look like this). */
export function stableUid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A deterministic lower-case UUID (folder uids, item uids). */
export function stableUuid(seed: string): string {
  return stableUid(seed).toLowerCase();
}

export function newUuid(): string {
  return randomUUID();
}

export function sha1Hex(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

/** Decimal string of a positive 63-bit hash: the shape of `MailboxRecord.conversationId` (brief §4.3 pitfall). */
export function conversationIdFor(seed: string): string {
  const h = createHash('sha1').update(seed).digest();
  return (h.readBigUInt64BE(0) & 0x7fffffffffffffffn).toString(10);
}
