// Generates the policy artefacts (ADMX/ADML, JSON Schema and example, docs/admin-policies.md) from
// main/core/policy/schema.ts.
//
//   node scripts/policies/generate.mjs            write them
//   node scripts/policies/generate.mjs --check    exit 1 if the checked-in files differ (CI)
//   --root <dir>                                  read/write under <dir> instead of the repository (tests)
//
// The schema is TypeScript importing other modules without extensions, so it is bundled with esbuild first.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import prettier from 'prettier';

const repo = resolve(import.meta.dirname, '../..');
const { values: options } = parseArgs({ options: { check: { type: 'boolean' }, root: { type: 'string' } } });
const root = resolve(options.root ?? repo);

async function loadRenderer() {
  const bundled = await build({
    entryPoints: [join(repo, 'scripts/policies/artifacts.ts')],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    write: false,
    logLevel: 'error',
  });
  const source = Buffer.from(bundled.outputFiles[0].text).toString('base64');
  return import(`data:text/javascript;base64,${source}`);
}

async function formatted(path, content) {
  if (!path.endsWith('.md')) return content;
  const filepath = join(repo, path);
  return prettier.format(content, { ...(await prettier.resolveConfig(filepath)), filepath });
}

function firstDifference(expected, actual) {
  const want = expected.split('\n');
  const have = actual.split('\n');
  const line = want.findIndex((text, index) => text !== have[index]);
  const at = line === -1 ? want.length : line;
  const clip = (text) => (text === undefined ? '(end of file)' : JSON.stringify(text.slice(0, 100)));
  return `line ${at + 1}: expected ${clip(want[at])}, found ${clip(have[at])}`;
}

const { renderPolicyArtifacts } = await loadRenderer();
const artifacts = Object.entries(renderPolicyArtifacts());
const problems = [];
const written = [];

for (const [path, raw] of artifacts) {
  const expected = await formatted(path, raw);
  const target = join(root, path);
  const actual = await readFile(target, 'utf8').catch(() => null);
  if (actual === expected) continue;
  if (options.check) {
    problems.push(actual === null ? `  ${path}: missing` : `  ${path}: differs, ${firstDifference(expected, actual)}`);
  } else {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, expected);
    written.push(path);
  }
}

if (options.check) {
  if (problems.length > 0) {
    console.error(
      `Policy artefacts are out of date with main/core/policy/schema.ts (${problems.length} of ${artifacts.length}):\n` +
        `${problems.join('\n')}\nRun: node scripts/policies/generate.mjs`,
    );
    process.exit(1);
  }
  console.log(`Policy artefacts up to date (${artifacts.length} files).`);
} else {
  console.log(written.length ? `Wrote ${written.join(', ')}` : `Policy artefacts already up to date.`);
}
