/**
 * Builds dist/ (`tsc -p tsconfig.build.json`, then the bundled CLI: scripts/bundle-cli.mjs, as `npm run
 * build`; then the console: scripts/bundle-console.mjs) unless it is already up to date: every src/**.ts has its .js and .d.ts in dist/, written after the
 * source, after the tsconfig files and after the last file added to or removed from src/, and dist/cli.js is the bundle.
 *
 * It is the `prepare` script (npm runs it on `npm ci`/`npm install` in a checkout, on `npm pack`, and twice
 * when another project installs intune-mock from a git URL: once after installing the clone's
 * dependencies, once before packing it, unless npm's allowScripts blocks that one), and it starts
 * `npm start` and `npm test`. tsc takes from 20 s of CPU upwards, so only the first of those builds; the
 * others find dist/ current and return at once.
 *
 * Plain JavaScript, not TypeScript run through tsx: `npm ci --omit=dev` runs `prepare` too, with neither
 * tsx nor TypeScript installed. Then it says so and leaves dist/ as it is instead of failing the install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_MARK, bundleCli } from './bundle-cli.mjs';
import { bundleConsole, consoleStaleReason } from './bundle-console.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Why dist/ needs a build, or undefined when it is current. */
export function staleReason(dir = root) {
  const src = join(dir, 'src');
  const dist = join(dir, 'dist');
  if (!existsSync(dist)) return 'dist/ does not exist';
  // And npm's record of the installed dependencies (rewritten by every install that changes node_modules): their
  // types are part of src/'s type check, which npm test leaves to this build (scripts/run-checks.mjs).
  const configs = ['tsconfig.json', 'tsconfig.build.json', 'node_modules/.package-lock.json'].map((f) => join(dir, f));
  const newestConfig = Math.max(...configs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  // A directory's time changes when a file in it is added, deleted or renamed. A deleted source leaves its
  // importers' times alone, and npm test type-checks src/ only in this build (scripts/run-checks.mjs): without
  // this, an `import type` of a deleted file would fail no check at all (the test bundles drop type imports).
  const newestDirectory = Math.max(...directories(src).map((d) => statSync(d).mtimeMs));
  for (const source of typeScriptFiles(src)) {
    const base = join(dist, source.slice(src.length + 1, -'.ts'.length));
    const written = Math.max(statSync(source).mtimeMs, newestConfig, newestDirectory);
    for (const out of [`${base}.js`, `${base}.d.ts`]) {
      if (!existsSync(out)) return `${relative(dir, out)} is missing`;
      if (statSync(out).mtimeMs < written) return `${relative(dir, out)} is older than its source, a tsconfig, the installed dependencies or a file added to or removed from src/`;
    }
  }
  return undefined;
}

function directories(dir) {
  return [dir, ...readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => directories(join(dir, e.name)))];
}

/** Why dist/cli.js needs bundling (tsc wrote its own over the bundle, or none is there), or undefined. */
export function bundleStaleReason(dir = root) {
  if (!existsSync(join(dir, 'src', 'cli.ts'))) return undefined;
  const cli = join(dir, 'dist', 'cli.js');
  if (!existsSync(cli)) return 'dist/cli.js is missing';
  return readFileSync(cli, 'utf8').split('\n', 2).includes(BUNDLE_MARK) ? undefined : 'dist/cli.js is not the bundled CLI';
}

function* typeScriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typeScriptFiles(path);
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

// Run, not imported (tests import staleReason). import.meta.url is the real path, argv[1] may go through a
// symlink (macOS's /tmp and /var, where npm clones a git dependency).
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reason = staleReason();
  if (reason === undefined) {
    if (bundleStaleReason() !== undefined) await bundleCli(root);
    if (consoleStaleReason() !== undefined) await bundleConsole(root);
    process.exit(0);
  }
  let tsc;
  try {
    tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    console.warn(`intune-mock: not building dist/ (${reason}): TypeScript is not installed (npm ci --omit=dev?). Run npm ci, then npm run build.`);
    process.exit(0);
  }
  // A whole build: tsc (tsconfig.build.json is a composite project, for npm test's type check of test/ against
  // dist/'s declarations: scripts/run-checks.mjs) would otherwise emit only what its build info says changed, and
  // leave outputs older than a tsconfig edited since, which the check above would call stale on every run.
  rmSync(join(root, 'dist', '.tsbuildinfo'), { force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  await bundleCli(root);
  await bundleConsole(root);
}
