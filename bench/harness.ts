/**
 * The benchmark harness behind `npm run bench` (and, in its quick configuration, `test/bench/harness.test.ts`).
 * Every scenario runs the mock as users do (`node dist/cli.js`, its own process, strict auth, default log
 * level) and drives it over loopback with a bounded load generator (`load.ts`). Figures that depend on
 * the machine's speed are measured as ratios against a baseline in the same run (a bare Fastify server;
 * the mock in memory mode); the others are absolute and reported beside their targets. Each figure is
 * the median of several runs.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { countStatus, runLoad, type LoadRequest, type LoadResult } from './load.js';
import { killAll, runCli, startBaseline, startBaselineTimed, startMock, type MockOptions, type Proc } from './processes.js';
import { median, summarize, type LatencySummary } from './stats.js';
import { capacity, FULL_CAPACITY, QUICK_CAPACITY, type CapacityPlan } from './capacity.js';
import { persistenceStalls } from './persistence-stalls.js';
import { Inspector, inspectorUrl, type RetainedMemory } from './inspector.js';

/** How much work each scenario does. */
export interface Plan {
  name: 'full' | 'quick';
  /** The large fleet (startup, query latency, memory). */
  largeCount: number;
  /** The fleet of the persistence scenario. */
  actionsCount: number;
  startupDefaultRuns: number;
  startupLargeRuns: number;
  /** Read throughput: interleaved baseline/mock pairs, each bounded by duration or request count. */
  throughput: { runs: number; connections: number; durationMs?: number; requests?: number; warmupMs: number };
  /** Query latency: sequential requests (one connection). */
  query: { runs: number; requests: number; warmup: number };
  actions: { runs: number; connections: number; durationMs?: number; requests?: number };
  reset: { runs: number; requests: number; warmup: number };
  /** What one instance holds: tenants, devices, requests/s over many tenants (bench/capacity.ts). */
  capacity: CapacityPlan;
}

export const FULL_PLAN: Plan = {
  name: 'full',
  largeCount: 100_000,
  actionsCount: 10_000,
  startupDefaultRuns: 7,
  startupLargeRuns: 5,
  throughput: { runs: 8, connections: 10, durationMs: 2_000, warmupMs: 1_000 },
  query: { runs: 3, requests: 100, warmup: 10 },
  actions: { runs: 3, connections: 10, durationMs: 4_000 },
  reset: { runs: 3, requests: 200, warmup: 20 },
  capacity: FULL_CAPACITY,
};

/** Tiny fleets, a few hundred requests, one run each: the harness exercised end to end in seconds. */
export const QUICK_PLAN: Plan = {
  name: 'quick',
  largeCount: 300,
  actionsCount: 120,
  startupDefaultRuns: 1,
  startupLargeRuns: 1,
  throughput: { runs: 1, connections: 4, requests: 300, warmupMs: 100 },
  query: { runs: 1, requests: 20, warmup: 2 },
  actions: { runs: 1, connections: 4, requests: 200 },
  reset: { runs: 1, requests: 30, warmup: 3 },
  capacity: QUICK_CAPACITY,
};

export interface Target {
  op: '<' | '>=';
  value: number;
  /** As written in the issue, e.g. "under 1 s". */
  text: string;
}

export interface Figure {
  id: string;
  title: string;
  /** The median over runs. */
  value: number;
  unit: 'ms' | 'x' | 'MB' | 'KB' | 'req/s';
  /** Every run's value, in order. */
  runs: number[];
  target?: Target;
  /** Whether the target is met (undefined without a target). */
  met?: boolean;
  /** Context for the figure (what else was measured alongside it). */
  note?: string;
}

export interface BenchResult {
  plan: Plan;
  /** The `dist/cli.js` measured, when not this checkout's. */
  cli?: string;
  startedAt: string;
  wallMs: number;
  figures: Figure[];
  /** One line per run, for the details section. */
  details: Record<string, string[]>;
  /** Anything that makes a figure unreliable: non-2xx answers, connection errors, a tenant file that does not check out. */
  problems: string[];
}

export interface RunOptions {
  plan: Plan;
  /** Progress lines (stderr by default in run.ts). */
  log?: (line: string) => void;
  /** Scenario ids to run (default all): startup, throughput, query, actions, reset, stalls, capacity. */
  only?: readonly string[];
  /** Measure another build's `dist/cli.js` (a previous commit's, for before/after); default this checkout's. */
  cli?: string;
}

/** The scenarios, in the order they run (`--only` takes these names). */
export const SCENARIOS = ['startup', 'throughput', 'query', 'actions', 'reset', 'stalls', 'capacity'] as const;

