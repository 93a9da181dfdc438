/** The control key and the cross-site rule (docs/security.md#control-key, docs/security.md#cross-site-requests). */
import t from 'tap';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoopbackHost, keyMatches, keyRequired, newControlKey, resolveControlAccess } from '../../src/control/control-key.js';
import { build } from '../helpers/build.js';

const KEY = 'k'.repeat(20) + '-test-key';
const JSON_TYPE = { 'content-type': 'application/json' };

// Guarded: every control route but the open ones, GET and state-changing alike, and unknown control paths.
const GUARDED: Array<[string, string, unknown?]> = [
  ['POST', '/_mock/tokens', {}],
  ['GET', '/_mock/fixtures'],
  ['POST', '/_mock/reset', {}],
  ['GET', '/_mock/requests'],
  ['DELETE', '/_mock/faults'],
  ['GET', '/_mock/clock'],
  ['GET', '/_mock/devices'],
  ['GET', '/_mock/users'],
  ['GET', '/_mock/no-such-endpoint'],
  ['GET', '/%5Fmock/fixtures'], // the router unescapes it: still the control API
  ['GET', '/_MOCK/Fixtures'], // case-insensitive routes
];
const OPEN = ['/_mock/health', '/_mock/ready', '/_mock/health/', '/openapi.json', '/'];

const send = (call: Awaited<ReturnType<typeof build>>['call'], method: string, url: string, body: unknown, headers: Record<string, string>) =>
  call({ method: method as 'GET', url, headers: { ...(body === undefined ? {} : JSON_TYPE), ...headers }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });

t.test('which runs need a key: auto beyond loopback, key always, off never', async (t) => {
  for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST']) t.ok(isLoopbackHost(host), host);
  for (const host of ['0.0.0.0', '::', '192.168.1.10', 'mock.internal', '128.0.0.1']) t.notOk(isLoopbackHost(host), host);
  t.equal(keyRequired({ controlAuth: 'auto', host: '127.0.0.1' }), false);
  t.equal(keyRequired({ controlAuth: 'auto', host: '0.0.0.0' }), true);
  t.equal(keyRequired({ controlAuth: 'key', host: '127.0.0.1' }), true);
  t.equal(keyRequired({ controlAuth: 'off', host: '0.0.0.0' }), false);
  const key = newControlKey();
  t.match(key, /^[A-Za-z0-9_-]{43}$/, '256 bits, base64url');
  t.not(newControlKey(), key);
  t.ok(keyMatches(key, key));
  t.notOk(keyMatches(key.slice(1), key));
  t.notOk(keyMatches('', key));
});

