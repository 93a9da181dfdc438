#!/usr/bin/env node
/**
 * `npm test`'s static checks, at once rather than one after the other: the type checks of the Node code and of
 * the console's browser code, and the import rules (dependency-cruiser). The main tsc alone keeps about one core
 * busy for 20 s; the other two fit beside it on the second core (measured on a 2-core machine: 32 s one after the
 * other, 23 s at once). Fails, after all three end, if any failed; each one's output is printed as it ends.
 *
 * `--beside <command>` runs a shell command (the tests) at the same time, its output as it comes, and waits for
 * both: the checks take the cores the tests leave idle (between files, the last files' tail, c8's report) instead
 * of 20 s of their own before the tests start (`npm test`: BENCHMARKS.md, the suite). The checks run without
 * NODE_V8_COVERAGE: they run no code of ours. Exits non-zero if either failed, the checks' verdict repeated last.
 *
 * The type check does not check src/ again: the build (tsc -p tsconfig.build.json, which npm test runs first when
 * dist/ is older than a source: build-if-stale.mjs) has, and fails on a type error there. tsconfig.check.json holds
 * test/, scripts/ and bench/, with src/ as a project reference (tsconfig.build.json is composite), so they are
 * checked against dist/'s declarations: ~20 instead of ~34 s of CPU (issue 17; src/ was about 14 s of it).
 * `npm run typecheck` still checks everything from source (tsconfig.json), as editors do.
 *
 *   node scripts/run-checks.mjs [--beside "<command>"]
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
// Its package exports neither its bin file nor its package.json: found beside its main module (src/main/).
const depcruiseMain = fileURLToPath(import.meta.resolve('dependency-cruiser'));
const depcruise = join(depcruiseMain.slice(0, depcruiseMain.lastIndexOf(`${sep}src${sep}`)), 'bin', 'dependency-cruise.mjs');

const CHECKS = [
  ['typecheck (test, scripts, bench; src/ by the build)', [tsc, '-p', 'tsconfig.check.json', '--noEmit']],
  ['typecheck (console)', [tsc, '-p', 'console/tsconfig.json']],
  ['import rules', [depcruise, 'src', '--config', '.dependency-cruiser.cjs']],
];

const besideAt = process.argv.indexOf('--beside');
const beside = besideAt >= 0 ? process.argv[besideAt + 1] : undefined;
if (besideAt >= 0 && !beside) throw new Error('run-checks: --beside needs a command');

// An empty NODE_V8_COVERAGE is no coverage (deleting it would not do: Node passes its own on to children).
const env = { ...process.env, NODE_V8_COVERAGE: '' };
const checks = Promise.all(CHECKS.map(([name, args]) => new Promise((done) => {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  child.on('close', (code) => {
    process.stdout.write(`${code === 0 ? 'ok' : 'FAILED'}: ${name}\n${code === 0 ? '' : out}`);
    done({ name, ok: code === 0, out });
  });
})));
const tests = beside === undefined ? Promise.resolve(0) : new Promise((done) => {
  const child = spawn(beside, { cwd: root, shell: true, stdio: 'inherit' });
  child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
});
const [results, testsCode] = await Promise.all([checks, tests]);
const failed = results.filter((r) => !r.ok);
if (beside !== undefined) {
  // Repeated after the tests' output, where it would otherwise scroll away.
  process.stdout.write(failed.length === 0 ? '# static checks: ok\n' : `# static checks FAILED: ${failed.map((r) => r.name).join(', ')}\n${failed.map((r) => r.out).join('\n')}`);
}
process.exitCode = failed.length === 0 && testsCode === 0 ? 0 : 1;
