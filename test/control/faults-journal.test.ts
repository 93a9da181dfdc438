/** Fault rules and the request journal (docs/simulation.md#control-api): deterministic misbehaviour, and what the client sent. */
import t from 'tap';
import { build, defaultFixture, graphError } from '../helpers/build.js';

const device = defaultFixture().devices![0]!;
const LIST = '/v1.0/deviceManagement/managedDevices';
const addFault = (call: Awaited<ReturnType<typeof build>>['call'], rule: object, tenant?: string) =>
  call({ method: 'POST', url: '/_mock/faults', payload: rule, headers: tenant ? { 'x-mock-tenant': tenant } : {} });

t.test('a rule fires for exactly `times` matching requests, then is spent', async (t) => {
  const { call } = await build(t);
  const created = await addFault(call, { method: 'GET', path: '/v1.0/deviceManagement/managedDevices', status: 429, retryAfterSeconds: 2, times: 2 });
  t.equal(created.statusCode, 201);
  t.match(created.json, { id: String, method: 'GET', times: 2, fired: 0, status: 429, answeredBy: 'intune' });
  for (let i = 0; i < 2; i++) {
    const res = await call({ method: 'GET', url: LIST, headers: { 'client-request-id': `attempt-${i}` } });
    const err = graphError(t, res, 429, 'TooManyRequests');
    // Intune's own 429 (almenscorner/IntuneCD #217): its JSON document, "An error has occurred".
    const inner = JSON.parse(err.message);
    t.match(inner, { _version: 3, RetryAfter: null, HttpHeaders: '{}' }, 'Intune\'s message format');
    t.match(inner.Message, new RegExp(`^An error has occurred - Operation ID \\(for customer support\\): 0{8}-0{4}-0{4}-0{4}-0{12} - Activity ID: attempt-${i} - Url: https://fef\\.[a-z0-9]+\\.manage\\.microsoft\\.com/DeviceFE/StatelessDeviceFEService/deviceManagement/managedDevices\\?api-version=`));
    t.notOk('code' in res.json.error.innerError, 'no Graph throttling members');
    t.equal(res.headers['retry-after'], '2', 'Retry-After as the rule says');
    t.equal(res.headers['x-mock-fault'], created.json.id);
    // The client waits as told: an earlier retry is answered by the throttle instead (docs/throttling.md#conformance).
    await call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 2 } });
  }
  const third = await call(LIST);
  t.equal(third.statusCode, 200, 'spent after two');
  t.notOk(third.headers['x-mock-fault']);
  t.same((await call('/_mock/faults')).json.faults, [], 'a spent rule is gone');
});

t.test('answeredBy: graph gives Graph\'s documented 429; a message goes into either envelope; no Retry-After unless asked', async (t) => {
  const { call } = await build(t);
  const graph = (await addFault(call, { path: LIST, status: 429, retryAfterSeconds: 2.128, answeredBy: 'graph' })).json;
  t.equal(graph.answeredBy, 'graph');
  const res = await call(LIST);
  const err = graphError(t, res, 429, 'TooManyRequests');
  t.equal(err.message, 'Please retry again later.');
  t.match(res.json.error.innerError, { code: '429', message: 'Please retry after', status: '429' }, 'Graph\'s throttling body (concepts/throttling.md)');
  t.equal(res.headers['retry-after'], '2.128');
  await call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 2.128 } });

  await addFault(call, { path: LIST, status: 429, message: 'Too many requests for this tenant' });
  const intune = await call(LIST);
  t.match(JSON.parse(graphError(t, intune, 429, 'TooManyRequests').message).Message, /^Too many requests for this tenant - Operation ID/);
  t.notOk('retry-after' in intune.headers, 'seen without Retry-After (IntuneCD #217)');

  const other = (await addFault(call, { path: LIST, status: 503 })).json;
  t.equal(other.answeredBy, 'graph', 'other statuses: Graph\'s envelope unless asked');
  t.equal(graphError(t, await call(LIST), 503, 'serviceNotAvailable').message, 'The service is temporarily unavailable. Please retry the request after a delay.');
  await addFault(call, { path: LIST, status: 500, answeredBy: 'intune' });
  t.equal(JSON.parse(graphError(t, await call(LIST), 500, 'InternalServerError').message)._version, 3);
  t.equal((await addFault(call, { path: LIST, latencyMs: 1, answeredBy: 'intune' })).statusCode, 400, 'answeredBy goes with a status');
  t.equal((await addFault(call, { path: LIST, status: 429, answeredBy: 'entra' })).statusCode, 400);
  t.notOk('answeredBy' in (await addFault(call, { path: LIST, latencyMs: 1 })).json, 'a latency-only rule answers nothing');
});

