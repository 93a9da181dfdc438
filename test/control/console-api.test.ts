/**
 * The control API's additions for the console (docs/console.md): the device list's compliance, ownership and
 * search filters, a device's actions as the admin center offers them, and the live event stream.
 */
import t from 'tap';
import { ACTIONS, type ActionSpec } from '../../src/domain/actions/catalog.js';
import { platformOf } from '../../src/domain/platform.js';
import type { MockState } from '../../src/app.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { build, defaultFixture, sharedSigningKey } from '../helpers/build.js';

const fleet = defaultFixture().devices!;
const JSON_HEADERS = { 'content-type': 'application/json' };

// ---- GET /_mock/devices: compliance, ownership, search --------------------------------------------------

t.test('the device list filters by compliance, ownership and search, with every other filter', async (t) => {
  const { call } = await build(t);
  const ids = async (query: string) => {
    const res = await call(`/_mock/devices?top=1000&${query}`);
    t.equal(res.statusCode, 200, query);
    t.equal(res.json.total, res.json.devices.length);
    return (res.json.devices as Array<{ device: { id: string } }>).map((d) => d.device.id).sort();
  };
  const expect = (keep: (d: (typeof fleet)[number]) => boolean) => fleet.filter(keep).map((d) => d.id!).sort();

  t.same(await ids('compliance=noncompliant'), expect((d) => d.complianceState === 'noncompliant'));
  t.same(await ids('compliance=inGracePeriod'), expect((d) => d.complianceState === 'inGracePeriod'));
  t.same(await ids('ownership=personal'), expect((d) => d.managedDeviceOwnerType === 'personal'));
  t.same(await ids('ownership=company'), expect((d) => d.managedDeviceOwnerType === 'company'));
  t.ok((await ids('ownership=personal')).length > 0 && (await ids('ownership=company')).length > 0, 'both kinds in the fleet');
  // Search: any case, in any of the five properties.
  t.same(await ids('search=gAlAxY'), expect((d) => /galaxy/i.test(d.deviceName ?? '')));
  t.same(await ids(`search=${fleet[0]!.serialNumber!.toLowerCase()}`), [fleet[0]!.id!], 'by serial number');
  t.same(await ids('search=MacBookPro18'), expect((d) => d.model === 'MacBookPro18,3'), 'by model');
  t.same(await ids(`search=${fleet[3]!.id!.slice(0, 13).toUpperCase()}`), [fleet[3]!.id!], 'by id');
  const upn = fleet.find((d) => d.userPrincipalName)!.userPrincipalName!;
  t.same(await ids(`search=${encodeURIComponent(upn.toUpperCase())}`), expect((d) => d.userPrincipalName?.toLowerCase() === upn.toLowerCase()), 'by user');
  t.same(await ids('search=no-such-device-anywhere'), []);
  // Combined with the existing filters: all must match.
  t.same(await ids('platform=android&ownership=personal&compliance=compliant&search=galaxy'),
    expect((d) => platformOf(d.operatingSystem) === 'android' && d.managedDeviceOwnerType === 'personal' && d.complianceState === 'compliant' && /galaxy/i.test(d.deviceName ?? '')));
});

