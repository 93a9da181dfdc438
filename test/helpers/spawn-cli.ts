/** Runs the built CLI (`dist/cli.js`) as users do, and waits for it to listen or exit. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** The line the CLI prints once it listens, with its HTTP URL (every test that waits for a start reads it here). */
export const LISTENING = /listening on (http:\/\/\S+)/;

export interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

let caDir: string | undefined;
/**
 * The CA directory of the CLIs this test process starts (one for all: they share one CA, as a user's
 * restarts do). The CLI's default is the user's cache directory, which a test run must not touch.
 */
export const testCaDir = (): string => {
  if (!caDir) {
    const dir = (caDir = mkdtempSync(join(tmpdir(), 'intune-mock-ca-')));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return caDir;
};

/** The environment without the caller's INTUNE_MOCK_* (but a CA directory of the test's own, unless `env` names one). */
export const cleanEnv = (env: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const out: NodeJS.ProcessEnv = { ...process.env, INTUNE_MOCK_CA_DIR: testCaDir(), ...env };
  for (const k of Object.keys(out)) if (k.startsWith('INTUNE_MOCK_') && !(k in env) && k !== 'INTUNE_MOCK_CA_DIR') delete out[k];
  return out;
};

/**
 * `node <args>` as a user starts it, as [command, args] for `spawn`. Under tap, @tapjs/processinfo adds its
 * loader to NODE_OPTIONS of every child process whatever `env` is passed (it patches spawn itself), and
 * a Node with that loader starts about half a second slower. `env -u NODE_OPTIONS` execs node without it:
 * same pid, same environment otherwise. c8's NODE_V8_COVERAGE (which Node passes on to every child) stays,
 * so the built CLI's coverage counts; `coverage: false` drops it for a child that runs none of src/.
 */
export function plainNode(args: string[], o: { coverage?: boolean } = {}): [string, string[]] {
  return ['env', ['-u', 'NODE_OPTIONS', ...(o.coverage === false ? ['-u', 'NODE_V8_COVERAGE'] : []), process.execPath, ...args]];
}

/**
 * Starts the CLI and resolves once it prints where it listens (rejects if it exits first). `coverage: false`:
 * without c8's variable, for a CLI that only serves a test of something else (plainNode).
 */
export function startCli(args: string[], env?: Record<string, string>, o: { timeoutMs?: number; coverage?: boolean } = {}): Promise<Running> {
  const child = spawn(...plainNode([CLI, ...args], { coverage: o.coverage }), { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b) => (out += b));
  child.stderr!.on('data', (b) => (out += b));
  // 'close', not 'exit': 'exit' can come before the last of the child's output is read (a loaded machine
  // showed an empty stderr for a CLI that had printed its error), and callers read `output()` after it.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`CLI did not start in time:\n${out}`)); }, o.timeoutMs ?? 15_000);
    child.stdout!.on('data', () => {
      const m = LISTENING.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out, stop: (signal = 'SIGTERM') => (child.kill(signal), exited) });
      }
    });
    void exited.then((code) => { clearTimeout(timer); reject(Object.assign(new Error(`CLI exited with ${code}:\n${out}`), { code, out })); });
  });
}

/** Runs the CLI to completion. */
export function runCli(args: string[], env?: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(...plainNode([CLI, ...args]), { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
