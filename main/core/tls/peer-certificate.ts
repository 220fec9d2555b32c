// Reads the certificate a server presents, without trusting it and without sending anything but the
// protocol's own STARTTLS preamble: what the user is shown when TLS refused the server.
import { isIP, Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { describeCertificate, type SeenCertificate } from './certificate';

export type StartTls = 'imap' | 'smtp' | 'xmpp';

export interface TlsEndpoint {
  host: string;
  port: number;
  /** The plain-text dialogue before the TLS handshake, for STARTTLS services. */
  startTls?: StartTls;
  /** The XMPP domain to open the stream to (defaults to the host). */
  xmppDomain?: string;
}

export type PeerCertificateReader = (endpoint: TlsEndpoint, timeoutMs: number) => Promise<SeenCertificate>;

export const readPeerCertificate: PeerCertificateReader = async (endpoint, timeoutMs) => {
  const plain = new Socket();
  const timer = setTimeout(() => plain.destroy(new Error('certificate probe timed out')), timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      plain.once('error', reject);
      plain.connect(endpoint.port, endpoint.host, resolve);
    });
    if (endpoint.startTls) await startTlsDialogue(plain, endpoint);
    const secure = await handshake(plain, endpoint.host);
    const certificate = secure.getPeerCertificate(true);
    secure.destroy();
    if (!certificate?.raw) throw new Error('the server presented no certificate');
    return describeCertificate(endpoint.host, certificate.raw);
  } finally {
    clearTimeout(timer);
    plain.destroy();
  }
};

function handshake(socket: Socket, host: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({
      socket,
      servername: isIP(host) ? undefined : host,
      // Only to read what the server presents: nothing is sent over this connection.
      rejectUnauthorized: false,
    });
    secure.once('secureConnect', () => resolve(secure));
    secure.once('error', reject);
  });
}

async function startTlsDialogue(socket: Socket, endpoint: TlsEndpoint): Promise<void> {
  const reader = lineReader(socket);
  switch (endpoint.startTls) {
    case 'imap':
      await reader.until(/^\* (OK|PREAUTH)\b.*\r\n/m);
      socket.write('b1 STARTTLS\r\n');
      await reader.until(/^b1 OK\b.*\r\n/m, /^b1 (NO|BAD)\b/m);
      break;
    case 'smtp':
      await reader.until(/^220 .*\r\n/m);
      socket.write('EHLO bastide\r\n');
      await reader.until(/^250 .*\r\n/m);
      socket.write('STARTTLS\r\n');
      await reader.until(/^220 .*\r\n/m, /^[45]\d\d /m);
      break;
    case 'xmpp': {
      const domain = endpoint.xmppDomain ?? endpoint.host;
      socket.write(
        `<?xml version='1.0'?><stream:stream to='${domain.replace(/[<>&'"]/g, '')}' version='1.0' ` +
          `xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`,
      );
      await reader.until(/<\/stream:features>/);
      socket.write(`<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>`);
      await reader.until(/<proceed\b/, /<failure\b/);
      break;
    }
  }
  reader.stop();
}

function lineReader(socket: Socket) {
  let buffer = '';
  let waiter: (() => void) | null = null;
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    waiter?.();
  };
  socket.on('data', onData);
  return {
    until(done: RegExp, refused?: RegExp): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (refused?.test(buffer)) return reject(new Error('the server refused STARTTLS'));
          if (!done.test(buffer)) return;
          buffer = '';
          waiter = null;
          resolve();
        };
        waiter = check;
        socket.once('close', () => reject(new Error('connection closed during STARTTLS')));
        check();
      });
    },
    stop() {
      socket.off('data', onData);
    },
  };
}
