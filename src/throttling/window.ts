/**
 * A sliding window of admission times (docs/throttling.md#windows): at most `limit` requests in any
 * `windowMs`. A ring buffer whose capacity is the limit: only the oldest admission matters once it is full,
 * so deciding and admitting are O(1). The buffer grows with use (a quiet app's window holds a few numbers,
 * not its limit's worth).
 */
export class SlidingWindow {
  readonly #times: number[] = [];
  /** Index of the oldest admission once the buffer is full (it then wraps). */
  #head = 0;

  constructor(readonly limit: number) {}

  /** 0 when a request may be admitted at `now`; otherwise the milliseconds until the oldest admission leaves the window. */
  wait(now: number, windowMs: number): number {
    if (this.#times.length < this.limit) return 0;
    const freeAt = this.#times[this.#head]! + windowMs;
    return freeAt > now ? freeAt - now : 0;
  }

  /** Records an admission (after `wait` said 0): the oldest is overwritten once the buffer is full. */
  admit(now: number): void {
    if (this.#times.length < this.limit) {
      this.#times.push(now);
      return;
    }
    this.#times[this.#head] = now;
    this.#head = (this.#head + 1) % this.limit;
  }

  /** For the report: admissions in the window ending at `now`, and when the oldest of them leaves it (ms from now; 0 when empty). */
  usage(now: number, windowMs: number): { used: number; resetsInMs: number } {
    const n = this.#times.length;
    let used = 0;
    let oldest = Infinity;
    for (let i = 0; i < n; i++) {
      const t = this.#times[(this.#head + i) % n]!;
      if (t > now - windowMs) {
        used++;
        if (t < oldest) oldest = t;
      }
    }
    return { used, resetsInMs: used === 0 ? 0 : oldest + windowMs - now };
  }
}
