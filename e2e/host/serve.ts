// `npm run start:web`: the app on the demo workspace in a browser, without Electron (UI work, demos).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startHost } from './server';

const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: join(outDir, '..', '.cache', 'web-profile') },
    port: { type: 'string', default: '0' },
    open: { type: 'boolean', default: false },
  },
});

mkdirSync(values.profile, { recursive: true });
const host = await startHost({
  profileDir: values.profile,
  rendererDir: join(outDir, 'renderer'),
  bridgeFile: join(outDir, 'host', 'bridge.js'),
  port: Number(values.port),
  // To try a Linux policy file in the browser: BASTIDE_POLICY_FILE=/path/policies.json npm run start:web
  policyFile: process.env.BASTIDE_POLICY_FILE || undefined,
});
console.log(`Bastide (test host) on ${host.url}`);
console.log(`Profile: ${values.profile}. Ctrl+C stops.`);

const browser = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (values.open && process.env.DISPLAY && existsSync(browser)) {
  const profile = join(values.profile, 'chromium');
  spawn(browser, [`--app=${host.url}`, `--user-data-dir=${profile}`, ...chromiumFlags()], { stdio: 'ignore' }).unref();
} else if (values.open) {
  console.log('No display or no Chromium here: open the address above in a browser.');
}

function chromiumFlags() {
  const flags = ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  // Chromium refuses to run as root with its sandbox on.
  return process.getuid?.() === 0 ? [...flags, '--no-sandbox'] : flags;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void host.close().then(() => process.exit(0)));
}
