// P1: initial header sync of a 20,000-message INBOX, against a bare imapflow FETCH of the same fields on the
// same server in the same run. P2: a sync with nothing new, in IMAP round trips, against a bare NOOP + STATUS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { HOST, type MailProfile } from '../../../e2e/servers/mail';
import { servers } from '../../../e2e/servers/index';
import { HEADER_QUERY } from '../../../main/connectors/imap-smtp/headers';
import { createImapSmtpRemote } from '../../../main/connectors/imap-smtp/remote';
import { testAccess, type TestMailAccount } from '../../../main/core/mail/testing/fixtures';
import { openMailStore } from '../../../main/core/mail/mail-store';
import { openStore } from '../../../main/store/store';
import { median, millis, ratio, seconds, timed, type Result } from './report';
import { count, empty, fill } from './seed';

const RUNS = 5;

function account(profile: MailProfile, user: 'carol' | 'alice'): TestMailAccount {
  return {
    id: `bench-${user}-${profile.name}`,
    user,
    password: servers.users[user],
    address: `${user}@${profile.domain}`,
    imapPort: profile.imapPort,
    smtpPort: profile.submissionPort,
  };
}

async function bareClient(who: TestMailAccount): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: HOST,
    port: who.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: who.user, pass: who.password },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** A fresh profile with the account, and the connector on it (counting IMAP commands). */
function openSide(who: TestMailAccount, dir: string) {
  const store = openStore(join(dir, `${Math.random().toString(36).slice(2)}.sqlite`));
  store.accounts.put(
    {
      id: who.id,
      kindId: 'imap',
      displayName: who.address,
      address: who.address,
      selfPersonId: null,
      capabilities: ['mail'],
      state: 'online',
    },
    new Date(),
  );
  const commands = { count: 0 };
  const remote = createImapSmtpRemote(
    testAccess(who, () => commands.count++),
    { now: () => new Date() },
  );
  const mail = openMailStore(store);
  const target = mail.sync.target(who.id);
  const close = async () => {
    await remote.close();
    await mail.close();
    store.close();
  };
  return { store, mail, remote, target, commands, close };
}

export async function benchSync(profile: MailProfile, messages: number): Promise<Result[]> {
  const who = account(profile, 'carol');
  if ((await count(profile, who.user, who.password, 'INBOX')) !== messages) {
    console.log(`     seeding ${messages} messages into ${who.address} by LMTP…`);
    await empty(profile, who.user, who.password, 'INBOX');
    await fill(profile, who.address, messages);
  }
  const dir = mkdtempSync(join(tmpdir(), 'bastide-bench-sync-'));
  try {
    const bare = async () => {
      const client = await bareClient(who);
      await client.mailboxOpen('INBOX');
      let seen = 0;
      for await (const message of client.fetch('1:*', HEADER_QUERY)) if (message.uid) seen++;
      if (seen !== messages) throw new Error(`bare FETCH saw ${seen} messages`);
      await client.logout();
    };
    await bare(); // warms the server's caches for both sides alike
    // Bare and ours alternate, so that a change of load on the machine weighs on both alike.
    let last: ReturnType<typeof openSide> | null = null;
    const bares: number[] = [];
    const syncs: number[] = [];
    const indexings: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      bares.push(await timed(1, bare));
      await last?.close();
      last = openSide(who, dir);
      const start = performance.now();
      await last.remote.sync(last.target, { only: ['INBOX'] });
      syncs.push(performance.now() - start);
      if (last.store.mail.folders(who.id).find((folder) => folder.role === 'inbox')?.total !== messages) {
        throw new Error('the sync did not store every header');
      }
      const indexing = performance.now();
      while (last.mail.sync.indexPending(2_000) > 0);
      indexings.push(performance.now() - indexing);
    }
    const bareMs = median(bares);
    const oursMs = median(syncs);
    const indexMs = median(indexings);
    const side = last!;
    const p1: Result = {
      id: 'P1',
      title: `initial header sync of a ${messages.toLocaleString('en')}-message INBOX (Dovecot ${profile.name})`,
      figures:
        `ours ${seconds(oursMs)} (LIST + SELECT + FETCH + store), bare imapflow FETCH ${seconds(bareMs)}, ` +
        `ratio ${ratio(oursMs / bareMs)}; search indexing afterwards, in the background: ${seconds(indexMs)}`,
      target: '≤ 1.3x',
      pass: oursMs / bareMs <= 1.3,
    };
    await side.remote.sync(side.target); // every folder once, so that the next one has nothing to do
    const p2 = await noChangeSync(profile, side, who);
    await side.close();
    return [p1, p2];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A sync with nothing new: round trips (IMAP commands) and time, against a bare NOOP + STATUS INBOX. */
async function noChangeSync(
  profile: MailProfile,
  side: ReturnType<typeof openSide>,
  who: TestMailAccount,
): Promise<Result> {
  const samples: number[] = [];
  const trips: number[] = [];
  for (let run = 0; run < 20; run++) {
    side.commands.count = 0;
    const start = performance.now();
    const reports = await side.remote.sync(side.target);
    samples.push(performance.now() - start);
    trips.push(side.commands.count);
    if (reports.some((report) => report.added + report.changed + report.removed > 0))
      throw new Error('the mailbox changed');
  }
  const client = await bareClient(who);
  const bare: number[] = [];
  for (let run = 0; run < 20; run++) {
    const start = performance.now();
    await client.noop();
    await client.status('INBOX', { messages: true, uidNext: true, uidValidity: true });
    bare.push(performance.now() - start);
  }
  await client.logout();
  const roundTrips = Math.max(...trips);
  return {
    id: 'P2',
    title: `incremental sync with no change, every folder (Dovecot ${profile.name})`,
    figures: `${roundTrips} round trips, ${millis(median(samples))}; bare NOOP + STATUS: 2 round trips, ${millis(median(bare))}; ratio ${ratio(median(samples) / median(bare))}`,
    target: '≤ 2 round trips',
    pass: roundTrips <= 2,
  };
}

export { account };
