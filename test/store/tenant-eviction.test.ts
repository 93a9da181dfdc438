import t from 'tap';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_CLOCK_MS } from '../../src/domain/clock.js';
import { resolveTenantId } from '../../src/domain/tenants.js';
import type { FileStore } from '../../src/store/file-store.js';
import { build, graphError } from '../helpers/build.js';

const HOUR = 3_600_000;
const as = (tenant: string) => ({ 'x-mock-tenant': tenant });
const touch = (tenant: string) => ({ method: 'GET' as const, url: '/_mock/devices', headers: as(tenant) });
// Graph calls with `--auth off` are the default tenant's; a tenant's own change here is its clock (control API).
const change = (tenant: string, seconds: number) => ({ method: 'POST' as const, url: '/_mock/clock', headers: as(tenant), payload: { advanceSeconds: seconds } });
const clockOf = (tenant: string) => ({ method: 'GET' as const, url: '/_mock/clock', headers: as(tenant) });
const tokenFor = (tenant: string) => ({
  method: 'POST' as const, url: `/${tenant}/oauth2/v2.0/token`,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'my-app', client_secret: 's', scope: 'https://graph.microsoft.com/.default' }).toString(),
});

t.test('without --data: past --max-tenants the least recently used pristine tenant is dropped, with its faults', async (t) => {
  const { call, app } = await build(t, { config: { maxTenants: 2 } });
  t.equal((await call(touch('job-a'))).statusCode, 200);
  t.equal((await call({ method: 'POST', url: '/_mock/faults', headers: as('job-a'), payload: { path: '/nowhere', status: 503 } })).statusCode, 201);
  t.equal((await call(touch('job-b'))).statusCode, 200);
  t.equal((await call(touch('job-a'))).statusCode, 200, 'job-a used again: job-b is now the least recently used');
  t.equal((await call(touch('job-c'))).statusCode, 200, 'a third tenant: one pristine tenant is dropped');
  t.same(app.mock.store.tenantIds().sort(), [resolveTenantId('job-a'), resolveTenantId('job-c')].sort(), 'job-b, the least recently used, was dropped');
  t.equal((await call(touch('job-d'))).statusCode, 200);
  t.same(app.mock.store.tenantIds().sort(), [resolveTenantId('job-c'), resolveTenantId('job-d')].sort());
  t.same((await call({ method: 'GET', url: '/_mock/faults', headers: as('job-a') })).json.faults, [], 'a dropped tenant\'s fault rules go with it');
  t.equal((await call(touch('job-a'))).statusCode, 200, 'made again from the seed on its next use');
});

t.test('without --data: a changed tenant is never dropped; a new tenant is refused in each surface\'s shape, naming the setting', async (t) => {
  const { call, app, clock } = await build(t, { config: { maxTenants: 2 } });
  const base = clock.now();
  t.equal((await call(change('job-a', 60))).statusCode, 200);
  t.equal((await call(change('job-b', 120))).statusCode, 200);
  // The default tenant, Graph's with --auth off, is new here.
  const graph = graphError(t, await call('/v1.0/deviceManagement/managedDevices'), 503, 'serviceNotAvailable');
  t.match(graph.message, /at most 2 tenants in memory \(--max-tenants, INTUNE_MOCK_MAX_TENANTS\)/);
  const control = await call(touch('job-c'));
  t.equal(control.statusCode, 503);
  t.match(control.json, { error: { code: 'tenantUnavailable', message: /--max-tenants/ } });
  const token = await call(tokenFor('job-c'));
  t.equal(token.statusCode, 503);
  t.match(token.json, { error: 'temporarily_unavailable', error_codes: [50000], error_description: /--max-tenants/ });
  t.same(app.mock.store.tenantIds().sort(), [resolveTenantId('job-a'), resolveTenantId('job-b')].sort(), 'nothing was dropped');
  t.equal(Date.parse((await call(clockOf('job-a'))).json.now) - base, 60_000, 'the changed tenants keep their changes');
  t.equal(Date.parse((await call(clockOf('job-b'))).json.now) - base, 120_000);
  t.equal((await call({ method: 'POST', url: '/_mock/reset', headers: as('job-a') })).statusCode, 200, 'a reset tenant is as the seed made it again');
  t.equal((await call(touch('job-c'))).statusCode, 200, 'so it can be dropped for a new one');
  t.notOk(app.mock.store.tenantIds().includes(resolveTenantId('job-a')));
});

