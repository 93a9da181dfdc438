import t from 'tap';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { DEFAULT_FIXTURE_PATH } from '../../src/fixtures/load-fixture.js';
import { runMain } from '../helpers/cli-in-process.js';
import { runCli, startCli, testCaDir } from '../helpers/spawn-cli.js';

// A spawned CLI costs about a second: the runs that only fail to start go side by side (four at a time).
const dir = mkdtempSync(join(tmpdir(), 'intune-mock-cli-'));
const bad = join(dir, 'bad.json');
writeFileSync(bad, JSON.stringify({ devices: [{ id: 'a', complianceState: 'meh' }, { osVersion: 7 }], extra: true }));
const notJson = join(dir, 'not-json.json');
writeFileSync(notJson, '{ not json');
mkdirSync(join(dir, 'corrupt'));
writeFileSync(join(dir, 'corrupt', 'db.json'), '{"half": ');
writeFileSync(join(dir, 'a-file'), '');
writeFileSync(join(dir, 'key.pem'), ''); // the certificate is missing, the key is there
const blocker = createServer();
const blocked = new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)));
t.teardown(() => blocker.close());
const DEFAULT_DEVICES = (JSON.parse(readFileSync(DEFAULT_FIXTURE_PATH, 'utf8')) as { devices: unknown[] }).devices.length;
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The runs that only fail to start (or print and exit), started when first asked for, four at a time.
 * `runCli` spawns the built CLI; `runMain` runs the same commands in this process (test/helpers/cli-in-process.ts):
 * every kind of failure is spawned once (a usage error, a fixture, the network), the rest of the matrix in-process.
 */
const runs = {
  version: () => runCli(['--version']),
  help: () => runCli(['--help']),
  serveHelp: () => runMain(['serve', '--help']),
  unknownFlag: () => runCli(['--colour', 'red']),
  notANumber: () => runMain(['--http-port', 'eighty']),
  outOfRange: () => runMain([], { INTUNE_MOCK_HTTP_PORT: '70000' }),
  logLevel: () => runMain(['--log-level', 'chatty']),
  command: () => runMain(['frobnicate']),
  badFixture: () => runCli(['--fixtures', bad, '--http-port', '0', '--https-port', '0']),
  missingFixture: () => runMain(['--fixtures', join(dir, 'nope.json'), '--http-port', '0', '--https-port', '0']),
  notJson: () => runMain(['--fixtures', notJson, '--http-port', '0', '--https-port', '0']),
  corruptData: () => runMain(['--data', join(dir, 'corrupt'), '--http-port', '0', '--https-port', '0']),
  dataIsAFile: () => runMain(['--data', join(dir, 'a-file'), '--http-port', '0', '--https-port', '0']),
  missingCert: () => runMain(['--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem'), '--http-port', '0', '--https-port', '0']),
  busyPort: () => blocked.then((port) => runCli(['--http-port', String(port), '--https-port', '0'])),
};

type Runs = Record<keyof typeof runs, ReturnType<typeof runCli>>;
let started: Runs | undefined;
function failures(): Runs {
  if (started) return started;
  const queue = Object.entries(runs);
  const out: Partial<Record<string, ReturnType<typeof runCli>>> = {};
  const slots: Array<Promise<unknown>> = [];
  // Each run waits for the run four places ahead of it: four spawned CLIs at a time on a 2-core machine.
  queue.forEach(([name, run], i) => {
    const ahead = slots[i - 4] ?? Promise.resolve();
    const p = ahead.then(() => run());
    slots.push(p.catch(() => {}));
    out[name] = p;
  });
  started = out as Runs;
  return started;
}

/** The run's whole stderr and stdout, with this test's directory as `<dir>`; and its exit code. */
async function ended(run: Promise<{ code: number | null; stdout: string; stderr: string }>) {
  const { code, stdout, stderr } = await run;
  const norm = (s: string) => s.split(dir).join('<dir>');
  return { code, stdout: norm(stdout), stderr: norm(stderr) };
}

/** Ports as `<http>` and `<https>`, the bundled fixture as `<default.json>`, times and durations as `T` and `Nms`. */
function normalise(output: string, url: string, httpsUrl: string): string {
  const port = (u: string) => new URL(u).port;
  return output
    .split(DEFAULT_FIXTURE_PATH).join('<default.json>')
    .split(dir).join('<dir>')
    .replace(new RegExp(`:${port(url)}\\b`, 'g'), ':<http>')
    .replace(new RegExp(`:${port(httpsUrl)}\\b`, 'g'), ':<https>')
    .replace(/^\d\d:\d\d:\d\d\.\d{3} /gm, 'T ')
    .replace(/ \d+ms\b/g, ' Nms');
}

