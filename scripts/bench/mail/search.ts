// P4 (mail part): full-text search over 100,000 messages in the local store (subject, people, text), p95 of
// the queries the search box sends: common and rare words, names, prefixes while typing, two words. The corpus
// is generated (always the same): a 5,000-word vocabulary with a Zipf distribution, 2,000 correspondents.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toFtsQuery } from '../../../main/store/fts-query';
import type { MailMessageRecord } from '../../../main/store/records';
import { openStore, type Store } from '../../../main/store/store';
import { median, millis, percentile, type Result } from './report';

const MESSAGES = 100_000;
const BATCH = 2_000;

/** A deterministic pseudo-random sequence, mulberry32 (the same corpus and queries every run). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const syllables = [
  'ré',
  'u',
  'ni',
  'on',
  'bu',
  'dget',
  'sub',
  'ven',
  'tion',
  'ly',
  'cée',
  'mar',
  'ché',
  'dé',
  'li',
  'bé',
  'ra',
  'con',
  'vo',
  'ca',
  'port',
  'com',
  'mis',
  'si',
  'trans',
  'nu',
  'mé',
  'ri',
  'que',
  'for',
  'ma',
  'ca',
  'len',
  'drier',
  'va',
  'da',
  'si',
  'gna',
  'ture',
  'dos',
  'sier',
  'pro',
  'jet',
  'a',
  'gen',
  'res',
  'tau',
  'bâ',
  'ti',
  'ment',
  'tra',
  'vaux',
];

/** A vocabulary of French-looking words, used with a Zipf distribution (a few very common, most rare). */
export function vocabulary(size: number, next: () => number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const length = 2 + Math.floor(next() * 3);
    words.add(Array.from({ length }, () => syllables[Math.floor(next() * syllables.length)]).join(''));
  }
  return [...words];
}

export function zipf(words: string[], next: () => number): () => string {
  const weights = words.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative: number[] = [];
  weights.reduce((sum, weight, index) => (cumulative[index] = sum + weight / total), 0);
  return () => {
    const target = next();
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return words[low]!;
  };
}

const firstNames = [
  'Camille',
  'Hélène',
  'Jean',
  'Sophie',
  'Lucas',
  'Chloé',
  'Éloïse',
  'Marc',
  'Nadia',
  'Youssef',
  'Inès',
  'Paul',
];
const lastNames = [
  'Martin',
  'Dupré',
  'Moreau',
  'Bernard',
  'Petit',
  'Laurent',
  'Faure',
  'Garnier',
  'Roux',
  'Lefèvre',
  'Mercier',
  'Blanc',
];

export interface Corpus {
  messages: (index: number) => MailMessageRecord;
  queries: string[];
}

export function corpus(): Corpus {
  const next = random(42);
  const words = vocabulary(5_000, next);
  const word = zipf(words, next);
  const people = Array.from({ length: 2_000 }, (_, n) => {
    const name = `${firstNames[n % firstNames.length]} ${lastNames[Math.floor(n / firstNames.length) % lastNames.length]}`;
    return {
      name,
      address: `${name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ /g, '.')}.${n}@region.test`,
    };
  });
  const sentence = (count: number) => Array.from({ length: count }, word).join(' ');
  const messages = (index: number): MailMessageRecord => ({
    id: `bench:${index}`,
    folderId: 'bench:INBOX',
    threadId: `bench:t${Math.floor(index / 4)}`,
    subject: sentence(3 + (index % 6)),
    from: people[(index * 31) % people.length]!,
    to: [{ name: 'Agent', address: 'agent@region.test' }],
    cc: index % 4 === 0 ? [people[(index * 17) % people.length]!] : [],
    date: new Date(Date.UTC(2020, 0, 1) + index * 900_000).toISOString(),
    unread: index % 5 === 0,
    flagged: false,
    bodyText: `Bonjour,\n${sentence(40 + (index % 80))}.\nCordialement.`,
    bodyHtml: null,
    attachments: [],
  });
  const queries = [
    ...Array.from({ length: 60 }, word),
    ...Array.from({ length: 40 }, () => word().slice(0, 3 + Math.floor(next() * 3))),
    ...Array.from({ length: 40 }, () => `${word()} ${word()}`),
    ...Array.from({ length: 30 }, () => words[Math.floor(next() * words.length)]!),
    ...Array.from({ length: 20 }, () => people[Math.floor(next() * people.length)]!.name.split(' ')[1]!),
    ...Array.from({ length: 10 }, () => people[Math.floor(next() * people.length)]!.name),
    'reunion',
    'helene dupre',
    'eloise',
    'cordialement',
  ];
  return { messages, queries };
}

type Capabilities = Parameters<Store['accounts']['put']>[0]['capabilities'];

/** An account 'bench' whose INBOX holds the corpus' first `count` messages (what the search benchmarks query). */
export function seedMailCorpus(store: Store, count: number, capabilities: Capabilities = ['mail']): Corpus {
  store.accounts.put(
    {
      id: 'bench',
      kindId: 'imap',
      displayName: 'Bench',
      address: 'agent@region.test',
      selfPersonId: null,
      capabilities,
      state: 'online',
    },
    new Date(),
  );
  store.mail.putFolders('bench', [
    { id: 'bench:INBOX', name: 'Boîte de réception', path: 'INBOX', role: 'inbox', parentId: null },
  ]);
  const seeded = corpus();
  for (let start = 0; start < count; start += BATCH) {
    store.transaction(() =>
      store.mail.putMessages(
        'bench',
        Array.from({ length: BATCH }, (_, n) => seeded.messages(start + n)),
      ),
    );
  }
  return seeded;
}

export async function benchSearch(): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'bastide-bench-fts-'));
  const store = openStore(join(dir, 'bastide.sqlite'));
  try {
    const { queries } = seedMailCorpus(store, MESSAGES);
    for (const query of queries.slice(0, 10)) store.search.search('mail', toFtsQuery(query)!, 30); // warm-up
    const samples: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const query of queries) {
        const start = performance.now();
        store.search.search('mail', toFtsQuery(query)!, 30);
        samples.push(performance.now() - start);
      }
    }
    const p95 = percentile(samples, 0.95);
    return {
      id: 'P4',
      title: `mail full-text search over ${MESSAGES.toLocaleString('en')} messages (subject, people, text)`,
      figures: `p50 ${millis(median(samples))}, p95 ${millis(p95)}, max ${millis(Math.max(...samples))} over ${samples.length} queries`,
      target: 'p95 < 20 ms',
      pass: p95 < 20,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
