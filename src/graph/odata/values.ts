/**
 * Value handling shared by `$filter` and `$orderby`: how each EDM kind is read from a stored entity,
 * compared, and named in messages. All comparison helpers are allocation-free on the hot path because
 * they run once per entity (filter) or once per comparison (sort) over tenants of 100,000 devices.
 */
import type { PropertyModel } from '../../schemas/entity-model.js';

/** The comparison family of a value; literals of a family may be compared with properties of it. */
export type ValueDomain = 'string' | 'number' | 'boolean' | 'dateTimeOffset' | 'enum' | 'null';

const EDM_NAMES: Readonly<Record<string, string>> = {
  string: 'Edm.String',
  int32: 'Edm.Int32',
  int64: 'Edm.Int64',
  double: 'Edm.Double',
  boolean: 'Edm.Boolean',
  dateTimeOffset: 'Edm.DateTimeOffset',
  guid: 'Edm.Guid',
};

/** The type name OData uses in messages: `Edm.String`, …, or the qualified enum type name. */
export function edmTypeName(prop: PropertyModel): string {
  if (prop.kind === 'enum') return prop.enumType ?? 'Edm.Enum';
  return EDM_NAMES[prop.kind] ?? (prop.kind === 'collection' ? 'Collection' : 'Edm.ComplexType');
}

/**
 * An enum member's numeric value by name; exact match first, then case-insensitive (string
 * comparisons are case-insensitive throughout this mock, enum names follow suit).
 */
export function enumLookup(values: Readonly<Record<string, number>>, member: string): number | undefined {
  if (Object.hasOwn(values, member)) return values[member];
  const lower = member.toLowerCase();
  for (const [name, value] of Object.entries(values)) if (name.toLowerCase() === lower) return value;
  return undefined;
}

type Row = Record<string, unknown>;
type Getter = (row: Row) => unknown;

/** How each kind is normalized once read (`v`); `byName`, `values` and `enumLookup` are in scope for enums. */
const NORMALIZE = {
  string: "return typeof v === 'string' ? v : v == null ? null : String(v);",
  // int64 values may be serialized as strings by some writers; Number() keeps them comparable.
  number: "return typeof v === 'number' ? v : v == null ? null : Number(v);",
  boolean: "return typeof v === 'boolean' ? v : null;",
  dateTimeOffset: "return typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : null;",
  enum: "if (v == null) return null; if (typeof v === 'number') return v; return byName.get(v) ?? enumLookup(values, String(v)) ?? NaN;",
} as const;

const getters = new Map<string, Getter>();
const enumGetters = new WeakMap<PropertyModel, Getter>();

/**
 * A getter for one property, as a function of its own (made once per property and kind). V8 shares the
 * inline caches of every closure made from one function literal, so one `(row) => row[name]` closure
 * serving every property went polymorphic, then megamorphic, as soon as a second property had been
 * read, and stayed so: `$orderby=deviceName&$top=100` on 100,000 devices took 18 ms after one `$filter`
 * on `operatingSystem` instead of 13 ms with a getter of its own (BENCHMARKS.md). The name is embedded
 * as a JSON string literal, so any text is safe.
 */
function compileGetter(name: string, normalize: keyof typeof NORMALIZE, scope: { byName?: Map<string, number>; values?: Readonly<Record<string, number>> } = {}): Getter {
  const make = new Function('byName', 'values', 'enumLookup', `return function get(row) { const v = row[${JSON.stringify(name)}]; ${NORMALIZE[normalize]} };`);
  return make(scope.byName, scope.values, enumLookup) as Getter;
}

function cachedGetter(name: string, normalize: Exclude<keyof typeof NORMALIZE, 'enum'>): Getter {
  const key = `${normalize}:${name}`;
  let get = getters.get(key);
  if (!get) getters.set(key, (get = compileGetter(name, normalize)));
  return get;
}

/**
 * Reads property `name` of kind `prop` from a row, normalized for comparison: strings (and GUIDs) as
 * strings, numbers as numbers, enums as their numeric value (NaN for a name not in the model),
 * DateTimeOffsets as their ISO string. Missing and null both read as `null`.
 */
