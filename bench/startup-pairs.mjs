#!/usr/bin/env node
/**
 * Start-up of the default fleet, two builds side by side: spawns `node <cli>` for each build in turn
 * (A, B, A, B, … so that the machine's drift hits both), polls /_mock/ready, and reports per build the
 * median CPU time (user + system, from /proc/<pid>/stat) and wall time from spawn to the first 200.
 * CPU, not wall time, is the figure to compare on a shared machine (issue 17's start-up target).
 *
 *   node bench/startup-pairs.mjs [--pairs 15] <cliA> [<cliB>]     (e.g. ../base/dist/cli.js dist/cli.js)
 */
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const argv = process.argv.slice(2);
let pairs = 15;
const clis = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--pairs') pairs = Number(argv[++i]);
  else clis.push(argv[i]);
}
if (clis.length === 0) throw new Error('usage: node bench/startup-pairs.mjs [--pairs N] <cliA> [<cliB>]');

const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const cpuMs = (pid) => {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / ticks;
};
const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function once(cli) {
  const [http, https] = [await freePort(), await freePort()];
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INTUNE_MOCK_') && k !== 'NODE_V8_COVERAGE' && k !== 'NODE_OPTIONS'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--http-port', String(http), '--https-port', String(https)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b) => (err += b));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${cli} exited ${child.exitCode}: ${err}`);
      const ok = await fetch(`http://127.0.0.1:${http}/_mock/ready`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 3));
    }
    return { cpu: cpuMs(child.pid), wall: performance.now() - t0 };
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
  }
}

const runs = clis.map(() => ({ cpu: [], wall: [] }));
for (let p = 0; p < pairs; p++) {
  for (let i = 0; i < clis.length; i++) {
    const { cpu, wall } = await once(clis[i]);
    runs[i].cpu.push(cpu);
    runs[i].wall.push(wall);
  }
}
clis.forEach((cli, i) => {
  console.log(`${cli}: CPU to ready median ${median(runs[i].cpu).toFixed(0)} ms (${runs[i].cpu.map((v) => v.toFixed(0)).join(' ')}); wall median ${median(runs[i].wall).toFixed(0)} ms`);
});
