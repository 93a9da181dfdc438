/**
 * `PUT /_mock/fixtures` takes up to `--max-fixture-bytes` (docs/reliability.md#bounds): larger is the control
 * API's 413 naming the setting, and nothing changes; other control bodies keep the app's 4 MiB.
 */
import t from 'tap';
import { FIXTURE_BODY_LIMIT } from '../../src/control/state-routes.js';
import { generateFleet } from '../../src/domain/device-generator.js';
import { build, defaultFixture } from '../helpers/build.js';

const json = { 'content-type': 'application/json' };
const fixtureOf = (bytes: number) => {
  const base = JSON.stringify({ devices: [{ id: 'one', operatingSystem: 'iOS', notes: '' }] });
  return base.replace('"notes":""', `"notes":"${'n'.repeat(bytes - base.length)}"`);
};

t.test('up to the limit is taken; over it is 413 bodyTooLarge naming the setting, and the tenant is unchanged', async (t) => {
  const { call } = await build(t, { config: { maxFixtureBytes: 8 * 1024 } });
  const at = fixtureOf(8 * 1024);
  t.equal(Buffer.byteLength(at), 8 * 1024);
  const ok = await call({ method: 'PUT', url: '/_mock/fixtures', headers: json, payload: at });
  t.equal(ok.statusCode, 200, JSON.stringify(ok.json));
  t.match(ok.json, { status: 'replaced', devices: 1 });

  await call({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-client': 'test' } });
  const over = await call({ method: 'PUT', url: '/_mock/fixtures', headers: json, payload: fixtureOf(8 * 1024 + 1) });
  t.equal(over.statusCode, 413);
  t.equal(over.json.error.code, 'bodyTooLarge');
  t.match(over.json.error.message, /larger than 8192 bytes.*--max-fixture-bytes, INTUNE_MOCK_MAX_FIXTURE_BYTES/);
  t.equal((await call('/_mock/fixtures')).json.devices.length, defaultFixture().devices!.length, 'nothing changed');

  const bad = await call({ method: 'PUT', url: '/_mock/fixtures', headers: json, payload: '{"devices": [' });
  t.equal(bad.statusCode, 400, 'other errors keep their answers');
  t.equal(bad.json.error.code, 'invalidJson');
});

t.test('the default is enough for a 100,000-device export, below V8\'s string limit', async (t) => {
  const { call, config } = await build(t);
  t.equal(config.maxFixtureBytes, FIXTURE_BODY_LIMIT);
  // A generated fleet's export, scaled: every property of every device, as `GET /_mock/fixtures` writes it.
  const fleet = generateFleet({ count: 1000, seed: 'ci', now: Date.UTC(2026, 0, 15, 9) });
  t.equal((await call({ method: 'PUT', url: '/_mock/fixtures', headers: json, payload: JSON.stringify(fleet) })).statusCode, 200);
  const exported = Buffer.byteLength((await call('/_mock/fixtures')).body);
  const perDevice = exported / 1000;
  t.ok(perDevice * 100_000 * 1.1 < FIXTURE_BODY_LIMIT, `100,000 devices export to about ${Math.round(perDevice * 100_000 / 1e6)} MB, with 10% to spare under ${FIXTURE_BODY_LIMIT}`);
  t.ok(FIXTURE_BODY_LIMIT < 512 * 1024 * 1024);
});