t.test('bad filter values and tenants answer the control API\'s error body', async (t) => {
  const { call } = await build(t);
  const refused = async (url: string, code: string, headers: Record<string, string> = {}) => {
    const res = await call({ method: 'GET', url, headers });
    t.equal(res.statusCode, 400, url);
    t.match(res.headers['content-type'], /^application\/json/);
    t.same(Object.keys(res.json), ['error'], 'the control body only');
    t.equal(res.json.error.code, code, url);
    t.type(res.json.error.message, 'string');
    return res.json.error;
  };
  await refused('/_mock/devices?compliance=green', 'invalidRequest');
  await refused('/_mock/devices?ownership=corporate', 'invalidRequest');
  await refused('/_mock/devices?ownership=unknownFutureValue', 'invalidRequest');
  await refused('/_mock/devices?search=', 'invalidRequest');
  const long = await refused(`/_mock/devices?search=${'a'.repeat(201)}`, 'invalidRequest');
  t.match(long.details, [{ path: '$.search' }]);
  t.equal((await call(`/_mock/devices?search=${'a'.repeat(200)}`)).statusCode, 200, '200 characters are fine');
  await refused('/_mock/devices?color=red', 'invalidRequest');
  await refused('/_mock/devices', 'invalidTenant', { 'x-mock-tenant': 'not a tenant!' });
  await refused(`/_mock/devices/${fleet[0]!.id}/actions`, 'invalidTenant', { 'x-mock-tenant': 'a/b' });
  await refused('/_mock/events?tenant=bad%20name', 'invalidTenant');
  await refused('/_mock/events?since=3', 'invalidRequest');
});

// ---- GET /_mock/devices/{id}/actions ---------------------------------------------------------------------

/** A body Graph takes for the action: the parameters that must have a value, each a valid one. */
function bodyFor(spec: ActionSpec): Record<string, unknown> {
  if (spec.name === 'setDeviceName') return { deviceName: 'Renamed-1' };
  const body: Record<string, unknown> = {};
  for (const p of spec.parameters) {
    if (p.nullable) continue;
    body[p.name] = p.type === 'Edm.Boolean' ? false : p.type === 'Edm.Int32' ? (p.minimum ?? 0) : 'x';
  }
  return body;
}

t.test('every action on a device of each platform: available exactly when Graph accepts it, the reason in Graph\'s words', async (t) => {
  const { call } = await build(t);
  const platforms = new Set(fleet.map((d) => platformOf(d.operatingSystem)));
  t.ok(['android', 'ios', 'macos', 'windows'].every((p) => platforms.has(p as never)), 'the fleet has every platform');
  let accepted = 0;
  let refused = 0;
  for (const device of fleet) {
    const res = await call(`/_mock/devices/${device.id}/actions`);
    t.equal(res.statusCode, 200);
    const actions = res.json.actions as Array<{ name: string; available: boolean; reason?: string; rule: string; path: string }>;
    t.same(actions.map((a) => a.name), ACTIONS.map((a) => a.name), 'every catalog action, in its order');
    for (const action of actions) {
      const spec = ACTIONS.find((a) => a.name === action.name)!;
      const graph = await call({ method: 'POST', url: action.path, headers: JSON_HEADERS, payload: bodyFor(spec) });
      const label = `${device.deviceName} (${device.operatingSystem} ${device.osVersion}): ${action.name}`;
      if (graph.statusCode === 204 || graph.statusCode === 200) {
        accepted++;
        t.equal(action.available, true, `${label}: Graph accepts it`);
        t.notOk('reason' in action, `${label}: no reason`);
        // A fresh tenant for the next one: what this action did must not decide the next.
        t.equal((await call({ method: 'POST', url: '/_mock/reset', headers: JSON_HEADERS, payload: {} })).statusCode, 200);
      } else {
        refused++;
        t.equal(graph.statusCode, 400, `${label}: refused with a 400 (${graph.body.slice(0, 200)})`);
        t.equal(action.available, false, `${label}: Graph refuses it`);
        t.ok(action.reason && graph.json.error.message.includes(action.reason), `${label}: the reason is Graph's message`);
        t.ok(action.reason!.includes(action.rule), `${label}: the reason names the rules row`);
      }
    }
  }
  t.ok(accepted > 50 && refused > 50, `both answers are exercised (${accepted} accepted, ${refused} refused)`);
});

