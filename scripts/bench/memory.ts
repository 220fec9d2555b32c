// P7 (issue 8): memory with a 100,000-message mailbox in the local store. The messages are written with the
// store's own mail repository (as a sync writes them) into the demonstration account's inbox; then the core runs
// in its own process (the test host) and the window opens the mailbox, pages through the list, opens a message
// and searches it. Measured: the core process's resident memory (now and peak, /proc) and the renderer's JS heap
// after a garbage collection (CDP Runtime.getHeapUsage).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../main/core';
import { openStore } from '../../main/store/store';
import { print, type Result } from './mail/report';
import { corpus } from './mail/search';
import { benchDir, buildShell, launchChromium, megabytes, startHostProcess } from './shell';

const MESSAGES = 100_000;
const BATCH = 2_000;

function seedMailbox(profileDir: string): void {
  const store = openStore(join(profileDir, DATABASE_FILE));
  try {
    const inbox = store.mail.folders(null).find((folder) => folder.role === 'inbox');
    if (!inbox) throw new Error('the demonstration workspace has no inbox');
    const { messages } = corpus();
    for (let start = 0; start < MESSAGES; start += BATCH) {
      store.transaction(() =>
        store.mail.putMessages(
          inbox.accountId,
          Array.from({ length: BATCH }, (_, n) => ({ ...messages(start + n), folderId: inbox.id })),
        ),
      );
    }
  } finally {
    store.close();
  }
}

export async function run(): Promise<Result[]> {
  const shell = await buildShell();
  const profileDir = join(benchDir, 'memory-profile');
  mkdirSync(profileDir, { recursive: true });
  await (await startHostProcess(shell, profileDir)).stop(); // installs the demonstration workspace
  seedMailbox(profileDir);
  const host = await startHostProcess(shell, profileDir);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(host.url);
    await page.getByRole('navigation').waitFor();
    await page.keyboard.press('Control+6');
    const list = page.getByRole('main').getByRole('listbox').last();
    await list.getByRole('option').first().waitFor();
    await list.focus();
    // Page through the list: each End reaches the loaded end, which asks the core for the next page.
    for (let pageIndex = 0; pageIndex < 10; pageIndex++) {
      await page.keyboard.press('End');
      await page.waitForTimeout(150);
    }
    await page.keyboard.press('Enter');
    await page.getByRole('main').getByRole('article').waitFor();
    const search = page.getByRole('banner').getByRole('combobox').or(page.getByRole('banner').getByRole('searchbox'));
    await search.first().fill('cordialement');
    await page.waitForTimeout(1_000);
    const loaded = Math.max(
      ...(await list.getByRole('option').evaluateAll((rows) => rows.map((row) => Number(row.ariaPosInSet)))),
    );
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    const core = host.memory();
    const results: Result[] = [
      {
        id: 'P7',
        title: `core memory with a ${MESSAGES.toLocaleString('en')}-message mailbox (list paged, message opened, searched)`,
        figures: `core process RSS ${megabytes(core.rss)}, peak ${megabytes(core.peak)}`,
        target: 'RSS < 250 MB (peak)',
        pass: core.peak < 250 * 1024 * 1024,
      },
      {
        id: 'P7',
        title: 'renderer JS heap with the same mailbox open',
        figures:
          `used ${megabytes(heap.usedSize)} after GC (heap ${megabytes(heap.totalSize)}); ` +
          `list paged down to row ${loaded.toLocaleString('en')}`,
        target: 'JS heap < 150 MB',
        pass: heap.usedSize < 150 * 1024 * 1024,
      },
    ];
    results.forEach(print);
    return results;
  } finally {
    await browser.close();
    await host.stop();
  }
}
