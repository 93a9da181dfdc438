/**
 * The one place that owns time. Everything in the emulated world (check-ins, action timestamps, the
 * 7-day passcode expiry, `lastSyncDateTime`, journal times, Graph's `Date` header and error `date`) reads
 * a tenant's clock here, never `Date.now()`, so a test can move it forward (`POST /_mock/clock`) instead
 * of sleeping (docs/simulation.md#mock-clock).
 *
 * Each tenant has its own clock: the base clock (real time, or a test's `ManualClock`) plus an offset kept
 * in the tenant's state, so it is persisted with the tenant and one CI job moving its tenant's time never
 * completes another job's actions.
 */
import { DomainError } from './errors.js';

export interface Clock {
  /** Milliseconds since the epoch, on the mock's time line. */
  now(): number;
  /** Moves the mock's time forward; never backwards. */
  advance(ms: number): void;
}

/**
 * Real time, plus whatever was added to it directly (a program that passes its own clock to
 * `startMock`); the control API moves a tenant's clock instead (`Clocks.advance`).
 */
export class SystemClock implements Clock {
  #offsetMs = 0;
  now(): number {
    return Date.now() + this.#offsetMs;
  }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
    this.#offsetMs += ms;
  }
}

/** A clock that stands still until advanced: tests get exact timestamps and never sleep. */
export class ManualClock implements Clock {
  #nowMs: number;
  constructor(start: Date | number = Date.UTC(2026, 0, 15, 9, 0, 0)) {
    this.#nowMs = typeof start === 'number' ? start : start.getTime();
  }
  now(): number {
    return this.#nowMs;
  }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
    this.#nowMs += ms;
  }
}

/**
 * A tenant's clock stays before this instant (9999-01-01T00:00:00Z). WHY: past year 9999 an ISO date
 * has six digits and a sign (no longer a `date-time`), and past ±8.64e15 ms `toISOString` throws — the
 * clock endpoint and every Graph error's `innerError.date` then failed. A year short of 9999-12-31 leaves
 * room for what is scheduled ahead of now (expiries, check-ins) (docs/simulation.md#mock-clock).
 */
export const MAX_CLOCK_MS = Date.UTC(9999, 0, 1);

/** What a tenant's state keeps of its clock (`TenantData` has it). */
export interface TenantTime {
  /** How far the tenant's clock runs ahead of the base clock, in ms; absent: not at all. */
  clockOffsetMs?: number;
}

/**
 * Every tenant's clock: the base clock plus the tenant's own offset. A tenant the mock has not seen yet,
 * and an answer given before the tenant is known (a `401` without a token), read the base clock, which is
 * where every tenant's clock starts.
 */
export class Clocks {
  constructor(readonly base: Clock) {
    assertClockInRange(base);
  }

  /**
   * The tenant's now; the base clock's without a tenant. Never MAX_CLOCK_MS or beyond: a program's own
   * base clock (`startMock({ clock })`) may be moved past it after the start, and time then stands still
   * just before it rather than every date failing. LIMITATIONS: real time has no such end.
   */
  now(tenant?: TenantTime): number {
    return Math.min(this.base.now() + (tenant?.clockOffsetMs ?? 0), MAX_CLOCK_MS - 1);
  }

  /** Moves one tenant's clock forward; never backwards, never to MAX_CLOCK_MS or beyond. */
  advance(tenant: TenantTime, ms: number): void {
    if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
    const now = this.now(tenant);
    if (now + ms >= MAX_CLOCK_MS) {
      const room = Math.max(0, Math.floor((MAX_CLOCK_MS - 1 - now) / 1000));
      throw new DomainError('clockLimit', `A tenant's clock stays before ${isoAt(MAX_CLOCK_MS)}: it is at ${isoAt(now)}, so it can move at most ${room} seconds more.`, 'advanceSeconds');
    }
    tenant.clockOffsetMs = (tenant.clockOffsetMs ?? 0) + ms;
  }

  /**
   * Moves the base clock forward, and so every tenant's clock, the ones the mock has not seen yet too
   * (docs/simulation.md#mock-clock): for a single tenant's tests, or for all at once. `latest` is the
   * furthest-ahead tenant's now; the whole move is refused when that tenant would reach MAX_CLOCK_MS.
   */
  advanceAll(ms: number, latest: number): void {
    if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
    const furthest = Math.max(latest, this.now());
    if (furthest + ms >= MAX_CLOCK_MS) {
      const room = Math.max(0, Math.floor((MAX_CLOCK_MS - 1 - furthest) / 1000));
      throw new DomainError('clockLimit', `Every tenant's clock stays before ${isoAt(MAX_CLOCK_MS)}: the furthest ahead is at ${isoAt(furthest)}, so all clocks can move at most ${room} seconds more. No clock moved.`, 'advanceSeconds');
    }
    this.base.advance(ms);
  }
}

/**
 * A base clock must start within the range every date can be written in (0 ≤ now < MAX_CLOCK_MS): a program
 * passing its own clock to `startMock` learns at the start, rather than by `500`s later.
 */
export function assertClockInRange(clock: Clock): void {
  const now = clock.now();
  if (!(Number.isFinite(now) && now >= 0 && now < MAX_CLOCK_MS)) {
    throw new RangeError(`the mock's clock must be between 1970-01-01 and ${isoAt(MAX_CLOCK_MS)} (exclusive); it is at ${Number.isFinite(now) ? now : String(now)} ms`);
  }
}

/** Graph writes DateTimeOffset values in UTC with a `Z`. */
export const isoAt = (ms: number): string => new Date(ms).toISOString();
