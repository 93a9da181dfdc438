/**
 * Intune's throttling and the Retry-After conformance report (docs/throttling.md): four sliding windows on the
 * tenant's clock, Graph's 429 with Retry-After, early retries answered 429 again and reported.
 */
import t from 'tap';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { build, defaultFixture, graphError, sharedSigningKey } from '../helpers/build.js';

const device = defaultFixture().devices![0]!;
const LIST = '/v1.0/deviceManagement/managedDevices';
const SYNC = `${LIST}/${device.id}/syncDevice`;
const JSON_HEADERS = { 'content-type': 'application/json' };
type Call = Awaited<ReturnType<typeof build>>['call'];
const setLimits = (call: Call, limits: object, tenant?: string) =>
  call({ method: 'PUT', url: '/_mock/throttling/limits', payload: limits, headers: { ...JSON_HEADERS, ...(tenant ? { 'x-mock-tenant': tenant } : {}) } });
const report = async (call: Call, tenant?: string) => (await call({ method: 'GET', url: '/_mock/throttling', headers: tenant ? { 'x-mock-tenant': tenant } : {} })).json;
const advance = (call: Call, seconds: number) => call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: seconds }, headers: JSON_HEADERS });
const write = (call: Call, headers: Record<string, string> = {}) => call({ method: 'POST', url: SYNC, headers });
const get = (call: Call, headers: Record<string, string> = {}) => call({ method: 'GET', url: LIST, headers });

t.test('defaults: Intune\'s documented limits, nothing throttled yet', async (t) => {
  const { call } = await build(t, { config: { throttling: 'intune' } });
  const r = await report(call);
  t.same(r.limits, { perAppWrites: 200, perAppRequests: 2000, perTenantWrites: 400, perTenantRequests: 4000, windowSeconds: 20 });
  t.equal(r.mode, 'intune');
  t.same(r.clients, []);
  t.same(r.windows.perTenantWrites, { used: 0, limit: 400, resetsInSeconds: 0 });
});

t.test('per-app writes: the fourth write past a limit of 3 is a 429 with Retry-After until the oldest leaves the window', async (t) => {
  const { call } = await build(t, { config: { throttling: 'intune' } });
  t.same((await setLimits(call, { perAppWrites: 3 })).json, { perAppWrites: 3, perAppRequests: 2000, perTenantWrites: 400, perTenantRequests: 4000, windowSeconds: 20 });
  t.equal((await write(call)).statusCode, 204);
  await advance(call, 5);
  t.equal((await write(call)).statusCode, 204);
  t.equal((await get(call)).statusCode, 200, 'reads do not count against the write limit');
  t.equal((await write(call)).statusCode, 204);
  const w = (await report(call)).windows;
  t.same(w.perApp, [{ appId: 'unknown', perAppWrites: { used: 3, limit: 3, resetsInSeconds: 15 }, perAppRequests: { used: 4, limit: 2000, resetsInSeconds: 15 } }]);
  t.same(w.perTenantWrites, { used: 3, limit: 400, resetsInSeconds: 15 });
  await advance(call, 2.5);
  const refused = await write(call);
  const err = graphError(t, refused, 429, 'TooManyRequests');
  t.equal(err.message, 'Please retry again later.');
  t.match(refused.json.error.innerError, { code: '429', message: 'Please retry after', status: '429' }, 'Graph\'s documented throttling body');
  t.equal(refused.headers['retry-after'], '13', '12.5 s until the oldest write leaves the window, in whole seconds (rounded up)');
  t.equal(refused.headers['x-mock-throttling'], 'perAppWrites');
  t.equal((await report(call)).windows.perTenantWrites.used, 3, 'a refused request is not admitted');
  await advance(call, 13);
  t.equal((await write(call)).statusCode, 204, 'the clock moved past Retry-After: admitted');
  const r = await report(call);
  t.match(r.clients, [{ appId: 'unknown', throttled: 1, throttledByLimits: 1, throttledByFaults: 0, retries: 1, honouredRetries: 1, violationCount: 0, violations: [], worstEarlyRetrySeconds: null, retryDue: null }]);
  const journal = (await call('/_mock/requests?method=POST')).json.requests;
  t.same(journal.map((e: any) => [e.status, e.throttling]), [[204, null], [204, null], [204, null], [429, 'throttled'], [204, null]]);
});

