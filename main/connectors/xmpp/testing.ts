// Test support for the XMPP connector against the real Prosody of e2e/servers: the TLS trust of its
// self-signed certificate, other users driven directly (bob, carol), an in-memory sink, and a TCP proxy
// that can cut or stall the network between the connector and the server.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { servers, serversDir } from '../../../e2e/servers';
import { CoreError } from '../../core/errors';
import type { ChatMessageRecord, ConversationRecord, PersonRecord, StoreSink } from '../../core/ports';
import type { Network } from '../http/network';
import { createNodeFetch } from '../http/node-fetch';
import { openXmppSession, xml, type Element, type XmppSession } from './session';
import { NS } from './stanzas';

export type TestUser = keyof typeof servers.users;

export const jidOf = (user: TestUser) => `${user}@${servers.xmpp.domain}`;

/** A network that trusts the test servers' self-signed certificate (the user would have trusted it). */
export function testNetwork(timeoutMs = 5_000): Network {
  const ca = readFileSync(join(serversDir(), 'cert.pem'), 'utf8');
  const tlsOptions = () => ({ ca, checkServerIdentity: () => undefined });
  return {
    fetch: createNodeFetch(tlsOptions),
    tlsOptions,
    certificateRefusal: async (endpoint) => new CoreError('tls.untrusted', { host: endpoint.host, fingerprint: '' }),
    timeoutMs,
  };
}

export function testServer(port: number = servers.xmpp.port) {
  return {
    domain: servers.xmpp.domain,
    endpoint: { host: servers.xmpp.host, port, security: 'starttls' as const },
  };
}

export const testLogin = (user: TestUser) => async () => ({ username: user, password: servers.users[user] });

