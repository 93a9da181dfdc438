/**
 * A/B of GET managedDevices/{id}: server CPU per request (user+sys from /proc) and requests/s of two or more
 * builds, started side by side and loaded in turn (orders alternating), so the machine's drift hits every
 * side; the paired CPU ratios of each build against the first. Bodies are compared (ports aside) first.
 *
 *   npx tsx bench/ab-get.ts /work/base/dist/cli.js dist/cli.js     RUNS=8 DUR=2000 WARM=3000 PROF=<dir>
 *   npx tsx bench/ab-get.ts dist/cli.js 'dist/cli.js --log-level silent'     (a side's flags after its CLI)
 *
 * PROF=<dir> runs every side under `node --cpu-prof` (profiles written to <dir> when they stop).
 */
import { call, mintToken } from './scenario-kit.js';
import { runLoad } from './load.js';
import { killAll, startMock, type Proc } from './processes.js';
import { median } from './stats.js';

const DEVICES = '/v1.0/deviceManagement/managedDevices';
const clis = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const runs = Number(process.env.RUNS ?? 8);
const durationMs = Number(process.env.DUR ?? 2000);
const prof = process.env.PROF;

interface Side { cli: string; proc: Proc; auth: Record<string, string>; ids: string[]; body0: string; cpu: number[]; rps: number[] }

async function setup(cli: string): Promise<Side> {
  const [path, ...args] = cli.split(' ').filter(Boolean);
  const { proc } = await startMock({ cli: path!, args, ...(prof ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${prof}`] } : {}) });
  const auth = { authorization: `Bearer ${(await mintToken(proc, ['DeviceManagementManagedDevices.Read.All'])).token}` };
  const list = await call(proc.origin, `${DEVICES}?$select=id`, { headers: auth });
  const ids = (JSON.parse(list.text) as { value: Array<{ id: string }> }).value.map((d) => d.id);
  const body0 = (await call(proc.origin, `${DEVICES}/${ids[0]}`, { headers: auth })).text;
  return { cli, proc, auth, ids, body0, cpu: [], rps: [] };
}

const sides: Side[] = [];
for (const cli of clis) sides.push(await setup(cli));
const strip = (s: string) => s.replace(/127\.0\.0\.1:\d+/g, 'X');
for (const s of sides.slice(1)) if (strip(s.body0) !== strip(sides[0]!.body0)) console.log(`BODIES DIFFER\n${sides[0]!.body0}\n${s.body0}`);
const load = (s: Side, ms: number) => runLoad({ origin: s.proc.origin, next: (i) => ({ path: `${DEVICES}/${s.ids[i % s.ids.length]}`, headers: s.auth }), connections: 10, durationMs: ms });
for (const s of sides) await load(s, Number(process.env.WARM ?? 3000));
for (let r = 0; r < runs; r++) {
  for (const s of r % 2 === 0 ? sides : [...sides].reverse()) {
    const c0 = s.proc.cpuMs();
    const result = await load(s, durationMs);
    s.cpu.push(((s.proc.cpuMs() - c0) * 1000) / result.requests);
    s.rps.push(result.rps);
    if (Object.keys(result.statuses).some((k) => k !== '200')) console.log('statuses', result.statuses);
  }
}
for (const s of sides) console.log(`${s.cli}: CPU/request median ${median(s.cpu).toFixed(1)} µs [${s.cpu.map((v) => v.toFixed(0)).join(' ')}], req/s median ${median(s.rps).toFixed(0)}`);
for (const s of sides) await s.proc.stop();
killAll();
for (const s of sides.slice(1)) {
  const paired = s.cpu.map((v, i) => v / sides[0]!.cpu[i]!);
  console.log(`${s.cli} ÷ ${sides[0]!.cli}: paired CPU ratio median ${median(paired).toFixed(3)} [${paired.map((v) => v.toFixed(2)).join(' ')}]`);
}
