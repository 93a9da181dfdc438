/**
 * The benchmark harness (`npm run bench`) in its quick configuration: tiny fleets, a few hundred
 * requests, one run each, so that it never rots. No thresholds: the figures of a quick run on a shared
 * CI machine mean nothing. What is checked is that every scenario ran, answered as it should (no error
 * status, db.json valid and complete) and produced a number, and that the report is written where it
 * was asked to be, never to BENCHMARKS.md. Needs the built CLI (`npm test` builds first).
 */
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUICK_PLAN, checkDb, resettable, runBenchmarks } from '../../bench/harness.js';
import { writeReport, BEGIN, END } from '../../bench/report.js';
import { median, percentile } from '../../bench/stats.js';

const BENCHMARKS_MD = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));

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

t.test('the quick configuration runs every scenario end to end', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-bench-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const before = existsSync(BENCHMARKS_MD) ? { text: readFileSync(BENCHMARKS_MD, 'utf8'), mtime: statSync(BENCHMARKS_MD).mtimeMs } : undefined;

  const started = Date.now();
  const result = await runBenchmarks({ plan: QUICK_PLAN });
  t.same(result.problems, [], 'every request answered as expected, and db.json was valid and complete');
  // Bounded by tap's 60 s timeout (.taprc); about 15 s on a busy 2-core machine.
  t.comment(`quick run finished in ${Date.now() - started} ms`);

  const ids = result.figures.map((f) => f.id);
  t.same(ids, [
    'startup.default', 'startup.large', 'memory.rss', 'read.ratio',
    'query.filter.median', 'query.filter.p99', 'query.orderby.median', 'query.orderby.p99',
    'actions.ratio', 'reset.median',
  ]);
  for (const f of result.figures) {
    t.ok(Number.isFinite(f.value) && f.value > 0, `${f.id} is a positive number (${f.value})`);
    t.equal(f.runs.length > 0, true, `${f.id} has its runs`);
  }

  const out = join(dir, 'quick.md');
  writeReport(out, result);
  const report = readFileSync(out, 'utf8');
  t.match(report, BEGIN);
  t.match(report, END);
  t.match(report, /quick configuration/);
  t.match(report, /\| Startup to \/_mock\/ready, default fleet \|/);
  t.match(report, /Node v\d+/);
  // Rewriting keeps what is around the markers.
  writeReport(out, result);
  t.equal(readFileSync(out, 'utf8').split(BEGIN).length, 2, 'one generated section after a second write');

  if (before) {
    t.equal(readFileSync(BENCHMARKS_MD, 'utf8'), before.text, 'BENCHMARKS.md untouched');
    t.equal(statSync(BENCHMARKS_MD).mtimeMs, before.mtime, 'BENCHMARKS.md not rewritten');
  } else {
    t.notOk(existsSync(BENCHMARKS_MD), 'no BENCHMARKS.md written');
  }
});

t.test('checkDb reports a db.json that lost devices or actions', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-bench-db-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'db.json');
  const { writeFileSync } = await import('node:fs');
  const device = (id: string, results: unknown[]) => ({ device: { id, deviceActionResults: results }, simulation: {}, pendingActions: [] });
  const audit = (id: string) => ({ action: 'resetPasscode', managedDeviceId: id });
  writeFileSync(file, JSON.stringify({
    intuneMock: { schemaVersion: 1 },
    tenants: { t1: { devices: [device('a', [{ actionName: 'resetPasscode' }]), device('b', [])], audits: [audit('a'), audit('b')] } },
  }));
  t.same(checkDb(file, 't1', 2, new Map([['a', 1]])).problems, ['2 audits, expected 1 (one per accepted request)']);
  t.same(checkDb(file, 't1', 3, new Map([['a', 1], ['b', 1]])).problems, [
    '2 devices, expected 3',
    '1 device(s) with an accepted reset but no resetPasscode result',
  ]);
  t.same(checkDb(file, 't2', 2, new Map()).problems, ['no tenant t2']);
  writeFileSync(file, '{"intuneMock":');
  t.match(checkDb(file, 't1', 2, new Map()).problems[0], /cannot be read as JSON/);
});
