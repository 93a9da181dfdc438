/**
 * The processes a benchmark measures, each in its own process as users run them: the mock
 * (`node dist/cli.js`) and the bare Fastify baseline (`bench/baseline-server.mjs`). Loopback only, ports
 * picked free beforehand so that readiness can be polled from the moment the process is spawned.
 * Every process started here is remembered and killed (by its own pid) if the harness stops early.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
export const BASELINE_SERVER = fileURLToPath(new URL('./baseline-server.mjs', import.meta.url));
export const HOST = '127.0.0.1';

const live = new Set<ChildProcess>();

/** Kills (SIGKILL) every process this module started that is still running. */
export function killAll(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  live.clear();
}

/** A free loopback TCP port (closed again before it is handed to a child). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One CA directory for the mocks a run starts: the CLI's default (the user's cache) is not the bench's to fill. */
let caDir: string | undefined;
function benchCaDir(): string {
  if (!caDir) {
    const dir = (caDir = mkdtempSync(join(tmpdir(), 'intune-mock-bench-ca-')));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return caDir;
}

/** Environment for a child: ours, without any INTUNE_MOCK_* setting that would change what is measured. */
function cleanEnv(o: { extraCaCerts?: boolean } = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Node reads the file NODE_EXTRA_CA_CERTS names as it starts, before any code of the program runs: the machines
  // this bench ran on export the system bundle (about 140 certificates) to every process, ~60 ms of each start
  // (Node and the bare Fastify baseline alike). A server answers with its own certificate and needs no extra CAs
  // (the mock's Docker image sets none), so the measured processes run without it; the startup scenario also
  // times the mock with it (`extraCaCerts`).
  if (!o.extraCaCerts) delete env.NODE_EXTRA_CA_CERTS;
  for (const key of Object.keys(env)) if (key.startsWith('INTUNE_MOCK_')) delete env[key];
  env.INTUNE_MOCK_CA_DIR = benchCaDir();
  // Load, not Intune's limits (200 writes per 20 s per app) is what is measured: `--throttling off`
  // (docs/throttling.md). By the environment, which a previous build measured for before/after ignores.
  env.INTUNE_MOCK_THROTTLING = 'off';
  delete env.NODE_OPTIONS; // tap/tsx loaders must not ride along into the measured process
  // Nor coverage: under `npm test` (c8) every process would record it, which slows what is measured and adds
  // coverage files for c8 to merge. The CLI's coverage comes from the tests that exercise it.
  delete env.NODE_V8_COVERAGE;
  return env;
}

/**
 * `spawn` arguments for `node <args>` with no NODE_OPTIONS (nor NODE_V8_COVERAGE) at all. Deleting it from `env` is not enough
 * under tap: @tapjs/processinfo patches spawn and puts its loader back into every child's NODE_OPTIONS.
 * `env -u` execs node in the same process (the pid whose memory and CPU time are read) without it.
 */
function node(args: string[]): [string, string[]] {
  return ['env', ['-u', 'NODE_OPTIONS', '-u', 'NODE_V8_COVERAGE', process.execPath, ...args]];
}

export interface Memory {
  /** Resident set size now, in bytes. */
  rssBytes: number;
  /** Peak resident set size so far (VmHWM), in bytes; NaN where the OS does not say. */
  peakRssBytes: number;
}

export interface Proc {
  readonly child: ChildProcess;
  readonly pid: number;
  /** `http://127.0.0.1:port`. */
  readonly origin: string;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  memory(): Memory;
  /** CPU time used so far, in ms (NaN where the OS does not say). */
  cpuMs(): number;
  /** SIGTERM (graceful: the mock flushes its store), SIGKILL after `timeoutMs`; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

let clockTicks: number | undefined;
/** CPU time (user + system) a process has used so far, in ms; NaN where /proc is not available. */
export function processCpuMs(pid: number): number {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return Number.NaN;
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  // Fields after the command name (which may contain spaces): state is field 3; utime and stime are 14 and 15.
  const text = readFileSync(stat, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

/** RSS of a process: /proc/<pid>/status on Linux, `ps` elsewhere. */
export function processMemory(pid: number): Memory {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) {
    const text = readFileSync(status, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) * 1024;
    return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
  }
  const out = execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  return { rssBytes: Number(out.trim()) * 1024, peakRssBytes: Number.NaN };
}

function track(child: ChildProcess, origin: string): Proc {
  live.add(child);
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    live.delete(child);
    resolve(code);
  }));
  return {
    child,
    pid: child.pid!,
    origin,
    output: () => out,
    memory: () => processMemory(child.pid!),
    cpuMs: () => processCpuMs(child.pid!),
    stop: async (timeoutMs = 30_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Polls `GET origin+path` every `intervalMs` until it answers 200; rejects if the process exits first or on timeout. */
async function waitFor200(proc: Proc, path: string, timeoutMs: number, intervalMs = 10): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`process ${proc.pid} exited (${proc.child.exitCode ?? proc.child.signalCode}) before ${path} answered:\n${proc.output()}`);
    }
    try {
      const res = await request(`${proc.origin}${path}`, { reset: true, headersTimeout: 5_000, bodyTimeout: 5_000 });
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      await proc.stop(1_000);
      throw new Error(`process ${proc.pid} did not answer ${path} within ${timeoutMs} ms:\n${proc.output()}`);
    }
    await sleep(intervalMs);
  }
}

