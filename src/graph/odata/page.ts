/**
 * One page of a (filtered, optionally sorted) collection, without materializing more than the page
 * needs. Unsorted queries stream through the source and stop as soon as the page and the one entity
 * that proves `hasMore` are found (unless a count is wanted). Sorted queries keep a bounded max-heap of
 * the best `offset + pageSize` entities (O(n log k), memory O(k)), or fully sort the matches when the
 * page reaches deep into the collection. Either way the result equals a stable sort of the matches:
 * entities that compare equal keep their source order.
 */
type Row = Record<string, unknown>;

export interface SelectPageArgs<E> {
  source: Iterable<E>;
  /** Maps a stored entity to the property bag the filter and comparator read; must not copy. */
  view: (entity: E) => Row;
  filter?: (row: Row) => boolean;
  comparator?: (a: Row, b: Row) => number;
  /** Matches to skip ($skip, or the position decoded from a skip token). */
  offset: number;
  pageSize: number;
  /** Count all matches ($count=true); otherwise `total` is undefined and unsorted scans stop early. */
  wantCount: boolean;
}

export interface PageResult<E> {
  items: E[];
  total: number | undefined;
  /** Whether matches exist beyond this page (i.e. a next link is due). */
  hasMore: boolean;
}

/** Below this ratio of k = offset + pageSize to the source size, the heap beats sorting everything. */
const FULL_SORT_RATIO = 0.5;

function sizeOf(source: Iterable<unknown>): number | undefined {
  if (Array.isArray(source)) return source.length;
  if (source instanceof Set || source instanceof Map) return source.size;
  return undefined;
}

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`selectPage: ${name} must be a non-negative integer, got ${n}`);
}

export function selectPage<E>(args: SelectPageArgs<E>): PageResult<E> {
  const { source, view, filter, comparator, offset, pageSize, wantCount } = args;
  checkCount('offset', offset);
  checkCount('pageSize', pageSize);
  const end = offset + pageSize;
  // With nothing to return, order is irrelevant: the streaming scan answers hasMore/total.
  if (!comparator || end === 0) return scan(args, end);
  const size = sizeOf(source);
  if (size !== undefined && end >= size * FULL_SORT_RATIO) return fullSort(args, comparator, end);

  // Max-heap (by sort order, then source index) of the best `end` matches; its root is the worst kept.
  const ents: E[] = [];
  const rows: Row[] = [];
  const idx: number[] = [];
  const after = (i: number, j: number): boolean => {
    const c = comparator(rows[i]!, rows[j]!);
    return c > 0 || (c === 0 && idx[i]! > idx[j]!);
  };
  const swap = (i: number, j: number): void => {
    const e = ents[i]!;
    ents[i] = ents[j]!;
    ents[j] = e;
    const r = rows[i]!;
    rows[i] = rows[j]!;
    rows[j] = r;
    const x = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = x;
  };
  let matched = 0;
  let position = 0;
  for (const entity of source) {
    const i = position++;
    const row = view(entity);
    if (filter && !filter(row)) continue;
    matched++;
    if (rows.length < end) {
      ents.push(entity);
      rows.push(row);
      idx.push(i);
      for (let c = rows.length - 1; c > 0; ) {
        const p = (c - 1) >> 1;
        if (!after(c, p)) break;
        swap(c, p);
        c = p;
      }
    } else if (comparator(row, rows[0]!) < 0) {
      // Strictly better than the worst kept one; on a tie the newcomer (later in source) loses.
      ents[0] = entity;
      rows[0] = row;
      idx[0] = i;
      for (let p = 0; ; ) {
        const l = 2 * p + 1;
        const r = l + 1;
        let m = p;
        if (l < rows.length && after(l, m)) m = l;
        if (r < rows.length && after(r, m)) m = r;
        if (m === p) break;
        swap(p, m);
        p = m;
      }
    }
  }
  const order = rows.map((_, k) => k).sort((a, b) => comparator(rows[a]!, rows[b]!) || idx[a]! - idx[b]!);
  return {
    items: order.slice(offset, end).map((k) => ents[k]!),
    total: wantCount ? matched : undefined,
    hasMore: matched > end,
  };
}

function scan<E>({ source, view, filter, offset, wantCount }: SelectPageArgs<E>, end: number): PageResult<E> {
  const items: E[] = [];
  let matched = 0;
  for (const entity of source) {
    if (filter && !filter(view(entity))) continue;
    if (matched >= offset && matched < end) items.push(entity);
    matched++;
    if (matched > end && !wantCount) break; // the page is full and one more match proves hasMore
  }
  return { items, total: wantCount ? matched : undefined, hasMore: matched > end };
}

function fullSort<E>({ source, view, filter, offset, wantCount }: SelectPageArgs<E>, comparator: (a: Row, b: Row) => number, end: number): PageResult<E> {
  const ents: E[] = [];
  const rows: Row[] = [];
  for (const entity of source) {
    const row = view(entity);
    if (filter && !filter(row)) continue;
    ents.push(entity);
    rows.push(row);
  }
  // Array.prototype.sort is stable (ES2019), so equal rows keep their source order.
  const order = rows.map((_, k) => k).sort((a, b) => comparator(rows[a]!, rows[b]!));
  return {
    items: order.slice(offset, end).map((k) => ents[k]!),
    total: wantCount ? rows.length : undefined,
    hasMore: rows.length > end,
  };
}
