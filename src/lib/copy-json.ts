/**
 * A copy of a JSON value sharing no object or array with it (what a tenant takes from a fixture:
 * domain/device-defaults.ts, domain/simulation-defaults.ts); strings, numbers and booleans are immutable
 * and stay shared (with the seed fixture: a structuredClone copied every string too, 2.2 KB more per device,
 * 220 MB for a 100,000-device tenant next to its seed; see BENCHMARKS.md). Fixture values are JSON (parsed,
 * then validated), which is all this copies: what structuredClone would make of them, for less.
 */
export function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyJson((value as Record<string, unknown>)[key]);
    // An own `__proto__` (JSON.parse makes one) stays an own property, as structuredClone keeps it.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out as T;
}
