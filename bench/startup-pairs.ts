/**
 * Start-up of the default fleet, two builds side by side: starts `node <cli>` for each build in turn (A, B, A, B,
 * … so that the machine's drift hits both) as the bench does (bench/processes.ts: strict auth, default log level,
 * free ports, /_mock/ready polled), and reports per build the median CPU time (user + system, from /proc) and wall
 * time from spawn to the first 200. CPU, not wall time, is the figure to compare on a shared machine (issue 17's
 * start-up target).
 *
 *   npx tsx bench/startup-pairs.ts [--pairs 15] <cliA> [<cliB>]     (e.g. ../base/dist/cli.js dist/cli.js)
 */
import { killAll, startMock } from './processes.js';
import { median } from './stats.js';

const argv = process.argv.slice(2);
let pairs = 15;
const clis: string[] = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--pairs') pairs = Number(argv[++i]);
  else clis.push(argv[i]!);
}
if (clis.length === 0) throw new Error('usage: npx tsx bench/startup-pairs.ts [--pairs N] <cliA> [<cliB>]');

// One start of each first, not counted: the first start of a run makes the CA and signing key it then keeps.
for (const cli of clis) await (await startMock({ cli })).proc.stop();
const runs = clis.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
for (let p = 0; p < pairs; p++) {
  for (const [i, cli] of clis.entries()) {
    const { proc, readyMs } = await startMock({ cli });
    runs[i]!.cpu.push(proc.cpuMs());
    runs[i]!.wall.push(readyMs);
    await proc.stop();
  }
}
killAll();
clis.forEach((cli, i) => {
  const { cpu, wall } = runs[i]!;
  console.log(`${cli}: CPU to ready median ${median(cpu).toFixed(0)} ms (${cpu.map((v) => v.toFixed(0)).join(' ')}); wall median ${median(wall).toFixed(0)} ms`);
});