t.test('the window slides: a steady rate within the limit is never throttled, a burst is, across many windows', async (t) => {
  const { call } = await build(t, { config: { throttling: 'intune' } });
  await setLimits(call, { perAppRequests: 3, windowSeconds: 3 });
  for (let i = 0; i < 10; i++) {
    t.equal((await get(call)).statusCode, 200, `steady read ${i}`);
    await advance(call, 1);
  }
  // Reads at 7, 8, 9 s are in the window ending at 10 s: the 9 s one leaves it at 12 s.
  const burst = await get(call);
  t.equal(burst.statusCode, 200, 'the read at 7 s has left the window');
  const over = await get(call);
  t.equal(over.statusCode, 429);
  t.equal(over.headers['retry-after'], '1', 'the read at 8 s leaves it at 11 s');
  await advance(call, 1);
  t.equal((await get(call)).statusCode, 200, 'honoured, and the 8 s read has gone');
  t.equal((await get(call)).statusCode, 429, 'but the window is full again');
  t.same((await report(call)).windows.perApp[0].perAppRequests, { used: 3, limit: 3, resetsInSeconds: 1 });
});

t.test('per-app and per-tenant windows, reads and writes, by app id', async (t) => {
  const { call } = await build(t, { config: { throttling: 'intune', auth: 'strict' } });
  const token = async (appId: string) => `Bearer ${(await call({ method: 'POST', url: '/_mock/tokens', payload: { appId }, headers: JSON_HEADERS })).json.access_token}`;
  const [a, b, c] = [{ authorization: await token('app-a') }, { authorization: await token('app-b') }, { authorization: await token('app-c') }];
  await setLimits(call, { perAppRequests: 2, perTenantRequests: 5, perTenantWrites: 2 });
  t.equal((await get(call, a)).statusCode, 200);
  t.equal((await get(call, a)).statusCode, 200);
  const perApp = await get(call, a);
  t.equal(perApp.statusCode, 429);
  t.equal(perApp.headers['x-mock-throttling'], 'perAppRequests');
  t.equal(perApp.headers['retry-after'], '20');
  t.equal((await write(call, b)).statusCode, 204, 'another app has its own window');
  t.equal((await write(call, c)).statusCode, 204);
  const tenantWrites = await write(call, b);
  t.equal(tenantWrites.statusCode, 429, 'the tenant\'s writes: 2 of all apps');
  t.equal(tenantWrites.headers['x-mock-throttling'], 'perTenantWrites');
  t.equal((await get(call, c)).statusCode, 200, 'a read still fits the tenant\'s 5 requests');
  const tenantAll = await get(call, await { authorization: await token('app-d') });
  t.equal(tenantAll.statusCode, 429);
  t.equal(tenantAll.headers['x-mock-throttling'], 'perTenantRequests', 'a fresh app: the tenant\'s window is full');
  const r = await report(call);
  t.same(r.windows.perTenantRequests, { used: 5, limit: 5, resetsInSeconds: 20 });
  t.same(r.clients.map((x: any) => [x.appId, x.throttledByLimits]).sort(), [['app-a', 1], ['app-b', 1], ['app-d', 1]]);
  await advance(call, 20);
  t.equal((await get(call, a)).statusCode, 200, 'advancing the tenant\'s clock frees the windows');
});

