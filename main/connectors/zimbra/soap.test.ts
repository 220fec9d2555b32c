import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from '../../../e2e/emulators/zimbra';
import type { CoreError } from '../../core/errors';
import { createZimbraClient, isFault, namespaceOf, renewingOnce, SoapFault, soap, soapExchange } from './soap';
import { testClient, testClientInfo, testHttp } from './testing';
import { attrs, bool, ids, list, num, one, text } from './values';

describe('tolerant values', () => {
  it('reads text given as a string, {_content}, [{_content}], a number or a boolean', () => {
    expect(text('x')).toBe('x');
    expect(text({ _content: 'x' })).toBe('x');
    expect(text([{ _content: 'x' }])).toBe('x');
    expect(text(42)).toBe('42');
    expect(text(true)).toBe('true');
    expect(text([])).toBeUndefined();
    expect(text({ id: 1 })).toBeUndefined();
    expect(text(null)).toBeUndefined();
  });

  it('reads numbers and flags in their typed and textual forms', () => {
    expect(num(3)).toBe(3);
    expect(num('3')).toBe(3);
    expect(num([{ _content: '1700000000000' }])).toBe(1_700_000_000_000);
    expect(num('abc')).toBeUndefined();
    expect(num('')).toBeUndefined();
    for (const yes of [true, 1, '1', 'true', 'TRUE', { _content: 'true' }]) expect(bool(yes)).toBe(true);
    for (const no of [false, 0, '0', 'FALSE', undefined, 'yes']) expect(bool(no)).toBe(false);
  });

  it('reads elements given as one object or an array of them', () => {
    expect(list({ id: '1' })).toEqual([{ id: '1' }]);
    expect(list([{ id: '1' }, 'stray', { id: '2' }])).toEqual([{ id: '1' }, { id: '2' }]);
    expect(list(undefined)).toEqual([]);
    expect(one([{ id: '1' }, { id: '2' }])).toEqual({ id: '1' });
  });

  it('reads id lists and key/value attributes in both encodings', () => {
    expect(ids('1, 2,,3')).toEqual(['1', '2', '3']);
    expect(ids([{ ids: '4,5' }, { ids: '6' }])).toEqual(['4', '5', '6']);
    expect(attrs({ _attrs: { a: 'x', multi: ['y', 'z'] } })).toEqual({ a: 'x', multi: 'y' });
    expect(attrs({ a: [{ n: 'b', _content: 'v' }] })).toEqual({ b: 'v' });
  });

  it('routes requests to their namespace', () => {
    expect(namespaceOf('AuthRequest')).toBe('urn:zimbraAccount');
    expect(namespaceOf('SyncGalRequest')).toBe('urn:zimbraAccount');
    expect(namespaceOf('SyncRequest')).toBe('urn:zimbraMail');
    expect(namespaceOf('BatchRequest')).toBe('urn:zimbra');
  });
});

