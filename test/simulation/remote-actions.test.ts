/**
 * Remote actions beyond their platform rows (docs/simulation.md#remote-actions): both URL forms and every
 * path, parameters, permissions, precedence, daily limits, offline devices, DELETE, restarts, locks and the
 * events that drive the simulated devices, persistence, and the control API's device list.
 */
import t from 'tap';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import type { FixtureDevice } from '../../src/schemas/fixture.js';
import { build, graphError, sharedSigningKey } from '../helpers/build.js';
import { USER, android, simFixture } from '../helpers/sim-fixture.js';

const MD = '/v1.0/deviceManagement/managedDevices';
const mac: FixtureDevice = { id: 'mac', deviceName: 'mac', operatingSystem: 'macOS', osVersion: '15.6.1', isSupervised: true, simulation: { enrollment: 'device' } };
const win: FixtureDevice = { id: 'win', deviceName: 'win', operatingSystem: 'Windows', osVersion: '10.0.26100.2605' };
const iphone: FixtureDevice = { id: 'iphone', deviceName: 'iphone', operatingSystem: 'iOS', osVersion: '18.5', isSupervised: true, simulation: { enrollment: 'device', passcode: { set: true, value: '123456' } } };
const cobo = android('cobo', '14', { enrollment: 'fullyManaged' });
const byod = android('byod', '14', { enrollment: 'workProfile', workProfilePasscode: { set: true } });
const FLEET = [mac, win, iphone, cobo, byod];

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  ({ method: 'POST' as const, url, headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });

t.test('both URL forms, every path, both versions, OData key syntax', async (t) => {
  const { call } = await build(t, { fixture: simFixture(FLEET) });
  const urls = [
    `${MD}/win/syncDevice`, `${MD}/win/microsoft.graph.syncDevice`, `/beta/deviceManagement/managedDevices/win/syncDevice`,
    `/beta/deviceManagement/managedDevices('win')/microsoft.graph.syncDevice`, `/v1.0/users/${USER.id}/managedDevices/win/syncDevice`,
    `/v1.0/users/${USER.userPrincipalName}/managedDevices/win/microsoft.graph.syncDevice`, '/v1.0/me/managedDevices/win/syncDevice',
    `/v1.0/me/managedDevices('win')/microsoft.graph.syncDevice`, `${MD.toUpperCase().replace('V1.0', 'v1.0')}/win/SyncDevice`,
  ];
  for (const url of urls) t.equal((await call(post(url))).statusCode, 204, url);
  graphError(t, await call(post(`${MD}/nope/microsoft.graph.retire`)), 404, 'ResourceNotFound');
  graphError(t, await call({ method: 'GET', url: `${MD}/win/microsoft.graph.retire` }), 400, 'No method match route template');
});