t.test('an early retry is answered 429 again with what remains, and reported with journal ids', async (t) => {
  const { call } = await build(t, { config: { throttling: 'intune' } });
  await setLimits(call, { perAppRequests: 1, windowSeconds: 10 });
  t.equal((await get(call)).statusCode, 200);
  const first = await get(call);
  t.equal(first.headers['retry-after'], '10');
  await advance(call, 3);
  const early = await get(call);
  graphError(t, early, 429, 'TooManyRequests');
  t.equal(early.headers['retry-after'], '7', 'what remains of the first Retry-After');
  t.equal(early.headers['x-mock-throttling'], 'retriedTooEarly');
  await advance(call, 6.5);
  const again = await call({ method: 'GET', url: `${LIST}?$top=1` });
  t.equal(again.headers['retry-after'], '1', 'not extended: 0.5 s left, rounded up');
  let r = (await report(call)).clients[0];
  t.match(r, { throttled: 1, throttledByLimits: 1, retries: 2, honouredRetries: 0, violationCount: 2, worstEarlyRetrySeconds: 7 });
  const journal = (await call('/_mock/requests')).json.requests;
  t.same(journal.map((e: any) => e.throttling), [null, 'throttled', 'retriedTooEarly', 'retriedTooEarly']);
  t.same(r.violations, [
    { journalId: journal[2].id, throttledJournalId: journal[1].id, earlyBySeconds: 7, method: 'GET', path: LIST },
    { journalId: journal[3].id, throttledJournalId: journal[1].id, earlyBySeconds: 0.5, method: 'GET', path: LIST },
  ]);
  t.match(r.retryDue, /^\d{4}-/, 'still due');
  await advance(call, 0.5);
  t.equal((await get(call)).statusCode, 200, 'at the due time: an honoured retry, admitted (the window moved on too)');
  r = (await report(call)).clients[0];
  t.match(r, { retries: 3, honouredRetries: 1, violationCount: 2, retryDue: null });
  t.equal((await get(call)).statusCode, 429, 'the window of 1 is full again');

  t.equal((await call({ method: 'DELETE', url: '/_mock/throttling', headers: { 'x-mock-test': '1' } })).statusCode, 204);
  const cleared = await report(call);
  t.same(cleared.clients, [], 'the report is cleared');
  t.equal(cleared.limits.perAppRequests, 1, 'the limits stay');
  t.equal((await get(call)).statusCode, 200, 'and the windows start anew');
  t.equal((await call({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-test': '1' } })).statusCode, 200);
  t.equal((await report(call)).limits.perAppRequests, 2000, 'a reset puts Intune\'s limits back');
});

t.test('a fault rule\'s 429 with Retry-After feeds the report; an early retry does not spend the rule', async (t) => {
  const { call } = await build(t, { config: { throttling: 'intune' } });
  const rule = (await call({ method: 'POST', url: '/_mock/faults', payload: { path: LIST, status: 429, retryAfterSeconds: 2, times: 2 }, headers: JSON_HEADERS })).json;
  t.equal((await get(call)).statusCode, 429);
  const early = await get(call);
  t.equal(early.statusCode, 429);
  t.equal(early.headers['x-mock-throttling'], 'retriedTooEarly');
  t.notOk(early.headers['x-mock-fault'], 'answered by the throttle, not the rule');
  t.equal((await call('/_mock/faults')).json.faults[0].fired, 1, 'the rule fired once');
  await advance(call, 2);
  const second = await get(call);
  t.equal(second.headers['x-mock-fault'], rule.id, 'on time: the rule answers its second time');
  await advance(call, 2);
  t.equal((await get(call)).statusCode, 200);
  t.match((await report(call)).clients, [{ appId: 'unknown', throttled: 2, throttledByLimits: 0, throttledByFaults: 2, retries: 3, honouredRetries: 2, violationCount: 1, worstEarlyRetrySeconds: 2 }]);

  // A 429 without Retry-After asks for no wait: nothing is due.
  await call({ method: 'POST', url: '/_mock/faults', payload: { path: LIST, status: 429 }, headers: JSON_HEADERS });
  t.equal((await get(call)).statusCode, 429);
  t.equal((await get(call)).statusCode, 200);
  t.equal((await report(call)).clients[0].throttled, 2);
});

t.test('limits are validated, with JSON paths', async (t) => {
  const { call } = await build(t, { config: { throttling: 'intune' } });
  const bad = await setLimits(call, { perAppWrites: 0, windowSeconds: 1.5, perTenant: 3 });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json.error.code, 'invalidRequest');
  const paths = bad.json.error.details.map((d: any) => d.path).sort();
  t.same(paths, ['$.perAppWrites', '$.perTenant', '$.windowSeconds'], bad.body);
  t.equal((await setLimits(call, { perAppRequests: '3' })).statusCode, 400);
  t.equal((await report(call)).limits.perAppRequests, 2000, 'nothing changed');
  t.equal((await setLimits(call, {})).statusCode, 200, '{} is Intune\'s limits');
});

t.test('--throttling off: nothing throttled, nothing recorded', async (t) => {
  const { call } = await build(t, { config: { throttling: 'off' } });
  await setLimits(call, { perAppRequests: 1 });
  await call({ method: 'POST', url: '/_mock/faults', payload: { path: LIST, status: 429, retryAfterSeconds: 5 }, headers: JSON_HEADERS });
  t.equal((await get(call)).statusCode, 429, 'the rule');
  t.equal((await get(call)).statusCode, 200, 'no early-retry answer, no limit');
  t.equal((await get(call)).statusCode, 200);
  const r = await report(call);
  t.equal(r.mode, 'off');
  t.same(r.clients, []);
  t.same((await call('/_mock/requests')).json.requests.map((e: any) => e.throttling), [null, null, null]);
});

t.test('the log line names the throttle\'s answer', async (t) => {
  const lines: string[] = [];
  const app = await buildApp(loadConfig([], {}, { auth: 'off' }), {
    clock: new ManualClock(), fixture: defaultFixture(), signingKey: await sharedSigningKey, logStream: { write: (s: string) => lines.push(s) },
  });
  t.teardown(() => app.close());
  await app.inject({ method: 'PUT', url: '/_mock/throttling/limits', payload: { perAppRequests: 1 }, headers: JSON_HEADERS });
  for (let i = 0; i < 3; i++) await app.inject(LIST);
  const graph = lines.filter((l) => l.includes(' GET /v1.0/deviceManagement/managedDevices '));
  t.equal(graph.length, 3);
  t.notMatch(graph[0]!, /throttling=/);
  t.match(graph[1]!, / 429 .* throttling=perAppRequests/);
  t.match(graph[2]!, / 429 .* throttling=retriedTooEarly/);
});

t.test('$batch: each step counts and is throttled on its own inside a 200; the batch itself does not count', async (t) => {
  const { call } = await build(t, { config: { throttling: 'intune' } });
  await setLimits(call, { perAppWrites: 2, windowSeconds: 20 });
  const steps = [1, 2, 3].map((n) => ({ id: String(n), method: 'POST', url: `/deviceManagement/managedDevices/${device.id}/syncDevice` }));
  const batch = () => call({ method: 'POST', url: '/v1.0/$batch', payload: { requests: steps }, headers: JSON_HEADERS });
  const first = await batch();
  t.equal(first.statusCode, 200, 'the batch answers 200 whatever its steps do');
  t.same(first.json.responses.map((r: any) => r.status), [204, 204, 429], 'the third write is past the limit of 2');
  const throttled = first.json.responses[2];
  t.equal(throttled.headers['Retry-After'], '20', 'the step carries its own Retry-After, as Graph spells it');
  t.equal(throttled.body.error.code, 'TooManyRequests');
  t.equal(throttled.headers['x-mock-throttling'], 'perAppWrites', 'and the limit it reached, as a direct answer does');
  t.equal((await report(call)).windows.perTenantWrites.used, 2, 'two steps admitted; the POST /$batch is not a write of its own');
  await advance(call, 5);
  const early = await batch();
  t.same(early.json.responses.map((r: any) => r.status), [429, 429, 429], 'every step of a batch sent before Retry-After passed is an early retry');
  t.same(early.json.responses.map((r: any) => r.headers['Retry-After']), ['15', '15', '15']);
  t.same(early.json.responses.map((r: any) => r.headers['x-mock-throttling']), ['retriedTooEarly', 'retriedTooEarly', 'retriedTooEarly']);
  const r = (await report(call)).clients[0];
  t.match(r, { throttled: 1, violationCount: 3, worstEarlyRetrySeconds: 15 });
  const journal = (await call('/_mock/requests')).json.requests;
  const stepEntries = journal.filter((e: any) => e.batch);
  t.same(stepEntries.map((e: any) => e.throttling), [null, null, 'throttled', 'retriedTooEarly', 'retriedTooEarly', 'retriedTooEarly']);
  t.same(r.violations.map((v: any) => v.journalId), stepEntries.slice(3).map((e: any) => e.id), 'the violations name the steps\' journal entries');
});

t.test('a throttled request is not held once answered: only its journal id is kept for the report (a body may be 4 MiB, per client)', async (t) => {
  const { app, call } = await build(t, { config: { throttling: 'intune' } });
  let throttled: WeakRef<object> | undefined;
  app.addHook('onRequest', async (request) => {
    if (request.method === 'PATCH') throttled = new WeakRef(request);
  });
  await setLimits(call, { perAppWrites: 1 });
  t.equal((await write(call)).statusCode, 204);
  const refused = await call({ method: 'PATCH', url: `${LIST}/${device.id}`, headers: JSON_HEADERS, payload: { notes: 'x'.repeat(100_000) } });
  t.equal(refused.statusCode, 429);
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  t.equal(throttled?.deref(), undefined, 'the 429\'s request was collected');
  t.match((await report(call)).clients, [{ retryDue: String }], 'its retry is still due');
  await advance(call, 1);
  const early = await get(call);
  t.equal(early.statusCode, 429);
  const violation = (await report(call)).clients[0].violations[0];
  const patch = (await call('/_mock/requests?method=PATCH')).json.requests[0];
  t.equal(violation.throttledJournalId, patch.id, 'the violation still names the 429\'s journal entry');
});
