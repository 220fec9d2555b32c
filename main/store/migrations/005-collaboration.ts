// Spaces, activity, chat and documents of collaboration servers (eXo), offline first:
// - `remote_refs`: what a connector needs to find an item again on its server (a room id, a document path),
//   kept beside the item as opaque JSON;
// - extras of posts, comments and chat messages the first schema has no column for: the server's rich text,
//   our client nonce (no idempotency key on these servers: a retry looks for its nonce first), the like of
//   the user, a deleted message, an attachment; posts and comments written offline carry a `delivery` state;
// - `file_state`: per document, the local copy (cached or pinned for offline use), what the server had when it
//   was taken (to notice a conflicting change), and the lock we hold.

export const sql = `
CREATE TABLE remote_refs (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  ref TEXT NOT NULL
) STRICT;
CREATE INDEX remote_refs_by_account ON remote_refs(account_id);

CREATE TABLE post_extras (
  post_id TEXT PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
  html TEXT NOT NULL,
  liked INTEGER NOT NULL DEFAULT 0,
  nonce TEXT,
  delivery TEXT
) STRICT;

-- No foreign key to comments: a post's comments are replaced as a whole on every sync.
CREATE TABLE comment_extras (
  comment_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  post_id TEXT NOT NULL,
  html TEXT NOT NULL,
  nonce TEXT,
  delivery TEXT,
  text TEXT,
  author_id TEXT,
  posted_at INTEGER
) STRICT;
CREATE INDEX comment_extras_by_post ON comment_extras(post_id);

CREATE TABLE chat_message_extras (
  message_id TEXT PRIMARY KEY REFERENCES chat_messages(id) ON DELETE CASCADE,
  nonce TEXT,
  deleted INTEGER NOT NULL DEFAULT 0,
  attachment TEXT
) STRICT;
CREATE INDEX chat_message_extras_by_nonce ON chat_message_extras(nonce) WHERE nonce IS NOT NULL;

CREATE TABLE file_state (
  file_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  pinned INTEGER NOT NULL DEFAULT 0,
  -- The local copy, relative to the profile's cache folder.
  cache_path TEXT,
  -- What the server had when the local copy was taken, and the copy's own size and mtime then.
  base_tag TEXT,
  local_size INTEGER,
  local_mtime INTEGER,
  version TEXT,
  lock_token TEXT,
  -- Uploading or queued (a placeholder row in files until the server has it).
  delivery TEXT,
  -- The user's copy kept beside the server's after a conflict, relative to the cache folder.
  conflict_path TEXT
) STRICT;
CREATE INDEX file_state_by_account ON file_state(account_id);
`;
