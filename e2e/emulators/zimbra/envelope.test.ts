// Contract: SOAP-as-JSON envelope, tolerant request values, response shapes, faults and BatchRequest (brief §1.2–§1.6).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from './index';
import { TEST_NOW, login, soap, textOf } from './test-client';

let z: ZimbraEmulator;
let token: string;

beforeEach(async () => {
  z = await startZimbraEmulator({ now: () => TEST_NOW });
  token = (await login(z.url, 'alice', 'alicepw')).token;
});
afterEach(async () => {
  await z.close();
});

describe('envelope (§1.2)', () => {
  it('answers with Header.context, Body and a top-level _jsns urn:zimbraSoap, in JSON', async () => {
    const r = await soap(z.url, 'GetFolderRequest', {}, { cookie: token });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.json._jsns).toBe('urn:zimbraSoap');
    expect(r.context._jsns).toBe('urn:zimbra');
    expect(r.body._jsns).toBe('urn:zimbraMail');
    // Every response context carries the mailbox change token (§1.3).
    expect(typeof (r.context.change as { token: number }).token).toBe('number');
  });

  it('accepts any suffix after /service/soap', async () => {
    for (const path of ['', '/GetFolderRequest', '/anything/else']) {
      const r = await soap(z.url, 'GetFolderRequest', {}, { cookie: token, path });
      expect(r.status).toBe(200);
    }
  });

  it('reads a text field as a string, {_content} or [{_content}] and flags as 1/"1"/true', async () => {
    for (const password of ['alicepw', { _content: 'alicepw' }, [{ _content: 'alicepw' }]]) {
      const r = await soap(z.url, 'AuthRequest', { account: { by: 'name', _content: 'alice@example.test' }, password });
      expect(r.status).toBe(200);
    }
    for (const flag of [1, '1', true, 'true']) {
      const r = await soap(z.url, 'GetMsgRequest', { m: { id: '268', html: flag } }, { cookie: token });
      const m = (r.body.m as { mp: { mp?: { ct: string; body?: boolean }[] }[] }[])[0]!;
      expect(m.mp[0]!.mp!.find((p) => p.body)!.ct).toBe('text/html');
    }
  });

  it('emits the irregular shapes real servers produce: arrays for non-unique, objects for unique, plain strings for su/fr/mid', async () => {
    const auth = await soap(z.url, 'AuthRequest', {
      account: { by: 'name', _content: 'alice' },
      password: 'alicepw',
      csrfTokenSecured: 1,
    });
    expect(Array.isArray(auth.body.authToken)).toBe(true); // authToken[0]._content
    expect(Array.isArray(auth.body.skin)).toBe(true);
    expect(typeof auth.body.lifetime).toBe('number');
    expect(auth.body.csrfToken).toMatchObject({ _content: expect.any(String) }); // unique → object
    const folders = await soap(z.url, 'GetFolderRequest', {}, { cookie: token });
    expect(Array.isArray(folders.body.folder)).toBe(true);
    const msg = await soap(z.url, 'GetMsgRequest', { m: { id: '261' } }, { cookie: token });
    const m = (msg.body.m as Record<string, unknown>[])[0]!;
    expect(typeof m.su).toBe('string');
    expect(typeof m.fr).toBe('string');
    expect(typeof m.mid).toBe('string');
    const action = await soap(z.url, 'MsgActionRequest', { action: { id: '261', op: 'flag' } }, { cookie: token });
    expect(Array.isArray(action.body.action)).toBe(false);
    // The tolerant reader used by tests understands all three.
    expect(textOf(auth.body.authToken)).toBe(textOf([{ _content: textOf(auth.body.authToken) }]));
  });
});

