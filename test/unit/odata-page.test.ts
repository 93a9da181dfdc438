import t from 'tap';
import {
  compileComparator,
  compileFilter,
  parseFilter,
  parseOrderBy,
  selectPage,
  type EntityModel,
  type PropertyModel,
} from '../../src/graph/odata/index.js';

const model: EntityModel = {
  typeName: 'microsoft.graph.managedDevice',
  properties: new Map<string, PropertyModel>([
    ['id', { kind: 'string' }],
    ['deviceName', { kind: 'string' }],
    [
      'complianceState',
      {
        kind: 'enum',
        enumType: 'microsoft.graph.complianceState',
        enumValues: { unknown: 0, compliant: 1, noncompliant: 2, conflict: 3, error: 4, inGracePeriod: 254, configManager: 255 },
      },
    ],
    ['lastSyncDateTime', { kind: 'dateTimeOffset' }],
    ['freeStorageSpaceInBytes', { kind: 'int64' }],
    ['isEncrypted', { kind: 'boolean' }],
  ]),
};

/** Stored records wrap the Graph-shaped device, as the store does; `view` unwraps without copying. */
interface Stored {
  readonly seq: number;
  readonly device: Record<string, unknown>;
}
const view = (r: Stored): Record<string, unknown> => r.device;

/** mulberry32: a small seeded PRNG, so failures are reproducible. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDevices(n: number, seed: number): Stored[] {
  const rnd = prng(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(rnd() * values.length)]!;
  // Few distinct values, so that ties (and case-only differences) are frequent.
  const names = ['alpha', 'Alpha', 'beta', 'BETA', 'gamma', null];
  const states = ['unknown', 'compliant', 'noncompliant', 'error', 'inGracePeriod', 'configManager', null];
  const dates = ['2024-01-01T00:00:00Z', '2024-01-01T01:00:00+01:00', '2023-06-30T12:00:00.5Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.9999999Z', null];
  return Array.from({ length: n }, (_, seq) => ({
    seq,
    device: {
      id: `d${seq}`,
      deviceName: pick(names),
      complianceState: pick(states),
      lastSyncDateTime: pick(dates),
      freeStorageSpaceInBytes: pick([0, 1, 2, 3, null]),
      isEncrypted: pick([true, false, null]),
    },
  }));
}

/** The obvious implementation: filter, stable sort everything, slice. */
function reference(source: Stored[], filter: ((row: Record<string, unknown>) => boolean) | undefined, comparator: ((a: Record<string, unknown>, b: Record<string, unknown>) => number) | undefined, offset: number, pageSize: number) {
  const matches = filter ? source.filter((r) => filter(r.device)) : source;
  const sorted = comparator ? [...matches].sort((a, b) => comparator(a.device, b.device)) : matches;
  return { items: sorted.slice(offset, offset + pageSize).map((r) => r.seq), total: matches.length, hasMore: matches.length > offset + pageSize };
}

function* generate(source: Stored[]): Generator<Stored> {
  yield* source;
}

t.test('comparator semantics', async (t) => {
  const rows: Record<string, unknown>[] = [
    { id: 'a', deviceName: 'bob', complianceState: 'configManager', lastSyncDateTime: '2024-01-01T01:00:00+01:00', freeStorageSpaceInBytes: 10 },
    { id: 'b', deviceName: 'Alice', complianceState: 'error', lastSyncDateTime: '2023-12-31T23:59:59.9999999Z', freeStorageSpaceInBytes: 2 },
    { id: 'c', deviceName: null, complianceState: 'compliant', lastSyncDateTime: '9999-12-31T23:59:59.9999999Z' },
    { id: 'd', deviceName: 'alice', complianceState: null, lastSyncDateTime: '0001-01-01T00:00:00Z', freeStorageSpaceInBytes: 2 },
    { id: 'e', deviceName: 'BOB', complianceState: 'inGracePeriod', lastSyncDateTime: '2024-01-01T00:00:00.0000001Z', freeStorageSpaceInBytes: -1 },
  ];
  const cases: [string, string][] = [
    ['deviceName', 'c b d a e'], // null first; case-insensitive, ties keep source order
    ['deviceName desc', 'a e b d c'], // null last when descending
    ['complianceState', 'd c b e a'], // by numeric value: null, 1, 4, 254, 255
    ['complianceState desc', 'a e b c d'],
    ['lastSyncDateTime', 'd b a e c'], // by instant: offsets and 7 fractional digits
    ['freeStorageSpaceInBytes desc, deviceName desc', 'a b d e c'],
    ['freeStorageSpaceInBytes, id desc', 'c e d b a'],
  ];
  for (const [orderby, expected] of cases) {
    const cmp = compileComparator(parseOrderBy(orderby, model), model);
    t.equal([...rows].sort(cmp).map((r) => r.id).join(' '), expected, orderby);
  }
});

