// An XMPP client assembled from xmpp.js's parts, because its ready-made `client()` opens TLS with no room for
// our options: here STARTTLS (or direct TLS) carries the user's certificate decisions, and credentials are
// never sent before the stream is encrypted (except to this machine). SASL SCRAM-SHA-1, then PLAIN over TLS.
import { Client, jid, xml } from '@xmpp/client-core';
import ConnectionTCP from '@xmpp/connection-tcp';
import iqCaller from '@xmpp/iq/caller.js';
import middleware from '@xmpp/middleware';
import resourceBinding from '@xmpp/resource-binding';
import sasl from '@xmpp/sasl';
import plain from '@xmpp/sasl-plain';
import scramSha1 from '@xmpp/sasl-scram-sha-1';
import streamFeatures from '@xmpp/stream-features';
import tcp from '@xmpp/tcp';
import TlsSocket from '@xmpp/tls/lib/Socket.js';
import SASLFactory from 'saslmechanisms';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { CoreError } from '../../core/errors';
import type { ServerEndpoint } from '../../core/model';
import type { TlsEndpoint } from '../../core/tls/peer-certificate';
import { isLoopback } from '../http/network';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';

export interface XmppLogin {
  endpoint: ServerEndpoint;
  domain: string;
  username: string;
  password: string;
  tls: ConnectionOptions;
  timeoutMs: number;
  resource?: string;
}

export type XmppClient = Client;

/** The endpoint as the TLS trust module sees it (the STARTTLS dialogue opens a stream to the domain). */
export function xmppTlsEndpoint(endpoint: ServerEndpoint, domain: string): TlsEndpoint {
  const startTls = endpoint.security === 'starttls' ? 'xmpp' : undefined;
  return { host: endpoint.host, port: endpoint.port, startTls, xmppDomain: domain };
}

/** Opens an authenticated XMPP session (online, resource bound); the caller stops it. */
export async function openXmppClient(login: XmppLogin): Promise<XmppClient> {
  const { endpoint, domain } = login;
  const direct = endpoint.security === 'tls';
  const scheme = direct ? 'xmpps' : 'xmpp';
  const host = isIP(endpoint.host) === 6 ? `[${endpoint.host}]` : endpoint.host;
  const entity = new Client({ service: `${scheme}://${host}:${endpoint.port}`, domain, timeout: login.timeoutMs });
  entity.jid = jid(login.username, domain) as XmppClient['jid'];
  const tlsOptions: ConnectionOptions = { ...login.tls, host: domain, servername: isIP(domain) ? undefined : domain };

  if (direct) entity.transports.push(directTlsTransport(tlsOptions));
  else tcp({ entity });
  const features = middleware({ entity });
  const negotiation = streamFeatures({ middleware: features });
  const iq = iqCaller({ middleware: features, entity });

  if (endpoint.security === 'starttls') {
    negotiation.use('starttls', NS_TLS, async ({ entity: connection }, next) => {
      if (connection.isSecure()) return next();
      const answer = await connection.sendReceive(xml('starttls', { xmlns: NS_TLS }));
      if (!answer.is('proceed', NS_TLS)) throw new Error('STARTTLS_FAILURE');
      const secure = new TlsSocket();
      secure.connect({ ...tlsOptions, socket: connection.socket ?? undefined });
      await new Promise<void>((resolve, reject) => {
        secure.once('connect', resolve);
        secure.once('error', reject);
      });
      connection._attachSocket(secure);
      await connection.restart();
    });
  }

  const factory = new SASLFactory();
  scramSha1(factory);
  plain(factory);
  sasl({ streamFeatures: negotiation, saslFactory: factory }, async (authenticate, mechanisms, _fast, connection) => {
    const encrypted = connection.isSecure();
    if (!encrypted && (endpoint.security !== 'none' || !isLoopback(endpoint.host))) {
      throw new CoreError('server.insecure', { host: endpoint.host });
    }
    const mechanism = encrypted ? mechanisms[0] : mechanisms.find((name) => name !== 'PLAIN');
    if (!mechanism) throw new CoreError('server.unsupported', { host: endpoint.host });
    await authenticate({ username: login.username, password: login.password }, mechanism);
  });
  resourceBinding({ streamFeatures: negotiation, iqCaller: iq }, login.resource);

  await new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      clearTimeout(timer);
      reject(error);
      void entity.stop().catch(() => {});
    };
    const timer = setTimeout(
      () => fail(Object.assign(new Error('XMPP sign-in timed out'), { code: 'ETIMEDOUT' })),
      login.timeoutMs,
    );
    entity.on('error', fail);
    entity.on('online', () => {
      clearTimeout(timer);
      entity.off('error', fail);
      resolve();
    });
    entity.start().catch(fail);
  });
  return entity;
}

/** Direct TLS (`xmpps://`, port 5223): the TCP transport with a TLS socket opened with our options. */
function directTlsTransport(tlsOptions: ConnectionOptions) {
  class DirectTls extends ConnectionTCP {
    override socketParameters(service: string) {
      const url = new URL(service);
      if (url.protocol !== 'xmpps:') return undefined;
      return { ...tlsOptions, port: Number(url.port) || 5223, host: url.hostname.replace(/^\[(.*)\]$/, '$1') };
    }
  }
  Object.assign(DirectTls.prototype, { Socket: TlsSocket, NS: 'jabber:client' });
  return DirectTls;
}
