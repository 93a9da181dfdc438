/** A tenant's whole state (docs/simulation.md#control-api, docs/simulation.md#fixtures): POST /_mock/reset, PUT and GET /_mock/fixtures. */
import t from 'tap';
import { generateFleet } from '../../src/domain/device-generator.js';
import { DEFAULT_TENANT_ID } from '../../src/domain/tenants.js';
import { build, defaultFixture, type Built } from '../helpers/build.js';
import { android, simFixture } from '../helpers/sim-fixture.js';

const DEVICES = '/v1.0/deviceManagement/managedDevices';
const AUDITS = '/beta/deviceManagement/remoteActionAudits';
// Seed devices (fixtures/default.json) by what a reset does to them.
const DA = '9b646782-f0b2-480a-bc40-d0dbc53b7dcc'; // Android 6 device administrator: a new device passcode
const WP = 'ad38ba1c-52f4-48d6-87fd-33974620eaaa'; // Android 16 work profile, token active: a new work-profile passcode
const IOS = 'bd1c80c1-a90a-463d-81d0-2c2f1cb68446'; // supervised iPhone: passcode removed, noncompliant, setPasscode
const OFFLINE = 'e61da9d8-1b24-48b5-b371-3ee03f73d5bd';
const MAC = '8f5b3cf3-4961-4451-b3e7-9a1228955702';
const WINDOWS = '10f34b47-1da7-4914-bb91-ca3ffb87a072';

const tenant = (id: string) => ({ 'x-mock-tenant': id });
const exportOf = (call: Built['call'], headers: Record<string, string> = {}) => call({ method: 'GET', url: '/_mock/fixtures', headers });
const put = (call: Built['call'], payload: unknown, headers: Record<string, string> = {}) =>
  call({ method: 'PUT', url: '/_mock/fixtures', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });
const resetPasscode = (call: Built['call'], id: string) => call({ method: 'POST', url: `${DEVICES}/${id}/resetPasscode` });

/** Everything a Graph client sees of the devices: the full listing (every page), and single GETs with and without $select. */
async function graphView(call: Built['call'], ids: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const version of ['v1.0', 'beta']) {
    for (let url: string | undefined = `/${version}/deviceManagement/managedDevices?$count=true`; url; ) {
      const page = await call(url);
      out.push(page.statusCode, page.json);
      url = page.json['@odata.nextLink']?.replace(/^https?:\/\/[^/]+/, '');
    }
    for (const id of ids) {
      out.push((await call(`/${version}/deviceManagement/managedDevices/${id}`)).json);
      out.push((await call(`/${version}/deviceManagement/managedDevices/${id}?$select=id,deviceActionResults,complianceState,iccid,udid,notes,lastSyncDateTime`)).json);
    }
  }
  return out;
}

/** GET → PUT the body back → GET: the same document, byte for byte, and the same Graph view. */
async function assertRoundTrip(t: Pick<typeof import('tap').default, 'equal' | 'same' | 'strictSame' | 'match'>, call: Built['call'], ids: string[]): Promise<void> {
  const graphBefore = await graphView(call, ids);
  const first = await exportOf(call);
  t.equal(first.statusCode, 200);
  t.match(first.headers['content-type'], /^application\/json/);
  const replaced = await put(call, first.json);
  t.equal(replaced.statusCode, 200, 'PUT accepts the export');
  t.same(replaced.json, {
    status: 'replaced', tenant: DEFAULT_TENANT_ID, devices: first.json.devices.length, users: first.json.users.length,
    compliancePolicies: first.json.compliancePolicies.length, apps: first.json.apps.length,
  });
  const second = await exportOf(call);
  t.strictSame(second.json, first.json, 'GET → PUT → GET: deep-equal');
  t.equal(second.body, first.body, 'and the same bytes');
  t.strictSame(await graphView(call, ids), graphBefore, 'Graph serves the same devices');
}

