/**
 * One clock per tenant (docs/simulation.md#mock-clock): moving one tenant's time never settles another's
 * actions, and everything in a tenant's world (action timestamps, check-ins, the 7-day expiry, the
 * journal, Graph's `Date` header and `innerError.date`) reads that tenant's clock.
 */
import t from 'tap';
import { resolveTenantId } from '../../src/domain/tenants.js';
import { build, graphError, type Teardownable } from '../helpers/build.js';
import { android, simFixture } from '../helpers/sim-fixture.js';

const DA = android('da', '6.0.1', { enrollment: 'deviceAdministrator' });
const DAY = 86_400_000;
const DEVICE = '/v1.0/deviceManagement/managedDevices/da';
const A = 'job-a.example';
const B = 'job-b.example';

/** A strict-auth mock and a caller per tenant: Graph with that tenant's token, the control API with its header. */
async function twoTenants(t: Teardownable) {
  const built = await build(t, { fixture: simFixture([DA]), config: { auth: 'strict' } });
  const as = async (tenant: string) => {
    const token = (await built.call({ method: 'POST', url: '/_mock/tokens', payload: {}, headers: { 'x-mock-tenant': tenant } })).json.access_token as string;
    return {
      graph: (o: { method?: 'GET' | 'POST'; url: string }) => built.call({ method: o.method ?? 'GET', url: o.url, headers: { authorization: `Bearer ${token}` } }),
      control: (o: { method?: 'GET' | 'POST' | 'PUT'; url: string; payload?: object }) =>
        built.call({ method: o.method ?? 'GET', url: o.url, headers: { 'x-mock-tenant': tenant }, ...(o.payload ? { payload: o.payload } : {}) }),
    };
  };
  return { ...built, a: await as(A), b: await as(B) };
}
type Tenant = Awaited<ReturnType<typeof twoTenants>>['a'];

const advance = (tenant: Tenant, seconds: number) => tenant.control({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: seconds } });
const resultOf = async (tenant: Tenant) => (await tenant.graph({ url: `${DEVICE}?$select=deviceActionResults` })).json.deviceActionResults[0];
const resetPasscode = (tenant: Tenant) => tenant.graph({ method: 'POST', url: `${DEVICE}/resetPasscode` });
const httpDate = (ms: number) => new Date(ms).toUTCString();

t.test('moving one tenant\'s clock completes only that tenant\'s actions', async (t) => {
  const { a, b, clock, call } = await twoTenants(t);
  const start = clock.now();
  t.equal((await resetPasscode(a)).statusCode, 204);
  t.equal((await resetPasscode(b)).statusCode, 204);

  const moved = await advance(a, 2);
  t.equal(moved.statusCode, 200);
  t.same(moved.json, { now: new Date(start + 2000).toISOString(), tenant: resolveTenantId(A) }, 'the answer names the tenant whose clock moved');
  t.equal((await resultOf(a)).actionState, 'done', 'A\'s device checked in on A\'s clock');
  t.equal((await resultOf(b)).actionState, 'pending', 'B\'s action is not completed by A\'s clock');
  t.equal((await b.control({ url: '/_mock/devices/da' })).json.pendingActions.length, 1);
  t.same((await b.control({ url: '/_mock/clock' })).json, { now: new Date(start).toISOString(), tenant: resolveTenantId(B) }, 'B\'s clock did not move');
  t.equal((await call('/_mock/clock')).json.now, new Date(start).toISOString(), 'nor the default tenant\'s');
  t.equal((await a.control({ url: '/_mock/clock' })).json.now, new Date(start + 2000).toISOString());

  t.equal((await advance(b, 2)).json.now, new Date(start + 2000).toISOString());
  t.equal((await resultOf(b)).actionState, 'done', 'B\'s own clock completes it');
  t.equal((await a.control({ url: '/_mock/clock' })).json.now, new Date(start + 2000).toISOString(), 'A\'s clock did not move again');
});

t.test('the base clock moves every tenant; each tenant\'s 7-day passcode expiry is on its own clock', async (t) => {
  const { a, b, clock } = await twoTenants(t);
  await resetPasscode(a);
  await resetPasscode(b);
  clock.advance(2000); // the base clock: both devices check in
  const codeA = (await resultOf(a)).passcode;
  const codeB = (await resultOf(b)).passcode;
  t.type(codeA, 'string');
  t.type(codeB, 'string');
  await advance(a, 7 * 86_400);
  t.equal((await resultOf(a)).passcode, null, 'gone on A after 7 days of A\'s time');
  t.equal((await resultOf(b)).passcode, codeB, 'still readable on B');
});

