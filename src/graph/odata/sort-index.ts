/**
 * `$orderby` orders kept from one request to the next while the collection cannot have changed, as a database
 * keeps an index (issue 17: `$orderby=deviceName&$top=100` over 100,000 devices read every device's name on
 * every request, a memory-bound scan of 35-45 ms CPU in the server, BENCHMARKS.md). With an order kept, a page
 * is a slice of it (or a filtered walk from its start): O($skip + $top) instead of O(n).
 *
 * What an order is keyed by:
 * - the caller's `scope` (say: tenant, path, user) and `stamp` (a number that differs after every change to what
 *   the scope's entities are or hold: `Tenants.revision`, read after the request's own read, which may settle
 *   check-ins). An order built at one stamp is never used at another, so a PATCH, an action, a control event,
 *   a check-in, a DELETE, a reset or a replace all drop it;
 * - the scope's first entity (object identity): a tenant set aside and loaded again (`--max-tenants` with
 *   `--data`) is new objects at the same revision, and must not be answered with the old ones;
 * - the view function (one per Graph version and app: what `$orderby` reads) and the `$orderby` keys.
 * An order is built the second time the same (scope, stamp, keys) is asked, not the first: a full sort costs
 * several heap selections, so a collection that changes between every two queries is not sorted in vain.
 * The result equals {@link selectPage}'s: a stable sort of the collection (ties keep the source order), the
 * filter applied in that order.
 */
import type { OrderByKey } from './orderby.js';

type Row = Record<string, unknown>;

/** Below this many entities the bounded heap is cheap enough: no order is kept (no memory held for small tenants). */
export const MIN_INDEXED = 512;
/** Scopes kept per view (least recently used dropped first), and orders kept per scope. */
const SCOPES = 8;
const ORDERS_PER_SCOPE = 8;

export interface IndexScope {
  /** Names the collection (e.g. tenant and user); equal scopes at equal stamps hold the same entities and values. */
  scope: string;
  /** Differs after every change to the collection's entities or their values. */
  stamp: number;
}

interface ScopeEntry {
  stamp: number;
  first: unknown;
  /** Per `$orderby` text: the sorted entities, or `null` once asked (built when asked again). */
  orders: Map<string, unknown[] | null>;
}

/** Per view function (by identity: one per Graph version and app), its scopes. */
const caches = new WeakMap<object, Map<string, ScopeEntry>>();

export interface SortedSourceArgs<E> {
  source: Iterable<E>;
  view: (entity: E) => Row;
  comparator: (a: Row, b: Row) => number;
  orderby: readonly OrderByKey[];
  index: IndexScope;
}

/**
 * The collection in `$orderby` order when an order is kept (or was asked once before at this stamp, and is
 * built now); otherwise undefined and `source`, to be read as usual (the source's iterator may have been
 * consumed: read the returned one).
 */
export function sortedSource<E>(args: SortedSourceArgs<E>): { sorted: readonly E[] | undefined; source: Iterable<E> } {
  const { view, comparator, index } = args;
  let cache = caches.get(view);
  if (!cache) caches.set(view, (cache = new Map()));
  const orderText = args.orderby.map((k) => `${k.property} ${k.direction}`).join(',');
  // Only the first entity is read before the kept order is known to hold: no walk over the collection.
  const it = args.source[Symbol.iterator]();
  const head = it.next();
  const first: unknown = head.done ? undefined : head.value;
  const rest = (): E[] => {
    const all: E[] = head.done ? [] : [head.value];
    for (let r = it.next(); !r.done; r = it.next()) all.push(r.value);
    return all;
  };
  let entry = cache.get(index.scope);
  if (entry && (entry.stamp !== index.stamp || entry.first !== first)) entry = undefined;
  cache.delete(index.scope); // re-inserted below (most recently used last), or gone: outdated
  const kept = entry?.orders.get(orderText);
  if (entry && kept) {
    cache.set(index.scope, entry);
    return { sorted: kept as E[], source: [] };
  }
  const all = rest();
  if (all.length < MIN_INDEXED) return { sorted: undefined, source: all };
  entry ??= { stamp: index.stamp, first, orders: new Map() };
  cache.set(index.scope, entry);
  if (cache.size > SCOPES) cache.delete(cache.keys().next().value!);
  if (kept === undefined) {
    entry.orders.set(orderText, null);
    if (entry.orders.size > ORDERS_PER_SCOPE) entry.orders.delete(entry.orders.keys().next().value!);
    return { sorted: undefined, source: all };
  }
  const rows = all.map(view);
  // Array.prototype.sort is stable (ES2019): equal rows keep their source order, as selectPage's heap does.
  const order = rows.map((_, k) => k).sort((a, b) => comparator(rows[a]!, rows[b]!));
  const sorted = order.map((k) => all[k]!);
  entry.orders.set(orderText, sorted);
  return { sorted, source: all };
}
