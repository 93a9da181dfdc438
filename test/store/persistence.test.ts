import t from 'tap';
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

  const doc = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'));
  t.equal(doc.intuneMock.schemaVersion, 1, 'the document has a schema version');
  t.same(Object.keys(doc.tenants), [DEFAULT_TENANT_ID]);
  const stored = doc.tenants[DEFAULT_TENANT_ID].devices;
  t.equal(stored.length, fleet.length, 'a deleted device is kept, hidden, until it carries out its retire');
  t.equal(stored.find((r: any) => r.device.id === fleet[1]!.id).simulation.enrolled, false);

  const second = await start(dir);
  t.teardown(() => second.close());
  const got = await second.inject(`/v1.0/deviceManagement/managedDevices/${fleet[0]!.id}?$select=notes`);
  t.equal(JSON.parse(got.body).notes, 'kept');
  t.equal((await second.inject(`/v1.0/deviceManagement/managedDevices/${fleet[1]!.id}`)).statusCode, 404);
  t.same(readdirSync(dir).filter((f) => f.includes('tmp')), [], 'no temporary file left behind');
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
  const doc = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'));
  const notes = doc.tenants[DEFAULT_TENANT_ID].devices.slice(0, 10).map((r: any) => r.device.notes);
  t.same(notes, fleet.slice(0, 10).map((_, i) => `burst ${i}`));
  await store.flush();
  t.equal(store.writes - before, 1, 'nothing changed, nothing written');
});

t.test('reads do not rewrite the file', async (t) => {
  const dir = dataDir();
  const app = await start(dir);
  await app.inject('/v1.0/deviceManagement/managedDevices'); // creates the tenant: one write
  await (app.mock.store as FileStore).flush();
  const mtime = statSync(join(dir, 'db.json')).mtimeMs;
  const writes = (app.mock.store as FileStore).writes;
  for (let i = 0; i < 5; i++) await app.inject('/v1.0/deviceManagement/managedDevices?$top=3');
  await app.close();
  t.equal((app.mock.store as FileStore).writes, writes);
  t.equal(statSync(join(dir, 'db.json')).mtimeMs, mtime);
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
  await first.inject({ method: 'GET', url: '/_mock/devices', headers: { 'x-mock-tenant': 'other-job' } });
  await first.close();

  const doc = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'));
  t.equal(doc.tenants[DEFAULT_TENANT_ID].clockOffsetMs, 86_400_000, 'the offset is stored with the tenant');
  t.notOk('clockOffsetMs' in doc.tenants[Object.keys(doc.tenants).find((id) => id !== DEFAULT_TENANT_ID)!], 'a tenant whose clock never moved stores none');

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
  const saved = readFileSync(join(dir, 'db.json'), 'utf8');
  // Fill the disk, then change something: the write fails.
  const filler = join(dir, 'filler');
  spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' }); // to the last block (dd stops at ENOSPC)
  t.equal((await app.inject(patch(fleet[0]!.id, 'x'.repeat(20_000)))).statusCode, 204, 'accepted before the disk is known to be full');
  await t.rejects(app.mock.store.flush(), { code: 'ENOSPC' });

  const health = await app.inject('/_mock/health');
  t.equal(health.statusCode, 503);
  t.match(health.json(), { error: { code: 'notPersisted', message: /cannot save its state: cannot write .*db\.json: ENOSPC/ } });
  const refused = await app.inject(patch(fleet[1]!.id, 'refused'));
  t.equal(refused.statusCode, 503);
  t.match(refused.json(), { error: { code: 'serviceNotAvailable', message: /The change was not made/ } });
  t.equal((await app.inject(`/v1.0/deviceManagement/managedDevices/${fleet[1]!.id}`)).json().notes, fleet[1]!.notes ?? null, 'the refused change was not made');
  const reset = await app.inject({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-client': 'test' } });
  t.equal(reset.statusCode, 503, 'a reset is a change too');
  t.equal(reset.json().error.code, 'notPersisted');
  t.equal(readFileSync(join(dir, 'db.json'), 'utf8'), saved, 'db.json is the last complete write');
  t.same(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');

  // Room again: the retry (here forced by flush) writes what was accepted, and changes are taken again.
  spawnSync('rm', ['-f', filler]);
  await app.mock.store.flush();
  t.equal((await app.inject('/_mock/health')).statusCode, 200);
  t.match(readFileSync(join(dir, 'db.json'), 'utf8'), 'x'.repeat(20_000), 'the change accepted before the failure is saved');
  t.equal((await app.inject(patch(fleet[1]!.id, 'accepted'))).statusCode, 204);
});
