/**
 * `npm start` stops when its process is signalled. npm forwards SIGTERM and SIGINT only to the shell that
 * runs the script, and a shell waiting on `node dist/cli.js` died of it and left the mock running, holding
 * its ports. The script `exec`s node (the shell becomes the mock), so npm's signal reaches it.
 */
import t from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseEnv } from '../helpers/dockerfile.js';

const root = new URL('../../', import.meta.url).pathname;

/** Every process below `pid` (children, their children, …), from ps. */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of rows) if (ppid === parent) (out.push(child), walk(child));
  };
  walk(pid);
  return out;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const commandLine = (pid: number): string => execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();

/** Whether nothing listens on the port: binding it succeeds. */
const free = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (await check()) return true;
  return check();
}

t.test('SIGTERM to npm start stops the mock and frees its ports', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'intune-mock-npm-start-'));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  // npm and the mock as a user starts them: no tap loader, no coverage collection (baseEnv keeps neither);
  // a cache directory of its own in case the mock keeps files there.
  const env = { ...baseEnv(), XDG_CACHE_HOME: home };
  const npm = spawn('env', ['-u', 'NODE_OPTIONS', '-u', 'NODE_V8_COVERAGE', 'npm', 'start', '--', '--http-port', '0', '--https-port', '0', '--auth', 'off'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout.on('data', (b: Buffer) => (output += b));
  npm.stderr.on('data', (b: Buffer) => (output += b));
  const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
  let tree: number[] = [];
  t.teardown(() => {
    for (const pid of [npm.pid!, ...tree]) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  // `npm start` builds dist/ first when it is out of date (scripts/build-if-stale.mjs): tsc can take a minute.
  const listening = await until(() => (/http:\/\/127\.0\.0\.1:\d+/.test(output) && /https:\/\/127\.0\.0\.1:\d+/.test(output)) || npm.exitCode !== null, 180_000);
  t.ok(listening && npm.exitCode === null, 'npm start is serving', { output });
  const ports = [...new Set([...output.matchAll(/(https?):\/\/127\.0\.0\.1:(\d+)/g)].map((m) => `${m[1]} ${m[2]}`))].map((s) => s.split(' ') as [string, string]);
  const httpPort = Number(ports.find(([scheme]) => scheme === 'http')?.[1]);
  const httpsPort = Number(ports.find(([scheme]) => scheme === 'https')?.[1]);
  t.ok(httpPort > 0 && httpsPort > 0, `an HTTP and an HTTPS port (${httpPort}, ${httpsPort})`);
  const health = await fetch(`http://127.0.0.1:${httpPort}/_mock/health`);
  t.equal(health.status, 200, 'the mock answers');
  t.notOk(await free(httpPort), 'its HTTP port is taken');

  tree = descendants(npm.pid!);
  const mock = tree.find((pid) => /\bdist\/cli\.js\b/.test(commandLine(pid)));
  t.ok(mock, `node dist/cli.js runs below npm (${tree.map((pid) => `${pid} ${commandLine(pid)}`).join('; ')})`);

  npm.kill('SIGTERM');
  // The fallback timer is cleared: a pending one kept this file's process alive for its whole 20 s.
  let fallback: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (fallback = setTimeout(() => r(false), 20_000)))]);
  clearTimeout(fallback);
  t.ok(stopped, 'npm exits');
  t.ok(await until(() => tree.every((pid) => !alive(pid)), 10_000), `no process of npm start is left (${tree.filter(alive).map(commandLine).join('; ') || 'none'})`);
  t.ok(await until(() => free(httpPort), 5_000), `HTTP port ${httpPort} is free again`);
  t.ok(await until(() => free(httpsPort), 5_000), `HTTPS port ${httpsPort} is free again`);
});
