#!/usr/bin/env node
/**
 * Runs the bundled test files (scripts/build-tests.mjs) for `npm test`: each file in its own `node`, two
 * at a time, its TAP output printed when it ends, then a summary; exits 1 if any file failed. A tap test
 * file is a program that prints TAP and exits non-zero on a failure, so this is all a run needs. tap's own
 * runner starts every test process with @tapjs/processinfo's module loader (it cannot be turned off), which
 * cost 0.8 to 1.2 s of CPU per test file here; `npx tap test/…` still runs the TypeScript with tap's runner.
 *
 *   node scripts/run-tests.mjs [file…]     (default: every .test-build/**\/*.test.mjs; paths from the current directory)
 *   TEST_JOBS=n   files at a time (default 2: both cores of the CI machine busy)
 *   TEST_TIMEOUT_S=n   a file still running after n seconds is killed and fails (default 180)
 *
 * Each file's line ends with its wall time and, on Linux, its CPU (user+sys, with the processes it spawned).
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = join(ROOT, '.test-build');
const jobs = Number(process.env.TEST_JOBS ?? 2);
const timeoutMs = Number(process.env.TEST_TIMEOUT_S ?? 180) * 1000;

// The slowest files first, so that the run does not end on one of them with the other core idle.
const FIRST = ['test/readme/', 'test/cli/', 'test/identity/https', 'test/contract/'];
const rank = (f) => { const i = FIRST.findIndex((p) => f.startsWith(p)); return i < 0 ? FIRST.length : i; };
/** The files to run, by their path below .test-build/ (or their own path, for files elsewhere). */
const files = (process.argv.length > 2
  ? process.argv.slice(2).map((f) => relative(BUILD, resolve(f)))
  : readdirSync(BUILD, { recursive: true }).filter((f) => f.endsWith('.test.mjs')))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

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

/** Runs one file; resolves to what the summary needs. */
function runFile(file) {
  const started = performance.now();
  // TAP_TIMEOUT: each test's time limit, as tap's runner passes it from the configuration (.taprc: 120 s);
  // run alone, a tap test file's default is 30 s.
  // tap's own variables are left out: with them (a run started from inside tap) a test file reports to a
  // parent runner instead of ending with its own summary.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TAP|_TAPJS)/.test(k)));
  env.TAP_TIMEOUT = process.env.TAP_TIMEOUT ?? '120';
  const child = spawn(process.execPath, ['--enable-source-maps', resolve(BUILD, file)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), timeoutMs);
  return new Promise((done) => child.on('close', (code, signal) => {
    clearTimeout(timer);
    const cpuNow = childrenCpu();
    const cpu = cpuNow === null || cpuSeen === null ? null : cpuNow - cpuSeen;
    cpuSeen = cpuNow;
    const summary = /^# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?/m.exec(out);
    const ok = code === 0 && !timedOut && summary !== null && !summary[3];
    done({ file, ok, code, signal, timedOut, out, ms: performance.now() - started, cpu, total: Number(summary?.[1] ?? 0), pass: Number(summary?.[2] ?? 0) });
  }));
}

// Nothing to run is a failure, not a pass (a build that produced no test files).
if (files.length === 0) {
  process.stdout.write(`# no test files found in ${relative(ROOT, BUILD) || BUILD}\n`);
  process.exit(1);
}

const results = [];
let next = 0;
async function worker() {
  while (next < files.length) {
    const file = files[next++];
    const r = await runFile(file);
    results.push(r);
    const name = file.replace(/\.mjs$/, '.ts');
    process.stdout.write(`# Subtest: ${name}\n${r.out.replace(/^/gm, '    ').trimEnd()}\n`);
    const why = r.timedOut ? ` (killed after ${timeoutMs / 1000} s)` : r.ok ? '' : ` (exit ${r.code ?? r.signal})`;
    process.stdout.write(`${r.ok ? 'ok' : 'not ok'} ${results.length} - ${name}${why} # time=${r.ms.toFixed(0)}ms${r.cpu === null ? '' : ` cpu=${r.cpu.toFixed(2)}s`}\n\n`);
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
const failed = results.filter((r) => !r.ok);
const total = results.reduce((n, r) => n + r.total, 0);
const pass = results.reduce((n, r) => n + r.pass, 0);
process.stdout.write(`1..${results.length}\n# ${results.length} files, ${total} assertions, ${pass} passed, in ${((performance.now() - started) / 1000).toFixed(1)} s${cpuSeen === null ? '' : `, ${cpuSeen.toFixed(1)} s of CPU`}\n`);
for (const r of failed) process.stdout.write(`# FAILED: ${r.file.replace(/\.mjs$/, '.ts')}\n`);
process.exitCode = failed.length ? 1 : 0;
