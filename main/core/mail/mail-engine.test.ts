// The mail engine end to end on the real servers, both Dovecot profiles: sync and push, drafts on the server,
// the outbox (online, offline, refused, too large, mailbox full), actions with undo, completion, threads.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  countMessageId,
  deliver,
  mailProfiles,
  simpleMessage,
  withImap,
  type MailProfile,
} from '../../../e2e/servers/mail';
import { servers, serversDir } from '../../../e2e/servers/index';
import { startTcpProxy, type TcpProxy } from '../../../e2e/servers/tcp-proxy';
import type { EventName } from '../../../preload/contract';
import { folderIdOf } from '../../store/repositories/mail-sync';
import type { MailRemote } from './remote';
import type { SendPayload } from './tasks/send-mail';
import { eventually, openTestEngine, removeProfile, type TestEngine, type TestMailAccount } from './testing/fixtures';

serversDir();

describe.each(mailProfiles)('mail engine on Dovecot "$name"', (profile) => {
  const alice = accountFor(profile, 'alice');
  const bob = `bob@${profile.domain}`;
  const opened: TestEngine[] = [];
  const proxies: TcpProxy[] = [];
  afterEach(async () => {
    for (const test of opened.splice(0)) {
      await test.close();
      removeProfile(test.profileDir);
    }
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  async function start(
    account: TestMailAccount = alice,
    options: Parameters<typeof openTestEngine>[0]['timings'] = {},
  ) {
    const test = openTestEngine({ accounts: [account], timings: options });
    opened.push(test);
    test.engine.start();
    await test.engine.settled();
    return test;
  }

  const inbox = (test: TestEngine, accountId = alice.id) =>
    test.store.mail.list(folderIdOf(accountId, 'INBOX'), 0, 500).items;
  const count = (user: string, password: string, path: string, messageId: string) =>
    withImap(profile.imapPort, user, password, (client) => countMessageId(client, path, messageId));
  const sentIds = (test: TestEngine) => test.engine.mail.tasks.list<SendPayload>(alice.id, 'mail.send');

  it('syncs at start and hears of new mail through IDLE within a second', async () => {
    const test = await start();
    expect(test.store.mail.folders(alice.id).map((folder) => folder.role)).toContain('sent');
    const subject = `Arrivée ${randomUUID()}`;
    const delivered = Date.now();
    await deliver(
      profile.lmtpPort,
      [alice.address],
      simpleMessage({ to: alice.address, subject, body: 'Bonjour Alice' }),
    );
    const message = await eventually(() => inbox(test).find((item) => item.subject === subject), 'the new mail', 5_000);
    expect(Date.now() - delivered).toBeLessThan(1_500);
    // Recent bodies are fetched ahead, for offline reading.
    await eventually(() => test.store.mail.get(message.id)?.bodyAvailable, 'the prefetched body');
    expect(test.store.mail.get(message.id)?.bodyText).toContain('Bonjour Alice');
  });

  it('keeps one copy of a draft in the server Drafts folder, the latest, and removes it when discarded', async () => {
    const test = await start();
    const { drafts } = test.engine;
    const draft = await drafts.create(alice.id);
    await drafts.save(draft.id, { to: [{ address: bob }], subject: 'Première version', bodyText: 'un' });
    await eventually(() => drafts.get(draft.id).savedOnServer, 'the first push');
    const saved = await drafts.save(draft.id, { subject: 'Deuxième version', bodyText: 'deux' });
    expect(saved.savedOnServer).toBe(false);
    expect((await drafts.save(draft.id, { subject: 'Deuxième version' })).revision).toBe(saved.revision);
    await eventually(() => drafts.get(draft.id).savedOnServer, 'the second push');
    const messageId = test.engine.mail.drafts.get(draft.id)!.messageId;
    expect(await count('alice', alice.password, 'Drafts', messageId)).toBe(1);
    const subject = await withImap(profile.imapPort, 'alice', alice.password, async (client) => {
      const lock = await client.getMailboxLock('Drafts');
      try {
        const [uid] = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) as number[];
        const found = await client.fetchOne(String(uid), { envelope: true }, { uid: true });
        return found ? found.envelope?.subject : undefined;
      } finally {
        lock.release();
      }
    });
    expect(subject).toBe('Deuxième version');
    await drafts.discard(draft.id);
    await eventually(async () => (await count('alice', alice.password, 'Drafts', messageId)) === 0, 'the copy removed');
  });

  it('sends once: the Message-ID is fixed when queued, the mail reaches the recipient and Sent once each', async () => {
    const test = await start();
    const events: EventName[] = [];
    test.events.subscribe((event) => events.push(event));
    const { drafts } = test.engine;
    const draft = await drafts.create(alice.id);
    await drafts.save(draft.id, {
      to: [{ name: 'Bob', address: bob }],
      subject: 'Compte rendu',
      bodyText: 'Voici le CR.',
    });
    const item = await drafts.send(draft.id);
    const messageId = test.engine.mail.tasks.get<SendPayload>(item.id)?.payload.messageId;
    expect(messageId).toMatch(/^<.+@.+>$/);
    await eventually(() => sentIds(test).length === 0, 'the outbox to empty');
    expect(events).toContain('outbox:changed');
    expect(await count('alice', alice.password, 'Sent', messageId!)).toBe(1);
    await eventually(async () => (await count('bob', servers.users.bob, 'INBOX', messageId!)) === 1, 'delivery to Bob');
    expect(() => drafts.get(draft.id)).toThrow();
    expect(test.engine.mail.people.complete('"bo"*' as never, alice.id, 5)).toContainEqual({
      name: 'Bob',
      address: bob,
    });
  });

  it('appends no Sent copy of its own when the server files one (as Gmail does)', async () => {
    // The server side of Gmail's behaviour: what SMTP accepted lands in Sent, and IMAP says so (X-GM-EXT-1).
    const filingServer = (remote: MailRemote): MailRemote => ({
      ...remote,
      features: async () => ({ ...(await remote.features()), sentCopyByServer: true }),
      submit: async (envelope, file) => {
        const result = await remote.submit(envelope, file);
        await remote.append('Sent', file, ['\\Seen']);
        return result;
      },
    });
    const test = openTestEngine({ accounts: [alice], wrapRemote: filingServer });
    opened.push(test);
    test.engine.start();
    await test.engine.settled();
    const { drafts } = test.engine;
    const draft = await drafts.create(alice.id);
    await drafts.save(draft.id, { to: [{ name: 'Bob', address: bob }], subject: 'Copie du serveur', bodyText: '.' });
    const item = await drafts.send(draft.id);
    const messageId = test.engine.mail.tasks.get<SendPayload>(item.id)!.payload.messageId;
    await eventually(() => sentIds(test).length === 0, 'the outbox to empty');
    await eventually(async () => (await count('bob', servers.users.bob, 'INBOX', messageId)) === 1, 'delivery to Bob');
    expect(await count('alice', alice.password, 'Sent', messageId)).toBe(1);
  });

  it('queues mail written offline and sends each one exactly once when the server is back', async () => {
    const imap = await startTcpProxy({ host: '127.0.0.1', port: profile.imapPort });
    const smtp = await startTcpProxy({ host: '127.0.0.1', port: profile.submissionPort });
    proxies.push(imap, smtp);
    const test = await start({ ...alice, imapPort: imap.port, smtpPort: smtp.port });
    const connectivity: boolean[] = [];
    test.events.subscribe((event, payload) => {
      if (event === 'connectivity:changed') connectivity.push((payload as { reachable: boolean }).reachable);
    });
    await imap.offline();
    await smtp.offline();
    const { drafts } = test.engine;
    const ids: string[] = [];
    for (const subject of ['Hors ligne 1', 'Hors ligne 2']) {
      const draft = await drafts.create(alice.id);
      await drafts.save(draft.id, { to: [{ address: bob }], subject, bodyText: subject });
      const item = await drafts.send(draft.id);
      ids.push(test.engine.mail.tasks.get<SendPayload>(item.id)!.payload.messageId);
    }
    await eventually(() => connectivity.includes(false), 'the account marked unreachable');
    expect(test.engine.outboxStatus()).toEqual([{ accountId: alice.id, queued: 2, failed: 0 }]);
    await imap.online();
    await smtp.online();
    await eventually(() => sentIds(test).length === 0, 'the outbox flushed on reconnection', 15_000);
    expect(connectivity.at(-1)).toBe(true);
    for (const messageId of ids) {
      expect(await count('alice', alice.password, 'Sent', messageId)).toBe(1);
      await eventually(
        async () => (await count('bob', servers.users.bob, 'INBOX', messageId)) === 1,
        'delivery to Bob',
      );
    }
  });

  it('keeps a mail with a refused recipient in the outbox, failed, readable and editable', async () => {
    const test = await start();
    const { drafts } = test.engine;
    const draft = await drafts.create(alice.id);
    await drafts.save(draft.id, {
      to: [{ address: 'personne@refuse.invalid' }],
      subject: 'Adresse erronée',
      bodyText: 'x',
    });
    const { id } = await drafts.send(draft.id);
    const failed = await eventually(() => sentIds(test).find((task) => task.state === 'failed'), 'the failure');
    expect(failed.lastError).toEqual({
      code: 'outbox.recipientRejected',
      params: { recipients: 'personne@refuse.invalid' },
    });
    const { cancelOutboxItem } = await import('./outbox');
    await cancelOutboxItem(test.engine.mail, id, Date.now());
    const editable = await drafts.save(draft.id, { to: [{ address: bob }] });
    expect(editable.state).toBe('editing');
    const again = await drafts.send(draft.id);
    const messageId = test.engine.mail.tasks.get<SendPayload>(again.id)!.payload.messageId;
    await eventually(() => sentIds(test).length === 0, 'the corrected mail sent');
    await eventually(async () => (await count('bob', servers.users.bob, 'INBOX', messageId)) === 1, 'delivery to Bob');
  });

  it('sends to the accepted recipients and keeps the refused one alone in the outbox', async () => {
    const test = await start();
    const { drafts } = test.engine;
    const draft = await drafts.create(alice.id);
    await drafts.save(draft.id, {
      to: [{ address: bob }, { address: 'personne@refuse.invalid' }],
      subject: 'À moitié',
      bodyText: 'x',
    });
    const { id } = await drafts.send(draft.id);
    const first = test.engine.mail.tasks.get<SendPayload>(id)!.payload.messageId;
    const failed = await eventually(() => sentIds(test).find((task) => task.state === 'failed'), 'the partial failure');
    expect(failed.lastError?.code).toBe('outbox.recipientRejected');
    expect(failed.payload.envelope.to).toEqual(['personne@refuse.invalid']);
    expect(failed.payload.messageId).not.toBe(first);
    expect(test.engine.mail.drafts.get(draft.id)!.content.to).toEqual([{ address: 'personne@refuse.invalid' }]);
    expect(await count('alice', alice.password, 'Sent', first)).toBe(1);
    await eventually(async () => (await count('bob', servers.users.bob, 'INBOX', first)) === 1, 'delivery to Bob');
  });

  it('keeps a mail too large for the server in the outbox with a clear error', { timeout: 60_000 }, async () => {
    const test = await start();
    const { drafts } = test.engine;
    const file = join(test.profileDir, 'volumineux.bin');
    writeFileSync(file, Buffer.alloc(50 * 1024 * 1024, 3));
    const draft = await drafts.create(alice.id);
    await drafts.save(draft.id, {
      to: [{ address: bob }],
      subject: 'Très gros',
      bodyText: 'x',
      attachments: [{ path: file }],
    });
    await drafts.send(draft.id);
    const failed = await eventually(() => sentIds(test).find((task) => task.state === 'failed'), 'the refusal', 45_000);
    expect(failed.lastError?.code).toBe('outbox.tooLarge');
    expect(failed.payload.step).toBe('queued');
    expect(test.engine.mail.drafts.get(draft.id)?.state).toBe('queued');
  });

  it('sends even when the Sent copy hits a full mailbox, and never sends twice', async () => {
    const { quotaUser } = servers;
    const dave = { ...accountFor(profile, 'dave'), password: quotaUser.password };
    const test = await start(dave);
    const { drafts } = test.engine;
    const file = join(test.profileDir, 'rapport.bin');
    writeFileSync(file, Buffer.alloc(quotaUser.quotaBytes, 5));
    const draft = await drafts.create(dave.id);
    await drafts.save(draft.id, {
      to: [{ address: bob }],
      subject: 'Boîte pleine',
      bodyText: 'x',
      attachments: [{ path: file }],
    });
    const { id } = await drafts.send(draft.id);
    const waiting = await eventually(() => {
      const task = test.engine.mail.tasks.get<SendPayload>(id);
      return task?.lastError?.code === 'mail.quotaExceeded' && task;
    }, 'the quota error');
    expect(waiting.payload.step).toBe('submitted');
    expect(test.engine.outboxStatus()[0]?.queued).toBe(1);
    const { retryOutboxItem } = await import('./outbox');
    retryOutboxItem(test.engine.mail, id, Date.now());
    test.engine.runtime(dave.id)!.flush();
    await eventually(() => (test.engine.mail.tasks.get<SendPayload>(id)?.attempts ?? 0) >= 2, 'a second attempt');
    await eventually(
      async () => (await count('bob', servers.users.bob, 'INBOX', waiting.payload.messageId)) === 1,
      'one delivery to Bob',
    );
  });

  it('moves, deletes and undoes, on the server too', async () => {
    const test = await start();
    const subject = `À ranger ${randomUUID()}`;
    const messageId = `<${randomUUID()}@outside.test>`;
    await deliver(profile.lmtpPort, [alice.address], simpleMessage({ to: alice.address, subject, messageId }));
    test.engine.runtime(alice.id)!.scheduler.request();
    const message = await eventually(() => inbox(test).find((item) => item.subject === subject), 'the mail');
    const { actions } = test.engine;
    const archive = folderIdOf(alice.id, 'Archive');

    const moved = actions.move([message.id], archive);
    expect(test.store.mail.get(message.id)?.folderId).toBe(archive);
    await eventually(async () => (await count('alice', alice.password, 'Archive', messageId)) === 1, 'the move');
    expect(await count('alice', alice.password, 'INBOX', messageId)).toBe(0);
    await actions.undo(moved.undoId);
    await eventually(async () => (await count('alice', alice.password, 'INBOX', messageId)) === 1, 'the undone move');
    expect(test.store.mail.get(message.id)?.folderId).toBe(folderIdOf(alice.id, 'INBOX'));

    actions.delete([message.id]);
    await eventually(async () => (await count('alice', alice.password, 'Trash', messageId)) === 1, 'the move to Trash');
    const forGood = actions.delete([message.id]);
    expect(test.store.mail.get(message.id)).toBeUndefined();
    await actions.undo(forGood.undoId);
    await eventually(
      () => test.store.mail.list(folderIdOf(alice.id, 'Trash'), 0, 500).items.some((item) => item.subject === subject),
      'the message back after the undone deletion',
    );
    expect(await count('alice', alice.password, 'Trash', messageId)).toBe(1);
  });

  it('sets flags on the server, undoes them, and a sync does not revert what is pending', async () => {
    const test = await start();
    const subject = `Drapeaux ${randomUUID()}`;
    const messageId = `<${randomUUID()}@outside.test>`;
    await deliver(profile.lmtpPort, [alice.address], simpleMessage({ to: alice.address, subject, messageId }));
    test.engine.runtime(alice.id)!.scheduler.request();
    const message = await eventually(() => inbox(test).find((item) => item.subject === subject), 'the mail');
    const seenOnServer = () =>
      withImap(profile.imapPort, 'alice', alice.password, async (client) => {
        const lock = await client.getMailboxLock('INBOX');
        try {
          const [uid] = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) as number[];
          const found = await client.fetchOne(String(uid), { flags: true }, { uid: true });
          return found ? [...(found.flags ?? [])].sort() : [];
        } finally {
          lock.release();
        }
      });
    const handle = test.engine.actions.setFlags([message.id], { unread: false, flagged: true });
    expect(test.store.mail.get(message.id)).toMatchObject({ unread: false, flagged: true });
    await eventually(async () => (await seenOnServer()).join() === '\\Flagged,\\Seen', 'the flags on the server');
    await test.engine.actions.undo(handle.undoId);
    await eventually(async () => (await seenOnServer()).length === 0, 'the flags undone on the server');
    test.engine.runtime(alice.id)!.scheduler.request({ sweep: true });
    await test.engine.settled();
    expect(test.store.mail.get(message.id)).toMatchObject({ unread: true, flagged: false });
  });

  it('threads replies, completes recipients from history, allows remote content and opens attachments', async () => {
    const test = await start();
    const root = `<${randomUUID()}@outside.test>`;
    const subject = `Fil ${randomUUID()}`;
    await deliver(
      profile.lmtpPort,
      [alice.address],
      simpleMessage({ from: 'Zoé Martin <zoe.martin@outside.test>', to: alice.address, subject, messageId: root }),
    );
    await deliver(
      profile.lmtpPort,
      [alice.address],
      simpleMessage({
        to: alice.address,
        subject: `RE : ${subject}`,
        extra: `In-Reply-To: ${root}\r\nReferences: ${root}`,
      }),
    );
    test.engine.runtime(alice.id)!.scheduler.request();
    const [first, reply] = await eventually(() => {
      const found = inbox(test).filter((item) => item.subject.endsWith(subject));
      return (
        found.length === 2 && [
          found.find((item) => item.subject === subject),
          found.find((item) => item !== found.find((other) => other.subject === subject)),
        ]
      );
    }, 'both messages');
    expect(first!.threadId).toBe(reply!.threadId);
    expect(test.store.mail.thread(first!.threadId)).toHaveLength(2);

    const answer = await test.engine.drafts.create(undefined, { messageId: first!.id, mode: 'reply' });
    expect(answer).toMatchObject({
      to: [{ name: 'Zoé Martin', address: 'zoe.martin@outside.test' }],
      inReplyTo: root,
      references: [root],
    });
    expect(answer.subject).toBe(`RE : ${subject}`);
    expect(answer.bodyText).toContain('> Bonjour,\n> ceci est un message de test.');
    const { toFtsQuery } = await import('../../store/fts-query');
    expect(test.engine.mail.people.complete(toFtsQuery('zoe')!, alice.id, 5)).toContainEqual({
      name: 'Zoé Martin',
      address: 'zoe.martin@outside.test',
    });

    test.engine.mail.people.allowSender(alice.id, 'ZOE.MARTIN@outside.test');
    expect(test.store.mail.get(first!.id)?.remoteContentAllowed).toBe(true);
    expect(test.store.mail.get(reply!.id)?.remoteContentAllowed).toBe(false);
  });
});

function accountFor(profile: MailProfile, user: 'alice' | 'dave'): TestMailAccount {
  return {
    id: `${user}-${profile.name}-${randomUUID().slice(0, 6)}`,
    user,
    password: user === 'alice' ? servers.users.alice : servers.quotaUser.password,
    address: `${user}@${profile.domain}`,
    imapPort: profile.imapPort,
    smtpPort: profile.submissionPort,
  };
}
