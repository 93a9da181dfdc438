/**
 * `intune-mock fixtures validate <file>` and `intune-mock fixtures generate --count N --seed S`
 * (docs/simulation.md#cli-and-configuration). Exit codes: 0 done, 1 an invalid fixture or an I/O failure, 2 a usage error.
 */
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateFleet } from '../domain/device-generator.js';
import { FixtureError, loadFixtureFile } from '../fixtures/load-fixture.js';
import { validateFixture } from '../fixtures/validate-fixture.js';
import type { Fixture } from '../schemas/fixture.js';
import { processIo, type CliIo } from './io.js';

/** `--now` when not given: a fixed instant, so that a seed gives the same file on every day it is run. */
export const DEFAULT_GENERATE_NOW = '2026-01-15T09:00:00Z';
/**
 * A generated device is about 1.75 KB of JSON; from about 300,000 the file is longer than the longest string
 * V8 can hold (512 MiB), so neither the mock (`--fixtures`, `PUT /_mock/fixtures`) nor `validate` could read it.
 */
export const MAX_GENERATE_COUNT = 250_000;

export const FIXTURES_HELP = `intune-mock fixtures: check and generate fixture files

Usage:
  intune-mock fixtures validate <file>
      Checks a fixture file: the JSON Schema (fixtures/fixture.schema.json) and the rules a schema
      cannot say (unique ids and userPrincipalNames, enrollments the platform has). Valid: prints
      "valid: N devices, N users, N compliance policies, N apps" and exits 0. Not valid: prints every
      problem with its JSON path and exits 1.

  intune-mock fixtures generate --count N --seed S [--users N] [--now ISO] [--out FILE]
      Generates a realistic fleet of N devices (every platform and enrollment once N >= 12), its users
      and the default compliance policies, validated before it is written.
        --count N    number of devices, 0 to ${MAX_GENERATE_COUNT.toLocaleString('en-US')} (a larger file could not be loaded)
        --seed S     any string; the same options give the same bytes
        --users N    users sharing the devices (default: max(5, count / 3))
        --now ISO    the instant the fleet is generated at: every enrolment and sync is before it.
                     Default ${DEFAULT_GENERATE_NOW}, a FIXED instant, so the output is reproducible;
                     pass --now "$(date -u +%Y-%m-%dT%H:%M:%SZ)" for devices that synced recently.
        --out FILE   write FILE (complete or not at all) instead of standard output
      The JSON has one user, policy or device per line: compact for 100,000 devices, still diffable.

  intune-mock fixtures --help       this text

Exit codes: 0 done, 1 invalid fixture or I/O error, 2 usage error.
`;

class UsageError extends Error {}

export async function fixturesCommand(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === undefined) {
      io.stderr.write(FIXTURES_HELP);
      return 2;
    }
    if (sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(FIXTURES_HELP);
      return 0;
    }
    if (sub === 'validate') return await validateCommand(rest, io);
    if (sub === 'generate') return await generateCommand(rest, io);
    throw new UsageError(`unknown fixtures command '${sub}' (validate, generate)`);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS_')) {
      io.stderr.write(`intune-mock fixtures: ${(err as Error).message}\nRun 'intune-mock fixtures --help'.\n`);
      return 2;
    }
    throw err;
  }
}

