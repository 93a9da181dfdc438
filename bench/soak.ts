/**
 * Soak: does the mock's memory stay flat under hostile, mixed traffic (docs/reliability.md#soak)? Spawns the
 * built CLI (`dist/cli.js`), then runs passes of mixed load with ~50 clients: token requests each for a tenant
 * never seen before (as an attacker would), `x-mock-tenant` values never seen before, Graph GETs, PATCHes,
 * remote actions and journal reads. After each pass it has the mock collect its garbage (through the inspector:
 * RSS at any other moment swings by a third with the collector's timing) and records the heap and RSS left, and
 * the RSS peak it sampled during the pass; prints a table and the kept heap's growth from pass to pass. Exit 1
 * if that grew more than 10 % between the last two passes, or on any 5xx or request without an answer.
 *
 *   npm run soak                                  # 4 passes × 60 s, 50 clients
 *   npm run soak -- --passes 2 --seconds 15       # shorter
 *   npm run soak -- --passes 4 -- --max-tenants 200   # flags after a second `--` go to the mock
 */
import { Inspector, inspectorUrl, type RetainedMemory } from './inspector.js';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import { runLoad, type LoadRequest } from './load.js';
import { killAll, startMock, type Proc } from './processes.js';

export interface SoakOptions {
  passes: number;
  seconds: number;
  clients: number;
  /** Extra flags for the mock. */
  mockArgs: string[];
  /** Allowed RSS growth between the last two passes, in percent. */
  maxGrowthPercent: number;
}

export interface PassResult {
  pass: number;
  requests: number;
  rps: number;
  /** Answers 500–599. */
  serverErrors: number;
  /** Requests without an answer (connection errors, timeouts). */
  noAnswer: number;
  /** Other answers outside 2xx, by status. */
  otherStatuses: Record<string, number>;
  /** One request of each status outside 2xx (`METHOD path`), to tell what answered it. */
  samples: Record<string, string>;
  rssBytes: number;
  peakRssBytes: number;
  /** After a full garbage collection at the end of the pass: what the mock really keeps. */
  retained: RetainedMemory;
}

const USAGE = `usage: npm run soak -- [--passes N] [--seconds S] [--clients C] [--max-growth P] [-- <mock flags>]\n`;

export function parseArgs(argv: readonly string[]): SoakOptions {
  const split = argv.indexOf('--');
  const own = split < 0 ? argv : argv.slice(0, split);
  const opts: SoakOptions = { passes: 4, seconds: 60, clients: 50, mockArgs: split < 0 ? [] : argv.slice(split + 1), maxGrowthPercent: 10 };
  for (let i = 0; i < own.length; i += 2) {
    const [flag, value] = [own[i], Number(own[i + 1])];
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} needs a positive number\n${USAGE}`);
    if (flag === '--passes') opts.passes = Math.floor(value);
    else if (flag === '--seconds') opts.seconds = value;
    else if (flag === '--clients') opts.clients = Math.floor(value);
    else if (flag === '--max-growth') opts.maxGrowthPercent = value;
    else throw new Error(`unknown flag ${flag}\n${USAGE}`);
  }
  return opts;
}

const DEVICES = '/v1.0/deviceManagement/managedDevices';
const DEFAULT_TENANT = 'contoso.onmicrosoft.com';

function tokenRequest(tenant: string): LoadRequest {
  const form = new URLSearchParams({ client_id: 'soak', client_secret: 'soak-secret', grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' });
  return { method: 'POST', path: `/${tenant}/oauth2/v2.0/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
}

async function setUp(proc: Proc): Promise<{ auth: Record<string, string>; ids: string[] }> {
  const spec = tokenRequest(DEFAULT_TENANT);
  const res = await request(`${proc.origin}${spec.path}`, { method: 'POST', headers: spec.headers!, body: spec.body! });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`the token endpoint answered ${res.statusCode}: ${text}`);
  const auth = { authorization: `Bearer ${(JSON.parse(text) as { access_token: string }).access_token}` };
  const list = await request(`${proc.origin}${DEVICES}?$top=50&$select=id`, { headers: auth });
  const ids = ((await list.body.json()) as { value: { id: string }[] }).value.map((d) => d.id);
  if (ids.length === 0) throw new Error('the default tenant has no device');
  return { auth, ids };
}

/** The i-th request of the mix: ~1 in 10 a new tenant by token, ~1 in 10 a new tenant by `x-mock-tenant`. */
export function mixed(i: number, auth: Record<string, string>, ids: readonly string[]): LoadRequest {
  const id = ids[i % ids.length]!;
  const json = { ...auth, 'content-type': 'application/json' };
  switch (i % 10) {
    case 0:
      return tokenRequest(randomUUID());
    case 1:
      return { path: '/_mock/devices?top=1', headers: { 'x-mock-tenant': `soak-${randomUUID()}` } };
    case 2:
    case 3:
      return { path: `${DEVICES}?$top=10&$select=id,deviceName,complianceState`, headers: auth };
    case 4:
      return { path: `${DEVICES}/${id}`, headers: auth };
    case 5:
    case 6:
      return { method: 'PATCH', path: `${DEVICES}/${id}`, headers: json, body: JSON.stringify({ notes: `soak ${i}` }) };
    case 7:
      return { method: 'POST', path: `${DEVICES}/${id}/syncDevice`, headers: auth };
    case 8:
      return { path: '/_mock/requests?method=PATCH' };
    default:
      return { path: `${DEVICES}?$filter=${encodeURIComponent("operatingSystem eq 'Windows'")}&$top=5`, headers: auth };
  }
}

