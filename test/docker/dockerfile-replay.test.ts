/**
 * The Dockerfile, checked without a Docker engine (CI machines and sandboxes here have none): its
 * declarations are read, then it is replayed stage by stage on this machine (test/helpers/dockerfile.ts:
 * a temporary directory per stage standing for its root, COPY from the build context through
 * .dockerignore or from an earlier stage, RUN with `sh -c` in the WORKDIR), and the final stage's CMD is
 * started with the stage's ENV and probed as Docker would: its HEALTHCHECK command, HTTP, HTTPS trusting
 * the mock's CA, and SIGTERM as `docker stop` sends it.
 *
 * What differs from a real container, and why it does not matter for what is tested: Node, npm and sh
 * are this machine's (the image has Node 24; `engines` accepts >= 20.18); the process runs as this
 * machine's user (USER and COPY --chown are checked as declarations instead); the ports are free ones
 * (0, the mock picks) and the data directory is the stage's own /data directory, a temporary one: the
 * only ENV overrides. RUN steps run exactly as written (no flags appended): `npm ci` is fast from the
 * npm cache the surrounding `npm ci` filled.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseEnv, DockerIgnore, exec, inStageEnv, parseDockerfile, parseEnv, replayDockerfile, words } from '../helpers/dockerfile.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

// A cold CI machine: `npm ci` of every dev dependency without a warm cache, then tsc. Usually 30-60 s.
t.setTimeout(15 * 60_000);

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

  t.same(all('EXPOSE').flatMap((i) => words(i.args)).sort(), ['8080', '8443'], 'EXPOSE 8080 8443');
  t.same(all('VOLUME').flatMap((i) => i.json ?? words(i.args)), ['/data'], 'VOLUME /data');
  const user = all('USER').at(-1)?.args.trim();
  t.ok(user && !/^(root|0)(:|$)/.test(user), `a non-root USER (${user})`);
  t.equal(env.INTUNE_MOCK_HOST, '0.0.0.0', 'ENV INTUNE_MOCK_HOST=0.0.0.0');
  t.equal(env.INTUNE_MOCK_DATA, '/data', 'persistence on by default, in the volume');
  t.same([env.INTUNE_MOCK_HTTP_PORT, env.INTUNE_MOCK_HTTPS_PORT], ['8080', '8443'], 'the exposed ports');
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
  for (const p of ['node_modules', 'node_modules/fastify/package.json', 'dist/cli.js', '.git/HEAD', 'test/docker/dockerfile-replay.test.ts', 'coverage/x', '.tap/report.json', 'npm-debug.log', 'bench/run.ts', '.env', 'intune-mock-ca.pem', 'fixtures/node_modules/x']) {
    t.ok(ignore.ignores(p), `ignores ${p}`);
  }
  for (const p of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src/cli.ts', 'src/graph/odata/parser.ts', 'fixtures/default.json']) {
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

t.test('the Dockerfile replayed: build, then the image runs, is healthy, serves HTTPS and stops on SIGTERM', async (t) => {
  const started = Date.now();
  const replay = await replayDockerfile({ context: ROOT, onStep: (line) => t.comment(line) });
  t.teardown(() => replay.cleanup());
  t.comment(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const final = replay.final;
  const app = replay.hostPath(final, final.workdir);

  t.test('the final stage holds production files only', async (t) => {
    t.equal(final.workdir, '/app');
    t.same(readdirSync(app).sort(), ['dist', 'fixtures', 'node_modules', 'package-lock.json', 'package.json']);
    t.same(readdirSync(final.root).sort(), ['app', 'data'], 'nothing else at the root');
    t.ok(existsSync(join(app, 'dist/cli.js')) && existsSync(join(app, 'fixtures/default.json')));
    t.notOk(readdirSync(join(app, 'dist'), { recursive: true }).some((f) => String(f).endsWith('.test.js')), 'no compiled tests');
    // The image's own package.json and lockfile: the ones the replay built from (the working tree may move on meanwhile).
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies)) t.ok(existsSync(join(app, 'node_modules', dep, 'package.json')), `${dep} is there`);
    for (const dev of ['tap', 'typescript', 'tsx', ...Object.keys(pkg.devDependencies)]) t.notOk(existsSync(join(app, 'node_modules', dev)), `no ${dev}`);
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([k, v]) => k.startsWith('node_modules/') && v.dev).map(([k]) => k);
    const leaked = devOnly.filter((k) => existsSync(join(app, k)));
    t.same(leaked, [], `none of the lockfile's ${devOnly.length} dev-only packages`);
  });

  t.test('the data directory belongs to the USER and is empty', async (t) => {
    t.same(final.volumes, ['/data']);
    t.same(readdirSync(replay.hostPath(final, '/data')), []);
    t.same(final.chowns, [{ path: '/data', owner: `${final.user}:${final.user}` }], `/data is chowned to ${final.user}`);
  });

  const dataDir = replay.hostPath(final, final.env.INTUNE_MOCK_DATA!);
  const env = { ...baseEnv(), ...final.env, INTUNE_MOCK_HTTP_PORT: '0', INTUNE_MOCK_HTTPS_PORT: '0', INTUNE_MOCK_DATA: dataDir };
  const healthcheck = (port: number) => exec(final.healthcheck!.argv!, { cwd: app, env: { ...baseEnv(), ...final.env, INTUNE_MOCK_HTTP_PORT: String(port) }, timeoutMs: 10_000 });

  t.not((await healthcheck(await closedPort())).code, 0, 'the HEALTHCHECK fails while nothing listens');

  const child = spawn(...inStageEnv(final.cmd!, env), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b));
  child.stderr.on('data', (b: Buffer) => (output += b));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = await Promise.race([
    new Promise<RegExpExecArray>((resolve) => {
      const check = () => {
        const m = /listening on (http:\/\/\S+) and (https:\/\/\S+)/.exec(output);
        if (m) resolve(m);
      };
      child.stdout.on('data', check);
    }),
    exited.then((code) => Promise.reject(new Error(`the CMD exited with ${code}:\n${output}`))),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the CMD did not listen in 60 s:\n${output}`)), 60_000).unref()),
  ]);
  const url = listening[1]!;
  const httpsUrl = listening[2]!;
  t.match(output, `Data:    ${dataDir}/db.json`, 'persistence on, in the data directory');

  const probe = await healthcheck(Number(new URL(url).port));
  t.equal(probe.code, 0, `the HEALTHCHECK command passes once the server is up${probe.output ? `: ${probe.output}` : ''}`);

  const health = await fetch(`${url}/_mock/health`);
  t.equal(health.status, 200);
  t.match(await health.json(), { status: 'ok', name: 'intune-mock' });

  const ca = await (await fetch(`${url}/_mock/ca.pem`)).text();
  t.match(ca, /^-----BEGIN CERTIFICATE-----/);
  await t.rejects(https(`${httpsUrl}/_mock/health`, {}), /self[- ]signed|unable to (get|verify)/i, 'HTTPS is not trusted without the CA');
  const token = await https(`${httpsUrl}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
    ca,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'client_id=docker&client_secret=s&grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
  });
  t.equal(token.status, 200, 'a token over HTTPS, trusting /_mock/ca.pem');
  const auth = { authorization: `Bearer ${(JSON.parse(token.body) as { access_token: string }).access_token}` };
  const list = await https(`${httpsUrl}/v1.0/deviceManagement/managedDevices?$top=1&$select=id`, { ca, headers: auth });
  t.equal(list.status, 200, 'Graph over HTTPS (strict auth, the image default)');
  const id = (JSON.parse(list.body) as { value: Array<{ id: string }> }).value[0]!.id;
  const patch = await https(`${httpsUrl}/v1.0/deviceManagement/managedDevices/${id}`, {
    ca,
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ notes: 'written in the replayed image' }),
  });
  t.equal(patch.status, 204);

  child.kill('SIGTERM');
  t.equal(await exited, 0, 'SIGTERM: a clean exit 0');
  t.match(output, /SIGTERM received, shutting down/);
  const db = JSON.parse(readFileSync(join(dataDir, 'db.json'), 'utf8')) as { tenants: Record<string, { devices: Array<{ device: { id: string; notes: string } }> }> };
  const device = Object.values(db.tenants).flatMap((tenant) => tenant.devices).find((d) => d.device.id === id);
  t.equal(device?.device.notes, 'written in the replayed image', 'db.json in the data directory holds the change');
  t.ok(existsSync(join(dataDir, 'keys')), 'and the keys, so the CA survives a restart');
  t.comment(`replay, run and checks took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** A port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function https(url: string, o: { ca?: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: o.method ?? 'GET', headers: o.headers, ...(o.ca ? { ca: o.ca } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}
