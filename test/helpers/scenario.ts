/**
 * Runs a client scenario (test/contract/scenarios/<name>.mjs) in its own plain `node`, as a user's program runs,
 * and returns the JSON object its last line of output prints. Proxy settings of the machine are removed: the
 * scenarios call the mock on loopback directly.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { plainNode } from './spawn-cli.js';

export async function runScenario(name: string, env: Record<string, string>): Promise<any> {
  const script = fileURLToPath(new URL(`../contract/scenarios/${name}.mjs`, import.meta.url));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' };
  for (const k of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy', 'AZURE_AUTHORITY_HOST']) delete childEnv[k];
  // The clients' own coverage is of no interest (the mock they call runs in the test's process).
  const child = spawn(...plainNode([script], { coverage: false }), { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b) => (stdout += b));
  child.stderr.on('data', (b) => (stderr += b));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve)); // 'close': all its output read
  const line = stdout.trim().split('\n').pop() ?? '';
  if (process.env.CONTRACT_DUMP) console.error(name, line);
  if (code !== 0 || !line.startsWith('{')) throw new Error(`${name} scenario (${env.CLIENT ?? ''}) exited ${code}:\n${stdout}\n${stderr}`);
  return JSON.parse(line);
}
