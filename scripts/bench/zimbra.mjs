// `npm run bench` part for Zimbra: push-to-store latency against the emulator (median and p95). The TypeScript
// entry is bundled with esbuild first (the sources use extensionless imports, as the app's bundles do).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export async function benchZimbra() {
  // Inside the repository, so that the bundle finds node_modules.
  const cache = new URL('../../.cache/', import.meta.url).pathname;
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'bench-zimbra-'));
  try {
    const outfile = join(dir, 'zimbra-push.mjs');
    await build({
      entryPoints: [new URL('./zimbra-push.ts', import.meta.url).pathname],
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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchZimbra();
