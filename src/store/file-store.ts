/**
 * `--data <dir>`: the tenants persisted to `<dir>/db.json` with lowdb.
 * - Coalesced: a change schedules one write a short moment later; every change in between rides along,
 *   and changes made while a write is running trigger exactly one more.
 * - Atomic: lowdb's steno writer writes a temporary file and renames it over `db.json`, so a crash
 *   mid-write leaves the previous complete file.
 * - Refusing: a `db.json` that is not JSON, not ours or of another schema version stops the start with
 *   a message and is never written to.
 */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { MemoryStore } from './memory-store.js';
import { documentProblem, fromDocument, toDocument, type PersistedDocument } from './document.js';

/**
 * How long a burst of changes may last before it is written (real time, not the mock's clock). The
 * delay grows to twice the last write's duration, so that a large tenant under steady load spends at
 * most about a third of its time writing instead of rewriting the whole file back to back.
 */
export const WRITE_DELAY_MS = 50;
/** After a failed write, how soon it is tried again (changes are refused meanwhile: Tenants.update). */
export const RETRY_MS = 1000;

export class StoreFileError extends Error {
  override name = 'StoreFileError';
}

export class FileStore extends MemoryStore {
  readonly path: string;
  #db: Low<PersistedDocument>;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #dirty = false;
  #closed = false;
  #lastWriteMs = 0;
  /** Number of completed writes (tests and benchmarks read it). */
  writes = 0;
  /** The last write's error, if it failed; it is retried every RETRY_MS until it succeeds. */
  lastWriteError: Error | undefined;
  /** Told when writing starts failing and when it works again (the app logs both). */
  readonly events: { failed?: (err: Error) => void; recovered?: () => void } = {};

  private constructor(path: string) {
    super();
    this.path = path;
    // Compact JSON: a 100,000-device tenant is written in one piece, and indentation would double it.
    this.#db = new Low(new DataFile<PersistedDocument>(path, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), {
      intuneMock: { schemaVersion: 1 },
      tenants: {},
    });
  }

  static async open(dir: string): Promise<FileStore> {
    await mkdir(dir, { recursive: true });
    await assertWritable(dir);
    const store = new FileStore(join(dir, 'db.json'));
    let text: string | undefined;
    try {
      text = await readFile(store.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new StoreFileError(`cannot read ${store.path}: ${(err as Error).message}`);
      }
    }
    if (text !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new StoreFileError(`${store.path} is not valid JSON (${(err as Error).message}); refusing to start so that it is not overwritten. Move it away or fix it.`);
      }
      const problem = documentProblem(parsed);
      if (problem !== undefined) {
        throw new StoreFileError(`${store.path} cannot be used: ${problem}. Refusing to start so that it is not overwritten; point --data at another directory or move the file away.`);
      }
      for (const [id, tenant] of fromDocument(parsed as PersistedDocument)) store.tenants.set(id, tenant);
    }
    return store;
  }

  override changed(_tenantId: string): void {
    if (this.#closed) return;
    this.#dirty = true;
    if (this.#timer === undefined && this.#writing === undefined) {
      this.#timer = setTimeout(() => void this.#write(), this.#delay());
    }
  }

  #delay(): number {
    return Math.max(WRITE_DELAY_MS, 2 * this.#lastWriteMs);
  }

  async #write(): Promise<void> {
    this.#timer = undefined;
    if (!this.#dirty) return;
    this.#dirty = false;
    const started = performance.now();
    this.#db.data = toDocument(this.tenants);
    this.#writing = this.#db.write().then(
      () => {
        this.writes++;
        if (this.lastWriteError) this.events.recovered?.();
        this.lastWriteError = undefined;
      },
      async (err: Error) => {
        // lowdb's writer leaves its temporary file behind when the write fails (a full disk).
        await unlink(join(dirname(this.path), `.${basename(this.path)}.tmp`)).catch(() => undefined);
        if (!this.lastWriteError) this.events.failed?.(err);
        this.lastWriteError = err;
        this.#dirty = true;
      },
    );
    await this.#writing;
    this.#writing = undefined;
    this.#lastWriteMs = performance.now() - started;
    // Changes that arrived during the write, or a failed write: one more write for all of them (after a
    // failure, retried until the disk has room again, whether or not anything else changes).
    if (this.#dirty && !this.#closed && this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.#write(), this.lastWriteError ? RETRY_MS : this.#delay());
      if (this.lastWriteError) this.#timer.unref();
    }
  }

  override persistenceProblem(): string | undefined {
    const e = this.lastWriteError as NodeJS.ErrnoException | undefined;
    return e && `cannot write ${this.path}: ${e.code ?? e.message}`;
  }

  override async flush(): Promise<void> {
    if (this.#writing) await this.#writing;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#dirty) await this.#write();
    if (this.lastWriteError) throw this.lastWriteError;
  }

  override async close(): Promise<void> {
    await this.flush();
    this.#closed = true;
  }
}

/**
 * A data directory the mock cannot write to is found at start, not at the first change (which would be
 * acknowledged and then lost): a file is written there and removed. Permissions alone do not show it (a
 * read-only file system, or root, for whom mode bits do not apply).
 */
async function assertWritable(dir: string): Promise<void> {
  const probe = join(dir, `.intune-mock-write-test-${process.pid}`);
  try {
    await writeFile(probe, '');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new StoreFileError(`cannot write in the data directory ${dir}: ${e.code ?? e.message}${e.code === 'EROFS' ? ' (a read-only file system)' : ''}. The mock keeps its state there (see --data).`);
  }
  await unlink(probe).catch(() => undefined);
}
