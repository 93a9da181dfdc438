/** `POST /{version}/$batch` (docs/graph-fidelity.md#batch): Graph's whole-batch 400s, steps through the whole pipeline, dependsOn and 424, the journal's links. */
import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { build, defaultFixture, graphError } from '../helpers/build.js';

const fleet = defaultFixture().devices!;
const device = fleet[0]!;
const other = fleet[1]!;
const JSON_HEADERS = { 'content-type': 'application/json' };
type Call = Awaited<ReturnType<typeof build>>['call'];
const batch = (call: Call, requests: unknown, headers: Record<string, string> = {}, version = 'v1.0') =>
  call({ method: 'POST', url: `/${version}/$batch`, headers: { ...JSON_HEADERS, ...headers }, payload: JSON.stringify({ requests }) });
const mint = async (call: Call, body: object) => (await call({ method: 'POST', url: '/_mock/tokens', headers: JSON_HEADERS, payload: body })).json.access_token as string;

t.test('the whole batch\'s 400s: empty, garbled, duplicate ids (regardless of case), more than 20, unreadable steps', async (t) => {
  const { call } = await build(t);
  const post = (payload: string, headers: Record<string, string> = JSON_HEADERS) => call({ method: 'POST', url: '/v1.0/$batch', headers, payload });
  for (const [what, payload] of [
    ['no body', ''], ['not JSON', '{"requests":'], ['no requests', '{}'], ['requests not an array', '{"requests":{}}'], ['empty requests', '{"requests":[]}'],
    ['a step without url', '{"requests":[{"id":"1","method":"GET"}]}'], ['a step without id', '{"requests":[{"method":"GET","url":"/me"}]}'],
    ['a number as id', '{"requests":[{"id":1,"method":"GET","url":"/me"}]}'], ['a dependsOn naming no step', '{"requests":[{"id":"1","method":"GET","url":"/me","dependsOn":["9"]}]}'],
    ['a dependsOn cycle', '{"requests":[{"id":"1","method":"GET","url":"/me","dependsOn":["2"]},{"id":"2","method":"GET","url":"/me","dependsOn":["1"]}]}'],
    ['a JSON array', '[]'],
  ] as const) {
    const res = await post(payload);
    t.equal(graphError(t, res, 400, 'BadRequest').message, 'Invalid batch payload format.', what);
  }
  t.equal(graphError(t, await post('requests=1', { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'BadRequest').message, 'Invalid batch payload format.', 'not JSON at all');
  const dup = await batch(call, [{ id: 'a1', method: 'GET', url: '/me' }, { id: 'A1', method: 'GET', url: '/me' }]);
  t.equal(graphError(t, dup, 400, 'BadRequest').message, 'Request Id A1 has to be unique in a batch.');
  const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: '/deviceManagement/managedDevices?$top=1' }));
  t.match(graphError(t, await batch(call, many), 400, 'BadRequest').message, /21 requests; at most 20/);
  const twenty = await batch(call, many.slice(0, 20));
  t.equal(twenty.statusCode, 200, '20 is allowed');
  t.same(twenty.json.responses.map((r: { status: number }) => r.status), Array(20).fill(200));
  const journal = (await call('/_mock/requests?path=/v1.0/deviceManagement')).json.requests;
  t.equal(journal.length, 20, 'no step of a refused batch ran');
});

