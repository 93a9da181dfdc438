#!/usr/bin/env node
/**
 * Bundles the CLI (src/cli.ts and everything it loads, dependencies included) with esbuild into one
 * CommonJS file, dist/bundle/cli.cjs, and writes dist/cli.js (replacing tsc's) as a loader that runs it with
 * V8's code cache (below); `npm run build` runs it after tsc. Why: started from tsc's output, Node resolved, read and compiled about 620 module
 * files (160 of ours, 200 of TypeBox, 70 of yaml, …) before the mock was ready: about 0.45 of 1.2 s of
 * CPU to ready with the default fleet. One bundle is read and compiled once (BENCHMARKS.md, start-up).
 * The library entry points (dist/index.js, dist/client/) stay tsc's modules.
 *
 * V8 code cache: compiling the 4.7 MB bundle and the functions the start calls was about 160 of 640 ms of
 * CPU to ready with the default fleet (Node 20 has no module compile cache: module.enableCompileCache is
 * Node 22). So the build starts the default fleet once, to /_mock/ready, and writes V8's code for every
 * function compiled so far (`vm.Script#createCachedData`) to dist/bundle/cli.cjs.cache, shipped with the
 * package and the image; dist/cli.js compiles the bundle with it (`vm.Script`'s `cachedData`). Another Node
 * (or V8 flags) rejects the cache and V8 compiles as without one; nothing writes it at run time, so a
 * read-only install works. CommonJS because only a script takes a code cache (an ES module has no such
 * option in Node 20); the lazily loaded parts (the fixtures command, node-forge, undici) stay lazy inside it
 * (esbuild's module wrappers run on first import; V8 compiles a function on its first call). With
 * --enable-source-maps or coverage (NODE_V8_COVERAGE, c8) the loader imports dist/bundle/esm/cli.js instead,
 * the same CLI bundled as ES modules with its lazily loaded parts in chunks, as before the cache: stack traces
 * and coverage name src/, and coverage counts as it did (below). Measured with bench/startup-pairs.ts.
 *
 * Kept out of the bundle: @fastify/swagger-ui, which serves its static files from its own directory
 * (loaded on the first /docs request anyway). What the code loads through `createRequire` at run time
 * (ajv's runtime helpers for the compiled validators, Fastify's default compilers) is loaded from
 * node_modules as before. Source maps point at src/, so stack traces (--enable-source-maps) and c8's
 * coverage of spawned CLIs name the TypeScript. They map our code only: with the dependencies' code mapped
 * too, c8 (which filters by the generated file's path, dist/…) reported every bundled dependency as a file
 * of ours (coverage 98 % → 55 %); a frame in a dependency keeps its bundle position.
 *
 * No V8 startup snapshot (`node --build-snapshot`, tried on Node 20.20): a CommonJS variant of this bundle
 * loaded into one works only with node:http, node:https and node:http2 kept out of it (http's parser binding
 * cannot be serialized: "global handle not serialized: … HTTPParser"; and the builder's realm lacks
 * `Array.prototype.toSorted`, which node:http calls as it loads), `import()` unavailable after deserializing
 * (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), Node's own warning that perf_hooks, async_hooks and module are not
 * verified there, and a 16 MB blob. It saved about 150 ms of CPU to ready when Node is started with
 * `--snapshot-blob` itself, but `node dist/cli.js` (npx, npm start, the image) can only use it by starting a
 * second Node: about 90 ms net, for two processes, signal forwarding and a blob per Node version.
 *
 *   node scripts/bundle-cli.mjs     (after tsc; plain JavaScript: scripts/build-if-stale.mjs runs it too)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The first line of the bundled dist/cli.js: build-if-stale.mjs tells it from tsc's by it. */
export const BUNDLE_MARK = '// intune-mock CLI, bundled by scripts/bundle-cli.mjs';
/** Where dist/cli.js's loader leaves the function that serializes the compiled code (the build calls it). */
export const CODE_CACHE_KEY = 'intune-mock.createCodeCache';
/**
 * The text V8 compiles: the bundle as the body of a CommonJS module's function, on the bundle's first line
 * so that its source map's lines stay right. The cache is only accepted for this exact text.
 */
export const wrapBundle = (source) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

