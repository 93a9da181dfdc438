/**
 * `--data <dir>`: the tenants persisted with lowdb, one document per tenant (docs/architecture.md#persistence).
 * - `<dir>/db.json` is the index: the marker and schema version, written once (atomically) when the directory
 *   is first used or migrated. `<dir>/tenants/<tenantId>.json` holds one tenant each.
 * - Proportional: a change rewrites only its own tenant's file; a burst of changes to one tenant is one
 *   write a short moment later, and changes made while it is written trigger exactly one more.
 * - Bounded: an acknowledged change is in its tenant's file at most about MAX_WRITE_DELAY_MS plus two of
 *   that tenant's writes later, whatever the number of tenants (docs/reliability.md#persistence-bound).
 * - Atomic: a temporary file renamed over the old one (lowdb's steno writer for the index; for a tenant,
 *   tenant-writer.ts, which serialises it in slices so that a large tenant does not hold the event loop), so a
 *   crash mid-write leaves the previous complete file (temporary files left by a crash are removed on open).
 * - Refusing: a `db.json` that is not JSON, not ours or of another schema version stops the start with a
 *   message and is never written to; a tenant file that cannot be read refuses that tenant (503), untouched.
 * - Migrating: a version-1 `db.json` (every tenant inside) is split into tenant files first and replaced
 *   by the index last, so a crash mid-migration leaves version 1, migrated again on the next open.
 * - Bounded memory (`--max-tenants`): a tenant whose changes are all written may leave memory; it is
 *   loaded again from its file on its next use.
 * - Bounded disk: a tenant made from the seed and unchanged since (only read) is not written; it may leave
 *   memory like a written one and is made again from the seed on its next use (docs/reliability.md#bounds).
 */
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFile } from 'lowdb/node';
import { DomainError } from '../domain/errors.js';
import type { PutOrigin } from '../domain/tenant-store.js';
import type { TenantData } from '../domain/tenant-state.js';
import { MemoryStore } from './memory-store.js';
import { tempFileOf, writeTenantFile } from './tenant-writer.js';
import {
  INDEX, fromTenantDocument, indexProblem, tenantFileProblem,
  type IndexDocument, type TenantFile, type V1Document,
} from './document.js';

/**
 * How long a burst of changes to one tenant may last before it is written (real time, not the mock's
 * clock). The delay grows to twice the time the tenant's last write held the event loop (serialising it),
 * so that a very large tenant under steady load holds the loop at most about a third of the time, but
 * never past MAX_WRITE_DELAY_MS: that cap is what bounds how old an unwritten acknowledged change can be.
 */
export const WRITE_DELAY_MS = 50;
export const MAX_WRITE_DELAY_MS = 200;
/** After a failed write, how soon it is tried again (changes are refused meanwhile: Tenants.update). */
export const RETRY_MS = 1000;

export class StoreFileError extends Error {
  override name = 'StoreFileError';
}

/** A tenant file's name is its id: resolved tenant ids are GUIDs; anything else is never made a path. */
const TENANT_ID = /^[0-9a-z][0-9a-z-]{0,63}$/;
const TENANT_FILE = /^([0-9a-z][0-9a-z-]{0,63})\.json$/;

/** One tenant's writer and its state. */
interface Slot {
  readonly path: string;
  timer: NodeJS.Timeout | undefined;
  /** The running write, settled once its follow-up is scheduled. */
  writing: Promise<void> | undefined;
  dirty: boolean;
  /** How long the last write held the event loop (serialising the tenant). */
  lastWriteMs: number;
  error: Error | undefined;
}

const compact = { parse: JSON.parse, stringify: (d: unknown) => JSON.stringify(d) };

export class FileStore extends MemoryStore {
  /** The index, `<dir>/db.json`. */
  readonly path: string;
  readonly tenantsDir: string;
  readonly #slots = new Map<string, Slot>();
  /** Tenants with a complete file on disk (loaded or set aside). */
  readonly #onDisk = new Set<string>();
  /**
   * The clock offsets of tenants on disk but not in memory: recorded when one is set aside, read from the
   * file (once, without loading the tenant) for one not loaded since the start (`clockOffsets`).
   */
  readonly #setAsideOffsets = new Map<string, number>();
  /** Tenants whose last write failed, with its error (retried every RETRY_MS). */
  readonly #failing = new Map<string, Error>();
  #closed = false;
  /** Number of completed tenant writes (tests and benchmarks read it). */
  writes = 0;
  /** Told when writing starts failing and when it works again (the app logs both). */
  readonly events: { failed?: (err: Error, path: string) => void; recovered?: () => void } = {};

  private constructor(dir: string, maxTenants: number) {
    super(maxTenants);
    this.path = join(dir, 'db.json');
    this.tenantsDir = join(dir, 'tenants');
  }

