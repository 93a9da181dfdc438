/**
 * `$orderby` (OData 4.01 URL Conventions, "System Query Option $orderby"): a comma-separated list of
 * properties, each optionally followed by `asc` or `desc`. Only direct primitive and enum properties
 * are sortable here; expressions and property paths are rejected.
 */
import type { EntityModel, PropertyModel } from '../../schemas/entity-model.js';
import { ODataQueryError, syntaxError } from './errors.js';
import { compareCi, parseInstant, propertyGetter, subMillis, type ValueDomain } from './values.js';

export type SortDirection = 'asc' | 'desc';

export interface OrderByKey {
  readonly property: string;
  readonly direction: SortDirection;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function sortableProperty(name: string, model: EntityModel): PropertyModel {
  const prop = model.properties.get(name);
  if (!prop) throw new ODataQueryError(`Could not find a property named '${name}' on type '${model.typeName}'.`);
  if (prop.kind === 'complex' || prop.kind === 'collection') {
    throw new ODataQueryError(
      `The $orderby expression must evaluate to a single value of primitive type: '${name}' is ${prop.kind === 'complex' ? 'of a complex type' : 'a collection'}.`,
    );
  }
  return prop;
}

/** Parses and checks a `$orderby` value (URL-decoded). Throws {@link ODataQueryError}. */
export function parseOrderBy(text: string, model: EntityModel): OrderByKey[] {
  const keys: OrderByKey[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (const item of text.split(',')) {
    const words = [...item.matchAll(/\S+/g)];
    const [first, second, third] = words;
    if (!first) throw syntaxError(text, offset + item.length, 'A property name is expected.');
    if (third) throw syntaxError(text, offset + third.index, "Expected ',' or the end of $orderby.");
    const name = first[0];
    if (!NAME.test(name)) {
      if (name.includes('/')) throw new ODataQueryError(`Property paths such as '${name}' are not supported in $orderby by intune-mock.`);
      if (name.includes('(')) throw new ODataQueryError(`Expressions such as '${name}' are not supported in $orderby by intune-mock: use property names.`);
      throw syntaxError(text, offset + first.index);
    }
    let direction: SortDirection = 'asc';
    if (second) {
      // `asc`/`desc` are accepted in any case (lenient: property names stay case-sensitive).
      const dir = second[0].toLowerCase();
      if (dir !== 'asc' && dir !== 'desc') throw syntaxError(text, offset + second.index, "Expected 'asc' or 'desc'.");
      direction = dir;
    }
    sortableProperty(name, model);
    if (seen.has(name)) throw new ODataQueryError(`Duplicate property named '${name}' is not supported in '$orderby' expression.`);
    seen.add(name);
    keys.push({ property: name, direction });
    offset += item.length + 1;
  }
  return keys;
}

/** Chronological order of two DateTimeOffset strings; an unparseable value orders like null. */
function compareInstantForSort(a: string, b: string): number {
  const n = a.length;
  if (n === b.length && a.charCodeAt(n - 1) === 90 && b.charCodeAt(n - 1) === 90 && a.charCodeAt(10) === 84 && b.charCodeAt(10) === 84) {
    return a < b ? -1 : a > b ? 1 : 0; // same-shaped UTC strings: ordinal order is chronological
  }
  const ma = parseInstant(a);
  const sa = subMillis();
  const mb = parseInstant(b);
  const sb = subMillis();
  if (ma !== ma) return mb !== mb ? 0 : -1;
  if (mb !== mb) return 1;
  return ma !== mb ? ma - mb : sa - sb;
}

function sortComparer(domain: ValueDomain): (a: unknown, b: unknown) => number {
  switch (domain) {
    case 'string':
      return (a, b) => compareCi(a as string, b as string);
    case 'dateTimeOffset':
      return (a, b) => compareInstantForSort(a as string, b as string);
    case 'boolean':
      return (a, b) => Number(a) - Number(b);
    default:
      // numbers and enums (by numeric value, as Graph orders enum members)
      return (a, b) => (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
}

interface CompiledKey {
  readonly get: (row: Record<string, unknown>) => unknown;
  readonly cmp: (a: unknown, b: unknown) => number;
  readonly sign: 1 | -1;
}

/**
 * A comparator over property bags for the given keys: ties on one key fall through to the next; null
 * (and unreadable values) sort first ascending and last descending, as OData specifies; strings
 * compare case-insensitively, enums by numeric value, DateTimeOffsets by instant. A comparator that
 * returns 0 leaves the order to the caller, which keeps it stable.
 */
export function compileComparator(keys: readonly OrderByKey[], model: EntityModel): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  const compiled: CompiledKey[] = keys.map((key) => {
    const { domain, get } = propertyGetter(key.property, sortableProperty(key.property, model));
    return { get, cmp: sortComparer(domain), sign: key.direction === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (let i = 0; i < compiled.length; i++) {
      const key = compiled[i]!;
      const x = key.get(a);
      const y = key.get(b);
      const xNull = x === null || x !== x; // NaN: an enum name or number the model cannot read
      const yNull = y === null || y !== y;
      const c = xNull ? (yNull ? 0 : -1) : yNull ? 1 : key.cmp(x, y);
      if (c !== 0) return c * key.sign;
    }
    return 0;
  };
}
