import t from 'tap';
import { requestIds } from '../../src/lib/request-ids.js';
import { build, defaultFixture, graphError } from '../helpers/build.js';

const device = defaultFixture().devices![0]!;

t.test('request-id on every response; client-request-id echoed or the request-id', async (t) => {
  const { call } = await build(t);
  const plain = await call('/v1.0/deviceManagement/managedDevices?$top=1');
  t.match(plain.headers['request-id'], /^[0-9a-f-]{36}$/);
  t.equal(plain.headers['client-request-id'], plain.headers['request-id']);
  t.ok(plain.headers['x-ms-ags-diagnostic']);
  const echoed = await call({ method: 'GET', url: '/v1.0/nowhere', headers: { 'client-request-id': 'abc-123' } });
  t.equal(echoed.headers['client-request-id'], 'abc-123');
  t.equal(echoed.json.error.innerError['client-request-id'], 'abc-123');
  t.equal(echoed.json.error.innerError['request-id'], echoed.headers['request-id']);
  const control = await call('/_mock/health');
  t.ok(control.headers['request-id'], 'the control API has one too');
});

t.test('request-ids: version-4 GUIDs, each request its own, another app others', async (t) => {
  const GUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const ids = async () => {
    const { call } = await build(t);
    const out: string[] = [];
    for (let i = 0; i < 20; i++) out.push(String((await call(i % 2 ? '/_mock/health' : '/v1.0/deviceManagement/managedDevices?$top=1')).headers['request-id']));
    return out;
  };
  const [a, b] = [await ids(), await ids()];
  for (const id of [...a, ...b]) t.match(id, GUID_V4);
  t.equal(new Set([...a, ...b]).size, 40, 'no id twice, within an app or across two');
});

t.test('request-ids count up in the last 12 hex digits, carrying between their halves and wrapping at 2^48', async (t) => {
  const prefix = '0f1e2d3c-4b5a-4978-8877-';
  // What one 48-bit counter gives: the start's last 12 digits plus n, modulo 2^48.
  const expected = (start: string, n: number) => prefix + ((BigInt(`0x${start}`) + BigInt(n)) % 2n ** 48n).toString(16).padStart(12, '0');
  for (const start of ['000000000000', '000000fffffd', 'a1b2c3fffffe', 'fffffffffffd', '00000000fff0']) {
    const next = requestIds(prefix + start);
    for (let n = 1; n <= 6; n++) t.equal(next(), expected(start, n), `${start} + ${n}`);
  }
});

t.test('innerError.date is the mock clock', async (t) => {
  const { call, clock } = await build(t);
  clock.advance(3 * 86_400_000);
  const res = await call('/v1.0/nowhere');
  t.equal(res.json.error.innerError.date, new Date(clock.now()).toISOString().slice(0, 19));
});

