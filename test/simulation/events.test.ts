/** Device and end-user events (docs/simulation.md#devices, docs/simulation.md#control-api): each where it is allowed and where it is refused. */
import t from 'tap';
import { build } from '../helpers/build.js';
import { android, apple, simFixture } from '../helpers/sim-fixture.js';

const event = (id: string, type: string, extra: object = {}) => ({ method: 'POST' as const, url: `/_mock/devices/${id}/events`, payload: { type, ...extra } });
const types = (state: any) => state.simulation.notifications.map((n: { type: string }) => n.type).sort();

const devices = [
  android('wp', '14', { enrollment: 'workProfile', workProfilePasscode: { set: false }, resetToken: 'inactive' }),
  android('wp-old', '7.1.2', { enrollment: 'workProfile', workProfilePasscode: { set: true }, resetToken: 'inactive' }),
  android('cope', '13', { enrollment: 'corporateWorkProfile' }),
  android('da', '6.0.1', { enrollment: 'deviceAdministrator' }),
  apple('iphone', 'iOS', '17.4.1', 'device'),
  apple('mac', 'macOS', '14.4.1', 'device'),
];

t.test('the Android work-profile reset token, step by step', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(devices) });
  let state = (await call('/_mock/devices/wp')).json;
  t.same(types(state), [], 'no prompt while no work-profile passcode is set');
  const early = await call(event('wp', 'activateResetToken'));
  t.equal(early.statusCode, 409);
  t.match(early.json.error.message, /no activateResetToken prompt is showing \(the user has not set a work-profile passcode\)/);

  state = (await call(event('wp', 'setWorkProfilePasscode', { passcode: '2468' }))).json;
  t.same(state.simulation.workProfilePasscode, { set: true, value: '2468' });
  t.same(types(state), ['activateResetToken'], 'required and set: the user is prompted');
  t.equal(state.simulation.notifications[0].shownAt, new Date(clock.now()).toISOString());

  await call({ method: 'POST', url: '/v1.0/deviceManagement/managedDevices/wp/resetPasscode' });
  await call(event('wp', 'checkIn'));
  t.equal((await call('/v1.0/deviceManagement/managedDevices/wp?$select=deviceActionResults')).json.deviceActionResults[0].actionState, 'notSupported', 'Not Supported until the token is active');

  state = (await call(event('wp', 'activateResetToken'))).json;
  t.equal(state.simulation.resetToken, 'active');
  t.same(types(state), [], 'the prompt is dismissed');
  const again = await call(event('wp', 'activateResetToken'));
  t.equal(again.statusCode, 409);
  t.match(again.json.error.message, /already active/);

  await call({ method: 'POST', url: '/v1.0/deviceManagement/managedDevices/wp/resetPasscode' });
  state = (await call(event('wp', 'checkIn'))).json;
  const result = (await call('/v1.0/deviceManagement/managedDevices/wp?$select=deviceActionResults')).json.deviceActionResults[0];
  t.equal(result.actionState, 'done');
  t.equal(state.simulation.workProfilePasscode.value, result.passcode, 'the temporary passcode is on the work profile');
  t.same(types(state), ['newPasscode']);
  state = (await call(event('wp', 'setPasscode'))).json;
  t.same(types(state), ['newPasscode'], 'a device passcode does not answer a work-profile challenge');
  state = (await call(event('wp', 'setWorkProfilePasscode'))).json;
  t.same(types(state), [], 'the user\'s own work-profile passcode dismisses it');
  t.same(state.simulation.workProfilePasscode, { set: true });
});

t.test('the reset-token prompt needs the version threshold and the policy', async (t) => {
  const old2025 = await build(t, { fixture: simFixture(devices), config: { ruleset: '2025' } });
  const res = await old2025.call(event('wp-old', 'activateResetToken'));
  t.equal(res.statusCode, 409);
  t.match(res.json.error.message, /below 8\.0 \(ruleset 2025\)/);
  const old2018 = await build(t, { fixture: simFixture(devices) });
  t.same(types((await old2018.call('/_mock/devices/wp-old')).json), ['activateResetToken'], '7.1.2 is above the 2018 threshold: prompted at enrolment');
  const noPolicy = await build(t, { fixture: simFixture(devices, { ios: true, workProfile: false }) });
  t.same(types((await noPolicy.call('/_mock/devices/wp-old')).json), [], 'no policy, no prompt');
  t.match((await noPolicy.call(event('wp-old', 'activateResetToken'))).json.error.message, /no work-profile password is required/);
  t.match((await noPolicy.call(event('cope', 'activateResetToken'))).json.error.message, /not a personally-owned work profile/);
});

