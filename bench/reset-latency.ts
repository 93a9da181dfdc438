/**
 * Scenario `reset` of `npm run bench` (bench/harness.ts): `POST /_mock/reset` on the default fleet, one
 * connection.
 */
import { runLoad, type LoadRequest } from './load.js';
import { median, summarize } from './stats.js';
import { checkLoad, figure, fmt, latencyLine, type Ctx } from './scenario-kit.js';

export async function resetLatency(ctx: Ctx): Promise<void> {
  const { plan, log } = ctx;
  const s = plan.reset;
  const details: string[] = (ctx.result.details.reset = []);
  const { proc } = await ctx.start();
  try {
    // A header of the mock's own, as every bodiless control change needs (docs/security.md#cross-site-requests).
    const next = (): LoadRequest => ({ method: 'POST', path: '/_mock/reset', headers: { 'x-mock-client': 'bench' } });
    await runLoad({ origin: proc.origin, next, connections: 1, requests: s.warmup });
    const medians: number[] = [];
    const p99s: number[] = [];
    for (let r = 0; r < s.runs; r++) {
      const res = await runLoad({ origin: proc.origin, next, connections: 1, requests: s.requests });
      checkLoad(ctx, `reset run ${r + 1}`, res, [200]);
      const sum = summarize(res.latenciesMs);
      medians.push(sum.medianMs);
      p99s.push(sum.p99Ms);
      details.push(`run ${r + 1}: ${latencyLine(sum)}`);
    }
    log(`reset: medians ${medians.map((v) => fmt(v, 2)).join(', ')} ms`);
    ctx.result.figures.push(figure({
      id: 'reset.median', title: 'POST /_mock/reset, default fleet, median', value: median(medians), unit: 'ms', runs: medians,
      target: { op: '<', value: 20, text: 'under 20 ms' },
      note: `p99 ${fmt(median(p99s), 2)} ms`,
    }));
  } finally {
    await proc.stop();
  }
}