describe('faults (§1.5)', () => {
  it('returns HTTP 500 with Body.Fault {Code.Value, Reason.Text, Detail.Error.Code/Trace/_jsns}', async () => {
    const r = await soap(z.url, 'GetMsgRequest', { m: { id: '99999' } }, { cookie: token });
    expect(r.status).toBe(500);
    const fault = r.json.Body.Fault as {
      Code: { Value: string };
      Reason: { Text: string };
      Detail: { Error: { Code: string; Trace: string; _jsns: string } };
    };
    expect(fault.Code.Value).toBe('soap:Sender');
    expect(fault.Detail.Error.Code).toBe('mail.NO_SUCH_MSG');
    expect(fault.Detail.Error._jsns).toBe('urn:zimbra');
    expect(fault.Detail.Error.Trace).toMatch(/^qtp\d+-\d+:\d+:[0-9a-f]+$/);
    expect(r.json._jsns).toBe('urn:zimbraSoap');
  });

  it('names unknown requests and wrong namespaces service.UNKNOWN_DOCUMENT', async () => {
    expect((await soap(z.url, 'FrobnicateRequest', {}, { cookie: token })).fault?.code).toBe(
      'service.UNKNOWN_DOCUMENT',
    );
    expect((await soap(z.url, 'GetFolderRequest', {}, { cookie: token, ns: 'urn:zimbraAccount' })).fault?.code).toBe(
      'service.UNKNOWN_DOCUMENT',
    );
    expect((await soap(z.url, 'GetFolderRequest', {}, { cookie: token, ns: null })).fault?.code).toBe(
      'service.UNKNOWN_DOCUMENT',
    );
  });

  it('answers malformed JSON with service.PARSE_ERROR', async () => {
    const res = await fetch(`${z.url}/service/soap`, {
      method: 'POST',
      body: '{"Body": {',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(500);
    const json = (await res.json()) as { Body: { Fault: { Detail: { Error: { Code: string } } } } };
    expect(json.Body.Fault.Detail.Error.Code).toBe('service.PARSE_ERROR');
  });

  it('carries fault arguments as Detail.Error.a[{n,t,_content}]', async () => {
    const r = await soap(z.url, 'SearchRequest', { query: 'in:inbox (' }, { cookie: token });
    expect(r.fault?.code).toBe('mail.QUERY_PARSE_ERROR');
    expect(r.fault?.args.map((a) => a.n).sort()).toEqual(['colNo', 'curTok', 'parserErr']);
  });

  it('does not answer GET on the SOAP endpoint (Jetty 405 page)', async () => {
    const res = await fetch(`${z.url}/service/soap`);
    expect(res.status).toBe(405);
    expect(await res.text()).toContain('HTTP ERROR 405');
  });
});

describe('BatchRequest (§1.6)', () => {
  it('groups children by request name, echoes requestId, and answers 200 even when a child faults', async () => {
    const r = await soap(
      z.url,
      'BatchRequest',
      {
        onerror: 'continue',
        GetFolderRequest: [{ _jsns: 'urn:zimbraMail', requestId: '0' }],
        SearchRequest: [
          { _jsns: 'urn:zimbraMail', requestId: '1', query: 'in:inbox', types: 'conversation', limit: 5 },
          { _jsns: 'urn:zimbraMail', requestId: '2', query: 'in:nulle-part' },
        ],
        GetMsgRequest: { _jsns: 'urn:zimbraMail', requestId: '3', m: { id: '261' } },
      },
      { cookie: token },
    );
    expect(r.status).toBe(200);
    const batch = r.body;
    expect(batch._jsns).toBe('urn:zimbra');
    expect((batch.GetFolderResponse as { requestId: string }[])[0]!.requestId).toBe('0');
    expect((batch.SearchResponse as { requestId: string }[]).map((x) => x.requestId)).toEqual(['1']);
    const faults = batch.Fault as { requestId: string; Detail: { Error: { Code: string } } }[];
    expect(faults).toHaveLength(1);
    expect(faults[0]!.requestId).toBe('2');
    expect(faults[0]!.Detail.Error.Code).toBe('mail.NO_SUCH_FOLDER');
    expect((batch.GetMsgResponse as { requestId: string }[])[0]!.requestId).toBe('3');
  });

  it('stops at the first fault with onerror=stop', async () => {
    const r = await soap(
      z.url,
      'BatchRequest',
      {
        onerror: 'stop',
        GetMsgRequest: [
          { _jsns: 'urn:zimbraMail', requestId: 'a', m: { id: '1' } },
          { _jsns: 'urn:zimbraMail', requestId: 'b', m: { id: '261' } },
        ],
        GetFolderRequest: { _jsns: 'urn:zimbraMail', requestId: 'c' },
      },
      { cookie: token },
    );
    expect(r.status).toBe(200);
    expect(r.body.GetMsgResponse).toBeUndefined();
    expect(r.body.GetFolderResponse).toBeUndefined();
    expect((r.body.Fault as unknown[]).length).toBe(1);
  });

  it('runs children sequentially in name-group order (a write in an earlier group is visible later)', async () => {
    const r = await soap(
      z.url,
      'BatchRequest',
      {
        MsgActionRequest: { _jsns: 'urn:zimbraMail', requestId: '0', action: { id: '270', op: 'read' } },
        GetMsgRequest: { _jsns: 'urn:zimbraMail', requestId: '1', m: { id: '270' } },
      },
      { cookie: token },
    );
    const m = (r.body.GetMsgResponse as { m: { f?: string }[] }[])[0]!.m[0]!;
    expect(m.f ?? '').not.toContain('u');
  });
});
