// P6 (issue 8): cold start of the shell on the test host. The core runs in its own process on an installed
// profile; each run opens the window in a fresh browser context (empty cache) and times navigation → interactive:
// the rail and the active app's heading rendered (the first app lazy-loaded). The JavaScript fetched before that
// moment is summed gzipped (level 9), without the test host's bridge (Electron's preload stands in for it).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { median, millis, print, type Result } from './mail/report';
import { benchDir, buildShell, kilobytes, launchChromium, loadNote, startHostProcess } from './shell';

// Evaluated in the page: the browser's globals this file uses (the Node project has no DOM library).
declare const document: { querySelector(selector: string): unknown };
declare const window: { __interactiveAt?: number };
declare class MutationObserver {
  constructor(callback: (records: unknown[], observer: MutationObserver) => void);
  observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
  disconnect(): void;
}

const RUNS = 7;

/** Set in the page before any script: the moment (ms since navigation start) the shell became usable. */
const watchInteractive = () => {
  const ready = () =>
    document.querySelector('nav button[aria-current="page"]') !== null && document.querySelector('main h1') !== null;
  new MutationObserver((_, observer) => {
    if (!ready()) return;
    window.__interactiveAt = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
};

const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The chunks index.html loads before any code runs: the entry script and its module preloads. */
function entryChunks(rendererDir: string): string[] {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\.\/([^"]+\.js)"/g)].map(
    (match) => match[1]!,
  );
}

export async function run(): Promise<Result[]> {
  const shell = await buildShell();
  const profileDir = join(benchDir, 'startup-profile');
  mkdirSync(profileDir, { recursive: true });
  // A first start installs the demonstration workspace; the measured runs open an existing profile.
  await (await startHostProcess(shell, profileDir)).stop();
  const host = await startHostProcess(shell, profileDir);
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    const domReady: number[] = [];
    const lastScript: number[] = [];
    let loadedBeforeInteractive: string[] = [];
    for (let index = 0; index < RUNS; index++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
      await context.addInitScript(watchInteractive);
      const page = await context.newPage();
      const scripts: { path: string; at: number }[] = [];
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (path.endsWith('.js') && !path.startsWith('/__host/')) scripts.push({ path, at: Date.now() });
      });
      await page.goto(host.url);
      const at = await page.waitForFunction(() => window.__interactiveAt);
      times.push((await at.jsonValue()) as number);
      // Where the time went: the entry scripts run (DOMContentLoaded), the last chunk arrived (the first app's).
      const phases = await page.evaluate(() => {
        type Entry = { name: string; responseEnd: number; domContentLoadedEventEnd?: number };
        const entries = (type: string) =>
          (performance as unknown as { getEntriesByType(type: string): Entry[] }).getEntriesByType(type);
        return {
          domReady: entries('navigation')[0]?.domContentLoadedEventEnd ?? NaN,
          lastScript: Math.max(
            ...entries('resource')
              .filter((e) => e.name.endsWith('.js'))
              .map((e) => e.responseEnd),
          ),
        };
      });
      domReady.push(phases.domReady);
      lastScript.push(phases.lastScript);
      // The requests sent before the page was interactive (navigation start + interactive time).
      const start = (await page.evaluate(() => performance.timeOrigin)) as number;
      const interactiveAt = start + times[times.length - 1]!;
      loadedBeforeInteractive = scripts.filter((s) => s.at <= interactiveAt + 1).map((s) => s.path.replace(/^\//, ''));
      await context.close();
    }
    const initial = [...new Set(loadedBeforeInteractive)];
    const initialBytes = initial.reduce((sum, path) => sum + gzipped(join(shell.rendererDir, path)), 0);
    const entry = entryChunks(shell.rendererDir);
    const entryBytes = entry.reduce((sum, path) => sum + gzipped(join(shell.rendererDir, path)), 0);
    const cold = median(times);
    const results: Result[] = [
      {
        id: 'P6',
        title: 'cold start of the shell to interactive on the test host (fresh browser context, installed profile)',
        figures:
          `navigation → rail and first app rendered: median ${millis(cold)}, best ${millis(Math.min(...times))}, ` +
          `worst ${millis(Math.max(...times))} over ${RUNS} runs (medians: entry scripts run at ` +
          `${millis(median(domReady))}, last chunk received at ${millis(median(lastScript))}); the core process answered ` +
          `${millis(host.startMs)} after its spawn (${loadNote()})`,
        target: '< 800 ms',
        pass: cold < 800,
      },
      {
        id: 'P6',
        title: 'initial JavaScript (gzipped) loaded before the shell is interactive',
        figures:
          `${kilobytes(initialBytes)} in ${initial.length} chunks (${initial.map((p) => p.replace('assets/', '')).join(', ')}); ` +
          `entry chunks of index.html alone ${kilobytes(entryBytes)}`,
        target: '≤ 250 KB',
        pass: initialBytes <= 250 * 1024,
      },
    ];
    results.forEach(print);
    return results;
  } finally {
    await browser.close();
    await host.stop();
  }
}
