// Mail on standard protocols (IMAP/SMTP), offline first: where each message is on its server, a sync cursor per
// folder, local drafts, the outbox and other user intents as persisted tasks, remote-content allowances and the
// correspondents recipient completion draws on.
import { mailPeople } from './001-initial';
//
// A message's `folder_id` is where the user sees it; `remote_folder_id` + `uid` is where the server has it. They
// differ while a move waits for its remote phase, so that a sync in between neither re-creates the message in
// its old folder nor loses it. `pending_ops` counts the tasks not yet replayed on the message: a sync leaves its
// flags and place alone until they have run (the user's intent wins over the server's older state).

export const sql = `
ALTER TABLE mail_folders ADD COLUMN selectable INTEGER NOT NULL DEFAULT 1;

-- Mail search lists the newest matches first, which FTS5 answers without ranking every match (ORDER BY rowid
-- DESC stops after the first rows; ranking by bm25 visits them all, too slow at 100,000 messages). So mail_fts
-- rowids follow the messages' dates: the date in seconds, then 20 bits of the message's seq to tell apart the
-- messages of one second (ftsKeyOf in repositories/mail.ts). Set once, by the statement inserting the message.
-- Messages a sync brings in bulk are indexed a moment later, in batches (indexed = 0 until then; their
-- correspondents too): the header sync keeps the pace of the server.
ALTER TABLE messages ADD COLUMN fts_key INTEGER;
ALTER TABLE messages ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
UPDATE messages SET fts_key = (date / 1000) * 1048576 + (seq % 1048576);
CREATE UNIQUE INDEX messages_by_fts_key ON messages(fts_key);
CREATE INDEX messages_to_index ON messages(seq) WHERE indexed = 0;

DROP TRIGGER message_bodies_fts_insert;
DROP TRIGGER message_bodies_fts_update;
DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_delete;
CREATE VIRTUAL TABLE mail_fts_by_date USING fts5(subject, people, body, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO mail_fts_by_date(rowid, subject, people, body)
  SELECT m.fts_key, f.subject, f.people, f.body FROM mail_fts f JOIN messages m ON m.seq = f.rowid;
DROP TABLE mail_fts;
ALTER TABLE mail_fts_by_date RENAME TO mail_fts;
CREATE TRIGGER message_bodies_fts_insert AFTER INSERT ON message_bodies
WHEN (SELECT indexed FROM messages WHERE id = new.message_id) = 1 BEGIN
  DELETE FROM mail_fts WHERE rowid = (SELECT fts_key FROM messages WHERE id = new.message_id);
  INSERT INTO mail_fts(rowid, subject, people, body)
  SELECT m.fts_key, m.subject, ${mailPeople('m')}, new.body_text FROM messages m WHERE m.id = new.message_id;
END;
CREATE TRIGGER message_bodies_fts_update AFTER UPDATE OF body_text ON message_bodies BEGIN
  UPDATE mail_fts SET body = new.body_text WHERE rowid = (SELECT fts_key FROM messages WHERE id = new.message_id);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF subject, from_name, from_address, to_json, cc_json ON messages BEGIN
  UPDATE mail_fts SET subject = new.subject, people = ${mailPeople('new')} WHERE rowid = new.fts_key;
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  DELETE FROM mail_fts WHERE rowid = old.fts_key;
END;

ALTER TABLE messages ADD COLUMN remote_folder_id TEXT;
ALTER TABLE messages ADD COLUMN uid INTEGER;
ALTER TABLE messages ADD COLUMN message_id_header TEXT;
ALTER TABLE messages ADD COLUMN in_reply_to TEXT;
ALTER TABLE messages ADD COLUMN references_list TEXT;
ALTER TABLE messages ADD COLUMN reply_to_json TEXT;
ALTER TABLE messages ADD COLUMN size INTEGER;
-- The parts to download when the body is wanted (JSON {"text": "1", "html": "2"}); null once fetched.
ALTER TABLE messages ADD COLUMN body_parts TEXT;
ALTER TABLE messages ADD COLUMN body_fetched INTEGER NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN pending_ops INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN remote_content_allowed INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX messages_by_remote_uid ON messages(remote_folder_id, uid) WHERE uid IS NOT NULL;
CREATE INDEX messages_by_message_id ON messages(account_id, message_id_header) WHERE message_id_header IS NOT NULL;

ALTER TABLE attachments ADD COLUMN part TEXT;
ALTER TABLE attachments ADD COLUMN content_id TEXT;
ALTER TABLE attachments ADD COLUMN inline INTEGER NOT NULL DEFAULT 0;

-- Where a folder's sync stands. HIGHESTMODSEQ is null on servers without CONDSTORE; bigints are kept as text.
CREATE TABLE mail_folder_sync (
  folder_id TEXT PRIMARY KEY REFERENCES mail_folders(id) ON DELETE CASCADE,
  uid_validity TEXT NOT NULL,
  uid_next INTEGER NOT NULL,
  highest_modseq TEXT,
  messages INTEGER NOT NULL,
  flags_checked_at INTEGER NOT NULL
) STRICT;

CREATE TABLE mail_drafts (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  -- The Message-ID of every server copy of this draft, and of the mail once queued.
  message_id TEXT NOT NULL,
  content TEXT NOT NULL,
  revision INTEGER NOT NULL,
  -- The revision whose copy is in the server's Drafts folder (0: none yet).
  synced_revision INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX mail_drafts_by_account ON mail_drafts(account_id, updated_at DESC);

-- User intents waiting for (or being replayed on) their server: the outbox and every other remote phase.
CREATE TABLE tasks (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (account_id, kind, idempotency_key)
) STRICT;
CREATE INDEX tasks_due ON tasks(account_id, state, next_attempt_at);

CREATE TABLE mail_remote_content_senders (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  PRIMARY KEY (account_id, address)
) STRICT, WITHOUT ROWID;

-- People mail was exchanged with: the local history recipient completion draws on. Writing to someone weighs
-- more than hearing from them.
CREATE TABLE mail_correspondents (
  seq INTEGER PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  name TEXT,
  weight INTEGER NOT NULL,
  last_at INTEGER NOT NULL,
  UNIQUE (account_id, address)
) STRICT;
CREATE VIRTUAL TABLE correspondent_fts USING fts5(name, address, content = 'mail_correspondents',
  content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER mail_correspondents_fts_insert AFTER INSERT ON mail_correspondents BEGIN
  INSERT INTO correspondent_fts(rowid, name, address) VALUES (new.seq, new.name, new.address);
END;
CREATE TRIGGER mail_correspondents_fts_delete AFTER DELETE ON mail_correspondents BEGIN
  INSERT INTO correspondent_fts(correspondent_fts, rowid, name, address) VALUES ('delete', old.seq, old.name, old.address);
END;
CREATE TRIGGER mail_correspondents_fts_update AFTER UPDATE OF name, address ON mail_correspondents
WHEN old.name IS NOT new.name OR old.address IS NOT new.address BEGIN
  INSERT INTO correspondent_fts(correspondent_fts, rowid, name, address) VALUES ('delete', old.seq, old.name, old.address);
  INSERT INTO correspondent_fts(rowid, name, address) VALUES (new.seq, new.name, new.address);
END;

CREATE TRIGGER messages_correspondents AFTER INSERT ON messages WHEN new.from_address <> '' AND new.indexed = 1 BEGIN
  INSERT INTO mail_correspondents (account_id, address, name, weight, last_at)
  SELECT new.account_id, lower(new.from_address), new.from_name, 1, new.date WHERE true
  ON CONFLICT (account_id, address) DO UPDATE SET weight = weight + 1, last_at = max(last_at, excluded.last_at),
    name = coalesce(excluded.name, name);
END;
`;
