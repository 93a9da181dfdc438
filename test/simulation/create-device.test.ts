/**
 * `POST /_mock/devices` (docs/simulation.md#creating-a-device): what decides behaviour takes the platform's
 * default, the rest realistic generated values; an unknown user principal name becomes a user; enrolment
 * prompts at once.
 */
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
  t.equal(device.operatingSystem, 'iOS', 'the default platform');
  t.ok(Date.parse(device.enrolledDateTime) <= clock.now());
  t.equal(simulation.enrollment, 'device');
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
  t.equal(ios.json.simulation.enrollment, 'device');
  t.match(ios.json.device.model, /^iPad/, 'an iPad for iPadOS');
  const ded = await call(create({ operatingSystem: 'Android', simulation: { enrollment: 'dedicated' } }));
  t.equal(ded.json.simulation.enrollment, 'dedicated');
  const derived = await call(create({ operatingSystem: 'Android', deviceEnrollmentType: 'androidEnterpriseFullyManaged' }));
  t.equal(derived.json.simulation.enrollment, 'fullyManaged', 'enrollment derived from deviceEnrollmentType');
  t.equal(derived.json.device.deviceEnrollmentType, 'androidEnterpriseFullyManaged');
});

t.test('a given complianceState decides the grace period: none unless inGracePeriod', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([]), config: { seed: 'grace' } });
  // The generator draws inGracePeriod for about one device in twenty: 100 of each leave no room for luck.
  for (const state of ['compliant', 'noncompliant', 'unknown']) {
    const ends = new Set<string>();
    for (let i = 0; i < 100; i++) ends.add((await call(create({ operatingSystem: 'Windows', complianceState: state }))).json.device.complianceGracePeriodExpirationDateTime);
    t.same([...ends], ['9999-12-31T23:59:59.9999999Z'], `${state}: Graph's "no grace period"`);
  }
  for (let i = 0; i < 20; i++) {
    const { device } = (await call(create({ operatingSystem: 'iOS', complianceState: 'inGracePeriod' }))).json;
    const end = Date.parse(device.complianceGracePeriodExpirationDateTime);
    t.ok(end > clock.now() && end <= clock.now() + 14 * 86_400_000, `inGracePeriod: ends within the next 14 days (${device.complianceGracePeriodExpirationDateTime})`);
  }
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
  t.equal((await call(create({ userId: 'no-such-user' }))).json.error.code, 'userNotFound', 'an unknown id and no user principal name to make a user of');
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

/** The fields that decide behaviour, as the device and its simulation hold them. */
const behaviour = (json: any) => ({
  operatingSystem: json.device.operatingSystem, enrollment: json.simulation.enrollment, deviceEnrollmentType: json.device.deviceEnrollmentType,
  managedDeviceOwnerType: json.device.managedDeviceOwnerType, isSupervised: json.device.isSupervised, complianceState: json.device.complianceState,
  userId: json.device.userId, passcode: json.simulation.passcode, workProfilePasscode: json.simulation.workProfilePasscode, resetToken: json.simulation.resetToken,
});
const atLeast = (version: string, min: number) => Number(version.split('.')[0]) >= min;

