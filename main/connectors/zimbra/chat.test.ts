// Zimbra Chat is XMPP: when GetInfo says chat is on, the account's chat signs in to the XMPP server (here the
// real Prosody of e2e/servers, where alice has the same password as on the emulator) with the Zimbra password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZimbraEmulator, type ZimbraEmulator } from '../../../e2e/emulators/zimbra';
import { servers } from '../../../e2e/servers';
import type { ChatChange } from '../../core/ports';
import { memorySink, testNetwork } from '../xmpp/testing';
import { chatSetup, readAccountInfo } from './info';
import { zimbraChat } from './live';
import { testClient } from './testing';

const prosody = { host: servers.xmpp.host, port: servers.xmpp.port, domain: servers.xmpp.domain };

describe('Zimbra Chat over XMPP', () => {
  let zimbra: ZimbraEmulator;

  beforeAll(async () => {
    zimbra = await startZimbraEmulator();
  });
  afterAll(async () => {
    await zimbra.close();
  });

  it('defaults to the mail host on 5222 with STARTTLS, and takes another endpoint when configured', async () => {
    const info = await readAccountInfo(testClient(zimbra.url).client);
    expect(info.features.chat).toBe(true);
    expect(chatSetup(info, 'https://mail.region.example:8443')).toEqual({
      domain: 'example.test',
      username: 'alice@example.test',
      endpoint: { host: 'mail.region.example', port: 5222, security: 'starttls' },
    });
    expect(chatSetup(info, zimbra.url, prosody)?.endpoint).toEqual({
      host: prosody.host,
      port: prosody.port,
      security: 'starttls',
    });
  });

  it('has no chat when GetInfo says it is off', async () => {
    const info = await readAccountInfo(testClient(zimbra.url, 'carol').client);
    expect(info.features.chat).toBe(false);
    expect(chatSetup(info, zimbra.url, prosody)).toBeNull();
  });

  it('connects the account to the chat server with its Zimbra credentials when chat is on', async () => {
    const info = await readAccountInfo(testClient(zimbra.url).client);
    const setup = chatSetup(info, zimbra.url, prosody)!;
    const chat = zimbraChat({
      accountId: 'zimbra-1',
      chat: setup,
      password: async () => 'alicepw',
      network: testNetwork(),
    });
    const { sink } = memorySink('zimbra-1');
    const online = new Promise<ChatChange>((resolve) => {
      const stop = chat.listen(sink, (change) => {
        if (change.kind === 'connection') {
          stop();
          resolve(change);
        }
      });
    });
    expect(await online).toMatchObject({ kind: 'connection', online: true });
    await chat.close?.();
  });
});
