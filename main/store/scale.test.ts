import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempProfiles } from '../core/testing/helpers';
import { toFtsQuery } from './fts-query';
import type { MailMessageRecord } from './records';
import { createStoreSink } from './sink';
import { openStore } from './store';

const COUNT = 100_000;
const BATCH = 5_000;
const START = Date.parse('2020-01-01T00:00:00Z');
const RARE_EVERY = 1_000;

/** Message n is n minutes after START; one in a thousand mentions a rare, accented word. */
function message(n: number, folderId: string): MailMessageRecord {
  const rare = n % RARE_EVERY === 0 ? ' Le projet photovoltaïque avance.' : '';
  return {
    id: `acc:m${n}`,
    folderId,
    threadId: `acc:t${Math.floor(n / 3)}`,
    subject: `Objet ${n}`,
    from: { name: `Expéditeur ${n % 50}`, address: `agent${n % 50}@example.invalid` },
    to: [{ address: 'moi@example.invalid' }],
    cc: [],
    date: new Date(START + n * 60_000).toISOString(),
    unread: n % 10 === 0,
    flagged: false,
    bodyText: `Bonjour, voici le message numéro ${n} concernant le dossier ${n % 97}.${rare}`,
    bodyHtml: null,
    attachments: [],
  };
}

describe('a profile with 100,000 messages', () => {
  const { makeDir } = useTempProfiles();

  it('inserts, counts, pages and searches correctly', { timeout: 180_000 }, () => {
    const store = openStore(join(makeDir(), 'scale.sqlite'));
    try {
      store.accounts.put(
        {
          id: 'acc',
          kindId: 'test',
          displayName: 'Test',
          address: 'moi@example.invalid',
          selfPersonId: null,
          capabilities: ['mail'],
          state: 'online',
        },
        new Date(START),
      );
      const sink = createStoreSink(store, 'acc');
      sink.putMailFolders([{ id: 'acc:inbox', name: 'Inbox', path: 'INBOX', role: 'inbox', parentId: null }]);
      for (let first = 0; first < COUNT; first += BATCH) {
        sink.putMessages(Array.from({ length: BATCH }, (_, index) => message(first + index, 'acc:inbox')));
      }

      const [inbox] = store.mail.folders('acc');
      expect(inbox).toMatchObject({ id: 'acc:inbox', total: COUNT, unread: COUNT / 10 });

      // Newest first: offset k holds message COUNT - 1 - k.
      const page = store.mail.list('acc:inbox', 50_000, 100);
      expect(page.total).toBe(COUNT);
      expect(page.items).toHaveLength(100);
      expect(page.items[0]?.id).toBe(`acc:m${COUNT - 1 - 50_000}`);
      expect(page.items[99]?.id).toBe(`acc:m${COUNT - 1 - 50_099}`);
      const last = store.mail.list('acc:inbox', COUNT - 10, 100);
      expect(last.items.map((item) => item.id).at(-1)).toBe('acc:m0');

      const match = toFtsQuery('photovoltaique');
      expect(match).not.toBeNull();
      const hits = store.search.search('mail', match!, 500);
      expect(hits).toHaveLength(COUNT / RARE_EVERY);
      expect(hits.every((hit) => Number(hit.id.slice('acc:m'.length)) % RARE_EVERY === 0)).toBe(true);
      expect(hits[0]?.snippet).toContain('photovoltaïque');

      const bySender = store.search.search('mail', toFtsQuery('expediteur 7')!, 10);
      expect(bySender).toHaveLength(10);
    } finally {
      store.close();
    }
  });
});
