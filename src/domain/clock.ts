/**
 * The one place that owns time. Everything in the emulated world (check-ins, action timestamps, the
 * 7-day passcode expiry, `lastSyncDateTime`) reads this clock, never `Date.now()`, so a test can move it
 * forward (`POST /_mock/clock`) instead of sleeping (docs/simulation.md#resetpasscode, "Time is the mock's clock").
 */
export interface Clock {
  /** Milliseconds since the epoch, on the mock's time line. */
  now(): number;
  /** Moves the mock's time forward; never backwards. */
  advance(ms: number): void;
}

/** Real time plus the offset the control API has added. */
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

/** Graph writes DateTimeOffset values in UTC with a `Z`. */
export const isoAt = (ms: number): string => new Date(ms).toISOString();