t.test('bodies: parameters checked against the catalog; a parameterless action takes any empty body', async (t) => {
  const { call } = await build(t, { fixture: simFixture(FLEET) });
  t.equal((await call(post(`${MD}/win/wipe`, { keepEnrollmentData: true, keepUserData: false, macOsUnlockCode: null, persistEsimDataPlan: true }))).statusCode, 204);
  const unknown = graphError(t, await call(post(`${MD}/mac/wipe`, { keepEverything: true })), 400, 'BadRequest');
  t.match(unknown.message, /The parameter 'keepEverything' in the request payload is not a valid parameter for the operation 'wipe'/);
  const wrongType = graphError(t, await call(post(`${MD}/mac/wipe`, { keepUserData: 'yes' })), 400, 'BadRequest');
  t.match(wrongType.message, /Cannot convert the literal '"yes"' to the expected type 'Edm.Boolean' of parameter 'keepUserData'/);
  const betaOnly = graphError(t, await call(post(`${MD}/mac/wipe`, { obliterationBehavior: 'always' })), 400, 'BadRequest');
  t.match(betaOnly.message, /'obliterationBehavior' in the request payload is not a valid parameter/, 'a beta parameter on v1.0');
  t.equal((await call(post(`/beta/deviceManagement/managedDevices/mac/wipe`, { obliterationBehavior: 'always', useProtectedWipe: false }))).statusCode, 204, 'on beta it is one');
  graphError(t, await call(post(`/beta/deviceManagement/managedDevices/mac/wipe`, { obliterationBehavior: 'sometimes' })), 400, 'BadRequest');
  graphError(t, await call(post(`${MD}/mac/wipe`, [true])), 400, 'BadRequest');
  t.match((await call(post(`${MD}/iphone/syncDevice`, { now: true }))).json.error.message, /'now' in the request payload is not a valid parameter for the operation 'syncDevice'/);
  // The m365 CLI posts a parameterless action form-encoded with no body; curl -d '' too.
  t.equal((await call({ method: 'POST', url: `${MD}/iphone/syncDevice`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })).statusCode, 204);
  t.equal((await call({ method: 'POST', url: `${MD}/iphone/syncDevice`, headers: { 'content-type': 'application/json' }, payload: '' })).statusCode, 204);
  graphError(t, await call({ method: 'POST', url: `${MD}/iphone/syncDevice`, headers: { 'content-type': 'text/plain' }, payload: 'sync please' }), 400, 'BadRequest');
  const pending = (await call('/_mock/devices/win')).json.pendingActions;
  t.match(pending, [{ action: 'wipe', parameters: { keepEnrollmentData: true, keepUserData: false, persistEsimDataPlan: true } }], 'the parameters go with the action');
});

t.test('permissions: wipe needs ReadWrite.All (or stronger), the others PrivilegedOperations.All', async (t) => {
  const { call } = await build(t, { fixture: simFixture(FLEET), config: { auth: 'strict' } });
  const token = async (roles: string[]) => (await call({ method: 'POST', url: '/_mock/tokens', payload: { roles } })).json.access_token as string;
  const as = (tok: string) => ({ authorization: `Bearer ${tok}` });
  const readWrite = await token(['DeviceManagementManagedDevices.ReadWrite.All']);
  const privileged = await token(['DeviceManagementManagedDevices.PrivilegedOperations.All']);
  const read = await token(['DeviceManagementManagedDevices.Read.All']);
  t.equal((await call(post(`${MD}/mac/wipe`, {}, as(readWrite)))).statusCode, 204, 'wipe with ReadWrite.All');
  t.equal((await call(post(`${MD}/win/wipe`, {}, as(privileged)))).statusCode, 204, 'wipe with PrivilegedOperations.All');
  const refused = graphError(t, await call(post(`${MD}/iphone/wipe`, {}, as(read))), 403, 'Forbidden');
  t.match(refused.message, /DeviceManagementManagedDevices\.ReadWrite\.All/);
  const retire = graphError(t, await call(post(`${MD}/iphone/retire`, undefined, as(readWrite))), 403, 'Forbidden');
  t.match(retire.message, /DeviceManagementManagedDevices\.PrivilegedOperations\.All/, 'retire names the privileged permission');
  t.equal((await call(post(`${MD}/iphone/retire`, undefined, as(privileged)))).statusCode, 204);
});

t.test('retire, wipe and delete override every pending action', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(FLEET) });
  t.equal((await call(post(`${MD}/iphone/remoteLock`))).statusCode, 204);
  t.equal((await call(post(`${MD}/iphone/resetPasscode`))).statusCode, 204);
  t.equal((await call(post(`${MD}/iphone/retire`))).statusCode, 204);
  t.same((await call('/_mock/devices/iphone')).json.pendingActions.map((p: any) => p.action), ['retire'], 'only the retire is left');
  const results = (await call(`${MD}/iphone?$select=deviceActionResults,managementState`)).json;
  t.same(results.deviceActionResults.map((r: any) => [r.actionName, r.actionState]).sort(), [['remoteLock', 'canceled'], ['resetPasscode', 'canceled']]);
  t.equal(results.managementState, 'retirePending');
  // An action sent after the retire is accepted, and ignored when the device checks in.
  t.equal((await call(post(`${MD}/iphone/rebootNow`))).statusCode, 204);
  clock.advance(2000);
  const state = (await call('/_mock/devices/iphone')).json;
  t.equal(state.simulation.enrolled, false);
  t.equal(state.simulation.power ?? 'on', 'on', 'the restart did not happen');
  t.match(state.device.deviceActionResults.find((r: any) => r.actionName === 'rebootNow'), { actionState: 'canceled' });
  const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.same(audits.map((a: any) => [a.action, a.actionState]), [['remoteLock', 'canceled'], ['resetPasscode', 'canceled'], ['removeCompanyData', 'done'], ['rebootNow', 'canceled']]);
  t.equal((await call(`${MD}/iphone`)).statusCode, 404, 'retired: gone from Graph');
  t.equal((await call(MD)).json.value.some((d: any) => d.id === 'iphone'), false, 'and from the list');
});