t.test('steps answer as direct requests do, in the order sent, with Graph\'s step headers; 204 steps carry no body', async (t) => {
  const { call } = await build(t);
  const res = await batch(call, [
    { id: 'get', method: 'get', url: `/deviceManagement/managedDevices/${device.id}?$select=id,deviceName` },
    { id: 'sync', method: 'POST', url: `deviceManagement/managedDevices/${device.id}/syncDevice` },
    { id: 'missing', method: 'GET', url: '/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000000' },
    { id: 'versioned', method: 'GET', url: '/v1.0/deviceManagement/managedDevices' },
    { id: 'nested', method: 'POST', url: '/$batch', body: { requests: [] } },
    { id: 'sneaked', method: 'POST', url: '/x/../$batch', body: { requests: [{ id: '1', method: 'GET', url: '/me' }] } },
  ]);
  t.equal(res.statusCode, 200);
  t.match(String(res.headers['content-type']), /^application\/json/);
  const [get, sync, missing, versioned, nested, sneaked] = res.json.responses;
  t.same(res.json.responses.map((r: { id: string }) => r.id), ['get', 'sync', 'missing', 'versioned', 'nested', 'sneaked'], 'in request order');
  const direct = await call(`/v1.0/deviceManagement/managedDevices/${device.id}?$select=id,deviceName`);
  t.same(get, {
    id: 'get', status: 200,
    headers: { 'Content-Type': direct.headers['content-type'], 'OData-Version': '4.0', 'Cache-Control': direct.headers['cache-control'] },
    body: direct.json,
  }, 'a GET step is the direct answer, Content-Type spelled as Graph spells it');
  t.same(sync, { id: 'sync', status: 204, headers: {} }, 'no body and no Content-Type on a 204');
  t.equal(missing.status, 404);
  t.equal(missing.body.error.code, 'ResourceNotFound');
  t.equal(missing.headers['Content-Type'], (await call('/v1.0/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000000')).headers['content-type']);
  t.equal(versioned.status, 400);
  t.equal(versioned.body.error.message, 'Resource not found for the segment \'v1.0\'.', 'a step URL keeping the version is Graph\'s 400 (msgraph-sdk-javascript #1178)');
  t.equal(nested.status, 400);
  t.match(nested.body.error.message, /cannot contain a \$batch/);
  t.equal(sneaked.status, 400, 'a path that resolves to $batch is refused too');
  t.match(sneaked.body.error.message, /cannot contain a \$batch/);
  // The sync really ran: the device's pending syncDevice shows.
  const after = await call(`/beta/deviceManagement/managedDevices/${device.id}?$select=deviceActionResults`);
  t.ok(after.json.deviceActionResults.some((r: { actionName: string }) => r.actionName === 'syncDevice'), 'the step acted on the device');
  const beta = await batch(call, [{ id: '1', method: 'GET', url: '/deviceManagement/remoteActionAudits' }], {}, 'beta');
  t.equal(beta.json.responses[0].status, 200, 'a beta batch\'s steps are beta requests');
  const v1 = await batch(call, [{ id: '1', method: 'GET', url: '/deviceManagement/remoteActionAudits' }]);
  t.not(v1.json.responses[0].status, 200, 'and a v1.0 batch\'s are not');
});

t.test('step bodies: a JSON object, base64 without headers (msgraph-sdk-core), lower-case header names; an undecodable body is the step\'s 400', async (t) => {
  const { call } = await build(t);
  const notes = (n: string) => ({ notes: n });
  const res = await batch(call, [
    { id: '1', method: 'PATCH', url: `/deviceManagement/managedDevices/${device.id}`, headers: { 'content-type': 'application/json' }, body: notes('object') },
    { id: '2', method: 'PATCH', url: `/deviceManagement/managedDevices/${other.id}`, body: Buffer.from(JSON.stringify(notes('base64'))).toString('base64') },
    { id: '3', method: 'PATCH', url: `/deviceManagement/managedDevices/${other.id}`, body: '%%% not base64 %%%' },
    { id: '4', method: 'PATCH', url: `/deviceManagement/managedDevices/${other.id}`, body: Buffer.from('{"notes":').toString('base64') },
    { id: '5', method: 'GET', url: `/deviceManagement/managedDevices/${device.id}?$select=notes`, headers: { 'Authorization': 'Bearer forged', 'Host': 'evil.example' } },
  ]);
  const [a, b, c, d, e] = res.json.responses;
  t.equal(a.status, 204);
  t.equal(b.status, 204);
  t.equal((await call(`/v1.0/deviceManagement/managedDevices/${device.id}?$select=notes`)).json.notes, 'object');
  t.equal((await call(`/v1.0/deviceManagement/managedDevices/${other.id}?$select=notes`)).json.notes, 'base64');
  t.equal(c.status, 400);
  t.match(c.body.error.message, /Unable to read JSON request payload/);
  t.equal(d.status, 400, 'base64 of broken JSON: the step\'s own unreadable-body 400');
  t.equal(d.body.error.code, 'BadRequest');
  t.equal(e.status, 200, 'a step cannot set Authorization or Host: the batch\'s are used');
  t.equal(e.body.notes, 'object');
});

