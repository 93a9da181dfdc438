/** The Host allow-list against DNS rebinding (docs/security.md#host-allow-list), on every surface. */
import t from 'tap';
import { hostname } from 'node:os';
import { hostAllowList, hostName } from '../../src/lib/host-allow-list.js';
import { build } from '../helpers/build.js';

const EVIL = 'rebound.evil.example';

t.test('which names are allowed', async (t) => {
  t.equal(hostName('Example.TEST:8080'), 'example.test');
  t.equal(hostName('[::1]:8443'), '::1');
  t.equal(hostName('mock.internal.'), 'mock.internal');
  const list = hostAllowList({ host: '0.0.0.0', tlsHosts: 'intune-mock,mock.internal', allowedHosts: 'ci.example,*.corp.test', machineName: 'c0ffee123456' });
  for (const h of ['localhost', 'localhost:8080', 'LOCALHOST', 'app.localhost:3000', '127.0.0.1', '127.0.0.1:8080', '10.0.0.7:80', '[::1]:8080', '[fe80::1]',
    'intune-mock:8443', 'mock.internal', 'ci.example', 'a.corp.test', 'a.b.corp.test', 'c0ffee123456:8080', 'ci.example.', undefined, '']) {
    t.ok(list.allows(h), `allows ${h}`);
  }
  for (const h of [EVIL, 'localhost.evil.example', 'corp.test', 'xcorp.test', 'ci.example.evil', 'intune-mock.evil', '127.0.0.1.nip.io', 'evil.example:8080']) {
    t.notOk(list.allows(h), `refuses ${h}`);
  }
  t.notOk(list.any);
  const any = hostAllowList({ host: '127.0.0.1', allowedHosts: '*', machineName: 'x' });
  t.ok(any.any && any.allows(EVIL), '* allows any name');
  t.ok(hostAllowList({ host: 'mock.lan', machineName: 'x' }).allows('mock.lan:8080'), '--host, when a name, is allowed');
});

t.test('the last Host allowed is remembered per list: a name one app allows is still refused by another, and after it', async (t) => {
  const one = hostAllowList({ host: '127.0.0.1', allowedHosts: 'ci.example', machineName: 'x' });
  const other = hostAllowList({ host: '127.0.0.1', machineName: 'x' });
  t.ok(one.allows('ci.example:8080'));
  t.notOk(other.allows('ci.example:8080'), 'refused by the list that does not name it, right after the other allowed it');
  t.notOk(one.allows(`${EVIL}:8080`));
  t.ok(one.allows('ci.example:8080'), 'allowed again after a refusal');
  t.notOk(one.allows(`${EVIL}:8080`), 'a refused name is never the one remembered');
  const [a, b] = [await build(t, { config: { allowedHosts: 'ci.example' } }), await build(t, { config: {} })];
  for (let i = 0; i < 2; i++) {
    t.equal((await a.call({ url: '/_mock/health', headers: { host: 'ci.example' } })).statusCode, 200, 'the app that allows it');
    t.equal((await b.call({ url: '/_mock/health', headers: { host: 'ci.example' } })).statusCode, 400, 'the app that does not');
  }
});

t.test('another Host is refused with 400 in each surface\'s shape, naming the host and the setting', async (t) => {
  const { call } = await build(t, { config: { auth: 'strict' } });
  const headers = { host: `${EVIL}:8080` };
  const graph = await call({ url: '/v1.0/deviceManagement/managedDevices', headers });
  t.equal(graph.statusCode, 400);
  t.match(graph.json, { error: { code: 'BadRequest', message: new RegExp(`'${EVIL.replace(/\./g, '\\.')}'.*--allowed-hosts ${EVIL.replace(/\./g, '\\.')} \\(INTUNE_MOCK_ALLOWED_HOSTS\\)`), innerError: { date: String } } });
  const beta = await call({ url: '/beta/deviceManagement/remoteActionAudits', headers });
  t.match(beta.json, { error: { code: 'BadRequest' } });
  const oidc = await call({ url: '/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration', headers });
  t.equal(oidc.statusCode, 400);
  t.match(oidc.json, { error: 'invalid_request', error_codes: [9002313], error_description: new RegExp(`'${EVIL.replace(/\./g, '\\.')}'`) });
  t.notMatch(oidc.body, /issuer|token_endpoint/, 'no metadata with the rebound name in it');
  const token = await call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' });
  t.match(token.json, { error: 'invalid_request', error_codes: [9002313] });
  for (const url of ['/_mock/clock', '/_mock/health', '/_mock/fixtures']) {
    const control = await call({ url, headers });
    t.equal(control.statusCode, 400, url);
    t.match(control.json, { error: { code: 'hostNotAllowed', message: /--allowed-hosts/ } });
  }
  const index = await call({ url: '/', headers });
  t.equal(index.statusCode, 400);
  t.notMatch(index.body, `http://${EVIL}`, 'the index does not reflect it');
  const docs = await call({ url: '/openapi.json', headers });
  t.equal(docs.statusCode, 400, 'the docs neither');
});

