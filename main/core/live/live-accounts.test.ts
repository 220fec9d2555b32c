import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../connectors/http/http-client';
import type { Network } from '../../connectors/http/network';
import type { AccountRecord } from '../../store/records';
import { openStore, type Store } from '../../store/store';
import { createEventHub } from '../events';
import { useTempProfiles } from '../testing/helpers';
import { LiveAccounts, type LiveConnector, type LiveContext } from './live-accounts';
import { forwardMailPushes } from './mail-push';

const account = (id: string, kindId: string, address: string, state: AccountRecord['state'] = 'online') => ({
  id,
  kindId,
  displayName: id,
  address,
  selfPersonId: null,
  capabilities: ['files' as const],
  state,
});

describe('running accounts', () => {
  const profiles = useTempProfiles();
  const stores: Store[] = [];
  afterEach(() => stores.splice(0).forEach((store) => store.close()));

  function setUp() {
    const store = openStore(join(profiles.makeDir(), 'bastide.sqlite'));
    stores.push(store);
    const started: string[] = [];
    const stopped: string[] = [];
    const contexts = new Map<string, LiveContext>();
    let listChanged = 0;
    const connector: LiveConnector = {
      kindId: 'zimbra',
      start(context) {
        started.push(context.account.id);
        contexts.set(context.account.id, context);
        return { stop: async () => void stopped.push(context.account.id) };
      },
    };
    const live = new LiveAccounts({
      store,
      events: createEventHub(),
      connectors: [connector],
      now: () => new Date('2026-03-12T10:00:00Z'),
      setupOf: (id) =>
        id === 'no-setup'
          ? null
          : { server: { type: 'web', url: 'https://mail.test' }, username: 'a', method: 'password' },
      withSession: (_id, work) => work({}),
      secret: async () => null,
      network: {} as Network,
      http: {} as HttpClient,
      client: { name: 'Bastide', version: 'test' },
      accountsChanged: () => listChanged++,
    });
    return { store, live, started, stopped, contexts, listChanged: () => listChanged };
  }

  it('starts the accounts of kinds it runs, once, offline ones too, and stops those removed or waiting for the user', async () => {
    const { store, live, started, stopped } = setUp();
    const now = new Date();
    store.accounts.put(account('z1', 'zimbra', 'alice@example.test'), now);
    store.accounts.put(account('z2', 'zimbra', 'bob@example.test', 'needs-sign-in'), now);
    store.accounts.put(account('i1', 'imap', 'alice@example.test'), now);
    store.accounts.put(account('no-setup', 'zimbra', 'carol@example.test'), now);
    store.accounts.put(account('z3', 'zimbra', 'dave@example.test', 'offline'), now);
    live.reconcile();
    live.reconcile();
    expect(started).toEqual(['z1', 'z3']);

    store.accounts.setState('z2', 'online');
    store.accounts.setState('z1', 'needs-sign-in');
    live.reconcile();
    await Promise.resolve();
    expect(started).toEqual(['z1', 'z3', 'z2']);
    expect(stopped).toEqual(['z1']);
    expect(live.get('z1')).toBeUndefined();

    store.accounts.remove('z2');
    live.reconcile();
    await live.close();
    expect(stopped).toEqual(['z1', 'z2', 'z3']);
  });

  it('records capabilities a server turns on, and says so once', () => {
    const { store, live, contexts, listChanged } = setUp();
    store.accounts.put(account('z1', 'zimbra', 'alice@example.test'), new Date());
    live.reconcile();
    contexts.get('z1')!.setCapabilities(['files', 'chat', 'presence']);
    contexts.get('z1')!.setCapabilities(['files', 'chat', 'presence']);
    expect(store.accounts.get('z1')?.capabilities).toEqual(['files', 'chat', 'presence']);
    expect(listChanged()).toBe(1);
  });

  it('forwards a push about mail to the mail sync of the same mailbox, and only that one', () => {
    const { store, live, contexts } = setUp();
    const now = new Date();
    store.accounts.put(account('z1', 'zimbra', 'Alice@Example.test'), now);
    store.accounts.put(account('i1', 'imap', 'alice@example.test'), now);
    store.accounts.put(account('i2', 'imap', 'bob@example.test'), now);
    live.reconcile();
    const requests: string[] = [];
    forwardMailPushes(live, store, (id) =>
      id.startsWith('i') ? { scheduler: { request: () => void requests.push(id) } } : undefined,
    );
    contexts.get('z1')!.requestSync('mail');
    expect(requests).toEqual(['i1']);
  });
});
