/**
 * A tenant's clock stays before 9999-01-01 (docs/simulation.md#mock-clock): advancing it further is the
 * control API's 400 and the clock stays put; once an unbounded clock made /_mock/clock a 500 and every
 * Graph error body {}.
 */
import t from 'tap';
import { MAX_CLOCK_MS } from '../../src/domain/clock.js';
import { build, graphError } from '../helpers/build.js';

const TEN_YEARS = 10 * 365 * 86_400;
const advance = (call: Awaited<ReturnType<typeof build>>['call'], seconds: number) =>
  call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: seconds } });

t.test('advancing up to just before the bound works; past it is a 400 and the clock stays', async (t) => {
  const { call, clock } = await build(t);
  const room = Math.floor((MAX_CLOCK_MS - clock.now()) / 1000) - 1;
  let left = room;
  const statuses = new Set<number>();
  for (; left > TEN_YEARS; left -= TEN_YEARS) statuses.add((await advance(call, TEN_YEARS)).statusCode);
  t.same([...statuses], [200], 'every ten-year step on the way');
  const last = await advance(call, left);
  t.equal(last.statusCode, 200);
  t.equal(last.json.now, new Date(MAX_CLOCK_MS - 1000).toISOString(), 'one second before the bound');

  const refused = await advance(call, 1);
  t.equal(refused.statusCode, 400);
  t.equal(refused.json.error.code, 'invalidRequest');
  t.match(refused.json.error.message, /stays before 9999-01-01T00:00:00\.000Z: it is at 9998-12-31T23:59:59\.000Z, so it can move at most 0 seconds more/);
  t.equal((await advance(call, TEN_YEARS)).statusCode, 400, 'ten years too');
  t.equal((await call('/_mock/clock')).json.now, '9998-12-31T23:59:59.000Z', 'the clock did not move');
  t.equal((await advance(call, 0)).statusCode, 200, 'zero seconds is no move');

  const err = graphError(t, await call('/v1.0/deviceManagement/managedDevices/nope'), 404, 'ResourceNotFound');
  t.ok(err.message, 'Graph errors still have their envelope');
  t.equal((await call('/v1.0/deviceManagement/managedDevices')).statusCode, 200, 'and lists answer');
});

t.test('the refusal says how much room is left', async (t) => {
  const { call, clock } = await build(t);
  const room = Math.floor((MAX_CLOCK_MS - 1 - clock.now()) / 1000);
  // Jump close to the bound in ten-year steps, then ask for more than is left.
  for (let left = room; left > TEN_YEARS; left -= TEN_YEARS) await advance(call, TEN_YEARS);
  const now = Date.parse((await call('/_mock/clock')).json.now);
  const remaining = Math.floor((MAX_CLOCK_MS - 1 - now) / 1000);
  const res = await advance(call, remaining + 1);
  t.equal(res.statusCode, 400);
  t.match(res.json.error.message, new RegExp(`can move at most ${remaining} seconds more`));
  t.equal((await advance(call, remaining)).statusCode, 200, 'exactly what is left');
});
