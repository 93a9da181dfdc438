/**
 * Capacity: what one mock process holds, for docs/scaling.md (when a second instance is needed).
 *
 * - Tenants: one mock (default fleet), N tenants each touched once by a Graph call (which materializes it
 *   from the seed fixture), heap and RSS read after a full garbage collection through the inspector
 *   (bench/inspector.ts) at each N of `plan.tenantCounts` (100, 500, 1000 = the default --max-tenants).
 *   The cost per tenant is the growth over the mock before any tenant was touched, divided by N.
 * - Devices: one mock per fleet size (10,000 and 100,000 devices as the seed fixture); the same after GC at
 *   ready, after the first tenant was touched and after a second: the second tenant's growth divided by
 *   its devices is the marginal cost of a device in memory (the first also pays for the seed fixture).
 * - Requests/s: the same mix (GET list `$top=10`, GET by id) spread over many tenants or sent to one, same
 *   connections, interleaved runs; the ratio of the two, and the server's CPU time per request (from
 *   /proc), which gives requests/s per fully used core. CPU time per request is only as steady as the
 *   machine: on a shared VM it grew tenfold with the load of other jobs (bare Fastify: 14 µs on a quiet run,
 *   over 300 µs on a busy one), so the bare Fastify baseline of the read-throughput scenario
 *   (bench/baseline-server.mjs: GET by id with the mock's bytes) runs interleaved with the mock, and the
 *   mock's CPU per request is also given as a ratio to it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { Inspector, inspectorUrl, type RetainedMemory } from './inspector.js';
import { runLoad, type LoadRequest, type LoadResult } from './load.js';
import { startBaseline, type MockOptions, type Proc } from './processes.js';
import { median, summarize } from './stats.js';

export interface CapacityPlan {
  /** Tenant counts at which memory is read, ascending. */
  tenantCounts: number[];
  /** Seed fleet sizes for the devices' cost. */
  fleetSizes: number[];
  /** Tenants touched at once while materializing them. */
  touchConcurrency: number;
  throughput: { tenants: number; connections: number; runs: number; warmupMs: number; durationMs?: number; requests?: number };
}

export const FULL_CAPACITY: CapacityPlan = {
  tenantCounts: [100, 500, 1000],
  fleetSizes: [10_000, 100_000],
  touchConcurrency: 8,
  throughput: { tenants: 50, connections: 32, runs: 6, warmupMs: 1_000, durationMs: 2_000 },
};

export const QUICK_CAPACITY: CapacityPlan = {
  tenantCounts: [5, 10],
  fleetSizes: [300],
  touchConcurrency: 4,
  throughput: { tenants: 5, connections: 4, runs: 1, warmupMs: 100, requests: 300 },
};

/** What the scenario needs from the harness (bench/harness.ts). */
export interface CapacityContext {
  capacity: CapacityPlan;
  log: (line: string) => void;
  start: (options?: MockOptions) => Promise<{ proc: Proc; readyMs: number }>;
  /** A temporary directory the harness removes afterwards. */
  dir: string;
  /** A generated fleet file of `count` devices. */
  fleet: (count: number) => Promise<string>;
  details: Record<string, string[]>;
  problems: string[];
  /** Records a figure (as scenario-kit.ts's `figure`). */
  add: (f: { id: string; title: string; value: number; unit: 'KB' | 'x' | 'req/s'; runs: number[]; note?: string }) => void;
}

const DEVICES = '/v1.0/deviceManagement/managedDevices';
const READ_ROLE = 'DeviceManagementManagedDevices.Read.All';
const KB = 1024;
const MB = 1024 * 1024;
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));

/** A read token for `tenant` from the mock's issuer (`POST /_mock/tokens`, the tenant in `x-mock-tenant`). */
async function tokenFor(proc: Proc, tenant: string): Promise<string> {
  const res = await request(`${proc.origin}/_mock/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mock-tenant': tenant },
    body: JSON.stringify({ roles: [READ_ROLE] }),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`POST /_mock/tokens for ${tenant} answered ${res.statusCode}: ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { access_token: string }).access_token;
}

/** GET `path` with the token; throws unless 200. */
async function get(proc: Proc, path: string, token: string): Promise<string> {
  const res = await request(`${proc.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`);
  return text;
}

