/**
 * The benchmark harness's pure parts: statistics, the choice of resettable devices, the db.json check.
 * The harness run end to end in its quick configuration is test/bench/quick-run.ci.ts (`npm run test:slow`).
 */
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDb, resettable } from '../../bench/actions.js';
import { median, percentile } from '../../bench/stats.js';
import { readMix } from '../../bench/capacity.js';

t.test('stats: median and nearest-rank percentiles', async (t) => {
  t.equal(median([3, 1, 2]), 2);
  t.equal(median([4, 1, 3, 2]), 2.5);
  t.ok(Number.isNaN(median([])));
  t.equal(percentile([5, 1, 4, 2, 3], 99), 5);
  t.equal(percentile([5, 1, 4, 2, 3], 50), 3);
  t.equal(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99), 99);
});

t.test('resettable devices: Android dedicated and AOSP, iOS/iPadOS device enrollment', async (t) => {
  t.same(
    resettable([
      { id: 'a', operatingSystem: 'Android', simulation: { enrollment: 'dedicated' } },
      { id: 'b', operatingSystem: 'Android', simulation: { enrollment: 'workProfile' } },
      { id: 'c', operatingSystem: 'iOS', simulation: { enrollment: 'device' } },
      { id: 'd', operatingSystem: 'iPadOS', simulation: { enrollment: 'userEnrollment' } },
      { id: 'e', operatingSystem: 'Windows', simulation: { enrollment: 'device' } },
      { id: 'f', operatingSystem: 'Android', simulation: { enrollment: 'aosp' } },
    ]),
    ['a', 'c', 'f'],
  );
});

t.test('checkDb reports a tenant file that lost devices or actions', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-bench-db-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(join(dir, 'tenants'));
  const file = join(dir, 'tenants', 't1.json');
  const device = (id: string, results: unknown[]) => ({ device: { id, deviceActionResults: results }, simulation: {}, pendingActions: [] });
  const audit = (id: string) => ({ action: 'resetPasscode', managedDeviceId: id });
  writeFileSync(file, JSON.stringify({
    intuneMock: { schemaVersion: 2 },
    tenantId: 't1',
    tenant: { devices: [device('a', [{ actionName: 'resetPasscode' }]), device('b', [])], audits: [audit('a'), audit('b')] },
  }));
  t.same(checkDb(dir, 't1', 2, new Map([['a', 1]])).problems, ['2 audits, expected 1 (one per accepted request)']);
  t.same(checkDb(dir, 't1', 3, new Map([['a', 1], ['b', 1]])).problems, [
    '2 devices, expected 3',
    '1 device(s) with an accepted reset but no resetPasscode result',
  ]);
  // Past --max-audits the oldest are dropped and counted: kept + dropped is the accepted count, and no device keeps more than it had accepted.
  const withDropped = (audits: unknown[], auditsDropped: number) => writeFileSync(join(dir, 'tenants', 't3.json'), JSON.stringify({
    intuneMock: { schemaVersion: 2 }, tenantId: 't3',
    tenant: { devices: [device('a', [{ actionName: 'resetPasscode' }]), device('b', [{ actionName: 'resetPasscode' }])], audits, auditsDropped },
  }));
  withDropped([audit('a'), audit('b')], 2);
  t.same(checkDb(dir, 't3', 2, new Map([['a', 3], ['b', 1]])).problems, [], 'two kept, two dropped, of four accepted');
  t.same(checkDb(dir, 't3', 2, new Map([['a', 4], ['b', 1]])).problems, ['2 audits and 2 dropped, expected 5 (one per accepted request)']);
  withDropped([audit('b'), audit('b')], 2);
  t.same(checkDb(dir, 't3', 2, new Map([['a', 3], ['b', 1]])).problems, ['1 device(s) whose audits do not match their accepted requests'], 'b kept two of its one');
  writeFileSync(join(dir, 'tenants', 't2.json'), readFileSync(file, 'utf8'));
  t.same(checkDb(dir, 't2', 2, new Map()).problems, ['no tenant t2'], 'a file holding another tenant');
  writeFileSync(file, '{"intuneMock":');
  t.match(checkDb(dir, 't1', 2, new Map()).problems[0], /cannot be read as JSON/);
});

t.test('capacity read mix: every tenant in turn, a list page then a device of that tenant', async (t) => {
  const tenants = ['a', 'b', 'c'].map((n) => ({ auth: { authorization: `Bearer ${n}` }, ids: [`${n}1`, `${n}2`] }));
  const batch = Array.from({ length: 12 }, (_, i) => readMix(i, tenants));
  t.same(batch.slice(0, 3).map((r) => r.headers?.authorization), ['Bearer a', 'Bearer b', 'Bearer c'], 'tenants in turn');
  t.ok(batch.slice(0, 3).every((r) => r.path.endsWith('managedDevices?$top=10')), 'first round: list pages');
  t.same(batch.slice(3, 6).map((r) => r.path.split('/').pop()), ['a1', 'b1', 'c1'], 'second round: each its own device');
  t.same(batch.slice(9, 12).map((r) => r.path.split('/').pop()), ['a2', 'b2', 'c2'], 'fourth round: the next device');
  t.equal(new Set(Array.from({ length: 100 }, (_, i) => readMix(i, tenants.slice(0, 1)).headers?.authorization)).size, 1, 'one tenant: always its token');
});
