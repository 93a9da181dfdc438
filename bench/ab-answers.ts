/**
 * A/B of answers: two builds of the mock must answer the same requests the same way. For any refactor that
 * should change no behaviour (a performance change, a cleanup): run it against the build before and after.
 *
 *   npx tsx bench/ab-answers.ts /work/base/dist/cli.js dist/cli.js          REPEAT=30 (rounds of the list) LARGE=100000
 *
 * Starts each build as users run it (`node <cli>`, bench/processes.ts: `--auth strict`, `--seed fixed`, the
 * default fixture, a long check-in delay so that the wall clock decides nothing, and an HTTPS proxy port), then
 * sends one list of requests to both, in the same order, each request to A then at once to B. Compared:
 * the status, the headers that matter (content-type, www-authenticate, retry-after, location, allow, odata-*,
 * x-mock-*) and the body, with the volatile parts masked (ISO timestamps, request ids, tokens, journal ids,
 * durations; bench/ab-answers.ts `mask`). At the end each tenant's journal (and the unauthenticated journal)
 * is compared the same way. A third pair starts with a large generated fleet (LARGE=100000 devices, 0 skips it)
 * and compares the answers while `/_mock/ready` is still 503.
 *
 * The list covers the root guards and their order when several fail at once (unknown Host, cross-site Origin,
 * not a Graph path, proxied requests), auth failures, Graph reads/queries/actions/unknown paths/wrong verbs/HEAD,
 * `$batch`, the control API and the identity token endpoint. Exit code 1 if any answer differed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { freePort, HOST, killAll, runCli, startMock, type Proc } from './processes.js';

const [cliA, cliB] = process.argv.slice(2);
if (!cliA || !cliB) {
  console.error('usage: npx tsx bench/ab-answers.ts <cli A> <cli B>');
  process.exit(2);
}
const REPEAT = Number(process.env.REPEAT ?? 30);
const LARGE = Number(process.env.LARGE ?? 100000);

// ---- requests ---------------------------------------------------------------------------------------------

/** One request; `{T:name}` in a header or path is the side's token `name`, `{D:i}` device i's id. */
interface Req { method: string; path: string; headers?: Record<string, string>; body?: string; proxied?: boolean }

const TENANT2 = 'fabrikam.onmicrosoft.com';
const GUID_TENANT = '0b7f5c2e-1d3a-4e5f-8a9b-0c1d2e3f4a5b';
const M = '/v1.0/deviceManagement/managedDevices';
const json = { 'content-type': 'application/json' };
const bearer = (name: string) => ({ authorization: `Bearer {T:${name}}` });

/** The tokens each side mints (POST /_mock/tokens), by name: [x-mock-tenant, body]. */
const TOKENS: Record<string, [string | undefined, object]> = {
  app: [undefined, {}],
  read: [undefined, { roles: ['DeviceManagementManagedDevices.Read.All'] }],
  user: [undefined, { scp: ['DeviceManagementManagedDevices.ReadWrite.All'] }],
  t2: [TENANT2, {}],
  guid: [GUID_TENANT, {}],
  upper: ['Contoso.OnMicrosoft.com', {}],
  expired: [undefined, { expiresInSeconds: -3600 }],
  aud: [undefined, { audience: 'https://example.test' }],
};

function guardRequests(): Req[] {
  const out: Req[] = [];
  const hosts = ['localhost', 'LOCALHOST:8080', '127.0.0.1:1', '[::1]:80', 'a.localhost', 'evil.example', 'evil.example:8080', 'localhost.evil.example', 'ev%il', ''];
  const origins = [undefined, 'http://localhost', 'http://evil.example', 'null', 'http://localhost:9999', 'https://localhost'];
  const paths: Array<[string, string, string | undefined]> = [
    ['GET', `${M}?$top=2`, undefined],
    ['POST', `${M}/{D:0}/syncDevice`, ''],
    ['POST', '/_mock/reset', undefined],
    ['POST', '/_mock/tokens', '{}'],
    ['POST', `/${TENANT2}/oauth2/v2.0/token`, 'grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default'],
    ['GET', '/nope', undefined],
    ['POST', '/nope', '{}'],
    ['GET', '/_mock/ready', undefined],
    ['DELETE', `${M}/{D:0}`, undefined],
  ];
  for (const host of hosts) {
    for (const origin of origins) {
      for (const [method, path, body] of paths) {
        const headers: Record<string, string> = { ...bearer('app'), host };
        if (origin) headers.origin = origin;
        if (body !== undefined) headers['content-type'] = path.includes('oauth2') ? 'application/x-www-form-urlencoded' : 'application/json';
        out.push({ method, path, headers, ...(body !== undefined ? { body } : {}) });
      }
    }
  }
  return out;
}