  /** The first failing tenant write's error, if any. */
  get lastWriteError(): Error | undefined {
    return this.#failing.values().next().value;
  }

  static async open(dir: string, maxTenants = Number.POSITIVE_INFINITY): Promise<FileStore> {
    await mkdir(dir, { recursive: true });
    await assertWritable(dir);
    const store = new FileStore(dir, maxTenants);
    let text: string | undefined;
    try {
      text = await readFile(store.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new StoreFileError(`cannot read ${store.path}: ${(err as Error).message}`);
      }
    }
    let v1: V1Document | undefined;
    if (text !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new StoreFileError(`${store.path} is not valid JSON (${(err as Error).message}); refusing to start so that it is not overwritten. Move it away or fix it.`);
      }
      const checked = indexProblem(parsed);
      if ('problem' in checked) {
        throw new StoreFileError(`${store.path} cannot be used: ${checked.problem}. Refusing to start so that it is not overwritten; point --data at another directory or move the file away.`);
      }
      if (checked.version === 1) v1 = parsed as V1Document;
    }
    await unlink(tempFileOf(join(dir, 'db.json'))).catch(() => undefined); // left by a crash while writing the index
    await mkdir(store.tenantsDir, { recursive: true });
    for (const name of await readdir(store.tenantsDir)) {
      const id = TENANT_FILE.exec(name)?.[1];
      if (id !== undefined) store.#onDisk.add(id);
      else if (name.startsWith('.') && name.endsWith('.tmp')) await unlink(join(store.tenantsDir, name)).catch(() => undefined); // left by a crash mid-write
    }
    if (v1 !== undefined) {
      // Tenant files first, the index last: killed in between, db.json is still version 1 and is migrated again.
      for (const [id, tenant] of Object.entries(v1.tenants)) {
        if (!TENANT_ID.test(id)) throw new StoreFileError(`${store.path} cannot be migrated: tenant id ${JSON.stringify(id)} is not one the mock writes. Refusing to start so that it is not overwritten.`);
        await new DataFile<TenantFile>(store.#fileOf(id), compact).write({ intuneMock: { schemaVersion: 2 }, tenantId: id, tenant });
        store.#onDisk.add(id);
      }
    }
    if (text === undefined || v1 !== undefined) await new DataFile<IndexDocument>(store.path, compact).write(INDEX);
    return store;
  }

