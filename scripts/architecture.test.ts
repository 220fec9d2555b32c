// Layering rules from ARCHITECTURE.md, checked on the source text so that breaking one fails CI.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts)$/.test(name) ? [path] : [];
  });
}

const importsOf = (file: string) =>
  [
    ...readFileSync(join(root, file), 'utf8').matchAll(
      /(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'|require\('([^']+)'\)/g,
    ),
  ].map((m) => ({ typeOnly: Boolean(m[2]), source: m[3] ?? m[4] ?? '' }));

const posix = (file: string) => file.split(sep).join('/');

describe('architecture', () => {
  it('imports electron only in main/electron/ and the preload entry', () => {
    const offenders = ['main', 'preload', 'renderer', 'e2e', 'scripts']
      .flatMap(sourceFiles)
      .map(posix)
      .filter((file) => !file.startsWith('main/electron/') && file !== 'preload/index.ts')
      .filter((file) => importsOf(file).some((i) => i.source === 'electron'));
    expect(offenders).toEqual([]);
  });

  it('keeps the renderer free of Node, main-process code and runtime contract imports', () => {
    // Tests are not shipped: they may check the renderer against the contract's runtime.
    const offenders = sourceFiles('renderer')
      .map(posix)
      .filter((file) => !/\.test\.tsx?$/.test(file))
      .flatMap((file) =>
        importsOf(file)
          .filter(
            (i) =>
              i.source.startsWith('node:') ||
              /(^|\/)main\//.test(i.source) ||
              (/preload\//.test(i.source) && !i.typeOnly),
          )
          .map((i) => `${file}: ${i.source}`),
      );
    expect(offenders).toEqual([]);
  });

  it('never names a vendor in the renderer', () => {
    const offenders = sourceFiles('renderer')
      .concat(
        readdirSync(join(root, 'renderer', 'i18n'))
          .filter((f) => f.endsWith('.json'))
          .map((f) => join('renderer', 'i18n', f)),
      )
      .filter((file) => /\b(zimbra|bluemind|exo)\b/i.test(readFileSync(join(root, file), 'utf8')))
      .map((file) => relative(root, join(root, file)));
    expect(offenders).toEqual([]);
  });

  it('catches a violation when one is planted (the checks above are not vacuous)', () => {
    expect(importsOf('preload/index.ts').some((i) => i.source === 'electron')).toBe(true);
    expect(/\b(zimbra|bluemind|exo)\b/i.test('un compte eXo')).toBe(true);
  });
});
