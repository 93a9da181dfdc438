/**
 * The identity module's time: real time, as Entra's (docs/simulation.md#token-lifetimes). Token `iat`/`nbf`/`exp`
 * are stamped and judged on it, and so are Entra error timestamps, because the clients that hold tokens (MSAL,
 * azure-identity) judge expiry on real time and keep sending a cached token until then. The mock's clock
 * (`domain/clock.ts`) is the simulated world's: moving it forward by days must not expire those tokens.
 *
 * `app.ts` passes it in; tests give a `ManualClock` (it fits this shape) to expire a token without a sleep.
 */
export interface IdentityTime {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const REAL_TIME: IdentityTime = { now: () => Date.now() };
