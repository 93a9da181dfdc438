#!/usr/bin/env node
/**
 * `intune-mock [serve] [options]`: starts the mock. Every option is also an `INTUNE_MOCK_*` variable.
 * Exits non-zero with a plain message on a bad flag, a bad fixture, an unusable data file or a busy port.
 */
import { readFileSync } from 'node:fs';
import { loadConfig, optionsHelp, type Config } from './config.js';
import { userCacheDir } from './lib/user-cache-dir.js';
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

/** This package's version (package.json is one directory up from `src/` and `dist/` alike). */
const version = (): string => (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'fixtures') return (await import('./cli/fixtures-command.js')).fixturesCommand(argv.slice(1));
  const args = argv[0] === 'serve' ? argv.slice(1) : argv;
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.includes('--version') || args.includes('-v')) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (args[0] !== undefined && !args[0].startsWith('-')) {
    process.stderr.write(`intune-mock: unknown command '${args[0]}'. Run 'intune-mock --help'.\n`);
    return 2;
  }
  let config: Config | undefined;
  try {
    const given = loadConfig(args, process.env);
    // Without --data, the CA (and token signing key) live in the per-user cache directory, so the CA a
    // user trusted once stays good across restarts (README.md#troubleshooting).
    config = given.data || given.caDir ? given : Object.freeze({ ...given, caDir: userCacheDir('intune-mock') });
    const [{ closeOnSignals, listen }, { banner }] = await Promise.all([import('./server.js'), import('./cli/banner.js')]);
    const mock = await listen(config);
    // Signals are handled before the banner says the mock listens: a supervisor (or a test) that stops it
    // as soon as it reads the banner gets a clean stop, not the default action's kill.
    closeOnSignals(mock, (line) => process.stdout.write(`intune-mock: ${line}\n`));
    process.stdout.write(banner(mock, config, version()));
    return -1;
  } catch (err) {
    const { describeStartupError } = await import('./cli/startup-error.js');
    const { message, code } = describeStartupError(err, config);
    process.stderr.write(`intune-mock: ${message}\n`);
    return code;
  }
}

// A promise nobody awaited must not end the process with Node's stack trace and object dump: one line, exit 1.
process.on('unhandledRejection', (err) => {
  process.stderr.write(`intune-mock: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`intune-mock: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