/** Materializes tenants `names` (a token each, then a Graph call), `concurrency` at a time. */
async function touchAll(proc: Proc, names: readonly string[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      await get(proc, `${DEVICES}?$top=1&$select=id`, await tokenFor(proc, name));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
}

/** Starts a mock with the inspector open (bench/inspector.ts); the caller closes both. */
async function startInspected(ctx: CapacityContext, options: MockOptions = {}): Promise<{ proc: Proc; inspector: Inspector }> {
  // warn: one log line per request would grow the harness's copy of the output, not the mock's memory.
  const { proc } = await ctx.start({ ...options, args: ['--log-level', 'warn', ...(options.args ?? [])], nodeFlags: ['--inspect=127.0.0.1:0'] });
  const url = inspectorUrl(proc.output());
  if (!url) {
    await proc.stop();
    throw new Error(`the mock printed no inspector URL:\n${proc.output()}`);
  }
  return { proc, inspector: await Inspector.connect(url) };
}

const memLine = (m: RetainedMemory) => `heap ${fmt(m.heapUsedBytes / MB)} MB, RSS ${fmt(m.rssBytes / MB)} MB`;

export async function tenantsPerInstance(ctx: CapacityContext): Promise<void> {
  const details: string[] = (ctx.details.capacityTenants = []);
  const { proc, inspector } = await startInspected(ctx);
  const heapPer: number[] = [];
  const rssPer: number[] = [];
  try {
    const start = await inspector.retained();
    details.push(`ready, no tenant touched: ${memLine(start)}`);
    let touched = 0;
    for (const n of ctx.capacity.tenantCounts) {
      const names = Array.from({ length: n - touched }, (_, i) => `capacity-${touched + i}`);
      const t0 = performance.now();
      await touchAll(proc, names, ctx.capacity.touchConcurrency);
      const ms = performance.now() - t0;
      touched = n;
      const now = await inspector.retained();
      const heap = (now.heapUsedBytes - start.heapUsedBytes) / n;
      const rss = (now.rssBytes - start.rssBytes) / n;
      heapPer.push(heap / KB);
      rssPer.push(rss / KB);
      details.push(`${n} tenants touched (${names.length} more in ${fmt(ms, 0)} ms): ${memLine(now)}; per tenant heap ${fmt(heap / KB)} KB, RSS ${fmt(rss / KB)} KB`);
    }
  } finally {
    inspector.close();
    const code = await proc.stop();
    if (code !== 0) ctx.problems.push(`capacity tenants: the mock exited with ${code} on SIGTERM`);
  }
  const counts = ctx.capacity.tenantCounts.join(', ');
  ctx.log(`capacity: heap per tenant ${heapPer.map((v) => fmt(v, 0)).join(', ')} KB at ${counts} tenants`);
  const rss = median(rssPer);
  ctx.add({
    id: 'capacity.tenant.heap', title: `Heap per tenant (default fleet, touched), after a full GC, at ${counts} tenants`, value: median(heapPer), unit: 'KB', runs: heapPer,
    note: `RSS per tenant ${rssPer.map((v) => fmt(v, 0)).join(', ')} KB: about ${fmt((1024 * 1024) / rss, 0)} such tenants per GB`,
  });
}

export async function devicesPerInstance(ctx: CapacityContext): Promise<void> {
  const details: string[] = (ctx.details.capacityDevices = []);
  const heapPer: number[] = [];
  const rssPer: number[] = [];
  const firstRss: string[] = [];
  for (const count of ctx.capacity.fleetSizes) {
    const file = await ctx.fleet(count);
    const { proc, inspector } = await startInspected(ctx, { fixtures: file, readyTimeoutMs: 120_000 });
    try {
      const ready = await inspector.retained();
      await touchAll(proc, ['capacity-devices-1'], 1);
      const one = await inspector.retained();
      await touchAll(proc, ['capacity-devices-2'], 1);
      const two = await inspector.retained();
      const heap = (two.heapUsedBytes - one.heapUsedBytes) / count;
      const rss = (two.rssBytes - one.rssBytes) / count;
      heapPer.push(heap / KB);
      rssPer.push(rss / KB);
      firstRss.push(`${count.toLocaleString('en-US')}: ${fmt(one.rssBytes / MB, 0)} MB`);
      details.push(`${count} devices: at ready ${memLine(ready)}; one tenant touched ${memLine(one)}; two ${memLine(two)}; the second tenant per device: heap ${fmt(heap / KB, 2)} KB, RSS ${fmt(rss / KB, 2)} KB`);
    } finally {
      inspector.close();
      const code = await proc.stop();
      if (code !== 0) ctx.problems.push(`capacity devices ${count}: the mock exited with ${code} on SIGTERM`);
    }
  }
  ctx.log(`capacity: heap per device ${heapPer.map((v) => fmt(v, 2)).join(', ')} KB at ${ctx.capacity.fleetSizes.join(', ')} devices`);
  ctx.add({
    id: 'capacity.device.heap', title: `Heap per device of a tenant (a second tenant of ${ctx.capacity.fleetSizes.map((c) => c.toLocaleString('en-US')).join(' and ')} devices), after a full GC`, value: median(heapPer), unit: 'KB', runs: heapPer,
    note: `RSS per device ${rssPer.map((v) => fmt(v, 2)).join(', ')} KB; RSS after GC with the seed fixture and one such tenant ${firstRss.join(', ')}`,
  });
}

/** The i-th request of the read mix over `tenants`: tenant i mod T, a list page then a device by id. */
export function readMix(i: number, tenants: ReadonlyArray<{ auth: Record<string, string>; ids: readonly string[] }>): LoadRequest {
  const t = tenants[i % tenants.length]!;
  const k = Math.floor(i / tenants.length);
  return k % 2 === 0
    ? { path: `${DEVICES}?$top=10`, headers: t.auth }
    : { path: `${DEVICES}/${t.ids[(k >> 1) % t.ids.length]}`, headers: t.auth };
}

type Side = 'many' | 'one' | 'baseline';

export async function throughputAcrossTenants(ctx: CapacityContext): Promise<void> {
  const s = ctx.capacity.throughput;
  const details: string[] = (ctx.details.capacityThroughput = []);
  const { proc } = await ctx.start();
  let baseline: Proc | undefined;
  const rpsRatios: number[] = [];
  const cpuRatios: number[] = [];
  const perCore: number[] = [];
  const rps: Record<Side, number[]> = { many: [], one: [], baseline: [] };
  const cpu: Record<Side, number[]> = { many: [], one: [], baseline: [] };
  try {
    const tenants: Array<{ auth: Record<string, string>; ids: string[] }> = [];
    for (let i = 0; i < s.tenants; i++) {
      const token = await tokenFor(proc, `capacity-load-${i}`);
      const list = JSON.parse(await get(proc, `${DEVICES}?$select=id`, token)) as { value: Array<{ id: string }> };
      tenants.push({ auth: { authorization: `Bearer ${token}` }, ids: list.value.map((d) => d.id) });
    }
    // The baseline serves the first tenant's devices, byte for byte.
    const first = tenants[0]!;
    const bodies: Record<string, string> = {};
    let contentType = '';
    for (const id of first.ids) {
      const res = await request(`${proc.origin}${DEVICES}/${id}`, { headers: first.auth });
      bodies[id] = await res.body.text();
      contentType = String(res.headers['content-type']);
    }
    const bodiesFile = join(ctx.dir, 'capacity-baseline-bodies.json');
    writeFileSync(bodiesFile, JSON.stringify({ contentType, bodies }));
    baseline = await startBaseline(bodiesFile);
    const servers: Record<Side, Proc> = { many: proc, one: proc, baseline };
    const next: Record<Side, (i: number) => LoadRequest> = {
      many: (i) => readMix(i, tenants),
      one: (i) => readMix(i, [first]),
      baseline: (i) => ({ path: `${DEVICES}/${first.ids[i % first.ids.length]}` }),
    };
    const bound = { connections: s.connections, ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}), ...(s.requests !== undefined ? { requests: s.requests } : {}) };
    const all: readonly Side[] = ['many', 'one', 'baseline'];
    for (const side of all) await runLoad({ origin: servers[side].origin, next: next[side], connections: s.connections, durationMs: s.warmupMs });
    for (let r = 0; r < s.runs; r++) {
      // Rotate the order so that drift in the machine's load hits every side alike.
      const order = all.map((_, k) => all[(k + r) % all.length]!);
      const got: Partial<Record<Side, { load: LoadResult; cpuUs: number }>> = {};
      for (const side of order) {
        const server = servers[side];
        const cpu0 = server.cpuMs();
        const load = await runLoad({ origin: server.origin, next: next[side], ...bound });
        got[side] = { load, cpuUs: ((server.cpuMs() - cpu0) * 1000) / load.requests };
        const bad = Object.entries(load.statuses).filter(([status]) => status !== '200');
        if (bad.length > 0 || load.errors > 0 || load.requests === 0) {
          ctx.problems.push(`capacity throughput ${side} run ${r + 1}: ${load.requests} answered, ${load.errors} without an answer, ${bad.map(([st, n]) => `${n}× ${st}`).join(', ') || 'all 200'}`);
        }
      }
      for (const side of all) {
        rps[side].push(got[side]!.load.rps);
        cpu[side].push(got[side]!.cpuUs);
      }
      const { many, one, baseline: base } = got as Record<Side, { load: LoadResult; cpuUs: number }>;
      rpsRatios.push(many.load.rps / one.load.rps);
      cpuRatios.push(many.cpuUs / base.cpuUs);
      perCore.push(1e6 / many.cpuUs);
      const lat = summarize(many.load.latenciesMs);
      details.push(
        `run ${r + 1}: ${s.tenants} tenants ${fmt(many.load.rps, 0)} req/s (${fmt(many.cpuUs)} µs CPU/request; median ${fmt(lat.medianMs, 2)} ms, p99 ${fmt(lat.p99Ms, 2)} ms), ` +
        `one tenant ${fmt(one.load.rps, 0)} req/s (${fmt(one.cpuUs)} µs CPU/request) → ${fmt(many.load.rps / one.load.rps, 3)}; ` +
        `bare Fastify GET by id ${fmt(base.load.rps, 0)} req/s (${fmt(base.cpuUs)} µs CPU/request)`,
      );
    }
  } finally {
    await baseline?.stop();
    const code = await proc.stop();
    if (code !== 0) ctx.problems.push(`capacity throughput: the mock exited with ${code} on SIGTERM`);
  }
  ctx.log(`capacity: ${s.tenants} tenants ÷ one: ${rpsRatios.map((v) => fmt(v, 3)).join(', ')}`);
  const mix = `GET managedDevices?$top=10 and GET managedDevices/{id}, alternating; ${s.connections} connections`;
  ctx.add({
    id: 'capacity.rps.ratio', title: `Requests/s over ${s.tenants} tenants ÷ over one tenant (${mix})`, value: median(rpsRatios), unit: 'x', runs: rpsRatios,
    note: `${s.tenants} tenants ${fmt(median(rps.many), 0)} req/s, one tenant ${fmt(median(rps.one), 0)} req/s, with the load generator on the same machine; ` +
      `the mock's CPU per request ${fmt(median(cpu.many), 0)} µs over ${s.tenants} tenants, ${fmt(median(cpu.one), 0)} µs over one`,
  });
  ctx.add({
    id: 'capacity.cpu.ratio', title: `The mock's CPU per request over ${s.tenants} tenants (same mix) ÷ bare Fastify's per GET by id`, value: median(cpuRatios), unit: 'x', runs: cpuRatios,
    note: `bare Fastify ${fmt(median(cpu.baseline), 1)} µs CPU per request in this run (14 µs on a quiet run of the 2-core machine of the read-throughput figure): requests/s per core ≈ 10⁶ ÷ (this ratio × that)`,
  });
  ctx.add({
    id: 'capacity.rps.core', title: `Requests/s per core over ${s.tenants} tenants (10⁶ ÷ the mock's CPU µs per request; same mix), on this run's machine load`, value: median(perCore), unit: 'req/s', runs: perCore,
    note: 'the mock process\'s own CPU time (/proc/<pid>/stat): what a core given wholly to the mock would serve, at the machine\'s speed during this run (see its load average)',
  });
}

/** The capacity scenario: tenants, devices, requests/s (in that order). */
export async function capacity(ctx: CapacityContext): Promise<void> {
  await tenantsPerInstance(ctx);
  await devicesPerInstance(ctx);
  await throughputAcrossTenants(ctx);
}
