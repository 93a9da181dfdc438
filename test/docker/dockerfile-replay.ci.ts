/**
 * The Dockerfile replayed end to end (a CI check, not a unit test: `npm run test:slow`, which `.ci/run`
 * runs after `npm test`). Its `npm ci` of every dependency and its `tsc` took 50-100 s and about a minute
 * of CPU, a third of the suite's time on a 2-core machine; the Dockerfile's declarations, .dockerignore,
 * docker-compose.yml and the replay's own failures stay in `npm test` (dockerfile-replay.test.ts).
 *
 * The Dockerfile, checked without a Docker engine (CI machines and sandboxes here have none): it is
 * replayed stage by stage on this machine (test/helpers/dockerfile.ts: a temporary directory per stage
 * standing for its root, COPY from the build context through .dockerignore or from an earlier stage, RUN
 * with `sh -c` in the WORKDIR), and the final stage's CMD is started with the stage's ENV and probed as
 * Docker would: its HEALTHCHECK command, HTTP, HTTPS trusting the mock's CA, and SIGTERM as `docker stop`
 * sends it.
 *
 * What differs from a real container, and why it does not matter for what is tested: Node, npm and sh
 * are this machine's (the image has Node 24; `engines` accepts >= 20.18); the process runs as this
 * machine's user (USER and COPY --chown are checked as declarations instead, in dockerfile-replay.test.ts);
 * the ports are free ones (0, the mock picks) and the data directory is the stage's own /data directory, a
 * temporary one: the only ENV overrides. RUN steps run exactly as written (no flags appended): `npm ci` is
 * fast from the npm cache the surrounding `npm ci` filled.
 */
import t from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseEnv, exec, inStageEnv, replayDockerfile } from '../helpers/dockerfile.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// A cold CI machine: `npm ci` of every dev dependency without a warm cache, then tsc. Usually 30-60 s.
t.setTimeout(15 * 60_000);

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
    t.notOk(existsSync(join(app, 'dist/.tsbuildinfo')), 'no tsc build info (as in the package: package.json "files")');
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
  const env = { ...baseEnv(), ...final.env, INTUNE_MOCK_HTTP_PORT: '0', INTUNE_MOCK_HTTPS_PORT: '0', INTUNE_MOCK_PROXY_PORT: '0', INTUNE_MOCK_DATA: dataDir };
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
  // The image listens on 0.0.0.0 and its banner says so; a client on this machine connects to loopback,
  // a name the certificate carries (README "Docker").
  const local = (u: string) => u.replace('//0.0.0.0:', '//127.0.0.1:');
  const url = local(listening[1]!);
  const httpsUrl = local(listening[2]!);
  t.match(output, `Data:    ${dataDir} (db.json, tenants/)`, 'persistence on, in the data directory');
  t.match(output, /Proxy: +http:\/\/\S+ answers for graph\.microsoft\.com/, 'the proxy on, as the image sets it');

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
  const tenantFiles = readdirSync(join(dataDir, 'tenants')).map((f) => JSON.parse(readFileSync(join(dataDir, 'tenants', f), 'utf8')) as { tenant: { devices: Array<{ device: { id: string; notes: string } }> } });
  const device = tenantFiles.flatMap((file) => file.tenant.devices).find((d) => d.device.id === id);
  t.equal(device?.device.notes, 'written in the replayed image', 'the tenant\'s file in the data directory holds the change');
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
