/**
 * The HTTPS proxy mode (docs/proxy.md) against a real `listen()`: CONNECT and TLS to graph.microsoft.com and
 * login.microsoftonline.com with Node's TLS trusting only the mock's CA, absolute-form HTTP, refusals, bad
 * request lines and broken handshakes, the journal's `proxy`, the CA widened while the proxy is on; and two
 * clients that cannot change their URL, unchanged but for the proxy and the CA: curl -x and Python's urllib.
 */
import t from 'tap';
import { execFile, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { banner } from '../../src/cli/banner.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { loadTls } from '../../src/identity/key-material.js';
import { MICROSOFT_HOSTS, permits, permittedSubtrees } from '../../src/identity/name-constraints.js';
import { PROXIED_HEADER } from '../../src/lib/proxied.js';
import { startMock, type RunningMock } from '../../src/server.js';
import { sharedSigningKey } from '../helpers/build.js';
import { foreignEnv } from '../helpers/foreign-env.js';

const TENANT = 'contoso.onmicrosoft.com';
const CLIENT = 'client_id=11111111-2222-3333-4444-555555555555&client_secret=s3cret&grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default';
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

interface Answer { status: number; headers: IncomingHttpHeaders; body: string }

/** A tunnel through the proxy to `host:443`, TLS on it trusting only `ca`; rejects with the CONNECT answer when refused. */
function tunnel(proxyUrl: string, host: string, ca: string, target = `${host}:443`): Promise<TLSSocket> {
  const proxy = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: target });
    req.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        return reject(Object.assign(new Error(`CONNECT ${res.statusCode}`), { status: res.statusCode }));
      }
      const tls = tlsConnect({ socket, servername: host, ca }, () => resolve(tls));
      tls.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One HTTPS request to `https://host/path` through the proxy, as a client with HTTPS_PROXY does. */
async function viaProxy(mock: RunningMock, host: string, method: string, path: string, o: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const socket = await tunnel(mock.proxyUrl!, host, mock.caPem);
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host, port: 443, defaultPort: 443, method, path, headers: { ...o.headers, ...(o.body ? { 'content-length': String(Buffer.byteLength(o.body)) } : {}) }, createConnection: () => socket }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Plain HTTP to the proxy port: `target` is an absolute-form or origin-form request target. */
function plain(mock: RunningMock, target: string, headers: Record<string, string> = {}): Promise<Answer> {
  const proxy = new URL(mock.proxyUrl!);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: proxy.hostname, port: proxy.port, path: target, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Bytes written on a raw connection to the proxy; what comes back until it closes (or 2 s pass: '<open>' appended). */
function raw(mock: RunningMock, bytes: string | Buffer): Promise<string> {
  const proxy = new URL(mock.proxyUrl!);
  return new Promise((resolve) => {
    const socket = netConnect({ host: proxy.hostname, port: Number(proxy.port) }, () => socket.write(bytes));
    let out = '';
    socket.on('data', (c) => (out += c.toString('latin1')));
    socket.on('error', () => {});
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`${out}<open>`);
    }, 2000);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

async function token(mock: RunningMock): Promise<string> {
  const res = await viaProxy(mock, 'login.microsoftonline.com', 'POST', `/${TENANT}/oauth2/v2.0/token`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: CLIENT });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { access_token: string }).access_token;
}

/** A child process, without blocking this one's event loop (the mock runs here). */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: foreignEnv(env), encoding: 'utf8', timeout: 30_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

// The file's mocks share one kept CA (and one signing key): a start without them made two RSA keys and signed
// two certificates, about 1 s of CPU; the tests that are about a kept CA use their own --ca-dir.
const caDir = join(tmp('intune-mock-proxy-shared-'), 'ca');
const mock = await startMock({ proxyPort: 0, proxyHosts: 'graph.contoso.test', caDir, signingKey: await sharedSigningKey });
t.teardown(() => mock.close());