/** Another user, driven by the test: sees stanzas as they come, sends what it is told. */
export async function peer(user: TestUser): Promise<Peer> {
  const server = testServer();
  const network = testNetwork();
  const session = await openXmppSession(
    {
      endpoint: server.endpoint,
      domain: server.domain,
      username: user,
      password: servers.users[user],
      tls: network.tlsOptions(server.endpoint.host),
      timeoutMs: network.timeoutMs,
      resource: `test-${randomUUID().slice(0, 8)}`,
    },
    network,
  );
  await session.send(xml('presence'));
  const seen: Element[] = [];
  const waiters = new Set<() => void>();
  session.onStanza((stanza) => {
    seen.push(stanza);
    for (const wake of waiters) wake();
  });
  return {
    session,
    jid: session.bareJid,
    seen,
    /** Resolves with the first stanza (already seen or to come) that matches. */
    waitFor(match: (stanza: Element) => boolean, timeoutMs = 10_000): Promise<Element> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = seen.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${user} did not see the expected stanza`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => session.close(),
  };
}

export interface Peer {
  session: XmppSession;
  jid: string;
  seen: Element[];
  waitFor(match: (stanza: Element) => boolean, timeoutMs?: number): Promise<Element>;
  close(): Promise<void>;
}

/** Makes two users contacts with a mutual presence subscription (idempotent). */
export async function befriend(a: Peer, b: Peer): Promise<void> {
  for (const [one, other] of [
    [a, b],
    [b, a],
  ] as const) {
    await one.session.request(
      xml('iq', { type: 'set' }, xml('query', { xmlns: NS.roster }, xml('item', { jid: other.jid }))),
    );
  }
  for (const [one, other] of [
    [a, b],
    [b, a],
  ] as const) {
    await one.session.send(xml('presence', { to: other.jid, type: 'subscribe' }));
    await other.session.send(xml('presence', { to: one.jid, type: 'subscribed' }));
  }
  for (const [one, other] of [
    [a, b],
    [b, a],
  ] as const) {
    for (let attempt = 0; (await subscription(one, other.jid)) !== 'both'; attempt++) {
      if (attempt > 50) throw new Error(`${one.jid} and ${other.jid} are not mutual contacts`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function subscription(owner: Peer, jid: string): Promise<string | undefined> {
  const answer = await owner.session.request(xml('iq', { type: 'get' }, xml('query', { xmlns: NS.roster })));
  return answer
    .getChild('query', NS.roster)
    ?.getChildren('item')
    .find((item) => item.attrs.jid === jid)?.attrs.subscription;
}

/** Creates a room (instant configuration) as `owner`, who stays in it. */
export async function createRoom(owner: Peer, name = `salle-${randomUUID().slice(0, 8)}`): Promise<string> {
  const room = `${name}@${servers.xmpp.muc}`;
  const nick = owner.jid.split('@')[0]!;
  await owner.session.send(
    xml('presence', { to: `${room}/${nick}` }, xml('x', { xmlns: NS.muc }, xml('history', { maxstanzas: '0' }))),
  );
  await owner.waitFor((stanza) => stanza.is('presence') && stanza.attrs.from === `${room}/${nick}`);
  await owner.session.request(
    xml(
      'iq',
      { type: 'set', to: room },
      xml('query', { xmlns: 'http://jabber.org/protocol/muc#owner' }, xml('x', { xmlns: NS.data, type: 'submit' })),
    ),
  );
  return room;
}

/** Messages in `user`'s archive with `jid` (or in a room's archive) that carry this origin-id. */
export async function archivedWithOriginId(
  owner: Peer,
  originId: string,
  scope: { with: string } | { room: string },
): Promise<number> {
  const { queryArchive } = await import('./mam');
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const page = await queryArchive(owner.session, {
      ...('room' in scope ? { archive: scope.room } : { with: scope.with }),
      start: new Date(Date.now() - 3_600_000).toISOString(),
      max: 100,
      ...(after ? { after } : {}),
    });
    count += page.results.filter(
      (result) => result.message.getChild('origin-id', NS.sid)?.attrs.id === originId,
    ).length;
    if (page.complete || !page.last) return count;
    after = page.last;
  }
}

/** A StoreSink in memory, with what was written readable by the test. */
export function memorySink(accountId: string) {
  const people = new Map<string, PersonRecord>();
  const conversations = new Map<string, ConversationRecord>();
  const messages = new Map<string, ChatMessageRecord>();
  const cursors = new Map<string, string>();
  const unsupported = () => {
    throw new Error('not a chat record');
  };
  const sink: StoreSink = {
    accountId,
    batch: (write) => write(),
    putPeople: (records) => records.forEach((person) => people.set(person.id, person)),
    putConversations: (records, options) =>
      records.forEach((record) => {
        const kept = options?.keepUnread ? conversations.get(record.id)?.unread : undefined;
        conversations.set(record.id, { ...record, unread: kept ?? record.unread });
      }),
    putChatMessages: (records) =>
      records.flatMap((record) => {
        const added = !messages.has(record.id);
        messages.set(record.id, record);
        return added ? [record.id] : [];
      }),
    addUnread: (conversationId, count) => {
      const conversation = conversations.get(conversationId);
      if (conversation) conversation.unread += count;
    },
    cursor: (key) => cursors.get(key) ?? null,
    setCursor: (key, value) => (value === null ? cursors.delete(key) : cursors.set(key, value)),
    putMailFolders: unsupported,
    putMessages: unsupported,
    putSpaces: unsupported,
    putPosts: unsupported,
    putFiles: unsupported,
    putEvents: unsupported,
    removeEvents: unsupported,
    putActivity: unsupported,
  };
  return { sink, people, conversations, messages, cursors };
}

/**
 * A TCP proxy to the XMPP server: `cut()` drops every connection and refuses new ones (the network is
 * gone), `restore()` lets them through again, `stall()` keeps forwarding what the client sends but no
 * longer what the server answers (a request that reaches the server whose answer is lost).
 */
export async function tcpProxy(target = { host: servers.xmpp.host, port: servers.xmpp.port }) {
  const sockets = new Set<Socket>();
  let open = true;
  let stalled = false;
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!stalled) client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    stall() {
      stalled = true;
    },
    restore() {
      open = true;
      stalled = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