t.test('a wipe overrides too, and a DELETE keeps a retire or wipe already on its way', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(FLEET) });
  await call({ method: 'POST', url: '/_mock/devices/iphone/events', payload: { type: 'goOffline' } });
  await call(post(`${MD}/iphone/remoteLock`));
  t.equal((await call(post(`${MD}/iphone/wipe`, {}))).statusCode, 204);
  t.equal((await call({ method: 'DELETE', url: `${MD}/iphone` })).statusCode, 204);
  t.match((await call('/_mock/devices/iphone')).json.pendingActions, [{ action: 'wipe', origin: 'delete' }], 'the wipe stays, not downgraded to a retire');
  const audits = (await call({ url: '/beta/deviceManagement/remoteActionAudits', headers: { prefer: 'include-unknown-enum-members' } })).json.value;
  t.same(audits.map((a: any) => [a.action, a.actionState]), [['remoteLock', 'canceled'], ['factoryReset', 'pending'], ['delete', 'done']]);
  const plain = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.equal(plain[2].action, 'unknownFutureValue', 'delete is an evolvable member: only for clients that ask for it');
  await call({ method: 'POST', url: '/_mock/devices/iphone/events', payload: { type: 'goOnline' } });
  clock.advance(2000);
  const state = (await call('/_mock/devices/iphone')).json;
  t.same([state.simulation.passcode.set, state.pendingActions], [false, []], 'wiped when it came back');
  t.equal((await call({ method: 'POST', url: '/_mock/devices/iphone/events', payload: { type: 'setPasscode' } })).statusCode, 409, 'a wiped device takes no user events');
  t.equal((await call({ method: 'POST', url: '/_mock/devices/iphone/events', payload: { type: 'checkIn' } })).statusCode, 409, 'nor check-ins: nothing left to do');
});

t.test('wipe keeping enrollment data keeps a Windows device managed', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(FLEET) });
  t.equal((await call(post(`${MD}/win/wipe`, { keepEnrollmentData: true, keepUserData: true }))).statusCode, 204);
  t.equal((await call(`${MD}/win?$select=managementState`)).json.managementState, 'wipePending');
  clock.advance(2000);
  const device = (await call(`${MD}/win?$select=managementState,deviceActionResults`)).json;
  t.equal(device.managementState, 'managed');
  t.same(device.deviceActionResults, [], 'a wipe is never in deviceActionResults');
  t.equal((await call('/beta/deviceManagement/remoteActionAudits')).json.value[0].action, 'factoryResetKeepEnrollmentData');
  t.equal((await call(post(`${MD}/win/wipe`, {}))).statusCode, 204);
  clock.advance(2000);
  t.equal((await call(`${MD}/win`)).statusCode, 404, 'without it the device leaves');
});

