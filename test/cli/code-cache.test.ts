/**
 * dist/cli.js runs the bundle with the V8 code cache the build wrote (scripts/bundle-cli.mjs): the cache fits
 * this Node, the CLI serves with it (Swagger UI's plugin, loaded on first use, included), and a cache that
 * does not fit (another Node's, or damaged) changes nothing but the time. Spawned without coverage: under
 * coverage (NODE_V8_COVERAGE) the loader imports the ES module variant instead, which every other CLI test runs.
 */
import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { cleanEnv, LISTENING, plainNode } from '../helpers/spawn-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'bundle', 'cli.cjs');

/** Starts `node <cli> --http-port 0 …` without coverage; resolves with its HTTP URL and a stop function. */
async function serve(cli: string, t: { teardown(fn: () => void): void }): Promise<string> {
  const child = spawn(...plainNode([cli, '--http-port', '0', '--https-port', '0'], { coverage: false }), { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let out = '';
  child.stderr.on('data', (b) => (out += b));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (b) => {
      out += b;
      const m = LISTENING.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

t.test('the build\'s code cache fits this Node, and the CLI serves with it, Swagger UI included', async (t) => {
  t.ok(existsSync(`${BUNDLE}.cache`), 'npm run build wrote dist/bundle/cli.cjs.cache');
  // The loader's own check, in a Node without coverage (the flags V8 checks are those of a user's `node`).
  const check = spawnSync(...plainNode(['--input-type=module', '-e', `
    import { readFileSync } from 'node:fs';
    import { Script } from 'node:vm';
    const { wrapBundle } = await import(${JSON.stringify(new URL('../../scripts/bundle-cli.mjs', import.meta.url).href)});
    const path = ${JSON.stringify(BUNDLE)};
    const s = new Script(wrapBundle(readFileSync(path, 'utf8')), { filename: path, cachedData: readFileSync(path + '.cache') });
    process.stdout.write(String(s.cachedDataRejected));`], { coverage: false }), { encoding: 'utf8' });
  t.equal(check.stdout, 'false', `V8 takes the cache ${check.stderr}`);
  const url = await serve(join(ROOT, 'dist', 'cli.js'), t);
  t.equal((await request(`${url}/_mock/ready`)).statusCode, 200);
  const docs = await request(`${url}/docs/`);
  t.equal(docs.statusCode, 200, 'Swagger UI (outside the bundle, loaded on first use) loads');
  await docs.body.dump();
});

t.test('a cache that does not fit: compiled without it, same answers', async (t) => {
  // A copy of the package whose cache is garbage (V8 rejects it as it would another version's).
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-cache-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  symlinkSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  copyFileSync(join(ROOT, 'dist', 'cli.js'), join(dir, 'dist', 'cli.js'));
  copyFileSync(BUNDLE, join(dir, 'dist', 'bundle', 'cli.cjs'));
  writeFileSync(join(dir, 'dist', 'bundle', 'cli.cjs.cache'), Buffer.alloc(4096, 7));
  const url = await serve(join(dir, 'dist', 'cli.js'), t);
  const ready = await request(`${url}/_mock/ready`);
  t.equal(ready.statusCode, 200);
  await ready.body.dump();
});

t.test('the bundle\'s lines stay short: an uncaught exception prints its line, not a module of minified code', async (t) => {
  // Node prints the source line of an uncaught exception's first frame before the stack (vm.Script's included, as
  // dist/cli.js runs the bundle): with whitespace minified and no line limit, one line of the bundle held 458,000
  // characters, and a crash printed 64 KB of minified code above its message.
  const lines = readFileSync(BUNDLE, 'utf8').split('\n');
  const longest = Math.max(...lines.map((l) => l.length));
  t.ok(longest < 10_000, `the longest line of dist/bundle/cli.cjs has ${longest} characters`);
  const crash = spawnSync(...plainNode(['-e', `
    new (require('node:vm').Script)('(function () {' + 'var a = 1;'.repeat(${longest >> 4}) + ' throw new Error("probe") })()', { filename: 'probe.cjs' }).runInThisContext();
  `], { coverage: false }), { encoding: 'utf8' });
  t.match(crash.stderr, /Error: probe/);
  t.ok(crash.stderr.length > longest / 2, 'Node does print a line that long with its stack (what the bound above is for)');
});
