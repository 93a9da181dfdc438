/**
 * Scenario `throughput` of `npm run bench` (bench/harness.ts): GET managedDevices/{id} with strict auth
 * against a bare Fastify server (bench/baseline-server.mjs) that answers the mock's very bytes, interleaved
 * run by run; requests/s as a ratio, and each server's CPU time per request beside it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad, type LoadRequest, type LoadResult } from './load.js';
import { startBaseline, type Proc } from './processes.js';
import { median, summarize } from './stats.js';
import { call, checkLoad, DEVICES, figure, fmt, latencyLine, mintToken, READ_ROLE, type Ctx } from './scenario-kit.js';

export async function readThroughput(ctx: Ctx): Promise<void> {
  const { plan, log, dir } = ctx;
  const t = plan.throughput;
  const details: string[] = (ctx.result.details.throughput = []);
  const { proc: mock } = await ctx.start();
  let baseline: Proc | undefined;
  try {
    const { token } = await mintToken(mock, [READ_ROLE]);
    const auth = { authorization: `Bearer ${token}` };
    const list = await call(mock.origin, `${DEVICES}?$select=id`, { headers: auth });
    const ids = (JSON.parse(list.text) as { value: Array<{ id: string }> }).value.map((d) => d.id);
    const bodies: Record<string, string> = {};
    let contentType = '';
    for (const id of ids) {
      const res = await call(mock.origin, `${DEVICES}/${id}`, { headers: auth });
      if (res.status !== 200) throw new Error(`GET device ${id} answered ${res.status}`);
      bodies[id] = res.text;
      contentType = String(res.headers['content-type']);
    }
    const bodiesFile = join(dir, 'baseline-bodies.json');
    writeFileSync(bodiesFile, JSON.stringify({ contentType, bodies }));
    baseline = await startBaseline(bodiesFile);
    const probe = await call(baseline.origin, `${DEVICES}/${ids[0]}`);
    if (probe.text !== bodies[ids[0]!]) ctx.result.problems.push('throughput: the baseline does not return the mock\'s bytes');

    const spec = (headers: Record<string, string>) => (i: number): LoadRequest => ({ path: `${DEVICES}/${ids[i % ids.length]}`, headers });
    const bound = { connections: t.connections, ...(t.durationMs !== undefined ? { durationMs: t.durationMs } : {}), ...(t.requests !== undefined ? { requests: t.requests } : {}) };
    // Warm both (JIT, connection setup) before anything counts.
    await runLoad({ origin: baseline.origin, next: spec({}), connections: t.connections, durationMs: t.warmupMs });
    await runLoad({ origin: mock.origin, next: spec(auth), connections: t.connections, durationMs: t.warmupMs });

    const ratios: number[] = [];
    const mockRps: number[] = [];
    const baseRps: number[] = [];
    const mockLatency: number[] = [];
    const mockCpu: number[] = [];
    const baseCpu: number[] = [];
    for (let r = 0; r < t.runs; r++) {
      // Alternate the order so that drift in the machine's load hits both sides alike.
      const order = r % 2 === 0 ? ['baseline', 'mock'] as const : ['mock', 'baseline'] as const;
      const got: Partial<Record<'baseline' | 'mock', { load: LoadResult; cpuUs: number }>> = {};
      for (const side of order) {
        const server = side === 'baseline' ? baseline : mock;
        const cpu0 = server.cpuMs();
        const load = await runLoad({ origin: server.origin, next: spec(side === 'baseline' ? {} : auth), ...bound });
        // CPU time per request of the server process: steadier than req/s on a shared machine.
        got[side] = { load, cpuUs: ((server.cpuMs() - cpu0) * 1000) / load.requests };
        checkLoad(ctx, `throughput ${side} run ${r + 1}`, load, [200]);
      }
      const b = got.baseline!;
      const m = got.mock!;
      ratios.push(m.load.rps / b.load.rps);
      mockRps.push(m.load.rps);
      baseRps.push(b.load.rps);
      mockCpu.push(m.cpuUs);
      baseCpu.push(b.cpuUs);
      const ms = summarize(m.load.latenciesMs);
      mockLatency.push(ms.medianMs);
      details.push(
        `run ${r + 1}: baseline ${fmt(b.load.rps, 0)} req/s (${fmt(b.cpuUs, 1)} µs CPU/request), mock ${fmt(m.load.rps, 0)} req/s ` +
        `(${fmt(m.cpuUs, 1)} µs CPU/request) → ${fmt(m.load.rps / b.load.rps, 3)}; mock latency ${latencyLine(ms)}`,
      );
    }
    log(`read throughput: ratios ${ratios.map((v) => fmt(v, 3)).join(', ')}`);
    ctx.result.figures.push(figure({
      id: 'read.ratio', title: `GET managedDevices/{id} (strict auth), requests/s ÷ bare Fastify's`, value: median(ratios), unit: 'x', runs: ratios,
      target: { op: '>=', value: 0.7, text: 'at least 0.7' },
      note: `mock ${fmt(median(mockRps), 0)} req/s, baseline ${fmt(median(baseRps), 0)} req/s; ${t.connections} connections; ` +
        `server CPU per request: mock ${fmt(median(mockCpu), 1)} µs, baseline ${fmt(median(baseCpu), 1)} µs; mock median latency ${fmt(median(mockLatency), 2)} ms`,
    }));
  } finally {
    await baseline?.stop();
    await mock.stop();
  }
}
