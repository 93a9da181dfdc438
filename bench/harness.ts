/**
 * The benchmark harness behind `npm run bench` (and, in its quick configuration, `test/bench/quick-run.ci.ts`):
 * the plans, the result's shape and `runBenchmarks`, which runs the scenarios in order. Each scenario is a file
 * of its own: `startup.ts` (startup and memory), `read-throughput.ts`, `query-latency.ts`, `actions.ts`
 * (resetPasscode with persistence), `reset-latency.ts`, `persistence-stalls.ts`, `capacity.ts`; what several
 * of them share is in `scenario-kit.ts`.
 * Every scenario runs the mock as users do (`node dist/cli.js`, its own process, strict auth, default log
 * level) and drives it over loopback with a bounded load generator (`load.ts`). Figures that depend on
 * the machine's speed are measured as ratios against a baseline in the same run (a bare Fastify server;
 * the mock in memory mode); the others are absolute and reported beside their targets. Each figure is
 * the median of several runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { killAll, startMock } from './processes.js';
import { capacity, FULL_CAPACITY, QUICK_CAPACITY, type CapacityPlan } from './capacity.js';
import { persistenceStalls } from './persistence-stalls.js';
import { figure, fleet, type Ctx } from './scenario-kit.js';
import { startupAndMemory } from './startup.js';
import { readThroughput } from './read-throughput.js';
import { queryLatency } from './query-latency.js';
import { actionsWithPersistence } from './actions.js';
import { resetLatency } from './reset-latency.js';

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
  actions: { runs: 5, connections: 10, durationMs: 4_000 },
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
