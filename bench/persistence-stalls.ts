/**
 * Scenario `stalls` of `npm run bench` (issue 17, item 3): does writing a large tenant under `--data` hold the
 * event loop? `resetPasscode` as fast as the load generator goes on a generated fleet (10,000 devices in the
 * full plan), after enough of them that the tenant's audits have reached their bound (`--max-audits`, 10,000 by
 * default), so every write is of the tenant at its full size. The mock's event-loop delay histogram is read
 * inside its process by a preloaded probe (`eld-probe.mjs`: no benchmark switch in the product), over the
 * measured load only (not the start, nor the first call that builds the tenant). After each run the mock is
 * stopped with SIGTERM and the tenant's file checked as the actions scenario checks it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { checkDb, resettable } from './actions.js';
import type { BenchResult, Figure, Plan } from './harness.js';
import { countStatus, runLoad, type LoadResult } from './load.js';
import type { MockOptions, Proc } from './processes.js';
import { median } from './stats.js';

export const ELD_PROBE = fileURLToPath(new URL('./eld-probe.mjs', import.meta.url));
const DEVICES = '/v1.0/deviceManagement/managedDevices';
const ROLES = ['DeviceManagementManagedDevices.Read.All', 'DeviceManagementManagedDevices.PrivilegedOperations.All'];

/** Per plan: the fill (requests before measuring), the measured load, runs. */
const SETTINGS = {
  full: { fill: 12_000, durationMs: 4_000, runs: 3, connections: 10 },
  quick: { fill: 100, requests: 200, runs: 1, connections: 4 },
} as const;

export interface StallsContext {
  plan: Plan;
  dir: string;
  log: (line: string) => void;
  result: BenchResult;
  start: (options?: MockOptions) => Promise<{ proc: Proc; readyMs: number }>;
  /** The generated fleet of `count` devices (made once per run). */
  fleet: (count: number) => Promise<string>;
}

export interface EldLine { maxMs: number; p99Ms: number; p50Ms: number; meanMs: number; count: number }

/** Asks the probe for its histogram since the last ask (SIGUSR2) and waits for its line. */
export async function readEld(proc: Proc, timeoutMs = 5_000): Promise<EldLine> {
  const seen = proc.output().split('intune-mock-bench-eld ').length;
  proc.child.kill('SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const parts = proc.output().split('intune-mock-bench-eld ');
    if (parts.length > seen) {
      const line = parts[seen]!.split('\n')[0]!;
      if (parts[seen]!.includes('\n')) return JSON.parse(line) as EldLine;
    }
    if (Date.now() > deadline) throw new Error('the event-loop probe did not answer (was the mock started with it?)');
    await sleep(20);
  }
}

