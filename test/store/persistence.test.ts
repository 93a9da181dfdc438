import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { DEFAULT_TENANT_ID } from '../../src/domain/tenants.js';
import { FileStore, StoreFileError } from '../../src/store/file-store.js';
import { defaultFixture } from '../helpers/build.js';

const fleet = defaultFixture().devices!;
const dataDir = () => mkdtempSync(join(tmpdir(), 'intune-mock-data-'));
const start = async (data: string) => buildApp(loadConfig([], {}, { logLevel: 'silent', auth: 'off', data }), { clock: new ManualClock(), fixture: defaultFixture() });
const tenantFile = (dir: string, id = DEFAULT_TENANT_ID) => join(dir, 'tenants', `${id}.json`);
const readTenant = (dir: string, id = DEFAULT_TENANT_ID) => JSON.parse(readFileSync(tenantFile(dir, id), 'utf8'));
const patch = (id: string, notes: string) => ({
  method: 'PATCH' as const, url: `/v1.0/deviceManagement/managedDevices/${id}`,
  headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ notes }),
});

t.test('a change survives a restart, with every tenant', async (t) => {
  const dir = dataDir();
  const first = await start(dir);
  t.equal((await first.inject(patch(fleet[0]!.id, 'kept'))).statusCode, 204);
  t.equal((await first.inject({ method: 'DELETE', url: `/v1.0/deviceManagement/managedDevices/${fleet[1]!.id}` })).statusCode, 204);
  await first.close();

  const index = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'));
  t.same(index, { intuneMock: { schemaVersion: 2 }, tenantFiles: 'tenants/<tenantId>.json' }, 'db.json is the index, with the schema version');
  t.same(readdirSync(join(dir, 'tenants')), [`${DEFAULT_TENANT_ID}.json`], 'one file per tenant');
  const doc = readTenant(dir);
  t.match(doc, { intuneMock: { schemaVersion: 2 }, tenantId: DEFAULT_TENANT_ID });
  const stored = doc.tenant.devices;
  t.equal(stored.length, fleet.length, 'a deleted device is kept, hidden, until it carries out its retire');
  t.equal(stored.find((r: any) => r.device.id === fleet[1]!.id).simulation.enrolled, false);

  const second = await start(dir);
  t.teardown(() => second.close());
  const got = await second.inject(`/v1.0/deviceManagement/managedDevices/${fleet[0]!.id}?$select=notes`);
  t.equal(JSON.parse(got.body).notes, 'kept');
  t.equal((await second.inject(`/v1.0/deviceManagement/managedDevices/${fleet[1]!.id}`)).statusCode, 404);
  t.same([...readdirSync(dir), ...readdirSync(join(dir, 'tenants'))].filter((f) => f.includes('tmp')), [], 'no temporary file left behind');
  t.ok(readdirSync(join(dir, 'keys')).includes('token-signing-key.pem'), 'the signing key is kept with the data');
});

t.test('a burst of changes is one write; flush makes it durable', async (t) => {
  const dir = dataDir();
  const app = await start(dir);
  t.teardown(() => app.close());
  const store = app.mock.store as FileStore;
  const before = store.writes;
  await Promise.all(fleet.slice(0, 10).map((d, i) => app.inject(patch(d.id, `burst ${i}`))));
  await store.flush();
  t.equal(store.writes - before, 1, 'ten PATCHes, one write');
  const notes = readTenant(dir).tenant.devices.slice(0, 10).map((r: any) => r.device.notes);
  t.same(notes, fleet.slice(0, 10).map((_, i) => `burst ${i}`));
  await store.flush();
  t.equal(store.writes - before, 1, 'nothing changed, nothing written');
});

t.test('reads do not rewrite the file', async (t) => {
  const dir = dataDir();
  const app = await start(dir);
  t.equal((await app.inject(patch(fleet[0]!.id, 'written'))).statusCode, 204); // a change: the tenant's file is written
  await (app.mock.store as FileStore).flush();
  const mtimes = [statSync(join(dir, 'db.json')).mtimeMs, statSync(tenantFile(dir)).mtimeMs];
  const writes = (app.mock.store as FileStore).writes;
  for (let i = 0; i < 5; i++) await app.inject('/v1.0/deviceManagement/managedDevices?$top=3');
  await app.close();
  t.equal((app.mock.store as FileStore).writes, writes);
  t.same([statSync(join(dir, 'db.json')).mtimeMs, statSync(tenantFile(dir)).mtimeMs], mtimes);
});

