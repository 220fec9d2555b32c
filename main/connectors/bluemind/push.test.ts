// Push over the event bus into the store: new mail, flag changes made elsewhere, a dropped socket (reconnection
// with back-off, addresses registered again, what was missed caught up by changesets), calendar hooks.
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, startHarness, until, type Harness } from './testing';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

const inboxOf = (_h: Harness) => `${ACCOUNT_ID}:INBOX`;
const subjects = (h: Harness) => h.store.mail.list(inboxOf(h), 0, 500).items.map((m) => m.subject);

describe.each(['4.8', '5'] as const)('BlueMind %s push', (version) => {
  it('brings new mail into the store on the mailbox event, without polling', async () => {
    harness = await startHarness({ emulator: { version } });
    const h = harness;
    await h.syncMail();
    await h.startMailPush();
    expect(h.emu.control.eventbusConnections()).toBe(1);
    // The first sync after connecting reads everything (what happened before the socket is unknown).
    await h.syncMail();
    h.emu.control.clearRequestLog();

    h.emu.control.injectMail({ from: 'bob', to: ['alice'], subject: 'Poussé par le bus', text: 'Bonjour' });
    await until(() => subjects(h).includes('Poussé par le bus'));
    expect(h.mailSyncs).toBeGreaterThan(0);
    // The event led to one folder's changeset, not a sync of everything.
    const changesets = h.emu.control.requestLog().filter((e) => e.path.endsWith('_filteredChangesetById'));
    const inboxUid = h.emu.control.folder('alice', 'INBOX').uid;
    expect(changesets.every((e) => e.path.includes(inboxUid))).toBe(true);
  });

  it('applies a flag change made on another device', async () => {
    harness = await startHarness({ emulator: { version } });
    const h = harness;
    await h.syncMail();
    await h.startMailPush();
    const mail = h.emu.control.mails('alice', 'INBOX').find((m) => !m.flags.includes('\\Seen'))!;
    h.emu.control.setMailFlags('alice', 'INBOX', mail.id, { add: ['\\Seen'] });
    await until(
      () => h.store.mail.list(inboxOf(h), 0, 500).items.find((m) => m.subject === mail.subject)?.unread === false,
    );
  });

  it('reconnects after a drop, registers again and catches up what the socket missed', async () => {
    harness = await startHarness({
      emulator: { version },
      eventBus: { pingMs: 1_000, minBackoffMs: 400, maxBackoffMs: 800 },
    });
    const h = harness;
    await h.syncMail();
    await h.startMailPush();
    h.emu.control.dropEventbus();
    await until(() => h.emu.control.eventbusConnections() === 0);
    // Published while nobody listens: only the catch-up after reconnecting can bring it.
    h.emu.control.injectMail({ from: 'bob', to: ['alice'], subject: 'Pendant la coupure', text: 'x' });
    await until(() => subjects(h).includes('Pendant la coupure'));
    expect(h.emu.control.eventbusConnections()).toBe(1);
    // And the new socket is registered: the next mail comes by push again.
    h.emu.control.injectMail({ from: 'bob', to: ['alice'], subject: 'Après la reconnexion', text: 'y' });
    await until(() => subjects(h).includes('Après la reconnexion'));
  });

  it('registers again with a fresh session when the old one expired', async () => {
    harness = await startHarness({
      emulator: { version },
      eventBus: { pingMs: 1_000, minBackoffMs: 20, maxBackoffMs: 100 },
    });
    const h = harness;
    await h.syncMail();
    await h.startMailPush();
    h.emu.control.expireSessions('alice');
    h.emu.control.dropEventbus();
    await until(() => h.keys.renewals === 1 && h.mail.pushConnected);
    h.emu.control.injectMail({ from: 'bob', to: ['alice'], subject: 'Nouvelle session', text: 'z' });
    await until(() => subjects(h).includes('Nouvelle session'));
  });
});
