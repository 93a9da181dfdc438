/** Every input answered in its surface's shape (docs/reliability.md#error-shapes): unknown verbs, unreadable and oversized bodies. */
import t from 'tap';
import type { InjectOptions } from 'fastify';
import { build, graphError } from '../helpers/build.js';

// Verbs Fastify's types do not list (QUERY, PROPFIND): its router and inject take them all the same.
const verb = (m: string) => m as InjectOptions['method'];

const HUGE = 'a'.repeat(4 * 1024 * 1024 + 1);

/** Asserts Entra's error body and returns its AADSTS number. */
function entraError(t: { equal: Function; match: Function }, res: { statusCode: number; json: any; headers: Record<string, unknown> }, status: number, error: string): number {
  t.equal(res.statusCode, status, `status ${status}`);
  t.match(String(res.headers['content-type']), /^application\/json/);
  t.match(res.json, { error, error_description: /^AADSTS\d+: .+\r\nTrace ID: .+\r\nCorrelation ID: .+\r\nTimestamp: / , error_codes: [Number], timestamp: String, trace_id: String, correlation_id: String });
  return res.json.error_codes[0];
}

t.test('unknown verbs outside /v1.0 and /beta: the root and any other path answer Graph\'s "Invalid version."', async (t) => {
  const { call } = await build(t);
  for (const [method, url] of [['QUERY', '/'], ['PROPFIND', '/'], ['QUERY', '/anything/else'], ['PUT', '/openapi.json']] as const) {
    const res = await call({ method: verb(method), url });
    t.equal(graphError(t, res, 400, 'BadRequest').message, 'Invalid version.', `${method} ${url}`);
  }
  // A body the framework cannot read changes nothing: the path is unknown whatever it carries.
  const bad = await call({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '{bad' });
  t.equal(graphError(t, bad, 400, 'BadRequest').message, 'Invalid version.');
});

t.test('unknown verbs under /_mock: the control API\'s error', async (t) => {
  const { call } = await build(t);
  for (const method of ['QUERY', 'PROPFIND', 'PUT'] as const) {
    const res = await call({ method: verb(method), url: '/_mock/health' });
    t.ok(res.statusCode >= 400 && res.statusCode < 500, `${method}: ${res.statusCode}`);
    t.match(res.json, { error: { code: String, message: String } });
    t.notOk('statusCode' in (res.json ?? {}), 'not Fastify\'s default body');
  }
});

t.test('identity endpoints: a verb they do not take is Entra\'s AADSTS900561', async (t) => {
  const { call } = await build(t);
  for (const [method, url, allowed] of [
    ['GET', '/contoso.example/oauth2/v2.0/token', 'POST'],
    ['QUERY', '/contoso.example/oauth2/v2.0/token', 'POST'],
    ['POST', '/contoso.example/discovery/v2.0/keys', 'GET'],
    ['DELETE', '/contoso.example/v2.0/.well-known/openid-configuration', 'GET'],
  ] as const) {
    const res = await call({ method: verb(method), url });
    t.equal(entraError(t, res, 400, 'invalid_request'), 900561, `${method} ${url}`);
    t.match(res.json.error_description, `The endpoint only accepts ${allowed} requests. Received a ${method} request.`);
  }
});

t.test('the token endpoint reads any body that is not a form as none: AADSTS900144', async (t) => {
  const { call } = await build(t);
  for (const [type, payload] of [['application/json', '{bad'], ['application/json', '{"grant_type":"client_credentials"}'], ['text/xml', '<a/>'], ['application/octet-stream', '\u0000\u0001']] as const) {
    const res = await call({ method: 'POST', url: '/contoso.example/oauth2/v2.0/token', headers: { 'content-type': type }, payload });
    t.equal(entraError(t, res, 400, 'invalid_request'), 900144, type);
    t.match(res.json.error_description, "parameter: 'grant_type'");
  }
  const none = await call({ method: 'POST', url: '/contoso.example/oauth2/v2.0/token' });
  t.equal(entraError(t, none, 400, 'invalid_request'), 900144, 'no body at all');
});

t.test('a body over the limit: 413 in each surface\'s shape', async (t) => {
  const { call } = await build(t);
  const token = await call({ method: 'POST', url: '/contoso.example/oauth2/v2.0/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: HUGE });
  entraError(t, token, 413, 'invalid_request');
  const graph = await call({ method: 'POST', url: '/v1.0/deviceManagement/managedDevices/x/syncDevice', headers: { 'content-type': 'application/json' }, payload: HUGE });
  graphError(t, graph, 413, 'RequestEntityTooLarge');
  const control = await call({ method: 'POST', url: '/_mock/reset', headers: { 'content-type': 'application/json' }, payload: HUGE });
  t.equal(control.statusCode, 413);
  t.match(control.json, { error: { code: 'bodyTooLarge', message: String } });
  const root = await call({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: HUGE });
  graphError(t, root, 413, 'RequestEntityTooLarge');
});

t.test('a malformed %-escape in an identity path: Entra\'s shape', async (t) => {
  const { call } = await build(t);
  const res = await call({ method: 'POST', url: '/con%zztoso/oauth2/v2.0/token' });
  t.equal(entraError(t, res, 400, 'invalid_request'), 9002313);
});

t.test('any verb on a served Graph path is Intune\'s "No method match", never the unemulated path\'s 501', async (t) => {
  const { call } = await build(t);
  for (const method of ['PROPFIND', 'QUERY', 'TRACE', 'MKCOL'] as const) {
    const res = await call({ method: verb(method), url: '/v1.0/deviceManagement/managedDevices' });
    const error = graphError(t, res, 400, 'No method match route template');
    t.match(error.message, `with http verb ${method} for request`);
  }
});

t.test('an unknown control endpoint is 404 notFound whatever body the framework failed to read', async (t) => {
  const { call } = await build(t);
  for (const [method, url] of [['QUERY', '/_mock/nothing'], ['QUERY', '/_mock/health']] as const) {
    const res = await call({ method: verb(method), url });
    t.equal(res.statusCode, 404, `${method} ${url}`);
    t.match(res.json, { error: { code: 'notFound', message: `There is no control endpoint ${method} ${url}.` } });
  }
});
