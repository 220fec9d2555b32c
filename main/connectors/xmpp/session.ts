// An authenticated XMPP stream for the chat connector, on the client the sign-in opens (login-client.ts):
// IQ requests matched by id, incoming IQ requests answered, every other stanza handed to the listeners.
import { randomUUID } from 'node:crypto';
import xml, { type Element } from '@xmpp/xml';
import { CoreError } from '../../core/errors';
import { toNetworkError, type Network } from '../http/network';
import { openXmppClient, xmppTlsEndpoint, type XmppClient, type XmppLogin } from './login-client';

export { xml, type Element };

export interface XmppSession {
  /** Our bare JID, `user@domain`. */
  readonly bareJid: string;
  send(stanza: Element): Promise<void>;
  /** Sends an IQ and resolves with the result stanza; rejects with a StanzaError-like error on type="error". */
  request(iq: Element, timeoutMs?: number): Promise<Element>;
  /** Every incoming message and presence stanza; returns the unsubscribe function. */
  onStanza(listener: (stanza: Element) => void): () => void;
  /** Answers incoming IQ requests with this payload (a roster push); unanswered ones get service-unavailable. */
  answer(xmlns: string, name: string, handler: (iq: Element) => void): void;
  /** Resolves once, when the stream ends for any reason (closed by us, by the server, or by the network). */
  readonly ended: Promise<void>;
  close(): Promise<void>;
}

export class XmppStanzaError extends Error {
  constructor(readonly condition: string) {
    super(`XMPP error: ${condition}`);
    this.name = 'XmppStanzaError';
  }
}

// What a server answers for an extension it does not offer (Zimbra Chat has neither archive nor bookmarks).
const UNSUPPORTED = new Set(['feature-not-implemented', 'service-unavailable', 'not-allowed', 'forbidden']);

export const isUnsupported = (error: unknown) => error instanceof XmppStanzaError && UNSUPPORTED.has(error.condition);

/** Opens a session; failures come back as the translatable errors the sign-in gives (login.ts). */
export async function openXmppSession(login: XmppLogin, network: Network): Promise<XmppSession> {
  try {
    return wrap(await openXmppClient(login), login.timeoutMs);
  } catch (error) {
    if ((error as { name?: string }).name === 'SASLError') throw new CoreError('auth.wrongPassword');
    throw await toNetworkError(error, xmppTlsEndpoint(login.endpoint, login.domain), network);
  }
}

function wrap(client: XmppClient, timeoutMs: number): XmppSession {
  const listeners = new Set<(stanza: Element) => void>();
  const pending = new Map<string, { resolve(stanza: Element): void; reject(error: unknown): void }>();
  const handlers = new Map<string, (iq: Element) => void>();
  let resolveEnded = () => {};
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const end = () => {
    for (const { reject } of pending.values()) reject(new XmppStanzaError('connection-closed'));
    pending.clear();
    resolveEnded();
  };
  // Without a listener, an 'error' event would throw; the stream's end is what the connector acts on.
  client.on('error', () => undefined);
  client.on('disconnect', end);
  client.on('offline', end);
  client.on('stanza', (stanza: Element) => {
    if (!stanza.is('iq')) {
      for (const listener of listeners) listener(stanza);
      return;
    }
    const { type, id = '' } = stanza.attrs;
    if (type === 'result' || type === 'error') {
      const waiting = pending.get(id);
      if (!waiting) return;
      pending.delete(id);
      if (type === 'result') waiting.resolve(stanza);
      else waiting.reject(new XmppStanzaError(stanza.getChild('error')?.getChildElements()[0]?.name ?? 'error'));
      return;
    }
    void answerRequest(stanza);
  });

  async function answerRequest(iq: Element) {
    const payload = iq.getChildElements()[0];
    const handler = payload && handlers.get(`${payload.getNS()} ${payload.name}`);
    const ping = payload?.is('ping', 'urn:xmpp:ping');
    const reply = xml('iq', { to: iq.attrs.from ?? '', id: iq.attrs.id ?? '', type: 'result' });
    if (handler) handler(iq);
    else if (!ping) {
      reply.attrs.type = 'error';
      reply.append(
        xml('error', { type: 'cancel' }, xml('service-unavailable', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })),
      );
    }
    await client.send(reply).catch(() => undefined);
  }

  const bareJid = client.jid?.bare().toString() ?? '';
  return {
    bareJid,
    send: (stanza) => client.send(stanza),
    request(iq, timeout = timeoutMs) {
      const id = (iq.attrs.id ||= randomUUID());
      return new Promise<Element>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(Object.assign(new Error('XMPP request timed out'), { code: 'ETIMEDOUT' }));
        }, timeout);
        pending.set(id, {
          resolve: (stanza) => (clearTimeout(timer), resolve(stanza)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        client.send(iq).catch((error: unknown) => pending.get(id)?.reject(error));
      });
    },
    onStanza(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    answer(xmlns, name, handler) {
      handlers.set(`${xmlns} ${name}`, handler);
    },
    ended,
    async close() {
      listeners.clear();
      await client.stop().catch(() => undefined);
      end();
    },
  };
}