t.test('left out, what decides behaviour takes the platform default, whatever the seed draws', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]), config: { seed: 'defaults' } });
  const expected: Record<string, object> = {
    '{}': { operatingSystem: 'iOS', enrollment: 'device', deviceEnrollmentType: 'appleBulkWithUser', managedDeviceOwnerType: 'company', isSupervised: true },
    '{"operatingSystem":"iPadOS"}': { operatingSystem: 'iPadOS', enrollment: 'device', deviceEnrollmentType: 'appleBulkWithUser', managedDeviceOwnerType: 'company', isSupervised: true },
    '{"operatingSystem":"Android"}': { enrollment: 'deviceAdministrator', deviceEnrollmentType: 'userEnrollment', managedDeviceOwnerType: 'personal', isSupervised: false },
    '{"operatingSystem":"macOS"}': { enrollment: 'device', deviceEnrollmentType: 'appleBulkWithUser', managedDeviceOwnerType: 'company', isSupervised: true },
    '{"operatingSystem":"Windows"}': { enrollment: 'device', deviceEnrollmentType: 'windowsAzureADJoin', managedDeviceOwnerType: 'company', isSupervised: false },
    '{"operatingSystem":"iOS","simulation":{"enrollment":"userEnrollment"}}': { enrollment: 'userEnrollment', deviceEnrollmentType: 'appleAccountDrivenUserEnrollment', managedDeviceOwnerType: 'personal', isSupervised: false },
    '{"operatingSystem":"Android","simulation":{"enrollment":"workProfile"}}': { deviceEnrollmentType: 'userEnrollment', managedDeviceOwnerType: 'personal', workProfilePasscode: { set: true }, resetToken: 'inactive' },
    '{"operatingSystem":"Android","simulation":{"enrollment":"corporateWorkProfile"}}': { deviceEnrollmentType: 'androidEnterpriseCorporateWorkProfile', managedDeviceOwnerType: 'company', workProfilePasscode: { set: true } },
    '{"operatingSystem":"Android","simulation":{"enrollment":"fullyManaged"}}': { deviceEnrollmentType: 'androidEnterpriseFullyManaged', managedDeviceOwnerType: 'company', workProfilePasscode: { set: true } },
    '{"operatingSystem":"Android","simulation":{"enrollment":"dedicated"}}': { deviceEnrollmentType: 'androidEnterpriseDedicatedDevice', managedDeviceOwnerType: 'company', userId: '' },
    '{"operatingSystem":"Android","simulation":{"enrollment":"aosp"}}': { deviceEnrollmentType: 'androidAOSPUserlessDeviceEnrollment', managedDeviceOwnerType: 'company', userId: '' },
  };
  for (const [body, fields] of Object.entries(expected)) {
    const seen = new Set<string>();
    const models = new Set<string>();
    // Each device takes the next draws of the seeded generator: 12 devices, 12 different draws.
    for (let i = 0; i < 12; i++) {
      const res = await call(create(JSON.parse(body)));
      t.equal(res.statusCode, 201, `${body} is created`);
      const b = behaviour(res.json);
      seen.add(JSON.stringify(b));
      models.add(res.json.device.model);
      if (i === 0) {
        t.match(b, { complianceState: 'compliant', passcode: { set: true }, resetToken: 'inactive', ...fields }, `${body}: the defaults`);
        if (!('userId' in fields)) t.equal(b.userId, USER.id, `${body}: the tenant's first user`);
      }
      const { operatingSystem: os, osVersion } = res.json.device;
      if (os === 'Android') t.ok(atLeast(osVersion, 8), `${body}: Android ${osVersion} is 8.0 or later`);
      if (os === 'iOS' || os === 'iPadOS') t.ok(atLeast(osVersion, 17), `${body}: ${os} ${osVersion} is 17.0 or later`);
    }
    t.equal(seen.size, 1, `${body}: the same behaviour every time`);
    if (body !== '{"operatingSystem":"Android","simulation":{"enrollment":"aosp"}}') t.ok(models.size > 1, `${body}: the model still varies (${[...models].join(', ')})`);
  }
});

t.test('an empty body is a device every remote action accepts, in both rulesets', async (t) => {
  for (const ruleset of ['2018', '2025'] as const) {
    const { call } = await build(t, { fixture: simFixture([]), config: { ruleset } });
    for (const action of ['resetPasscode', 'remoteLock', 'syncDevice', 'rebootNow', 'shutDown', 'retire']) {
      const { device } = (await call(create({}))).json;
      t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device.id}/${action}` })).statusCode, 204, `${ruleset}: ${action}`);
    }
    const { device } = (await call(create({}))).json;
    t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device.id}/wipe`, payload: {} })).statusCode, 204, `${ruleset}: wipe`);
  }
});

t.test('an Android device without a version is on the current rows: device administrator cannot reset', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  for (let i = 0; i < 8; i++) {
    const { device } = (await call(create({ operatingSystem: 'Android' }))).json;
    t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device.id}/resetPasscode` })).statusCode, 400, `Android ${device.osVersion}`);
  }
  const { device } = (await call(create({ operatingSystem: 'Android', osVersion: '6.0.1' }))).json;
  t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device.id}/resetPasscode` })).statusCode, 204, 'a given version wins');
});