t.test('DELETE hides the device at once and still sends it a retire, or a wipe to a corporate Android', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(FLEET) });
  for (const id of ['mac', 'cobo']) t.equal((await call({ method: 'DELETE', url: `${MD}/${id}` })).statusCode, 204);
  t.equal((await call(`${MD}/mac`)).statusCode, 404, 'hidden at once');
  t.match((await call('/_mock/devices/mac')).json, { simulation: { enrolled: false }, pendingActions: [{ action: 'retire', origin: 'delete' }] });
  t.match((await call('/_mock/devices/cobo')).json, { pendingActions: [{ action: 'wipe', origin: 'delete' }] });
  t.equal((await call({ method: 'DELETE', url: `${MD}/mac` })).statusCode, 404, 'a second DELETE finds nothing');
  clock.advance(2000);
  t.same((await call('/_mock/devices/cobo')).json.pendingActions, []);
  t.equal((await call('/_mock/devices/cobo')).json.simulation.passcode.set, false, 'the wipe ran');
});

t.test('an offline device keeps its actions pending until it is back', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(FLEET) });
  t.equal((await call({ method: 'POST', url: '/_mock/devices/mac/events', payload: { type: 'goOffline' } })).statusCode, 200);
  t.equal((await call(post(`${MD}/mac/syncDevice`))).statusCode, 204);
  t.equal((await call(post(`${MD}/mac/retire`))).statusCode, 204);
  clock.advance(3600_000);
  t.same((await call('/_mock/devices/mac')).json.pendingActions.map((p: any) => p.action), ['retire'], 'the retire cancelled the sync');
  t.equal((await call('/beta/deviceManagement/remoteActionAudits')).json.value[0].actionState, 'pending');
  await call({ method: 'POST', url: '/_mock/devices/mac/events', payload: { type: 'goOnline' } });
  clock.advance(2000);
  t.equal((await call('/_mock/devices/mac')).json.simulation.enrolled, false, 'retired when it checked in');
  t.equal((await call('/beta/deviceManagement/remoteActionAudits')).json.value[0].actionState, 'done');
});

t.test('syncDevice: an online device checks in now, and settles what is due', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(FLEET) });
  clock.advance(60_000);
  t.equal((await call(post(`${MD}/iphone/remoteLock`))).statusCode, 204);
  t.equal((await call(post(`${MD}/iphone/syncDevice`))).statusCode, 204);
  const device = (await call(`${MD}/iphone?$select=lastSyncDateTime,deviceActionResults`)).json;
  t.equal(device.lastSyncDateTime, new Date(clock.now()).toISOString(), 'synced at once');
  t.same(device.deviceActionResults.map((r: any) => [r.actionName, r.actionState]), [['remoteLock', 'done'], ['syncDevice', 'done']]);
});

t.test('rebootNow: offline while it restarts, back by itself; shutDown: off until the user powers it on', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(FLEET) });
  await call(post(`${MD}/win/rebootNow`));
  await call(post(`${MD}/mac/shutDown`));
  clock.advance(2000);
  t.equal((await call('/_mock/devices/win')).json.simulation.power, 'rebooting');
  t.equal((await call({ method: 'POST', url: '/_mock/devices/win/events', payload: { type: 'checkIn' } })).statusCode, 409, 'no check-in while restarting');
  t.equal((await call({ method: 'POST', url: '/_mock/devices/win/events', payload: { type: 'powerOn' } })).statusCode, 409, 'it comes back by itself');
  await call(post(`${MD}/win/syncDevice`));
  t.equal((await call('/_mock/devices/win')).json.pendingActions.length, 1, 'a sync waits for the restart');
  clock.advance(60_000);
  const win = (await call('/_mock/devices/win')).json;
  t.equal(win.simulation.power, 'on');
  t.same(win.pendingActions, [], 'it checked in as it came up');
  t.equal(win.device.lastSyncDateTime, new Date(clock.now()).toISOString());

  t.equal((await call('/_mock/devices/mac')).json.simulation.power, 'off');
  await call(post(`${MD}/mac/syncDevice`));
  clock.advance(86_400_000);
  t.equal((await call('/_mock/devices/mac')).json.pendingActions.length, 1, 'a day later still off');
  const conflict = await call({ method: 'POST', url: '/_mock/devices/mac/events', payload: { type: 'checkIn' } });
  t.equal(conflict.statusCode, 409);
  t.match(conflict.json.error.message, /powered off/);
  const on = await call({ method: 'POST', url: '/_mock/devices/mac/events', payload: { type: 'powerOn' } });
  t.same([on.statusCode, on.json.pendingActions, on.json.device.lastSyncDateTime], [200, [], new Date(clock.now()).toISOString()], 'on again: it checked in as it came up');
  t.equal((await call({ method: 'POST', url: '/_mock/devices/mac/events', payload: { type: 'powerOn' } })).statusCode, 409, 'already on');
});

