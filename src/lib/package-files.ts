/**
 * Where this package's own files are (package.json, fixtures/), whichever file the running code was loaded
 * from: `src/…` under tsx, `dist/…` as tsc builds it, or the bundled CLI's `dist/cli.js` and `dist/bundle/…`
 * chunks (scripts/bundle-cli.mjs), which sit at other depths. So the root is found by walking up from this
 * module to the nearest package.json that is ours, not by a fixed `../../`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = 'intune-mock';

interface PackageInfo {
  root: string;
  version: string;
}

let found: PackageInfo | undefined;

function packageInfo(): PackageInfo {
  if (found) return found;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === NAME && typeof pkg.version === 'string') return (found = { root: dir, version: pkg.version });
    }
    if (dirname(dir) === dir) throw new Error(`${NAME}: cannot find its own package.json above ${fileURLToPath(import.meta.url)}`);
  }
}

/** This package's version, from its package.json. */
export const packageVersion = (): string => packageInfo().version;

/** A file of this package, by its path from the package root (e.g. `fixtures/default.json`). */
export const packageFile = (path: string): string => join(packageInfo().root, path);
