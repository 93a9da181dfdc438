/** Health and readiness (docs/simulation.md#control-api): the mock answers at once and is ready when its fleet is loaded. */
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { Fixture } from '../../src/schemas/fixture.js';
import { defaultFixture, graphError, sharedSigningKey } from '../helpers/build.js';

t.test('until the fixture is loaded: health 200, ready 503, everything else 503 in its own shape', async (t) => {
  let load!: (f: Fixture) => void;
  const fixture = new Promise<Fixture>((resolve) => (load = resolve));
  const app = await buildApp(loadConfig([], {}, { logLevel: 'silent', auth: 'off' }), { clock: new ManualClock(), fixture, signingKey: await sharedSigningKey });
  t.teardown(() => app.close());
  const call = async (url: string) => {
    const res = await app.inject(url);
    return Object.assign(res, { json: JSON.parse(res.body) });
  };
  t.equal((await call('/_mock/health')).statusCode, 200);
  const notReady = await call('/_mock/ready');
  t.equal(notReady.statusCode, 503);
  t.equal(notReady.json.error.code, 'notReady');
  const graph = await call('/v1.0/deviceManagement/managedDevices');
  graphError(t, graph, 503, 'serviceNotAvailable');
  t.equal(graph.headers['retry-after'], '1');
  t.equal((await call('/_mock/devices/x')).json.error.code, 'notReady');
  load(defaultFixture());
  await fixture;
  t.equal((await call('/_mock/ready')).statusCode, 200);
  t.equal((await call('/v1.0/deviceManagement/managedDevices?$top=1')).statusCode, 200);
});
