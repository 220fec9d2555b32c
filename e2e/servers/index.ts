// Where the real test servers started by e2e/servers/servers.sh listen (see the header of that script).
// BASTIDE_PORT_OFFSET shifts every port, as it does in the script.
const offset = Number(process.env.BASTIDE_PORT_OFFSET ?? 0);
const o = (port: number) => port + offset;

export const servers = {
  domain: 'example.test',
  imap: { host: '127.0.0.1', port: o(10143), tlsPort: o(10993) },
  lmtp: { host: '127.0.0.1', port: o(10024) },
  submission: { host: '127.0.0.1', port: o(10587) },
  limited: { domain: 'limited.test', imap: o(11143), lmtp: o(11024), submission: o(11587) },
  relay: { host: '127.0.0.1', port: o(10025) },
  xmpp: { host: '127.0.0.1', port: o(15222), domain: 'example.test', muc: 'conference.example.test' },
  caldav: { url: `http://127.0.0.1:${o(15232)}/` },
  webdav: { url: `http://127.0.0.1:${o(15080)}/`, username: 'alice', password: 'alicepw' },
  users: { alice: 'alicepw', bob: 'bobpw', carol: 'carolpw' },
  /** Dovecot only (both profiles): a mailbox with a 512 KiB quota. */
  quotaUser: { username: 'dave', password: 'davepw', quotaBytes: 512 * 1024 },
  /** The limited profile's submission refuses messages above this size (BlueMind's default). */
  limitedMaxMailSize: 10 * 1024 * 1024,
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