t.test('refused requests do not rewrite the file', async (t) => {
  const dir = dataDir();
  const app = await start(dir);
  t.teardown(() => app.close());
  const store = app.mock.store as FileStore;
  await app.inject('/v1.0/deviceManagement/managedDevices'); // creates the tenant: one write
  await store.flush();
  const writes = store.writes;
  const windows = fleet.find((d) => d.operatingSystem === 'Windows')!;
  const refused = [
    await app.inject(patch('00000000-0000-0000-0000-000000000000', 'x')),
    await app.inject({ ...patch(fleet[0]!.id, 'x'), payload: JSON.stringify({ deviceName: 'read-only' }) }),
    await app.inject({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${windows.id}/resetPasscode` }),
    await app.inject({ method: 'POST', url: '/v1.0/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000000/resetPasscode' }),
  ];
  t.same(refused.map((r) => r.statusCode), [404, 400, 400, 404]);
  await store.flush();
  t.equal(store.writes, writes, 'nothing was changed, nothing written');
});

t.test('a corrupt, foreign or newer db.json stops the start and is left untouched', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['corrupt', '{"intuneMock": {"schemaVersion": 1}, "tenants": {', /not valid JSON/],
    ['foreign', JSON.stringify({ users: [{ name: 'someone else' }] }), /not an intune-mock data file/],
    ['array', '[]', /not an intune-mock data file/],
    ['newer', JSON.stringify({ intuneMock: { schemaVersion: 99 }, tenants: {} }), /schema version 99/],
    ['invalid', JSON.stringify({ intuneMock: { schemaVersion: 1 }, tenants: { x: { devices: [{ device: { id: 1 } }], users: [], compliancePolicies: [], apps: [] } } }), /content is not valid/],
    // A clock offset past year 9999 (docs/simulation.md#mock-clock): the mock never writes one.
    ['clock', JSON.stringify({ intuneMock: { schemaVersion: 1 }, tenants: { x: { devices: [], users: [], compliancePolicies: [], apps: [], audits: [], clockOffsetMs: 1e16 } } }), /content is not valid/],
  ];
  for (const [name, content, message] of cases) {
    const dir = dataDir();
    writeFileSync(join(dir, 'db.json'), content);
    await t.rejects(start(dir), { name: 'StoreFileError', message }, name);
    await t.rejects(FileStore.open(dir), StoreFileError);
    t.equal(readFileSync(join(dir, 'db.json'), 'utf8'), content, `${name}: never overwritten`);
  }
});

t.test('a missing data directory is created', async (t) => {
  const dir = join(dataDir(), 'nested', 'deeper');
  const app = await start(dir);
  await app.inject(patch(fleet[0]!.id, 'x'));
  await app.close();
  t.ok(statSync(join(dir, 'db.json')).isFile());
});

t.test('pending actions, results and audits survive a restart and complete on the clock', async (t) => {
  const dir = dataDir();
  const clock = new ManualClock();
  const config = loadConfig([], {}, { logLevel: 'silent', auth: 'off', data: dir });
  const da = fleet.find((d) => d.simulation?.enrollment === 'deviceAdministrator' && d.osVersion === '6.0.1')!;
  const first = await buildApp(config, { clock, fixture: defaultFixture() });
  t.equal((await first.inject({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${da.id}/resetPasscode` })).statusCode, 204);
  await first.close();

  const second = await buildApp(config, { clock, fixture: defaultFixture() });
  t.teardown(() => second.close());
  const pending = JSON.parse((await second.inject(`/_mock/devices/${da.id}`)).body);
  t.equal(pending.pendingActions.length, 1, 'still pending after the restart');
  clock.advance(2000);
  const result = JSON.parse((await second.inject(`/v1.0/deviceManagement/managedDevices/${da.id}?$select=deviceActionResults`)).body).deviceActionResults[0];
  t.equal(result.actionState, 'done', 'the restored check-in happens');
  const audits = JSON.parse((await second.inject('/beta/deviceManagement/remoteActionAudits')).body).value;
  t.match(audits, [{ managedDeviceId: da.id, actionState: 'done' }]);
});

