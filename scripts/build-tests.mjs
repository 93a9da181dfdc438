#!/usr/bin/env node
/**
 * Bundles each test file (`test/**\/*.test.ts`) with the test code it imports (helpers, bench/) into one
 * ES module under `.test-build/` (same relative path, `.mjs`), which `npm test` runs (scripts/run-tests.mjs).
 * The sources under test load from dist/ (built by tsc, with source maps: c8 maps their coverage back to
 * src/ as it does the spawned CLI's). Run as TypeScript through tsx, every module a test process loads is
 * resolved and transpiled by loader hooks on another thread: test/simulation/tenant-clock took 4.1 s of
 * CPU that way and 2.6 s bundled.
 *
 * Each bundled module keeps its own `import.meta.url` (its source file's), so paths computed from it (a
 * test's own directory, package.json, dist/cli.js) are what they are under tsx. `npx tap test/…` still
 * runs the TypeScript through tsx (`.taprc`).
 */
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, '.test-build');

const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = await readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return {
        contents: text.replace(/\bimport\.meta\.url\b/g, url),
        loader: args.path.endsWith('.ts') ? 'ts' : 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

/**
 * The sources a test imports (`../../src/…`) load from dist/, as tsc built them (`npm test` builds first):
 * not bundled, so that each file of src/ is one module with its own source map, and c8 measures the tests'
 * coverage of it exactly as it measures the spawned CLI's (bundled copies mapped back gave other figures).
 */
const srcFromDist = {
  name: 'src-from-dist',
  setup(b) {
    const SRC = join(ROOT, 'src') + '/';
    b.onResolve({ filter: /\/src\// }, (args) => {
      const file = resolve(args.resolveDir, args.path);
      if (!file.startsWith(SRC)) return undefined;
      return { path: join(ROOT, 'dist', file.slice(SRC.length)).replace(/\.ts$/, '.js'), external: true };
    });
  },
};

/** Bundles every test file (`.taprc`'s include: test/**\/*.test.ts) afresh. */
export async function buildTests() {
  const entries = readdirSync(join(ROOT, 'test'), { recursive: true })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(ROOT, 'test', f));
  await rm(OUT, { recursive: true, force: true });
  const started = performance.now();
  await build({
    entryPoints: entries.map((e) => ({ in: e, out: relative(ROOT, e).replace(/\.ts$/, '') })),
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20.18',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [srcFromDist, ownImportMetaUrl],
  });
  return { files: entries.length, ms: performance.now() - started };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { files, ms } = await buildTests();
  process.stdout.write(`build-tests: ${files} test files bundled into ${relative(ROOT, OUT)}/ in ${Math.round(ms)} ms\n`);
}