function graphRequests(round: number): Req[] {
  const d = (i: number) => `{D:${(i + round) % 20}}`;
  const r: Req[] = [
    { method: 'GET', path: `${M}/${d(0)}`, headers: bearer('app') },
    { method: 'GET', path: `${M}/${d(1)}`, headers: bearer('read') },
    { method: 'GET', path: `${M}/${d(2)}`, headers: bearer('user') },
    { method: 'GET', path: `/beta/deviceManagement/managedDevices/${d(3)}`, headers: bearer('app') },
    { method: 'GET', path: `${M}/${d(4)}?$select=id,deviceName,lastSyncDateTime`, headers: bearer('app') },
    { method: 'GET', path: `${M}('${d(5)}')`, headers: bearer('app') },
    { method: 'GET', path: `${M}/00000000-0000-0000-0000-000000000000`, headers: bearer('app') },
    { method: 'GET', path: `${M}/not-a-guid`, headers: bearer('app') },
    { method: 'GET', path: `${M}?$top=${1 + (round % 7)}&$skip=${round}`, headers: bearer('app') },
    { method: 'GET', path: `${M}?$filter=operatingSystem eq 'Windows'&$select=id,operatingSystem`, headers: bearer('app') },
    { method: 'GET', path: `${M}?$filter=startswith(deviceName,'A')`, headers: bearer('read') },
    { method: 'GET', path: `${M}?$filter=nonsense eq 1`, headers: bearer('app') },
    { method: 'GET', path: `${M}?$filter=deviceName eq`, headers: bearer('app') },
    { method: 'GET', path: `${M}?$orderby=deviceName desc&$top=5&$select=deviceName`, headers: bearer('app') },
    { method: 'GET', path: `${M}?$orderby=nope`, headers: bearer('app') },
    { method: 'GET', path: `${M}?$count=true&$top=1`, headers: { ...bearer('app'), consistencylevel: 'eventual' } },
    { method: 'GET', path: `${M}?$select=bogus`, headers: bearer('app') },
    { method: 'GET', path: `${M}/${d(6)}`, headers: bearer('t2') },
    { method: 'GET', path: `${M}?$top=3`, headers: bearer('guid') },
    { method: 'GET', path: `${M}?$top=3`, headers: bearer('upper') },
    { method: 'HEAD', path: `${M}/${d(7)}`, headers: bearer('app') },
    { method: 'HEAD', path: `${M}`, headers: {} },
    { method: 'OPTIONS', path: `${M}`, headers: bearer('app') },
    { method: 'PUT', path: `${M}/${d(8)}`, headers: { ...bearer('app'), ...json }, body: '{}' },
    { method: 'PATCH', path: `${M}/${d(8)}`, headers: { ...bearer('app'), ...json }, body: '{"deviceName":"x"}' },
    { method: 'DELETE', path: `${M}/${d(9)}`, headers: bearer('read') },
    { method: 'POST', path: `${M}`, headers: { ...bearer('app'), ...json }, body: '{}' },
    { method: 'GET', path: '/v1.0/deviceManagement/nothing', headers: bearer('app') },
    { method: 'GET', path: '/v2.0/deviceManagement/managedDevices', headers: bearer('app') },
    { method: 'GET', path: '/v1.0/me', headers: bearer('app') },
    { method: 'GET', path: '/v1.0/deviceManagement/deviceCompliancePolicies', headers: bearer('app') },
    { method: 'GET', path: '/v1.0/deviceManagement/remoteActionAudits', headers: bearer('app') },
    // Auth failures.
    { method: 'GET', path: `${M}/${d(0)}`, headers: {} },
    { method: 'GET', path: `${M}/${d(0)}`, headers: { authorization: 'Bearer nope' } },
    { method: 'GET', path: `${M}/${d(0)}`, headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0.' } },
    { method: 'GET', path: `${M}/${d(0)}`, headers: { authorization: 'Basic Zm9vOmJhcg==' } },
    { method: 'GET', path: `${M}/${d(0)}`, headers: bearer('expired') },
    { method: 'GET', path: `${M}/${d(0)}`, headers: bearer('aud') },
    { method: 'POST', path: `${M}/${d(10)}/rebootNow`, headers: bearer('read') },
    // Actions.
    { method: 'POST', path: `${M}/${d(11)}/syncDevice`, headers: bearer('app') },
    { method: 'POST', path: `${M}/${d(12)}/rebootNow`, headers: { ...bearer('app'), 'content-type': 'application/x-www-form-urlencoded' }, body: '' },
    { method: 'POST', path: `${M}/${d(13)}/remoteLock`, headers: { ...bearer('user'), 'client-request-id': '11111111-2222-3333-4444-555555555555' } },
    { method: 'POST', path: `${M}/${d(14)}/microsoft.graph.resetPasscode`, headers: bearer('app') },
    { method: 'POST', path: `${M}/${d(15)}/wipe`, headers: { ...bearer('app'), ...json }, body: '{"keepUserData":"x"}' },
    { method: 'POST', path: `${M}/${d(16)}/notAnAction`, headers: bearer('app') },
    { method: 'POST', path: `${M}/${d(17)}/locateDevice`, headers: { ...bearer('app'), ...json }, body: '{bad json' },
    { method: 'GET', path: `${M}/${d(11)}/syncDevice`, headers: bearer('app') },
    { method: 'POST', path: `${M}/${d(18)}/syncDevice`, headers: bearer('t2') },
    // $batch.
    {
      method: 'POST', path: '/v1.0/$batch', headers: { ...bearer('app'), ...json }, body: JSON.stringify({
        requests: [
          { id: '1', method: 'GET', url: `/deviceManagement/managedDevices/${d(0)}` },
          { id: '2', method: 'POST', url: `/deviceManagement/managedDevices/${d(19)}/syncDevice` },
          { id: '3', method: 'GET', url: '/deviceManagement/managedDevices?$top=1&$select=id', dependsOn: ['2'] },
          { id: '4', method: 'GET', url: '/nope' },
          { id: '5', method: 'DELETE', url: `/deviceManagement/managedDevices/${d(1)}` },
          { id: '6', method: 'GET', url: `/deviceManagement/managedDevices/${d(2)}`, headers: { authorization: 'Bearer x' } },
        ],
      }),
    },
    { method: 'POST', path: '/v1.0/$batch', headers: { ...bearer('app'), ...json }, body: '{"requests":[]}' },
    { method: 'POST', path: '/v1.0/$batch', headers: { ...bearer('app'), ...json }, body: '{"requests":[{"id":"1"}]}' },
    { method: 'POST', path: '/v1.0/$batch', headers: json, body: '{"requests":[{"id":"1","method":"GET","url":"/deviceManagement/managedDevices"}]}' },
    // Identity.
    ...[
      'grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
      'grant_type=client_credentials&client_id=a&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
      'grant_type=password&client_id=a&client_secret=b',
      'client_id=a',
      'grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fexample.test%2F.default',
      '',
    ].flatMap((body, i) => [
      { method: 'POST', path: `/${i % 2 ? TENANT2 : 'contoso.onmicrosoft.com'}/oauth2/v2.0/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
    ]),
    { method: 'POST', path: '/organizations/oauth2/v2.0/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default' },
    { method: 'POST', path: `/${GUID_TENANT}/oauth2/v2.0/token`, headers: json, body: '{"grant_type":"client_credentials"}' },
    { method: 'GET', path: `/${TENANT2}/oauth2/v2.0/token`, headers: {} },
    { method: 'GET', path: `/${TENANT2}/v2.0/.well-known/openid-configuration`, headers: {} },
    { method: 'GET', path: '/common/discovery/v2.0/keys', headers: {} },
    // Control API.
    { method: 'GET', path: '/_mock/health', headers: {} },
    { method: 'GET', path: '/_mock/ready', headers: {} },
    { method: 'GET', path: '/', headers: {} },
    { method: 'GET', path: '/_mock/clock', headers: { 'x-mock-tenant': TENANT2 } },
    { method: 'GET', path: `/_mock/devices?top=3&skip=${round}`, headers: {} },
    { method: 'GET', path: `/_mock/devices/${d(3)}`, headers: {} },
    { method: 'GET', path: `/_mock/devices/${d(4)}/actions`, headers: {} },
    { method: 'GET', path: '/_mock/devices/nope', headers: {} },
    { method: 'GET', path: '/_mock/devices?platform=nope', headers: {} },
    { method: 'POST', path: '/_mock/tokens', headers: json, body: '{"roles":["Nope.Read"]}' },
    { method: 'POST', path: '/_mock/tokens', headers: { ...json, 'x-mock-tenant': 'bad tenant!' }, body: '{}' },
    { method: 'POST', path: '/_mock/tokens', headers: { 'content-type': 'text/plain' }, body: 'x' },
    { method: 'POST', path: `/_mock/devices/${d(5)}/events`, headers: json, body: '{"type":"goOffline"}' },
    { method: 'POST', path: '/_mock/faults', headers: { ...json, 'x-mock-tenant': TENANT2 }, body: `{"path":"/deviceManagement/managedDevices/*","method":"GET","status":503,"retryAfterSeconds":${1 + (round % 3)}}` },
    { method: 'GET', path: `${M}/${d(6)}`, headers: bearer('t2') },
    { method: 'DELETE', path: '/_mock/faults', headers: { 'x-mock-tenant': TENANT2, 'x-mock-confirm': '1' } },
    { method: 'POST', path: '/_mock/reset', headers: { 'x-mock-tenant': GUID_TENANT, 'x-mock-confirm': '1' } },
    { method: 'GET', path: '/_mock/users', headers: { 'x-mock-tenant': GUID_TENANT } },
    { method: 'GET', path: '/_mock/nope', headers: {} },
    { method: 'GET', path: '/_mock/throttling', headers: {} },
    { method: 'GET', path: '/_mock/requests?method=POST&path=/v1.0/deviceManagement/managedDevices/**', headers: {} },
  ];
  if (round % 5 === 4) r.push({ method: 'POST', path: '/_mock/clock', headers: json, body: '{"advanceSeconds":7200}' });
  // The same requests through the HTTPS proxy (for graph.microsoft.com and login.microsoftonline.com).
  const proxied: Req[] = [
    { method: 'GET', path: `${M}/${d(0)}`, headers: bearer('app'), proxied: true },
    { method: 'GET', path: `${M}?$top=1`, headers: { ...bearer('app'), origin: 'https://evil.example' }, proxied: true },
    { method: 'POST', path: `${M}/${d(1)}/syncDevice`, headers: { ...bearer('app'), origin: 'https://evil.example' }, proxied: true },
    { method: 'POST', path: `${M}/${d(1)}/syncDevice`, headers: { ...bearer('app'), origin: 'https://graph.microsoft.com' }, proxied: true },
    { method: 'GET', path: '/_mock/health', headers: {}, proxied: true },
    { method: 'GET', path: `${M}/${d(0)}`, headers: { ...bearer('app'), 'x-intune-mock-proxied': 'forged graph.microsoft.com', host: 'graph.microsoft.com' } },
  ];
  return [...r, ...proxied];
}

// ---- sides ------------------------------------------------------------------------------------------------

interface Side { name: string; proc: Proc; tokens: Map<string, string>; devices: string[]; proxy: Dispatcher }

async function call(side: Side, req: Req) {
  const fill = (s: string) => s.replace(/\{T:(\w+)\}/g, (_, n: string) => side.tokens.get(n) ?? `missing-${n}`).replace(/\{D:(\d+)\}/g, (_, i: string) => side.devices[Number(i)] ?? 'none');
  const headers: Record<string, string> = { host: 'localhost' };
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = fill(v);
  const path = fill(req.path);
  const isIdentity = /oauth2|openid|discovery/.test(path);
  const url = req.proxied ? `https://${isIdentity ? 'login.microsoftonline.com' : 'graph.microsoft.com'}${path}` : `${side.proc.origin}${path}`;
  if (req.proxied) delete headers.host;
  try {
    const res = await request(url, {
      method: req.method as Dispatcher.HttpMethod, headers, ...(req.body !== undefined ? { body: req.body } : {}),
      ...(req.proxied ? { dispatcher: side.proxy } : {}),
    });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  } catch (err) {
    return { status: 0, headers: {}, text: `error: ${(err as Error).message}` };
  }
}

const KEPT = /^(content-type|www-authenticate|retry-after|location|allow|odata-.*|x-mock-.*|cache-control|content-length)$/;
/** The volatile parts of an answer masked: what must be equal is what is left. */
export function mask(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?/g, '<time>')
    .replace(/((?:Trace|Correlation|Activity) ID: |"(?:trace_id|correlation_id)"\s*:\s*")[0-9a-f-]{36}/g, '$1<id>')
    .replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '<token>')
    .replace(/("(?:request-id|client-request-id|requestId|id|journalId|jti)"\s*:\s*)"[0-9a-f-]{36}"/gi, '$1"<id>"')
    .replace(/("durationMs"\s*:\s*)[\d.]+/g, '$1<ms>')
    .replace(/("(?:expires_in|ext_expires_in|exp|iat|nbf)"\s*:\s*)\d+/g, '$1<n>')
    .replace(/127\.0\.0\.1:\d+/g, '<origin>');
}
function shape(r: { status: number; headers: Record<string, unknown>; text: string }): string {
  const h = Object.entries(r.headers).filter(([k]) => KEPT.test(k) && k !== 'content-length').map(([k, v]) => `${k}: ${mask(String(v))}`).sort();
  return `${r.status}\n${h.join('\n')}\n${mask(r.text)}`;
}

async function setupSide(name: string, cli: string): Promise<Side> {
  const proxyPort = await freePort();
  const { proc } = await startMock({ cli, args: ['--auth', 'strict', '--seed', 'fixed', '--check-in-delay', '86400', '--proxy-port', String(proxyPort)] });
  const tokens = new Map<string, string>();
  for (const [tname, [tenant, body]] of Object.entries(TOKENS)) {
    const res = await request(`${proc.origin}/_mock/tokens`, { method: 'POST', headers: { ...json, ...(tenant ? { 'x-mock-tenant': tenant } : {}) }, body: JSON.stringify(body) });
    const b = (await res.body.json()) as { access_token: string };
    tokens.set(tname, b.access_token);
  }
  const list = await request(`${proc.origin}${M}?$select=id&$top=50`, { headers: { authorization: `Bearer ${tokens.get('app')}` } });
  const devices = ((await list.body.json()) as { value: Array<{ id: string }> }).value.map((v) => v.id);
  const ca = await (await request(`${proc.origin}/_mock/ca.pem`)).body.text();
  const proxy = new ProxyAgent({ uri: `http://${HOST}:${proxyPort}`, requestTls: { ca } });
  return { name, proc, tokens, devices, proxy };
}

let compared = 0;
const diffs: string[] = [];
function compare(label: string, a: string, b: string): void {
  compared++;
  if (a === b) return;
  diffs.push(label);
  if (diffs.length <= Number(process.env.SHOW ?? 15)) console.log(`DIFF ${label}\n--- A\n${a.slice(0, 1500)}\n--- B\n${b.slice(0, 1500)}\n`);
}

const A = await setupSide('A', cliA);
const B = await setupSide('B', cliB);
try {
  const list: Req[] = [];
  for (let round = 0; round < REPEAT; round++) list.push(...graphRequests(round));
  list.splice(Math.floor(list.length / 2), 0, ...guardRequests());
  const statuses = new Map<string, number>();
  for (const req of list) {
    const [ra, rb] = [await call(A, req), await call(B, req)];
    const key = `${req.proxied ? 'proxied ' : ''}${ra.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    compare(`${req.method} ${req.path}${req.proxied ? ' (proxied)' : ''} ${JSON.stringify(req.headers ?? {}).slice(0, 200)}`, shape(ra), shape(rb));
  }
  console.log(`answers: ${list.length} requests to each side, statuses of A ${JSON.stringify(Object.fromEntries(statuses))}`);
  // The journals after the same requests.
  for (const tenant of [undefined, TENANT2, GUID_TENANT]) {
    for (const path of ['/_mock/requests', '/_mock/requests/unauthenticated']) {
      const req: Req = { method: 'GET', path, headers: tenant ? { 'x-mock-tenant': tenant } : {} };
      const [ja, jb] = [await call(A, req), await call(B, req)];
      const entries = (JSON.parse(ja.text) as { requests: unknown[] }).requests.length;
      console.log(`journal ${path} ${tenant ?? '(default)'}: ${entries} entries`);
      compare(`journal ${path} ${tenant ?? ''}`, shape(ja), shape(jb));
    }
  }
} finally {
  await A.proc.stop();
  await B.proc.stop();
}

// ---- readiness: a large fleet, requests while /_mock/ready is 503 ----------------------------------------
if (LARGE > 0) {
  const dir = mkdtempSync(join(tmpdir(), 'ab-answers-'));
  try {
    const file = join(dir, 'fleet.json');
    await runCli(['fixtures', 'generate', '--count', String(LARGE), '--seed', 'ab', '--out', file]);
    const reqs: Req[] = [
      { method: 'GET', path: `${M}?$top=1`, headers: {} },
      { method: 'GET', path: '/_mock/devices', headers: {} },
      { method: 'POST', path: '/contoso.onmicrosoft.com/oauth2/v2.0/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' },
      { method: 'GET', path: '/_mock/ready', headers: {} },
      { method: 'GET', path: '/_mock/health', headers: {} },
      { method: 'GET', path: `${M}?$top=1`, headers: { host: 'evil.example' } },
      { method: 'POST', path: '/_mock/reset', headers: { origin: 'http://evil.example', ...json }, body: '{}' },
      { method: 'GET', path: '/nope', headers: {} },
    ];
    const starting = async (cli: string): Promise<Side> => {
      const port = await freePort();
      const child = spawn('env', ['-u', 'NODE_OPTIONS', process.execPath, cli, '--host', HOST, '--http-port', String(port), '--https-port', String(await freePort()), '--fixtures', file, '--seed-cache', 'off', '--seed', 'fixed'], {
        env: { ...process.env, INTUNE_MOCK_CA_DIR: dir }, stdio: 'ignore',
      });
      const origin = `http://${HOST}:${port}`;
      for (;;) {
        try {
          await (await request(`${origin}/_mock/health`)).body.dump();
          break;
        } catch {
          await sleep(5);
        }
      }
      return { name: cli, proc: { child, pid: child.pid!, origin, output: () => '', memory: () => ({ rssBytes: 0, peakRssBytes: 0 }), cpuMs: () => 0, stop: async () => (child.kill('SIGKILL'), null) }, tokens: new Map(), devices: [], proxy: new Agent() };
    };
    // Both spawned before either is polled: each then spends about as long loading as the other.
    const [ra, rb] = await Promise.all([starting(cliA), starting(cliB)]);
    let n = 0;
    try {
      for (let i = 0; i < 2000; i++) {
        const req = reqs[i % reqs.length]!;
        const [x, y] = [await call(ra, req), await call(rb, req)];
        const ready = await call(ra, { method: 'GET', path: '/_mock/ready' });
        const readyB = await call(rb, { method: 'GET', path: '/_mock/ready' });
        if (ready.status !== 503 || readyB.status !== 503) break;
        n++;
        compare(`(starting) ${req.method} ${req.path} ${JSON.stringify(req.headers)}`, shape(x), shape(y));
      }
    } finally {
      await ra.proc.stop();
      await rb.proc.stop();
    }
    console.log(`readiness: ${n} requests compared while both were not ready (${LARGE} devices)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
killAll();
console.log(`compared ${compared} answers: ${diffs.length} differ`);
process.exit(diffs.length > 0 ? 1 : 0);
