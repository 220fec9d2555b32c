// Brief §5.4 with fixture E15: the /eventbus websocket (raw and SockJS framing), register rules, REST over
// the socket, events published on mail changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBlueMindEmulator, type BlueMindEmulator } from './index.js';
import { call, login, type Session } from './testkit.js';

let emu: BlueMindEmulator;
let alice: Session;

beforeEach(async () => {
  emu = await startBlueMindEmulator({ heartbeatMs: 100 });
  alice = await login(emu, 'alice');
});
afterEach(() => emu.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Msg = any;

class Bus {
  readonly received: Msg[] = [];
  readonly rawFrames: string[] = [];
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  constructor(
    readonly ws: WebSocket,
    private readonly sockjs: boolean,
  ) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.rawFrames.push(text);
      let msgs: Msg[] = [];
      if (!sockjs) msgs = [JSON.parse(text)];
      else if (text.startsWith('a')) msgs = (JSON.parse(text.slice(1)) as string[]).map((s) => JSON.parse(s));
      for (const m of msgs) {
        this.received.push(m);
        for (const w of [...this.waiters]) {
          if (w.pred(m)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(m);
          }
        }
      }
    });
  }
  static async open(url: string, sockjs = false): Promise<Bus> {
    const path = sockjs ? '/eventbus/123/abcdefgh/websocket' : '/eventbus/websocket';
    const ws = new WebSocket(`${url.replace('http', 'ws')}${path}`);
    const bus = new Bus(ws, sockjs);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return bus;
  }
  send(frame: object): void {
    const text = JSON.stringify(frame);
    this.ws.send(this.sockjs ? JSON.stringify([text]) : text);
  }
  next(pred: (m: Msg) => boolean, timeoutMs = 2000): Promise<Msg> {
    const found = this.received.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no such frame')), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }
  async request(frame: {
    requestId: string;
    method: string;
    path: string;
    headers?: Record<string, string>;
    params?: Record<string, string>;
  }): Promise<Msg> {
    this.send(frame);
    return this.next((m) => m.requestId === frame.requestId);
  }
  close(): void {
    this.ws.close();
  }
}

