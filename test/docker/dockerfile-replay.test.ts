/**
 * The Dockerfile, checked without a Docker engine (CI machines and sandboxes here have none): its
 * declarations are read (USER and COPY --chown, the base images, ports, volume, healthcheck), with
 * .dockerignore and docker-compose.yml, and the replayer's own failures are checked on small Dockerfiles.
 * The full replay (the build stage's real `npm ci` and `tsc`, then the image's CMD started and probed) is
 * a CI check, not part of `npm test`: dockerfile-replay.ci.ts, run by `npm run test:slow` and `.ci/run`.
 */
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockerIgnore, parseDockerfile, parseEnv, replayDockerfile, words } from '../helpers/dockerfile.js';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** The final stage's declarations, read without replaying anything. */
function declarations() {
  const stages = parseDockerfile(DOCKERFILE);
  const final = stages.at(-1)!;
  const all = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword);
  const env: Record<string, string> = {};
  for (const i of all('ENV')) for (const [k, v] of parseEnv(i.args)) env[k] = v;
  return { stages, final, all, env };
}

t.test('the Dockerfile declares what the image promises', async (t) => {
  const { stages, final, all, env } = declarations();
  t.ok(stages.length >= 2, 'multi-stage');
  for (const s of stages) t.match(s.from, /^node:24-(alpine|slim)\b/, `stage ${s.name ?? s.index} is on a Node 24 LTS slim base`);
  const build = stages[0]!;
  const runs = build.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args).join(' && ');
  t.match(runs, /\bnpm ci\b/, 'the build stage installs from the lockfile');
  t.match(runs, /\bnpm run build\b/, 'and compiles');
  t.match(runs, /\bnpm (prune --omit=dev|ci --omit=dev)\b/, 'and drops the dev dependencies');
  t.notOk(final.instructions.some((i) => i.keyword === 'COPY' && !i.flags.from), 'the final stage copies nothing from the build context, only built output');

  t.same(all('EXPOSE').flatMap((i) => words(i.args)).sort(), ['8080', '8443', '8888'], 'EXPOSE 8080 8443 8888');
  t.same(all('VOLUME').flatMap((i) => i.json ?? words(i.args)), ['/data'], 'VOLUME /data');
  const user = all('USER').at(-1)?.args.trim();
  t.ok(user && !/^(root|0)(:|$)/.test(user), `a non-root USER (${user})`);
  t.equal(env.INTUNE_MOCK_HOST, '0.0.0.0', 'ENV INTUNE_MOCK_HOST=0.0.0.0');
  t.equal(env.INTUNE_MOCK_DATA, '/data', 'persistence on by default, in the volume');
  t.same([env.INTUNE_MOCK_HTTP_PORT, env.INTUNE_MOCK_HTTPS_PORT, env.INTUNE_MOCK_PROXY_PORT], ['8080', '8443', '8888'], 'the exposed ports (the proxy on in the image, as issue 18 asks)');
  const cmd = all('CMD').at(-1);
  t.same(cmd?.json, ['node', 'dist/cli.js'], 'CMD in exec form: node is PID 1 and gets SIGTERM');
  t.equal(final.instructions.filter((i) => i.keyword === 'ENTRYPOINT').length, 0);
  const health = all('HEALTHCHECK').at(-1);
  t.ok(health, 'a HEALTHCHECK');
  t.match(health!.args, /^CMD\s+\["node",\s*"-e"/, 'HEALTHCHECK in exec form with node -e (no curl in the image)');
  t.match(health!.args, /\/_mock\/health/);
  t.notMatch(health!.args, /\b(curl|wget)\b/);
  // The VOLUME comes after everything that writes /data: later changes to a declared volume are discarded.
  const volumeAt = final.instructions.findIndex((i) => i.keyword === 'VOLUME');
  t.notOk(final.instructions.slice(volumeAt + 1).some((i) => (i.keyword === 'COPY' || i.keyword === 'RUN') && i.args.includes('/data')), 'nothing writes /data after VOLUME');
});