t.test('what the request gives decides the rest consistently', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  const made = async (body: object) => behaviour((await call(create(body))).json);
  t.match(await made({ operatingSystem: 'iOS', managedDeviceOwnerType: 'personal' }),
    { enrollment: 'device', deviceEnrollmentType: 'userEnrollment', managedDeviceOwnerType: 'personal', isSupervised: false }, 'a personal iPhone enrols through the Company Portal, unsupervised');
  t.match(await made({ operatingSystem: 'iOS', isSupervised: false }), { managedDeviceOwnerType: 'personal', isSupervised: false });
  t.match(await made({ deviceEnrollmentType: 'windowsCoManagement' }), { operatingSystem: 'Windows', enrollment: 'device', managedDeviceOwnerType: 'company' }, 'the platform from deviceEnrollmentType');
  t.match(await made({ deviceEnrollmentType: 'androidEnterpriseFullyManaged' }), { operatingSystem: 'Android', enrollment: 'fullyManaged' });
  t.match(await made({ simulation: { enrollment: 'workProfile' } }), { operatingSystem: 'Android', enrollment: 'workProfile' }, 'the platform from the enrollment');
  t.match(await made({ simulation: { enrollment: 'userEnrollment' } }), { operatingSystem: 'iOS', enrollment: 'userEnrollment' });
  t.match(await made({ operatingSystem: 'Android', simulation: { enrollment: 'aosp' }, userId: USER.id }),
    { deviceEnrollmentType: 'androidAOSPUserOwnedDeviceEnrollment', userId: USER.id }, 'an AOSP device with a user enrols user-associated');
  t.match(await made({ userId: null }), { operatingSystem: 'iOS', userId: null, deviceEnrollmentType: 'appleBulkWithoutUser', isSupervised: true }, 'no user asked for: the userless way');
  t.match(await made({ operatingSystem: 'Android', simulation: { enrollment: 'workProfile', resetToken: 'active' }, complianceState: 'noncompliant' }),
    { resetToken: 'active', complianceState: 'noncompliant' }, 'given values win');
});

t.test('a tenant without users: userless devices', async (t) => {
  const { call } = await build(t, { fixture: { devices: [] } });
  const res = await call(create({}));
  t.equal(res.statusCode, 201);
  t.match(behaviour(res.json), { userId: '', deviceEnrollmentType: 'appleBulkWithoutUser', managedDeviceOwnerType: 'company', isSupervised: true });
  t.notOk('createdUser' in res.json);
});

t.test('a user principal name the tenant does not know becomes its user', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  const upn = 'Adele.Vance@contoso.onmicrosoft.com';
  const res = await call(create({ operatingSystem: 'Windows', userPrincipalName: upn, userDisplayName: 'Adele V.' }));
  t.equal(res.statusCode, 201);
  const { device, createdUser } = res.json;
  t.match(createdUser, { id: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, userPrincipalName: upn, displayName: 'Adele V.', mail: upn });
  t.match(device, { userId: createdUser.id, userPrincipalName: upn, userDisplayName: 'Adele V.' });
  t.same((await call('/_mock/users')).json.users.map((u: any) => u.userPrincipalName), [USER.userPrincipalName, upn], 'the tenant has the user');
  const mine = await call(`/v1.0/users/${encodeURIComponent(upn)}/managedDevices`);
  t.equal(mine.statusCode, 200);
  t.same(mine.json.value.map((d: any) => d.id), [device.id], 'Graph serves the device as the new user\'s');

  const again = await call(create({ userPrincipalName: upn.toUpperCase() }));
  t.equal(again.statusCode, 201);
  t.notOk('createdUser' in again.json, 'the user exists now: none created');
  t.equal(again.json.device.userId, createdUser.id);

  const named = await call(create({ userPrincipalName: 'lee.gu@contoso.onmicrosoft.com', userId: '22222222-2222-4222-8222-222222222222' }));
  t.match(named.json.createdUser, { id: '22222222-2222-4222-8222-222222222222', displayName: 'Lee Gu', mail: 'lee.gu@contoso.onmicrosoft.com' }, 'an unknown id with it: the new user\'s id');
  t.same(await call(create({ operatingSystem: 'Android' })).then((r) => r.json.createdUser), undefined);
});

t.test('a bad new user principal name, or two names for different users: 400, nothing created', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  const bad = await call(create({ userPrincipalName: 'not a upn' }));
  t.equal(bad.statusCode, 400);
  t.equal(bad.json.error.code, 'invalidRequest');
  t.match(bad.json.error.message, /userPrincipalName 'not a upn' is not a user principal name/);
  t.same(bad.json.error.details, { target: 'userPrincipalName' });
  const mismatch = await call(create({ userId: USER.id, userPrincipalName: 'someone.else@contoso.onmicrosoft.com' }));
  t.equal(mismatch.statusCode, 400);
  t.same(mismatch.json.error.details, { target: 'userPrincipalName' });
  const wrongEnrollment = await call(create({ operatingSystem: 'Windows', userPrincipalName: 'new.user@contoso.onmicrosoft.com', simulation: { enrollment: 'aosp' } }));
  t.equal(wrongEnrollment.statusCode, 400, 'a device refused for another reason');
  t.equal((await call('/_mock/users')).json.users.length, 1, 'no user was added');
  t.equal((await call('/_mock/devices')).json.total, 0, 'no device was added');
});
