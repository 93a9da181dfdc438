/**
 * `$orderby` orders kept from one request to the next while the collection cannot have changed, as a database
 * keeps an index (issue 17: `$orderby=deviceName&$top=100` over 100,000 devices read every device's name on
 * every request, a memory-bound scan of 40-45 ms CPU in the server, BENCHMARKS.md). What is kept is the head
 * of the order: the first `max(256, 4 × ($skip + $top))` entities, selected by {@link selectPage}'s bounded heap
 * in the same pass (and at about the same cost) as the page itself. A later page that lies within the head is a
 * slice of it (or, with `$filter`, a walk from its start): O($skip + $top) instead of O(n). A page beyond it
 * selects a head four times deeper, so following next links re-reads the collection a few times, not once a page.
 *
 * What a kept head is keyed by:
 * - the caller's `scope` (say: tenant, path, user) and `stamp` (a number that differs after every change to what
 *   the scope's entities are or hold: `Tenants.revision`, read after the request's own read, which may settle
 *   check-ins). A head selected at one stamp is never used at another, so a PATCH, an action, a control event,
 *   a check-in, a DELETE, a reset or a replace all drop it;
 * - the scope's first entity (object identity): a tenant set aside and loaded again (`--max-tenants` with
 *   `--data`) is new objects at the same revision, and must not be answered with the old ones;
 * - the view function (one per Graph version and app: what `$orderby` reads) and the `$orderby` keys.
 * Every answer equals {@link selectPage}'s over the whole collection: the head is its stable order (ties in
 * source order), the filter is applied in that order, and a question the head cannot answer (matches of a
 * `$filter` beyond it, or their `$count`) is answered by selectPage over the collection.
 *
 * Memory: a head holds its entities (256 and up; all of them once next links were followed to the end). An
 * outdated head is only found out by the next request for its scope, so until then (or until SCOPES other scopes
 * push it out) it keeps a changed, replaced or set-aside tenant's entities alive: at most SCOPES × ORDERS_PER_SCOPE
 * heads per view.
 */
import type { OrderByKey } from './orderby.js';
import { selectPage, type PageResult } from './page.js';

type Row = Record<string, unknown>;

/** Below this many entities the bounded heap is cheap enough: nothing is kept (no memory held for small tenants). */
export const MIN_INDEXED = 512;
/** The shortest head kept, and how much deeper than the page asked a head is selected. */
const MIN_HEAD = 256;
const HEAD_FACTOR = 4;
/** Scopes kept per view (least recently used dropped first), and orders kept per scope. */
const SCOPES = 8;
const ORDERS_PER_SCOPE = 8;

export interface IndexScope {
  /** Names the collection (e.g. tenant and user); equal scopes at equal stamps hold the same entities and values. */
  scope: string;
  /** Differs after every change to the collection's entities or their values. */
  stamp: number;
}

interface Head {
  /** The first `entities.length` entities of the collection in order. */
  entities: unknown[];
  /** The collection's size: `entities` is all of it when equal to its length. */
  size: number;
}

interface ScopeEntry {
  stamp: number;
  first: unknown;
  /** Per `$orderby` text. */
  orders: Map<string, Head>;
}

/** Per view function (by identity: one per Graph version and app), its scopes. */
const caches = new WeakMap<object, Map<string, ScopeEntry>>();

export interface KeptOrderArgs<E> {
  source: Iterable<E>;
  view: (entity: E) => Row;
  filter?: (row: Row) => boolean;
  comparator: (a: Row, b: Row) => number;
  orderby: readonly OrderByKey[];
  index: IndexScope;
  offset: number;
  pageSize: number;
  wantCount: boolean;
}

/** {@link selectPage} with a comparator, answered from a kept head of the order when it can be. */
export function keptOrderPage<E>(args: KeptOrderArgs<E>): PageResult<E> {
  const { view, index, offset, pageSize } = args;
  let cache = caches.get(view);
  if (!cache) caches.set(view, (cache = new Map()));
  const orderText = args.orderby.map((k) => `${k.property} ${k.direction}`).join(',');
  // Only the first entity is read before the kept head is known to hold: no walk over the collection.
  const it = args.source[Symbol.iterator]();
  const head = it.next();
  const first: unknown = head.done ? undefined : head.value;
  let entry = cache.get(index.scope);
  if (entry && (entry.stamp !== index.stamp || entry.first !== first)) entry = undefined;
  cache.delete(index.scope); // re-inserted below (most recently used last), or gone: outdated
  const kept = entry?.orders.get(orderText);
  const fromKept = kept && fromHead<E>(kept, args);
  if (entry && fromKept) {
    cache.set(index.scope, entry);
    return fromKept;
  }

  const all: E[] = head.done ? [] : [head.value];
  for (let r = it.next(); !r.done; r = it.next()) all.push(r.value);
  const whole = { ...args, source: all };
  if (all.length < MIN_INDEXED) return selectPage(whole);
  entry ??= { stamp: index.stamp, first, orders: new Map() };
  cache.set(index.scope, entry);
  if (cache.size > SCOPES) cache.delete(cache.keys().next().value!);
  const depth = Math.max(MIN_HEAD, HEAD_FACTOR * (offset + pageSize), kept ? HEAD_FACTOR * kept.entities.length : 0);
  const selected = selectPage({ source: all, view, comparator: args.comparator, offset: 0, pageSize: depth, wantCount: false });
  const fresh: Head = { entities: selected.items, size: all.length };
  entry.orders.delete(orderText);
  entry.orders.set(orderText, fresh);
  if (entry.orders.size > ORDERS_PER_SCOPE) entry.orders.delete(entry.orders.keys().next().value!);
  return fromHead<E>(fresh, args) ?? selectPage(whole);
}

/** The page from a head of the order, or undefined when the head does not reach far enough to answer it. */
function fromHead<E>(head: Head, { view, filter, offset, pageSize, wantCount }: KeptOrderArgs<E>): PageResult<E> | undefined {
  const entities = head.entities as E[];
  const complete = entities.length === head.size;
  const end = offset + pageSize;
  if (!filter) {
    if (end > entities.length && !complete) return undefined;
    return { items: entities.slice(offset, end), total: wantCount ? head.size : undefined, hasMore: head.size > end };
  }
  const items: E[] = [];
  let matched = 0;
  for (const entity of entities) {
    if (!filter(view(entity))) continue;
    if (matched >= offset && matched < end) items.push(entity);
    matched++;
    if (matched > end && !wantCount) return { items, total: undefined, hasMore: true };
  }
  return complete ? { items, total: wantCount ? matched : undefined, hasMore: matched > end } : undefined;
}
