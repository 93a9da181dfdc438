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
  constructor(readonly base: Clock) {}

  /** The tenant's now; the base clock's without a tenant. */
  now(tenant?: TenantTime): number {
    return this.base.now() + (tenant?.clockOffsetMs ?? 0);
  }

  /** Moves one tenant's clock forward; never backwards. */
  advance(tenant: TenantTime, ms: number): void {
    if (!(ms >= 0)) throw new RangeError('the clock only moves forward');
    tenant.clockOffsetMs = (tenant.clockOffsetMs ?? 0) + ms;
  }
}

/** Graph writes DateTimeOffset values in UTC with a `Z`. */
export const isoAt = (ms: number): string => new Date(ms).toISOString();
