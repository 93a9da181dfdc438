/**
 * The CLI's commands run in the test's own process (`src/cli/main.ts`, on captured output): for the
 * matrices of usage errors and start failures, where a spawned Node per case costs a second of CPU and
 * shows nothing more. Each test file still spawns the real CLI (`spawn-cli.ts`) for exit codes and streams.
 */
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { cleanEnv } from './spawn-cli.js';

/** `intune-mock <argv>` in this process, with the environment `runCli` gives a child; for commands that end. */
export async function runMain(argv: string[], env?: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _encoding, done) { append(String(chunk)); done(); } });
  const code = await main(argv, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: cleanEnv(env) });
  if (code < 0) throw new Error(`runMain is for commands that end; this one serves: ${argv.join(' ')}`);
  return { code, stdout, stderr };
}
