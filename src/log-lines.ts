/**
 * Where the log's lines go (src/logging.ts writes them): the process's stdout, its request lines batched. Moved
 * out of logging.ts as it is, which was over 300 lines.
 */
/** Where the log's lines go: `write` at once; `later`, if it has it, for a request's line (LineBatch). */
export interface LogOut {
  write(s: string): unknown;
  later?(s: string): void;
}

/**
 * The process's stdout for the log: a request's line is written with the others of the same turn of the event
 * loop (or, with `holdMs`, of the next few milliseconds), in one write, instead of one write each. WHY: a write to
 * a pipe or file is a system call (synchronous on Linux: https://nodejs.org/api/process.html#a-note-on-process-io),
 * and it wakes the reader (a terminal, `docker logs`); under load one write per turn was still about a tenth of a
 * single GET's CPU (BENCHMARKS.md). Any other line (a device event, a warning) first writes the lines held, then
 * itself, at once: the log keeps its order, and a warning still comes before the banner. Nothing is lost on exit:
 * the lines held are written when the process exits (`exit` runs for `process.exit` and an uncaught exception
 * alike; not for SIGKILL, which could only take the last few milliseconds' lines) and when the app closes.
 */
export class LineBatch implements LogOut {
  #held = '';
  readonly #holdMs: number;
  readonly #after: (fn: () => void, ms: number) => void;
  /**
   * `holdMs`: how long a request's line may wait for others (0: until the end of the turn). `after`: the timer
   * that ends a hold (an unref'd setTimeout; a test gives its own).
   */
  constructor(private readonly out: { write(s: string): unknown }, options: { holdMs?: number; after?: (fn: () => void, ms: number) => void } = {}) {
    this.#holdMs = options.holdMs ?? 0;
    this.#after = options.after ?? ((fn, ms) => setTimeout(fn, ms).unref());
  }

  later(line: string): void {
    if (this.#held === '') {
      if (this.#holdMs > 0) this.#after(this.flush, this.#holdMs);
      else setImmediate(this.flush);
    }
    this.#held += line;
    // A burst is not held in memory: 64 Ki characters are written at once (the timer then finds nothing, or the next ones).
    if (this.#held.length >= HELD_LIMIT) this.flush();
  }

  write(line: string): unknown {
    this.flush();
    return this.out.write(line);
  }

  readonly flush = (): void => {
    if (this.#held === '') return;
    const text = this.#held;
    this.#held = '';
    this.out.write(text);
  };
}

const HELD_LIMIT = 64 * 1024;
/** The stdout batch's hold: lines come to a terminal or `docker logs` at most this late (ms). */
const STDOUT_HOLD_MS = 10;

let stdoutBatch: LineBatch | undefined;
/** One batch for the process's stdout, however many apps log to it, written out when the process exits. */
export function stdoutLines(): LineBatch {
  if (!stdoutBatch) {
    const batch = (stdoutBatch = new LineBatch(process.stdout, { holdMs: STDOUT_HOLD_MS }));
    process.once('exit', batch.flush);
  }
  return stdoutBatch;
}

/**
 * Writes the request lines the stdout batch holds now: before a line written to stdout or stderr some other way
 * (the CLI's shutdown line), which would otherwise come before requests served earlier.
 */
export function flushStdoutLines(): void {
  stdoutBatch?.flush();
}
