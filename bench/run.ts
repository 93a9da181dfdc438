/**
 * `npm run bench` (which builds first): runs every scenario of `bench/harness.ts` and writes the figures
 * into BENCHMARKS.md. Expect about three minutes on a 2-core machine.
 *
 *   tsx bench/run.ts [--quick] [--out <file>] [--only startup,throughput,query,actions,reset,stalls,capacity] [--cli <dist/cli.js>]
 *
 * --quick   tiny fleets, a few hundred requests, one run each (what `npm test` runs); written to a temp
 *           file unless --out says otherwise, and never to BENCHMARKS.md.
 * --cli     measure another build (e.g. a previous commit's dist/cli.js, for before/after figures).
 * Needs a built dist/ (npm run build); the mock and the baseline run as separate processes.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_PLAN, QUICK_PLAN, SCENARIOS, runBenchmarks } from './harness.js';
import { killAll } from './processes.js';
import { writeReport } from './report.js';

const BENCHMARKS_MD = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value`);
  return v;
}

async function main(args: string[]): Promise<number> {
  const known = new Set(['--quick', '--out', '--only', '--cli']);
  for (const a of args) {
    if (a.startsWith('--') && !known.has(a)) {
      process.stderr.write(`bench: unknown option ${a}\n`);
      return 2;
    }
  }
  const quick = args.includes('--quick');
  const out = resolve(option(args, '--out') ?? (quick ? join(tmpdir(), 'intune-mock-bench-quick.md') : BENCHMARKS_MD));
  if (quick && out === BENCHMARKS_MD) {
    process.stderr.write('bench: --quick figures are not comparable to the targets; they are never written to BENCHMARKS.md\n');
    return 2;
  }
  const only = option(args, '--only')?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((s) => !(SCENARIOS as readonly string[]).includes(s)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`bench: no scenario ${unknown.join(', ')} (there are: ${SCENARIOS.join(', ')})\n`);
    return 2;
  }
  const cli = option(args, '--cli');
  if (cli && option(args, '--out') === undefined) {
    process.stderr.write("bench: --cli measures another build: say where its figures go with --out (BENCHMARKS.md holds this checkout's)\n");
    return 2;
  }
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  log(`${quick ? 'quick' : 'full'} run, writing ${out}`);
  const result = await runBenchmarks({ plan: quick ? QUICK_PLAN : FULL_PLAN, log, ...(only ? { only } : {}), ...(cli ? { cli: resolve(cli) } : {}) });
  writeReport(out, result);
  for (const f of result.figures) {
    log(`${f.title}: ${f.value.toFixed(f.unit === 'x' ? 3 : 1)} ${f.unit}${f.met === undefined ? '' : f.met ? ' (target met)' : ' (TARGET MISSED)'}`);
  }
  for (const p of result.problems) log(`problem: ${p}`);
  log(`wrote ${out} in ${(result.wallMs / 1000).toFixed(0)} s`);
  return result.problems.length > 0 ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    killAll();
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