describe('register (E15)', () => {
  it('E15: register, a push event whose requestId is the address, ping over the socket', async () => {
    const bus = await Bus.open(emu.url);
    const address = `mailreplica.${alice.uid}.updated`;
    const reg = await bus.request({
      requestId: 'r-1',
      method: 'register',
      path: address,
      headers: { 'X-BM-ApiKey': alice.key },
      params: {},
    });
    expect(reg).toEqual({ requestId: 'r-1', statusCode: 200, headers: {}, body: null });
    const { messageId } = emu.control.injectMail({ from: 'bob', to: ['alice'], subject: 'Poussé', text: 'Contenu' });
    const ev = await bus.next((m) => m.requestId === address && m.body.isHierarchy === false);
    const inboxUid = alice.folderUid('INBOX');
    const version = (await alice.call('GET', `/api/mail_items/${inboxUid}/_version`)).json;
    expect(ev).toEqual({
      headers: {},
      requestId: address,
      statusCode: 200,
      body: { isHierarchy: false, mailbox: inboxUid, container: `mbox_records_${inboxUid}`, version, owner: alice.uid },
    });
    expect(emu.control.findByMessageId('alice', messageId)).toHaveLength(1);
    const ping = await bus.request({
      requestId: '55CA9ACE-1',
      method: 'GET',
      path: '/api/auth/ping',
      headers: { 'X-BM-ApiKey': alice.key },
      params: {},
    });
    expect(ping).toEqual({
      requestId: '55CA9ACE-1',
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: null,
    });
    bus.close();
  });

  it('a forbidden address, an internal one, or an invalid key → statusCode 500 PERMISSION_DENIED', async () => {
    const bus = await Bus.open(emu.url);
    const bobUid = emu.control.user('bob').uid;
    const other = await bus.request({
      requestId: 'r-2',
      method: 'register',
      path: `mailreplica.${bobUid}.updated`,
      headers: { 'X-BM-ApiKey': alice.key },
      params: {},
    });
    expect(other).toEqual({
      requestId: 'r-2',
      statusCode: 500,
      headers: {},
      body: {
        errorCode: 'PERMISSION_DENIED',
        errorType: 'ServerFault',
        message: `path mailreplica.${bobUid}.updated not accessible`,
      },
    });
    const internal = await bus.request({
      requestId: 'r-3',
      method: 'register',
      path: 'mailreplica.mailbox.updated',
      headers: { 'X-BM-ApiKey': alice.key },
    });
    expect(internal.statusCode).toBe(500);
    const notif = await bus.request({
      requestId: 'r-4',
      method: 'register',
      path: `${bobUid}.notifications.mails`,
      headers: { 'X-BM-ApiKey': alice.key },
    });
    expect(notif.body.errorCode).toBe('PERMISSION_DENIED');
    const bad = await bus.request({
      requestId: 'r-5',
      method: 'register',
      path: `mailreplica.${alice.uid}.updated`,
      headers: { 'X-BM-ApiKey': 'nope' },
    });
    expect(bad).toMatchObject({
      statusCode: 500,
      body: { errorCode: 'PERMISSION_DENIED', message: 'session id nope is not valid' },
    });
    const anon = await bus.request({
      requestId: 'r-6',
      method: 'register',
      path: `mailreplica.${alice.uid}.updated`,
      headers: {},
    });
    expect(anon.statusCode).toBe(500);
    bus.close();
  });

  it('a shared mailbox the user can read may be registered', async () => {
    const bus = await Bus.open(emu.url);
    const subs = (await alice.call('GET', `/api/containers/_subscriptions/example.test/${alice.uid}/_list`)).json;
    const share = subs.find(
      (s: { value: { containerType: string; owner: string } }) =>
        s.value.containerType === 'mailboxacl' && s.value.owner !== alice.uid,
    );
    const r = await bus.request({
      requestId: 'r-7',
      method: 'register',
      path: `mailreplica.${share.value.owner}.updated`,
      headers: { 'X-BM-ApiKey': alice.key },
    });
    expect(r.statusCode).toBe(200);
    bus.close();
  });
});

describe('events', () => {
  it('new mail: <uid>.notifications.mails carries strings; bm.mailbox.hook announces INBOX changes', async () => {
    const bus = await Bus.open(emu.url);
    await bus.request({
      requestId: 'n',
      method: 'register',
      path: `${alice.uid}.notifications.mails`,
      headers: { 'X-BM-ApiKey': alice.key },
    });
    await bus.request({
      requestId: 'h',
      method: 'register',
      path: `bm.mailbox.hook.${alice.uid}.changed`,
      headers: { 'X-BM-ApiKey': alice.key },
    });
    emu.control.injectMail({
      from: 'Claire Fontaine <claire.fontaine@mairie-albi.example>',
      to: ['alice'],
      subject: 'Nouveau rendez-vous',
      text: 'Bonjour',
    });
    const n = await bus.next((m) => m.requestId === `${alice.uid}.notifications.mails`);
    expect(n.body).toEqual({
      title: 'Claire Fontaine',
      body: 'Nouveau rendez-vous',
      uid: expect.stringMatching(/^\d+$/),
      internalId: expect.stringMatching(/^\d+$/),
    });
    const h = await bus.next((m) => m.requestId === `bm.mailbox.hook.${alice.uid}.changed`);
    expect(h.body).toEqual({ container: alice.uid, type: 'mailbox' });
    bus.close();
  });

  it('a send pushes to the sender (Outbox, Sent) and to the recipient', async () => {
    const bob = await login(emu, 'bob');
    const busA = await Bus.open(emu.url);
    const busB = await Bus.open(emu.url, true);
    await busA.request({
      requestId: 'a',
      method: 'register',
      path: `mailreplica.${alice.uid}.updated`,
      headers: { 'X-BM-ApiKey': alice.key },
    });
    await busB.request({
      requestId: 'b',
      method: 'register',
      path: `mailreplica.${bob.uid}.updated`,
      headers: { 'X-BM-ApiKey': bob.key },
    });
    emu.control.appendMail('alice', 'Outbox', {
      from: 'alice',
      to: ['bob'],
      subject: 'Envoyé depuis la boîte d’envoi',
      text: 'Texte',
      messageId: '<push-send@example.test>',
    });
    const flush = await alice.call('POST', `/api/outbox/example.test/${alice.uid}/flush`);
    expect(flush.status).toBe(200);
    await busA.next(
      (m) => m.requestId === `mailreplica.${alice.uid}.updated` && m.body.mailbox === alice.folderUid('Sent'),
    );
    await busB.next(
      (m) => m.requestId === `mailreplica.${bob.uid}.updated` && m.body.mailbox === bob.folderUid('INBOX'),
    );
    busA.close();
    busB.close();
  });

  it('folder creation pushes a hierarchy event (isHierarchy:true, the subtree container)', async () => {
    const bus = await Bus.open(emu.url);
    await bus.request({
      requestId: 'r',
      method: 'register',
      path: `mailreplica.${alice.uid}.updated`,
      headers: { 'X-BM-ApiKey': alice.key },
    });
    const created = await alice.call('PUT', alice.folders, { name: 'Nouveau', fullName: 'Nouveau', parentUid: null });
    const ev = await bus.next((m) => m.requestId === `mailreplica.${alice.uid}.updated` && m.body.isHierarchy === true);
    expect(ev.body).toEqual({
      isHierarchy: true,
      mailbox: `subtree_example_test!user.${alice.uid}`,
      itemUid: created.json.uid,
      itemId: created.json.id,
      version: expect.any(Number),
      owner: alice.uid,
    });
    bus.close();
  });

  it('unregister stops the events', async () => {
    const bus = await Bus.open(emu.url);
    const address = `mailreplica.${alice.uid}.updated`;
    await bus.request({ requestId: 'r', method: 'register', path: address, headers: { 'X-BM-ApiKey': alice.key } });
    await bus.request({ requestId: 'u', method: 'unregister', path: address, headers: { 'X-BM-ApiKey': alice.key } });
    emu.control.injectMail({ from: 'bob', to: ['alice'], subject: 'Silence', text: '.' });
    await expect(bus.next((m) => m.requestId === address, 200)).rejects.toThrow();
    bus.close();
  });
});

