// Runs a TypeScript benchmark entry (exporting `run()`): the sources use extensionless imports, as the app's
// bundles do, so the entry is bundled with esbuild first. A benchmark that cannot run says so; it never fails
// `npm run bench`.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export async function runTypeScriptBench(entryUrl, label) {
  // Inside the repository, so that the bundle finds node_modules.
  const cache = new URL('../../.cache/', import.meta.url).pathname;
  mkdirSync(cache, { recursive: true });
  const entry = new URL(entryUrl).pathname;
  const dir = mkdtempSync(join(cache, `bench-${basename(entry, '.ts')}-`));
  try {
    const outfile = join(dir, `${basename(entry, '.ts')}.mjs`);
    await build({
      entryPoints: [entry],
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
    console.log(`  ${label} benchmarks could not run: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
