/**
 * The benchmark harness (`npm run bench`) in its quick configuration: a CI check, not part of `npm test`
 * (`npm run test:slow`, run by `.ci/run`): it starts ten mocks and two baseline servers and puts load on
 * them, and what it checks is that the harness still runs, not the mock. Tiny fleets, a few
 * hundred requests, one run each. No thresholds: the figures of a quick run on a shared CI machine mean
 * nothing. What is checked is that every scenario ran, answered as it should (no error status, db.json
 * valid and complete) and produced a number, and that the report is written where it was asked to be,
 * never to BENCHMARKS.md. Needs the built CLI. The harness's pure parts are tested in harness.test.ts.
 */
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUICK_PLAN, runBenchmarks } from '../../bench/harness.js';
import { writeReport, BEGIN, END } from '../../bench/report.js';

const BENCHMARKS_MD = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));

t.test('the quick configuration runs every scenario end to end', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-bench-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const before = existsSync(BENCHMARKS_MD) ? { text: readFileSync(BENCHMARKS_MD, 'utf8'), mtime: statSync(BENCHMARKS_MD).mtimeMs } : undefined;

  const started = Date.now();
  const result = await runBenchmarks({ plan: QUICK_PLAN });
  t.same(result.problems, [], 'every request answered as expected, and db.json was valid and complete');
  // Bounded by tap's 120 s timeout (.taprc); about 37 s on a busy 2-core machine, 18 s of it the capacity scenario.
  t.comment(`quick run finished in ${Date.now() - started} ms`);

  const ids = result.figures.map((f) => f.id);
  t.same(ids, [
    // The second only where the machine sets NODE_EXTRA_CA_CERTS (bench/processes.ts: cleanEnv).
    'startup.default', ...(process.env.NODE_EXTRA_CA_CERTS ? ['startup.default.extraCaCerts'] : []), 'startup.default.ratio', 'startup.large', 'memory.rss', 'memory.peak', 'read.ratio',
    'query.filter.median', 'query.filter.p99', 'query.orderby.median', 'query.orderby.p99', 'query.orderby.afterChange',
    'actions.ratio', 'reset.median', 'stalls.eld',
    'capacity.tenant.heap', 'capacity.device.heap', 'capacity.rps.ratio', 'capacity.cpu.ratio', 'capacity.rps.core',
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
  t.match(report, /\| Startup to \/_mock\/ready, default fleet(<br>| \|)/);
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

