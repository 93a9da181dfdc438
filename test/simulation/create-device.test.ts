/** `POST /_mock/devices` (docs/simulation.md#control-api): realistic defaults for what is left out; enrolment prompts at once. */
import t from 'tap';
import { build } from '../helpers/build.js';
import { USER, simFixture } from '../helpers/sim-fixture.js';

const create = (payload: unknown, headers: Record<string, string> = {}) => ({ method: 'POST' as const, url: '/_mock/devices', payload: payload as object, headers });

t.test('an empty body enrols a realistic device that Graph then serves', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([]) });
  const res = await call(create({}));
  t.equal(res.statusCode, 201);
  const { device, simulation } = res.json;
  t.match(device.id, /^[0-9a-f-]{36}$/);
  t.ok(device.deviceName && device.model && device.manufacturer && device.serialNumber !== undefined && device.osVersion, 'realistic values');
  t.match(device.operatingSystem, /^(Android|iOS|iPadOS|macOS|Windows)$/);
  t.ok(Date.parse(device.enrolledDateTime) <= clock.now());
  t.type(simulation.enrollment, 'string');
  const graph = await call(`/v1.0/deviceManagement/managedDevices/${device.id}`);
  t.equal(graph.statusCode, 200);
  t.equal(graph.json.deviceName, device.deviceName);
  t.notOk('simulation' in graph.json);
});

t.test('given properties win; the rest fits them', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  const res = await call(create({
    id: 'my-device', operatingSystem: 'Android', osVersion: '14', deviceName: 'QA phone', userPrincipalName: USER.userPrincipalName,
    simulation: { enrollment: 'workProfile', workProfilePasscode: { set: true }, resetToken: 'inactive', checkInDelaySeconds: 0 },
  }));
  t.equal(res.statusCode, 201);
  t.match(res.json.device, { id: 'my-device', operatingSystem: 'Android', osVersion: '14', deviceName: 'QA phone', userId: USER.id, userPrincipalName: USER.userPrincipalName });
  t.match(res.json.simulation, { enrollment: 'workProfile', resetToken: 'inactive', checkInDelaySeconds: 0, online: true });
  t.same(res.json.simulation.notifications.map((n: any) => n.type), ['activateResetToken'], 'prompted right after enrolment');
  const ios = await call(create({ operatingSystem: 'iPadOS' }));
  t.equal(ios.json.device.operatingSystem, 'iPadOS');
  t.match(ios.json.simulation.enrollment, /^(device|userEnrollment)$/);
  const ded = await call(create({ operatingSystem: 'Android', simulation: { enrollment: 'dedicated' } }));
  t.equal(ded.json.simulation.enrollment, 'dedicated');
  const derived = await call(create({ operatingSystem: 'Android', deviceEnrollmentType: 'androidEnterpriseFullyManaged' }));
  t.equal(derived.json.simulation.enrollment, 'fullyManaged', 'enrollment derived from deviceEnrollmentType');
  t.equal(derived.json.device.deviceEnrollmentType, 'androidEnterpriseFullyManaged');
});

t.test('a created device takes part in the simulation', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  const { device } = (await call(create({ operatingSystem: 'Android', osVersion: '6.0.1', simulation: { enrollment: 'deviceAdministrator', checkInDelaySeconds: 0 } }))).json;
  t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device.id}/resetPasscode` })).statusCode, 204);
  const result = (await call(`/v1.0/deviceManagement/managedDevices/${device.id}?$select=deviceActionResults`)).json.deviceActionResults[0];
  t.equal(result.actionState, 'done', 'a zero delay checks in by the next request');
  t.match(result.passcode, /^\d{6}$/);
});

t.test('bad input: 400 with every problem and its path, 409 for a taken id, nothing created', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  const bad = await call(create({ complianceState: 'great', colour: 'red', simulation: { online: 'yes' } }));
  t.equal(bad.statusCode, 400);
  t.equal(bad.json.error.code, 'invalidRequest');
  t.match(bad.json.error.details, [
    { path: '$.colour', message: 'is not a known property' },
    { path: '$.complianceState', message: /must be one of/ },
    { path: '$.simulation.online', message: 'must be boolean' },
  ]);
  const wrongEnrollment = await call(create({ operatingSystem: 'iOS', simulation: { enrollment: 'workProfile' } }));
  t.equal(wrongEnrollment.statusCode, 400);
  t.match(wrongEnrollment.json.error.message, /enrollment 'workProfile' is not one a iOS device can have/);
  t.equal((await call(create({ operatingSystem: 'BeOS' }))).statusCode, 400);
  t.equal((await call(create({ userId: 'no-such-user' }))).json.error.code, 'userNotFound');
  t.equal((await call(create({ id: 'x' }))).statusCode, 201);
  const taken = await call(create({ id: 'x' }));
  t.equal(taken.statusCode, 409);
  t.equal(taken.json.error.code, 'conflict');
  t.equal((await call(create([]))).statusCode, 400);
  t.equal((await call('/v1.0/deviceManagement/managedDevices?$count=true&$top=0')).json['@odata.count'], 1, 'only the one good device');
});

t.test('devices are created in the x-mock-tenant tenant only', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  const { device } = (await call(create({}, { 'x-mock-tenant': 'qa-tenant' }))).json;
  t.equal((await call({ method: 'GET', url: `/_mock/devices/${device.id}`, headers: { 'x-mock-tenant': 'qa-tenant' } })).statusCode, 200);
  t.equal((await call(`/_mock/devices/${device.id}`)).statusCode, 404);
  t.equal((await call(`/v1.0/deviceManagement/managedDevices/${device.id}`)).statusCode, 404, "with auth off, Graph calls are the default tenant's");
});