export function propertyGetter(name: string, prop: PropertyModel): { domain: ValueDomain; get: (row: Record<string, unknown>) => unknown } {
  switch (prop.kind) {
    case 'string':
    case 'guid':
      return { domain: 'string', get: cachedGetter(name, 'string') };
    case 'int32':
    case 'int64':
    case 'double':
      return { domain: 'number', get: cachedGetter(name, 'number') };
    case 'boolean':
      return { domain: 'boolean', get: cachedGetter(name, 'boolean') };
    case 'dateTimeOffset':
      return { domain: 'dateTimeOffset', get: cachedGetter(name, 'dateTimeOffset') };
    case 'enum': {
      let get = enumGetters.get(prop);
      if (!get) {
        const values = prop.enumValues ?? {};
        get = compileGetter(name, 'enum', { byName: new Map<string, number>(Object.entries(values)), values });
        enumGetters.set(prop, get);
      }
      return { domain: 'enum', get };
    }
    default:
      throw new Error(`propertyGetter: '${name}' is not a primitive or enum property`);
  }
}

/**
 * Case-insensitive ordinal comparison, equal in sign to comparing `a.toLowerCase()` with
 * `b.toLowerCase()`: ASCII letters are folded in place, and only a string with a non-ASCII difference
 * falls back to `toLowerCase()` (and so allocates).
 */
export function compareCi(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x > 127 || y > 127) {
      const la = a.toLowerCase();
      const lb = b.toLowerCase();
      return la < lb ? -1 : la > lb ? 1 : 0;
    }
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

/** Sub-millisecond part of the last {@link parseInstant} result, in ms (0 ≤ value < 1). */
let lastSubMillis = 0;
export function subMillis(): number {
  return lastSubMillis;
}

/** `n` decimal digits at `s[i]`, or -1. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = s.charCodeAt(i + k) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch milliseconds (an integer) of an OData DateTimeOffset `YYYY-MM-DDThh:mm[:ss[.f…]](Z|±hh:mm)`,
 * or NaN. Written by hand rather than with `Date.parse` because Graph values carry up to 7 fractional
 * digits (`9999-12-31T23:59:59.9999999Z`) and years such as `0001`, which `Date.parse` and `Date.UTC`
 * mishandle; the digits beyond the millisecond are kept in {@link subMillis} so that instants that
 * differ by 100 ns still compare as different. Allocation-free.
 */
export function parseInstant(s: string): number {
  lastSubMillis = 0;
  const len = s.length;
  if (len < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (s.charCodeAt(10) | 32) !== 116 || s.charCodeAt(13) !== 58) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > MONTH_DAYS[month - 1]! || hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return NaN;
  let i = 16;
  let second = 0;
  let millis = 0;
  let sub = 0;
  if (s.charCodeAt(i) === 58) {
    second = digits(s, 17, 2);
    if (second < 0 || second > 59) return NaN;
    i = 19;
    if (s.charCodeAt(i) === 46) {
      const start = ++i;
      let scale = 100;
      let subScale = 0.1;
      for (let d = s.charCodeAt(i) - 48; d >= 0 && d <= 9; d = s.charCodeAt(++i) - 48) {
        if (scale >= 1) {
          millis += d * scale;
          scale /= 10;
        } else {
          sub += d * subScale;
          subScale /= 10;
        }
      }
      if (i === start) return NaN;
    }
  }
  let offsetMinutes = 0;
  const c = s.charCodeAt(i);
  if ((c | 32) === 122 && i + 1 === len) {
    // 'Z' / 'z'
  } else if ((c === 43 || c === 45) && i + 6 === len && s.charCodeAt(i + 3) === 58) {
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
    offsetMinutes = (c === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return NaN;
  }
  lastSubMillis = sub;
  return daysFromCivil(year, month, day) * 86400000 + hour * 3600000 + minute * 60000 + second * 1000 + millis - offsetMinutes * 60000;
}

/** True for two UTC strings of the same shape, whose ordinal order is their chronological order. */
function sameUtcShape(a: string, b: string): boolean {
  const n = a.length;
  return (
    n === b.length && n >= 17 && a.charCodeAt(n - 1) === 90 && b.charCodeAt(n - 1) === 90 &&
    a.charCodeAt(10) === 84 && b.charCodeAt(10) === 84 && a.charCodeAt(4) === 45 && b.charCodeAt(4) === 45
  );
}

/**
 * Chronological comparison of two DateTimeOffset strings (NaN if either is invalid). Same-shaped UTC
 * strings, the common case for stored values, are compared as strings without parsing.
 */
export function compareInstant(a: string, b: string): number {
  if (sameUtcShape(a, b)) return a < b ? -1 : a > b ? 1 : 0;
  const ma = parseInstant(a);
  const sa = lastSubMillis;
  const mb = parseInstant(b);
  return ma !== mb ? ma - mb : sa - lastSubMillis;
}
