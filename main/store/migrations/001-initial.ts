// The first schema. Dates are stored as epoch milliseconds (INTEGER) so that ordering and range queries are
// numeric; the repositories convert them to ISO 8601 at the edge. Booleans are 0/1.
//
// Full-text search: every FTS table tokenizes with `unicode61 remove_diacritics 2` ("reunion" finds
// "Réunion"). Tables whose indexed text lives in one row use external content (no copy of the text) and are
// kept in sync by triggers. Mail is indexed from two tables (header + body) plus a derived "people" column,
// so mail_fts keeps its own copy; its row is created when the body row is written (every message has one).
// FTS rowids point at `seq INTEGER PRIMARY KEY` columns, which VACUUM never renumbers (implicit rowids can change).

const fts = (table: string, columns: string, options = '') =>
  `CREATE VIRTUAL TABLE ${table} USING fts5(${columns}${options}, tokenize = 'unicode61 remove_diacritics 2');`;

/** Triggers that keep an external-content FTS table in step with its content table. */
function externalContentTriggers(content: string, index: string, columns: string[]): string {
  const list = columns.join(', ');
  const values = (row: 'new' | 'old') => columns.map((column) => `${row}.${column}`).join(', ');
  return `
CREATE TRIGGER ${content}_fts_insert AFTER INSERT ON ${content} BEGIN
  INSERT INTO ${index}(rowid, ${list}) VALUES (new.seq, ${values('new')});
END;
CREATE TRIGGER ${content}_fts_delete AFTER DELETE ON ${content} BEGIN
  INSERT INTO ${index}(${index}, rowid, ${list}) VALUES ('delete', old.seq, ${values('old')});
END;
CREATE TRIGGER ${content}_fts_update AFTER UPDATE OF ${list} ON ${content} BEGIN
  INSERT INTO ${index}(${index}, rowid, ${list}) VALUES ('delete', old.seq, ${values('old')});
  INSERT INTO ${index}(rowid, ${list}) VALUES (new.seq, ${values('new')});
END;`;
}

/** Sender and recipients of a message row as one searchable text (later migrations rebuild mail_fts with it). */
export const mailPeople = (row: string) => `
  coalesce(${row}.from_name, '') || ' ' || ${row}.from_address || ' ' ||
  coalesce((SELECT group_concat(coalesce(value ->> 'name', '') || ' ' || (value ->> 'address'), ' ')
            FROM json_each(${row}.to_json)), '') || ' ' ||
  coalesce((SELECT group_concat(coalesce(value ->> 'name', '') || ' ' || (value ->> 'address'), ' ')
            FROM json_each(${row}.cc_json)), '')`;