t.test('the iOS passcode removal under a compliance policy, step by step', async (t) => {
  const { call } = await build(t, { fixture: simFixture(devices) });
  await call({ method: 'POST', url: '/v1.0/deviceManagement/managedDevices/iphone/resetPasscode' });
  let state = (await call(event('iphone', 'checkIn'))).json;
  t.equal(state.simulation.passcode.set, false);
  t.same(types(state), ['setPasscode']);
  t.equal(state.device.complianceState, 'noncompliant');
  t.equal((await call('/v1.0/deviceManagement/managedDevices/iphone?$select=complianceState')).json.complianceState, 'noncompliant', 'the admin sees it on Graph');
  state = (await call(event('iphone', 'setPasscode', { passcode: '135790' }))).json;
  t.same(state.simulation.passcode, { set: true, value: '135790' });
  t.same(types(state), []);
  t.equal(state.device.complianceState, 'compliant');
});

t.test('events refused by the device\'s state answer 409 with the reason', async (t) => {
  const { call } = await build(t, { fixture: simFixture(devices) });
  const refused: Array<[string, string, RegExp]> = [
    ['da', 'setWorkProfilePasscode', /has no work profile \(enrollment 'deviceAdministrator'\)/],
    ['iphone', 'setWorkProfilePasscode', /has no work profile/],
    ['mac', 'activateResetToken', /no activateResetToken prompt/],
    ['da', 'goOnline', /already online/],
  ];
  for (const [id, type, reason] of refused) {
    const res = await call(event(id, type));
    t.equal(res.statusCode, 409, `${type} on ${id}`);
    t.match(res.json.error, { code: 'conflict', message: reason });
  }
  t.equal((await call(event('da', 'goOffline'))).statusCode, 200);
  const twice = await call(event('da', 'goOffline'));
  t.equal(twice.statusCode, 409);
  t.match(twice.json.error.message, /already offline/);
  t.equal((await call(event('da', 'checkIn'))).statusCode, 409);
  for (const [id, type] of [['da', 'setPasscode'], ['cope', 'setWorkProfilePasscode'], ['mac', 'setPasscode'], ['da', 'goOnline'], ['mac', 'checkIn']]) {
    t.equal((await call(event(id!, type!))).statusCode, 200, `${type} on ${id} is allowed`);
  }
});

t.test('malformed events and unknown devices', async (t) => {
  const { call } = await build(t, { fixture: simFixture(devices) });
  const unknown = await call(event('da', 'dance'));
  t.equal(unknown.statusCode, 400);
  t.match(unknown.json.error, { code: 'invalidRequest', details: [{ path: '$.type', message: /must be one of: "checkIn"/ }] });
  t.equal((await call({ method: 'POST', url: '/_mock/devices/da/events', payload: { type: 'checkIn', extra: 1 } })).statusCode, 400);
  t.equal((await call({ method: 'POST', url: '/_mock/devices/da/events', payload: { type: 'setPasscode', passcode: 7 } })).statusCode, 400);
  t.equal((await call({ method: 'POST', url: '/_mock/devices/da/events', headers: { 'content-type': 'application/json' }, payload: '{"type":' })).json.error.code, 'invalidJson');
  t.equal((await call({ method: 'POST', url: '/_mock/devices/da/events', headers: { 'content-type': 'application/json' } })).statusCode, 400, 'no body');
  t.equal((await call({ method: 'POST', url: '/_mock/devices/da/events', payload: [] })).statusCode, 400);
  const missing = await call(event('nope', 'checkIn'));
  t.equal(missing.statusCode, 404);
  t.equal(missing.json.error.code, 'deviceNotFound');
  t.equal((await call('/_mock/devices/nope')).statusCode, 404);
});

t.test('the control API reads the tenant from x-mock-tenant', async (t) => {
  const { call } = await build(t, { fixture: simFixture(devices) });
  const inTenant = (tenant: string, o: any) => ({ ...o, headers: { ...(o.headers ?? {}), 'x-mock-tenant': tenant } });
  t.equal((await call(inTenant('tenant-a', event('da', 'goOffline')))).statusCode, 200);
  t.equal((await call(inTenant('TENANT-A', { method: 'GET', url: '/_mock/devices/da' }))).json.simulation.online, false, 'case-insensitive');
  t.equal((await call(inTenant('tenant-b', { method: 'GET', url: '/_mock/devices/da' }))).json.simulation.online, true, 'another tenant: its own seed copy');
  t.equal((await call({ method: 'GET', url: '/_mock/devices/da' })).json.simulation.online, true, 'the default tenant');
  const bad = await call(inTenant('no spaces/allowed', { method: 'GET', url: '/_mock/devices/da' }));
  t.equal(bad.statusCode, 400);
  t.equal(bad.json.error.code, 'invalidTenant');
});
