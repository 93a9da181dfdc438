#!/usr/bin/env node
/**
 * `intune-mock [serve] [options]`: starts the mock. Every option is also an `INTUNE_MOCK_*` variable.
 * Exits non-zero with a plain message on a bad flag, a bad fixture, an unusable data file or a busy port.
 */
import { main } from './cli/main.js';
import { processIo } from './cli/io.js';
// The server (Fastify, jose, forge, lowdb) and the fixtures commands are loaded only when used (cli/main.ts):
// help, usage errors and `fixtures` start without paying for the rest.

// A promise nobody awaited must not end the process with Node's stack trace and object dump: one line, exit 1.
process.on('unhandledRejection', (err) => {
  process.stderr.write(`intune-mock: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

main(process.argv.slice(2), processIo()).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`intune-mock: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