describe('SockJS framing and connection control', () => {
  it('SockJS: "o" on open, "a[…]" arrays, "h" heartbeats; /eventbus/info says websocket:true', async () => {
    const info = await call(emu.url, 'GET', '/eventbus/info');
    expect(info.json).toMatchObject({ websocket: true, cookie_needed: false });
    const bus = await Bus.open(emu.url, true);
    await bus.request({
      requestId: 'x',
      method: 'register',
      path: `mailreplica.${alice.uid}.updated`,
      headers: { 'X-BM-ApiKey': alice.key },
    });
    await new Promise((r) => setTimeout(r, 250));
    expect(bus.rawFrames[0]).toBe('o');
    expect(bus.rawFrames.some((f) => f === 'h')).toBe(true);
    expect(bus.rawFrames.some((f) => f.startsWith('a["'))).toBe(true);
    bus.close();
  });

  it('REST over the socket reports faults in the reply (401 for a dead key)', async () => {
    const bus = await Bus.open(emu.url);
    const r = await bus.request({
      requestId: 'p',
      method: 'GET',
      path: '/api/auth/ping',
      headers: { 'X-BM-ApiKey': 'dead' },
      params: {},
    });
    expect(r).toMatchObject({ statusCode: 401, body: { errorCode: 'AUTHENTICATION_FAIL' } });
    const folders = await bus.request({
      requestId: 'f',
      method: 'GET',
      path: `${alice.folders}/_all`,
      headers: { 'X-BM-ApiKey': alice.key },
      params: {},
    });
    expect(folders.statusCode).toBe(200);
    expect(folders.body[0].value.fullName).toBe('INBOX');
    bus.close();
  });

  it('control.dropEventbus cuts the connections (clients must reconnect and re-register)', async () => {
    const bus = await Bus.open(emu.url);
    expect(emu.control.eventbusConnections()).toBe(1);
    const closed = new Promise((r) => bus.ws.once('close', r));
    emu.control.dropEventbus();
    await closed;
    expect(emu.control.eventbusConnections()).toBe(0);
  });
});
