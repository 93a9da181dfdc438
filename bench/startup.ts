/**
 * Scenario `startup` of `npm run bench` (bench/harness.ts): startup to /_mock/ready with the default fleet,
 * interleaved with a bare Fastify server's start; then the large generated fleet: its first start (which
 * writes the seed cache), timed starts, the tenant's first call, and memory at ready, after that call and
 * after a full garbage collection (through the inspector, bench/inspector.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inspector, inspectorUrl, type RetainedMemory } from './inspector.js';
import { startBaselineTimed, type Proc } from './processes.js';
import { median } from './stats.js';
import { figure, fleet, fmt, MB, mintToken, READ_ROLE, touch, type Ctx } from './scenario-kit.js';

export async function startupAndMemory(ctx: Ctx): Promise<void> {
  const { plan, log } = ctx;
  const details: string[] = (ctx.result.details.startup = []);
  const defaultRuns: number[] = [];
  // The floor on this machine: the bare Fastify server of the throughput figure (bench/baseline-server.mjs: Node,
  // Fastify from node_modules, one route), from spawning to its first 200, interleaved with the mock's starts.
  const bareRuns: number[] = [];
  const ratios: number[] = [];
  const bodiesFile = join(ctx.dir, 'startup-baseline-bodies.json');
  writeFileSync(bodiesFile, JSON.stringify({ contentType: 'application/json', bodies: {} }));
  // The run's first start makes the CA and keys its CA directory then keeps (bench/processes.ts: one directory per
  // run), as a user's first start does once: reported on its own line, not among the timed starts.
  const keys = await ctx.start();
  details.push(`default fleet, the run's first start (makes its CA and keys, not counted): ready in ${fmt(keys.readyMs)} ms`);
  await keys.proc.stop();
  for (let r = 0; r < plan.startupDefaultRuns; r++) {
    const bare = await startBaselineTimed(bodiesFile);
    await bare.proc.stop();
    const { proc, readyMs } = await ctx.start();
    defaultRuns.push(readyMs);
    bareRuns.push(bare.readyMs);
    ratios.push(readyMs / bare.readyMs);
    details.push(`default fleet, run ${r + 1}: ready in ${fmt(readyMs)} ms; bare Fastify ${fmt(bare.readyMs)} ms`);
    await proc.stop();
  }
  log(`startup (default fleet): ${defaultRuns.map((v) => fmt(v, 0)).join(', ')} ms; bare Fastify ${bareRuns.map((v) => fmt(v, 0)).join(', ')} ms`);
  ctx.result.figures.push(figure({
    id: 'startup.default', title: 'Startup to /_mock/ready, default fleet', value: median(defaultRuns), unit: 'ms', runs: defaultRuns,
    target: { op: '<', value: 300, text: 'under 300 ms' }, // issue 17
    note: `a bare Fastify server (one route, Fastify from node_modules) from spawn to its first 200 in the same runs: median ${fmt(median(bareRuns), 0)} ms`,
  }));
  // The same start with this machine's NODE_EXTRA_CA_CERTS, when it sets one (bench/processes.ts: cleanEnv).
  const extraCa = process.env.NODE_EXTRA_CA_CERTS;
  if (extraCa) {
    const withCa: number[] = [];
    for (let r = 0; r < Math.min(plan.startupDefaultRuns, 5); r++) {
      const { proc, readyMs } = await ctx.start({ extraCaCerts: true });
      withCa.push(readyMs);
      details.push(`default fleet with NODE_EXTRA_CA_CERTS=${extraCa}, run ${r + 1}: ready in ${fmt(readyMs)} ms`);
      await proc.stop();
    }
    ctx.result.figures.push(figure({
      id: 'startup.default.extraCaCerts', title: 'Startup to /_mock/ready, default fleet, with this machine\'s NODE_EXTRA_CA_CERTS', value: median(withCa), unit: 'ms', runs: withCa,
      note: `${extraCa}: Node reads it as it starts, before the mock's code runs; the figure above runs without it`,
    }));
  }
  ctx.result.figures.push(figure({
    id: 'startup.default.ratio', title: 'Startup, default fleet, ÷ a bare Fastify server\'s start in the same run', value: median(ratios), unit: 'x', runs: ratios,
  }));

  const large = await fleet(ctx, plan.largeCount);
  const largeRuns: number[] = [];
  const rssReady: number[] = [];
  const peaksAtReady: number[] = [];
  const rssTouched: number[] = [];
  const rssRetained: number[] = [];
  const peaks: number[] = [];
  const touches: number[] = [];
  // The first start with a fixture file reads and validates it and writes the seed cache in the bench's CA
  // directory (docs/scaling.md#the-seed-cache); the timed starts below load that cache. Both are reported.
  const first = await ctx.start({ fixtures: large, readyTimeoutMs: 120_000 });
  const firstStart = { readyMs: first.readyMs, peakMb: first.proc.memory().peakRssBytes / MB };
  details.push(`${plan.largeCount} devices, first start (reads and validates the file, writes the seed cache): ready in ${fmt(firstStart.readyMs)} ms, peak ${fmt(firstStart.peakMb, 0)} MB`);
  await first.proc.stop();
  for (let r = 0; r < plan.startupLargeRuns; r++) {
    // --inspect-port only says where an inspector would listen: none is open until SIGUSR1 (below), after the
    // figures that a debugger could change have been read.
    const { proc, readyMs } = await ctx.start({ fixtures: large, readyTimeoutMs: 120_000, nodeFlags: ['--inspect-port=127.0.0.1:0'] });
    largeRuns.push(readyMs);
    const atReady = proc.memory();
    const { token } = await mintToken(proc, [READ_ROLE]);
    const touchMs = await touch(proc, token);
    await sleep(500);
    const touched = proc.memory();
    const retained = await retainedMemory(proc);
    rssReady.push(atReady.rssBytes / MB);
    peaksAtReady.push(atReady.peakRssBytes / MB);
    rssTouched.push(touched.rssBytes / MB);
    rssRetained.push(retained.rssBytes / MB);
    peaks.push(touched.peakRssBytes / MB);
    touches.push(touchMs);
    details.push(
      `${plan.largeCount} devices, run ${r + 1}: ready in ${fmt(readyMs)} ms; RSS ${fmt(atReady.rssBytes / MB, 0)} MB at ready (peak while loading ${fmt(atReady.peakRssBytes / MB, 0)} MB); ` +
      `first Graph call (materializes the tenant) ${fmt(touchMs)} ms; RSS ${fmt(touched.rssBytes / MB, 0)} MB 500 ms after it (peak ${fmt(touched.peakRssBytes / MB, 0)} MB), ` +
      `${fmt(retained.rssBytes / MB, 0)} MB after a full GC (heap ${fmt(retained.heapUsedBytes / MB, 0)} MB)`,
    );
    await proc.stop();
  }
  log(`startup (${plan.largeCount} devices): ${largeRuns.map((v) => fmt(v, 0)).join(', ')} ms; RSS touched ${rssTouched.map((v) => fmt(v, 0)).join(', ')} MB`);
  ctx.result.figures.push(figure({
    id: 'startup.large', title: `Startup to /_mock/ready, ${plan.largeCount.toLocaleString('en-US')}-device fixture`, value: median(largeRuns), unit: 'ms', runs: largeRuns,
    target: { op: '<', value: 2000, text: 'under 2 s' }, // issue 17
    note: `starts with the seed cache (docs/scaling.md#the-seed-cache); the first start, which reads and validates the file and writes the cache: ${fmt(firstStart.readyMs, 0)} ms; the tenant is built on its first call: median ${fmt(median(touches), 0)} ms more`,
  }));
  // After a full collection, as the capacity and soak figures are read: RSS at a moment of the collector's
  // choosing holds the garbage of building the tenant too (docs/scaling.md#the-seed-fleet); both are reported.
  ctx.result.figures.push(figure({
    id: 'memory.rss', title: `RSS, ${plan.largeCount.toLocaleString('en-US')} devices loaded, tenant touched, after a full GC`, value: median(rssRetained), unit: 'MB', runs: rssRetained,
    target: { op: '<', value: 400, text: 'under 400 MB' }, // issue 17
    note: `${fmt(median(rssTouched), 0)} MB 500 ms after the first call, before any forced collection; ${fmt(median(rssReady), 0)} MB at ready and a peak (VmHWM) of ${fmt(median(peaks), 0)} MB by then`,
  }));
  ctx.result.figures.push(figure({
    id: 'memory.peak', title: `Peak RSS (VmHWM) while loading ${plan.largeCount.toLocaleString('en-US')} devices, at /_mock/ready`, value: median(peaksAtReady), unit: 'MB', runs: peaksAtReady,
    target: { op: '<', value: 600, text: 'under 600 MB' }, // issue 17
    note: `starts with the seed cache; the first start (reads and validates the file, writes the cache): ${fmt(firstStart.peakMb, 0)} MB`,
  }));
}

/**
 * The mock's memory after a full collection: SIGUSR1 opens its inspector (on the port `--inspect-port` chose),
 * bench/inspector.ts collects and reads `process.memoryUsage()`.
 */
async function retainedMemory(proc: Proc): Promise<RetainedMemory> {
  process.kill(proc.pid, 'SIGUSR1');
  let url: string | undefined;
  for (const until = performance.now() + 10_000; !(url = inspectorUrl(proc.output())) && performance.now() < until;) await sleep(20);
  if (!url) throw new Error(`the mock opened no inspector on SIGUSR1:\n${proc.output()}`);
  const inspector = await Inspector.connect(url);
  try {
    return await inspector.retained();
  } finally {
    inspector.close();
  }
}