t.test('matching: method, path pattern, operation; other requests are untouched', async (t) => {
  const { call } = await build(t);
  await addFault(call, { method: 'POST', path: '/v1.0/**/resetPasscode', status: 503, times: 5 });
  await addFault(call, { path: '/beta/deviceManagement/managedDevices/*', operation: 'get', status: 500, code: 'InternalServerError', message: 'boom' });
  t.equal((await call(LIST)).statusCode, 200, 'GET does not match the POST rule');
  graphError(t, await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device.id}/resetPasscode` }), 503, 'serviceNotAvailable');
  graphError(t, await call({ method: 'POST', url: `/v1.0/users/${device.userId}/managedDevices/${device.id}/resetPasscode` }), 503, 'serviceNotAvailable');
  t.equal((await call({ method: 'POST', url: `/beta/deviceManagement/managedDevices/${device.id}/resetPasscode` })).statusCode, 204, 'beta is another path');
  t.equal((await call('/beta/deviceManagement/managedDevices')).statusCode, 200, 'the list is another operation');
  const got = graphError(t, await call(`/BETA/deviceManagement/managedDevices/${device.id}`), 500, 'InternalServerError');
  t.equal(got.message, 'boom');
});

t.test('latency only: the request is answered normally, later', async (t) => {
  const { call } = await build(t);
  await addFault(call, { path: '/v1.0/deviceManagement/managedDevices', latencyMs: 150 });
  const started = performance.now();
  const res = await call(LIST);
  t.equal(res.statusCode, 200);
  t.ok(performance.now() - started >= 145, 'delayed by the latency');
  t.ok(res.headers['x-mock-fault']);
});

t.test('probability needs a seed and repeats with it', async (t) => {
  const { call } = await build(t);
  t.equal((await addFault(call, { path: '/v1.0/**', status: 500, probability: 0.5 })).statusCode, 400);
  const pattern = async () => {
    const { call } = await build(t);
    await addFault(call, { path: '/v1.0/**', status: 500, probability: 0.5, seed: 'flaky', times: 1000 });
    const out: number[] = [];
    for (let i = 0; i < 20; i++) out.push((await call(LIST)).statusCode);
    return out;
  };
  const a = await pattern();
  t.same(await pattern(), a, 'the same seed, the same failures');
  t.ok(a.includes(500) && a.includes(200), 'some fail, some pass');
});

t.test('an operation the mock does not serve is refused, naming it and the known ones', async (t) => {
  const { call } = await build(t);
  const typo = await addFault(call, { path: '/v1.0/**', operation: 'resetPasscod', status: 500 });
  t.equal(typo.statusCode, 400);
  t.equal(typo.json.error.code, 'invalidRequest');
  t.match(typo.json.error.message, /^The fault rule is not valid: 'resetPasscod' is not a Graph operation the mock serves: .* its last part: .*delete, .*get, .*list, .*resetPasscode, .*wipe\.$/);
  t.match(typo.json.error.details, [{ path: '$.operation', message: /^must be one of: .*"managedDevices\.resetPasscode".*"users\.managedDevices\.microsoft\.graph\.wipe"/ }]);
  for (const bad of ['v1.0.managedDevices.resetPasscode', 'RESETPASSCODE', 'graph.wipe', 'managedDevices.patch', '']) {
    t.equal((await addFault(call, { path: '/v1.0/**', operation: bad, status: 500 })).statusCode, 400, `'${bad}' is refused`);
  }
  t.same((await call('/_mock/faults')).json.faults, [], 'nothing was added');
  for (const ok of ['users.managedDevices.microsoft.graph.wipe', 'managedDevices.microsoft.graph.wipe', 'microsoft.graph.wipe', 'managedDevices.resetPasscode', 'remoteActionAudits.list', 'update']) {
    t.equal((await addFault(call, { path: '/v1.0/**', operation: ok, status: 500 })).statusCode, 201, `'${ok}' is a known operation`);
  }
  // The qualified-name tail fires on the qualified route only; the last part on both forms.
  await call({ method: 'DELETE', url: '/_mock/faults', headers: { 'x-mock-client': 'test' } });
  await addFault(call, { path: '/v1.0/**', operation: 'microsoft.graph.syncDevice', status: 503 });
  t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device.id}/syncDevice` })).statusCode, 204);
  graphError(t, await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device.id}/microsoft.graph.syncDevice` }), 503, 'serviceNotAvailable');
});

t.test('bad rules are 400 with the problem; rules are per tenant; delete one or all; reset clears', async (t) => {
  const { call } = await build(t);
  for (const bad of [{}, { path: '/x' }, { path: '/x', status: 200 }, { path: '/x', code: 'X' }, { path: '/x', status: 500, colour: 'red' }]) {
    const res = await addFault(call, bad);
    t.equal(res.statusCode, 400, JSON.stringify(bad));
    t.equal(res.json.error.code, 'invalidRequest');
  }
  const a = (await addFault(call, { path: '/v1.0/**', status: 500 }, 'tenant-a')).json;
  t.equal((await call(LIST)).statusCode, 200, 'the default tenant has no rule');
  t.equal((await call({ method: 'GET', url: '/_mock/faults', headers: { 'x-mock-tenant': 'tenant-a' } })).json.faults.length, 1);
  t.equal((await call({ method: 'DELETE', url: `/_mock/faults/${a.id}`, headers: { 'x-mock-tenant': 'tenant-a' } })).statusCode, 204);
  t.equal((await call({ method: 'DELETE', url: `/_mock/faults/${a.id}`, headers: { 'x-mock-tenant': 'tenant-a' } })).statusCode, 404);
  await addFault(call, { path: '/v1.0/**', status: 500 });
  t.equal((await call({ method: 'DELETE', url: '/_mock/faults', headers: { 'x-mock-client': 'test' } })).statusCode, 204);
  t.equal((await call(LIST)).statusCode, 200);
  await addFault(call, { path: '/v1.0/**', status: 500 });
  await call({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-client': 'test' } });
  t.same((await call('/_mock/faults')).json.faults, [], 'reset clears the tenant\'s faults');
});

t.test('the journal: every Graph and token request, filtered, redacted, bounded per tenant', async (t) => {
  const { call } = await build(t, { config: { auth: 'strict' } });
  const token = (await call({
    method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token?client-request-id=abc',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'client_id=journal-app&client_secret=hunter2&grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
  })).json.access_token;
  const auth = { authorization: `Bearer ${token}`, 'client-request-id': 'req-1', sdkversion: 'graph-js/3.0.7', 'x-secret-header': 'nope' };
  await call({ method: 'GET', url: `${LIST}?$top=2&$select=id`, headers: auth });
  await call({ method: 'PATCH', url: `${LIST}/${device.id}`, headers: { ...auth, 'content-type': 'application/json' }, payload: { notes: 'journaled', clientSecret: 'x' } });
  await call({ method: 'GET', url: LIST, headers: { authorization: 'Bearer expired.or.bad' } });
  await call('/_mock/health');
  const all = (await call('/_mock/requests')).json;
  t.equal(all.dropped, 0);
  t.same(all.requests.map((r: any) => `${r.kind} ${r.method} ${r.status}`), ['token POST 200', 'graph GET 200', 'graph PATCH 400'], 'control calls are not journaled (the PATCH carried an unknown property: 400); the 401 proved no tenant');
  t.match((await call('/_mock/requests/unauthenticated')).json.requests, [{ method: 'GET', status: 401 }], 'the 401 is in the unauthenticated journal (test/control/journal-attribution.test.ts)');
  const [tok, get, patch] = all.requests;
  t.match(tok, { path: '/contoso.onmicrosoft.com/oauth2/v2.0/token', query: 'client-request-id=abc', body: { client_id: 'journal-app', client_secret: '<redacted>' } });
  t.match(get, { path: LIST, query: '$top=2&$select=id', headers: { authorization: 'Bearer <redacted>', 'client-request-id': 'req-1', sdkversion: 'graph-js/3.0.7' }, fault: null, time: String });
  t.notOk('x-secret-header' in get.headers, 'only the headers worth asserting on');
  t.match(patch.body, { notes: 'journaled', clientSecret: '<redacted>' });
  t.equal((await call('/_mock/requests?method=patch')).json.requests.length, 1);
  t.equal((await call(`/_mock/requests?path=${encodeURIComponent('/v1.0/deviceManagement/managedDevices/*')}`)).json.requests.length, 1);
  t.equal((await call('/_mock/requests?path=/v1.0')).json.requests.length, 2, 'a prefix');
  t.equal((await call({ method: 'GET', url: '/_mock/requests', headers: { 'x-mock-tenant': 'elsewhere' } })).json.requests.length, 0, 'per tenant');
  t.equal((await call({ method: 'DELETE', url: '/_mock/requests', headers: { 'x-mock-client': 'test' } })).statusCode, 204);
  t.same((await call('/_mock/requests')).json, { requests: [], dropped: 0 });
});

t.test('a faulted request is journaled with its rule; the journal drops the oldest past its bound', async (t) => {
  const { call, app } = await build(t);
  const rule = (await addFault(call, { path: LIST, status: 429, retryAfterSeconds: 0 })).json;
  await call(LIST);
  await call(LIST);
  t.same((await call('/_mock/requests')).json.requests.map((r: any) => [r.status, r.fault]), [[429, rule.id], [200, null]]);
  const journal = app.mock.testkit.journal;
  for (let i = 0; i < 1005; i++) journal.record('bounded', { time: '', kind: 'graph', method: 'GET', path: `/v1.0/${i}`, query: '', status: 200, durationMs: 0, headers: {}, body: null, fault: null });
  const bounded = journal.list('bounded');
  t.equal(bounded.requests.length, 1000);
  t.equal(bounded.dropped, 5);
  t.equal(bounded.requests[0]!.path, '/v1.0/5', 'the oldest went first');
});