t.test('with --data: a tenant whose changes are written leaves memory and is loaded from its file on next use', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'intune-mock-evict-'));
  const { call, app, clock } = await build(t, { config: { maxTenants: 2, data } });
  const base = clock.now();
  const store = app.mock.store as FileStore;
  t.equal((await call(change('job-a', 60))).statusCode, 200);
  t.equal((await call(change('job-b', 120))).statusCode, 200);
  // Both have unwritten changes (the write comes WRITE_DELAY_MS later): nothing can leave memory yet.
  t.equal((await call(touch('job-c'))).statusCode, 503, 'refused while every tenant has unwritten changes');
  await store.flush();
  t.equal((await call({ method: 'POST', url: '/_mock/faults', headers: as('job-a'), payload: { path: '/nowhere', status: 503 } })).statusCode, 201);
  t.equal((await call(touch('job-c'))).statusCode, 200, 'written: job-a, the least recently used, leaves memory');
  t.same(store.tenantIds().sort(), ['job-a', 'job-b', 'job-c'].map(resolveTenantId).sort(), 'a tenant set aside is still listed');
  t.same(readdirSync(join(data, 'tenants')).length, 2, 'job-c is not written yet; job-a and job-b are');
  t.same((await call({ method: 'GET', url: '/_mock/faults', headers: as('job-a') })).json.faults, [], 'its faults are dropped');
  await store.flush();
  t.equal(Date.parse((await call(clockOf('job-a'))).json.now) - base, 60_000, 'loaded again, with its change');
  t.equal((await call(change('job-a', 1))).statusCode, 200);
  await store.flush();
  t.equal((await call(touch('job-b'))).statusCode, 200, 'job-b loaded again: job-c leaves memory');
  t.equal((await call(touch('job-c'))).statusCode, 200, 'job-c loaded again: job-a leaves memory');
  t.equal(Date.parse((await call(clockOf('job-a'))).json.now) - base, 61_000, 'the change made after reloading is kept too');
});

t.test('with --data: a global clock advance sets no tenant aside; set-aside, unloaded and damaged files still count or are skipped', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'intune-mock-evict-'));
  const { call, app, clock } = await build(t, { config: { maxTenants: 2, data } });
  const store = app.mock.store as FileStore;
  clock.advance(MAX_CLOCK_MS - clock.now() - 3 * HOUR);
  for (const [tenant, seconds] of [['job-a', 7200], ['job-b', 60], ['job-c', 60]] as const) {
    t.equal((await call(change(tenant, seconds))).statusCode, 200);
    await store.flush();
  }
  // The default tenant (Graph's with --auth off) with a journal and a fault; job-a, two hours ahead, is set aside.
  t.equal((await call('/v1.0/deviceManagement/managedDevices')).statusCode, 200);
  t.equal((await call({ method: 'POST', url: '/_mock/faults', payload: { path: '/nowhere', status: 503 } })).statusCode, 201);
  await store.flush();
  t.notOk(store.loadedTenantIds().includes(resolveTenantId('job-a')), 'job-a is set aside');
  const journal = (await call('/_mock/requests')).json.requests.length;
  t.ok(journal > 0);

  const refused = await call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 3600, allTenants: true } });
  t.equal(refused.statusCode, 400, 'job-a, set aside, still counts: its clock would reach the end');
  t.match(refused.json.error.message, /at most 3599 seconds more/);
  t.equal((await call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 1, allTenants: true } })).statusCode, 200);
  t.equal((await call('/_mock/requests')).json.requests.length, journal, 'the default tenant\'s journal is kept');
  t.equal((await call('/_mock/faults')).json.faults.length, 1, 'and its fault');
  t.notOk(store.loadedTenantIds().includes(resolveTenantId('job-a')), 'nothing was loaded');
  await app.close();

  // A second start: files never loaded since are read for their offset, without loading; a damaged one is skipped.
  writeFileSync(join(data, 'tenants', `${resolveTenantId('job-b')}.json`), '{"damaged');
  const second = await build(t, { config: { maxTenants: 2, data } });
  second.clock.advance(MAX_CLOCK_MS - second.clock.now() - 3 * HOUR);
  const again = await second.call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 3600, allTenants: true } });
  t.equal(again.statusCode, 400, 'job-a\'s file, not loaded, still counts');
  t.match(again.json.error.message, /at most 3599 seconds more/);
  t.notOk((second.app.mock.store as FileStore).loadedTenantIds().includes(resolveTenantId('job-a')), 'job-a was not loaded by the advance');
  t.equal((await second.call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 60, allTenants: true } })).statusCode, 200, 'the damaged file is skipped, not a 503');
});

t.test('with --data: a tenant never written, as the seed made it, leaves memory and is made again from the seed', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'intune-mock-evict-'));
  const { call, app } = await build(t, { config: { maxTenants: 2, data } });
  const store = app.mock.store as FileStore;
  for (const tenant of ['job-a', 'job-b', 'job-c']) t.equal((await call(touch(tenant))).statusCode, 200, `${tenant}: no write to wait for`);
  t.same(store.tenantIds().sort(), ['job-b', 'job-c'].map(resolveTenantId).sort(), 'job-a, never written, is gone');
  await store.flush();
  t.same(readdirSync(join(data, 'tenants')), [], 'nothing was written');
  t.equal((await call(touch('job-a'))).statusCode, 200, 'made again from the seed');
});
