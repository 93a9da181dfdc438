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
import { readFile, rm, writeFile } from 'node:fs/promises';
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

/**
 * Files that run alone in `npm test`: they spend their time in the processes they spawn and the servers
 * they start (the CLI, the README's programs, the SDK clients, HTTPS), not in loading the mock; alone, the
 * runner can start them first and spread them over both cores.
 */
const ALONE = ['test/readme/', 'test/cli/', 'test/contract/', 'test/identity/https', 'test/reliability/crash', 'test/docker/', 'test/bench/'];
/** At most this many files in one group: a group runs on one core, and the run should not end on a long one. */
const GROUP_SIZE = 10;
/**
 * Files grouped with another directory's: the OpenAPI contract (in-process, unlike the rest of test/contract)
 * and the parity samples with test/openapi (documents and shapes), the admin client with test/control, and
 * the bench harness's and the Dockerfile replay's own tests (pure functions and a replay in a temporary
 * directory: 0.6 to 0.7 s of CPU each, most of it a process starting) with test/unit.
 */
const GROUP_WITH = [
  ['test/contract/openapi-bodies.test.ts', 'test/openapi'], ['test/parity/', 'test/openapi'], ['test/programmatic/', 'test/control'],
  ['test/bench/', 'test/unit'], ['test/docker/dockerfile-replay.test.ts', 'test/unit'],
];

/**
 * The units `npm test` runs (scripts/run-tests.mjs reads them from .test-build/plan.json): each of the
 * ALONE files by itself, the others grouped by directory (test/control/, test/graph/, …, or GROUP_WITH's; in
 * name order, at most GROUP_SIZE a group) into one module that imports them one after another, so that their tests run in
 * one process. Each test process spent about 1.3 s of CPU loading the mock and warming it up before its
 * first test (test/control/readiness: 1.7 s for 4 tests; a test file that loads none of it: 0.5 s); a
 * group pays that once. The files keep their own bundles too, for running one (`node scripts/run-tests.mjs
 * .test-build/test/…`). What a file does at its top level stays its own: tap's root test runs each file's
 * tests in the order they were declared, and no file here sets hooks (t.beforeEach, …) on the root test.
 */
export function planOf(files) {
  const units = [];
  const groups = new Map();
  for (const f of [...files].sort()) {
    const with_ = GROUP_WITH.find(([p]) => f.startsWith(p))?.[1];
    const dir = with_ ?? f.split('/').slice(0, 2).join('/');
    if (!with_ && ALONE.some((p) => f.startsWith(p))) units.push({ name: f, files: [f] });
    else {
      groups.set(dir, [...(groups.get(dir) ?? []), f]);
    }
  }
  for (const [dir, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    if (list.length === 1) { units.push({ name: list[0], files: list }); continue; }
    const n = Math.ceil(list.length / GROUP_SIZE);
    const size = Math.ceil(list.length / n); // even groups: 7 files are 4 + 3, not 6 + 1
    for (let i = 0; i < n; i++) {
      const part = list.slice(i * size, (i + 1) * size);
      const short = (f) => (f.startsWith(`${dir}/`) ? f.slice(dir.length + 1) : f).replace(/\.test\.ts$/, '');
      units.push({ name: `${dir}/ (${n > 1 ? `group ${i + 1} of ${n}: ` : ''}${part.map(short).join(', ')})`, group: `groups/${dir.slice('test/'.length)}-${i + 1}`, files: part });
    }
  }
  return units;
}

/** A group's module: the group's files imported one after another (`group:` entry points). */
const groupEntries = (groups) => ({
  name: 'group-entries',
  setup(b) {
    b.onResolve({ filter: /^group:/ }, (args) => ({ path: args.path.slice('group:'.length), namespace: 'group' }));
    b.onLoad({ filter: /.*/, namespace: 'group' }, (args) => ({
      contents: groups.get(args.path).map((f) => `import ${JSON.stringify(join(ROOT, f))};`).join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
});

/** Bundles every test file (`.taprc`'s include: test/**\/*.test.ts) afresh, each alone and in its group (planOf). */
export async function buildTests() {
  const entries = readdirSync(join(ROOT, 'test'), { recursive: true })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(ROOT, 'test', f));
  const plan = planOf(entries.map((e) => relative(ROOT, e)));
  const groups = new Map(plan.filter((u) => u.group).map((u) => [u.group, u.files]));
  await rm(OUT, { recursive: true, force: true });
  const started = performance.now();
  await build({
    entryPoints: [
      ...entries.map((e) => ({ in: e, out: relative(ROOT, e).replace(/\.ts$/, '') })),
      ...[...groups.keys()].map((g) => ({ in: `group:${g}`, out: `${g}.test` })),
    ],
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
    plugins: [srcFromDist, ownImportMetaUrl, groupEntries(groups)],
  });
  // What run-tests.mjs runs: each unit's bundle, below .test-build/.
  const units = plan.map((u) => ({ name: u.name, bundle: u.group ? `${u.group}.test.mjs` : u.files[0].replace(/\.ts$/, '.mjs'), files: u.files }));
  await writeFile(join(OUT, 'plan.json'), `${JSON.stringify(units, null, 1)}\n`);
  return { files: entries.length, units: units.length, ms: performance.now() - started };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { files, units, ms } = await buildTests();
  process.stdout.write(`build-tests: ${files} test files bundled into ${relative(ROOT, OUT)}/ (${units} units to run) in ${Math.round(ms)} ms\n`);
}