t.test('remoteLock: the user unlocks with the passcode; a Mac gets a PIN, and a second lock before it is used fails', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(FLEET) });
  const event = (id: string, payload: object) => call({ method: 'POST', url: `/_mock/devices/${id}/events`, payload });
  t.equal((await event('iphone', { type: 'unlock' })).statusCode, 409, 'not locked');
  await call(post(`${MD}/iphone/remoteLock`));
  clock.advance(2000);
  t.equal((await event('iphone', { type: 'unlock' })).statusCode, 409, 'the lock screen asks for the passcode');
  t.equal((await event('iphone', { type: 'unlock', passcode: '000000' })).statusCode, 409, 'a wrong one');
  t.equal((await event('iphone', { type: 'unlock', passcode: '123456' })).json.simulation.locked, false);

  await call(post(`${MD}/mac/remoteLock`));
  clock.advance(2000);
  const pin = (await call(`${MD}/mac?$select=deviceActionResults`)).json.deviceActionResults[0].unlockPin as string;
  t.match(pin, /^\d{6}$/);
  await call(post(`${MD}/mac/remoteLock`));
  clock.advance(2000);
  t.match((await call(`${MD}/mac?$select=deviceActionResults`)).json.deviceActionResults, [{ actionName: 'remoteLock', actionState: 'failed', unlockPin: null }]);
  t.equal((await event('mac', { type: 'unlock', passcode: 'wrong!' })).statusCode, 409, 'a wrong PIN');
  t.equal((await event('mac', { type: 'unlock' })).statusCode, 409, 'no PIN');
  t.equal((await event('mac', { type: 'unlock', passcode: pin })).json.simulation.locked, false, 'the first PIN unlocks it');
  await call(post(`${MD}/mac/remoteLock`));
  clock.advance(2000);
  const again = (await call(`${MD}/mac?$select=deviceActionResults`)).json.deviceActionResults[0];
  t.equal(again.actionState, 'done', 'once the PIN was used, a new lock works');
  t.match(again.unlockPin, /^\d{6}$/);
  clock.advance(1000);
  await call(post(`${MD}/mac/syncDevice`));
  t.equal((await call(`${MD}/mac?$select=deviceActionResults`)).json.deviceActionResults[0].unlockPin, null, 'until another action is sent');
  await event('mac', { type: 'unlock', passcode: again.unlockPin });
  // Lock, then sync before the Mac checked in: the PIN it gets at the check-in is shown.
  await call(post(`${MD}/mac/remoteLock`));
  await call(post(`${MD}/mac/syncDevice`));
  const afterSync = (await call(`${MD}/mac?$select=deviceActionResults`)).json.deviceActionResults.find((r: any) => r.actionName === 'remoteLock');
  t.match(afterSync.unlockPin, /^\d{6}$/, 'a sync sent before the PIN existed does not hide it');
  clock.advance(30 * 86_400_000);
  t.equal((await call(`${MD}/mac?$select=deviceActionResults`)).json.deviceActionResults.find((r: any) => r.actionName === 'remoteLock').unlockPin, null, 'shown for 30 days');

  // A device without a passcode: the screen just turns off.
  await event('iphone', { type: 'setPasscode' });
  const bare = (await build(t, { fixture: simFixture([android('nopin', '14', { enrollment: 'fullyManaged', passcode: { set: false } })]) })).call;
  await bare(post(`${MD}/nopin/remoteLock`));
  await bare({ method: 'POST', url: '/_mock/devices/nopin/events', payload: { type: 'checkIn' } });
  t.equal((await bare('/_mock/devices/nopin')).json.simulation.locked ?? false, false, 'no passcode, no lock');
});

