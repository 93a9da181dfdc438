/**
 * A body no matter how deep or long is answered with Graph's 400, and the message quotes it bounded
 * (src/lib/excerpt.ts): a value nested thousands deep once overflowed JSON.stringify (a 500).
 */
import t from 'tap';
import { excerpt, clip, MAX_QUOTED_LENGTH } from '../../src/lib/excerpt.js';
import { build, defaultFixture, graphError } from '../helpers/build.js';

const device = defaultFixture().devices![0]!;
const DEVICE = `/v1.0/deviceManagement/managedDevices/${device.id}`;
const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const json = { 'content-type': 'application/json' };

t.test('excerpt: small values as JSON, large ones cut with …, deep ones without overflowing', async (t) => {
  for (const v of ['yes', 1.5, true, null, [1, 'a', { b: [null] }], { 'k"': { x: 'y' } }, []]) t.equal(excerpt(v), JSON.stringify(v));
  t.equal(excerpt('a'.repeat(1000)), `"${'a'.repeat(MAX_QUOTED_LENGTH - 1)}…`);
  t.equal(excerpt(JSON.parse(nested(100000))), `${'['.repeat(MAX_QUOTED_LENGTH)}…`);
  t.equal(excerpt({ a: 1, b: 'x'.repeat(10) }, 12), '{"a":1,"b":"…');
  t.equal(excerpt(Array.from({ length: 1e5 }, (_, i) => i)).length, MAX_QUOTED_LENGTH + 1);
  t.equal(clip('abc', 2), 'ab…');
  t.equal(clip('ab', 2), 'ab');
});

t.test('PATCH with a value nested 5,000 deep: 400, the value quoted bounded', async (t) => {
  const { call } = await build(t);
  const before = (await call(DEVICE)).body;
  const res = await call({ method: 'PATCH', url: DEVICE, payload: `{"notes":${nested(5000)}}`, headers: json });
  const err = graphError(t, res, 400, 'ModelValidationFailure');
  t.match(err.message, /Cannot convert the literal '\[+…' to the expected type 'Edm.String' of property 'notes'/);
  t.ok(res.body.length < 4000, `the answer stays small (${res.body.length})`);
  t.equal((await call(DEVICE)).body, before, 'nothing changed');
});

t.test('PATCH with a huge string or property name: 400, quoted bounded', async (t) => {
  const { call } = await build(t);
  const long = await call({ method: 'PATCH', url: DEVICE, payload: { managedDeviceOwnerType: 'x'.repeat(1_000_000) } });
  t.equal(long.statusCode, 400);
  t.ok(long.body.length < 4000, `small (${long.body.length})`);
  const key = await call({ method: 'PATCH', url: DEVICE, payload: { ['k'.repeat(1_000_000)]: 1 } });
  t.match(graphError(t, key, 400, key.json.error.code).message, /^The property 'k+…' does not exist on type 'microsoft.graph.managedDevice'/);
  t.ok(key.body.length < 4000, `small (${key.body.length})`);
});

t.test('an action parameter nested 5,000 deep, or with a huge name: 400, quoted bounded', async (t) => {
  const { call } = await build(t);
  const deep = await call({ method: 'POST', url: `${DEVICE}/wipe`, payload: `{"keepUserData":${nested(5000)}}`, headers: json });
  t.match(graphError(t, deep, 400, 'BadRequest').message, /Cannot convert the literal '\[+…' to the expected type 'Edm.Boolean' of parameter 'keepUserData'/);
  t.ok(deep.body.length < 4000);
  const name = await call({ method: 'POST', url: `${DEVICE}/wipe`, payload: { ['p'.repeat(1_000_000)]: true } });
  t.match(graphError(t, name, 400, 'BadRequest').message, /The parameter 'p+…' in the request payload is not a valid parameter/);
  t.ok(name.body.length < 4000);
});