t.test('reset puts the tenant back to its seed, and only that tenant', async (t) => {
  const { call, clock, app } = await build(t);
  const seed = await exportOf(call);
  const resets: string[] = [];
  app.mock.tenants.onReset.push((id) => resets.push(id));

  t.equal((await call({ method: 'PATCH', url: `${DEVICES}/${MAC}`, payload: { notes: 'changed' } })).statusCode, 204);
  t.equal((await call({ method: 'DELETE', url: `${DEVICES}/${WINDOWS}` })).statusCode, 204);
  const created = await call({ method: 'POST', url: '/_mock/devices', payload: { id: 'created-1', operatingSystem: 'iOS' } });
  t.equal(created.statusCode, 201);
  t.equal((await resetPasscode(call, DA)).statusCode, 204, 'a pending resetPasscode, and its audit');
  t.same((await call({ url: AUDITS, headers: { prefer: 'include-unknown-enum-members' } })).json.value.map((a: any) => a.action).sort(), ['delete', 'resetPasscode'], 'the DELETE, and the reset');
  const elsewhere = await call({ method: 'POST', url: '/_mock/devices', headers: tenant('other-job'), payload: { id: 'other-1' } });
  t.equal(elsewhere.statusCode, 201);
  t.not((await exportOf(call)).body, seed.body, 'the tenant changed');

  const res = await call({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-client': 'test' } });
  t.equal(res.statusCode, 200);
  t.same(res.json, { status: 'reset', tenant: DEFAULT_TENANT_ID });
  t.same(resets, [DEFAULT_TENANT_ID], 'the onReset hooks ran');
  t.equal((await exportOf(call)).body, seed.body, 'the seed again, exactly');
  t.equal((await call(`${DEVICES}/${MAC}?$select=notes`)).json.notes, seed.json.devices.find((d: any) => d.id === MAC).notes);
  t.equal((await call(`${DEVICES}/${WINDOWS}`)).statusCode, 200, 'the deleted device is back');
  t.equal((await call(`${DEVICES}/created-1`)).statusCode, 404, 'the created device is gone');
  t.same((await call('/_mock/devices/' + DA)).json.pendingActions, [], 'no pending action');
  t.same((await call(AUDITS)).json.value, [], 'no audits');
  clock.advance(60_000);
  t.same((await call(`${DEVICES}/${DA}?$select=deviceActionResults`)).json.deviceActionResults, [], 'the old check-in does nothing');
  t.equal((await call({ url: '/_mock/devices/other-1', headers: tenant('other-job') })).statusCode, 200, 'the other tenant kept its device');
});

t.test('PUT with a bad fixture: 400 with every problem and its path; nothing changes', async (t) => {
  const { call } = await build(t);
  const before = (await exportOf(call)).body;
  const shape = await put(call, {
    colour: 'blue',
    users: [{ id: 'not-a-guid', userPrincipalName: 'x@contoso.com', displayName: null }],
    devices: [{ id: 'd1', osVersion: 14 }, { id: 'd2', complianceState: 'fine', simulation: { online: 'yes' } }],
  });
  t.equal(shape.statusCode, 400);
  t.equal(shape.json.error.code, 'invalidFixture');
  t.match(shape.json.error.message, /not valid \(5 problems.*nothing was changed/);
  t.same(shape.json.error.details.map((p: any) => p.path).sort(), [
    '$.colour', '$.devices[0].osVersion', '$.devices[1].complianceState', '$.devices[1].simulation.online', '$.users[0].id',
  ]);
  t.ok(shape.json.error.details.every((p: any) => typeof p.message === 'string' && p.message.length > 0));

  const rules = await put(call, { devices: [android('a', '14', { enrollment: 'device' }), android('a', '14', {})] });
  t.equal(rules.statusCode, 400);
  t.same(rules.json.error.details.map((p: any) => p.path).sort(), ['$.devices[0].simulation.enrollment', '$.devices[1].id']);

  for (const [payload, code] of [['{"devices": [', 'invalidJson'], ['', 'invalidFixture'], ['[]', 'invalidFixture']] as const) {
    const res = await call({ method: 'PUT', url: '/_mock/fixtures', headers: { 'content-type': 'application/json' }, payload });
    t.equal(res.statusCode, 400, `body ${JSON.stringify(payload)}`);
    t.equal(res.json.error.code, code);
  }
  t.equal((await exportOf(call)).body, before, 'the previous state is intact');
});

t.test('PUT a good fixture: Graph serves the new fleet at once, the old one is gone', async (t) => {
  const { call, clock } = await build(t);
  const fleet = generateFleet({ count: 40, seed: 'state.test', now: clock.now() });
  const res = await put(call, fleet);
  t.equal(res.statusCode, 200);
  t.same(res.json, { status: 'replaced', tenant: DEFAULT_TENANT_ID, devices: 40, users: fleet.users!.length, compliancePolicies: 2, apps: 0 });
  const list = await call(`${DEVICES}?$count=true&$top=100&$select=id,deviceName`);
  t.equal(list.json['@odata.count'], 40);
  t.same(list.json.value.map((d: any) => d.id), fleet.devices!.map((d) => d.id), 'in fixture order');
  const one = fleet.devices![7]!;
  t.equal((await call(`${DEVICES}/${one.id}?$select=deviceName,serialNumber`)).json.serialNumber, one.serialNumber);
  t.equal((await call(`${DEVICES}/${DA}`)).statusCode, 404, 'the seed device is gone');

  const empty = await put(call, {});
  t.same(empty.json, { status: 'replaced', tenant: DEFAULT_TENANT_ID, devices: 0, users: 0, compliancePolicies: 0, apps: 0 }, 'an empty tenant');
  t.equal((await call(`${DEVICES}?$count=true`)).json['@odata.count'], 0);
  t.equal((await call({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-client': 'test' } })).statusCode, 200);
  t.equal((await call(`${DEVICES}?$count=true`)).json['@odata.count'], defaultFixture().devices!.length, 'reset goes back to the seed, not to the last PUT');
});

t.test('the round trip is lossless on the default fleet', async (t) => {
  const { call } = await build(t);
  const doc = (await exportOf(call)).json;
  t.same(Object.keys(doc), ['$schema', 'users', 'compliancePolicies', 'apps', 'devices']);
  t.equal(doc.$schema, './fixture.schema.json');
  t.ok(doc.devices.every((d: any) => 'deviceActionResults' in d && 'simulation' in d && Array.isArray(d.simulation.notifications)), 'whole devices');
  await assertRoundTrip(t, call, [DA, WP, IOS, MAC]);
});

t.test('the round trip is lossless after resets completed: passcodes, notifications, compliance', async (t) => {
  const { call, clock } = await build(t);
  for (const id of [DA, WP, IOS]) t.equal((await resetPasscode(call, id)).statusCode, 204);
  clock.advance(5_000);
  const da = (await call(`/_mock/devices/${DA}`)).json;
  t.match(da.simulation, { passcode: { set: true, value: /^\d{6}$/ }, notifications: [{ type: 'newPasscode' }] });
  t.match(da.device.deviceActionResults, [{ actionState: 'done', passcode: da.simulation.passcode.value }]);
  t.match((await call(`/_mock/devices/${WP}`)).json.simulation, { workProfilePasscode: { set: true, value: /^\w{8}$/ } });
  const ios = (await call(`/_mock/devices/${IOS}`)).json;
  t.match(ios, { device: { complianceState: 'noncompliant' }, simulation: { passcode: { set: false }, notifications: [{ type: 'setPasscode' }] } });
  await assertRoundTrip(t, call, [DA, WP, IOS]);
  clock.advance(8 * 86_400_000);
  t.same((await call(`${DEVICES}/${DA}?$select=deviceActionResults`)).json.deviceActionResults[0].passcode, null, 'the 7-day expiry still applies');
});

t.test('runtime-only state: pending actions and audits are not exported, and the header says so', async (t) => {
  const { call } = await build(t);
  t.equal((await exportOf(call)).headers['x-mock-not-exported'], 'pendingActions=0, audits=0');
  t.equal((await resetPasscode(call, OFFLINE)).statusCode, 204, 'offline: stays pending');
  t.equal((await resetPasscode(call, DA)).statusCode, 204);
  const first = await exportOf(call);
  t.equal(first.headers['x-mock-not-exported'], 'pendingActions=2, audits=2');
  t.notOk(JSON.stringify(first.json).includes('pendingActions'));
  t.equal((await put(call, first.json)).statusCode, 200);
  const second = await exportOf(call);
  t.equal(second.body, first.body, 'the body still round-trips');
  t.equal(second.headers['x-mock-not-exported'], 'pendingActions=0, audits=0');
  t.same((await call(AUDITS)).json.value, [], 'a loaded fixture starts with no audits');
  t.match((await call(`${DEVICES}/${OFFLINE}?$select=deviceActionResults`)).json.deviceActionResults, [{ actionState: 'pending' }], 'Graph shows the same result');
  t.same((await call(`/_mock/devices/${OFFLINE}`)).json.pendingActions, [], 'with nothing queued');
});

t.test('the round trip is lossless on a 2,000-device generated fleet', async (t) => {
  const { call, clock } = await build(t);
  const fleet = generateFleet({ count: 2000, seed: 'state.test 2000', now: clock.now() });
  t.equal((await put(call, fleet)).statusCode, 200);
  const ids = [0, 1, 999, 1999].map((i) => fleet.devices![i]!.id);
  await assertRoundTrip(t, call, ids);
});

t.test('x-mock-tenant scopes reset, PUT and GET', async (t) => {
  const { call } = await build(t);
  const seed = (await exportOf(call)).body;
  const small = simFixture([android('only', '14', { enrollment: 'fullyManaged' })]);
  const res = await put(call, small, tenant('Job-42.Contoso'));
  t.match(res.json, { status: 'replaced', tenant: String, devices: 1, users: 1, compliancePolicies: 2, apps: 0 });
  t.not(res.json.tenant, DEFAULT_TENANT_ID);
  const scoped = await exportOf(call, tenant('job-42.contoso'));
  t.same(scoped.json.devices.map((d: any) => d.id), ['only']);
  t.equal((await exportOf(call)).body, seed, 'the default tenant is untouched');
  t.equal((await call(`${DEVICES}/only`)).statusCode, 404, 'and Graph on the default tenant does not see it');
  t.equal((await exportOf(call, tenant('never-seen'))).body, seed, 'a new tenant starts from the seed');

  const reset = await call({ method: 'POST', url: '/_mock/reset', headers: tenant('JOB-42.contoso') });
  t.same(reset.json, { status: 'reset', tenant: res.json.tenant }, 'the same tenant, whatever the case');
  t.equal((await exportOf(call, tenant('job-42.contoso'))).body, seed, 'back to the seed');

  const bad = await call({ method: 'POST', url: '/_mock/reset', headers: tenant('no spaces/here') });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json.error.code, 'invalidTenant');
  const badPut = await put(call, { colour: 1 }, tenant('no spaces/here'));
  t.equal(badPut.json.error.code, 'invalidTenant', 'the tenant header is checked first');
});
