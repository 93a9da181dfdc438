/**
 * The one implementation of a Graph collection response: OData query options, filter, order, count,
 * page, select, and the envelope (`@odata.context`, `@odata.count`, `@odata.nextLink`, `value`, in the
 * order real Intune writes them, Intune-PowerShell-SDK #78).
 */
import type { FastifyRequest } from 'fastify';
import type { EntityModel } from '../schemas/entity-model.js';
import { compileComparator, parseQueryOptions, keptOrderPage, selectPage, type FilterDialect, type IndexScope, type RawQuery } from './odata/index.js';
import { MAX_PAGE_SIZE, decodeSkipToken, nextPageQuery } from './paging.js';
import { origin } from './wire.js';

export interface CollectionSpec<E> {
  request: FastifyRequest;
  query: RawQuery;
  model: EntityModel;
  source: Iterable<E>;
  /** The property bag `$filter`/`$orderby` read for an entity (no copy). */
  view: (entity: E) => Record<string, unknown>;
  serialize: (entity: E, select: readonly string[] | undefined) => Record<string, unknown>;
  /** The context URL after `$metadata#`, e.g. `deviceManagement/managedDevices`. */
  contextPath: string;
  version: string;
  /** What `$filter` really runs (managedDevices: Intune's dialect); default: OData's. */
  filterDialect?: FilterDialect;
  /** Names `source` and its state, so that a `$orderby` order can be kept until it changes (odata/sort-index.ts). */
  index?: IndexScope;
}

export function collectionResponse<E>(spec: CollectionSpec<E>): Record<string, unknown> {
  const { request } = spec;
  const options = parseQueryOptions(spec.query, spec.model, { collection: true, filterDialect: spec.filterDialect });
  const select = normaliseSelect(options.select);
  const pageSize = Math.min(options.top ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const offset = options.skiptoken !== undefined ? decodeSkipToken(options.skiptoken) : (options.skip ?? 0);
  const comparator = options.orderby ? compileComparator(options.orderby, spec.model) : undefined;
  const args = {
    source: spec.source,
    view: spec.view,
    ...(options.predicate ? { filter: options.predicate } : {}),
    offset,
    pageSize,
    wantCount: options.count,
  };
  // A sorted page over a collection that names its state comes from a kept head of the order when it can (odata/sort-index.ts).
  const page = comparator && options.orderby && spec.index
    ? keptOrderPage({ ...args, comparator, orderby: options.orderby, index: spec.index })
    : selectPage({ ...args, ...(comparator ? { comparator } : {}) });
  const base = `${origin(request)}/${spec.version}`;
  const body: Record<string, unknown> = { '@odata.context': contextUrl(base, spec.contextPath, select, false) };
  // Intune writes `@odata.count` on every page; unasked it counts the page, not the matches
  // (docs/graph-fidelity.md#orderby-top-skip-count). `$count=true` gets the total, as OData says.
  body['@odata.count'] = options.count ? page.total : page.items.length;
  if (page.hasMore && pageSize > 0) {
    body['@odata.nextLink'] = `${origin(request)}${request.url.split('?')[0]}?${nextPageQuery(request.url, offset + page.items.length)}`;
  }
  body.value = page.items.map((e) => spec.serialize(e, select));
  return body;
}

/** `$select` for one entity (the only option a single GET takes). */
export function singleSelect(query: RawQuery, model: EntityModel): readonly string[] | undefined {
  const options = parseQueryOptions(query, model, { collection: false });
  return normaliseSelect(options.select);
}

/** `$select=*` means everything; duplicates are dropped. */
function normaliseSelect(select: readonly string[] | undefined): readonly string[] | undefined {
  if (select === undefined || select.includes('*')) return undefined;
  return [...new Set(select)];
}

/** OData context URL: `…/$metadata#deviceManagement/managedDevices(id,deviceName)/$entity`. */
export function contextUrl(base: string, path: string, select: readonly string[] | undefined, entity: boolean): string {
  return `${base}/$metadata#${path}${select ? `(${select.join(',')})` : ''}${entity ? '/$entity' : ''}`;
}