export async function soak(opts: SoakOptions, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<{ passes: PassResult[]; problems: string[] }> {
  // The mock logs at warn unless told otherwise: a line per request would fill the harness's memory, not the mock's.
  const args = opts.mockArgs.some((a) => a.startsWith('--log-level')) ? opts.mockArgs : ['--log-level', 'warn', ...opts.mockArgs];
  const { proc } = await startMock({ args, nodeFlags: ['--inspect=127.0.0.1:0'], readyTimeoutMs: 120_000 });
  const url = inspectorUrl(proc.output());
  if (!url) throw new Error(`the mock printed no inspector URL:\n${proc.output()}`);
  const inspector = await Inspector.connect(url);
  const passes: PassResult[] = [];
  try {
    const { auth, ids } = await setUp(proc);
    const start = await inspector.retained();
    log(`soak: mock pid ${proc.pid} (${args.join(' ')}), ${opts.passes} × ${opts.seconds} s, ${opts.clients} clients; at start, after a full GC: heap ${mb(start.heapUsedBytes)} MB, RSS ${mb(start.rssBytes)} MB`);
    let offset = 0;
    for (let p = 1; p <= opts.passes; p++) {
      const base = offset;
      const samples: Record<string, string> = {};
      const onResponse = (_i: number, spec: LoadRequest, status: number) => {
        if (status >= 300) samples[status] ??= `${spec.method ?? 'GET'} ${spec.path}`;
      };
      // The pass's RSS peak, sampled (for the report: what the machine must have).
      let passPeak = proc.memory().rssBytes;
      const sampler = setInterval(() => { passPeak = Math.max(passPeak, proc.memory().rssBytes); }, 200);
      const res = await runLoad({ origin: proc.origin, connections: opts.clients, durationMs: opts.seconds * 1000, maxMs: opts.seconds * 1000 + 5_000, next: (i) => mixed(base + i, auth, ids), onResponse });
      clearInterval(sampler);
      offset += res.requests + res.errors;
      const memory = proc.memory();
      const retained = await inspector.retained();
      const statuses = Object.entries(res.statuses);
      const pass: PassResult = {
        pass: p,
        requests: res.requests,
        rps: res.rps,
        serverErrors: statuses.filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0),
        noAnswer: res.errors,
        otherStatuses: Object.fromEntries(statuses.filter(([s]) => Number(s) >= 300 && Number(s) < 500)),
        samples,
        rssBytes: memory.rssBytes,
        peakRssBytes: Math.max(passPeak, memory.rssBytes),
        retained,
      };
      passes.push(pass);
      log(row(pass, passes[p - 2]));
    }
  } finally {
    inspector.close();
    const code = await proc.stop();
    if (code !== 0) log(`soak: the mock exited with ${code} on SIGTERM`);
  }
  const problems: string[] = [];
  for (const p of passes) {
    if (p.serverErrors > 0) problems.push(`pass ${p.pass}: ${p.serverErrors} answer(s) 5xx (e.g. ${Object.entries(p.samples).filter(([s]) => Number(s) >= 500).map(([s, r]) => `${s} ${r}`).join(', ')})`);
    if (p.noAnswer > 0) problems.push(`pass ${p.pass}: ${p.noAnswer} request(s) without an answer`);
  }
  const [before, last] = passes.slice(-2);
  if (before && last && growth(before, last) > opts.maxGrowthPercent) problems.push(`the heap kept after a full GC grew ${growth(before, last).toFixed(1)} % between the last two passes (limit ${opts.maxGrowthPercent} %)`);
  return { passes, problems };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const growth = (a: PassResult, b: PassResult) => ((b.retained.heapUsedBytes - a.retained.heapUsedBytes) / a.retained.heapUsedBytes) * 100;

function row(p: PassResult, prev: PassResult | undefined): string {
  const other = Object.entries(p.otherStatuses).map(([s, n]) => `${n}×${s} (e.g. ${p.samples[s]})`).join(' ') || '-';
  const g = prev ? `${growth(prev, p) >= 0 ? '+' : ''}${growth(prev, p).toFixed(1)} %` : '-';
  return `pass ${p.pass}: ${p.requests} requests (${p.rps.toFixed(0)}/s), 5xx ${p.serverErrors}, no answer ${p.noAnswer}, other ${other}; after a full GC heap ${mb(p.retained.heapUsedBytes)} MB and RSS ${mb(p.retained.rssBytes)} MB (heap growth ${g}); RSS peak during the pass ${mb(p.peakRssBytes)} MB`;
}

async function main(): Promise<number> {
  let opts: SoakOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`soak: ${(err as Error).message}`);
    return 2;
  }
  const { passes, problems } = await soak(opts);
  process.stdout.write('\n| Pass | Requests | req/s | 5xx | No answer | Heap after GC, MB | RSS after GC, MB | RSS peak, MB | Heap growth |\n|---|---|---|---|---|---|---|---|---|\n');
  for (const [i, p] of passes.entries()) {
    const prev = passes[i - 1];
    process.stdout.write(`| ${p.pass} | ${p.requests} | ${p.rps.toFixed(0)} | ${p.serverErrors} | ${p.noAnswer} | ${mb(p.retained.heapUsedBytes)} | ${mb(p.retained.rssBytes)} | ${mb(p.peakRssBytes)} | ${prev ? `${growth(prev, p).toFixed(1)} %` : '-'} |\n`);
  }
  for (const problem of problems) process.stdout.write(`soak: FAIL ${problem}\n`);
  if (problems.length === 0) process.stdout.write('soak: OK\n');
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.on('SIGINT', () => {
    killAll();
    process.exit(130);
  });
  main().then(
    (code) => process.exit(code),
    (err) => {
      killAll();
      process.stderr.write(`soak: ${(err as Error).stack ?? err}\n`);
      process.exit(1);
    },
  );
}
