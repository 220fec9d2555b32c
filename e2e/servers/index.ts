// Where the real test servers started by e2e/servers/servers.sh listen (see the header of that script).
export const servers = {
  domain: 'example.test',
  imap: { host: '127.0.0.1', port: 10143, tlsPort: 10993 },
  lmtp: { host: '127.0.0.1', port: 10024 },
  submission: { host: '127.0.0.1', port: 10587 },
  limited: { domain: 'limited.test', imap: 11143, lmtp: 11024, submission: 11587 },
  relay: { host: '127.0.0.1', port: 10025 },
  xmpp: { host: '127.0.0.1', port: 15222, domain: 'example.test', muc: 'conference.example.test' },
  caldav: { url: 'http://127.0.0.1:15232/' },
  webdav: { url: 'http://127.0.0.1:15080/', username: 'alice', password: 'alicepw' },
  users: { alice: 'alicepw', bob: 'bobpw', carol: 'carolpw' },
} as const;

/** The servers' folder; fails with the way to start them when they are not running. */
export function serversDir(): string {
  const dir = process.env.BASTIDE_SERVERS_DIR;
  if (!dir) {
    throw new Error(
      'These tests need the real servers: run `bash scripts/test.sh`, or ' +
        '`bash e2e/servers/servers.sh up /tmp/bastide-servers && export BASTIDE_SERVERS_DIR=/tmp/bastide-servers`.',
    );
  }
  return dir;
}