t.test('Intune\'s daily limits: 500 wipes, 1,000 retires, 1,000 deletes per tenant per day', async (t) => {
  const devices = Array.from({ length: 1002 }, (_, i) => ({ ...win, id: `w${i}`, deviceName: `w${i}` }));
  // Thousands of writes at one instant: Intune's throttling (200 writes per 20 s) would answer most with 429.
  const { call, clock } = await build(t, { fixture: simFixture(devices), config: { throttling: 'off' } });
  for (let i = 0; i < 500; i++) await call(post(`${MD}/w0/wipe`, {}));
  const auditsBefore = (await call('/beta/deviceManagement/remoteActionAudits?$count=true&$top=1')).json['@odata.count'];
  const over = graphError(t, await call(post(`${MD}/w0/wipe`, {})), 400, 'BadRequest');
  t.match(JSON.parse(over.message).Message, /daily limit of 500 wipe actions/);
  t.equal((await call('/beta/deviceManagement/remoteActionAudits?$count=true&$top=1')).json['@odata.count'], auditsBefore, 'a refused wipe leaves no audit');
  t.equal((await call('/_mock/devices/w0')).json.pendingActions.length, 1, 'and queues nothing');
  for (let i = 0; i < 1000; i++) await call(post(`${MD}/w1/retire`));
  graphError(t, await call(post(`${MD}/w1/retire`)), 400, 'BadRequest');
  let deleted = 0;
  for (let i = 1; i <= 1000; i++) if ((await call({ method: 'DELETE', url: `${MD}/w${i}` })).statusCode === 204) deleted++;
  t.equal(deleted, 1000, 'a thousand deletes');
  const tooMany = graphError(t, await call({ method: 'DELETE', url: `${MD}/w1001` }), 400, 'BadRequest');
  t.match(JSON.parse(tooMany.message).Message, /daily limit of 1000 delete actions/);
  t.equal((await call(`${MD}/w1001`)).statusCode, 200, 'nothing happened to the device');
  const now = new Date(clock.now());
  clock.advance(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - clock.now());
  t.equal((await call({ method: 'DELETE', url: `${MD}/w1001` })).statusCode, 204, 'a new day, a new count');
});

t.test('the new state survives a restart', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-actions-'));
  const start = async (clock: ManualClock) =>
    buildApp(loadConfig([], {}, { logLevel: 'silent', auth: 'off', data: dir, throttling: 'off' }), { clock, fixture: simFixture(FLEET), signingKey: await sharedSigningKey });
  const clock = new ManualClock();
  const first = await start(clock);
  for (const url of [`${MD}/iphone/remoteLock`, `${MD}/mac/shutDown`, `${MD}/win/rebootNow`]) await first.inject(post(url));
  clock.advance(2000);
  await first.inject(post(`${MD}/win/wipe`, { keepEnrollmentData: true }));
  await first.inject(post(`${MD}/cobo/retire`)); // refused: corporate Android is wiped, not retired
  await first.inject({ method: 'DELETE', url: `${MD}/byod` });
  await first.close();

  const [file] = readdirSync(join(dir, 'tenants'));
  const stored = JSON.parse(readFileSync(join(dir, 'tenants', file!), 'utf8'));
  t.match(stored.tenant, { dailyActions: { wipe: 1, retire: 0, delete: 1 } }, 'the day\'s counts are kept too');
  const second = await start(clock);
  t.teardown(() => second.close());
  const state = async (id: string) => JSON.parse((await second.inject(`/_mock/devices/${id}`)).body);
  t.equal((await state('iphone')).simulation.locked, true);
  t.equal((await state('mac')).simulation.power, 'off');
  t.match(await state('win'), { simulation: { power: 'rebooting' }, pendingActions: [{ action: 'wipe', parameters: { keepEnrollmentData: true } }] });
  t.match(await state('byod'), { simulation: { enrolled: false }, pendingActions: [{ action: 'retire', origin: 'delete' }] });
  for (let i = 0; i < 499; i++) await second.inject(post(`${MD}/mac/wipe`, {}));
  t.equal((await second.inject(post(`${MD}/mac/wipe`, {}))).statusCode, 400, 'the restarted mock counts on from the stored count');
  clock.advance(60_000);
  const win = await state('win');
  t.equal(win.simulation.power, 'on', 'the restart ends after the restart of the mock too');
  t.equal(win.device.managementState, 'managed', 'and then the wipe keeping enrollment ran');
});

