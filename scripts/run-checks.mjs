#!/usr/bin/env node
/**
 * `npm test`'s static checks, at once rather than one after the other: the type checks of the Node code and of
 * the console's browser code, and the import rules (dependency-cruiser). The main tsc alone keeps about one core
 * busy for 20 s; the other two fit beside it on the second core (measured on a 2-core machine: 32 s one after the
 * other, 23 s at once). Fails, after all three end, if any failed; each one's output is printed as it ends.
 *
 *   node scripts/run-checks.mjs
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
  ['typecheck (src, test, scripts, bench)', [tsc, '-p', 'tsconfig.json', '--noEmit']],
  ['typecheck (console)', [tsc, '-p', 'console/tsconfig.json']],
  ['import rules', [depcruise, 'src', '--config', '.dependency-cruiser.cjs']],
];

const results = await Promise.all(CHECKS.map(([name, args]) => new Promise((done) => {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  child.on('close', (code) => {
    process.stdout.write(`${code === 0 ? 'ok' : 'FAILED'}: ${name}\n${code === 0 ? '' : out}`);
    done(code === 0);
  });
})));
process.exitCode = results.every(Boolean) ? 0 : 1;
