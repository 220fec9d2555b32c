// What the workspace benchmarks (P5–P7) share: Chromium as the e2e tests launch it, the renderer built from the
// current sources into the run's own folder (never out/, which the team shares), and the test host (real core +
// built renderer on loopback) in a child process of its own, so that its memory is the core's alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from '@playwright/test';
import { build as esbuild } from 'esbuild';

export const root = process.env.BASTIDE_BENCH_ROOT ?? process.cwd();
/** The run's folder (created and removed by scripts/bench.mjs). */
export const benchDir = process.env.BASTIDE_BENCH_DIR ?? join(root, '.cache', 'bench-workspace');

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...chromiumArgs, ...extraArgs],
  });
}

export interface BuiltShell {
  rendererDir: string;
  bridgeFile: string;
  hostScript: string;
}

let built: Promise<BuiltShell> | undefined;

/** The renderer (Vite, as scripts/build.mjs builds it), the host's bridge and a host launcher, built once a run. */
export function buildShell(): Promise<BuiltShell> {
  built ??= (async () => {
    const dir = join(benchDir, 'shell');
    mkdirSync(dir, { recursive: true });
    const rendererDir = join(dir, 'renderer');
    const bridgeFile = join(dir, 'bridge.js');
    const hostScript = join(dir, 'host-process.mjs');
    if (!existsSync(join(rendererDir, 'index.html'))) {
      const { build: viteBuild } = await import('vite');
      await viteBuild({
        configFile: join(root, 'renderer/vite.config.ts'),
        logLevel: 'error',
        build: { outDir: rendererDir, emptyOutDir: true },
      });
      const common = { bundle: true, logLevel: 'error', legalComments: 'none', target: 'node24' } as const;
      await esbuild({
        ...common,
        entryPoints: [join(root, 'e2e/host/bridge.ts')],
        outfile: bridgeFile,
        platform: 'browser',
        target: 'chrome140',
        format: 'iife',
      });
      await esbuild({
        ...common,
        entryPoints: [join(root, 'scripts/bench/host-process.ts')],
        outfile: hostScript,
        platform: 'node',
        format: 'esm',
        packages: 'external',
      });
    }
    return { rendererDir, bridgeFile, hostScript };
  })();
  return built;
}

export interface HostProcess {
  url: string;
  pid: number;
  /** Milliseconds from the spawn to the host answering (Node start, core opened, profile read). */
  startMs: number;
  /** Resident and peak resident memory of the process, in bytes (Linux /proc). */
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
}

export async function startHostProcess(shell: BuiltShell, profileDir: string): Promise<HostProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', shell.hostScript, profileDir, shell.rendererDir, shell.bridgeFile],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: root },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the test host exited (${code})`)));
  });
  const startMs = performance.now() - started;
  return {
    url,
    pid: child.pid!,
    startMs,
    memory() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      return { rss: kb('VmRSS'), peak: kb('VmHWM') };
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Timings depend on what else runs on the machine: printed with them. */
export const loadNote = () => `machine load average ${loadavg()[0]!.toFixed(1)}`;