t.test('a full flow through the proxy: OIDC metadata and a token from login.microsoftonline.com, Graph on graph.microsoft.com', async (t) => {
  t.match(mock.proxyUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  const oidc = await viaProxy(mock, 'login.microsoftonline.com', 'GET', `/${TENANT}/v2.0/.well-known/openid-configuration`);
  t.equal(oidc.status, 200);
  const meta = JSON.parse(oidc.body) as { issuer: string; token_endpoint: string };
  t.match(meta.issuer, /^https:\/\/login\.microsoftonline\.com\/[0-9a-f-]{36}\/v2\.0$/, 'the issuer on the host the client asked for, no port (MSAL checks it)');
  t.equal(meta.token_endpoint, `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);

  const bearer = { authorization: `Bearer ${await token(mock)}` };
  const page1 = await viaProxy(mock, 'graph.microsoft.com', 'GET', '/v1.0/deviceManagement/managedDevices?$top=2&$select=id,deviceName', { headers: bearer });
  t.equal(page1.status, 200, page1.body);
  const list = JSON.parse(page1.body) as { '@odata.context': string; '@odata.nextLink': string; value: Array<{ id: string }> };
  t.equal(list.value.length, 2);
  t.match(list['@odata.context'], /^https:\/\/graph\.microsoft\.com\/v1\.0\/\$metadata#/);
  t.match(list['@odata.nextLink'], /^https:\/\/graph\.microsoft\.com\/v1\.0\/deviceManagement\/managedDevices\?/, 'the nextLink on graph.microsoft.com: an SDK sends its token there');
  const next = new URL(list['@odata.nextLink']);
  const page2 = await viaProxy(mock, next.hostname, 'GET', next.pathname + next.search, { headers: bearer });
  t.equal(page2.status, 200);
  t.notSame((JSON.parse(page2.body) as { value: Array<{ id: string }> }).value.map((d) => d.id), list.value.map((d) => d.id), 'the next page');

  const id = list.value[0]!.id;
  const reset = await viaProxy(mock, 'graph.microsoft.com', 'POST', `/v1.0/deviceManagement/managedDevices/${id}/resetPasscode`, { headers: bearer });
  t.equal(reset.status, 204, reset.body);
  const direct = await fetch(`${mock.url}/v1.0/deviceManagement/managedDevices/${id}?$select=deviceActionResults`, { headers: bearer });
  t.match(await direct.text(), /resetPasscode/, 'the same state behind the proxy and the mock\'s own ports');

  const batch = await viaProxy(mock, 'graph.microsoft.com', 'POST', '/v1.0/$batch', {
    headers: { ...bearer, 'content-type': 'application/json' },
    body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/deviceManagement/managedDevices?$top=1&$select=id' }] }),
  });
  t.equal(batch.status, 200, batch.body);
  const step = (JSON.parse(batch.body) as { responses: Array<{ status: number; body: { '@odata.nextLink'?: string } }> }).responses[0]!;
  t.equal(step.status, 200, 'a $batch step of a proxied batch is answered too');
  t.match(step.body['@odata.nextLink'], /^https:\/\/graph\.microsoft\.com\//);

  const { requests } = await mock.client.requests();
  const proxied = requests.filter((r) => r.proxy !== null);
  t.ok(proxied.some((r) => r.kind === 'token' && r.proxy === 'login.microsoftonline.com'), 'the token request, proxied for login.microsoftonline.com');
  t.ok(proxied.some((r) => r.path.endsWith('/resetPasscode') && r.proxy === 'graph.microsoft.com'), 'the action, proxied for graph.microsoft.com');
  t.ok(requests.some((r) => r.batch && r.proxy === 'graph.microsoft.com'), 'the batch step too');
  t.ok(requests.some((r) => r.path.endsWith(id) && r.proxy === null), 'the direct request: null');
});

t.test('--proxy-hosts names are answered too, with a certificate the CA permits', async (t) => {
  const res = await viaProxy(mock, 'graph.contoso.test', 'GET', '/v1.0/deviceManagement/managedDevices?$top=1', { headers: { authorization: `Bearer ${await token(mock)}` } });
  t.equal(res.status, 200);
  t.match(res.body, /"@odata.nextLink":"https:\/\/graph\.contoso\.test\/v1\.0\//);
});

t.test('a CONNECT to any other host or port is refused with 403 naming the host and --proxy-hosts; nothing is forwarded', async (t) => {
  const answer = await raw(mock, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
  t.match(answer, /^HTTP\/1\.1 403 Forbidden\r\n/);
  t.match(answer, /'example\.com' is not one of them: add it with --proxy-hosts example\.com/);
  t.match(answer, /never forwards/);
  t.match(await raw(mock, 'CONNECT graph.microsoft.com:8443 HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 403 .*\r\n[\s\S]*port 443 only, not 8443/);
  t.match(await raw(mock, 'CONNECT 127.0.0.1:443 HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 403 /, 'not the loopback either');
  await t.rejects(tunnel(mock.proxyUrl!, 'login.live.com', mock.caPem), /CONNECT 403/);
});

t.test('plain-HTTP absolute-form requests to the hosts are served; others 403; origin-form to the proxy port 400', async (t) => {
  const res = await plain(mock, 'http://graph.microsoft.com/v1.0/deviceManagement/managedDevices?$top=1', { authorization: `Bearer ${await token(mock)}` });
  t.equal(res.status, 200, res.body);
  t.match(res.body, /"@odata.nextLink":"http:\/\/graph\.microsoft\.com\/v1\.0\//, 'links on the host asked for, and its scheme');
  const other = await plain(mock, 'http://example.com/');
  t.equal(other.status, 403);
  t.match(other.body, /'example\.com' is not one of them/);
  const origin = await plain(mock, '/v1.0/deviceManagement/managedDevices');
  t.equal(origin.status, 400);
  t.match(origin.body, /HTTP proxy .* not the API/);
  const { requests } = await mock.client.requests({ method: 'GET' });
  t.ok(requests.some((r) => r.proxy === 'graph.microsoft.com' && r.query.includes('%24top=1') === false && r.query.includes('$top=1')), 'journaled as proxied');
});

t.test('bad CONNECT lines, broken handshakes and resets: an answer or a close, and the proxy goes on', async (t) => {
  t.match(await raw(mock, 'CONNECT graph.microsoft.com HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*names host:port/, 'no port');
  t.match(await raw(mock, 'CONNECT graph.microsoft.com:99999 HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 400 /, 'a port out of range');
  t.match(await raw(mock, 'CONNECT http://graph.microsoft.com/ HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 400 /, 'a URL');
  t.match(await raw(mock, 'CONNECT\r\n\r\n'), /^HTTP\/1\.1 400 /, 'nothing');
  t.match(await raw(mock, Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00, 0x0d, 0x0a, 0x0d, 0x0a])), /^HTTP\/1\.1 400 |^$/, 'TLS sent to the proxy port itself');
  // Garbage instead of a ClientHello inside an accepted tunnel: that tunnel closes.
  const garbage = await raw(mock, 'CONNECT graph.microsoft.com:443 HTTP/1.1\r\n\r\nthis is not TLS at all\r\n\r\n');
  t.match(garbage, /^HTTP\/1\.1 200 Connection Established\r\n\r\n/);
  t.notMatch(garbage, /<open>$/, 'closed, not left hanging');
  // A client that does not trust the CA gives up in the handshake.
  await t.rejects(tunnel(mock.proxyUrl!, 'graph.microsoft.com', ''), /self[- ]signed|unable to (get|verify)/i);
  // A client that goes away mid-handshake.
  const proxy = new URL(mock.proxyUrl!);
  await new Promise<void>((resolve) => {
    const req = httpRequest({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: 'graph.microsoft.com:443' });
    req.on('connect', (_res, socket) => {
      socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]));
      socket.destroy();
      resolve();
    });
    req.end();
  });
  const after = await viaProxy(mock, 'login.microsoftonline.com', 'GET', `/${TENANT}/v2.0/.well-known/openid-configuration`);
  t.equal(after.status, 200, 'the proxy still answers');
});

t.test('a ClientHello sent with the CONNECT, before the 200, is read too', async (t) => {
  const proxy = new URL(mock.proxyUrl!);
  const socket = netConnect({ host: proxy.hostname, port: Number(proxy.port) });
  const established = 'HTTP/1.1 200 Connection Established\r\n\r\n';
  let first = true;
  let seen = Buffer.alloc(0);
  // The TLS client's first bytes go out in one write with the CONNECT; the proxy's 200 is taken off what comes back.
  const carrier = new Duplex({
    write(chunk: Buffer, _enc, cb) {
      socket.write(first ? Buffer.concat([Buffer.from('CONNECT graph.microsoft.com:443 HTTP/1.1\r\n\r\n'), chunk]) : chunk, cb);
      first = false;
    },
    read() {},
  });
  socket.on('data', (d: Buffer) => {
    if (seen.length >= established.length) return void carrier.push(d);
    seen = Buffer.concat([seen, d]);
    if (seen.length >= established.length) carrier.push(seen.subarray(established.length));
  });
  socket.on('close', () => carrier.push(null));
  const status = await new Promise<string>((resolve, reject) => {
    const tls = tlsConnect({ socket: carrier, servername: 'graph.microsoft.com', ca: mock.caPem }, () => tls.write('GET /v1.0/ HTTP/1.1\r\nHost: graph.microsoft.com\r\nConnection: close\r\n\r\n'));
    tls.once('data', (d: Buffer) => resolve(d.toString().split('\r\n')[0]!));
    tls.on('error', reject);
  });
  t.equal(seen.subarray(0, established.length).toString(), established);
  t.equal(status, 'HTTP/1.1 401 Unauthorized', 'answered by the app (no token)');
  socket.destroy();
});

t.test('the proxy\'s hosts are answered on proxied connections only; a forged marker counts for nothing', async (t) => {
  // fetch drops a Host header: node:http sends it.
  const own = new URL(mock.url);
  const direct = await plain({ ...mock, proxyUrl: mock.url }, '/v1.0/deviceManagement/managedDevices', { host: `graph.microsoft.com:${own.port}` });
  t.equal(direct.status, 400, 'Host: graph.microsoft.com on the mock\'s own port: the DNS-rebinding guard');
  t.match(direct.body, /not one this mock answers/);
  const forged = await plain({ ...mock, proxyUrl: mock.url }, '/v1.0/deviceManagement/managedDevices', { host: 'graph.microsoft.com', [PROXIED_HEADER]: 'guess graph.microsoft.com' });
  t.equal(forged.status, 400, 'a marker without the secret counts for nothing');
  const control = await plain({ ...mock, proxyUrl: mock.url }, '/v1.0/deviceManagement/managedDevices', { host: `localhost:${own.port}`, [PROXIED_HEADER]: 'guess graph.microsoft.com' });
  t.equal(control.status, 401, 'and is removed (the request goes on as a direct one)');
  const tunnelled = await viaProxy(mock, 'graph.microsoft.com', 'GET', '/v1.0/deviceManagement/managedDevices', { headers: { host: 'evil.example' } });
  t.equal(tunnelled.status, 421, 'a proxied request naming another host than its tunnel\'s is refused (Misdirected Request)');
});

t.test('the CA: with the proxy on it permits the proxy\'s hosts; a kept CA without them is widened and says so; off, it is not', async (t) => {
  const subtrees = permittedSubtrees(new X509Certificate(mock.caPem).raw)!;
  for (const h of [...MICROSOFT_HOSTS, 'graph.contoso.test']) t.ok(permits(subtrees, h), `permits ${h}`);
  t.notOk(permits(subtrees, 'evil.example'));

  const caDir = join(tmp('intune-mock-proxy-ca-'), 'ca');
  const before = await loadTls({ keyDir: { path: caDir, option: '--ca-dir' }, hostNames: [] });
  t.notOk(permits(permittedSubtrees(new X509Certificate(before.caPem).raw)!, 'graph.microsoft.com'), 'the proxy off: not permitted');
  const off = await startMock({ caDir });
  t.equal(off.caPem, before.caPem, 'a start without the proxy keeps the CA as it is');
  t.equal(off.proxyUrl, undefined);
  const offForged = await plain({ ...off, proxyUrl: off.url }, '/v1.0/deviceManagement/managedDevices', { host: 'graph.microsoft.com', [PROXIED_HEADER]: 'guess graph.microsoft.com' });
  t.equal(offForged.status, 400, 'the proxy off: Microsoft\'s hosts are refused, marker or not');
  await off.close();
  const on = await startMock({ caDir, proxyPort: 0 });
  t.teardown(() => on.close());
  t.match(on.caNotice, /now also vouches for graph\.microsoft\.com, login\.microsoftonline\.com/);
  t.ok(permits(permittedSubtrees(new X509Certificate(on.caPem).raw)!, 'login.microsoftonline.com'));
  const text = banner(on, loadConfig([], {}, { caDir, proxyPort: 0 }), '0.0.0');
  t.match(text, new RegExp(`\\n {2}Proxy: {3}${on.proxyUrl!.replace(/[.]/g, '\\.')} answers for graph\\.microsoft\\.com.*HTTPS_PROXY=${on.proxyUrl!.replace(/[.]/g, '\\.')} .*SSL_CERT_FILE=.*ca\\.pem`));
  const res = await viaProxy(on, 'graph.microsoft.com', 'GET', '/v1.0/deviceManagement/managedDevices?$top=1', { headers: { authorization: `Bearer ${await token(on)}` } });
  t.equal(res.status, 200, 'a kept CA, widened, issues the proxy\'s certificates');
});

t.test('configuration: --proxy-hosts needs --proxy-port; --proxy-port does not go with --tls-cert', async (t) => {
  t.equal(loadConfig(['--proxy-port', '8888']).proxyPort, 8888);
  t.equal(loadConfig([], { INTUNE_MOCK_PROXY_PORT: '0', INTUNE_MOCK_PROXY_HOSTS: 'a.test,b.test' }).proxyHosts, 'a.test,b.test');
  t.throws(() => loadConfig(['--proxy-hosts', 'a.test']), ConfigError);
  t.throws(() => loadConfig(['--proxy-port', '0', '--tls-cert', 'c.pem', '--tls-key', 'k.pem']), /cannot be used with --tls-cert/);
  t.throws(() => loadConfig(['--proxy-port', '0', '--proxy-hosts', 'a.test/x']), ConfigError);
});

const hasCurl = spawnSync('curl', ['--version']).status === 0;
t.test('curl -x with --cacert: a token, then the device list', { skip: hasCurl ? false : 'curl is not installed' }, async (t) => {
  const dir = tmp('intune-mock-proxy-curl-');
  writeFileSync(join(dir, 'ca.pem'), mock.caPem);
  const common = ['-sS', '--fail-with-body', '-x', mock.proxyUrl!, '--cacert', join(dir, 'ca.pem')];
  const tok = await run('curl', [...common, '-d', CLIENT, `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`]);
  t.equal(tok.code, 0, tok.stderr);
  const access = (JSON.parse(tok.stdout) as { access_token: string }).access_token;
  const list = await run('curl', [...common, '-H', `Authorization: Bearer ${access}`, 'https://graph.microsoft.com/v1.0/deviceManagement/managedDevices?$top=1']);
  t.equal(list.code, 0, list.stderr);
  t.match(list.stdout, /"@odata.nextLink":"https:\/\/graph\.microsoft\.com\//);
  const refused = await run('curl', [...common, 'https://example.com/']);
  t.not(refused.code, 0, 'a host the proxy does not answer for');
  t.match(refused.stderr, /403/);
});

const hasPython = spawnSync('python3', ['--version']).status === 0;
t.test("Python's urllib with HTTPS_PROXY and SSL_CERT_FILE only: a token, then the device list", { skip: hasPython ? false : 'python3 is not installed' }, async (t) => {
  const dir = tmp('intune-mock-proxy-python-');
  writeFileSync(join(dir, 'ca.pem'), mock.caPem);
  const script = [
    'import json, urllib.request',
    `body = ${JSON.stringify(CLIENT)}.encode()`,
    `tok = json.load(urllib.request.urlopen(urllib.request.Request("https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token", data=body)))`,
    'req = urllib.request.Request("https://graph.microsoft.com/v1.0/deviceManagement/managedDevices?$top=2", headers={"Authorization": "Bearer " + tok["access_token"]})',
    'page = json.load(urllib.request.urlopen(req))',
    'print(len(page["value"]), page["@odata.nextLink"])',
  ].join('\n');
  const env: NodeJS.ProcessEnv = { ...process.env, HTTPS_PROXY: mock.proxyUrl!, SSL_CERT_FILE: join(dir, 'ca.pem') };
  delete env.NO_PROXY;
  delete env.no_proxy;
  const py = await run('python3', ['-c', script], env);
  t.equal(py.code, 0, py.stderr);
  t.match(py.stdout, /^2 https:\/\/graph\.microsoft\.com\/v1\.0\/deviceManagement\/managedDevices\?/);
  const { requests } = await mock.client.requests();
  t.ok(requests.some((r) => r.proxy === 'graph.microsoft.com' && /Python-urllib/.test(r.headers['user-agent'] ?? '')), 'journaled as proxied, with urllib\'s user agent');
});

t.test('@azure/identity with its defaults (instance discovery on), HTTPS_PROXY and NODE_EXTRA_CA_CERTS: only the token POST (MSAL knows the host), the log naming the proxied host', async (t) => {
  const lines: string[] = [];
  const logged = await startMock({ proxyPort: 0, logLevel: 'info', logStream: { write: (s: string) => lines.push(s) }, caDir, signingKey: await sharedSigningKey });
  t.teardown(() => logged.close());
  const dir = tmp('intune-mock-proxy-identity-');
  writeFileSync(join(dir, 'ca.pem'), logged.caPem);
  const script = [
    "const { ClientSecretCredential } = await import('@azure/identity');",
    `const credential = new ClientSecretCredential('${TENANT}', '11111111-2222-3333-4444-555555555555', 'any-secret');`,
    "const token = await credential.getToken('https://graph.microsoft.com/.default');",
    'console.log(token.token.split(".").length);',
  ].join('\n');
  const env: NodeJS.ProcessEnv = { ...process.env, HTTPS_PROXY: logged.proxyUrl!, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') };
  delete env.NO_PROXY;
  delete env.no_proxy;
  const node = await run(process.execPath, ['--input-type=module', '-e', script], env);
  t.equal(node.code, 0, node.stderr);
  t.equal(node.stdout.trim(), '3', 'a JWT');
  const requests = lines.filter((l) => / (GET|POST) \//.test(l));
  // MSAL has login.microsoftonline.com's instance discovery and endpoints built in: only the token POST goes out.
  t.equal(requests.length, 1, requests.join(''));
  t.match(requests[0], new RegExp(` POST /${TENANT.replace(/\./g, '\\.')}/oauth2/v2\\.0/token\\?client-request-id=[0-9a-f-]+ 200 .* proxy=login\\.microsoftonline\\.com`), 'the token POST, the log naming the proxied host');
});

t.test('inside a tunnel the host asked for wins: the same name (case, trailing dot, :443) is served as it; another is 421', async (t) => {
  const path = `/${TENANT}/v2.0/.well-known/openid-configuration`;
  for (const host of ['LOGIN.microsoftonline.com.', 'login.microsoftonline.com:443']) {
    const res = await viaProxy(mock, 'login.microsoftonline.com', 'GET', path, { headers: { host } });
    t.equal(res.status, 200, host);
    t.equal((JSON.parse(res.body) as { token_endpoint: string }).token_endpoint, `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, `links name the tunnel's host, not '${host}'`);
  }
  for (const host of ['graph.microsoft.com', 'localhost', '127.0.0.1:1', 'login.microsoftonline.com:8443']) {
    const res = await viaProxy(mock, 'login.microsoftonline.com', 'GET', path, { headers: { host } });
    t.equal(res.status, 421, `Host ${host} in a tunnel to login.microsoftonline.com`);
    t.equal(res.headers['x-mock-proxy'], 'refused');
    t.match(res.body, /login\.microsoftonline\.com/);
  }
  const absolute = await plain(mock, `http://LOGIN.microsoftonline.com.:80${path}`, { host: 'localhost' });
  t.equal(absolute.status, 200);
  t.equal((JSON.parse(absolute.body) as { token_endpoint: string }).token_endpoint, `http://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, 'absolute-form: the URL\'s host, spelled as the proxy knows it');
  // Decided (docs/proxy.md#what-it-refuses): the control API is answered on the proxy's hosts, under its own rules.
  const health = await viaProxy(mock, 'graph.microsoft.com', 'GET', '/_mock/health');
  t.equal(health.status, 200, 'the control API through the proxy');
});

t.test('a tunnel whose client goes quiet after the handshake, or sends its headers slowly, is closed (headersTimeout)', async (t) => {
  const { startProxy } = await import('../../src/proxy/proxy-server.js');
  const tls = await loadTls({ hostNames: [], caOnlyNames: ['graph.microsoft.com'] });
  const proxy = await startProxy({
    hosts: ['graph.microsoft.com'], issueLeaf: tls.issueLeaf!, keyPem: tls.keyPem, handle: (_req, res) => res.end('ok'),
    timeouts: { headersMs: 300, checkEveryMs: 100 },
  }, 0, '127.0.0.1');
  t.teardown(() => proxy.close());
  const url = `http://127.0.0.1:${proxy.port}`;
  /** How a tunnel ends: 'closed' with what came back, or 'open' after 3 s. */
  const ending = async (send: string): Promise<string> => {
    const socket = await tunnel(url, 'graph.microsoft.com', tls.caPem);
    if (send) socket.write(send);
    return new Promise((resolve) => {
      let got = '';
      socket.on('data', (d: Buffer) => (got += d.toString()));
      const timer = setTimeout(() => {
        socket.destroy();
        resolve('open');
      }, 3000);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(`closed ${got.split('\r\n')[0] ?? ''}`);
      });
    });
  };
  t.match(await ending(''), /^closed/, 'nothing sent after the handshake');
  t.match(await ending('GET /v1.0/ HTTP/1.1\r\nHost: graph.microsoft.com\r\n'), /^closed/, 'headers never finished');
  t.equal(await ending('GET /v1.0/ HTTP/1.1\r\nHost: graph.microsoft.com\r\nConnection: close\r\n\r\n'), 'closed HTTP/1.1 200 OK', 'a prompt request is answered');
});

