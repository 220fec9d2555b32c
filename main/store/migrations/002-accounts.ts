// Accounts as the user sets them up: their order in the list and their settings (server, username, sign-in
// method; never a secret, those live in the OS keychain), and the server certificates the user chose to trust.

export const sql = `
ALTER TABLE accounts ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN setup TEXT;
UPDATE accounts SET position = (
  SELECT count(*) FROM accounts AS earlier
  WHERE earlier.created_at < accounts.created_at
     OR (earlier.created_at = accounts.created_at AND earlier.id < accounts.id)
);

CREATE TABLE trusted_certificates (
  host TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  subject TEXT NOT NULL,
  issuer TEXT NOT NULL,
  valid_to INTEGER,
  pem TEXT NOT NULL,
  trusted_at INTEGER NOT NULL,
  PRIMARY KEY (host, fingerprint)
) STRICT;
`;