export async function persistenceStalls(ctx: StallsContext): Promise<void> {
  const { plan, log, dir } = ctx;
  const s = SETTINGS[plan.name];
  const details: string[] = (ctx.result.details.stalls = []);
  const file = await ctx.fleet(plan.actionsCount);
  const ids = resettable((JSON.parse(readFileSync(file, 'utf8')) as { devices: Array<{ id: string }> }).devices);
  const maxes: number[] = [];
  const p99s: number[] = [];
  const rates: number[] = [];
  let allValid = true;
  // The same load in memory mode, once, first: what the machine alone does to the event loop (a process that waits
  // for a core counts as a late loop too), beside which the --data figure is read.
  const control = await loadAndMeasure(ctx, s, file, ids, undefined);
  details.push(`memory mode (no --data), for comparison: ${control.res.rps.toFixed(0)} resetPasscode/s; event-loop delay max ${control.eld.maxMs} ms, p99 ${control.eld.p99Ms} ms, median ${control.eld.p50Ms} ms`);
  for (let r = 0; r < s.runs; r++) {
    const dataDir = mkdtempSync(join(dir, 'stalls-'));
    const { res, eld, tenant, accepted } = await loadAndMeasure(ctx, s, file, ids, dataDir, `stalls run ${r + 1}`);
    const check = checkDb(dataDir, tenant, plan.actionsCount, new Map());
    // Audits are bounded (--max-audits): only the file's validity and devices are checked here, and every accepted reset's result.
    const problems = check.problems.filter((p) => !p.includes('audits'));
    const doc = JSON.parse(readFileSync(join(dataDir, 'tenants', `${tenant}.json`), 'utf8')) as { tenant: { devices: Array<{ device: { id: string; deviceActionResults?: Array<{ actionName: string }> } }>; audits: unknown[] } };
    const results = new Map(doc.tenant.devices.map((d) => [d.device.id, d.device.deviceActionResults ?? []]));
    const missing = [...accepted.keys()].filter((id) => !results.get(id)?.some((x) => x.actionName === 'resetPasscode')).length;
    if (missing > 0) problems.push(`${missing} device(s) with an accepted reset but no resetPasscode result`);
    if (problems.length > 0) {
      allValid = false;
      ctx.result.problems.push(...problems.map((p) => `stalls run ${r + 1} tenant file: ${p}`));
    }
    maxes.push(eld.maxMs);
    p99s.push(eld.p99Ms);
    rates.push(res.rps);
    details.push(`--data, run ${r + 1}: ${res.rps.toFixed(0)} resetPasscode/s; event-loop delay max ${eld.maxMs} ms, p99 ${eld.p99Ms} ms, median ${eld.p50Ms} ms; ` +
      `tenant file ${(check.bytes / 1024 / 1024).toFixed(1)} MB (${doc.tenant.audits.length} audits): ${problems.length === 0 ? 'valid and complete' : problems.join('; ')}`);
  }
  log(`stalls: event-loop delay max ${maxes.join(', ')} ms at ${rates.map((v) => v.toFixed(0)).join(', ')} req/s`);
  const figure: Figure = {
    id: 'stalls.eld', title: `Longest event-loop delay, resetPasscode with --data on ${plan.actionsCount.toLocaleString('en-US')} devices`, value: median(maxes), unit: 'ms', runs: maxes,
    target: { op: '<', value: 50, text: 'under 50 ms' },
    note: `how late the loop ran (beyond its 10 ms sampling); p99 ${median(p99s).toFixed(1)} ms at ${median(rates).toFixed(0)} requests/s (${s.connections} connections); the same load in memory mode: max ${control.eld.maxMs} ms; audits at their bound (--max-audits); tenant file ${allValid ? 'valid and complete after every run' : 'NOT valid: see problems'}`,
  };
  ctx.result.figures.push({ ...figure, met: figure.value < 50 });
}

type Settings = (typeof SETTINGS)[keyof typeof SETTINGS];

/** One mock (with --data when `dataDir` is given): the fill, then the measured load and its event-loop delay. */
async function loadAndMeasure(ctx: StallsContext, s: Settings, file: string, ids: readonly string[], dataDir: string | undefined, what = 'stalls memory run') {
  const { proc } = await ctx.start({ fixtures: file, ...(dataDir ? { data: dataDir } : {}), nodeFlags: [`--import=${ELD_PROBE}`] });
  const accepted = new Map<string, number>();
  let tenant = '';
  let res: LoadResult | undefined;
  let eld: EldLine | undefined;
  try {
    const minted = await request(`${proc.origin}/_mock/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ roles: ROLES }) });
    const body = (await minted.body.json()) as { access_token: string; tenant: string };
    tenant = body.tenant;
    const headers = { authorization: `Bearer ${body.access_token}` };
    const touched = await request(`${proc.origin}${DEVICES}?$top=1`, { headers });
    await touched.body.dump();
    const reset = (i: number) => ({ method: 'POST' as const, path: `${DEVICES}/${ids[i % ids.length]}/resetPasscode`, headers });
    const count = (offset: number) => (i: number, _spec: unknown, status: number) => {
      if (status !== 204) return;
      const id = ids[(i + offset) % ids.length]!;
      accepted.set(id, (accepted.get(id) ?? 0) + 1);
    };
    // The tenant at its full size first: its audits at their bound.
    const fill = await runLoad({ origin: proc.origin, next: reset, connections: s.connections, requests: s.fill, onResponse: count(0) });
    await sleep(300); // the fill's last write done: it is not what is measured
    await readEld(proc);
    res = await runLoad({
      origin: proc.origin, next: (i) => reset(i + fill.requests), connections: s.connections, onResponse: count(fill.requests),
      ...('durationMs' in s ? { durationMs: s.durationMs } : { requests: s.requests }),
    });
    eld = await readEld(proc);
    if (res.errors > 0 || countStatus(res, 204) !== res.requests) ctx.result.problems.push(`${what}: ${JSON.stringify(res.statuses)}, ${res.errors} errors`);
  } finally {
    const code = await proc.stop();
    if (code !== 0) ctx.result.problems.push(`${what}: the mock exited with ${code} on SIGTERM`);
  }
  return { res: res!, eld: eld!, tenant, accepted };
}
