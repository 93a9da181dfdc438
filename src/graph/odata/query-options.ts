/**
 * Reads the OData system query options of a request (OData 4.01 URL Conventions, "System Query
 * Options") and validates them completely against the entity model, so that a route either gets
 * well-formed options or an {@link ODataQueryError} to answer with 400 before touching any data.
 */
import type { EntityModel } from '../../schemas/entity-model.js';
import { ODataQueryError } from './errors.js';
import { compileFilter } from './filter-eval.js';
import { parseFilter, type FilterNode } from './filter-parser.js';
import { parseOrderBy, type OrderByKey } from './orderby.js';
import { canonicalName } from './property-names.js';

export interface QueryOptions {
  filter?: FilterNode;
  /** `filter` compiled (and so type-checked) once, against the model it was parsed for. */
  predicate?: (entity: Record<string, unknown>) => boolean;
  /** The `$filter` text as received, e.g. for building a `@odata.nextLink`. */
  filterText?: string;
  /** Properties to return, in request order without duplicates; `*` expands to every property. */
  select?: string[];
  orderby?: OrderByKey[];
  top?: number;
  skip?: number;
  count: boolean;
  /** Opaque here: decoding and validating it is the paging layer's job. */
  skiptoken?: string;
}

export type RawQuery = Record<string, string | string[] | undefined>;

/**
 * Decides which filter runs, given the `$filter` text and its AST (`undefined` when the text is empty):
 * the AST as it is, another one, or none. Throws to refuse. Without one, an empty `$filter` is OData's
 * syntax error. The managedDevices routes pass Intune's dialect (`intune-quirks.ts`).
 */
export type FilterDialect = (text: string, node: FilterNode | undefined) => FilterNode | undefined;

const SUPPORTED = new Set(['$filter', '$select', '$orderby', '$top', '$skip', '$count', '$skiptoken']);
/** Options that only make sense on a collection (OData 4.01 URL Conventions, per-resource table). */
const COLLECTION_ONLY = new Set(['$filter', '$orderby', '$top', '$skip', '$count', '$skiptoken']);
/** Options OData (or Graph) defines but intune-mock does not implement. */
const NOT_IMPLEMENTED = new Set(['$expand', '$search', '$apply', '$compute', '$format', '$levels', '$index', '$schemaversion', '$id', '$deltatoken']);

function invalid(name: string, value: string, rule: string): ODataQueryError {
  return new ODataQueryError(`Invalid value '${value}' for query option '${name}': ${rule}.`);
}

function nonNegativeInteger(name: string, value: string): number {
  // Real Graph's wording (dcblogdev/laravel-microsoft-graph #90).
  if (!/^\d+$/.test(value)) {
    throw new ODataQueryError(`Invalid value '${value}' for ${name} query option found. The ${name} query option requires a non-negative integer value.`);
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw invalid(name, value, `it must not exceed ${Number.MAX_SAFE_INTEGER}`);
  return n;
}

function parseSelect(value: string, model: EntityModel): string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw invalid('$select', value, 'expected a comma-separated list of property names');
  // `*` selects all structural properties (OData 4.01 URL Conventions, "System Query Option $select").
  // The caller treats `['*']` as "no $select" (every property, hidden ones hidden).
  if (items.includes('*')) return ['*'];
  const selected = new Set<string>();
  for (const item of items) {
    if (item.includes('/')) throw new ODataQueryError(`Property paths such as '${item}' are not supported in $select by intune-mock.`);
    // In any case, as Intune takes it (`$select=deviceactionresults`, powershell-intune-samples #35); the
    // answer spells it as the model does.
    const name = canonicalName(item, model);
    // Real Graph's wording (msgraph-beta-sdk-dotnet #563).
    if (name === undefined) {
      throw new ODataQueryError(`Parsing OData Select and Expand failed: Could not find a property named '${item}' on type '${model.typeName}'.`);
    }
    selected.add(name); // a repeated property is tolerated and returned once
  }
  return [...selected];
}

/**
 * Parses the system query options in `query` (names matched case-insensitively; parameters not
 * starting with `$` are ignored). `collection: false` is a single-entity request, where only `$select`
 * applies. Throws {@link ODataQueryError} for any unsupported, repeated or invalid option.
 */
export function parseQueryOptions(query: RawQuery, model: EntityModel, opts: { collection: boolean; filterDialect?: FilterDialect | undefined }): QueryOptions {
  const values = new Map<string, string>();
  // Names first, values second: an unsupported option is reported even if another value is bad.
  for (const [rawName, rawValue] of Object.entries(query)) {
    if (!rawName.startsWith('$') || rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    if (NOT_IMPLEMENTED.has(name)) throw new ODataQueryError(`The query option '${name}' is not supported by intune-mock.`);
    if (!SUPPORTED.has(name)) throw new ODataQueryError(`The query parameter '${rawName}' is not supported.`);
    const list = Array.isArray(rawValue) ? rawValue : [rawValue];
    if (list.length === 0) continue;
    if (list.length > 1 || values.has(name)) {
      throw new ODataQueryError(`Query option '${name}' was specified more than once, but it must be specified at most once.`);
    }
    if (!opts.collection && COLLECTION_ONLY.has(name)) throw new ODataQueryError(`The query option '${name}' is not supported on a single entity.`);
    values.set(name, list[0]!);
  }

  const options: QueryOptions = { count: false };
  for (const [name, value] of values) {
    switch (name) {
      case '$filter': {
        const parsed = opts.filterDialect && value.trim() === '' ? undefined : parseFilter(value);
        const node = opts.filterDialect ? opts.filterDialect(value, parsed) : parsed;
        // Compiling type-checks it, so every $filter error surfaces here, before any data is read.
        if (node) {
          options.predicate = compileFilter(node, model);
          options.filter = node;
        }
        options.filterText = value;
        break;
      }
      case '$select':
        options.select = parseSelect(value, model);
        break;
      case '$orderby':
        options.orderby = parseOrderBy(value, model);
        break;
      case '$top':
        options.top = nonNegativeInteger(name, value);
        break;
      case '$skip':
        options.skip = nonNegativeInteger(name, value);
        break;
      case '$count': {
        const lower = value.toLowerCase();
        if (lower !== 'true' && lower !== 'false') throw invalid(name, value, "it must be 'true' or 'false'");
        options.count = lower === 'true';
        break;
      }
      case '$skiptoken':
        options.skiptoken = value;
        break;
    }
  }
  return options;
}
