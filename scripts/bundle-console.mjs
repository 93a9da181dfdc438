#!/usr/bin/env node
/**
 * Builds the console (console/, browser TypeScript with Preact) into dist/console-ui/: index.html as it is,
 * assets/console.js (one minified esbuild bundle, Preact included) and assets/console.css. `npm run build`
 * runs it after the CLI's bundle; the mock serves the files (src/console/plugin.ts). Nothing is fetched from a
 * CDN: the console works with no network (docs/console.md).
 *
 *   node scripts/bundle-console.mjs     (plain JavaScript: scripts/build-if-stale.mjs runs it too)
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What dist/console-ui/ holds, as the server serves it. */
export const CONSOLE_FILES = ['index.html', 'assets/console.js', 'assets/console.css'];

export async function bundleConsole(root = ROOT) {
  // Loaded here: build-if-stale.mjs imports this module also where esbuild (a dev dependency) is absent.
  const { build } = await import('esbuild');
  const out = join(root, 'dist', 'console-ui');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'assets'), { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: { console: 'console/main.tsx' },
    outdir: join(out, 'assets'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    sourcemap: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'console', 'styles.css'), join(out, 'assets', 'console.css'));
  copyFileSync(join(root, 'console', 'index.html'), join(out, 'index.html'));
}

/** Why dist/console-ui/ needs building (missing, or older than a file of console/), or undefined. */
export function consoleStaleReason(root = ROOT) {
  const source = join(root, 'console');
  if (!existsSync(source)) return undefined; // an installed package: dist/ is what it is
  const out = join(root, 'dist', 'console-ui');
  for (const file of CONSOLE_FILES) if (!existsSync(join(out, file))) return `dist/console-ui/${file} is missing`;
  const built = Math.min(...CONSOLE_FILES.map((f) => statSync(join(out, f)).mtimeMs));
  for (const file of walk(source)) if (statSync(file).mtimeMs > built) return `${file.slice(root.length)} is newer than dist/console-ui/`;
  return undefined;
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleConsole();
