/**
 * Every way the mock can fail to start, as the one message the CLI prints (docs/simulation.md#cli-and-configuration):
 * what went wrong, with which file, address or flag, and what to do. No stack trace for what the user can
 * fix; one for a fault of the mock itself only at `--log-level debug`.
 */
import type { Config } from '../config.js';
import { ConfigError } from '../config.js';
import { FixtureError } from '../fixtures/load-fixture.js';

type SystemError = NodeJS.ErrnoException & { address?: string; port?: number };

/** What the operating system said, in words (Node's messages repeat the code, the call and the path). */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'it is a file, not a directory',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

function reason(e: SystemError): string {
  return (e.code && REASONS[e.code]) ?? e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}

/** The message (without the `intune-mock: ` prefix) and the exit code. */
export function describeStartupError(err: unknown, config: Config | undefined): { message: string; code: number } {
  if (err instanceof ConfigError) {
    return { message: `bad configuration:\n${err.problems.map((p) => `  ${p}`).join('\n')}\nRun 'intune-mock --help'.`, code: 2 };
  }
  if (err instanceof FixtureError) {
    // A file that cannot be read or parsed is one sentence; a schema problem lists every path.
    const only = err.problems.length === 1 && err.problems[0]!.path === '$' ? err.problems[0]!.message : undefined;
    if (only?.startsWith('cannot be read: ')) {
      const cause = only.slice('cannot be read: '.length);
      const code = /^([A-Z]+):/.exec(cause)?.[1];
      return { message: `cannot read the fixture ${err.file}: ${(code && REASONS[code]) ?? cause} (see --fixtures).`, code: 1 };
    }
    if (only) return { message: `the fixture ${err.file} ${only}.`, code: 1 };
    return { message: err.message, code: 1 };
  }
  if (err instanceof Error && (err.name === 'StoreFileError' || err.name === 'KeyMaterialError')) return { message: err.message, code: 1 };
  const e = err as SystemError;
  if (e.code === 'EADDRINUSE') return { message: `cannot listen on ${e.address ?? ''}:${e.port ?? ''}: the port is already in use (choose others with --http-port and --https-port).`, code: 1 };
  if (e.code === 'EADDRNOTAVAIL') return { message: `cannot listen on ${e.address ?? ''}: no such address on this machine (see --host).`, code: 1 };
  if (e.code === 'EACCES' && e.syscall === 'listen') return { message: `cannot listen on port ${e.port ?? ''}: permission denied (ports below 1024 need privileges).`, code: 1 };
  if (typeof e.path === 'string' && e.code) {
    const path = e.path;
    const flag = path === config?.tlsCert ? ' (see --tls-cert)' : path === config?.tlsKey ? ' (see --tls-key)' : config?.data && path.startsWith(config.data) ? ' (see --data)' : '';
    const verb = e.syscall === 'mkdir' ? 'create the directory' : e.syscall === 'open' || e.syscall === 'read' ? 'read' : 'use';
    return { message: `cannot ${verb} ${path}: ${reason(e)}${flag}.`, code: 1 };
  }
  if (typeof e.code === 'string' && e.code.startsWith('ERR_OSSL') && config?.tlsCert) {
    return { message: `the --tls-cert and --tls-key files are not a usable PEM certificate and key (${e.message}).`, code: 1 };
  }
  const debug = config?.logLevel === 'debug' || config?.logLevel === 'trace';
  const detail = debug && err instanceof Error && err.stack ? `\n${err.stack}` : ' (run with --log-level debug for the stack trace)';
  return { message: `cannot start: ${err instanceof Error ? err.message : String(err)}${detail}`, code: 1 };
}
