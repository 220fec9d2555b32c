// People as mail knows them locally: correspondents for recipient completion (from local history), and the
// senders whose remote content (images) the user allowed.
import type { MailAddress } from '../../core/model';
import type { Database } from '../db';
import type { FtsMatch } from '../fts-query';

/** Writing to someone says more about who you will write to next than receiving from them. */
const SENT_WEIGHT = 5;

export function mailPeopleRepository(db: Database) {
  const recordRecipient = db.prepare(`
    INSERT INTO mail_correspondents (account_id, address, name, weight, last_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (account_id, address) DO UPDATE SET weight = weight + excluded.weight,
      last_at = max(last_at, excluded.last_at), name = coalesce(excluded.name, name)`);
  const complete = db.prepare(`
    SELECT c.address, c.name FROM correspondent_fts f JOIN mail_correspondents c ON c.seq = f.rowid
    WHERE correspondent_fts MATCH :match AND (:accountId IS NULL OR c.account_id = :accountId)
    GROUP BY c.address ORDER BY max(c.weight) DESC, max(c.last_at) DESC LIMIT :limit`);
  const allowSender = db.prepare(
    'INSERT INTO mail_remote_content_senders (account_id, address) VALUES (?, lower(?)) ON CONFLICT DO NOTHING',
  );
  const allowMessage = db.prepare('UPDATE messages SET remote_content_allowed = 1 WHERE id = ?');

  return {
    recordRecipients(accountId: string, recipients: MailAddress[], at: number): void {
      for (const recipient of recipients) {
        recordRecipient.run(accountId, recipient.address.toLowerCase(), recipient.name ?? null, SENT_WEIGHT, at);
      }
    },
    complete(match: FtsMatch, accountId: string | null, limit: number): MailAddress[] {
      const rows = complete.all({ match, accountId, limit }) as unknown as { address: string; name: string | null }[];
      return rows.map((row) => (row.name ? { name: row.name, address: row.address } : { address: row.address }));
    },
    allowSender(accountId: string, address: string): void {
      allowSender.run(accountId, address);
    },
    allowMessage(messageId: string): boolean {
      return allowMessage.run(messageId).changes > 0;
    },
  };
}

export type MailPeopleRepository = ReturnType<typeof mailPeopleRepository>;