const READ_ROLE = 'DeviceManagementManagedDevices.Read.All';
const PRIVILEGED_ROLE = 'DeviceManagementManagedDevices.PrivilegedOperations.All';
const DEVICES = '/v1.0/deviceManagement/managedDevices';
const MB = 1024 * 1024;

const figure = (f: Omit<Figure, 'met'>): Figure => ({
  ...f,
  ...(f.target ? { met: f.target.op === '<' ? f.value < f.target.value : f.value >= f.target.value } : {}),
});

/** Runs the scenarios of `plan`; always stops the processes it started, and removes its temp files. */
export async function runBenchmarks(options: RunOptions): Promise<BenchResult> {
  const { plan } = options;
  const log = options.log ?? (() => {});
  const wants = (id: string) => !options.only || options.only.includes(id);
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-bench-'));
  const result: BenchResult = {
    plan, ...(options.cli ? { cli: options.cli } : {}), startedAt: new Date().toISOString(), wallMs: 0, figures: [], details: {}, problems: [],
  };
  const ctx: Ctx = {
    plan, dir, log, result, fleets: new Map(),
    start: (o = {}) => startMock({ ...o, ...(options.cli ? { cli: options.cli } : {}) }),
  };
  try {
    if (wants('startup')) await startupAndMemory(ctx);
    if (wants('throughput')) await readThroughput(ctx);
    if (wants('query')) await queryLatency(ctx);
    if (wants('actions')) await actionsWithPersistence(ctx);
    if (wants('reset')) await resetLatency(ctx);
    if (wants('stalls')) await persistenceStalls({ ...ctx, fleet: (count) => fleet(ctx, count) });
    if (wants('capacity')) {
      await capacity({
        capacity: plan.capacity, log, start: ctx.start, dir: ctx.dir, fleet: (count) => fleet(ctx, count),
        details: result.details, problems: result.problems, add: (f) => result.figures.push(figure(f)),
      });
    }
  } finally {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }
  result.wallMs = performance.now() - started;
  return result;
}

interface Ctx {
  plan: Plan;
  dir: string;
  log: (line: string) => void;
  result: BenchResult;
  fleets: Map<number, string>;
  /** Starts the mock under test (see RunOptions.cli). */
  start: (options?: MockOptions) => Promise<{ proc: Proc; readyMs: number }>;
}

/** A generated fleet of `count` devices (the CLI's `fixtures generate`, fixed seed), made once per run. */
async function fleet(ctx: Ctx, count: number): Promise<string> {
  const existing = ctx.fleets.get(count);
  if (existing) return existing;
  const file = join(ctx.dir, `fleet-${count}.json`);
  const t0 = performance.now();
  await runCli(['fixtures', 'generate', '--count', String(count), '--seed', 'bench', '--out', file]);
  ctx.log(`generated ${count} devices in ${Math.round(performance.now() - t0)} ms (${(statSync(file).size / MB).toFixed(0)} MB)`);
  ctx.fleets.set(count, file);
  return file;
}

// ---- HTTP helpers -------------------------------------------------------------------------------

