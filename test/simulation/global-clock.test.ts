/**
 * The global clock advance (docs/simulation.md#mock-clock): `{"advanceSeconds": n, "allTenants": true}` moves
 * the base clock, so every tenant's clock, also of tenants not seen yet; each tenant settles on its next use;
 * refused whole when any tenant would reach the clock's end. And a program's own base clock beyond the end is
 * refused at the start, or stands still just before it when moved there later (never a 500).
 */
import t from 'tap';
import { Clocks, MAX_CLOCK_MS, ManualClock } from '../../src/domain/clock.js';
import { resolveTenantId } from '../../src/domain/tenants.js';
import { startMock } from '../../src/server.js';
import { build, graphError, sharedSigningKey } from '../helpers/build.js';
import { android, simFixture } from '../helpers/sim-fixture.js';

const DA = android('da', '6.0.1', { enrollment: 'deviceAdministrator' });
const A = 'job-a.example';
const B = 'job-b.example';
const HOUR = 3_600_000;
const as = (tenant: string) => ({ 'x-mock-tenant': tenant });

t.test('allTenants moves every tenant, seen or not; each keeps its own offset and settles on its next use', async (t) => {
  const { call, clock, app } = await build(t, { fixture: simFixture([DA]) });
  const start = clock.now();
  const post = (url: string, tenant: string | undefined, payload?: object) => call({ method: 'POST', url, headers: tenant ? as(tenant) : {}, ...(payload ? { payload } : {}) });
  // The default tenant (Graph's under --auth off): an action whose check-in falls due 2 s after the device comes online.
  t.equal((await post('/_mock/devices/da/events', undefined, { type: 'goOffline' })).statusCode, 200);
  t.equal((await post('/v1.0/deviceManagement/managedDevices/da/resetPasscode', undefined)).statusCode, 204);
  await post('/_mock/devices/da/events', undefined, { type: 'goOnline' });
  t.equal((await post('/_mock/clock', B, { advanceSeconds: 60 })).statusCode, 200, 'B is a minute ahead');

  const moved = await post('/_mock/clock', A, { advanceSeconds: 3600, allTenants: true });
  t.equal(moved.statusCode, 200);
  t.same(moved.json, { now: new Date(start + HOUR).toISOString(), tenant: resolveTenantId(A) }, 'the answer is the header\'s tenant\'s time (A, not seen before)');
  const stored = app.mock.store.get(resolveTenantId('contoso.onmicrosoft.com'))!.devices.get('da')!;
  t.equal(stored.pendingActions.length, 1, 'the default tenant has not settled yet: nothing is done as a side effect of the advance');
  t.equal((await call({ url: '/_mock/clock', headers: as(B) })).json.now, new Date(start + HOUR + 60_000).toISOString(), 'B keeps its minute ahead');
  t.equal((await call({ url: '/_mock/clock', headers: as('never-seen.example') })).json.now, new Date(start + HOUR).toISOString(), 'a tenant not seen yet starts at the moved base clock');
  t.equal((await call('/_mock/clock')).json.now, new Date(start + HOUR).toISOString(), 'the default tenant moved too');
  const device = (await call('/_mock/devices/da')).json;
  t.equal(device.pendingActions.length, 0, 'it settles on its next use: the check-in fell due within the hour');
  t.match(device.device.deviceActionResults, [{ actionName: 'resetPasscode', actionState: 'done', lastUpdatedDateTime: new Date(start + 2000).toISOString() }], 'at the time it fell due');

  t.equal((await post('/_mock/clock', A, { advanceSeconds: 1, allTenants: false })).json.now, new Date(start + HOUR + 1000).toISOString(), 'allTenants false: the tenant\'s own advance');
  t.equal((await call('/_mock/clock')).json.now, new Date(start + HOUR).toISOString());
  t.equal((await post('/_mock/clock', A, { advanceSeconds: 1, allTenants: 'yes' })).statusCode, 400, 'a typed body');
});

t.test('allTenants is refused whole when any tenant would reach 9999-01-01', async (t) => {
  const { call, clock } = await build(t);
  clock.advance(MAX_CLOCK_MS - clock.now() - 3 * HOUR);
  const base = clock.now();
  t.equal((await call({ method: 'POST', url: '/_mock/clock', headers: as(A), payload: { advanceSeconds: 7200 } })).statusCode, 200, 'A is two hours ahead');
  const refused = await call({ method: 'POST', url: '/_mock/clock', headers: as(B), payload: { advanceSeconds: 7200, allTenants: true } });
  t.equal(refused.statusCode, 400);
  t.equal(refused.json.error.code, 'invalidRequest');
  t.match(refused.json.error.message, /furthest ahead is at 9998-12-31T23:00:00\.000Z, so all clocks can move at most 3599 seconds more\. No clock moved\./);
  t.equal(clock.now(), base, 'the base clock did not move');
  t.equal((await call({ url: '/_mock/clock', headers: as(B) })).json.now, new Date(base).toISOString());
  t.equal((await call({ method: 'POST', url: '/_mock/clock', headers: as(B), payload: { advanceSeconds: 3599, allTenants: true } })).statusCode, 200, 'exactly what is left');
  t.equal((await call({ url: '/_mock/clock', headers: as(A) })).json.now, new Date(MAX_CLOCK_MS - 1000).toISOString());
});

t.test('a program\'s base clock: refused at the start beyond the end; moved there later, time stands still just before it', async (t) => {
  t.throws(() => new Clocks(new ManualClock(MAX_CLOCK_MS)), RangeError);
  t.throws(() => new Clocks({ now: () => Number.NaN, advance: () => {} }), RangeError);
  await t.rejects(startMock({ clock: new ManualClock(MAX_CLOCK_MS + 1), signingKey: await sharedSigningKey }), /must be between 1970-01-01 and 9999-01-01/);

  const { call, clock } = await build(t);
  clock.advance(8.7e15); // past what a Date can hold
  const now = await call('/_mock/clock');
  t.equal(now.statusCode, 200);
  t.equal(now.json.now, new Date(MAX_CLOCK_MS - 1).toISOString());
  graphError(t, await call('/v1.0/deviceManagement/managedDevices/nope'), 404, 'ResourceNotFound');
  t.equal((await call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 1 } })).statusCode, 400, 'no room left: the control 400');
  t.equal((await call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 1, allTenants: true } })).statusCode, 400);
});
