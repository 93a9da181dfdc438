/**
 * Preloaded into the mock by the persistence-stalls scenario (`node --import=<this file> dist/cli.js …`), so that
 * the mock itself needs no benchmark switch: Node's event-loop delay histogram
 * (https://nodejs.org/api/perf_hooks.html#perf_hooksmonitoreventloopdelayoptions), sampled every 10 ms. On
 * SIGUSR2 it prints what it saw since the last SIGUSR2 (or since start) as one line on stderr and starts again
 * (how late the sampling timer ran, in ms):
 *
 *   intune-mock-bench-eld {"maxMs":…,"p99Ms":…,"p50Ms":…,"meanMs":…,"count":…}
 *
 * Plain JavaScript, like the baseline server: it runs under bare `node`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;
const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();
// Node records the time between the sampling timer's runs, the 10 ms interval included (its docs' example shows
// a minimum of about 10 ms): what is printed is how late the timer ran, that interval taken off.
const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
process.on('SIGUSR2', () => {
  const line = { maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)), p50Ms: ms(histogram.percentile(50)), meanMs: ms(histogram.mean), count: histogram.count };
  histogram.reset();
  process.stderr.write(`intune-mock-bench-eld ${JSON.stringify(line)}\n`);
});