t.test('allowed names are answered and reflected: localhost, IPs, --tls-hosts, --allowed-hosts, the machine\'s name', async (t) => {
  const { call } = await build(t, { config: { tlsHosts: 'intune-mock', allowedHosts: 'mock.example.test' } });
  for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', '172.17.0.2:8080', 'intune-mock:8080', 'mock.example.test', `${hostname()}:8080`, 'my-app.localhost']) {
    const res = await call({ url: '/v1.0/deviceManagement/managedDevices?$top=1', headers: { host } });
    t.equal(res.statusCode, 200, host);
    t.ok(String(res.json['@odata.nextLink']).startsWith(`http://${host}/v1.0/`), `the next link is on ${host}`);
  }
  const oidc = await call({ url: '/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration', headers: { host: 'intune-mock:8080' } });
  t.match(oidc.json.token_endpoint, /^http:\/\/intune-mock:8080\//);
  t.equal((await call({ url: '/_mock/health', headers: { host: 'mock.example.test' } })).statusCode, 200);
});

t.test('--allowed-hosts * answers any name', async (t) => {
  const { call } = await build(t, { config: { allowedHosts: '*' } });
  t.equal((await call({ url: '/_mock/health', headers: { host: EVIL } })).statusCode, 200);
});

t.test('a change sent by a page of another origin is refused on every surface; same-origin pages, SDKs and reads are not', async (t) => {
  const { call } = await build(t, { config: { auth: 'off' } });
  const id = (await call('/v1.0/deviceManagement/managedDevices?$top=1&$select=id')).json.value[0].id;
  const retire = (origin?: string, host = 'localhost:8080') =>
    call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${id}/retire`, headers: { host, ...(origin === undefined ? {} : { origin }) } });

  for (const origin of ['https://evil.example', 'http://localhost:3000', 'null', 'http://localhost:8080.evil.example', 'not a url']) {
    const res = await retire(origin);
    t.equal(res.statusCode, 403, `${origin}: refused`);
    t.equal(res.json.error.code, 'Forbidden');
    t.match(res.json.error.message, /from a web page of another origin .* is refused/);
  }
  const control = await call({ method: 'POST', url: '/_mock/reset', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, payload: '{}' });
  t.equal(control.statusCode, 403, 'control API');
  t.equal(control.json.error.code, 'crossSiteRequest');
  const token = await call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=a&client_secret=b&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default' });
  t.equal(token.statusCode, 400, 'token endpoint');
  t.match(token.json, { error: 'invalid_request', error_codes: [9002326] });

  t.equal((await call({ url: '/v1.0/deviceManagement/managedDevices?$top=1', headers: { origin: 'https://evil.example' } })).statusCode, 200, 'a read is not refused (its answer is not readable cross-origin)');
  t.equal((await retire('http://localhost:8080')).statusCode, 204, 'the same origin (the mock\'s own pages)');
  t.equal((await retire('http://[::1]:8080', '[::1]:8080')).statusCode, 204, 'the same origin, IPv6');
  t.equal((await retire('https://localhost', 'localhost')).statusCode, 204, 'the same origin, default port');
  t.equal((await retire()).statusCode, 204, 'no Origin: a test, an SDK, curl');
});
