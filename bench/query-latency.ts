/**
 * Scenario `query` of `npm run bench` (bench/harness.ts): `$filter` and `$orderby` latency on the large
 * generated fleet, one connection; the `$orderby` query right after a change too; the answers checked.
 */
import { performance } from 'node:perf_hooks';
import { runLoad } from './load.js';
import { median, summarize } from './stats.js';
import { call, checkLoad, DEVICES, figure, fleet, fmt, latencyLine, MB, mintToken, READ_ROLE, touch, type Ctx } from './scenario-kit.js';

export const QUERIES = [
  { id: 'query.filter', title: "$filter=operatingSystem eq 'iOS'&$top=100", query: `$filter=${encodeURIComponent("operatingSystem eq 'iOS'")}&$top=100` },
  { id: 'query.orderby', title: '$orderby=deviceName&$top=100', query: '$orderby=deviceName&$top=100' },
] as const;

export async function queryLatency(ctx: Ctx): Promise<void> {
  const { plan, log } = ctx;
  const q = plan.query;
  const details: string[] = (ctx.result.details.query = []);
  const large = await fleet(ctx, plan.largeCount);
  const { proc } = await ctx.start({ fixtures: large, readyTimeoutMs: 120_000 });
  try {
    const { token } = await mintToken(proc, [READ_ROLE]);
    const headers = { authorization: `Bearer ${token}` };
    await touch(proc, token);
    for (const query of QUERIES) {
      const path = `${DEVICES}?${query.query}`;
      const sample = await call(proc.origin, path, { headers });
      checkQueryAnswer(ctx, query.id, sample.status, sample.text, Math.min(100, plan.largeCount));
      await runLoad({ origin: proc.origin, next: () => ({ path, headers }), connections: 1, requests: q.warmup });
      const medians: number[] = [];
      const p99s: number[] = [];
      for (let r = 0; r < q.runs; r++) {
        const res = await runLoad({ origin: proc.origin, next: () => ({ path, headers }), connections: 1, requests: q.requests });
        checkLoad(ctx, `${query.id} run ${r + 1}`, res, [200]);
        const s = summarize(res.latenciesMs);
        medians.push(s.medianMs);
        p99s.push(s.p99Ms);
        details.push(`${query.title}, run ${r + 1}: ${latencyLine(s)}`);
      }
      log(`${query.id}: medians ${medians.map((v) => fmt(v, 2)).join(', ')} ms, p99 ${p99s.map((v) => fmt(v, 2)).join(', ')} ms`);
      ctx.result.figures.push(figure({
        id: `${query.id}.median`, title: `${query.title} on ${plan.largeCount.toLocaleString('en-US')} devices, median`, value: median(medians), unit: 'ms', runs: medians,
        target: { op: '<', value: 20, text: 'under 20 ms' },
      }));
      ctx.result.figures.push(figure({
        id: `${query.id}.p99`, title: `${query.title} on ${plan.largeCount.toLocaleString('en-US')} devices, p99`, value: median(p99s), unit: 'ms', runs: p99s,
      }));
    }
    // The repeated query reads the order the mock keeps between changes (docs/scaling.md); a change makes the
    // next one read every device again. Timed here: each query right after a change (the tenant's clock moved
    // one second, which is a change), no target.
    const orderby = QUERIES[1];
    const firstAfterChange: number[] = [];
    for (let r = 0; r < q.runs; r++) {
      const latencies: number[] = [];
      for (let i = 0; i < Math.max(5, Math.round(q.requests / 5)); i++) {
        const moved = await call(proc.origin, '/_mock/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advanceSeconds":1}' });
        if (moved.status !== 200) ctx.result.problems.push(`POST /_mock/clock answered ${moved.status}`);
        const t0 = performance.now();
        const res = await call(proc.origin, `${DEVICES}?${orderby.query}`, { headers });
        latencies.push(performance.now() - t0);
        checkQueryAnswer(ctx, orderby.id, res.status, res.text, Math.min(100, plan.largeCount));
      }
      const s = summarize(latencies);
      firstAfterChange.push(s.medianMs);
      details.push(`${orderby.title}, each right after a change, run ${r + 1}: ${latencyLine(s)}`);
    }
    log(`${orderby.id}.afterChange: medians ${firstAfterChange.map((v) => fmt(v, 2)).join(', ')} ms`);
    ctx.result.figures.push(figure({
      id: `${orderby.id}.afterChange`, title: `${orderby.title} on ${plan.largeCount.toLocaleString('en-US')} devices, the first query after a change, median`,
      value: median(firstAfterChange), unit: 'ms', runs: firstAfterChange,
      note: 'the rows above repeat the query on an unchanged tenant, which reads the order kept since the last change; this one reads every device',
    }));
    const after = proc.memory();
    details.push(`RSS after the queries: ${fmt(after.rssBytes / MB, 0)} MB (peak ${fmt(after.peakRssBytes / MB, 0)} MB)`);
  } finally {
    await proc.stop();
  }
}

/** The answer is a page of the expected size, and does what the query says. */
function checkQueryAnswer(ctx: Ctx, id: string, status: number, text: string, expected: number): void {
  if (status !== 200) {
    ctx.result.problems.push(`${id}: answered ${status}`);
    return;
  }
  const value = (JSON.parse(text) as { value: Array<{ operatingSystem: string | null; deviceName: string | null }> }).value;
  if (id === 'query.filter' && value.some((d) => d.operatingSystem !== 'iOS')) ctx.result.problems.push(`${id}: a device that is not iOS`);
  if (id === 'query.orderby') {
    const names = value.map((d) => (d.deviceName ?? '').toLowerCase());
    if (names.some((n, i) => i > 0 && n < names[i - 1]!)) ctx.result.problems.push(`${id}: not in deviceName order`);
    if (value.length !== expected) ctx.result.problems.push(`${id}: ${value.length} devices, expected ${expected}`);
  }
  if (value.length === 0) ctx.result.problems.push(`${id}: an empty page`);
}