t.test('selectPage equals filter + stable full sort + slice', async (t) => {
  const source = randomDevices(400, 42);
  const orderings = [undefined, 'deviceName', 'deviceName desc, complianceState', 'complianceState desc', 'lastSyncDateTime, freeStorageSpaceInBytes desc', 'isEncrypted, id desc'];
  const filters = [undefined, "deviceName ne 'beta'", "complianceState ge 'error' or isEncrypted", 'freeStorageSpaceInBytes eq 42'];
  const windows: [number, number][] = [[0, 10], [0, 1], [5, 7], [0, 0], [3, 0], [150, 60], [0, 400], [390, 50], [500, 10], [0, 250], [199, 1]];
  let checked = 0;
  for (const orderby of orderings) {
    const comparator = orderby === undefined ? undefined : compileComparator(parseOrderBy(orderby, model), model);
    for (const text of filters) {
      const filter = text === undefined ? undefined : compileFilter(parseFilter(text), model);
      for (const [offset, pageSize] of windows) {
        const want = reference(source, filter, comparator, offset, pageSize);
        // an array (size known: heap or full sort, by window size) and a generator (size unknown: heap)
        for (const kind of ['array', 'generator'] as const) {
          for (const wantCount of [true, false]) {
            const input = kind === 'array' ? source : generate(source);
            const got = selectPage({ source: input, view, filter, comparator, offset, pageSize, wantCount });
            const label = `${kind} orderby=${orderby} filter=${text} offset=${offset} pageSize=${pageSize} count=${wantCount}`;
            const same =
              JSON.stringify(got.items.map((r) => r.seq)) === JSON.stringify(want.items) &&
              got.hasMore === want.hasMore &&
              got.total === (wantCount ? want.total : undefined);
            if (!same) t.fail(label, { got: { ...got, items: got.items.map((r) => r.seq) }, want });
            checked++;
          }
        }
      }
    }
  }
  t.equal(checked, orderings.length * filters.length * windows.length * 4, 'all combinations checked');
});

t.test('unsorted scans stop early unless a count is wanted', async (t) => {
  const source = randomDevices(1000, 7);
  let pulled = 0;
  function* counting(): Generator<Stored> {
    for (const r of source) {
      pulled++;
      yield r;
    }
  }
  const page = selectPage({ source: counting(), view, offset: 10, pageSize: 5, wantCount: false });
  t.same(page.items.map((r) => r.seq), [10, 11, 12, 13, 14]);
  t.equal(page.hasMore, true);
  t.equal(page.total, undefined);
  t.equal(pulled, 16, 'stopped after the page plus one entity proving hasMore');

  pulled = 0;
  const counted = selectPage({ source: counting(), view, offset: 10, pageSize: 5, wantCount: true });
  t.equal(counted.total, 1000);
  t.equal(pulled, 1000);

  const last = selectPage({ source, view, offset: 995, pageSize: 10, wantCount: false });
  t.same(last.items.map((r) => r.seq), [995, 996, 997, 998, 999]);
  t.equal(last.hasMore, false);

  let viewed = 0;
  selectPage({ source, view: (r) => (viewed++, r.device), offset: 0, pageSize: 10, wantCount: true });
  t.equal(viewed, 0, 'no filter and no order: view is never called');
});

t.test('argument checks', async (t) => {
  t.throws(() => selectPage({ source: [], view, offset: -1, pageSize: 1, wantCount: false }), RangeError);
  t.throws(() => selectPage({ source: [], view, offset: 0, pageSize: 1.5, wantCount: false }), RangeError);
  t.same(selectPage({ source: [], view, offset: 0, pageSize: 10, wantCount: true }), { items: [], total: 0, hasMore: false });
});

t.test('100,000 entities: a sorted first page is fast and matches the full sort', async (t) => {
  const source = randomDevices(100_000, 1);
  const comparator = compileComparator(parseOrderBy('lastSyncDateTime desc, deviceName', model), model);
  const filter = compileFilter(parseFilter("complianceState ne 'error' and contains(deviceName, 'a')"), model);
  const started = performance.now();
  const page = selectPage({ source, view, filter, comparator, offset: 100, pageSize: 100, wantCount: true });
  const elapsed = performance.now() - started;
  const want = reference(source, filter, comparator, 100, 100);
  t.same(page.items.map((r) => r.seq), want.items);
  t.equal(page.total, want.total);
  t.ok(elapsed < 2000, `took ${elapsed.toFixed(1)} ms`);
});