t.test('dependsOn: chains run in order, a failed dependency is 424 for every step after it', async (t) => {
  const { call } = await build(t);
  const res = await batch(call, [
    { id: 'read', method: 'GET', url: `/deviceManagement/managedDevices/${device.id}?$select=notes`, dependsOn: ['write'] },
    { id: 'write', method: 'PATCH', url: `/deviceManagement/managedDevices/${device.id}`, body: { notes: 'first' }, headers: { 'Content-Type': 'application/json' } },
    { id: 'bad', method: 'GET', url: '/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000000' },
    { id: 'after-bad', method: 'PATCH', url: `/deviceManagement/managedDevices/${device.id}`, body: { notes: 'never' }, dependsOn: ['BAD'] },
    { id: 'after-after', method: 'GET', url: '/deviceManagement/managedDevices?$top=1', dependsOn: ['after-bad'] },
  ]);
  const byId = Object.fromEntries(res.json.responses.map((r: { id: string }) => [r.id, r]));
  t.same(res.json.responses.map((r: { id: string }) => r.id), ['read', 'write', 'bad', 'after-bad', 'after-after'], 'answers in request order');
  t.equal(byId.read.body.notes, 'first', 'a step ran after the step it depends on, even one later in the array');
  t.equal(byId.bad.status, 404);
  for (const id of ['after-bad', 'after-after']) {
    t.equal(byId[id].status, 424, `${id}: 424`);
    t.equal(byId[id].body.error.code, 'FailedDependency');
    t.match(byId[id].body.error.innerError, { date: String, 'request-id': String });
  }
  t.equal((await call(`/v1.0/deviceManagement/managedDevices/${device.id}?$select=notes`)).json.notes, 'first', 'a 424 step never ran');
  const journal = (await call('/_mock/requests')).json.requests;
  t.same(journal.filter((e: { batch?: unknown }) => e.batch).map((e: { batch: { itemId: string } }) => e.batch.itemId), ['write', 'read', 'bad'], 'run order; 424 steps are not in the journal');
});

t.test('the journal: one entry per step, linked to its batch; the link cannot be forged', async (t) => {
  const { call } = await build(t);
  await batch(call, [{ id: 'x', method: 'GET', url: '/deviceManagement/managedDevices?$top=1' }, { id: 'y', method: 'GET', url: '/nope' }], { 'client-request-id': 'outer-1', 'user-agent': 'batcher/1' });
  const entries = (await call('/_mock/requests')).json.requests;
  const outer = entries.find((e: { path: string }) => e.path === '/v1.0/$batch');
  t.ok(outer, 'the batch itself is an entry');
  t.notOk(outer.batch);
  const steps = entries.filter((e: { batch?: { entryId: string } }) => e.batch?.entryId === outer.id);
  t.same(steps.map((e: { batch: { itemId: string }; path: string }) => [e.batch.itemId, e.path]), [['x', '/v1.0/deviceManagement/managedDevices'], ['y', '/v1.0/nope']]);
  t.equal(decodeURIComponent(steps[0].query), '$top=1', 'the step\'s query');
  t.ok(steps.every((e: { id: string }) => Number(e.id) > Number(outer.id)), 'the batch\'s id was reserved before its steps were recorded');
  t.equal(steps[0].headers['user-agent'], 'batcher/1', 'the batch\'s user-agent');
  t.equal(steps[0].headers['client-request-id'], 'outer-1', 'and client-request-id');
  // A client sending the internal header itself gets no link.
  await call({ method: 'GET', url: '/v1.0/deviceManagement/managedDevices?$top=1', headers: { 'x-intune-mock-batch-item': `guess ${outer.id} x http` } });
  const last = (await call('/_mock/requests')).json.requests.at(-1);
  t.equal(last.batch, undefined, 'not linked');
});

t.test('per step: authentication of the batch, permissions, fault rules', async (t) => {
  const { call } = await build(t, { config: { auth: 'strict' } });
  const none = await batch(call, [{ id: '1', method: 'GET', url: '/deviceManagement/managedDevices' }]);
  graphError(t, none, 401, 'InvalidAuthenticationToken');
  t.equal((await call('/_mock/requests')).json.requests.filter((e: { path: string }) => e.path !== '/v1.0/$batch').length, 0, 'no step ran');
  const reader = await mint(call, { roles: ['DeviceManagementManagedDevices.Read.All'] });
  const auth = { authorization: `Bearer ${reader}` };
  const res = await batch(call, [
    { id: 'list', method: 'GET', url: '/deviceManagement/managedDevices?$top=1' },
    { id: 'wipe', method: 'POST', url: `/deviceManagement/managedDevices/${device.id}/wipe`, body: {} },
    { id: 'lock', method: 'POST', url: `/deviceManagement/managedDevices/${device.id}/remoteLock` },
  ], auth);
  const [list, wipe] = res.json.responses;
  t.equal(list.status, 200);
  t.equal(wipe.status, 403, 'a step needing a permission the token lacks: 403');
  t.equal(wipe.body.error.code, 'Forbidden');
  const rule = await call({ method: 'POST', url: '/_mock/faults', headers: JSON_HEADERS, payload: { path: '/v1.0/deviceManagement/managedDevices/*/syncDevice', status: 429, retryAfterSeconds: 7, times: 1 } });
  t.equal(rule.statusCode, 201);
  const writer = await mint(call, { roles: ['DeviceManagementManagedDevices.PrivilegedOperations.All'] });
  const faulted = await batch(call, [
    { id: '1', method: 'POST', url: `/deviceManagement/managedDevices/${device.id}/syncDevice` },
    { id: '2', method: 'POST', url: `/deviceManagement/managedDevices/${other.id}/syncDevice` },
  ], { authorization: `Bearer ${writer}` });
  t.equal(faulted.statusCode, 200, 'the batch is 200 whatever its steps answer');
  const [hit, missed] = faulted.json.responses;
  t.equal(hit.status, 429, 'the rule hit one step');
  t.equal(hit.headers['Retry-After'], '7');
  t.equal(hit.headers['x-mock-fault'], rule.json.id);
  t.equal(missed.status, 204, 'the next step is past the rule\'s one time');
});