t.test('close() while a CONNECT waits for its certificate: that tunnel is closed too, close() does not wait for it', async (t) => {
  const { startProxy } = await import('../../src/proxy/proxy-server.js');
  const tls = await loadTls({ hostNames: [], caOnlyNames: ['graph.microsoft.com'] });
  let asked!: () => void;
  const askedFor = new Promise<void>((resolve) => (asked = resolve));
  const slowLeaf = async (host: string) => {
    asked();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return tls.issueLeaf!(host);
  };
  const proxy = await startProxy({ hosts: ['graph.microsoft.com'], issueLeaf: slowLeaf, keyPem: tls.keyPem, handle: (_req, res) => res.end('ok') }, 0, '127.0.0.1');
  const socket = netConnect({ host: '127.0.0.1', port: proxy.port }, () => socket.write('CONNECT graph.microsoft.com:443 HTTP/1.1\r\n\r\n'));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await askedFor;
  const started = Date.now();
  const outcome = await Promise.race([proxy.close().then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still closing after 3 s'), 3000))]);
  t.equal(outcome, 'closed');
  t.ok(Date.now() - started < 3000);
  const sock = await Promise.race([closed.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('open'), 1000))]);
  t.equal(sock, 'closed', 'the waiting tunnel is closed, not handed a certificate after the close');
  socket.destroy();
});
