// The REST client's rules against the emulator (brief §1, §10): headers, 204 as "missing", error mapping, the
// bulk-get route found by probing and switched when the server turns out to be of the other generation; and the
// choice between REST and IMAP for mail.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { MailRemote } from '../../core/mail/remote';
import { apiPath } from './client';
import { BlueMindFault, faultOf } from './errors';
import { PreferRest } from './mail';
import type { BlueMindMailRemote } from './mail-remote';
import { folderItem } from './schemas';
import { startHarness, type Harness } from './testing';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('BlueMind error mapping', () => {
  it('reads the fault code, never the message, and tells an unknown route from a fault', () => {
    const fault = (status: number, body: unknown) =>
      faultOf(status, typeof body === 'string' ? body : JSON.stringify(body), 'bm.example');
    expect(fault(401, { errorCode: 'AUTHENTICATION_FAIL', message: 'x' })).toMatchObject({ code: 'auth.expired' });
    expect(fault(403, { errorCode: 'PERMISSION_DENIED', message: '' })).toMatchObject({ code: 'server.forbidden' });
    expect(fault(500, { errorCode: 'FORBIDDEN', message: 'API method call requires following roles' })).toMatchObject({
      code: 'server.forbidden',
      fault: 'FORBIDDEN',
    });
    expect(fault(404, { errorCode: 'NOT_FOUND', message: '' })).toMatchObject({ code: 'notFound' });
    expect(fault(500, { errorCode: 'ENTITY_TOO_LARGE', message: '' })).toMatchObject({ code: 'mail.tooLarge' });
    expect(fault(500, { errorCode: 'ALREADY_EXISTS', message: '' })).toMatchObject({
      code: 'server.fault',
      fault: 'ALREADY_EXISTS',
      params: { host: 'bm.example', code: 'ALREADY_EXISTS' },
    });
    expect(
      fault(500, { code: 'UNKNOWN', message: 'no service registered on path /api/x', stackTrace: [] }),
    ).toMatchObject({
      fault: 'NO_ROUTE',
    });
    expect(fault(502, '<html><body>502 Bad Gateway</body></html>')).toMatchObject({ code: 'server.unavailable' });
    expect(fault(500, { errorCode: 'UNKNOWN', message: 'timeout on request execution' })).toMatchObject({
      code: 'network.timeout',
    });
  });

  it('sends the key and Accept on every call, reads 204 as missing, encodes `/` inside a parameter', async () => {
    harness = await startHarness();
    const { runtime, emu } = harness;
    const { partition, root } = (await runtime.account()).mailbox;
    const missing = await runtime.client.json(
      'GET',
      apiPath`/api/mail_folders/${partition}/${root}/byName/${'Nulle/Part'}`,
      folderItem,
    );
    expect(missing).toBeNull();
    const found = await runtime.client.json(
      'GET',
      apiPath`/api/mail_folders/${partition}/${root}/byName/${'Projets/Bastide'}`,
      folderItem,
    );
    expect(found?.value.fullName).toBe('Projets/Bastide');
    // Every call but the sign-in itself (login.ts) carries the session key; every one asks for JSON.
    const log = emu.control.requestLog();
    expect(log.every((entry) => entry.accept === 'application/json')).toBe(true);
    expect(log.filter((entry) => !entry.path.startsWith('/api/auth/login')).every((entry) => entry.hasApiKey)).toBe(
      true,
    );
    expect(log.some((entry) => entry.path.endsWith('/byName/Projets%2FBastide'))).toBe(true);
    await expect(runtime.client.json('GET', '/api/nothing/here', z.unknown())).rejects.toMatchObject({
      fault: 'NO_ROUTE',
    });
  });

  it('switches the bulk-get route when the server changes generation under it', async () => {
    harness = await startHarness({ emulator: { version: '5' } });
    const { runtime, emu } = harness;
    await harness.syncMail();
    expect(runtime.generation.bulkGet).toBe('_mgetById');
    emu.control.setVersion('4.8');
    emu.control.injectMail({ from: 'bob', to: ['alice'], subject: 'Après la rétrogradation', text: 'x' });
    await harness.syncMail();
    expect(runtime.generation.bulkGet).toBe('_multipleById');
    const inbox = harness.store.mail.list('bm1:INBOX', 0, 500).items;
    expect(inbox.some((m) => m.subject === 'Après la rétrogradation')).toBe(true);
  });
});

describe('REST or IMAP for BlueMind mail', () => {
  const calls: string[] = [];
  const stub = (name: string): MailRemote =>
    new Proxy({} as MailRemote, {
      get: (target, method: string) =>
        // Not a thenable: awaiting the stub itself must not call it.
        method === 'then'
          ? undefined
          : ((target as unknown as Record<string, unknown>)[method] ??
            (async () => {
              calls.push(`${name}.${method}`);
              return method === 'findByMessageId' ? [] : undefined;
            })),
    });
  const rest = (probe: () => Promise<void>) => {
    const remote = stub('rest') as unknown as BlueMindMailRemote;
    (remote as unknown as { probeMail: () => Promise<void> }).probeMail = probe;
    return remote;
  };
  afterEach(() => void calls.splice(0));

  it('uses REST when the server lets this account read its mail there', async () => {
    const remote = new PreferRest(
      rest(async () => undefined),
      () => stub('imap'),
    );
    await remote.findByMessageId('Sent', '<a@b>');
    expect(remote.path).toBe('rest');
    expect(calls).toEqual(['rest.findByMessageId']);
  });

  it('falls back to IMAP when REST mail is refused, and keeps the watch', async () => {
    const refused = new BlueMindFault('server.forbidden', { host: 'x' }, 'FORBIDDEN', 500);
    const remote = new PreferRest(
      rest(async () => {
        throw refused;
      }),
      () => stub('imap'),
    );
    remote.watch('INBOX', () => undefined);
    await remote.sync({} as never);
    expect(remote.path).toBe('imap');
    expect(calls).toEqual(expect.arrayContaining(['rest.close', 'imap.watch', 'imap.sync']));
  });

  it('decides later when the server cannot be reached', async () => {
    let offline = true;
    const remote = new PreferRest(
      rest(async () => {
        if (offline) throw Object.assign(new Error('offline'), { code: 'network.unreachable' });
      }),
      () => stub('imap'),
    );
    await expect(remote.probe()).rejects.toThrow('offline');
    expect(remote.path).toBeNull();
    offline = false;
    await remote.probe();
    expect(remote.path).toBe('rest');
  });
});
