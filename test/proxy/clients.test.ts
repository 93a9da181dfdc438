/**
 * Issue 18's "done when": clients that know only https://graph.microsoft.com and https://login.microsoftonline.com
 * run their whole flow against the mock with HTTPS_PROXY and their CA setting (docs/proxy.md), each a real
 * spawned process: the m365 CLI (@pnp/cli-microsoft365) and @azure/identity with graph-client and Kiota at their
 * default URLs. (curl, Python's urllib and @azure/identity's token: test/proxy/proxy.test.ts.)
 *
 * Between the clients and the proxy sits a recorder, a plain TCP pipe that notes each connection's first
 * request line and the first status line that comes back, so the test sees every host a client tried to reach
 * and what the proxy answered, including the ones the mock never journals (a refused CONNECT).
 * One mock for the file; a tenant per test.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock } from '../../src/server.js';
import { foreignEnv } from '../helpers/foreign-env.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const M365 = join(REPO, 'node_modules/@pnp/cli-microsoft365/dist/index.js');
const SCENARIO = fileURLToPath(new URL('scenarios/default-urls.mjs', import.meta.url));
const APP = '11111111-2222-3333-4444-555555555555';

const mock = await startMock({ proxyPort: 0 });
t.teardown(() => mock.close());
const caFile = join(mkdtempSync(join(tmpdir(), 'intune-mock-proxy-clients-')), 'ca.pem');
writeFileSync(caFile, mock.caPem);

/** One connection through the recorder: what the client asked for first, what the proxy answered first. */
interface Seen { request: string; answer: string }
const seen: Seen[] = [];
const proxy = new URL(mock.proxyUrl!);
const recorder = createServer((client: Socket) => {
  const entry: Seen = { request: '', answer: '' };
  seen.push(entry);
  const upstream = connect(Number(proxy.port), proxy.hostname);
  const firstLine = (b: Buffer) => b.toString('latin1').split('\r\n')[0]!;
  client.on('data', (b: Buffer) => ((entry.request ||= firstLine(b)), upstream.write(b)));
  upstream.on('data', (b: Buffer) => ((entry.answer ||= firstLine(b)), client.write(b)));
  client.on('end', () => upstream.end());
  upstream.on('end', () => client.end());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
t.teardown(() => new Promise<void>((resolve) => recorder.close(() => resolve())));
const HTTPS_PROXY = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;

/**
 * A reader's environment with nothing of the test's: the PATH to node, a HOME, and the two settings. No
 * NO_PROXY: everything the client sends goes to the proxy.
 */
const clientEnv = (home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => foreignEnv({
  PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, HTTPS_PROXY, NODE_EXTRA_CA_CERTS: caFile, ...extra,
});

/** A child process, without blocking this one's event loop (the mock runs here). */
function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

/** The connections made since `from`: "CONNECT host:443 -> 200" lines. */
const since = (from: number) => seen.slice(from).map((s) => `${s.request.replace(/ HTTP\/1\.1$/, '')} -> ${s.answer.split(' ')[1] ?? 'nothing'}`);

t.test('the m365 CLI: login --authType secret, then m365 request list, get and resetPasscode, with HTTPS_PROXY and NODE_EXTRA_CA_CERTS only', async (t) => {
  const tenant = 'm365-cli.proxy.test';
  const home = mkdtempSync(join(tmpdir(), 'intune-mock-m365-home-'));
  const env = clientEnv(home);
  const m365 = (...args: string[]) => run([M365, ...args, '--output', 'json'], env);

  // Telemetry is on by default: m365 tries Application Insights through the proxy, which refuses it (403),
  // and the command goes on.
  let mark = seen.length;
  const login = await m365('login', '--authType', 'secret', '--appId', APP, '--tenant', tenant, '--secret', 'any-secret');
  t.equal(login.code, 0, login.stderr);
  t.match(JSON.parse(login.stdout), { connectedAs: APP, authType: 'secret', appTenant: tenant, cloudType: 'Public' });
  const loginSeen = since(mark);
  t.ok(loginSeen.includes('CONNECT login.microsoftonline.com:443 -> 200'), loginSeen.join('\n'));
  t.ok(loginSeen.some((s) => /^CONNECT [\w.-]+\.applicationinsights\.azure\.com:443 -> 403$/.test(s)), `its telemetry refused: ${loginSeen.join('; ')}`);
  t.ok(loginSeen.every((s) => / -> (200|403)$/.test(s) && s.startsWith('CONNECT ')), 'CONNECTs only, each answered');

  // Off for the rest: the CLI's disableTelemetry setting (https://pnp.github.io/cli-microsoft365/user-guide/configuring-cli/),
  // kept where `m365 cli config set --key disableTelemetry --value true` keeps it (configstore, under ~/.config).
  mkdirSync(join(home, '.config/configstore'), { recursive: true });
  writeFileSync(join(home, '.config/configstore/cli-m365-config.json'), JSON.stringify({ disableTelemetry: true }));
  mark = seen.length;

  const admin = mock.client.forTenant(tenant);
  const expected = (await admin.devices({ state: 'enrolled', top: 2 })).devices.map((d) => d.device.id);
  const list = await m365('request', '--url', 'https://graph.microsoft.com/v1.0/deviceManagement/managedDevices?$top=2&$select=id,deviceName');
  t.equal(list.code, 0, list.stderr);
  const page = JSON.parse(list.stdout) as { value: Array<{ id: string; deviceName: string }>; '@odata.nextLink': string };
  t.same(page.value.map((d) => d.id), expected, 'the tenant\'s first two devices');
  t.match(page['@odata.nextLink'], /^https:\/\/graph\.microsoft\.com\/v1\.0\/deviceManagement\/managedDevices\?/);

  const id = page.value[0]!.id;
  const get = await m365('request', '--url', `https://graph.microsoft.com/v1.0/deviceManagement/managedDevices/${id}`);
  t.equal(get.code, 0, get.stderr);
  t.match(JSON.parse(get.stdout), { id, deviceName: page.value[0]!.deviceName });

  const reset = await m365('request', '--method', 'post', '--url', `https://graph.microsoft.com/v1.0/deviceManagement/managedDevices/${id}/resetPasscode`);
  t.equal(reset.code, 0, reset.stderr);
  t.match(JSON.stringify(await admin.device(id)), /"actionName":"resetPasscode"/, 'the action reached the simulation');

  t.same([...new Set(since(mark))], ['CONNECT graph.microsoft.com:443 -> 200'], 'telemetry off: graph.microsoft.com only (the token is cached in HOME)');
  const { requests } = await admin.requests();
  const graph = requests.filter((r) => r.path.startsWith('/v1.0/'));
  t.same(graph.map((r) => [r.method, r.path.replace(id, '{id}'), r.status, r.proxy]), [
    ['GET', '/v1.0/deviceManagement/managedDevices', 200, 'graph.microsoft.com'],
    ['GET', '/v1.0/deviceManagement/managedDevices/{id}', 200, 'graph.microsoft.com'],
    ['POST', '/v1.0/deviceManagement/managedDevices/{id}/resetPasscode', 204, 'graph.microsoft.com'],
  ], 'the journal: each call proxied for graph.microsoft.com');
  t.ok(requests.some((r) => r.kind === 'token' && r.proxy === 'login.microsoftonline.com'), 'and the login\'s token request for login.microsoftonline.com');
  t.ok(graph.every((r) => /NONISV\|SharePointPnP\|CLIMicrosoft365/.test(r.headers['user-agent'] ?? '')), 'sent by the m365 CLI');
});

t.test('@azure/identity with graph-client and Kiota at their default URLs: HTTPS_PROXY, NODE_EXTRA_CA_CERTS and EnvHttpProxyAgent as fetch\'s dispatcher', async (t) => {
  const tenant = 'sdk-defaults.proxy.test';
  const mark = seen.length;
  const node = await run([SCENARIO], clientEnv(mkdtempSync(join(tmpdir(), 'intune-mock-sdk-home-')), { TENANT: tenant, APP_ID: APP, APP_SECRET: 'any-secret' }));
  t.equal(node.code, 0, node.stderr);
  const out = JSON.parse(node.stdout.trim().split('\n').pop()!) as Record<'graphClient' | 'kiota', { ids: string[]; nextLink: string; one: { id: string }; baseUrl?: string }>;
  const admin = mock.client.forTenant(tenant);
  const expected = (await admin.devices({ state: 'enrolled', top: 2 })).devices.map((d) => d.device.id);
  for (const sdk of ['graphClient', 'kiota'] as const) {
    t.same(out[sdk].ids, expected, `${sdk}: the tenant's first two devices`);
    t.match(out[sdk].nextLink, /^https:\/\/graph\.microsoft\.com\/v1\.0\/deviceManagement\/managedDevices\?/);
    t.equal(out[sdk].one.id, expected[0]);
  }
  t.equal(out.kiota.baseUrl, 'https://graph.microsoft.com/v1.0', 'Kiota\'s default base URL');
  t.same([...new Set(since(mark))].sort(), ['CONNECT graph.microsoft.com:443 -> 200', 'CONNECT login.microsoftonline.com:443 -> 200']);
  const { requests } = await admin.requests();
  const resets = requests.filter((r) => r.path.endsWith('/resetPasscode'));
  t.same(resets.map((r) => [r.status, r.proxy]), [[204, 'graph.microsoft.com'], [204, 'graph.microsoft.com']], 'one resetPasscode from each SDK, proxied');
  t.ok(requests.filter((r) => r.path.startsWith('/v1.0/')).every((r) => r.proxy === 'graph.microsoft.com'));
  t.ok(requests.some((r) => r.kind === 'token' && r.proxy === 'login.microsoftonline.com'), 'the token from login.microsoftonline.com');
});
