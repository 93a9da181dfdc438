#!/usr/bin/env node
/**
 * Runs the bundled test files (scripts/build-tests.mjs) for `npm test`: each file in its own `node`, two
 * at a time, its TAP output printed when it ends, then a summary; exits 1 if any file failed. A tap test
 * file is a program that prints TAP and exits non-zero on a failure, so this is all a run needs. tap's own
 * runner starts every test process with @tapjs/processinfo's module loader (it cannot be turned off), which
 * cost 0.8 to 1.2 s of CPU per test file here; `npx tap test/…` still runs the TypeScript with tap's runner.
 *
 *   node scripts/run-tests.mjs [file…]     (default: the units of .test-build/plan.json, each file alone or in a group
 *                                           of files, scripts/build-tests.mjs; paths from the current directory)
 *   TEST_JOBS=n   files at a time (default 2: both cores of the CI machine busy; 3 gained nothing under c8 on a
 *                 quiet 2-core machine, files 173 s with 2, 176 s with 3: coverage makes them CPU-bound)
 *   TEST_TIMEOUT_S=n   a file still running after n seconds is killed and fails (default 180; a group of k files: k × n)
 *
 * Each file's line ends with its wall time and, on Linux, its CPU (user+sys, with the processes it spawned).
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = join(ROOT, '.test-build');
const jobs = Number(process.env.TEST_JOBS ?? 2);
const timeoutMs = Number(process.env.TEST_TIMEOUT_S ?? 180) * 1000;

// The slowest first, so that the run does not end on one of them with the other core idle, the shortest last
// (CPU s under c8 in the fresh-clone run of c62a31c, wall in brackets, on a loaded machine): the README (33),
// the proxy's clients (34 [133]: m365 spawns), the console's Chromium (28 [89]), the CLI's serve (16), the
// simulation, OpenAPI and identity groups (12 to 20), HTTPS (15.5), the other CLI files (8 to 10), the SDK
// contracts (8 to 9), the crash test (10 [13]), the other groups by name (scripts/build-tests.mjs planOf: control
// 14 to 15 … unit-3 4), then npm start (3 [10]).
const FIRST = ['test/readme/', 'groups/proxy', 'groups/console', 'test/cli/serve', 'groups/simulation', 'groups/openapi', 'groups/identity',
  'test/identity/https', 'test/cli/ca-dir', 'test/cli/fixtures', 'test/contract/', 'test/reliability/crash', 'groups/', 'test/cli/npm-start'];
const rank = (f) => { const i = FIRST.findIndex((p) => f.startsWith(p)); return i < 0 ? FIRST.length : i; };
/**
 * What to run: each a bundle by its path below .test-build/ (or its own path, for files elsewhere), its
 * name in the output, and how many test files it holds (the time limits are per test file). Without
 * arguments, the units of .test-build/plan.json (each alone or a group of files); else the files named.
 */
const units = (process.argv.length > 2
  ? process.argv.slice(2).map((f) => relative(BUILD, resolve(f))).map((bundle) => ({ bundle, name: bundle.replace(/\.mjs$/, '.ts'), files: [bundle] }))
  : planned())
  .sort((a, b) => rank(a.bundle) - rank(b.bundle) || a.bundle.localeCompare(b.bundle));
function planned() {
  try {
    return JSON.parse(readFileSync(join(BUILD, 'plan.json'), 'utf8'));
  } catch {
    return readdirSync(BUILD, { recursive: true }).filter((f) => f.endsWith('.test.mjs'))
      .map((bundle) => ({ bundle, name: bundle.replace(/\.mjs$/, '.ts'), files: [bundle] }));
  }
}

/**
 * CPU seconds (user+sys) of this runner's children reaped so far, with their own reaped children (a test
 * file's spawned CLIs): Linux's /proc/self/stat cutime+cstime; null elsewhere. Read as each file ends, the
 * growth since the last read is that file's CPU (two files ending within one read apart share it).
 */
function childrenCpu() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) / 100; // fields 16 and 17 (cutime, cstime) in clock ticks (USER_HZ, 100)
  } catch { return null; }
}
let cpuSeen = childrenCpu();

/**
 * Under c8 (NODE_V8_COVERAGE set), each coverage file the processes of a unit wrote is cut, as the unit ends, to
 * the scripts c8 can count: those under .c8rc.json's `include` folders (`src/**`, `dist/**`). A test process's
 * file also lists the 800-odd modules of node_modules and .test-build/ it ran; c8 drops them at report time by
 * the same rule (its include, before any source map), after reading them all, alone on one core at the end of
 * `npm test`. Cut here, while the other core runs tests, the files shrink from 166 to 62 MB and c8's report
 * from 7.4 to 4.7 s of CPU, the same report byte for byte. A file that does not parse (still being written) is
 * left as it is; with an `include` that is not only `folder/**` globs nothing is cut.
 */
const coverageDir = process.env.NODE_V8_COVERAGE ? resolve(process.env.NODE_V8_COVERAGE) : undefined;
const countedPrefixes = (() => {
  try {
    const include = JSON.parse(readFileSync(join(ROOT, '.c8rc.json'), 'utf8')).include;
    if (!Array.isArray(include) || !include.length || !include.every((g) => /^[\w.-]+\/\*\*$/.test(g))) return undefined;
    return include.map((g) => `${pathToFileURL(join(ROOT, g.slice(0, -2))).href}`);
  } catch { return undefined; }
})();
const coverageSeen = new Set();
function trimCoverage() {
  if (!coverageDir || !countedPrefixes) return;
  let names;
  try { names = readdirSync(coverageDir); } catch { return; }
  const counted = (url) => countedPrefixes.some((p) => url.startsWith(p)) && !url.includes('/node_modules/');
  for (const name of names) {
    if (coverageSeen.has(name) || !name.endsWith('.json')) continue;
    const file = join(coverageDir, name);
    let cov;
    try { cov = JSON.parse(readFileSync(file, 'utf8')); } catch { continue; }
    coverageSeen.add(name);
    if (!Array.isArray(cov.result)) continue;
    cov.result = cov.result.filter((s) => counted(s.url));
    const maps = cov['source-map-cache'];
    if (maps) cov['source-map-cache'] = Object.fromEntries(Object.entries(maps).filter(([url]) => counted(url)));
    writeFileSync(file, JSON.stringify(cov));
  }
}