t.test('every failure on a Graph path is a Graph envelope', async (t) => {
  const { call } = await build(t);
  const at = `/v1.0/deviceManagement/managedDevices/${device.id}`;
  t.match(graphError(t, await call('/v1.0/deviceManagement/fooBar'), 400, 'BadRequest').message, "Resource not found for the segment 'fooBar'.");
  t.match(graphError(t, await call(`${at}/bogus`), 400, 'BadRequest').message, "segment 'bogus'");
  t.match(graphError(t, await call('/v1.0/deviceManagement/detectedApps'), 501, 'NotImplemented').message, /does not emulate/);
  t.match(graphError(t, await call(`${at}/deviceCategory`), 501, 'NotImplemented').message, /does not emulate/);
  t.match(graphError(t, await call('/v1.0/users'), 501, 'NotImplemented').message, /does not emulate/);
  t.equal(graphError(t, await call('/v2.0/me'), 400, 'BadRequest').message, 'Invalid version.');
  t.equal(graphError(t, await call('/deviceManagement/managedDevices'), 400, 'BadRequest').message, 'Invalid version.');
  const put = graphError(t, await call({ method: 'PUT', url: at }), 400, 'No method match route template');
  t.match(put.message, `template ~/singleton/navigation/key with http verb PUT for request /DeviceFE/StatelessDeviceFEService/deviceManagement/managedDevices('${device.id}').`);
  const post = graphError(t, await call({ method: 'POST', url: '/v1.0/deviceManagement/managedDevices' }), 400, 'No method match route template');
  t.match(post.message, /~\/singleton\/navigation with http verb POST/);
  const unreadable = 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';
  t.equal(graphError(t, await call({ method: 'PATCH', url: at, headers: { 'content-type': 'application/json' }, payload: '{"notes":' }), 400, 'BadRequest').message, unreadable);
  t.equal(graphError(t, await call({ method: 'PATCH', url: at, headers: { 'content-type': 'text/plain' }, payload: 'notes=x' }), 400, 'BadRequest').message, unreadable);
  t.equal(graphError(t, await call({ method: 'PATCH', url: at, headers: { 'content-type': 'application/xml' }, payload: '<x/>' }), 400, 'BadRequest').message, unreadable);
  t.equal(graphError(t, await call({ method: 'PATCH', url: at, payload: '{"notes":"x"}', headers: { 'content-type': '' } }), 400, 'BadRequest').message, unreadable);
  graphError(t, await call({ method: 'PATCH', url: at, headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1}}' }), 400, 'BadRequest');
  graphError(t, await call({ method: 'PATCH', url: at, headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(5 * 1024 * 1024) }), 413, 'RequestEntityTooLarge');
});

// The qualified aliases (`…/microsoft.graph.<action>`) share one parameter route per path (src/graph/route-table.ts):
// a name no alias has still answers as an unknown path does, whatever its body, and the alias stays the client's.
t.test('qualified action aliases: served as their action, unknown names as unknown paths', async (t) => {
  const { call } = await build(t);
  const at = `/v1.0/deviceManagement/managedDevices/${device.id}`;
  const json = { 'content-type': 'application/json' };
  t.equal((await call({ method: 'POST', url: `${at}/MICROSOFT.GRAPH.syncdevice`, headers: json })).statusCode, 204, 'any case');
  t.equal((await call({ method: 'POST', url: `/beta/users/x/managedDevices/${device.id}/microsoft.graph.bogus`, headers: json })).json.error.message, "Resource not found for the segment 'microsoft.graph.bogus'.");
  for (const payload of ['', '{"not json', 'x'.repeat(64)]) {
    const res = await call({ method: 'POST', url: `${at}/microsoft.graph.bogus`, headers: json, payload });
    t.equal(graphError(t, res, 400, 'BadRequest').message, "Resource not found for the segment 'microsoft.graph.bogus'.", `unknown name, body ${payload.slice(0, 9)}`);
  }
  graphError(t, await call({ method: 'POST', url: `${at}/microsoft.graph.bogus`, headers: json, payload: 'x'.repeat(5 * 1024 * 1024) }), 413, 'RequestEntityTooLarge');
  t.equal((await call({ method: 'POST', url: `${at}/microsoft.graph.syncDevice`, headers: json, payload: '{"not json' })).json.error.message, 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.', 'a known name reads its body');
  // A (beta) function's alias is GET only: POST names a served path with a verb it does not serve.
  const post = graphError(t, await call({ method: 'POST', url: `/beta/deviceManagement/managedDevices/${device.id}/microsoft.graph.getFileVaultKey`, headers: json }), 400, 'No method match route template');
  t.match(post.message, `http verb POST for request /DeviceFE/StatelessDeviceFEService/deviceManagement/managedDevices('${device.id}')/microsoft.graph.getFileVaultKey.`);
  graphError(t, await call({ method: 'GET', url: `${at}/microsoft.graph.syncDevice` }), 400, 'No method match route template');
  const journal = (await call('/_mock/requests')).json.requests as { method: string; path: string; status: number }[];
  t.match(journal.find((r) => r.status === 204), { path: `${at}/MICROSOFT.GRAPH.syncdevice` }, 'the journal keeps the path the client sent');
});

t.test('Intune messages: the client\'s client-request-id as Activity ID, actions in Intune\'s namespace', async (t) => {
  const { call } = await build(t);
  const missing = '/v1.0/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000000';
  const inner = (res: { json: any }) => JSON.parse(res.json.error.message) as { Message: string };
  // WindowsAutopilotInfo #21: Activity ID = the client-request-id the client sent.
  const sent = await call({ method: 'GET', url: missing, headers: { 'client-request-id': 'b6fac339-4abf-4459-b40e-1c3a92cc7b04' } });
  graphError(t, sent, 404, 'ResourceNotFound');
  t.match(inner(sent).Message, / - Activity ID: b6fac339-4abf-4459-b40e-1c3a92cc7b04 - Url: /);
  const unsent = await call(missing);
  t.match(inner(unsent).Message, new RegExp(` - Activity ID: ${unsent.headers['request-id']} - Url: `), 'none sent: the request-id');
  // docs-contrib #4523, #87: …/managedDevices('id')/microsoft.management.services.api.remoteLock
  for (const action of ['remoteLock', 'microsoft.graph.remoteLock', 'REMOTELOCK']) {
    const res = await call({ method: 'POST', url: `${missing}/${action}` });
    graphError(t, res, 404, 'ResourceNotFound');
    t.match(inner(res).Message, /\/DeviceFE\/StatelessDeviceFEService\/deviceManagement\/managedDevices\('00000000-0000-0000-0000-000000000000'\)\/microsoft\.management\.services\.api\.remoteLock\?api-version=/, action);
  }
});

t.test('the control API answers its own error shape', async (t) => {
  const { call } = await build(t);
  const res = await call('/_mock/nope');
  t.equal(res.statusCode, 404);
  t.same(Object.keys(res.json.error).sort(), ['code', 'message']);
  t.equal((await call('/_mock/health')).json.status, 'ok');
  t.equal((await call('/_mock/ready')).statusCode, 200);
});

t.test('GET / points at the surfaces', async (t) => {
  const { call } = await build(t);
  const res = await call('/');
  t.equal(res.statusCode, 200);
  t.equal(res.json.graph['v1.0'], 'http://localhost:80/v1.0');
});

t.test('what the router refuses still gets the surface\'s shape', async (t) => {
  const { call } = await build(t);
  t.match(graphError(t, await call('/v1.0/deviceManagement/managedDevices/%ZZ'), 400, 'BadRequest').message, /malformed %-escape/);
  const control = await call('/_mock/devices/%ZZ');
  t.equal(control.statusCode, 400);
  t.equal(control.json.error.code, 'invalidUrl');
  graphError(t, await call(`/v1.0/deviceManagement/managedDevices/${'a'.repeat(300)}`), 404, 'ResourceNotFound');
  graphError(t, await call(`/v1.0/deviceManagement/managedDevices/${'a'.repeat(2000)}`), 414, 'BadRequest');
  graphError(t, await call({ method: 'OPTIONS', url: '/v1.0/deviceManagement/managedDevices' }), 400, 'No method match route template');
});

t.test('a fixed path beside a parameter route answers its unserved verbs as a served path does, in any case', async (t) => {
  const { call } = await build(t);
  for (const [method, url] of [['GET', '/beta/deviceManagement/managedDevices/executeAction'], ['PATCH', '/beta/deviceManagement/managedDevices/ExecuteAction'], ['DELETE', '/beta/devicemanagement/manageddevices/EXECUTEACTION']] as const) {
    const res = await call({ method, url, headers: { 'content-type': 'application/json' }, ...(method === 'PATCH' ? { payload: {} } : {}) });
    t.match(graphError(t, res, 400, 'No method match route template').message, `with http verb ${method} `, `${method} ${url}`);
  }
  // v1.0 has no executeAction: there it is a device id like any other.
  t.equal((await call('/v1.0/deviceManagement/managedDevices/executeAction')).statusCode, 404);
  t.equal((await call(`/beta/deviceManagement/managedDevices/${device.id}`)).statusCode, 200, 'a device id is still a device');
});