export interface MockOptions {
  /** Another build's `dist/cli.js` (e.g. the previous commit's, for a before/after); default this checkout's. */
  cli?: string;
  fixtures?: string;
  /** `--data <dir>`: persistence. */
  data?: string;
  /** More flags. */
  args?: string[];
  /** Flags for node itself, before the script (e.g. `--inspect=127.0.0.1:0`). */
  nodeFlags?: string[];
  readyTimeoutMs?: number;
  /** Keep this machine's NODE_EXTRA_CA_CERTS for the mock (cleanEnv says why the bench drops it). */
  extraCaCerts?: boolean;
}

/**
 * Spawns `node dist/cli.js` with the product's defaults (strict auth, default log level; throttling off) on free ports
 * and resolves once `GET /_mock/ready` answers 200, with the time from spawning to that answer.
 */
export async function startMock(options: MockOptions = {}): Promise<{ proc: Proc; readyMs: number }> {
  const cli = options.cli ?? CLI;
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run 'npm run build' first.`);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const args = [
    ...(options.nodeFlags ?? []),
    cli, '--host', HOST, '--http-port', String(httpPort), '--https-port', String(httpsPort),
    ...(options.fixtures ? ['--fixtures', options.fixtures] : []),
    ...(options.data ? ['--data', options.data] : []),
    ...(options.args ?? []),
  ];
  const t0 = performance.now();
  const child = spawn(...node(args), { cwd: ROOT, env: cleanEnv({ extraCaCerts: options.extraCaCerts ?? false }), stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = track(child, `http://${HOST}:${httpPort}`);
  await waitFor200(proc, '/_mock/ready', options.readyTimeoutMs ?? 60_000);
  return { proc, readyMs: performance.now() - t0 };
}

/** Spawns the bare Fastify baseline serving the bodies in `bodiesFile` (see baseline-server.mjs). */
export async function startBaseline(bodiesFile: string): Promise<Proc> {
  return (await startBaselineTimed(bodiesFile)).proc;
}

/** `startBaseline`, with the time from spawning to its first 200 on `/ready` (timed as `startMock` times the mock). */
export async function startBaselineTimed(bodiesFile: string): Promise<{ proc: Proc; readyMs: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(...node([BASELINE_SERVER, '--port', String(port), '--bodies', bodiesFile]), {
    cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = track(child, `http://${HOST}:${port}`);
  await waitFor200(proc, '/ready', 30_000);
  return { proc, readyMs: performance.now() - t0 };
}

/** Runs `node dist/cli.js <args>` to completion (e.g. `fixtures generate`); rejects on a non-zero exit. */
export function runCli(args: string[], timeoutMs = 120_000): Promise<string> {
  const child = spawn(...node([CLI, ...args]), { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = track(child, '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(proc.output());
      else reject(new Error(`intune-mock ${args.join(' ')} failed (${code ?? signal}):\n${proc.output()}`));
    });
  });
}
