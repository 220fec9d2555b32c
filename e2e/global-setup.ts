import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Builds once when out/ is missing, so `npx playwright test` works on its own during development. */
export default function globalSetup() {
  if (!existsSync('out/renderer/index.html') || !existsSync('out/host/bridge.js')) {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  }
}
