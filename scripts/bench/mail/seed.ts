// Mailboxes in a known state for the benchmarks: emptied, then filled by LMTP (several connections at once),
// as a mail server would deliver. A mailbox already holding exactly the wanted mails is kept as it is.
import { openLmtp, withImap, type MailProfile } from '../../../e2e/servers/mail';

export async function empty(profile: MailProfile, user: string, password: string, path: string): Promise<void> {
  await withImap(profile.imapPort, user, password, async (client) => {
    const lock = await client.getMailboxLock(path);
    try {
      if ((client.mailbox && client.mailbox.exists) || 0) await client.messageDelete('1:*');
    } finally {
      lock.release();
    }
  });
}

export async function count(profile: MailProfile, user: string, password: string, path: string): Promise<number> {
  return withImap(profile.imapPort, user, password, async (client) => {
    const status = await client.status(path, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  });
}

/** A plausible message: French subject and text, a sender among a few hundred, a References chain now and then. */
export function benchMessage(index: number, to: string): string {
  const people = ['Camille Martin', 'Hélène Dupré', 'Jean Moreau', 'Sophie Bernard', 'Lucas Petit', 'Chloé Laurent'];
  const topics = [
    'Réunion budgétaire',
    'Marché public n°',
    'Conseil régional',
    'Lycée Jean-Jaurès',
    'Plan de mobilité',
    'Subvention',
  ];
  const name = people[index % people.length]!;
  const from = `${name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ /g, '.')}${index % 300}@region.test`;
  const parent =
    index > 0 && index % 7 === 0
      ? `References: <bench-${index - 1}@region.test>\r\nIn-Reply-To: <bench-${index - 1}@region.test>\r\n`
      : '';
  return (
    `From: ${name} <${from}>\r\nTo: ${to}\r\nSubject: ${topics[index % topics.length]} ${index}\r\n` +
    `Date: ${new Date(Date.UTC(2026, 0, 1) + index * 60_000).toUTCString()}\r\nMessage-ID: <bench-${index}@region.test>\r\n${parent}` +
    'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n' +
    `Bonjour,\r\nveuillez trouver l'ordre du jour de la séance ${index}.\r\nCordialement,\r\n${name}\r\n`
  );
}

/** Delivers `total` messages to `address` over `lanes` LMTP connections at once. */
export async function fill(profile: MailProfile, address: string, total: number, lanes = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      const lmtp = await openLmtp(profile.lmtpPort);
      try {
        for (let index = next++; index < total; index = next++)
          await lmtp.deliver([address], benchMessage(index, address));
      } finally {
        lmtp.close();
      }
    }),
  );
}
