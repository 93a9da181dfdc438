/**
 * The CLI's commands, with its input and output passed in (`CliIo`): `src/cli.ts` runs them on the
 * process's streams and environment; tests run the usage and start-failure matrices in their own process
 * (each spawned CLI costs a Node start) and spawn the real CLI for what only a process shows.
 */
import { loadConfig, optionsHelp, type Config } from '../config.js';
import { packageVersion } from '../lib/package-files.js';
import { userCacheDir } from '../lib/user-cache-dir.js';
import type { CliIo } from './io.js';
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
  intune-mock --version             the version

Options (each also an environment variable):
${optionsHelp()}

Graph:    http://<host>:<port>/v1.0/deviceManagement/managedDevices  (and /beta)
Control:  http://<host>:<port>/_mock/health
Index:    http://<host>:<port>/  (every surface, with /docs for the API)
`;

/** This package's version. */
export const version = packageVersion;

/** Runs one command line; resolves to the exit code, or -1 when the mock is serving (it exits on a signal). */
export async function main(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'fixtures') return (await import('./fixtures-command.js')).fixturesCommand(argv.slice(1), io);
  const args = argv[0] === 'serve' ? argv.slice(1) : argv;
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(HELP);
    return 0;
  }
  if (args.includes('--version') || args.includes('-v')) {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  if (args[0] !== undefined && !args[0].startsWith('-')) {
    io.stderr.write(`intune-mock: unknown command '${args[0]}'. Run 'intune-mock --help'.\n`);
    return 2;
  }
  let config: Config | undefined;
  try {
    const given = loadConfig(args, io.env);
    // Without --data, the CA (and token signing key) live in the per-user cache directory, so the CA a
    // user trusted once stays good across restarts (README.md#troubleshooting).
    config = given.data || given.caDir ? given : Object.freeze({ ...given, caDir: userCacheDir('intune-mock') });
    const [{ closeOnSignals, listen }, { banner }] = await Promise.all([import('../server.js'), import('./banner.js')]);
    const mock = await listen(config);
    // Signals are handled before the banner says the mock listens: a supervisor (or a test) that stops it
    // as soon as it reads the banner gets a clean stop, not the default action's kill.
    closeOnSignals(mock, (line) => io.stdout.write(`intune-mock: ${line}\n`));
    io.stdout.write(banner(mock, config, version()));
    return -1;
  } catch (err) {
    const { describeStartupError } = await import('./startup-error.js');
    const { message, code } = describeStartupError(err, config);
    io.stderr.write(`intune-mock: ${message}\n`);
    return code;
  }
}

