/**
 * Every fenced block of README.md, extracted from it at test time: run as written (shell blocks in bash
 * with `set -euo pipefail`, one shell per section; JS/TS/Python programs from that shell) against the
 * built CLI started as the README says, or, where it cannot run here, marked and checked for syntax.
 * Conventions (markers, the port rewrite, expected outputs): test/readme/README.md.
 */
import t, { type Test } from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { foreignEnv } from '../helpers/foreign-env.js';
import { LISTENING, startCli, type Running } from '../helpers/spawn-cli.js';
import { PROGRAM_LANGS, SHELL_LANGS, compiledName, expectedOutputs, pointAt, readmeBlocks, type Block } from './blocks.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const blocks = readmeBlocks();
const started = Date.now();
const cpuAtStart = process.cpuUsage();

/** Syntax checks for blocks that are not run, by info string ('' and `text` are sample output: nothing to check). */
const SYNTAX: Record<string, (code: string) => void> = {
  '': () => {},
  text: () => {},
  sh: (code) => {
    const r = spawnSync('bash', ['-n'], { input: code, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  },
  json: (code) => void JSON.parse(code),
  yaml: (code) => void parseYaml(code, { strict: true }),
  ts: (code) => void transformSync(code, { loader: 'ts', format: 'esm' }),
  js: (code) => void transformSync(code, { loader: 'js', format: 'esm' }),
};
SYNTAX.bash = SYNTAX.sh!;
SYNTAX.yml = SYNTAX.yaml!;
// Python is on the test machine (the `run` blocks use it): its own parser.
SYNTAX.python = (code) => {
  const r = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
};
// PowerShell and C# have no parser here (pwsh and dotnet are not installed): brackets and quotes must pair up.
SYNTAX.powershell = (code) => balanced(code, { comment: '#', quotes: ["'", '"'] });
SYNTAX.csharp = (code) => balanced(code, { comment: '//', quotes: ['"'] });

/** Every (, [ and { closed in order, and every string closed on its line; comments and strings skipped. */
function balanced(code: string, o: { comment: string; quotes: string[] }): void {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  code.split('\n').forEach((line, n) => {
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (line.startsWith(o.comment, i)) break;
      if (o.quotes.includes(c)) {
        const end = line.indexOf(c, i + 1);
        if (end < 0) throw new Error(`line ${n + 1}: ${c} not closed`);
        i = end;
      } else if ('([{'.includes(c)) stack.push(c);
      else if (pairs[c] && stack.pop() !== pairs[c]) throw new Error(`line ${n + 1}: ${c} closes nothing`);
    }
  });
  if (stack.length) throw new Error(`${stack.join('')} not closed`);
}

t.test('every README block is run or marked, and a marked one parses', async (t) => {
  t.ok(blocks.length > 10, `${blocks.length} blocks found`);
  for (const b of blocks) {
    const where = `README.md:${b.line} (${b.lang || 'no language'}, "${b.section}")`;
    const m = b.marker;
    if (m.kind === 'invalid') {
      t.fail(`${where}: ${m.problem}; see test/readme/README.md`);
    } else if (m.kind === 'run' && !SHELL_LANGS.has(b.lang) && !PROGRAM_LANGS[b.lang]) {
      t.fail(`${where}: a \`run\` block must be shell, js, ts or python`);
    } else if (m.kind === 'serve' && !SHELL_LANGS.has(b.lang)) {
      t.fail(`${where}: a \`serve\` block is a shell command`);
    } else {
      const check = SYNTAX[b.lang] ?? (m.kind === 'file' ? () => {} : undefined);
      if (!check) t.fail(`${where}: no syntax check for "${b.lang}"; add one to SYNTAX`);
      else t.doesNotThrow(() => (SHELL_LANGS.has(b.lang) ? SYNTAX.sh! : check)(b.code), `${where}: ${m.kind}, parses`);
    }
  }
});

t.test('the stand-in checks for PowerShell and C# can fail', async (t) => {
  t.throws(() => SYNTAX.powershell!("Invoke-MgGraphRequest -Uri 'https://graph.microsoft.com/v1.0/me"), /not closed/);
  t.throws(() => SYNTAX.csharp!('var d = await client.Get(;\n}'), /closes nothing/);
  t.doesNotThrow(() => SYNTAX.csharp!('Console.WriteLine($"{d.Count} devices"); // (a comment'));
  t.throws(() => SYNTAX.python!('print((1)'));
});

// ---- the environment: a directory where `intune-mock` resolves as an installed package would ----

/*
 * Nothing the README runs is counted by c8: the reader's shell has no coverage variable, and the mocks the
 * blocks call start without it too. What they run of ours (the CLI's commands and flags, startMock, the admin
 * client) is covered by the files that test it (test/cli/, test/programmatic/, test/control/); under c8's block
 * coverage the same runs cost about 5 s more CPU here, and c8 read their 10-odd MB at report time.
 */

const root = mkdtempSync(join(tmpdir(), 'intune-mock-readme-'));
t.teardown(() => rmSync(root, { recursive: true, force: true }));
{
  const modules = join(root, 'node_modules');
  const bin = join(modules, '.bin');
  mkdirSync(bin, { recursive: true });
  for (const e of readdirSync(join(REPO, 'node_modules'))) if (!e.startsWith('.')) symlinkSync(join(REPO, 'node_modules', e), join(modules, e));
  for (const e of readdirSync(join(REPO, 'node_modules/.bin'))) symlinkSync(join(REPO, 'node_modules/.bin', e), join(bin, e));
  symlinkSync(REPO, join(modules, 'intune-mock'));
  // A reader's project: ES modules (the README's programs use top-level await and `import`).
  writeFileSync(join(root, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  // What npm installs for the package's `bin` (an executable dist/cli.js).
  writeFileSync(join(bin, 'intune-mock'), `#!/bin/sh\nexec node ${JSON.stringify(join(REPO, 'dist/cli.js'))} "$@"\n`, { mode: 0o755 });
}

/**
 * A reader's shell: no test runner, npm-script, coverage or INTUNE_MOCK_* variables; a cache directory of
 * its own, so that the CA a started mock keeps there never lands in the real user's cache.
 */
const readerEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: join(root, 'cache') };
  for (const k of Object.keys(env)) if (/^(NODE_OPTIONS|NODE_V8_COVERAGE|INTUNE_MOCK_|npm_|_?TAP|_TAPJS)/i.test(k)) delete env[k];
  // Deleting NODE_V8_COVERAGE is not enough: Node passes its own on unless the env has the variable.
  return foreignEnv(env);
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** One CLI per set of flags, shared by the sections that name it. */
const mocks = new Map<string, Promise<{ running: Running; ports: { http: number; https: number; proxy?: number } }>>();
function mockWith(flags: string) {
  if (!mocks.has(flags)) {
    mocks.set(flags, (async () => {
      // `--proxy-port 8888` as written runs on a free port too; the blocks' 127.0.0.1:8888 are pointed at it.
      const proxied = /(^|\s)--proxy-port 8888(\s|$)/.test(flags);
      const ports = { http: await freePort(), https: await freePort(), ...(proxied ? { proxy: await freePort() } : {}) };
      const args = flags.split(/\s+/).filter(Boolean).map((a, i, all) => (a === '8888' && all[i - 1] === '--proxy-port' ? String(ports.proxy) : a));
      const running = await startCli([...args, '--http-port', String(ports.http), '--https-port', String(ports.https)], undefined, { timeoutMs: 60_000, coverage: false });
      return { running, ports };
    })());
  }
  return mocks.get(flags)!;
}
t.teardown(async () => {
  for (const m of mocks.values()) await (await m).running.stop();
});

interface Outcome { code: number | null; stdout: string; stderr: string }
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<Outcome> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
  return new Promise((resolve) => child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr }))));
}