// dist/cli.js: ES module (the package's "type"), as small as can be.
const LOADER = `#!/usr/bin/env node
${BUNDLE_MARK}
// Runs dist/bundle/cli.cjs compiled with the V8 code cache written by the build (scripts/bundle-cli.mjs says why).
// Left out of coverage: under coverage it always takes the import() branch (test/cli/code-cache.test.ts runs
// the other), and it has no source of its own in src/ to map to.
/* c8 ignore start */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
const path = fileURLToPath(new URL('./bundle/cli.cjs', import.meta.url));
const require = createRequire(path);
if (process.sourceMapsEnabled || process.env.NODE_V8_COVERAGE) {
  await import('./bundle/esm/cli.js'); // the ES module variant: Node maps it to src/ for stack traces and coverage
} else {
  let cachedData;
  try {
    cachedData = readFileSync(\`\${path}.cache\`);
  } catch {
    // No cache: compiled without one.
  }
  const wrap = ${wrapBundle.toString()};
  // V8 checks the cache (its version, flags, the source's length) and compiles without it if it does not fit.
  const script = new Script(wrap(readFileSync(path, 'utf8')), { filename: path, cachedData });
  globalThis[Symbol.for('${CODE_CACHE_KEY}')] = () => script.createCachedData();
  const module = { exports: {}, filename: path, id: path, loaded: false };
  script.runInThisContext()(module.exports, require, module, path, dirname(path));
}
/* c8 ignore stop */
`;

/**
 * Modules Fastify loads as it loads but the mock's start never uses, made to load on first use in the bundle:
 * node:http2 (lib/server.js; for the \`http2: true\` option the mock never sets: the http2 binding's set-up, ~6 ms
 * of CPU) and semver (lib/plugin-utils.js; only for a plugin that names the Fastify versions it needs, none of
 * which the start registers: ~90 regular expressions built, ~4 ms). Each \`const x = require('m')\` line becomes
 * an object that requires the module on its first property read. The build fails if a line is no longer there,
 * so that a Fastify upgrade is looked at rather than silently left eager.
 */
const LAZY_REQUIRES = [
  { file: /[\\/]fastify[\\/]lib[\\/]server\.js$/, line: "const http2 = require('node:http2')" },
  { file: /[\\/]fastify[\\/]lib[\\/]plugin-utils\.js$/, line: "const semver = require('semver')" },
];
const lazyRequires = {
  name: 'lazy-requires',
  setup(build) {
    for (const { file, line } of LAZY_REQUIRES) {
      build.onLoad({ filter: file }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const [, name, module] = /^const (\w+) = require\('([^']+)'\)$/.exec(line);
        if (!source.includes(line)) throw new Error(`${args.path} no longer has "${line}": look at scripts/bundle-cli.mjs's LAZY_REQUIRES`);
        const lazy = `let ${name}Module; const ${name} = new Proxy({}, { get: (_, key) => (${name}Module ??= require('${module}'))[key] })`;
        return { contents: source.replace(line, lazy), loader: 'js' };
      });
    }
  },
};

/**
 * find-my-way (Fastify's router) compiles a small matcher with \`new Function\` for every node and handler it adds:
 * a default start made 1,145 of them from 60 distinct sources (the not-found handlers alone add each of their paths
 * for all 34 HTTP methods), about 11 ms of CPU, none of it in the code cache. In the bundle, its files share one
 * function per distinct source. Safe because a \`new Function\` closes over nothing (only its arguments and
 * globals), and find-my-way keeps no state on those functions: it calls them, or binds them (constrainer.js).
 * The build fails if a listed file no longer has a \`new Function(\`.
 */
const SHARED_FUNCTION_FILES = /[\\/]find-my-way[\\/]lib[\\/](node|handler-storage|constrainer)\.js$/;
const sharedFunctions = {
  name: 'shared-functions',
  setup(build) {
    build.onLoad({ filter: SHARED_FUNCTION_FILES }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('new Function(')) throw new Error(`${args.path} no longer has "new Function(": look at scripts/bundle-cli.mjs's SHARED_FUNCTION_FILES`);
      const cache = 'const sharedFunctions = new Map(); const sharedFunction = (...args) => { const key = args.join("\\0"); let f = sharedFunctions.get(key); if (f === undefined) sharedFunctions.set(key, (f = new Function(...args))); return f; };\n';
      return { contents: cache + source.replaceAll('new Function(', 'sharedFunction('), loader: 'js' };
    });
  },
};

