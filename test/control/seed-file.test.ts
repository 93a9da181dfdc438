/**
 * The seed read from its file (docs/scaling.md#the-seed-fleet): a large seed goes to its first tenant and is read
 * again, byte for byte the same, for every later tenant and reset; a file changed since the start refuses them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { DEFAULT_FIXTURE_PATH, SeedFile } from '../../src/fixtures/load-fixture.js';
import { build, type Built } from '../helpers/build.js';

const DEVICES = '/v1.0/deviceManagement/managedDevices';
const JSON_BODY = { 'content-type': 'application/json' };
const seedText = readFileSync(DEFAULT_FIXTURE_PATH, 'utf8');
const seedDevices = (JSON.parse(seedText) as { devices: Array<{ id: string }> }).devices;

function seedFile(t: { teardown(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'seed-file-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'seed.json');
  writeFileSync(file, seedText);
  return file;
}

const exportOf = (call: Built['call'], tenant?: string) => call({ method: 'GET', url: '/_mock/fixtures', headers: tenant ? { 'x-mock-tenant': tenant } : {} });
const reset = (call: Built['call']) => call({ method: 'POST', url: '/_mock/reset', headers: JSON_BODY, payload: '{}' });

t.test('a seed not kept parsed: its first tenant takes it, later tenants and resets read the file again', async (t) => {
  const seed = await SeedFile.load(seedFile(t), { keepParsedUpTo: 0 });
  t.equal(seed.keepsParsed, false);
  t.equal(seed.devices, seedDevices.length);
  const { call } = await build(t, { fixture: seed });
  const fresh = await exportOf(call);
  t.equal(fresh.statusCode, 200, 'the first tenant, from the fixture parsed at start');
  t.same(fresh.json.devices.map((d: { id: string }) => d.id), seedDevices.map((d) => d.id), 'the seed\'s devices');

  // Changes in the first tenant: a device's property, a pending action, a device gone.
  const [a, b] = [seedDevices[0]!.id, seedDevices[1]!.id];
  t.equal((await call({ method: 'PATCH', url: `${DEVICES}/${a}`, headers: JSON_BODY, payload: JSON.stringify({ notes: 'changed in the first tenant' }) })).statusCode, 204);
  t.equal((await call({ method: 'DELETE', url: `${DEVICES}/${b}` })).statusCode, 204);
  t.not((await exportOf(call)).body, fresh.body, 'the first tenant changed');

  const second = await exportOf(call, 'job-2');
  t.equal(second.statusCode, 200, 'a second tenant, from the file read again');
  t.equal(second.body, fresh.body, 'exactly the seed: nothing of the first tenant\'s changes');
  t.equal((await reset(call)).statusCode, 200);
  t.equal((await exportOf(call)).body, fresh.body, 'a reset gives exactly the seed again');
  t.equal((await call(`${DEVICES}/${b}`)).statusCode, 200, 'the deleted device is back');

  // And the re-read tenants share nothing with each other either.
  t.equal((await call({ method: 'PATCH', url: `${DEVICES}/${a}`, headers: JSON_BODY, payload: JSON.stringify({ notes: 'changed after the reset' }) })).statusCode, 204);
  t.equal((await exportOf(call, 'job-3')).body, fresh.body, 'a third tenant: the seed');
  t.equal((await exportOf(call, 'job-2')).body, fresh.body, 'the second tenant: unchanged');
});

t.test('a seed file changed or gone since the start refuses new tenants and resets; the same bytes again are accepted', async (t) => {
  const file = seedFile(t);
  const { call } = await build(t, { fixture: await SeedFile.load(file, { keepParsedUpTo: 0 }) });
  const first = await exportOf(call);
  t.equal(first.statusCode, 200);
  t.equal((await call({ method: 'PATCH', url: `${DEVICES}/${seedDevices[0]!.id}`, headers: JSON_BODY, payload: JSON.stringify({ notes: 'kept' }) })).statusCode, 204);
  const changed = await exportOf(call);

  // Still valid, one device fewer: a fleet the mock did not start with.
  const edited = JSON.parse(seedText) as { devices: unknown[] };
  edited.devices.pop();
  writeFileSync(file, JSON.stringify(edited, null, 2));
  const refused = await exportOf(call, 'job-new');
  t.equal(refused.statusCode, 503, 'a new tenant is refused');
  t.equal(refused.json.error.code, 'tenantUnavailable');
  t.match(refused.json.error.message, /changed since the mock started/);
  t.equal((await reset(call)).statusCode, 503, 'a reset is refused');
  t.equal((await exportOf(call)).body, changed.body, 'and leaves the tenant as it was');

  // Same size, other bytes (a space for a newline): changed too.
  writeFileSync(file, seedText.replace('\n', ' '));
  t.equal((await exportOf(call, 'job-new')).statusCode, 503, 'other bytes of the same length');

  rmSync(file);
  const gone = await exportOf(call, 'job-new');
  t.equal(gone.statusCode, 503, 'a file gone: refused');
  t.match(gone.json.error.message, /cannot be read again/);

  writeFileSync(file, seedText);
  const back = await exportOf(call, 'job-new');
  t.equal(back.statusCode, 200, 'the same bytes as at start: accepted again');
  t.equal(back.body, first.body);
});

t.test('a small seed stays parsed, and is never handed out for a tenant to change', async (t) => {
  const file = seedFile(t);
  const kept = await SeedFile.load(file);
  t.equal(kept.keepsParsed, true, `${seedDevices.length} devices are kept`);
  t.equal(kept.take(), kept.take(), 'the same parsed fixture for every tenant (materialize copies it)');
  const given = await SeedFile.load(file, { keepParsedUpTo: 0 });
  const once = given.take();
  const again = given.take();
  t.not(once, again, 'not kept: read again');
  t.strictSame(again, once, 'the same document');
});
