#!/usr/bin/env node
/**
 * `intune-mock [serve] [options]`: starts the mock. Every option is also an `INTUNE_MOCK_*` variable.
 * Exits non-zero with a plain message on a bad flag, a bad fixture, an unusable data file or a busy port.
 */
import { ConfigError, loadConfig, optionsHelp } from './config.js';
import { FixtureError } from './fixtures/load-fixture.js';
// The server (Fastify, jose, forge, lowdb) and the fixtures commands are loaded only when used: help,
// usage errors and `fixtures` start without paying for the rest.

const HELP = `intune-mock: an emulator of the Microsoft Graph Intune device-management API

Usage:
  intune-mock [serve] [options]     start the mock (default fleet: fixtures/default.json)
  intune-mock fixtures validate <file>
                                    check a fixture file; every problem with its JSON path
  intune-mock fixtures generate --count N --seed S [--users N] [--now ISO] [--out file]
                                    a deterministic realistic fleet as a fixture (JSON)
  intune-mock fixtures --help       the fixtures commands in detail
  intune-mock --help                this text

Options (each also an environment variable):
${optionsHelp()}

Graph:    http://<host>:<port>/v1.0/deviceManagement/managedDevices  (and /beta)
Control:  http://<host>:<port>/_mock/health
`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'fixtures') return (await import('./cli/fixtures-command.js')).fixturesCommand(argv.slice(1));
  const args = argv[0] === 'serve' ? argv.slice(1) : argv;
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (args[0] !== undefined && !args[0].startsWith('-')) {
    process.stderr.write(`intune-mock: unknown command '${args[0]}'. Run 'intune-mock --help'.\n`);
    return 2;
  }
  try {
    const config = loadConfig(args, process.env);
    const { closeOnSignals, listen } = await import('./server.js');
    const mock = await listen(config);
    process.stdout.write(
      `intune-mock listening on ${mock.url} and ${mock.httpsUrl}\n` +
        `  Graph:   ${mock.httpsUrl}/v1.0/deviceManagement/managedDevices (and /beta; also on ${mock.url})\n` +
        `  Tokens:  ${mock.httpsUrl}/<tenant>/oauth2/v2.0/token (auth: ${config.auth})\n` +
        `  CA:      ${mock.url}/_mock/ca.pem (trust it with NODE_EXTRA_CA_CERTS)\n` +
        `  Control: ${mock.url}/_mock/health\n` +
        `  Data:    ${config.data ? `${config.data}/db.json` : 'in memory'}\n`,
    );
    closeOnSignals(mock, (line) => process.stdout.write(`intune-mock: ${line}\n`));
    return -1;
  } catch (err) {
    process.stderr.write(`intune-mock: ${describe(err)}\n`);
    return err instanceof ConfigError ? 2 : 1;
  }
}

function describe(err: unknown): string {
  if (err instanceof ConfigError) return `bad configuration:\n${err.problems.map((p) => `  ${p}`).join('\n')}\nRun 'intune-mock --help'.`;
  if (err instanceof FixtureError || (err instanceof Error && err.name === 'StoreFileError')) return err.message;
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e.code === 'EADDRINUSE') return `cannot listen on ${e.address ?? ''}:${e.port ?? ''}: the port is already in use (choose others with --http-port and --https-port).`;
  if (e.code === 'EADDRNOTAVAIL') return `cannot listen on ${e.address ?? ''}: no such address on this machine (see --host).`;
  if (e.code === 'EACCES') return `cannot listen on port ${e.port ?? ''}: permission denied.`;
  return e.stack ?? String(err);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`intune-mock: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