t.test('a tenant\'s clock survives a restart; other tenants\' clocks are their own', async (t) => {
  const dir = dataDir();
  const config = loadConfig([], {}, { logLevel: 'silent', auth: 'off', data: dir });
  const startMs = Date.UTC(2026, 0, 15, 9);
  const da = fleet.find((d) => d.simulation?.enrollment === 'deviceAdministrator' && d.osVersion === '6.0.1')!;
  const advance = (seconds: number) => ({ method: 'POST' as const, url: '/_mock/clock', payload: { advanceSeconds: seconds } });
  const first = await buildApp(config, { clock: new ManualClock(startMs), fixture: defaultFixture() });
  t.equal(JSON.parse((await first.inject(advance(86_400))).body).now, new Date(startMs + 86_400_000).toISOString());
  t.equal((await first.inject({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${da.id}/resetPasscode` })).statusCode, 204);
  // Another tenant, changed (a device goes offline) so that it has a file, its clock not moved.
  t.equal((await first.inject({ method: 'POST', url: `/_mock/devices/${da.id}/events`, headers: { 'x-mock-tenant': 'other-job' }, payload: { type: 'goOffline' } })).statusCode, 200);
  await first.close();

  t.equal(readTenant(dir).tenant.clockOffsetMs, 86_400_000, 'the offset is stored with the tenant');
  const other = readdirSync(join(dir, 'tenants')).find((f) => f !== `${DEFAULT_TENANT_ID}.json`)!;
  t.notOk('clockOffsetMs' in readTenant(dir, other.replace(/\.json$/, '')).tenant, 'a tenant whose clock never moved stores none');

  // A new process: the base clock starts where it did, the tenant's clock is still a day ahead.
  const second = await buildApp(config, { clock: new ManualClock(startMs), fixture: defaultFixture() });
  t.teardown(() => second.close());
  t.equal(JSON.parse((await second.inject('/_mock/clock')).body).now, new Date(startMs + 86_400_000).toISOString(), 'still ahead after the restart');
  t.equal(JSON.parse((await second.inject({ method: 'GET', url: '/_mock/clock', headers: { 'x-mock-tenant': 'other-job' } })).body).now, new Date(startMs).toISOString());
  const state = JSON.parse((await second.inject(`/_mock/devices/${da.id}`)).body);
  t.match(state.pendingActions, [{ checkInAt: new Date(startMs + 86_400_000 + 2000).toISOString() }], 'due on the tenant\'s clock, not yet');
  t.equal(JSON.parse((await second.inject(advance(2))).body).now, new Date(startMs + 86_400_000 + 2000).toISOString());
  const result = JSON.parse((await second.inject(`/v1.0/deviceManagement/managedDevices/${da.id}?$select=deviceActionResults,lastSyncDateTime`)).body);
  t.equal(result.deviceActionResults[0].actionState, 'done', 'checked in on the restored clock');
  t.equal(result.lastSyncDateTime, new Date(startMs + 86_400_000 + 2000).toISOString());
});

/** A small tmpfs mounted at a new directory (root only, as on CI); undefined where mounting is not allowed. */
function tmpfs(options: string): string | undefined {
  const dir = dataDir();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  process.once('exit', () => spawnSync('umount', [dir]));
  return dir;
}

t.test('a data directory on a read-only file system stops the start with one clear message', async (t) => {
  const dir = tmpfs('size=64k,ro');
  if (!dir) return t.plan(0, 'mounting a tmpfs needs root');
  await t.rejects(start(dir), { name: 'StoreFileError', message: `cannot write in the data directory ${dir}: EROFS (a read-only file system). The mock keeps its state there (see --data).` });
  t.same(readdirSync(dir), [], 'nothing left behind');
});

t.test('a full disk: the failed write is reported (health 503), changes are refused in Graph\'s shape, nothing half-written; then it recovers', async (t) => {
  const dir = tmpfs('size=256k');
  if (!dir) return t.plan(0, 'mounting a tmpfs needs root');
  const app = await start(dir);
  t.teardown(() => app.close().catch(() => undefined));
  t.equal((await app.inject(patch(fleet[0]!.id, 'first'))).statusCode, 204);
  await app.mock.store.flush();
  const saved = readFileSync(tenantFile(dir), 'utf8');
  // Fill the disk, then change something: the write fails.
  const filler = join(dir, 'filler');
  spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' }); // to the last block (dd stops at ENOSPC)
  t.equal((await app.inject(patch(fleet[0]!.id, 'x'.repeat(20_000)))).statusCode, 204, 'accepted before the disk is known to be full');
  await t.rejects(app.mock.store.flush(), { code: 'ENOSPC' });

  const health = await app.inject('/_mock/health');
  t.equal(health.statusCode, 503);
  t.match(health.json(), { error: { code: 'notPersisted', message: /cannot save its state: cannot write .*tenants\/[0-9a-f-]+\.json: ENOSPC/ } });
  const refused = await app.inject(patch(fleet[1]!.id, 'refused'));
  t.equal(refused.statusCode, 503);
  t.match(refused.json(), { error: { code: 'serviceNotAvailable', message: /The change was not made/ } });
  t.equal((await app.inject(`/v1.0/deviceManagement/managedDevices/${fleet[1]!.id}`)).json().notes, fleet[1]!.notes ?? null, 'the refused change was not made');
  const reset = await app.inject({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-client': 'test' } });
  t.equal(reset.statusCode, 503, 'a reset is a change too');
  t.equal(reset.json().error.code, 'notPersisted');
  t.equal(readFileSync(tenantFile(dir), 'utf8'), saved, 'the tenant file is the last complete write');
  t.same([...readdirSync(dir), ...readdirSync(join(dir, 'tenants'))].filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');

  // Room again: the retry (here forced by flush) writes what was accepted, and changes are taken again.
  spawnSync('rm', ['-f', filler]);
  await app.mock.store.flush();
  t.equal((await app.inject('/_mock/health')).statusCode, 200);
  t.match(readFileSync(tenantFile(dir), 'utf8'), 'x'.repeat(20_000), 'the change accepted before the failure is saved');
  t.equal((await app.inject(patch(fleet[1]!.id, 'accepted'))).statusCode, 204);
});

t.test('a change rewrites only its own tenant\'s file', async (t) => {
  const dir = dataDir();
  const app = await start(dir);
  t.teardown(() => app.close());
  const store = app.mock.store as FileStore;
  const other = { 'x-mock-tenant': 'other-job' };
  // A second tenant, changed (its clock) so that it has a file.
  await app.inject({ method: 'POST', url: '/_mock/clock', headers: { ...other, 'content-type': 'application/json' }, payload: { advanceSeconds: 60 } });
  t.equal((await app.inject(patch(fleet[0]!.id, 'first'))).statusCode, 204);
  await store.flush();
  const otherFile = readdirSync(join(dir, 'tenants')).find((f) => f !== `${DEFAULT_TENANT_ID}.json`)!;
  const otherBefore = statSync(join(dir, 'tenants', otherFile)).mtimeMs;
  const writes = store.writes;
  t.equal((await app.inject(patch(fleet[0]!.id, 'second'))).statusCode, 204);
  await store.flush();
  t.equal(store.writes - writes, 1, 'one tenant changed, one file written');
  t.equal(statSync(join(dir, 'tenants', otherFile)).mtimeMs, otherBefore, 'the other tenant\'s file is untouched');
  t.equal(readTenant(dir).tenant.devices[0].device.notes, 'second');
  t.same(store.tenantIds().sort(), [DEFAULT_TENANT_ID, otherFile.replace(/\.json$/, '')].sort());
});

/** A version-1 db.json (every tenant inside), as the mock wrote before per-tenant files. */
async function versionOneDir(t: Test): Promise<{ dir: string; v1: string }> {
  const dir = dataDir();
  const app = await start(dir);
  t.equal((await app.inject(patch(fleet[0]!.id, 'from version 1'))).statusCode, 204);
  await app.inject({ method: 'GET', url: '/_mock/devices', headers: { 'x-mock-tenant': 'other-job' } });
  await app.close();
  const tenants: Record<string, unknown> = {};
  for (const f of readdirSync(join(dir, 'tenants'))) tenants[f.replace(/\.json$/, '')] = readTenant(dir, f.replace(/\.json$/, '')).tenant;
  const v1 = JSON.stringify({ intuneMock: { schemaVersion: 1 }, tenants });
  spawnSync('rm', ['-rf', join(dir, 'tenants')]);
  writeFileSync(join(dir, 'db.json'), v1);
  return { dir, v1 };
}

t.test('a version-1 db.json is migrated on open: tenant files first, the index last', async (t) => {
  const { dir, v1 } = await versionOneDir(t);
  const ids = Object.keys(JSON.parse(v1).tenants).sort();
  const app = await start(dir);
  t.teardown(() => app.close());
  t.same(JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8')).intuneMock, { schemaVersion: 2 });
  t.same(readdirSync(join(dir, 'tenants')).sort(), ids.map((id) => `${id}.json`));
  for (const id of ids) t.same(readTenant(dir, id).tenant, JSON.parse(v1).tenants[id], `tenant ${id} carried over as it was`);
  t.equal((await app.inject(`/v1.0/deviceManagement/managedDevices/${fleet[0]!.id}?$select=notes`)).json().notes, 'from version 1');
});

t.test('a migration killed midway is done again from version 1, losing nothing', async (t) => {
  const { dir, v1 } = await versionOneDir(t);
  // As if killed after one tenant file (an older state of it) and a temporary file, before the index.
  const [first] = Object.keys(JSON.parse(v1).tenants);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'tenants'));
  writeFileSync(tenantFile(dir, first), JSON.stringify({ intuneMock: { schemaVersion: 2 }, tenantId: first, tenant: { devices: [], users: [], compliancePolicies: [], apps: [], audits: [] } }));
  writeFileSync(join(dir, 'tenants', `.${first}.json.tmp`), '{"intuneMock": {"sch');
  writeFileSync(join(dir, '.db.json.tmp'), '{"intuneMock": {"schemaVersion": 2}, "tenantF');
  const app = await start(dir);
  t.teardown(() => app.close());
  t.equal(JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8')).intuneMock.schemaVersion, 2);
  t.same(readTenant(dir, first).tenant, JSON.parse(v1).tenants[first!], 'version 1 wins over a half-done migration');
  t.same([...readdirSync(dir), ...readdirSync(join(dir, 'tenants'))].filter((f) => f.endsWith('.tmp')), [], 'the temporary files left by the crash are removed');
  t.equal((await app.inject(`/v1.0/deviceManagement/managedDevices/${fleet[0]!.id}?$select=notes`)).json().notes, 'from version 1');
});

t.test('a damaged tenant file refuses that tenant (503, file untouched); other tenants are served', async (t) => {
  const dir = dataDir();
  const first = await start(dir);
  await first.inject(patch(fleet[0]!.id, 'kept'));
  await first.inject({ method: 'GET', url: '/_mock/devices', headers: { 'x-mock-tenant': 'other-job' } });
  await first.close();
  const damaged = '{"intuneMock": {"schemaVersion": 2}, "tenantId": "';
  writeFileSync(tenantFile(dir), damaged);
  const app = await start(dir);
  t.teardown(() => app.close());
  const refused = await app.inject(patch(fleet[0]!.id, 'x'));
  t.equal(refused.statusCode, 503);
  t.match(refused.json(), { error: { code: 'serviceNotAvailable', message: /saved state cannot be loaded: .*tenants\/.*\.json cannot be read as JSON/ } });
  const control = await app.inject('/_mock/devices');
  t.equal(control.statusCode, 503);
  t.equal(control.json().error.code, 'tenantUnavailable');
  t.equal((await app.inject({ method: 'GET', url: '/_mock/devices', headers: { 'x-mock-tenant': 'other-job' } })).statusCode, 200, 'another tenant is served');
  await app.mock.store.flush();
  t.equal(readFileSync(tenantFile(dir), 'utf8'), damaged, 'never overwritten');
});

t.test('a tenant only read is not written: disk use grows with tenants that changed', async (t) => {
  const dir = dataDir();
  const app = await start(dir);
  const store = app.mock.store as FileStore;
  for (let i = 0; i < 5; i++) t.equal((await app.inject({ method: 'GET', url: '/_mock/devices', headers: { 'x-mock-tenant': `read-only-${i}` } })).statusCode, 200);
  t.equal((await app.inject('/v1.0/deviceManagement/managedDevices')).statusCode, 200);
  await store.flush();
  t.same(readdirSync(join(dir, 'tenants')), [], 'six tenants made from the seed and only read: no file');
  t.equal((await app.inject(patch(fleet[0]!.id, 'changed'))).statusCode, 204);
  await store.flush();
  t.same(readdirSync(join(dir, 'tenants')), [`${DEFAULT_TENANT_ID}.json`], 'the changed tenant is written');
  t.equal((await app.inject({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-tenant': DEFAULT_TENANT_ID } })).statusCode, 200);
  await store.flush();
  t.equal(readTenant(dir).tenant.devices[0].device.notes, fleet[0]!.notes, 'a reset tenant with a file is written again: the file never holds older state');
  await app.close();

  const second = await start(dir);
  t.teardown(() => second.close());
  const got = await second.inject(`/v1.0/deviceManagement/managedDevices/${fleet[0]!.id}?$select=notes`);
  t.equal(JSON.parse(got.body).notes, fleet[0]!.notes ?? null, 'restarted: as reset');
  t.equal((await second.inject({ method: 'GET', url: '/_mock/devices', headers: { 'x-mock-tenant': 'read-only-0' } })).statusCode, 200, 'a tenant never written is made again from the seed');
});

t.test('a tenant file is written in slices: the same bytes as one JSON.stringify, and valid when the tenant changes meanwhile', async (t) => {
  const { writeTenantFile } = await import('../../src/store/tenant-writer.js');
  const { toTenantFile } = await import('../../src/store/document.js');
  const dir = dataDir();
  const app = await start(dir);
  t.teardown(() => app.close());
  // Remote locks (audited) on whichever devices take them.
  for (const d of fleet) await app.inject({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${d.id}/remoteLock` });
  await app.mock.store.flush();
  const data = app.mock.store.get(DEFAULT_TENANT_ID)!;
  t.ok(data.audits.size > 0, 'audits to write');
  // Enough devices for many slices (the first is 50), and every optional part of the document.
  const template = [...data.devices.values()][0]!;
  for (let i = 0; i < 3000; i++) {
    const copy = structuredClone(template);
    copy.device.id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    data.devices.set(copy.device.id, copy);
  }
  Object.assign(data, { auditsDropped: 7, clockOffsetMs: 86_400_000, dailyActions: data.dailyActions ?? { day: '2026-01-15', retire: 1, wipe: 0, delete: 0 } });
  const path = join(dir, 'sliced.json');
  await writeTenantFile(path, DEFAULT_TENANT_ID, data);
  t.equal(readFileSync(path, 'utf8'), JSON.stringify(toTenantFile(DEFAULT_TENANT_ID, data)), 'byte for byte');

  // A change while it is written: the file is still complete JSON, with every device and audit it started with.
  const before = JSON.stringify(toTenantFile(DEFAULT_TENANT_ID, data));
  const writing = writeTenantFile(path, DEFAULT_TENANT_ID, data);
  await new Promise((resolve) => setImmediate(resolve));
  data.devices.delete(template.device.id);
  const last = [...data.devices.values()].at(-1)!;
  last.device.notes = 'changed during the write';
  await writing;
  const written = JSON.parse(readFileSync(path, 'utf8'));
  t.equal(written.tenant.devices.length, JSON.parse(before).tenant.devices.length, 'the devices it started with');
  t.equal(written.tenant.devices.at(-1).device.notes, 'changed during the write', 'a device serialised after the change has it');
  t.same(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
});
