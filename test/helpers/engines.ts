/**
 * npm's engine check (EBADENGINE), done by a test: which packages' `engines.node` leave out a Node version.
 * npm warns about each one it installs on a Node its range excludes (npm-install-checks: `semver.satisfies`
 * with prereleases included, as here). The semver package is in node_modules (npm's, tap's and c8's tools
 * depend on it); it is not a dependency of the mock.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string, options: { includePrerelease: boolean }): boolean;
  minVersion(range: string): { version: string } | null;
};

export interface PackageEngines {
  /** Where the package is: its node_modules path. */
  where: string;
  version?: string;
  engines?: { node?: string } | unknown;
}

export interface Excluded {
  where: string;
  version?: string;
  node: string;
  /** The Node version its range leaves out. */
  excludes: string;
}

/** The packages whose `engines.node` does not admit one of `nodeVersions`. */
export function excludedBy(packages: Iterable<PackageEngines>, nodeVersions: string[]): Excluded[] {
  const out: Excluded[] = [];
  for (const p of packages) {
    const node = typeof p.engines === 'object' && p.engines !== null ? (p.engines as { node?: unknown }).node : undefined;
    if (typeof node !== 'string') continue;
    for (const v of nodeVersions) {
      if (!semver.satisfies(v, node, { includePrerelease: true })) out.push({ where: p.where, ...(p.version ? { version: p.version } : {}), node, excludes: v });
    }
  }
  return out;
}

/** The lowest version a range admits (`>=20.18` → 20.18.0). */
export const minVersion = (range: string): string => {
  const v = semver.minVersion(range);
  if (!v) throw new Error(`no version satisfies ${range}`);
  return v.version;
};

export const satisfies = (version: string, range: string): boolean => semver.satisfies(version, range, { includePrerelease: true });

/** What `npm ci` installs: every package of the lockfile, with the engines it records. */
export function lockfilePackages(lockfile: string): PackageEngines[] {
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, { version?: string; engines?: unknown }> };
  return Object.entries(lock.packages)
    .filter(([where]) => where !== '')
    .map(([where, p]) => ({ where, ...(p.version ? { version: p.version } : {}), engines: p.engines }));
}

/** What is installed (`npm ls --all`): every package.json under node_modules, nested ones included. */
export function installedPackages(nodeModules: string): PackageEngines[] {
  const out: PackageEngines[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        walk(path);
        continue;
      }
      const manifest = join(path, 'package.json');
      if (existsSync(manifest)) {
        const p = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string; engines?: unknown };
        out.push({ where: path, ...(p.version ? { version: p.version } : {}), engines: p.engines });
      }
      if (existsSync(join(path, 'node_modules'))) walk(join(path, 'node_modules'));
    }
  };
  walk(nodeModules);
  return out;
}

/** One line per excluded package, for a test's message. */
export const describe = (excluded: Excluded[]): string =>
  excluded.map((e) => `${e.where}${e.version ? `@${e.version}` : ''} (engines.node ${e.node}) excludes Node ${e.excludes}`).join('\n');

/**
 * The lockfile's packages that only `roots` bring in: reachable from them (Node's resolution, nested
 * node_modules first) and not from any other dependency of the project. Used to tell a test tool's own
 * tree (a devDependency the suite spawns) from what the mock and its other tools load.
 */
export function onlyThrough(lockfile: string, roots: string[]): Set<string> {
  const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string>; devDependencies?: Record<string, string> }>;
  };
  const pkgs = lock.packages;
  const resolve = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
      const where = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (pkgs[where]) return where;
      if (!dir) return undefined;
    }
  };
  const closure = (starts: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...starts];
    for (let where = stack.pop(); where !== undefined; where = stack.pop()) {
      if (seen.has(where)) continue;
      seen.add(where);
      const p = pkgs[where] ?? {};
      for (const name of Object.keys({ ...p.dependencies, ...p.optionalDependencies, ...p.peerDependencies })) {
        const dep = resolve(where, name);
        if (dep) stack.push(dep);
      }
    }
    return seen;
  };
  const root = pkgs[''] ?? {};
  const top = Object.keys({ ...root.dependencies, ...root.devDependencies, ...root.optionalDependencies }).map((n) => `node_modules/${n}`);
  const through = closure(roots.map((n) => `node_modules/${n}`));
  const others = closure(top.filter((w) => !roots.some((n) => w === `node_modules/${n}`)));
  return new Set([...through].filter((w) => !others.has(w)));
}