export const sql = `
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  kind_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  address TEXT NOT NULL,
  self_person_id TEXT,
  capabilities TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE people (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  address TEXT,
  title TEXT,
  presence TEXT
) STRICT;
CREATE INDEX people_by_account ON people(account_id);

CREATE TABLE mail_folders (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES mail_folders(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  role TEXT
) STRICT;
CREATE INDEX mail_folders_by_account ON mail_folders(account_id);
CREATE INDEX mail_folders_by_parent ON mail_folders(parent_id);

CREATE TABLE messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  folder_id TEXT NOT NULL REFERENCES mail_folders(id) ON DELETE CASCADE,
  thread_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  from_name TEXT,
  from_address TEXT NOT NULL,
  to_json TEXT NOT NULL,
  cc_json TEXT NOT NULL,
  date INTEGER NOT NULL,
  snippet TEXT NOT NULL,
  unread INTEGER NOT NULL,
  flagged INTEGER NOT NULL,
  has_attachments INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_by_folder_date ON messages(folder_id, date DESC);
-- Covers the per-folder unread/total counts without touching the rows.
CREATE INDEX messages_by_folder_unread ON messages(folder_id, unread);
CREATE INDEX messages_by_thread ON messages(thread_id);
CREATE INDEX messages_by_account ON messages(account_id);

CREATE TABLE message_bodies (
  message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  body_text TEXT NOT NULL,
  body_html TEXT
) STRICT;

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  mime_type TEXT NOT NULL
) STRICT;
CREATE INDEX attachments_by_message ON attachments(message_id, position);

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  unread INTEGER NOT NULL
) STRICT;
CREATE INDEX conversations_by_account ON conversations(account_id);

CREATE TABLE conversation_members (
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX conversation_members_by_person ON conversation_members(person_id);

CREATE TABLE chat_messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL,
  text TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  edited_at INTEGER
) STRICT;
CREATE INDEX chat_messages_by_conversation ON chat_messages(conversation_id, sent_at DESC);

CREATE TABLE spaces (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  member_count INTEGER NOT NULL,
  unread INTEGER NOT NULL
) STRICT;
CREATE INDEX spaces_by_account ON spaces(account_id);

CREATE TABLE posts (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL,
  text TEXT NOT NULL,
  posted_at INTEGER NOT NULL,
  likes INTEGER NOT NULL
) STRICT;
CREATE INDEX posts_by_space ON posts(space_id, posted_at DESC);

CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL,
  text TEXT NOT NULL,
  posted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX comments_by_post ON comments(post_id, posted_at);

CREATE TABLE files (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES files(id) ON DELETE CASCADE,
  space_id TEXT REFERENCES spaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  size INTEGER,
  mime_type TEXT,
  modified_at INTEGER NOT NULL,
  modified_by TEXT
) STRICT;
CREATE INDEX files_by_parent ON files(parent_id, space_id);
CREATE INDEX files_by_account ON files(account_id);
CREATE INDEX files_by_space ON files(space_id);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  all_day INTEGER NOT NULL,
  location TEXT,
  organizer_id TEXT NOT NULL,
  meeting_url TEXT,
  description TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_start ON events(start_at);
CREATE INDEX events_by_account ON events(account_id);

CREATE TABLE event_attendees (
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  person_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (event_id, person_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE activity (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  at INTEGER NOT NULL,
  unread INTEGER NOT NULL,
  target_app TEXT NOT NULL,
  target_id TEXT NOT NULL,
  target_parent_id TEXT
) STRICT;
CREATE INDEX activity_by_date ON activity(at DESC);
CREATE INDEX activity_by_account ON activity(account_id);

${fts('mail_fts', 'subject, people, body')}

CREATE TRIGGER message_bodies_fts_insert AFTER INSERT ON message_bodies BEGIN
  INSERT INTO mail_fts(rowid, subject, people, body)
  SELECT m.seq, m.subject, ${mailPeople('m')}, new.body_text FROM messages m WHERE m.id = new.message_id;
END;
CREATE TRIGGER message_bodies_fts_update AFTER UPDATE OF body_text ON message_bodies BEGIN
  UPDATE mail_fts SET body = new.body_text WHERE rowid = (SELECT seq FROM messages WHERE id = new.message_id);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF subject, from_name, from_address, to_json, cc_json ON messages BEGIN
  UPDATE mail_fts SET subject = new.subject, people = ${mailPeople('new')} WHERE rowid = new.seq;
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  DELETE FROM mail_fts WHERE rowid = old.seq;
END;

${fts('chat_fts', 'text', ", content = 'chat_messages', content_rowid = 'seq'")}
${externalContentTriggers('chat_messages', 'chat_fts', ['text'])}

${fts('post_fts', 'text', ", content = 'posts', content_rowid = 'seq'")}
${externalContentTriggers('posts', 'post_fts', ['text'])}

${fts('file_fts', 'name', ", content = 'files', content_rowid = 'seq'")}
${externalContentTriggers('files', 'file_fts', ['name'])}

${fts('person_fts', 'name, address, title', ", content = 'people', content_rowid = 'seq'")}
${externalContentTriggers('people', 'person_fts', ['name', 'address', 'title'])}

${fts('event_fts', 'title, location, description', ", content = 'events', content_rowid = 'seq'")}
${externalContentTriggers('events', 'event_fts', ['title', 'location', 'description'])}
`;
