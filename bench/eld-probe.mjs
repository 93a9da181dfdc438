/**
 * Preloaded into the mock by the persistence-stalls scenario (`node --import=<this file> dist/cli.js …`), so that
 * the mock itself needs no benchmark switch: Node's event-loop delay histogram
 * (https://nodejs.org/api/perf_hooks.html#perf_hooksmonitoreventloopdelayoptions), sampled every 10 ms. On
 * SIGUSR2 it prints what it saw since the last SIGUSR2 (or since start) as one line on stderr and starts again:
 *
 *   intune-mock-bench-eld {"maxMs":…,"p99Ms":…,"p50Ms":…,"meanMs":…,"count":…}
 *
 * Plain JavaScript, like the baseline server: it runs under bare `node`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const ms = (ns) => Math.round(ns / 1e4) / 100;
process.on('SIGUSR2', () => {
  const line = { maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)), p50Ms: ms(histogram.percentile(50)), meanMs: ms(histogram.mean), count: histogram.count };
  histogram.reset();
  process.stderr.write(`intune-mock-bench-eld ${JSON.stringify(line)}\n`);
});