t.test('a tenant\'s timestamps, journal, Date header and innerError.date are on its clock', async (t) => {
  const { a, b, clock, call } = await twoTenants(t);
  const start = clock.now();
  await advance(a, 10 * 86_400);
  const aNow = start + 10 * DAY;

  const accepted = await resetPasscode(a);
  t.equal(accepted.statusCode, 204);
  t.equal(accepted.headers.date, httpDate(aNow), 'Date on a success answer');
  t.match(await resultOf(a), { actionState: 'pending', startDateTime: new Date(aNow).toISOString(), lastUpdatedDateTime: new Date(aNow).toISOString() });
  t.match((await a.control({ url: '/_mock/devices/da' })).json.pendingActions, [{ requestedAt: new Date(aNow).toISOString(), checkInAt: new Date(aNow + 2000).toISOString() }]);
  const audits = (await a.graph({ url: '/beta/deviceManagement/remoteActionAudits' })).json.value;
  t.match(audits, [{ requestDateTime: new Date(aNow).toISOString() }]);

  const missing = await a.graph({ url: '/v1.0/deviceManagement/managedDevices/nope' });
  graphError(t, missing, 404, 'ResourceNotFound');
  t.equal(missing.headers.date, httpDate(aNow), 'Date header: the tenant\'s clock');
  t.equal(missing.json.error.innerError.date, new Date(aNow).toISOString().slice(0, 19), 'innerError.date: the same clock');
  t.match(String(missing.headers.date), /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/, 'an HTTP-date');

  const other = await b.graph({ url: '/v1.0/deviceManagement/managedDevices/nope' });
  t.equal(other.headers.date, httpDate(start), 'another tenant\'s answer: its own clock');
  t.equal(other.json.error.innerError.date, new Date(start).toISOString().slice(0, 19));

  const anonymous = await call('/v1.0/deviceManagement/managedDevices');
  graphError(t, anonymous, 401, 'InvalidAuthenticationToken');
  t.equal(anonymous.headers.date, httpDate(start), 'before the caller is known: the base clock');
  t.equal(anonymous.json.error.innerError.date, new Date(start).toISOString().slice(0, 19));

  const journal = (await a.control({ url: '/_mock/requests?path=/v1.0/deviceManagement/managedDevices/nope' })).json.requests;
  t.equal(journal.length, 1);
  t.ok(Math.abs(Date.parse(journal[0].time) - aNow) < 60_000, `the journal's time is A's (${journal[0].time})`);
});

t.test('a reset puts the tenant\'s clock back; replacing its state keeps it', async (t) => {
  const { a, b, clock } = await twoTenants(t);
  const start = clock.now();
  await advance(a, 3600);
  await advance(b, 3600);

  const exported = (await a.control({ url: '/_mock/fixtures' })).json;
  t.equal((await a.control({ method: 'PUT', url: '/_mock/fixtures', payload: exported })).statusCode, 200);
  t.equal((await a.control({ url: '/_mock/clock' })).json.now, new Date(start + 3600_000).toISOString(), 'PUT /_mock/fixtures keeps the clock');
  t.equal((await resetPasscode(a)).statusCode, 204);
  t.match((await a.control({ url: '/_mock/devices/da' })).json.pendingActions, [{ requestedAt: new Date(start + 3600_000).toISOString() }], 'the replaced state runs on it');

  t.equal((await a.control({ method: 'POST', url: '/_mock/reset', payload: {} })).statusCode, 200);
  t.equal((await a.control({ url: '/_mock/clock' })).json.now, new Date(start).toISOString(), 'a reset puts it back to the base clock');
  t.equal((await resetPasscode(a)).statusCode, 204);
  t.match((await a.control({ url: '/_mock/devices/da' })).json.pendingActions, [{ requestedAt: new Date(start).toISOString() }]);
  t.equal((await b.control({ url: '/_mock/clock' })).json.now, new Date(start + 3600_000).toISOString(), 'another tenant\'s clock stays');
});

t.test('the clock routes refuse a bad x-mock-tenant', async (t) => {
  const { call } = await build(t);
  for (const method of ['GET', 'POST'] as const) {
    const res = await call({ method, url: '/_mock/clock', headers: { 'x-mock-tenant': 'not a tenant!' }, ...(method === 'POST' ? { payload: { advanceSeconds: 1 } } : {}) });
    t.equal(res.statusCode, 400, method);
    t.equal(res.json.error.code, 'invalidTenant');
  }
  t.equal((await call('/_mock/clock')).json.now, new Date(Date.UTC(2026, 0, 15, 9)).toISOString(), 'nothing moved');
});