const banner = (o: { auth?: string; seed?: string; data?: string; host?: string }) => {
  const http = `http://${o.host ?? '127.0.0.1'}:<http>`;
  const https = `https://${o.host ?? '127.0.0.1'}:<https>`;
  return [
    `intune-mock ${pkg.version} listening on ${http} and ${https}`,
    `  Graph:   ${https}/v1.0/deviceManagement/managedDevices (and /beta; also on ${http})`,
    `  Tokens:  ${https}/<tenant>/oauth2/v2.0/token (auth: ${o.auth ?? 'strict'})`,
    `  Docs:    ${http}/docs (the OpenAPI document: ${http}/openapi.json; an index: ${http}/)`,
    `  Console: ${http}/_mock/console (the fleet in a browser)`,
    `  Control: ${http}/_mock/health`,
    '  Tenant:  contoso.onmicrosoft.com (the default)',
    `  Fleet:   <default.json> (${DEFAULT_DEVICES} devices)`,
    '  Ruleset: 2018, $filter strict, check-in delay 2 s',
    `  Seed:    ${o.seed ?? 'none (random each run; --seed repeats a run)'}`,
    `  Data:    ${o.data ? `${o.data} (db.json, tenants/)` : 'in memory'}`,
    // Without --data the CA is kept in the CA directory (the user's cache; here the test's own, spawn-cli.ts).
    `  CA:      ${o.data ? `${o.data}/keys` : testCaDir()}/ca.pem (also ${http}/_mock/ca.pem; trust it with NODE_EXTRA_CA_CERTS)`,
  ].join('\n') + '\n';
};