t.test('GET /_mock/devices: every simulated device, filtered and paged', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(FLEET) });
  const all = (await call('/_mock/devices')).json;
  t.equal(all.total, FLEET.length);
  t.same(all.devices.map((d: any) => d.device.id), FLEET.map((d) => d.id), 'enrolment order');
  t.ok(all.devices.every((d: any) => d.simulation && Array.isArray(d.pendingActions)), 'with their simulation state');
  t.same((await call('/_mock/devices?platform=android')).json.devices.map((d: any) => d.device.id), ['cobo', 'byod']);
  t.same((await call('/_mock/devices?enrollment=workProfile')).json.devices.map((d: any) => d.device.id), ['byod']);
  const page = (await call('/_mock/devices?top=2&skip=2')).json;
  t.same([page.devices.map((d: any) => d.device.id), page.total, page.nextSkip], [['iphone', 'cobo'], 5, 4]);
  t.notOk('nextSkip' in (await call('/_mock/devices?top=2&skip=4')).json, 'the last page');
  await call(post(`${MD}/mac/retire`));
  t.same((await call('/_mock/devices?state=pending')).json.devices.map((d: any) => d.device.id), ['mac']);
  clock.advance(2000);
  t.same((await call('/_mock/devices?state=unenrolled')).json.devices.map((d: any) => d.device.id), ['mac'], 'a retired device is still listed');
  t.equal((await call('/_mock/devices?state=enrolled')).json.total, 4);
  const bad = await call('/_mock/devices?state=asleep&top=0');
  t.equal(bad.statusCode, 400);
  t.same(bad.json.error.details.map((p: any) => p.path).sort(), ['$.state', '$.top']);
});

t.test('fixtures carry the new state both ways, and a restart without an end is refused', async (t) => {
  const locked = { ...iphone, id: 'locked-off', simulation: { enrollment: 'device' as const, locked: true, power: 'off' as const, rebootDelaySeconds: 5 } };
  const restarting = { ...win, id: 'restarting', simulation: { power: 'rebooting' as const, bootAt: '2026-01-15T09:00:30.000Z' } };
  const { call, clock } = await build(t, { fixture: simFixture([locked, restarting]) });
  t.match((await call('/_mock/devices/locked-off')).json.simulation, { locked: true, power: 'off', rebootDelaySeconds: 5 });
  await call(post(`${MD}/locked-off/syncDevice`));
  t.equal((await call('/_mock/devices/locked-off')).json.pendingActions.length, 1, 'powered off: no check-in');
  clock.advance(30_000);
  t.equal((await call('/_mock/devices/restarting')).json.simulation.power, 'on', 'the restart in the fixture ends when it says');
  const exported = (await call('/_mock/fixtures')).json;
  t.equal((await call({ method: 'PUT', url: '/_mock/fixtures', payload: exported })).statusCode, 200);
  t.same((await call('/_mock/fixtures')).json, exported, 'GET → PUT → GET keeps it');
  const bad = await call({ method: 'PUT', url: '/_mock/fixtures', payload: { devices: [{ ...win, simulation: { power: 'rebooting' } }] } });
  t.equal(bad.statusCode, 400);
  t.match(bad.json.error.details, [{ path: '$.devices[0].simulation.bootAt', message: /required when power is "rebooting"/ }]);
  const created = await call({ method: 'POST', url: '/_mock/devices', payload: { operatingSystem: 'Windows', simulation: { bootAt: '2026-01-15T09:00:30.000Z' } } });
  t.equal(created.statusCode, 400);
  t.match(created.json.error.message, /bootAt goes only with power "rebooting"/);
});