async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('validate takes one file: intune-mock fixtures validate <file>');
  const file = positionals[0]!;
  try {
    const fixture = await loadFixtureFile(file);
    io.stdout.write(`valid: ${summary(fixture)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof FixtureError)) throw err;
    io.stderr.write(`intune-mock: ${err.message}\n`);
    return 1;
  }
}

export function summary(f: Fixture): string {
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  return [
    n(f.devices?.length ?? 0, 'device'),
    n(f.users?.length ?? 0, 'user'),
    n(f.compliancePolicies?.length ?? 0, 'compliance policy', 'compliance policies'),
    n(f.apps?.length ?? 0, 'app'),
  ].join(', ');
}

async function generateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      count: { type: 'string' },
      seed: { type: 'string' },
      users: { type: 'string' },
      now: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`generate takes no arguments, only options (got '${positionals[0]}')`);
  if (values.count === undefined) throw new UsageError('generate needs --count N');
  if (values.seed === undefined) throw new UsageError('generate needs --seed S (any string; the same seed gives the same fleet)');
  if (values.out === '') throw new UsageError('--out needs a file name');
  const count = integer('--count', values.count, MAX_GENERATE_COUNT);
  const users = values.users === undefined ? undefined : integer('--users', values.users, MAX_GENERATE_COUNT);
  const nowText = values.now ?? DEFAULT_GENERATE_NOW;
  const now = Date.parse(nowText);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(nowText) || !Number.isFinite(now)) {
    throw new UsageError(`--now '${nowText}' is not an ISO 8601 date-time with a zone (e.g. ${DEFAULT_GENERATE_NOW})`);
  }

  const fleet = generateFleet({ count, seed: values.seed, now, ...(users === undefined ? {} : { users }) });
  const result = validateFixture(fleet);
  if (!result.ok) {
    io.stderr.write(`intune-mock: ${new FixtureError('(generated)', result.problems).message}\nThis is a bug in intune-mock; nothing was written.\n`);
    return 1;
  }
  if (values.out === undefined) {
    await writeChunks(io.stdout, fixtureChunks(fleet));
    return 0;
  }
  try {
    await writeFileAtomically(values.out, fixtureChunks(fleet));
  } catch (err) {
    io.stderr.write(`intune-mock: cannot write ${values.out}: ${(err as Error).message}\n`);
    return 1;
  }
  io.stderr.write(`intune-mock: wrote ${values.out}: ${summary(fleet)}\n`);
  return 0;
}

function integer(flag: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) > max) throw new UsageError(`${flag} '${text}' is not a whole number from 0 to ${max}`);
  return Number(text);
}

/**
 * The fixture as JSON, one user, policy, app or device per line, in pieces of about 1 MB: one string for
 * 100,000 devices would be 180 MB, and indenting every property adds another 30 %.
 */
export function* fixtureChunks(fixture: Fixture): Generator<string> {
  const entries = Object.entries(fixture).filter(([, v]) => v !== undefined);
  let buffer = '{\n';
  for (const [i, [key, value]] of entries.entries()) {
    const end = i === entries.length - 1 ? '\n' : ',\n';
    if (!Array.isArray(value) || value.length === 0) {
      buffer += `  ${JSON.stringify(key)}: ${JSON.stringify(value)}${end}`;
      continue;
    }
    buffer += `  ${JSON.stringify(key)}: [\n`;
    for (const [j, item] of value.entries()) {
      buffer += `    ${JSON.stringify(item)}${j === value.length - 1 ? '\n' : ',\n'}`;
      if (buffer.length >= 1 << 20) {
        yield buffer;
        buffer = '';
      }
    }
    buffer += `  ]${end}`;
  }
  yield `${buffer}}\n`;
}

/** Writes every chunk, waiting whenever the stream's buffer is full; resolves once the last is flushed. */
async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  let failed: Error | undefined;
  const onError = (err: Error) => (failed = err);
  stream.on('error', onError);
  try {
    for (const chunk of chunks) {
      if (failed) break;
      if (!stream.write(chunk)) await drained(stream);
    }
    if (!failed) await new Promise<void>((resolve) => stream.write('', () => resolve()));
  } finally {
    stream.off('error', onError);
  }
  // A reader that went away (`| head`) is not an error of ours.
  if (failed && (failed as NodeJS.ErrnoException).code !== 'EPIPE') throw failed;
}

/** Resolves on the next `drain` or `error` (which the caller's own listener records). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
  });
}

/** Writes a temporary file next to `file` and renames it over `file`: never a half-written fixture. */
async function writeFileAtomically(file: string, chunks: Iterable<string>): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const stream = createWriteStream(tmp);
  try {
    await writeChunks(stream, chunks);
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
    await rename(tmp, file);
  } catch (err) {
    stream.destroy();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