t.test('serves the default fleet: the banner first, one log line per request and device event, a clean stop', async (t) => {
  const mock = await startCli(['--http-port', '0', '--https-port', '0', '--seed', 's1']);
  t.teardown(() => mock.child.kill('SIGKILL'));
  const httpsUrl = /and (https:\/\/\S+)/.exec(mock.output())![1]!;
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await request(`${mock.url}/_mock/health`);
  t.equal(health.statusCode, 200);
  t.equal(((await health.body.json()) as any).status, 'ok');
  const denied = await request(`${mock.url}/v1.0/deviceManagement/managedDevices`);
  t.equal(denied.statusCode, 401, 'strict auth by default');
  await denied.body.dump();
  const tokenRes = await request(`${mock.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'client_id=ci&client_secret=s&grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
  });
  const token = ((await tokenRes.body.json()) as any).access_token;
  t.ok(token, 'a token from the issuer');
  const headers = { authorization: `Bearer ${token}` };
  const list = await request(`${mock.url}/v1.0/deviceManagement/managedDevices?$count=true&$top=3`, { headers });
  const body = (await list.body.json()) as any;
  t.equal(body.value.length, 3);
  t.ok(body['@odata.count'] > 10, 'the default fleet');
  t.match(body['@odata.nextLink'], new RegExp(`^${mock.url.replace(/\./g, '\\.')}/v1\\.0/`));
  const device = body.value[0];
  const sync = await request(`${mock.url}/v1.0/deviceManagement/managedDevices/${device.id}/syncDevice`, { method: 'POST', headers });
  t.equal(sync.statusCode, 204);
  await sync.body.dump();
  const index = (await (await request(`${mock.url}/`)).body.json()) as any;
  t.equal(index.docs, `${mock.url}/docs`, 'GET / names the docs the banner names');
  t.equal(await mock.stop('SIGTERM'), 0, 'exit code 0');
  t.equal(normalise(mock.output(), mock.url, httpsUrl), banner({ seed: 's1' }) + [
    'T GET /v1.0/deviceManagement/managedDevices 401 Nms',
    'T POST /contoso.onmicrosoft.com/oauth2/v2.0/token 200 Nms tenant=contoso.onmicrosoft.com caller=app:ci',
    'T GET /v1.0/deviceManagement/managedDevices?$count=true&$top=3 200 Nms tenant=contoso.onmicrosoft.com caller=app:ci',
    `T device ${device.id} (${device.deviceName}) checked in: syncDevice done tenant=contoso.onmicrosoft.com`,
    `T POST /v1.0/deviceManagement/managedDevices/${device.id}/syncDevice 204 Nms tenant=contoso.onmicrosoft.com caller=app:ci`,
    'T GET / 200 Nms',
    'intune-mock: SIGTERM received, shutting down',
  ].join('\n') + '\n', 'nothing before the banner; probes are not logged at info');
});

t.test('SIGINT with --data flushes the state to disk before exiting', async (t) => {
  const data = mkdtempSync(join(dir, 'data-'));
  const mock = await startCli(['--http-port', '0', '--https-port', '0', '--data', data, '--log-level', 'warn', '--auth', 'off']);
  t.teardown(() => mock.child.kill('SIGKILL'));
  const list = (await (await request(`${mock.url}/v1.0/deviceManagement/managedDevices?$top=1`)).body.json()) as any;
  const id = list.value[0].id;
  const res = await request(`${mock.url}/v1.0/deviceManagement/managedDevices/${id}`, {
    method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'from the CLI test' }),
  });
  t.equal(res.statusCode, 204);
  await res.body.dump();
  t.equal(await mock.stop('SIGINT'), 0);
  const httpsUrl = /and (https:\/\/\S+)/.exec(mock.output())![1]!;
  t.equal(normalise(mock.output(), mock.url, httpsUrl), `${banner({ auth: 'off', data: data.split(dir).join('<dir>') })}intune-mock: SIGINT received, shutting down\n`, 'nothing logged per request at warn');
  const [file] = readdirSync(join(data, 'tenants'));
  const tenant = JSON.parse(readFileSync(join(data, 'tenants', file!), 'utf8')).tenant;
  t.equal(tenant.devices.find((r: any) => r.device.id === id).device.notes, 'from the CLI test');

  const again = await startCli(['--http-port', '0', '--https-port', '0'], { INTUNE_MOCK_DATA: data, INTUNE_MOCK_AUTH: 'off', INTUNE_MOCK_LOG_LEVEL: 'warn' });
  t.teardown(() => again.child.kill('SIGKILL'));
  const got = (await (await request(`${again.url}/v1.0/deviceManagement/managedDevices/${id}?$select=notes`)).body.json()) as any;
  t.equal(got.notes, 'from the CLI test', 'INTUNE_MOCK_DATA restores it');
  t.equal(await again.stop(), 0);
});

t.test('--host 0.0.0.0 says so and asks for the control key it prints; --log-format json at debug: one JSON object per request, nothing else', async (t) => {
  const data = mkdtempSync(join(dir, 'data-'));
  const mock = await startCli(['--http-port', '0', '--https-port', '0', '--host', '0.0.0.0', '--log-format', 'json', '--log-level', 'debug', '--auth', 'off', '--data', data]);
  t.teardown(() => mock.child.kill('SIGKILL'));
  t.match(mock.url, /^http:\/\/0\.0\.0\.0:\d+$/, 'the address asked for, not 127.0.0.1');
  const [first, reach] = mock.output().split('\n');
  t.match(first, /^intune-mock \S+ listening on http:\/\/0\.0\.0\.0:\d+ and https:\/\/0\.0\.0\.0:\d+$/);
  t.match(reach, /^ {2}Reach: {3}on every interface: [\d.]+(, [\d.]+)*$/, 'and the addresses it answers on');
  t.match(reach, /\b127\.0\.0\.1\b/);
  // Beyond loopback, the control API asks for the key the banner prints (and <data>/control-key keeps).
  const key = /^ {2}Key: {5}([A-Za-z0-9_-]{43}) \(send it as x-mock-control-key to \/_mock; kept in (\S+)\)$/m.exec(mock.output());
  t.ok(key, 'the banner prints the key');
  t.equal(key?.[2], join(data, 'control-key'));
  t.equal(readFileSync(join(data, 'control-key'), 'utf8'), `${key?.[1]}\n`);
  const local = mock.url.replace('0.0.0.0', '127.0.0.1');
  const refused = await request(`${local}/_mock/fixtures`);
  t.equal(refused.statusCode, 401, 'no key: 401');
  t.match(await refused.body.json(), { error: { code: 'controlKeyRequired' } });
  const minted = await request(`${local}/_mock/tokens`, { method: 'POST', headers: { 'x-mock-control-key': key?.[1] ?? '' } });
  t.equal(minted.statusCode, 200, 'with the key: a token');
  await minted.body.dump();
  const health = await request(`${local}/_mock/health`);
  t.equal(health.statusCode, 200, 'the health check needs no key');
  await health.body.dump();
  const res = await request(`${local}/v1.0/deviceManagement/managedDevices?$top=1`, { headers: { 'user-agent': 'cli-test' } });
  t.equal(res.statusCode, 200);
  await res.body.dump();
  t.equal(await mock.stop(), 0);
  const lines = mock.output().split('\n');
  const logged = lines.slice(lines.findIndex((l) => l.startsWith('  CA:')) + 1, -2).map((l) => JSON.parse(l));
  t.same(logged.map((o) => [o.kind, o.method, o.url, o.status]), [
    ['request', 'GET', '/_mock/fixtures', 401],
    ['request', 'POST', '/_mock/tokens', 200],
    ['request', 'GET', '/_mock/health', 200],
    ['request', 'GET', '/v1.0/deviceManagement/managedDevices?$top=1', 200],
  ], 'one line a request, no Fastify request lines');
  t.notMatch(lines.slice(lines.findIndex((l) => l.startsWith('  CA:')) + 1).join('\n'), key?.[1] ?? '-', 'the key only in the banner, never in a log line');
  t.same(logged.slice(-1).map((o) => o.caller), ['anonymous']);
  t.match(logged.at(-1), { level: 30, userAgent: 'cli-test', remoteAddress: '127.0.0.1', reqId: String, tenant: 'contoso.onmicrosoft.com', caller: 'anonymous' });
});

t.test('--help lists every option and its variable; --version', async (t) => {
  const help = await failures().help;
  t.equal(help.code, 0);
  for (const flag of ['--http-port', '--https-port', '--host', '--fixtures', '--data', '--auth', '--tls-cert', '--log-level', '--log-format', '--ruleset', '--odata', '--check-in-delay', '--seed', '--version']) t.match(help.stdout, flag);
  t.match(help.stdout, 'INTUNE_MOCK_HTTP_PORT');
  t.equal((await failures().serveHelp).code, 0);
  t.same(await failures().version, { code: 0, stdout: `${pkg.version}\n`, stderr: '' });
});

t.test('every startup failure: one message on stderr, nothing on stdout, a non-zero exit', async (t) => {
  const port = await blocked;
  const expected: Record<Exclude<keyof typeof runs, 'version' | 'help' | 'serveHelp'>, [number, string]> = {
    unknownFlag: [2, "intune-mock: bad configuration:\n  Unknown option '--colour'\nRun 'intune-mock --help'.\n"],
    notANumber: [2, "intune-mock: bad configuration:\n  --http-port: 'eighty' is not a whole number\nRun 'intune-mock --help'.\n"],
    outOfRange: [2, "intune-mock: bad configuration:\n  --http-port (INTUNE_MOCK_HTTP_PORT): must be <= 65535\nRun 'intune-mock --help'.\n"],
    logLevel: [2, 'intune-mock: bad configuration:\n  --log-level (INTUNE_MOCK_LOG_LEVEL): must be one of: "fatal", "error", "warn", "info", "debug", "trace", "silent"\nRun \'intune-mock --help\'.\n'],
    command: [2, "intune-mock: unknown command 'frobnicate'. Run 'intune-mock --help'.\n"],
    badFixture: [1, [
      'intune-mock: fixture <dir>/bad.json is not valid (4 problems):',
      '  $.devices[0].complianceState: must be one of: "unknown", "compliant", "noncompliant", "conflict", "error", "inGracePeriod", "configManager"',
      '  $.devices[1].id: is required',
      '  $.devices[1].osVersion: must be string or null',
      '  $.extra: is not a known property',
      '',
    ].join('\n')],
    missingFixture: [1, 'intune-mock: cannot read the fixture <dir>/nope.json: no such file or directory (see --fixtures).\n'],
    notJson: [1, "intune-mock: the fixture <dir>/not-json.json is not valid JSON: Expected property name or '}' in JSON at position 2.\n"],
    corruptData: [1, 'intune-mock: <dir>/corrupt/db.json is not valid JSON (Unexpected end of JSON input); refusing to start so that it is not overwritten. Move it away or fix it.\n'],
    dataIsAFile: [1, 'intune-mock: cannot create the directory <dir>/a-file: it is a file, not a directory (see --data).\n'],
    missingCert: [1, 'intune-mock: cannot read <dir>/cert.pem: no such file or directory (see --tls-cert).\n'],
    busyPort: [1, `intune-mock: cannot listen on 127.0.0.1:${port}: the port is already in use (choose others with --http-port and --https-port).\n`],
  };
  for (const [name, [code, stderr]] of Object.entries(expected)) {
    const run = await ended(failures()[name as keyof typeof expected]);
    t.same(run, { code, stdout: '', stderr }, name);
  }
  t.equal(readFileSync(join(dir, 'corrupt', 'db.json'), 'utf8'), '{"half": ', 'a corrupt data file is not overwritten');
});
