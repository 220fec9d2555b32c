// Builds everything into out/: the renderer (Vite), the Electron main and preload bundles, and the test host.
import { rm } from 'node:fs/promises';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const started = performance.now();
await rm('out', { recursive: true, force: true });

await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });

const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };
await Promise.all([
  // Electron 45 runs Node 24: keep node: builtins and native addons outside the bundle.
  esbuild({
    ...common,
    entryPoints: ['main/electron/app.ts'],
    outfile: 'out/main/index.cjs',
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    external: ['electron', 'keytar'],
  }),
  esbuild({
    ...common,
    entryPoints: ['preload/index.ts'],
    minify: true,
    outfile: 'out/preload/index.cjs',
    platform: 'browser',
    target: 'chrome140',
    format: 'cjs',
    external: ['electron'],
  }),
  esbuild({
    ...common,
    entryPoints: ['e2e/host/bridge.ts'],
    outfile: 'out/host/bridge.js',
    platform: 'browser',
    target: 'chrome140',
    format: 'iife',
  }),
  esbuild({
    ...common,
    entryPoints: ['e2e/host/serve.ts'],
    outfile: 'out/host/serve.mjs',
    platform: 'node',
    target: 'node24',
    format: 'esm',
    packages: 'external',
  }),
]);

console.log(`build: out/ ready in ${Math.round(performance.now() - started)} ms`);