t.test('.dockerignore keeps local build output, tests and secrets out of the context', async (t) => {
  const ignore = DockerIgnore.fromContext(ROOT);
  for (const p of ['node_modules', 'node_modules/fastify/package.json', 'dist/cli.js', 'scripts/build-tests.mjs', '.git/HEAD', 'test/docker/dockerfile-replay.test.ts', 'coverage/x', '.tap/report.json', 'npm-debug.log', 'bench/run.ts', '.env', 'intune-mock-ca.pem', 'fixtures/node_modules/x']) {
    t.ok(ignore.ignores(p), `ignores ${p}`);
  }
  for (const p of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle-cli.mjs', 'src/cli.ts', 'src/graph/odata/parser.ts', 'fixtures/default.json']) {
    t.notOk(ignore.ignores(p), `keeps ${p}`);
  }
  // The matcher itself, on moby/patternmatcher's rules: last match wins, parents match, ** spans directories.
  const m = new DockerIgnore('docs\n!docs/keep.md\n**/*.tmp\n/build/\n# comment\n');
  t.ok(m.ignores('docs/a.md'));
  t.notOk(m.ignores('docs/keep.md'));
  t.ok(m.ignores('a/b/c.tmp') && m.ignores('c.tmp'));
  t.ok(m.ignores('build/x/y'));
  t.notOk(m.ignores('src/build'));
});

t.test('docker-compose.yml runs the image as the Dockerfile defines it', async (t) => {
  const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  t.match(compose, /^\s+-\s+"?8080:8080"?/m, 'HTTP port');
  t.match(compose, /^\s+-\s+"?8443:8443"?/m, 'HTTPS port');
  t.match(compose, /^\s+-\s+"?8888:8888"?/m, 'proxy port');
  t.match(compose, /^\s+-\s+[\w-]+:\/data\b/m, 'a named volume on /data');
  t.match(compose, /^\s+INTUNE_MOCK_AUTH:/m, 'configured by environment');
  const test = /^\s+test:\s*(\[.*\])\s*$/m.exec(compose);
  t.ok(test, 'a healthcheck');
  const health = declarations().all('HEALTHCHECK').at(-1)!;
  t.same(JSON.parse(test![1]!), ['CMD', ...JSON.parse(health.args.replace(/^CMD\s+/, ''))], 'the same check as the image');
});

t.test('the replay fails on a COPY source that does not exist or is left out of the context', async (t) => {
  const context = mkdtempSync(join(tmpdir(), 'dockerfile-replay-ctx-'));
  t.teardown(() => rmSync(context, { recursive: true, force: true }));
  writeFileSync(join(context, 'here.txt'), 'x');
  writeFileSync(join(context, 'secret.env'), 'x');
  writeFileSync(join(context, '.dockerignore'), '*.env\n');
  const attempt = async (dockerfile: string) => {
    writeFileSync(join(context, 'Dockerfile'), dockerfile);
    const replay = replayDockerfile({ context });
    return replay.then((r) => (r.cleanup(), r));
  };
  await t.rejects(attempt('FROM node:24-alpine\nCOPY here.txt missing.txt ./\n'), /COPY missing\.txt: not found in the build context/);
  await t.rejects(attempt('FROM node:24-alpine\nCOPY secret.env ./\n'), /left out by \.dockerignore/);
  await t.rejects(attempt('FROM node:24-alpine AS a\nWORKDIR /app\nFROM node:24-alpine\nCOPY --from=a /app/dist ./dist\n'), /COPY \/app\/dist: not found in stage a/);
  await t.rejects(attempt('FROM node:24-alpine\nCOPY --from=b /x /y\n'), /names no earlier stage/);
  await t.rejects(attempt('FROM node:24-alpine\nRUN mkdir -p /data\n'), /absolute path \/data/);
  await t.rejects(attempt('FROM node:24-alpine\nRUN exit 3\n'), /exited with 3/);
  await t.rejects(attempt('FROM node:24-alpine\nENTRYPOINT ["x"]\n'), /ENTRYPOINT is not replayed/);
  const ok = await attempt('FROM node:24-alpine\nWORKDIR /app\nCOPY here.txt ./\nRUN cp here.txt there.txt\n');
  t.ok(ok.final.log.some((l) => l.startsWith('RUN cp')), 'a valid file replays');
});
