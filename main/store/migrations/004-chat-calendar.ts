// Live chat and synced calendars: messages waiting in the chat outbox (a persisted task each, retried with
// back-off; the message row shows the user it is queued or failed), and a small per-account key-value store
// for connectors' sync cursors (an archive position per conversation, a sync token per calendar).

export const sql = `
ALTER TABLE chat_messages ADD COLUMN delivery TEXT;

CREATE TABLE chat_outbox (
  message_id TEXT PRIMARY KEY REFERENCES chat_messages(id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  conversation_id TEXT NOT NULL,
  nonce TEXT NOT NULL,
  text TEXT NOT NULL,
  queued_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  error TEXT
) STRICT;
CREATE INDEX chat_outbox_by_account ON chat_outbox(account_id, queued_at);

CREATE TABLE sync_state (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (account_id, key)
) STRICT, WITHOUT ROWID;
`;