t.test('the matrix: mode × host × path × key present, wrong, missing', async (t) => {
  const runs: Array<{ controlAuth: 'auto' | 'key' | 'off'; host: string; needsKey: boolean }> = [
    { controlAuth: 'auto', host: '127.0.0.1', needsKey: false },
    { controlAuth: 'auto', host: '0.0.0.0', needsKey: true },
    { controlAuth: 'key', host: '127.0.0.1', needsKey: true },
    { controlAuth: 'key', host: '0.0.0.0', needsKey: true },
    { controlAuth: 'off', host: '0.0.0.0', needsKey: false },
  ];
  for (const run of runs) {
    const { call, app } = await build(t, { config: { controlAuth: run.controlAuth, host: run.host, controlKey: KEY } });
    const name = `${run.controlAuth} on ${run.host}`;
    t.equal(app.mock.controlAccess.key, run.needsKey ? KEY : undefined, `${name}: key`);
    for (const [method, url, body] of GUARDED) {
      // x-mock-tenant: the cross-site rule is met by every request here, so that only the key decides.
      const missing = await send(call, method, url, body, { 'x-mock-tenant': 'contoso.onmicrosoft.com' });
      const wrong = await send(call, method, url, body, { 'x-mock-control-key': `${KEY}x` });
      const right = await send(call, method, url, body, { 'x-mock-control-key': KEY });
      const expected = url.includes('no-such') ? 404 : method === 'DELETE' ? 204 : 200;
      t.equal(right.statusCode, expected, `${name}: ${method} ${url} with the key`);
      if (run.needsKey) {
        t.equal(missing.statusCode, 401, `${name}: ${method} ${url} without a key`);
        t.equal(missing.json?.error?.code, 'controlKeyRequired');
        t.match(missing.json.error.message, /x-mock-control-key header: .*INTUNE_MOCK_CONTROL_KEY/);
        t.equal(wrong.statusCode, 401, `${name}: ${method} ${url} with a wrong key`);
        t.equal(wrong.json?.error?.code, 'controlKeyInvalid');
        t.notMatch(wrong.body, KEY, 'the key is never in an answer');
      } else {
        // No key needed: a key sent is not looked at.
        t.equal(missing.statusCode, expected, `${name}: ${method} ${url} without a key`);
        t.equal(wrong.statusCode, expected, `${name}: ${method} ${url} with another key`);
      }
    }
    for (const url of OPEN) t.equal((await call(url)).statusCode, 200, `${name}: ${url} is open`);
    if (run.needsKey) t.equal((await call({ method: 'DELETE', url: '/_mock/faults' })).json.error.code, 'controlKeyRequired', `${name}: the key is asked for first`);
    // The token endpoint and Graph keep their own auth: no control key needed.
    t.equal((await call('/v1.0/deviceManagement/managedDevices?$top=1')).statusCode, 200, `${name}: Graph (--auth off here) needs no control key`);
    t.equal((await call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default' })).statusCode, 200, `${name}: the token endpoint needs none`);
  }
});

t.test('the CA download needs no key', async (t) => {
  const { call } = await build(t, { config: { controlAuth: 'key', controlKey: KEY } });
  t.equal((await call('/_mock/ca.pem')).statusCode, 404, 'no HTTPS listener under inject: noCa, not 401');
  t.equal((await call('/_mock/ca.pem')).json.error.code, 'noCa');
});

t.test('a generated key: kept in <data>/control-key (0600) and reused; the environment wins', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'intune-mock-key-'));
  const first = await build(t, { config: { controlAuth: 'key', data } });
  const key = first.app.mock.controlAccess.key!;
  t.match(key, /^[A-Za-z0-9_-]{43}$/);
  t.equal(first.app.mock.controlAccess.source, 'generated');
  const file = join(data, 'control-key');
  t.equal(readFileSync(file, 'utf8'), `${key}\n`);
  t.equal(statSync(file).mode & 0o777, 0o600, 'only the owner can read it');
  const missing = await first.call('/_mock/fixtures');
  t.match(missing.json.error.message, `in ${file}`, 'the 401 says where the key is');
  await first.app.close();
  const second = await build(t, { config: { controlAuth: 'key', data } });
  t.equal(second.app.mock.controlAccess.key, key, 'the next start reuses it');
  t.equal(second.app.mock.controlAccess.source, 'file');
  t.equal((await second.call({ url: '/_mock/fixtures', headers: { 'x-mock-control-key': key } })).statusCode, 200);
  await second.app.close();
  const third = await build(t, { config: { controlAuth: 'key', data, controlKey: KEY } });
  t.equal(third.app.mock.controlAccess.key, KEY, 'INTUNE_MOCK_CONTROL_KEY wins over the file');
  t.equal(readFileSync(file, 'utf8'), `${key}\n`, 'and leaves the file alone');
  await third.app.close();
  writeFileSync(file, 'short\n');
  const fourth = await build(t, { config: { controlAuth: 'key', data } });
  t.not(fourth.app.mock.controlAccess.key, 'short', 'an unusable file is replaced');
  t.equal(readFileSync(file, 'utf8'), `${fourth.app.mock.controlAccess.key}\n`);
  const memory = await build(t, { config: { controlAuth: 'key' } });
  t.match(memory.app.mock.controlAccess, { source: 'generated', file: undefined, key: /^[A-Za-z0-9_-]{43}$/ }, 'without --data: a new key each start');
  const loopback = await build(t, { config: { data: mkdtempSync(join(tmpdir(), 'intune-mock-key-')) } });
  t.equal(loopback.app.mock.controlAccess.key, undefined, 'auto on loopback: no key, no file');
});