export async function bundleCli(root = ROOT) {
  // Loaded here, not at the top: build-if-stale.mjs imports BUNDLE_MARK also where esbuild (a dev dependency) is absent.
  const { build } = await import('esbuild');
  rmSync(join(root, 'dist', 'bundle'), { recursive: true, force: true });
  rmSync(join(root, 'dist', 'cli.js.map'), { force: true }); // tsc's; dist/cli.js is the loader
  await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: join('dist', 'bundle'),
    entryNames: '[name]',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs', // a script: the code cache (above)
    platform: 'node',
    target: 'node20.18',
    // \`import()\` of what stays outside (Swagger UI's plugin, CommonJS) as \`require\`: a vm.Script's own
    // import() fails once its code comes from a cache on Node 20 ("A dynamic import callback was not specified").
    supported: { 'dynamic-import': false },
    external: ['@fastify/swagger-ui'],
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    // No comments or indentation: 4.7 → 3.2 MB to read, and only ASCII, which V8 keeps one byte per character
    // (dependencies' comments held curly quotes, which made the whole source two bytes per character). Stack
    // traces name the bundle's line and column either way; --enable-source-maps runs the ES-module copy (below).
    minifyWhitespace: true,
    // Lines cut at about 500 characters (a few run to ~5,000, where esbuild finds no place to cut): Node prints an
    // uncaught exception's source line above its stack, and without a limit one line held 458,000 characters
    // (test/cli/code-cache.test.ts).
    lineLimit: 500,
    plugins: [lazyRequires, sharedFunctions],
    logLevel: 'warning',
    // Our modules find package.json, ajv's helpers and Fastify through import.meta.url: the bundle's own URL.
    // "use strict" first: esbuild's own comes after the banner, where it is no directive (ES modules were strict).
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: '"use strict"; var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  const bundle = join(root, 'dist', 'bundle', 'cli.cjs');
  // src/cli.ts's "#!" line, kept by esbuild, is no statement inside the wrapper: a comment of the same length.
  writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(/^#!/, '//'));
  // The same CLI as ES modules (the lazily loaded parts in chunks of their own), for runs under coverage or
  // --enable-source-maps: c8 counted the lines of functions the CommonJS bundle never called as covered
  // (src/graph/batch/run.ts 56 → 160 of 165 lines, by one start to ready), which would hide untested code.
  await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: join('dist', 'bundle', 'esm'),
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    external: ['@fastify/swagger-ui'],
    plugins: [lazyRequires, sharedFunctions],
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Dependencies written as CommonJS call `require` for Node's built-ins; an ES module has none of its own.
    banner: { js: `import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);` },
  });
  const { decode, encode } = await import('@jridgewell/sourcemap-codec');
  const maps = ['bundle', join('bundle', 'esm')].flatMap((dir) => readdirSync(join(root, 'dist', dir)).filter((f) => f.endsWith('.map')).map((f) => join(dir, f)));
  for (const name of maps) {
    const file = join(root, 'dist', name);
    const map = JSON.parse(readFileSync(file, 'utf8'));
    // Each source's new index, or -1 for a dependency's (its segments are dropped, and it leaves `sources`).
    let kept = 0;
    const index = map.sources.map((source) => (source.includes('node_modules/') ? -1 : kept++));
    map.sources = map.sources.filter((_, i) => index[i] >= 0);
    map.mappings = encode(decode(map.mappings).map((line) => line
      .filter((segment) => segment.length === 1 || index[segment[1]] >= 0)
      .map((segment) => (segment.length === 1 ? segment : [segment[0], index[segment[1]], ...segment.slice(2)]))));
    writeFileSync(file, JSON.stringify(map));
  }
  writeFileSync(join(root, 'dist', 'cli.js'), LOADER);
  try {
    await writeCodeCache(root);
  } catch (err) {
    // The CLI works without it, only slower to start: a build (or an install's `prepare`) that cannot start a
    // server on 127.0.0.1 still succeeds.
    console.warn(`intune-mock: no V8 code cache for dist/bundle/cli.cjs (${err instanceof Error ? err.message : err}); the CLI starts without one.`);
  }
}

/**
 * Starts the bundled CLI with the default fleet (ports picked free, a temporary CA directory), waits for
 * /_mock/ready, and writes the code V8 compiled so far beside the bundle (dist/bundle/cli.cjs.cache).
 */
export async function writeCodeCache(root = ROOT) {
  const port = await new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  const caDir = mkdtempSync(join(tmpdir(), 'intune-mock-build-'));
  const cli = join(root, 'dist', 'cli.js');
  const out = join(root, 'dist', 'bundle', 'cli.cjs.cache');
  const script = `
    process.argv = [process.execPath, ${JSON.stringify(cli)}, '--host', '127.0.0.1', '--http-port', '${port}', '--https-port', '0', '--ca-dir', ${JSON.stringify(caDir)}];
    await import(${JSON.stringify(pathToFileURL(cli).href)});
    for (let i = 0; ; i++) {
      const ok = await fetch('http://127.0.0.1:${port}/_mock/ready').then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 3000) throw new Error('the mock did not get ready');
      await new Promise((r) => setTimeout(r, 10));
    }
    (await import('node:fs')).writeFileSync(${JSON.stringify(out)}, globalThis[Symbol.for('${CODE_CACHE_KEY}')]());
    process.exit(0);`;
  // Without the variables that make the loader skip the cache (coverage) or change V8's flags.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INTUNE_MOCK_') && k !== 'NODE_V8_COVERAGE' && k !== 'NODE_OPTIONS'));
  try {
    await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b) => (err += b));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writing the V8 code cache failed (${code}):\n${err}`))));
    });
  } finally {
    rmSync(caDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