/**
 * Runs one unit; resolves to what the summary needs. Without --enable-source-maps: with it, Node maps every
 * stack a test process formats (tap takes one for each assertion) through the bundles' source maps, which cost
 * 0.4 to 1.8 s of CPU per group in paired runs under c8 (graph: 14.1 → 12.9 and 13.0 → 11.3 s; simulation 2:
 * 15.0 → 13.6 s; OpenAPI 13.8 → 13.3 s; one pair, control 1, went 10.3 → 10.8 s). c8 does not need it (Node keeps
 * the source maps for coverage either way). A unit that fails is run once more with it, without coverage, for
 * its failures' locations in the TypeScript sources (`sourceMaps`); the verdict stays the first run's.
 */
function runFile({ bundle: file, name, files }, { sourceMaps = false } = {}) {
  const started = performance.now();
  // TAP_TIMEOUT: each test's time limit, as tap's runner passes it from the configuration (.taprc: 120 s);
  // run alone, a tap test file's default is 30 s.
  // tap's own variables are left out: with them (a run started from inside tap) a test file reports to a
  // parent runner instead of ending with its own summary.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TAP|_TAPJS)/.test(k)));
  // A group of n files has n files' time.
  env.TAP_TIMEOUT = String(Number(process.env.TAP_TIMEOUT ?? 120) * files.length);
  if (sourceMaps) env.NODE_V8_COVERAGE = '';
  const child = spawn(process.execPath, [...(sourceMaps ? ['--enable-source-maps'] : []), resolve(BUILD, file)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), timeoutMs * files.length);
  return new Promise((done) => child.on('close', (code, signal) => {
    clearTimeout(timer);
    const cpuNow = childrenCpu();
    const cpu = cpuNow === null || cpuSeen === null ? null : cpuNow - cpuSeen;
    cpuSeen = cpuNow;
    const summary = /^# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?[^}]*\}/m.exec(out);
    const ok = code === 0 && !timedOut && summary !== null && !summary[3];
    // Tests skipped, by reason (the console's browser tests without a Chromium): said plainly in the summary.
    const skips = [...out.matchAll(/^\s*ok \d+ - .* # SKIP (.*)$/gm)].map((m) => m[1].trim());
    done({ file, name, limitS: (timeoutMs * files.length) / 1000, ok, code, signal, timedOut, out, ms: performance.now() - started, cpu, total: Number(summary?.[1] ?? 0), pass: Number(summary?.[2] ?? 0), skips });
  }));
}

// Nothing to run is a failure, not a pass (a build that produced no test files).
if (units.length === 0) {
  process.stdout.write(`# no test files found in ${relative(ROOT, BUILD) || BUILD}\n`);
  process.exit(1);
}

const results = [];
let next = 0;
async function worker() {
  while (next < units.length) {
    const unit = units[next++];
    const r = await runFile(unit);
    results.push(r);
    trimCoverage();
    const { name } = r;
    process.stdout.write(`# Subtest: ${name}\n${r.out.replace(/^/gm, '    ').trimEnd()}\n`);
    if (!r.ok && !r.timedOut) {
      const again = await runFile(unit, { sourceMaps: true });
      process.stdout.write(`    # ${name} failed: run again with --enable-source-maps (no coverage), for the locations in TypeScript; it ${again.ok ? 'passed this time' : 'failed again'}, the verdict stays the first run's\n${again.out.replace(/^/gm, '    # ').trimEnd()}\n`);
    }
    const why = r.timedOut ? ` (killed after ${r.limitS} s)` : r.ok ? '' : ` (exit ${r.code ?? r.signal})`;
    process.stdout.write(`${r.ok ? 'ok' : 'not ok'} ${results.length} - ${name}${why} # time=${r.ms.toFixed(0)}ms${r.cpu === null ? '' : ` cpu=${r.cpu.toFixed(2)}s`}\n\n`);
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: Math.min(jobs, units.length) }, worker));
const failed = results.filter((r) => !r.ok);
const total = results.reduce((n, r) => n + r.total, 0);
const pass = results.reduce((n, r) => n + r.pass, 0);
const fileCount = units.reduce((n, u) => n + u.files.length, 0);
const processes = fileCount === results.length ? '' : ` in ${results.length} processes`;
process.stdout.write(`1..${results.length}\n# ${fileCount} files${processes}, ${total} assertions, ${pass} passed, in ${((performance.now() - started) / 1000).toFixed(1)} s${cpuSeen === null ? '' : `, ${cpuSeen.toFixed(1)} s of CPU`}\n`);
const skipped = new Map();
for (const reason of results.flatMap((r) => r.skips)) skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
for (const [reason, n] of skipped) process.stdout.write(`# SKIPPED ${n} test${n === 1 ? '' : 's'}: ${reason}\n`);
for (const r of failed) process.stdout.write(`# FAILED: ${r.name}\n`);
process.exitCode = failed.length ? 1 : 0;