describe('SOAP client against the emulator', () => {
  let zimbra: ZimbraEmulator;

  beforeAll(async () => {
    zimbra = await startZimbraEmulator({ now: () => new Date('2025-03-26T08:00:00Z') });
  });
  afterAll(async () => {
    await zimbra.close();
  });
  beforeEach(() => zimbra.control.clearFailures());

  it('sends the auth token as the ZM_AUTH_TOKEN cookie on every call', async () => {
    const { client } = testClient(zimbra.url);
    await client.authenticated(async (token) => token); // signs in
    const before = zimbra.control.requests().length;
    await client.call('GetInfoRequest', { sections: 'mbox' });
    await client.call('GetFolderRequest', {});
    const calls = zimbra.control
      .requests()
      .slice(before)
      .filter((entry) => entry.path.startsWith('/service/soap'));
    expect(calls.map((entry) => entry.requests[0])).toEqual(['GetInfoRequest', 'GetFolderRequest']);
    expect(calls.every((entry) => entry.cookieToken)).toBe(true);
  });

  it('maps a fault (HTTP 500) to a typed CoreError that keeps the Zimbra code and arguments', async () => {
    const { client } = testClient(zimbra.url);
    const error = await client.call('GetMsgRequest', { m: { id: '999999' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SoapFault);
    expect((error as SoapFault).code).toBe('server.fault');
    expect((error as SoapFault).fault).toMatchObject({ code: 'mail.NO_SUCH_MSG', receiver: false });
    expect((error as SoapFault).fault.args.itemId).toBe('999999');
    expect(isFault(error, 'mail.NO_SUCH_MSG')).toBe(true);
  });

  it('reports a wrong password as auth.wrongPassword and a server fault as unavailable', async () => {
    const http = testHttp();
    const wrong = await soap(http, {
      server: zimbra.url,
      request: 'AuthRequest',
      body: { account: { by: 'name', _content: 'alice' }, password: 'nope' },
      client: testClientInfo,
    }).catch((e: unknown) => e);
    expect((wrong as CoreError).code).toBe('auth.wrongPassword');

    zimbra.control.failNext({ kind: 'fault', code: 'service.TEMPORARILY_UNAVAILABLE', request: 'GetInfoRequest' });
    const { client } = testClient(zimbra.url);
    const busy = await client.call('GetInfoRequest', {}).catch((e: unknown) => e);
    expect((busy as CoreError).code).toBe('server.unavailable');
  });

  it('turns HTML pages, bare gateway statuses and dropped connections into distinct errors', async () => {
    const { client } = testClient(zimbra.url);
    await client.call('NoOpRequest', {}); // signed in: the failures below hit the call, not the sign-in
    zimbra.control.failNext({ kind: 'html500', request: 'NoOpRequest' });
    expect(await client.call('NoOpRequest', {}).catch((e: CoreError) => e.code)).toBe('server.htmlInsteadOfJson');
    zimbra.control.failNext({ kind: 'htmlLogin', request: 'NoOpRequest' });
    expect(await client.call('NoOpRequest', {}).catch((e: CoreError) => e.code)).toBe('server.htmlInsteadOfJson');
    zimbra.control.failNext({ kind: 'status', status: 503, request: 'NoOpRequest' });
    expect(await client.call('NoOpRequest', {}).catch((e: CoreError) => e.code)).toBe('server.unavailable');
    zimbra.control.failNext({ kind: 'drop', request: 'NoOpRequest' });
    expect(await client.call('NoOpRequest', {}).catch((e: CoreError) => e.code)).toBe('network.unreachable');
    await expect(client.call('NoOpRequest', {})).resolves.toBeDefined();
  });

  it('signs in again once when the token expired, then retries the call', async () => {
    const session = testClient(zimbra.url);
    await session.client.call('GetInfoRequest', { sections: 'mbox' });
    expect(session.signIns()).toBe(1);
    zimbra.control.expireTokens('alice');
    const info = await session.client.call('GetInfoRequest', { sections: 'mbox' });
    expect(text(info.name)).toBe('alice@example.test');
    expect(session.signIns()).toBe(2);
  });

  it('shares one sign-in between concurrent calls refused together', async () => {
    const session = testClient(zimbra.url);
    await session.client.call('NoOpRequest', {});
    zimbra.control.expireTokens('alice');
    await Promise.all([1, 2, 3, 4].map(() => session.client.call('GetFolderRequest', {})));
    expect(session.signIns()).toBe(2);
  });

  it('does not loop when the renewed token is refused too', async () => {
    let signIns = 0;
    const client = createZimbraClient({
      http: testHttp(),
      server: zimbra.url,
      client: testClientInfo,
      authenticate: renewingOnce({
        current: async () => 'garbage-token',
        renew: async () => {
          signIns += 1;
          return 'still-garbage';
        },
      }),
    });
    const error = await client.call('GetInfoRequest', {}).catch((e: unknown) => e);
    expect((error as CoreError).code).toBe('auth.expired');
    expect(signIns).toBe(1);
  });

  it('passes the sign-in failure on when the stored password no longer works', async () => {
    zimbra.control.setPassword('carol', 'changed');
    const session = testClient(zimbra.url, 'carol', 'carolpw');
    const error = await session.client.call('GetInfoRequest', {}).catch((e: unknown) => e);
    expect((error as CoreError).code).toBe('auth.wrongPassword');
    zimbra.control.setPassword('carol', 'carolpw');
  });

  it('returns the response context (change token) with the body', async () => {
    const http = testHttp();
    const { client } = testClient(zimbra.url);
    const token = await client.authenticated(async (t) => t);
    const answer = await soapExchange(http, {
      server: zimbra.url,
      request: 'NoOpRequest',
      authToken: token,
      client: testClientInfo,
    });
    expect(num(one(answer.context.change)?.token)).toBeGreaterThan(0);
  });
});