t.test('no cross-site forgery: a state change needs JSON or an x-mock-* header, whatever the mode', async (t) => {
  const { call } = await build(t);
  const cases: Array<[string, string, Record<string, string>, string?, number?]> = [
    ['POST', '/_mock/reset', {}],
    ['POST', '/_mock/reset', { 'content-type': 'text/plain' }, '{}'],
    ['POST', '/_mock/reset', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=b'],
    ['POST', '/_mock/reset', { 'content-type': 'multipart/form-data; boundary=x' }, '--x--'],
    ['POST', '/_mock/tokens', { 'content-type': 'text/plain' }, '{}'],
    ['DELETE', '/_mock/faults', {}],
    ['DELETE', '/_mock/requests', {}],
    ['PUT', '/_mock/fixtures', { 'content-type': 'text/plain' }, '{}'],
    ['POST', '/_mock/clock', { 'content-type': 'text/plain' }, '{"advanceSeconds":1}'],
    ['POST', '/_mock/devices/x/events', { 'content-type': 'text/plain' }, '{"type":"checkIn"}'],
    ['POST', '/_mock/users', { 'content-type': 'text/plain' }, '{}'],
  ];
  for (const [method, url, headers, payload] of cases) {
    const res = await call({ method: method as 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });
    t.equal(res.statusCode, 403, `${method} ${url} ${headers['content-type'] ?? 'without a body'}`);
    t.equal(res.json?.error?.code, 'customHeaderRequired');
  }
  t.equal((await call({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-tenant': 'contoso.onmicrosoft.com' } })).statusCode, 200, 'x-mock-tenant will do');
  t.equal((await call({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-anything': '1' } })).statusCode, 200, 'any x-mock-* header');
  t.equal((await call({ method: 'POST', url: '/_mock/reset', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{}' })).statusCode, 200, 'a JSON body');
  t.equal((await call({ method: 'DELETE', url: '/_mock/requests', headers: { 'x-mock-tenant': 'contoso.onmicrosoft.com' } })).statusCode, 204);
  t.equal((await call('/_mock/clock')).statusCode, 200, 'a GET needs neither');
  t.equal((await call({ method: 'POST', url: '/_mock/no-such-endpoint' })).statusCode, 404, 'an unknown endpoint changes nothing: 404 as before');
  // The token endpoint is form-encoded by design and needs a client secret: not the control API's rule.
  const token = await call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default' });
  t.equal(token.statusCode, 200);
  // The mock grants no CORS preflight: an OPTIONS answers without any Access-Control-Allow-* header.
  const preflight = await call({ method: 'OPTIONS', url: '/_mock/reset', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-mock-tenant' } });
  t.notOk(Object.keys(preflight.headers).some((h) => h.startsWith('access-control-')), 'no CORS headers');
  t.not(preflight.statusCode, 204);
});

t.test('two starts on one fresh --data directory at once: the key file is never seen empty, both get the same key', async (t) => {
  let seenEmpty = 0;
  for (let round = 0; round < 20; round++) {
    const data = mkdtempSync(join(tmpdir(), 'intune-mock-key-race-'));
    const config = { controlAuth: 'key' as const, host: '127.0.0.1', data };
    const file = join(data, 'control-key');
    const first = resolveControlAccess(config);
    // The moment the file appears, as a second start would find it: it must hold the whole key already.
    while (!existsSync(file)) await new Promise((resolve) => setImmediate(resolve));
    if (readFileSync(file, 'utf8').trim() === '') seenEmpty++;
    const [a, b] = await Promise.all([first, resolveControlAccess(config)]);
    t.ok(a.key && a.key === b.key, `round ${round}: the same key`);
    t.equal(readFileSync(file, 'utf8'), `${a.key}\n`, 'the one in the file');
    t.equal(statSync(file).mode & 0o777, 0o600);
    t.same(readdirSync(data).filter((f) => f !== 'control-key'), [], 'no temporary file left');
  }
  t.equal(seenEmpty, 0, 'the file appears whole (written aside, then linked into place)');
});