/** A `serve` block: the command as written, on free ports; it must start, load its fleet and stop on SIGTERM. */
async function serve(t: Test, b: Block, cwd: string) {
  const env = { ...readerEnv(), INTUNE_MOCK_HTTP_PORT: '0', INTUNE_MOCK_HTTPS_PORT: '0' };
  const child = spawn('bash', ['-c', `set -euo pipefail\n${b.code}`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 60_000);
    child.stdout.on('data', () => { const m = LISTENING.exec(out); if (m) (clearTimeout(timer), resolve(m[1])); });
    void exited.then(() => (clearTimeout(timer), resolve(undefined)));
  });
  t.ok(url, `README.md:${b.line}: it listens`, { output: out });
  let ready = 0;
  for (let i = 0; url && i < 300 && ready !== 200; i++) {
    ready = (await fetch(`${url}/_mock/ready`).catch(() => ({ status: 0 }))).status;
    if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  t.equal(ready, 200, `README.md:${b.line}: its fleet is loaded`);
  const signal = (sig: NodeJS.Signals) => { try { process.kill(-child.pid!, sig); } catch { /* already gone */ } };
  signal('SIGTERM');
  const killer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

/** The section's blocks in order: consecutive run and file blocks share one bash; a serve block stands alone. */
async function runSection(t: Test, section: string, own: Block[]) {
  const flags = own.map((b) => (b.marker.kind === 'run' ? b.marker.mock : undefined)).filter((f) => f !== undefined);
  if (new Set(flags).size > 1) return t.fail(`"${section}": its blocks name different mocks: ${[...new Set(flags)].join(' | ')}`);
  const mock = flags.length ? await mockWith(flags[0]!) : undefined;
  const cwd = join(root, `L${own[0]!.line}`);
  mkdirSync(cwd);
  const rewrite = (code: string) => (mock ? pointAt(code, mock.ports) : code);

  let script: string[] = [];
  let inScript: Block[] = [];
  const flush = async () => {
    if (!inScript.length) return;
    const res = await run('bash', ['-c', ['set -euo pipefail', ...script].join('\n')], cwd, readerEnv());
    const lines = inScript.map((b) => b.line).join(', ');
    const failedIn = [...res.stderr.matchAll(/^::readme-block (\d+)$/gm)].pop()?.[1];
    t.equal(res.code, 0, `README.md:${lines} ran (exit ${res.code}${res.code ? `, in the block at line ${failedIn}` : ''})`, { stdout: res.stdout.slice(-4000), stderr: res.stderr.slice(-4000) });
    // Each block's output, after its marker line: what its comments say it prints must be in it.
    const parts = res.stdout.split(/^::readme-block (\d+)$/m);
    for (const b of inScript) {
      const i = parts.indexOf(String(b.line));
      const output = i >= 0 ? parts[i + 1] ?? '' : '';
      const outLines = output.split('\n').map((l) => l.trim());
      // A quoted string is printed as is (JSON), or, for plain text such as `"valid: 16 devices, …"`, as a whole line.
      const printed = (want: string) => output.includes(want) || (want.startsWith('"') && outLines.includes(want.slice(1, -1)));
      for (const want of expectedOutputs(b.code, b.lang)) t.ok(printed(want), `README.md:${b.line} prints ${want}`, { output });
    }
    script = [];
    inScript = [];
  };
  for (const b of own) {
    const m = b.marker;
    if (m.kind === 'serve') {
      await flush();
      await serve(t, b, cwd);
    } else if (m.kind === 'file') {
      writeFileSync(join(cwd, m.name), rewrite(b.code));
    } else if (m.kind === 'run') {
      inScript.push(b);
      script.push(`printf '\\n::readme-block ${b.line}\\n'; printf '\\n::readme-block ${b.line}\\n' >&2`);
      if (SHELL_LANGS.has(b.lang)) script.push(rewrite(b.code));
      else {
        const lang = PROGRAM_LANGS[b.lang]!;
        const file = `readme-${b.line}.${lang.ext}`;
        const code = rewrite(b.code);
        writeFileSync(join(cwd, file), code);
        if (lang.compile) {
          // As tsx compiles a .ts file of a `"type": "module"` project: esbuild, ESM.
          const js = transformSync(code, { loader: lang.compile, format: 'esm', target: `node${process.versions.node}`, sourcemap: 'inline', sourcefile: join(cwd, file) });
          writeFileSync(join(cwd, compiledName(file)), js.code);
        }
        script.push(lang.command(file));
      }
    }
  }
  await flush();
}

// ---- the sections, grouped: those on one mock run one after another, the groups side by side ----

const runnable = blocks.filter((b) => ['run', 'file', 'serve'].includes(b.marker.kind));
const sections = [...new Set(runnable.map((b) => b.section))].map((s) => ({ section: s, own: runnable.filter((b) => b.section === s) }));
const groupOf = (own: Block[]) => own.map((b) => (b.marker.kind === 'run' ? b.marker.mock : undefined)).find((f) => f !== undefined);
const groups = new Map<string, typeof sections>();
for (const s of sections) {
  const key = groupOf(s.own) ?? `no mock: ${s.section}`;
  groups.set(key, [...(groups.get(key) ?? []), s]);
}

t.test('the README, run as written', { jobs: 4 }, async (t) => {
  for (const [key, list] of groups) {
    t.test(key.startsWith('no mock') ? key : `mock ${key || '(default flags)'}`, async (t) => {
      for (const { section, own } of list) await t.test(section, (t) => runSection(t, section, own));
    });
  }
});

t.teardown(() => {
  const cpu = process.cpuUsage(cpuAtStart);
  if (process.env.README_TIMING) console.error(`readme-blocks: wall ${Date.now() - started} ms, this process's CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms`);
});