t.test("the batch's own Date is its answer's time, read after its steps ran (a clock moved meanwhile shows)", async (t) => {
  const { call, clock } = await build(t);
  const rule = await call({ method: 'POST', url: '/_mock/faults', headers: JSON_HEADERS, payload: { method: 'GET', path: '/v1.0/deviceManagement/managedDevices/*', latencyMs: 150 } });
  t.equal(rule.statusCode, 201);
  const pending = batch(call, [{ id: '1', method: 'GET', url: `/deviceManagement/managedDevices/${device.id}` }]);
  await sleep(50);
  clock.advance(3_600_000); // while the step waits out its latency
  const res = await pending;
  t.equal(res.statusCode, 200);
  t.equal(res.json.responses[0].status, 200);
  t.equal(res.headers.date, new Date(clock.now()).toUTCString(), 'the Date of when the batch answered, not of when it began');
  const entries = (await call('/_mock/requests')).json.requests as Array<{ path: string; time: string }>;
  const outer = entries.find((e) => e.path === '/v1.0/$batch')!;
  t.ok(Date.parse(outer.time) > clock.now() - 60_000, `its journal time is read at its answer too (${outer.time})`);
});

t.test('a step reaches its version\'s Graph surface and nothing else: dot segments that leave it are the step\'s 400', async (t) => {
  const { call } = await build(t);
  const escapes = [
    '/../_mock/requests', '/%2e%2e/_mock/requests', '/.%2E/_mock/requests', '/..\\_mock/requests', '/x/../../_mock/requests',
    '/../beta/deviceManagement/remoteActionAudits', '/../oauth2/v2.0/token', '/..', '..',
  ];
  const res = await batch(call, [
    ...escapes.map((url, i) => ({ id: `escape${i}`, method: 'GET', url })),
    { id: 'reset', method: 'POST', url: '/../_mock/reset', headers: { 'content-type': 'application/json', 'x-mock-tenant': 'contoso' }, body: {} },
    { id: 'dotted', method: 'GET', url: '/deviceManagement/../deviceManagement/managedDevices?$top=1' },
  ]);
  t.equal(res.statusCode, 200);
  const byId = Object.fromEntries(res.json.responses.map((r: { id: string }) => [r.id, r]));
  for (const [i, url] of escapes.entries()) {
    t.equal(byId[`escape${i}`].status, 400, `${url}: the step's 400`);
    t.match(byId[`escape${i}`].body, { error: { code: 'BadRequest', message: /within the batch's version/ } }, `${url}: in Graph's envelope`);
  }
  t.equal(byId.reset.status, 400, 'the control API cannot be reached from a step');
  t.equal(byId.dotted.status, 200, 'dot segments that stay within the version resolve as in a direct request');
  const entries = (await call('/_mock/requests')).json.requests;
  t.same(entries.filter((e: { batch?: unknown }) => e.batch).map((e: { path: string }) => e.path), ['/v1.0/deviceManagement/managedDevices'], 'only the step within the version ran');
  t.equal(entries.length, 2, 'no reset ran: the journal still holds the batch and its step');
});

t.test('an odd verb is the step\'s 400, never a crash', async (t) => {
  const { call } = await build(t);
  // light-my-request refuses a verb it does not know by throwing on the next tick: an uncaught exception ended the process.
  const verbs = await batch(call, ['FOO', 'get', 'PROPFIND', 'HEAD'].map((method) => ({ id: method, method, url: '/deviceManagement/managedDevices?$top=1' })));
  t.equal(verbs.statusCode, 200);
  const [foo, get, propfind, head] = verbs.json.responses;
  t.match(foo, { status: 400, body: { error: { code: 'BadRequest', message: '\'FOO\' is not an HTTP method.' } } });
  t.equal(get.status, 200, 'a lower-case verb is its upper case');
  t.equal(propfind.status, 400, 'a verb the route does not serve answers as a direct request does');
  t.equal(propfind.body.error.code, (await call({ method: 'PROPFIND' as 'GET', url: '/v1.0/deviceManagement/managedDevices' })).json.error.code);
  t.same([head.status, head.body], [200, undefined], 'HEAD: the GET\'s status, no body');
  t.equal((await call('/v1.0/deviceManagement/managedDevices?$top=1')).statusCode, 200, 'the app still answers');
});
