/**
 * What several scenarios of the benchmark harness (bench/harness.ts) share: their context, the figure maker,
 * the generated fleets, the HTTP helpers (a call, a token from the mock's issuer, the tenant's first call),
 * the check of a load run, and the formatting of numbers and latencies in the details lines.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import type { LoadResult } from './load.js';
import { runCli, type MockOptions, type Proc } from './processes.js';
import type { LatencySummary } from './stats.js';
import type { BenchResult, Figure, Plan } from './harness.js';

export const READ_ROLE = 'DeviceManagementManagedDevices.Read.All';
export const DEVICES = '/v1.0/deviceManagement/managedDevices';
export const MB = 1024 * 1024;

export const figure = (f: Omit<Figure, 'met'>): Figure => ({
  ...f,
  ...(f.target ? { met: f.target.op === '<' ? f.value < f.target.value : f.value >= f.target.value } : {}),
});

export interface Ctx {
  plan: Plan;
  dir: string;
  log: (line: string) => void;
  result: BenchResult;
  fleets: Map<number, string>;
  /** Starts the mock under test (see RunOptions.cli). */
  start: (options?: MockOptions) => Promise<{ proc: Proc; readyMs: number }>;
}

/** A generated fleet of `count` devices (the CLI's `fixtures generate`, fixed seed), made once per run. */
export async function fleet(ctx: Ctx, count: number): Promise<string> {
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
export async function touch(proc: Proc, token: string): Promise<number> {
  const t0 = performance.now();
  const res = await call(proc.origin, `${DEVICES}?$top=1`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`touching the tenant answered ${res.status}: ${res.text.slice(0, 300)}`);
  return performance.now() - t0;
}

/** Records non-2xx answers and connection errors of a load run as problems. */
export function checkLoad(ctx: Ctx, what: string, res: LoadResult, ok: readonly number[]): void {
  const bad = Object.entries(res.statuses).filter(([status]) => !ok.includes(Number(status)));
  if (res.errors > 0) ctx.result.problems.push(`${what}: ${res.errors} request(s) failed without an answer`);
  if (bad.length > 0) ctx.result.problems.push(`${what}: unexpected answers ${bad.map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  if (res.requests === 0) ctx.result.problems.push(`${what}: no request completed`);
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
export const latencyLine = (s: LatencySummary) => `median ${fmt(s.medianMs, 2)} ms, p99 ${fmt(s.p99Ms, 2)} ms, max ${fmt(s.maxMs, 2)} ms (${s.count} requests)`;