t.test('a device out of management offers nothing, in the words of Graph\'s 404; the shape of an action', async (t) => {
  const { call } = await build(t);
  const device = fleet.find((d) => platformOf(d.operatingSystem) === 'windows')!;
  const before = (await call(`/_mock/devices/${device.id}/actions`)).json.actions as Array<Record<string, unknown>>;
  const wipe = before.find((a) => a.name === 'wipe')!;
  t.same(wipe.path, `/v1.0/deviceManagement/managedDevices/${device.id}/wipe`);
  t.same(wipe.versions, ['v1.0', 'beta']);
  t.equal(wipe.method, 'POST');
  t.same(wipe.parameters, ACTIONS.find((a) => a.name === 'wipe')!.parameters.filter((p) => p.versions.includes('v1.0')).map(({ name, type, nullable }) => ({ name, type, nullable })), 'v1.0\'s parameters');
  const pause = before.find((a) => a.name === 'pauseConfigurationRefresh')!;
  t.equal(pause.path, `/beta/deviceManagement/managedDevices/${device.id}/pauseConfigurationRefresh`, 'beta only: the beta path');
  t.same(pause.parameters, [{ name: 'pauseTimePeriodInMinutes', type: 'Edm.Int32', nullable: false, minimum: 0, maximum: 1440 }]);
  t.equal(before.find((a) => a.name === 'sendCustomNotificationToCompanyPortal')!.pushed, true);
  t.equal(wipe.pushed, false);
  // Upper case finds it (ids are GUIDs); the paths name it as stored.
  t.equal((await call(`/_mock/devices/${device.id!.toUpperCase()}/actions`)).json.actions[0].path, `/v1.0/deviceManagement/managedDevices/${device.id}/resetPasscode`);

  t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device.id}/retire`, headers: JSON_HEADERS, payload: {} })).statusCode, 204);
  t.equal((await call({ method: 'POST', url: `/_mock/devices/${device.id}/events`, payload: { type: 'checkIn' } })).statusCode, 200);
  const after = (await call(`/_mock/devices/${device.id}/actions`)).json.actions as Array<{ available: boolean; reason: string; path: string }>;
  t.ok(after.every((a) => !a.available), 'retired: nothing available');
  const graph = await call({ method: 'POST', url: after[0]!.path, headers: JSON_HEADERS, payload: {} });
  t.equal(graph.statusCode, 404);
  t.ok(after.every((a) => graph.json.error.message.includes(a.reason)), 'the reason is Graph\'s 404 message');

  const missing = await call('/_mock/devices/00000000-0000-0000-0000-000000000000/actions');
  t.equal(missing.statusCode, 404);
  t.equal(missing.json.error.code, 'deviceNotFound', 'as GET /_mock/devices/{id}');
});

// ---- GET /_mock/events --------------------------------------------------------------------------------

interface SseEvent { event: string; data: any }

/** Reads a real server-sent event stream with fetch (as the console does). */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const seen: SseEvent[] = [];
  let raw = '';
  const pull = async () => {
    const { value, done } = await reader.read();
    if (done) return false;
    const text = decoder.decode(value, { stream: true });
    raw += text;
    buffer += text;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event !== undefined) seen.push({ event, data: data === undefined ? undefined : JSON.parse(data) });
    }
    return true;
  };
  return {
    seen,
    raw: () => raw,
    /** Resolves with the first event (not taken before) that matches; rejects after `ms`. */
    async next(match: (e: SseEvent) => boolean, ms = 3000): Promise<SseEvent> {
      const deadline = Date.now() + ms;
      for (;;) {
        const i = seen.findIndex(match);
        if (i !== -1) return seen.splice(i, 1)[0]!;
        if (Date.now() > deadline) throw new Error(`no matching event within ${ms} ms; seen: ${JSON.stringify(seen)}`);
        const more = await Promise.race([pull(), new Promise<'timeout'>((r) => (setTimeout(r, Math.max(1, deadline - Date.now())) as unknown as NodeJS.Timeout).unref())]);
        if (more === false) throw new Error(`the stream ended; seen: ${JSON.stringify(seen)}`);
      }
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

async function listening(t: Parameters<typeof build>[0], config: Parameters<typeof build>[1] = {}) {
  const built = await build(t, config);
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const state = (built.app as unknown as { mock: MockState }).mock;
  const open = async (query = '', headers: Record<string, string> = {}) => {
    const controller = new AbortController();
    const res = await fetch(`${base}/_mock/events${query}`, { headers, signal: controller.signal });
    return { res, controller, sse: res.body ? sseReader(res.body) : undefined };
  };
  const listeners = () => state.tenants.onChange.length + state.tenants.onReset.length + state.journal.onRecord.length + state.journal.onClear.length + state.faults.onChange.length;
  return { ...built, base, state, open, listeners };
}

t.test('the stream: hello, coalesced changes, journal entries, cleared, faults; one tenant only', async (t) => {
  // A: the default tenant (Graph under --auth off serves it); B: another, named in the query or the header.
  const { call, open, base, state } = await listening(t);
  const a = await open();
  const b = await open('?tenant=fabrikam.example');
  const c = await open('', { 'x-mock-tenant': 'fabrikam.example' });
  t.equal(a.res.status, 200);
  t.match(a.res.headers.get('content-type'), /^text\/event-stream/);
  t.equal(a.res.headers.get('cache-control'), 'no-store');
  const hello = await a.sse!.next((e) => e.event === 'hello');
  t.match(hello.data, { tenant: /^[0-9a-f-]{36}$/, revision: Number, now: /^\d{4}-/ });
  t.ok(a.sse!.raw().startsWith('retry: 1000\n\n'), 'retry first');
  const helloB = await b.sse!.next((e) => e.event === 'hello');
  t.not(helloB.data.tenant, hello.data.tenant);
  t.equal((await c.sse!.next((e) => e.event === 'hello')).data.tenant, helloB.data.tenant, 'the header names the same tenant as the query');
  c.controller.abort();

  // Five changes in a row: at most one `change` per 200 ms, the last one with the last revision.
  const device = fleet[0]!.id!;
  const started = Date.now();
  for (const type of ['goOffline', 'goOnline', 'goOffline', 'goOnline', 'goOffline']) {
    t.equal((await call({ method: 'POST', url: `/_mock/devices/${device}/events`, headers: JSON_HEADERS, payload: { type } })).statusCode, 200);
  }
  const last = state.tenants.revision(hello.data.tenant);
  t.ok(last >= hello.data.revision + 5);
  const changes: number[] = [];
  for (;;) {
    const change = await a.sse!.next((e) => e.event === 'change');
    changes.push(change.data.revision);
    t.match(change.data.now, /^\d{4}-/);
    if (change.data.revision === last) break;
  }
  const elapsed = Date.now() - started;
  t.ok(changes.length <= 1 + Math.floor(elapsed / 200), `coalesced: ${changes.length} events for 5 changes in ${elapsed} ms`);

  // A Graph request over the wire lands in A's journal, and on A's stream.
  const graph = await fetch(`${base}/v1.0/deviceManagement/managedDevices?$top=1`);
  t.equal(graph.status, 200);
  const requests = await a.sse!.next((e) => e.event === 'requests');
  t.match(requests.data.entries, [{ id: String, time: String, kind: 'graph', method: 'GET', path: '/v1.0/deviceManagement/managedDevices', status: 200, throttling: null }]);
  t.same(Object.keys(requests.data.entries[0]).sort(), ['id', 'kind', 'method', 'path', 'status', 'throttling', 'time']);

  // Fault rules: the count; journal cleared; reset: cleared tenant and a change.
  t.equal((await call({ method: 'POST', url: '/_mock/faults', headers: JSON_HEADERS, payload: { path: '/v1.0/**', status: 503 } })).statusCode, 201);
  t.same((await a.sse!.next((e) => e.event === 'faults')).data, { count: 1 });
  t.equal((await call({ method: 'DELETE', url: '/_mock/requests', headers: { 'x-mock-tenant': hello.data.tenant } })).statusCode, 204);
  t.same((await a.sse!.next((e) => e.event === 'cleared')).data, { what: 'journal' });
  t.equal((await call({ method: 'POST', url: '/_mock/reset', headers: JSON_HEADERS, payload: {} })).statusCode, 200);
  await a.sse!.next((e) => e.event === 'cleared' && e.data.what === 'tenant');
  const afterReset = await a.sse!.next((e) => e.event === 'change');
  t.equal(afterReset.data.revision, state.tenants.revision(hello.data.tenant));
  t.same((await a.sse!.next((e) => e.event === 'faults')).data, { count: 0 }, 'a reset clears the rules');

  // Tenant isolation: B saw none of it.
  await new Promise((r) => setTimeout(r, 250));
  await b.sse!.next(() => false, 50).catch(() => undefined);
  t.same(b.sse!.seen, [], 'nothing of A on B\'s stream');
  // And B's own change reaches B, not A.
  await call({ method: 'POST', url: `/_mock/devices/${device}/events`, headers: { 'x-mock-tenant': 'fabrikam.example', ...JSON_HEADERS }, payload: { type: 'goOffline' } });
  await b.sse!.next((e) => e.event === 'change');
  await new Promise((r) => setTimeout(r, 250));
  await a.sse!.next(() => false, 50).catch(() => undefined);
  t.same(a.sse!.seen.filter((e) => e.event === 'change'), [], 'nothing of B on A\'s stream');
  a.controller.abort();
  b.controller.abort();
});

t.test('a check-in that falls due while only a page watches is applied and told, without any request', async (t) => {
  // The check-in is applied when the tenant is next used; the stream's watcher uses it when it falls due.
  const { call, open, clock, state } = await listening(t, { config: { checkInDelay: 1 } });
  const stream = await open();
  const hello = await stream.sse!.next((e) => e.event === 'hello');
  const device = fleet.find((d) => d.simulation?.enrollment === 'deviceAdministrator' && d.osVersion === '6.0.1')!.id!;
  t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device}/resetPasscode` })).statusCode, 204);
  const sent = await stream.sse!.next((e) => e.event === 'change' && e.data.revision > hello.data.revision);
  // The base clock moves by itself, as real time does, with no request to the mock.
  clock.advance(1000);
  const checkedIn = await stream.sse!.next((e) => e.event === 'change' && e.data.revision > sent.data.revision, 5000);
  t.ok(checkedIn.data.revision > sent.data.revision, 'a change told after the check-in');
  const record = state.intune.deviceState(hello.data.tenant, device);
  t.equal(record.device.deviceActionResults?.find((r) => r.actionName === 'resetPasscode')?.actionState, 'done');
  stream.controller.abort();
});

