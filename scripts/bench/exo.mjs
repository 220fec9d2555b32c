// `npm run bench` part for eXo (issue 5): chat latency through CometD, a 10,000-message conversation opened from
// the local store, a 5,000-entry folder. The TypeScript entry is bundled with esbuild first (the sources use
// extensionless imports, as the app's bundles do).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export async function benchExo() {
  // Inside the repository, so that the bundle finds node_modules.
  const cache = new URL('../../.cache/', import.meta.url).pathname;
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'bench-exo-'));
  try {
    const outfile = join(dir, 'exo-collab.mjs');
    await build({
      entryPoints: [new URL('./exo-collab.ts', import.meta.url).pathname],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    const { run } = await import(pathToFileURL(outfile).href);
    await run();
  } catch (error) {
    // A benchmark that cannot run says so; it never fails `npm run bench`.
    console.log(`  eXo benchmarks could not run: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchExo();
