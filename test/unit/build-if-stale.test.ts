/**
 * scripts/build-if-stale.mjs (`prepare`, `npm start`, `npm test`) skips tsc only when dist/ is current: an
 * output missing or older than its source, than a tsconfig file or than a file added to or removed from src/
 * means a build.
 */
import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const script = new URL('../../scripts/build-if-stale.mjs', import.meta.url).href;
const { staleReason, bundleStaleReason } = (await import(script)) as {
  staleReason(dir: string): string | undefined;
  bundleStaleReason(dir: string): string | undefined;
};

/** A temporary project; `at(path, seconds)` writes an empty file there with that modification time. */
function project(t: { teardown(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const at = (path: string, seconds: number) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), '');
    utimesSync(join(dir, path), seconds, seconds);
  };
  return { dir, at };
}

t.test('dist/ is current only when every source has newer outputs', async (t) => {
  const { dir, at } = project(t);
  at('tsconfig.json', 100);
  at('tsconfig.build.json', 100);
  at('src/index.ts', 200);
  at('src/client/index.ts', 200);
  at('src/types.d.ts', 900); // declarations are not compiled to dist/
  for (const d of ['src', 'src/client']) utimesSync(join(dir, d), 200, 200); // no file added or removed since
  t.equal(staleReason(dir), 'dist/ does not exist');
  at('dist/index.js', 300);
  at('dist/index.d.ts', 300);
  t.equal(staleReason(dir), 'dist/client/index.js is missing');
  at('dist/client/index.js', 300);
  at('dist/client/index.d.ts', 300);
  t.equal(staleReason(dir), undefined, 'current');
  at('src/client/index.ts', 400);
  t.equal(staleReason(dir), 'dist/client/index.js is older than its source, a tsconfig, the installed dependencies or a file added to or removed from src/', 'a source edited after the build');
  at('src/client/index.ts', 200);
  at('tsconfig.build.json', 500);
  t.match(staleReason(dir), /older than its source, a tsconfig/, 'a tsconfig edited after the build');
  at('tsconfig.build.json', 100);
  t.equal(staleReason(dir), undefined, 'current again');
  at('node_modules/.package-lock.json', 250);
  t.equal(staleReason(dir), undefined, 'dependencies installed before the build');
  at('node_modules/.package-lock.json', 600);
  t.match(staleReason(dir), /older than its source, a tsconfig, the installed dependencies/, 'dependencies installed or changed after the build (their types are checked by it)');
});

t.test('a source deleted or renamed after the build makes dist/ stale (its importers may no longer type-check)', async (t) => {
  // npm test type-checks src/ only in this build (scripts/run-checks.mjs): a deleted file's importers keep their
  // times, so without this a `import type` of it (gone from the test bundles) would fail no check at all.
  const { dir, at } = project(t);
  at('tsconfig.json', 100);
  at('tsconfig.build.json', 100);
  at('src/index.ts', 200);
  at('src/lib/a.ts', 200);
  at('src/lib/b.ts', 200);
  utimesSync(join(dir, 'src'), 200, 200);
  utimesSync(join(dir, 'src', 'lib'), 200, 200);
  for (const base of ['index', 'lib/a', 'lib/b']) {
    at(`dist/${base}.js`, 300);
    at(`dist/${base}.d.ts`, 300);
  }
  t.equal(staleReason(dir), undefined, 'current');
  rmSync(join(dir, 'src', 'lib', 'b.ts')); // the directory's time is now (the clock's, after 300)
  t.match(staleReason(dir), / is older than its source, a tsconfig, the installed dependencies or a file added to or removed from src\//, 'a file deleted beside it');
  utimesSync(join(dir, 'src', 'lib'), 200, 200);
  t.equal(staleReason(dir), undefined, 'current again');
  rmSync(join(dir, 'src', 'lib'), { recursive: true });
  t.match(staleReason(dir), /^dist\/index\.js is older than/, 'a whole directory deleted');
});

t.test('dist/cli.js must be the bundled CLI (scripts/bundle-cli.mjs), not tsc\'s module', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  t.equal(bundleStaleReason(dir), undefined, 'no CLI source: nothing to bundle');
  write('src/cli.ts', '#!/usr/bin/env node\n');
  t.equal(bundleStaleReason(dir), 'dist/cli.js is missing');
  write('dist/cli.js', '#!/usr/bin/env node\nimport { main } from "./cli/main.js";\n');
  t.equal(bundleStaleReason(dir), 'dist/cli.js is not the bundled CLI', 'tsc wrote over the bundle');
  const { BUNDLE_MARK } = (await import(new URL('../../scripts/bundle-cli.mjs', import.meta.url).href)) as { BUNDLE_MARK: string };
  write('dist/cli.js', `#!/usr/bin/env node\n${BUNDLE_MARK}\nimport "./bundle/chunk-X.js";\n`);
  t.equal(bundleStaleReason(dir), undefined);
});