export async function call(origin: string, path: string, init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {}) {
  const res = await request(`${origin}${path}`, { method: init.method ?? 'GET', headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await res.body.text();
  return { status: res.statusCode, text, headers: res.headers };
}

/** A token from the mock's own issuer (`POST /_mock/tokens`) with these roles, and the tenant it is for. */
export async function mintToken(proc: Proc, roles: string[]): Promise<{ token: string; tenant: string }> {
  const res = await call(proc.origin, '/_mock/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ roles }) });
  if (res.status !== 200) throw new Error(`POST /_mock/tokens answered ${res.status}: ${res.text}`);
  const body = JSON.parse(res.text) as { access_token: string; tenant: string };
  return { token: body.access_token, tenant: body.tenant };
}

/** The first Graph call of a tenant materializes it from the seed fixture; returns how long that took. */
async function touch(proc: Proc, token: string): Promise<number> {
  const t0 = performance.now();
  const res = await call(proc.origin, `${DEVICES}?$top=1`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`touching the tenant answered ${res.status}: ${res.text.slice(0, 300)}`);
  return performance.now() - t0;
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

/** Records non-2xx answers and connection errors of a load run as problems. */
function checkLoad(ctx: Ctx, what: string, res: LoadResult, ok: readonly number[]): void {
  const bad = Object.entries(res.statuses).filter(([status]) => !ok.includes(Number(status)));
  if (res.errors > 0) ctx.result.problems.push(`${what}: ${res.errors} request(s) failed without an answer`);
  if (bad.length > 0) ctx.result.problems.push(`${what}: unexpected answers ${bad.map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  if (res.requests === 0) ctx.result.problems.push(`${what}: no request completed`);
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
const latencyLine = (s: LatencySummary) => `median ${fmt(s.medianMs, 2)} ms, p99 ${fmt(s.p99Ms, 2)} ms, max ${fmt(s.maxMs, 2)} ms (${s.count} requests)`;

// ---- 1. Startup, and 5. memory ------------------------------------------------------------------

async function startupAndMemory(ctx: Ctx): Promise<void> {
  const { plan, log } = ctx;
  const details: string[] = (ctx.result.details.startup = []);
  const defaultRuns: number[] = [];
  // The floor on this machine: the bare Fastify server of the throughput figure (bench/baseline-server.mjs: Node,
  // Fastify from node_modules, one route), from spawning to its first 200, interleaved with the mock's starts.
  const bareRuns: number[] = [];
  const ratios: number[] = [];
  const bodiesFile = join(ctx.dir, 'startup-baseline-bodies.json');
  writeFileSync(bodiesFile, JSON.stringify({ contentType: 'application/json', bodies: {} }));
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

// ---- 2. Read throughput against a bare Fastify baseline ---------------------------------------------

async function readThroughput(ctx: Ctx): Promise<void> {
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

// ---- 3. Query latency on the large tenant, and memory after it -----------------------------------

export const QUERIES = [
  { id: 'query.filter', title: "$filter=operatingSystem eq 'iOS'&$top=100", query: `$filter=${encodeURIComponent("operatingSystem eq 'iOS'")}&$top=100` },
  { id: 'query.orderby', title: '$orderby=deviceName&$top=100', query: '$orderby=deviceName&$top=100' },
] as const;

async function queryLatency(ctx: Ctx): Promise<void> {
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

// ---- 4. resetPasscode with persistence against memory mode ------------------------------------------

interface FleetDevice {
  id: string;
  operatingSystem?: string | null;
  simulation?: { enrollment?: string };
}

/**
 * Devices whose reset is accepted under both rulesets with no condition (README "The rules"): Android
 * dedicated and AOSP, iOS/iPadOS device enrollment.
 */
export function resettable(devices: readonly FleetDevice[]): string[] {
  return devices
    .filter((d) => {
      const e = d.simulation?.enrollment;
      if (d.operatingSystem === 'Android') return e === 'dedicated' || e === 'aosp';
      if (d.operatingSystem === 'iOS' || d.operatingSystem === 'iPadOS') return e === 'device';
      return false;
    })
    .map((d) => d.id);
}

async function actionsWithPersistence(ctx: Ctx): Promise<void> {
  const { plan, log, dir } = ctx;
  const a = plan.actions;
  const details: string[] = (ctx.result.details.actions = []);
  const file = await fleet(ctx, plan.actionsCount);
  const ids = resettable((JSON.parse(readFileSync(file, 'utf8')) as { devices: FleetDevice[] }).devices);
  if (ids.length === 0) throw new Error('actions: the generated fleet has no device that supports resetPasscode');
  const bound = { connections: a.connections, ...(a.durationMs !== undefined ? { durationMs: a.durationMs } : {}), ...(a.requests !== undefined ? { requests: a.requests } : {}) };

  const ratios: number[] = [];
  const memRps: number[] = [];
  const dataRps: number[] = [];
  let allValid = true;
  for (let r = 0; r < a.runs; r++) {
    const order = r % 2 === 0 ? ['memory', 'data'] as const : ['data', 'memory'] as const;
    const rps: Partial<Record<'memory' | 'data', number>> = {};
    for (const mode of order) {
      const dataDir = mode === 'data' ? mkdtempSync(join(dir, 'data-')) : undefined;
      const { proc } = await ctx.start({ fixtures: file, ...(dataDir ? { data: dataDir } : {}) });
      // Accepted requests per device: what the tenant's file must hold afterwards.
      const accepted = new Map<string, number>();
      let res: LoadResult;
      let tenant: string;
      try {
        const minted = await mintToken(proc, [READ_ROLE, PRIVILEGED_ROLE]);
        tenant = minted.tenant;
        const headers = { authorization: `Bearer ${minted.token}` };
        await touch(proc, minted.token);
        res = await runLoad({
          origin: proc.origin,
          next: (i) => ({ method: 'POST', path: `${DEVICES}/${ids[i % ids.length]}/resetPasscode`, headers }),
          onResponse: (i, _spec, status) => {
            if (status === 204) {
              const id = ids[i % ids.length]!;
              accepted.set(id, (accepted.get(id) ?? 0) + 1);
            }
          },
          ...bound,
        });
        checkLoad(ctx, `actions ${mode} run ${r + 1}`, res, [204]);
      } finally {
        const code = await proc.stop();
        if (code !== 0) ctx.result.problems.push(`actions ${mode} run ${r + 1}: the mock exited with ${code} on SIGTERM`);
      }
      rps[mode] = res.rps;
      let line = `${mode === 'data' ? '--data' : 'memory'}, run ${r + 1}: ${fmt(res.rps, 0)} req/s, ${countStatus(res, 204)} accepted (${latencyLine(summarize(res.latenciesMs))})`;
      if (dataDir) {
        const check = checkDb(dataDir, tenant, plan.actionsCount, accepted);
        line += `; tenant file ${fmt(check.bytes / MB, 1)} MB: ${check.problems.length === 0 ? 'valid and complete' : check.problems.join('; ')}`;
        if (check.problems.length > 0) {
          allValid = false;
          ctx.result.problems.push(...check.problems.map((p) => `actions run ${r + 1} tenant file: ${p}`));
        }
      }
      details.push(line);
    }
    ratios.push(rps.data! / rps.memory!);
    memRps.push(rps.memory!);
    dataRps.push(rps.data!);
  }
  log(`resetPasscode --data / memory: ${ratios.map((v) => fmt(v, 3)).join(', ')}`);
  ctx.result.figures.push(figure({
    id: 'actions.ratio', title: `resetPasscode on ${plan.actionsCount.toLocaleString('en-US')} devices, --data requests/s ÷ memory mode's`, value: median(ratios), unit: 'x', runs: ratios,
    target: { op: '>=', value: 0.5, text: 'at least 0.5' },
    note: `--data ${fmt(median(dataRps), 0)} req/s, memory ${fmt(median(memRps), 0)} req/s; ${a.connections} connections over ${ids.length} eligible devices; tenant file ${allValid ? 'valid and complete after every run' : 'NOT valid: see problems'}`,
  }));
}

/**
 * The data directory after a graceful stop: the tenant's file (`tenants/<tenantId>.json`) with our marker and
 * schema version, every device, one audit per accepted request (kept, or counted as dropped past --max-audits),
 * and a resetPasscode result on every device that got one.
 */
export function checkDb(dataDir: string, tenantId: string, devices: number, accepted: ReadonlyMap<string, number>): { bytes: number; problems: string[] } {
  const problems: string[] = [];
  let bytes = 0;
  let doc: any;
  try {
    const text = readFileSync(join(dataDir, 'tenants', `${tenantId}.json`), 'utf8');
    bytes = Buffer.byteLength(text);
    doc = JSON.parse(text);
  } catch (err) {
    return { bytes, problems: [`cannot be read as JSON: ${(err as Error).message}`] };
  }
  if (doc?.intuneMock?.schemaVersion !== 2) problems.push('no intuneMock marker of schema version 2');
  const tenant = doc?.tenantId === tenantId ? doc.tenant : undefined;
  if (!tenant) return { bytes, problems: [...problems, `no tenant ${tenantId}`] };
  if (tenant.devices?.length !== devices) problems.push(`${tenant.devices?.length} devices, expected ${devices}`);
  const expectedAudits = [...accepted.values()].reduce((a, b) => a + b, 0);
  // Audits are bounded (--max-audits, 10,000 by default): the oldest are dropped and counted in auditsDropped.
  const dropped: number = tenant.auditsDropped ?? 0;
  if ((tenant.audits?.length ?? 0) + dropped !== expectedAudits) {
    problems.push(`${tenant.audits?.length} audits${dropped ? ` and ${dropped} dropped` : ''}, expected ${expectedAudits} (one per accepted request)`);
  }
  const auditsPer = new Map<string, number>();
  for (const audit of tenant.audits ?? []) {
    if (audit.action !== 'resetPasscode') problems.push(`an audit of ${audit.action}`);
    auditsPer.set(audit.managedDeviceId, (auditsPer.get(audit.managedDeviceId) ?? 0) + 1);
  }
  let missing = 0;
  let miscounted = 0;
  const byId = new Map<string, any>((tenant.devices ?? []).map((r: any) => [r.device.id, r]));
  for (const [id, n] of accepted) {
    const results = byId.get(id)?.device?.deviceActionResults ?? [];
    if (!results.some((x: any) => x.actionName === 'resetPasscode')) missing++;
    // With audits dropped, a device keeps at most as many as were accepted for it; without, exactly as many.
    const kept = auditsPer.get(id) ?? 0;
    if (dropped === 0 ? kept !== n : kept > n) miscounted++;
  }
  if (missing > 0) problems.push(`${missing} device(s) with an accepted reset but no resetPasscode result`);
  if (miscounted > 0) problems.push(`${miscounted} device(s) whose audits do not match their accepted requests`);
  return { bytes, problems };
}

// ---- 6. Reset -----------------------------------------------------------------------------------

async function resetLatency(ctx: Ctx): Promise<void> {
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
