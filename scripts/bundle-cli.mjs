#!/usr/bin/env node
/**
 * Bundles the CLI (src/cli.ts and everything it loads, dependencies included) with esbuild into
 * dist/cli.js and its lazily loaded chunks in dist/bundle/, replacing tsc's dist/cli.js; `npm run build`
 * runs it after tsc. Why: started from tsc's output, Node resolved, read and compiled about 620 module
 * files (160 of ours, 200 of TypeBox, 70 of yaml, …) before the mock was ready: about 0.45 of 1.2 s of
 * CPU to ready with the default fleet. One bundle is read and compiled once (BENCHMARKS.md, start-up).
 * The library entry points (dist/index.js, dist/client/) stay tsc's modules.
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
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The first line of the bundled dist/cli.js: build-if-stale.mjs tells it from tsc's by it. */
export const BUNDLE_MARK = '// intune-mock CLI, bundled by scripts/bundle-cli.mjs';

export async function bundleCli(root = ROOT) {
  // Loaded here, not at the top: build-if-stale.mjs imports BUNDLE_MARK also where esbuild (a dev dependency) is absent.
  const { build } = await import('esbuild');
  rmSync(join(root, 'dist', 'bundle'), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist',
    entryNames: '[name]',
    chunkNames: 'bundle/[name]-[hash]',
    bundle: true,
    splitting: true, // the server, the fixtures command, Swagger UI's plugin, node-forge, undici: loaded when used
    format: 'esm',
    platform: 'node',
    target: 'node20.18',
    external: ['@fastify/swagger-ui'],
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Dependencies written as CommonJS call `require` for Node's built-ins; an ES module has none of its own.
    banner: { js: `${BUNDLE_MARK}\nimport { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);` },
  });
  const { decode, encode } = await import('@jridgewell/sourcemap-codec');
  const maps = ['cli.js.map', ...readdirSync(join(root, 'dist', 'bundle')).filter((f) => f.endsWith('.map')).map((f) => join('bundle', f))];
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
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