  #fileOf(tenantId: string): string {
    return join(this.tenantsDir, `${tenantId}.json`);
  }

  #slot(tenantId: string): Slot {
    let slot = this.#slots.get(tenantId);
    if (slot === undefined) {
      if (!TENANT_ID.test(tenantId)) throw new Error(`not a tenant id the file store can name a file after: ${JSON.stringify(tenantId)}`);
      const path = this.#fileOf(tenantId);
      slot = { path, timer: undefined, writing: undefined, dirty: false, lastWriteMs: 0, error: undefined };
      this.#slots.set(tenantId, slot);
    }
    return slot;
  }

  override get(tenantId: string): TenantData | undefined {
    const loaded = super.get(tenantId);
    if (loaded !== undefined || !this.#onDisk.has(tenantId)) return loaded;
    const data = this.#load(tenantId);
    this.makeRoom();
    this.touch(tenantId, data);
    this.#setAsideOffsets.delete(tenantId);
    return data;
  }

  /** A set-aside tenant's state from its file (synchronous: units of work are). */
  #load(tenantId: string): TenantData {
    const path = this.#fileOf(tenantId);
    const refuse = (why: string) =>
      new DomainError('tenantUnavailable', `The tenant's saved state cannot be loaded: ${path} ${why}. The file is left untouched; move it away to start the tenant afresh.`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw refuse(`cannot be read as JSON (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    const problem = tenantFileProblem(parsed, tenantId);
    if (problem !== undefined) throw refuse(`cannot be used: ${problem}`);
    return fromTenantDocument((parsed as TenantFile).tenant);
  }

  override clockOffsets(): number[] {
    const offsets = super.clockOffsets();
    for (const id of this.#onDisk) {
      if (this.tenants.has(id)) continue;
      let offset = this.#setAsideOffsets.get(id);
      if (offset === undefined) {
        offset = this.#fileClockOffset(id);
        if (offset === undefined) continue; // a damaged file: the tenant cannot be used, its clock does not count
        this.#setAsideOffsets.set(id, offset);
      }
      offsets.push(offset);
    }
    return offsets;
  }

  /** A tenant file's clock offset without loading the tenant (nor making room for it); undefined if it cannot be read. */
  #fileClockOffset(tenantId: string): number | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.#fileOf(tenantId), 'utf8'));
    } catch {
      return undefined;
    }
    if (tenantFileProblem(parsed, tenantId) !== undefined) return undefined;
    return (parsed as TenantFile).tenant.clockOffsetMs ?? 0;
  }

  override tenantIds(): string[] {
    return [...new Set([...this.#onDisk, ...this.tenants.keys()])];
  }

  /**
   * A tenant made from the seed is not written while it stays as the seed made it (bounded disk use,
   * docs/reliability.md#bounds): it is made again from the seed on its next use. One that already has a file,
   * or a write under way (a reset), is written, so that its file never holds older state than memory.
   */
  override put(tenantId: string, data: TenantData, origin: PutOrigin = 'other'): void {
    super.put(tenantId, data, origin);
    const slot = this.#slots.get(tenantId);
    if (origin !== 'seed' || this.#onDisk.has(tenantId) || slot === undefined || slot.writing !== undefined) return;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.dirty = false;
  }

  override changed(tenantId: string): void {
    super.changed(tenantId);
    if (this.#closed) return;
    const slot = this.#slot(tenantId);
    slot.dirty = true;
    if (slot.timer === undefined && slot.writing === undefined) this.#schedule(tenantId, slot, this.#delay(slot));
  }

  #delay(slot: Slot): number {
    return Math.min(MAX_WRITE_DELAY_MS, Math.max(WRITE_DELAY_MS, 2 * slot.lastWriteMs));
  }

  #schedule(tenantId: string, slot: Slot, ms: number): NodeJS.Timeout {
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void this.#write(tenantId, slot);
    }, ms);
    return slot.timer;
  }

  /** Writes the tenant's file if it has unwritten changes; never rejects (a failure is kept and retried). */
  #write(tenantId: string, slot: Slot): Promise<void> {
    if (!slot.dirty) return Promise.resolve();
    const data = this.tenants.get(tenantId);
    slot.dirty = false;
    if (data === undefined) return Promise.resolve(); // not reached: a tenant with unwritten changes is never set aside
    const run = async () => {
      try {
        // The event loop's share of a write is the serialisation, in slices (tenant-writer.ts); the file system's
        // part is off the loop. Their sum is what the delay is scaled by.
        slot.lastWriteMs = (await writeTenantFile(slot.path, tenantId, data)).loopMs;
        this.writes++;
        this.#onDisk.add(tenantId);
        if (slot.error !== undefined) {
          slot.error = undefined;
          this.#failing.delete(tenantId);
          if (this.#failing.size === 0) this.events.recovered?.();
        }
      } catch (err) {
        // lowdb's writer leaves its temporary file behind when the write fails (a full disk).
        await unlink(tempFileOf(join(this.tenantsDir, `${tenantId}.json`))).catch(() => undefined);
        if (this.#failing.size === 0) this.events.failed?.(err as Error, slot.path);
        slot.error = err as Error;
        this.#failing.set(tenantId, slot.error);
        slot.dirty = true;
      }
      slot.writing = undefined;
      // Changes that arrived during the write, or a failed write: one more write for all of them (after a
      // failure, retried until the disk has room again, whether or not anything else changes).
      if (slot.dirty && !this.#closed && slot.timer === undefined) {
        const timer = this.#schedule(tenantId, slot, slot.error ? RETRY_MS : this.#delay(slot));
        if (slot.error) timer.unref();
      }
    };
    slot.writing = run();
    return slot.writing;
  }

  /** Written (its file holds its state), or never written and as the seed made it. */
  protected override evictable(tenantId: string): boolean {
    const slot = this.#slots.get(tenantId);
    const settled = slot === undefined || (!slot.dirty && slot.writing === undefined && slot.timer === undefined && slot.error === undefined);
    return settled && (this.#onDisk.has(tenantId) || this.pristine(tenantId));
  }

  protected override get evictionRule(): string {
    return 'a tenant leaves memory only once its changes are written, and every tenant has changes not yet written';
  }

  protected override evict(tenantId: string): void {
    if (this.#onDisk.has(tenantId)) this.#setAsideOffsets.set(tenantId, this.tenants.get(tenantId)?.clockOffsetMs ?? 0);
    this.#slots.delete(tenantId);
    super.evict(tenantId);
  }

  override persistenceProblem(): string | undefined {
    const [id, e] = this.#failing.entries().next().value ?? [];
    if (id === undefined || e === undefined) return undefined;
    return `cannot write ${this.#fileOf(id)}: ${(e as NodeJS.ErrnoException).code ?? e.message}`;
  }

  override async flush(): Promise<void> {
    for (const [id, slot] of [...this.#slots]) {
      if (slot.writing) await slot.writing;
      if (slot.timer !== undefined) clearTimeout(slot.timer);
      slot.timer = undefined;
      if (slot.dirty) await this.#write(id, slot);
    }
    const error = this.lastWriteError;
    if (error) throw error;
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
