/** $filter limits (docs/graph-fidelity.md#filter-limits): a filter too deep or too long is Graph's 400, never a 500. */
import t from 'tap';
import { MAX_FILTER_DEPTH, MAX_FILTER_OPERATORS } from '../../src/graph/odata/filter-parser.js';
import { build, graphError } from '../helpers/build.js';

const LIST = '/v1.0/deviceManagement/managedDevices';
const filtered = (filter: string) => `${LIST}?$filter=${encodeURIComponent(filter)}`;
const parens = (n: number) => `${'('.repeat(n)}isEncrypted eq true${')'.repeat(n)}`;

t.test('parentheses: up to the limit filter, beyond it (even far beyond) a 400', async (t) => {
  const { call } = await build(t);
  const all = (await call(filtered('isEncrypted eq true'))).json.value.length;
  t.ok(all > 0, 'the fleet has encrypted devices');
  const deep = await call(filtered(parens(MAX_FILTER_DEPTH)));
  t.equal(deep.statusCode, 200, 'at the limit');
  t.equal(deep.json.value.length, all, 'and the same answer');
  for (const n of [MAX_FILTER_DEPTH + 1, 1500, 20000]) {
    const err = graphError(t, await call(filtered(parens(n))), 400, 'BadRequest');
    t.match(err.message, /^The query is too complex: nesting too deep at position \d+/, `${n} levels`);
  }
});

t.test('not, and function arguments, nest too', async (t) => {
  const { call } = await build(t);
  t.equal((await call(filtered(`${'not '.repeat(MAX_FILTER_DEPTH)}isEncrypted`))).statusCode, 200);
  graphError(t, await call(filtered(`${'not '.repeat(5000)}isEncrypted`)), 400, 'BadRequest');
  const calls = (n: number) => `${'tolower('.repeat(n)}deviceName${')'.repeat(n)} eq 'x'`;
  t.equal((await call(filtered(calls(MAX_FILTER_DEPTH)))).statusCode, 200);
  t.match(graphError(t, await call(filtered(calls(3000))), 400, 'BadRequest').message, /too complex/);
});

t.test('a long chain of operators: up to the limit filters, beyond it a 400', async (t) => {
  const { call } = await build(t);
  // n comparisons joined by n - 1 `or`s: 2n - 1 operators.
  const chain = (n: number) => Array.from({ length: n }, (_, i) => `deviceName eq 'd${i}'`).join(' or ');
  const atLimit = MAX_FILTER_OPERATORS / 2; // 999 operators
  t.same((await call(filtered(chain(atLimit)))).json.value, [], 'no device is named d…');
  t.match(graphError(t, await call(filtered(chain(atLimit + 1))), 400, 'BadRequest').message, /^The query is too complex: too many operators/);
  graphError(t, await call(filtered(chain(20000))), 400, 'BadRequest');
  t.equal((await call(filtered(`${Array.from({ length: 5000 }, () => 'isEncrypted').join(' and ')}`))).statusCode, 400);
});

t.test('the Intune dialect answers the same limits', async (t) => {
  const { call } = await build(t, { config: { odata: 'intune' } });
  graphError(t, await call(filtered(parens(1500))), 400, 'BadRequest');
  // The deepest tree the limits allow: a chain of operators inside the deepest nesting, walked by Intune's rules too.
  const chain = Array.from({ length: MAX_FILTER_OPERATORS / 2 }, (_, i) => `deviceName eq 'd${i}'`).join(' and ');
  const deepest = await call(filtered(`${'not ('.repeat(MAX_FILTER_DEPTH / 2)}${chain}${')'.repeat(MAX_FILTER_DEPTH / 2)}`));
  t.not(deepest.statusCode, 500, `answered (${deepest.statusCode})`);
  t.equal(deepest.statusCode, 200);
});