t.test('every tenant\'s clock moved (allTenants): a watched tenant\'s due check-in is told at once', async (t) => {
  const { call, open } = await listening(t, { config: { checkInDelay: 3600 } });
  const stream = await open();
  const hello = await stream.sse!.next((e) => e.event === 'hello');
  const device = fleet.find((d) => d.simulation?.enrollment === 'deviceAdministrator' && d.osVersion === '6.0.1')!.id!;
  await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device}/resetPasscode` });
  const sent = await stream.sse!.next((e) => e.event === 'change' && e.data.revision > hello.data.revision);
  t.equal((await call({ method: 'POST', url: '/_mock/clock', headers: JSON_HEADERS, payload: { advanceSeconds: 3600, allTenants: true } })).statusCode, 200);
  // An hour-long wait would have been the watcher's timer; the clock's move wakes it.
  const checkedIn = await stream.sse!.next((e) => e.event === 'change' && e.data.revision > sent.data.revision, 3000);
  t.ok(checkedIn);
  stream.controller.abort();
});

t.test('a closing app ends open streams at once; a client that goes away leaves no listener', async (t) => {
  const { app, open, listeners } = await listening(t);
  const before = listeners();
  const first = await open();
  await first.sse!.next((e) => e.event === 'hello');
  t.equal(listeners(), before + 5, 'one of each while open');
  first.controller.abort();
  for (let i = 0; i < 100 && listeners() !== before; i++) await new Promise((r) => setTimeout(r, 10));
  t.equal(listeners(), before, 'all removed after the client aborts');

  const second = await open();
  await second.sse!.next((e) => e.event === 'hello');
  const started = Date.now();
  await app.close();
  t.ok(Date.now() - started < 1000, `app.close() resolved in ${Date.now() - started} ms with a stream open`);
  await t.rejects(second.sse!.next(() => false, 2000), /the stream ended/, 'the client sees the stream end');
  t.equal(listeners(), before);
});

t.test('the control key: the header, or `key` on /_mock/events only; at most 64 streams', async (t) => {
  const key = 'k'.repeat(24);
  const { call, open, base } = await listening(t, { config: { controlAuth: 'key', controlKey: key } });
  t.equal((await call('/_mock/events')).json.error.code, 'controlKeyRequired');
  const wrong = (await call('/_mock/events?key=wrong-key-wrong-key')).json.error;
  t.equal(wrong.code, 'controlKeyInvalid');
  t.match(wrong.message, /^The key query parameter does not hold/, 'names what was wrong: the query parameter, not a header never sent');
  t.match((await call({ url: '/_mock/events?key=wrong-key-wrong-key', headers: { 'x-mock-control-key': 'wrong-key-wrong-key' } })).json.error.message, /^The x-mock-control-key header does not hold/);
  t.equal((await call(`/_mock/devices?key=${key}`)).json.error.code, 'controlKeyRequired', 'no other route takes it in the URL');
  const byQuery = await open(`?key=${key}`);
  t.equal(byQuery.res.status, 200);
  await byQuery.sse!.next((e) => e.event === 'hello');
  const streams = [byQuery];
  for (let i = 1; i < 64; i++) streams.push(await open('', { 'x-mock-control-key': key }));
  t.ok(streams.every((s) => s.res.status === 200), '64 open');
  const refused = await fetch(`${base}/_mock/events`, { headers: { 'x-mock-control-key': key } });
  t.equal(refused.status, 503);
  t.equal(((await refused.json()) as { error: { code: string } }).error.code, 'tooManyStreams');
  for (const s of streams) s.controller.abort();
});

t.test('the control key given as `key` never reaches the mock\'s log (a key from the environment is never printed)', async (t) => {
  const key = 'secret-control-key-0123456789';
  const near = 'secret-control-key-012345678X'; // a typo of the key is as good as the key
  for (const logFormat of ['text', 'json'] as const) {
    const lines: string[] = [];
    const app = await buildApp(loadConfig([], {}, { auth: 'off', logLevel: 'info', logFormat, controlAuth: 'key', controlKey: key }), {
      clock: new ManualClock(), fixture: defaultFixture(), signingKey: await sharedSigningKey, logStream: { write: (s: string) => lines.push(s) },
    });
    t.teardown(() => app.close());
    t.equal((await app.inject({ method: 'GET', url: `/_mock/events?key=${near}` })).statusCode, 401);
    t.equal((await app.inject({ method: 'GET', url: `/_MOCK/events?tenant=x&%6Bey=${near}` })).statusCode, 401);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const res = await fetch(`http://127.0.0.1:${port}/_mock/events?key=${key}`);
    t.equal(res.status, 200);
    const reader = res.body!.getReader();
    await reader.read(); // the stream is open
    await app.close(); // ends the stream: its line is written
    await reader.cancel().catch(() => undefined);
    const log = lines.join('');
    t.match(log, /\/_mock\/events\?key=<redacted>/, `${logFormat}: the request is logged`);
    t.notMatch(log, /secret-control-key/, `${logFormat}: not the key`);
  }
});
