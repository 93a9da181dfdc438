/**
 * scripts/run-tests.mjs, the runner of `npm test`: a run passes only when every file ran to the end of its
 * plan with no failure. Each case is a real run of the script on small tap files of its own.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// @ts-expect-error: a JavaScript script without types
import { planOf } from '../../scripts/build-tests.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'intune-mock-run-tests-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules')); // `import t from 'tap'` resolves

const files: Record<string, string> = {
  'passes.test.mjs': "import t from 'tap'; t.equal(1, 1); t.ok(true);",
  'fails.test.mjs': "import t from 'tap'; t.equal(1, 2, 'one is two');",
  'throws.test.mjs': "import t from 'tap'; t.pass('before'); throw new Error('boom');",
  'no-tap.test.mjs': "console.log('ok 1 - looks like TAP'); process.exit(0);",
  'hangs.test.mjs': "import t from 'tap'; t.pass('started'); setInterval(() => {}, 1000);",
  'uses-dist.test.mjs': `import t from 'tap'; import { redactUrl } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/lib/redact.js')).href)}; t.type(redactUrl, 'function');`,
  'skips.test.mjs': "import t from 'tap'; t.test('a', { skip: 'no Chromium found' }, () => {}); t.test('b', { skip: 'no Chromium found' }, () => {});",
};
for (const [name, code] of Object.entries(files)) writeFileSync(join(dir, name), code);

function run(names: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/run-tests.mjs'), ...names.map((n) => join(dir, n))], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_V8_COVERAGE: '', ...env },
  });
  return { code: r.status, out: r.stdout };
}

t.test('every file passing: exit 0 and a summary with the assertions counted', async (t) => {
  const r = run(['passes.test.mjs', 'passes.test.mjs']);
  t.equal(r.code, 0, r.out);
  t.match(r.out, /^ok 1 - .*passes\.test\.ts/m);
  t.match(r.out, /^# 2 files, 4 assertions, 4 passed, in [\d.]+ s(, [\d.]+ s of CPU)?$/m);
  t.notMatch(r.out, /FAILED/);
});

t.test('skipped tests pass the run and are said plainly in the summary, by reason', async (t) => {
  const r = run(['passes.test.mjs', 'skips.test.mjs']);
  t.equal(r.code, 0, r.out);
  t.match(r.out, /^# SKIPPED 2 tests: no Chromium found$/m);
  t.notMatch(run(['passes.test.mjs']).out, /SKIPPED/, 'nothing said when nothing is skipped');
});

t.test('a failed assertion, an exception, output that is not a tap run: each fails the run, by name', async (t) => {
  const r = run(['passes.test.mjs', 'fails.test.mjs', 'throws.test.mjs', 'no-tap.test.mjs']);
  t.equal(r.code, 1);
  for (const name of ['fails', 'throws', 'no-tap']) {
    t.match(r.out, new RegExp(`^not ok \\d+ - .*${name}\\.test\\.ts \\(exit \\d+\\)`, 'm'), `${name}: not ok`);
    t.match(r.out, new RegExp(`^# FAILED: .*${name}\\.test\\.ts$`, 'm'), `${name}: in the summary`);
  }
  t.match(r.out, /one is two/, 'the failing file\'s own output is shown');
  t.match(r.out, /^ok \d+ - .*passes\.test\.ts/m);
  // Run without --enable-source-maps; a failed one again with it, for its locations: once per failed file.
  t.equal(r.out.match(/^ {4}# .* failed: run again with --enable-source-maps \(no coverage\), .* it failed again, the verdict stays the first run's$/gm)?.length, 3, 'each failed file run again with source maps');
  t.match(r.out, /^ {4}# .*one is two/m, 'its output shown too');
  t.notMatch(r.out, /passes\.test\.ts failed: run again/, 'a passing file is not');
});

t.test('a file still running after TEST_TIMEOUT_S is killed and fails', async (t) => {
  const r = run(['hangs.test.mjs'], { TEST_TIMEOUT_S: '2' });
  t.equal(r.code, 1);
  t.match(r.out, /^not ok 1 - .*hangs\.test\.ts \(killed after 2 s\)/m);
});


t.test('the plan of npm test: every test file in exactly one unit; the groups of one directory, at most ten', async (t) => {
  const files = [
    ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'].map((n) => `test/control/${n}.test.ts`),
    'test/graph/x.test.ts', 'test/graph/y.test.ts', 'test/store/p.test.ts', 'test/contract/openapi-bodies.test.ts', 'test/openapi/document.test.ts', 'test/contract/sdk-clients.test.ts',
    'test/cli/serve.test.ts', 'test/readme/readme-blocks.test.ts', 'test/identity/https.test.ts', 'test/identity/token-endpoint.test.ts',
  ];
  const plan = planOf(files) as Array<{ name: string; group?: string; files: string[] }>;
  t.same(plan.flatMap((u) => u.files).sort(), [...files].sort(), 'each file once');
  for (const alone of ['test/cli/serve.test.ts', 'test/readme/readme-blocks.test.ts', 'test/identity/https.test.ts', 'test/store/p.test.ts', 'test/contract/sdk-clients.test.ts']) {
    t.same(plan.find((u) => u.files.includes(alone))?.files, [alone], `${alone} alone`);
  }
  const groups = plan.filter((u) => u.group);
  t.same(groups.map((u) => u.files.length), [6, 6, 2, 2], 'twelve files are 6 + 6, not 10 + 2; a directory of one file is no group');
  for (const g of groups.slice(0, 3)) t.equal(new Set(g.files.map((f) => f.split('/')[1])).size, 1, `${g.name}: one directory`);
  t.match(groups[0]?.name, /^test\/control\/ \(group 1 of 2: a, b, c, d, e, f\)$/);
  t.same(groups[3]?.files, ['test/contract/openapi-bodies.test.ts', 'test/openapi/document.test.ts'], 'the OpenAPI contract runs in-process, with test/openapi');
  t.match(groups[3]?.name, /^test\/openapi\/ \(test\/contract\/openapi-bodies, document\)$/);
});

t.test('under c8, each file\'s coverage is cut to what .c8rc.json counts (src/, dist/) as it ends; the rest of the file stays', async (t) => {
  const cov = join(dir, 'coverage');
  mkdirSync(cov);
  // `env -u NODE_OPTIONS`: without the module loader tap's runner adds to every child (test/helpers/spawn-cli.ts
  // plainNode), whose hooks thread would write a coverage file of its own as the runner exits, after its last cut.
  const r = spawnSync('env', ['-u', 'NODE_OPTIONS', process.execPath, join(ROOT, 'scripts/run-tests.mjs'), join(dir, 'uses-dist.test.mjs')], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_V8_COVERAGE: cov },
  });
  t.equal(r.status, 0, r.stdout);
  const written = readdirSync(cov).map((f) => JSON.parse(readFileSync(join(cov, f), 'utf8')) as { result: Array<{ url: string }>; 'source-map-cache'?: Record<string, unknown> });
  const urls = (c: (typeof written)[number]) => c.result.map((s) => s.url);
  // The runner's own file is written as it exits, after its last cut: whole.
  const runner = written.filter((c) => urls(c).some((u) => u.endsWith('/scripts/run-tests.mjs')));
  t.equal(runner.length, 1, 'the runner\'s own coverage, untouched');
  t.ok(urls(runner[0]!).some((u) => u.startsWith('node:')), 'with Node\'s own modules in it');
  // The test's process (and any thread or process of its own, such as a loader's hooks thread under tsx).
  const tests = written.filter((c) => !runner.includes(c));
  t.ok(tests.length >= 1, 'the test process\'s coverage');
  const counted = [pathToFileURL(join(ROOT, 'src')).href + '/', pathToFileURL(join(ROOT, 'dist')).href + '/'];
  t.ok(tests.some((c) => urls(c).some((u) => u.endsWith('/dist/lib/redact.js'))), 'dist/lib/redact.js kept');
  t.same(tests.flatMap(urls).filter((u) => !counted.some((p) => u.startsWith(p))), [], 'nothing else: no tap, no node:, not the test file');
  t.same(tests.flatMap((c) => Object.keys(c['source-map-cache'] ?? {})).filter((u) => !counted.some((p) => u.startsWith(p))), [], 'source maps of counted files only');
});
