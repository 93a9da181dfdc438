/**
 * Bulk actions (docs/simulation.md#bulk-actions): beta executeAction sorts device ids into successful /
 * failed / notFound / notSupported, each device through the single request's operation, with bulk audits
 * sharing one id; removeAllDevicesFromManagement retires every device of a user.
 */
import t from 'tap';
import type { FixtureDevice } from '../../src/schemas/fixture.js';
import { build, graphError } from '../helpers/build.js';
import { USER, android, simFixture } from '../helpers/sim-fixture.js';

const EXEC = '/beta/deviceManagement/managedDevices/executeAction';
const win: FixtureDevice = { id: 'win', deviceName: 'win', operatingSystem: 'Windows', osVersion: '10.0.26100.2605', managedDeviceOwnerType: 'company', serialNumber: 'SN123' };
const win2: FixtureDevice = { id: 'win2', deviceName: 'win2', operatingSystem: 'Windows', osVersion: '10.0.26100.2605', managedDeviceOwnerType: 'company', serialNumber: 'SN456' };
const iphone: FixtureDevice = { id: 'iphone', deviceName: 'iphone', operatingSystem: 'iOS', osVersion: '18.5', isSupervised: true, simulation: { enrollment: 'device' } };
const cobo = android('cobo', '14', { enrollment: 'fullyManaged' });
const byod = android('byod', '14', { enrollment: 'workProfile' });
const OTHER_USER = { id: '22222222-2222-4222-8222-222222222222', userPrincipalName: 'adele@contoso.onmicrosoft.com', displayName: 'Adele Vance' };

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  ({ method: 'POST' as const, url, headers: { 'content-type': 'application/json', ...headers }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });

t.test('executeAction sorts the ids; every device goes through the single request; audits share one bulk id', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([win, iphone, cobo, byod]) });
  const res = await call(post(EXEC, { actionName: 'rebootNow', deviceIds: ['win', 'iphone', 'byod', 'nope', 'WIN'] }));
  t.equal(res.statusCode, 200);
  t.same(res.json, { value: { '@odata.type': 'microsoft.graph.bulkManagedDeviceActionResult', successfulDeviceIds: ['win', 'iphone'], failedDeviceIds: [], notFoundDeviceIds: ['nope'], notSupportedDeviceIds: ['byod'] } });
  const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.equal(audits.length, 2, 'one audit per accepted device (a repeated id counts once)');
  t.ok(audits.every((a: any) => a.action === 'rebootNow' && a.deviceActionCategory === 'bulk' && a.bulkDeviceActionId === audits[0].bulkDeviceActionId), 'category bulk, one shared id');
  t.match(audits[0].bulkDeviceActionId, /^[0-9a-f-]{36}$/);
  clock.advance(2000);
  t.equal((await call('/_mock/devices/win')).json.simulation.power, 'rebooting', 'carried out as a single rebootNow');
  // A second bulk request has its own id.
  await call(post(EXEC, { actionName: 'syncDevice', deviceIds: ['cobo'] }));
  const again = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.equal(again.length, 2, 'syncDevice has no audit member');
  const retire = (await call(post(EXEC, { actionName: 'retire', deviceIds: ['cobo', 'byod'] }))).json.value;
  t.same([retire.successfulDeviceIds, retire.notSupportedDeviceIds], [['byod'], ['cobo']], 'corporate Android cannot be retired');
  const last = (await call('/beta/deviceManagement/remoteActionAudits')).json.value.at(-1);
  t.not(last.bulkDeviceActionId, audits[0].bulkDeviceActionId);
});

t.test('executeAction: wipe and delete with their parameters, failed ids, a bulk rename with variables', async (t) => {
  const { call } = await build(t, { fixture: simFixture([win, win2, iphone, cobo, byod]) });
  const wipe = (await call(post(EXEC, { actionName: 'wipe', deviceIds: ['win'], keepEnrollmentData: true, keepUserData: false }))).json.value;
  t.same(wipe.successfulDeviceIds, ['win']);
  t.match((await call('/_mock/devices/win')).json.pendingActions, [{ action: 'wipe', parameters: { keepEnrollmentData: true, keepUserData: false } }]);
  const del = (await call(post(EXEC, { actionName: 'delete', deviceIds: ['cobo'] }))).json.value;
  t.same(del.successfulDeviceIds, ['cobo']);
  t.equal((await call('/v1.0/deviceManagement/managedDevices/cobo')).statusCode, 404, 'deleted: hidden at once');
  const audits = (await call({ url: '/beta/deviceManagement/remoteActionAudits', headers: { prefer: 'include-unknown-enum-members' } })).json.value;
  t.match(audits.at(-1), { action: 'delete', deviceActionCategory: 'bulk' });
  t.same((await call(post(EXEC, { actionName: 'delete', deviceIds: ['cobo'] }))).json.value.notFoundDeviceIds, ['cobo'], 'a deleted device is not found');

  const rename = (await call(post(EXEC, { actionName: 'setDeviceName', deviceIds: ['win2', 'iphone', 'byod'], deviceName: 'PC-{{serialnumber}}-{{rand:3}}' }))).json.value;
  t.same([rename.successfulDeviceIds, rename.failedDeviceIds, rename.notSupportedDeviceIds], [['win2', 'iphone'], [], ['byod']]);
  const named = (await call('/_mock/devices/win2')).json.pendingActions[0].parameters.deviceName;
  t.match(named, /^PC-SN456-\d{3}$/, 'the variables are filled in per device');
  const badName = (await call(post(EXEC, { actionName: 'setDeviceName', deviceIds: ['win2', 'iphone'], deviceName: '123' }))).json.value;
  t.same([badName.successfulDeviceIds, badName.failedDeviceIds], [[], ['win2', 'iphone']], 'a name the platform refuses fails that device');

  const notify = (await call(post(EXEC, { actionName: 'customTextNotification', deviceIds: ['iphone', 'byod', 'win2'], notificationTitle: 'Hi', notificationBody: 'Read me' }))).json.value;
  t.same([notify.successfulDeviceIds, notify.notSupportedDeviceIds], [['iphone', 'byod'], ['win2']]);
  t.match((await call('/_mock/devices/byod')).json.simulation.notifications.filter((n: any) => n.type === 'customNotification'), [{ title: 'Hi', body: 'Read me' }]);
});

t.test('executeAction: body errors, the 100-device bound, actions the mock does not emulate, /v1.0, permissions', async (t) => {
  const { call } = await build(t, { fixture: simFixture([win, iphone]), config: { auth: 'strict' } });
  const token = async (roles: string[]) => ({ authorization: `Bearer ${(await call({ method: 'POST', url: '/_mock/tokens', payload: { roles } })).json.access_token}` });
  const ok = await token(['DeviceManagementManagedDevices.PrivilegedOperations.All']);
  t.match(graphError(t, await call(post(EXEC, { deviceIds: ['win'] }, ok)), 400, 'BadRequest').message, /'actionName' of the operation 'executeAction' is required/);
  t.match(graphError(t, await call(post(EXEC, { actionName: 'retire' }, ok)), 400, 'BadRequest').message, /'deviceIds' of the operation 'executeAction' is required/);
  t.match(graphError(t, await call(post(EXEC, { actionName: 'explode', deviceIds: [] }, ok)), 400, 'BadRequest').message, /expected type 'microsoft.graph.managedDeviceRemoteAction'/);
  t.match(graphError(t, await call(post(EXEC, { actionName: 'retire', deviceIds: 'win' }, ok)), 400, 'BadRequest').message, /'Collection\(Edm.String\)' of parameter 'deviceIds'/);
  t.match(graphError(t, await call(post(EXEC, { actionName: 'retire', deviceIds: [], force: true }, ok)), 400, 'BadRequest').message, /'force' in the request payload is not a valid parameter/);
  const tooMany = graphError(t, await call(post(EXEC, { actionName: 'syncDevice', deviceIds: Array.from({ length: 101 }, (_, i) => `d${i}`) }, ok)), 400, 'BadRequest');
  t.match(JSON.parse(tooMany.message).Message, /at most 100 devices \(101 were sent\)/);
  t.equal((await call(post(EXEC, { actionName: 'syncDevice', deviceIds: Array.from({ length: 100 }, (_, i) => `d${i}`) }, ok))).statusCode, 200, '100 is fine');
  t.match(graphError(t, await call(post(EXEC, { actionName: 'customTextNotification', deviceIds: ['iphone'], notificationTitle: 'x'.repeat(51) }, ok)), 400, 'BadRequest').message, /longer than 50/, 'the action\'s own checks');
  t.match(graphError(t, await call(post(EXEC, { actionName: 'deprovision', deviceIds: ['win'] }, ok)), 501, 'NotImplemented').message, /does not emulate the bulk action 'deprovision'/);
  t.equal((await call(post(EXEC, { actionName: 'unknownFutureValue', deviceIds: ['win'] }, ok))).statusCode, 400);
  t.same((await call(post(EXEC, { actionName: 'retire', deviceIds: [] }, ok))).json.value.successfulDeviceIds, [], 'no ids, nothing done');
  const v1 = await call(post('/v1.0/deviceManagement/managedDevices/executeAction', { actionName: 'retire', deviceIds: ['win'] }, ok));
  t.equal(v1.statusCode, 400, 'beta only');
  const read = await token(['DeviceManagementManagedDevices.Read.All']);
  t.match(graphError(t, await call(post(EXEC, { actionName: 'syncDevice', deviceIds: ['win'] }, read)), 403, 'Forbidden').message, /DeviceManagementConfiguration\.Read\.All, DeviceManagementManagedDevices\.PrivilegedOperations\.All/);
});

t.test('removeAllDevicesFromManagement retires every device of the user, and only theirs', async (t) => {
  const fixture = simFixture([win, iphone, cobo, byod]);
  fixture.users!.push(OTHER_USER);
  fixture.devices!.push({ ...win2, userId: OTHER_USER.id, userPrincipalName: OTHER_USER.userPrincipalName });
  const { call, clock } = await build(t, { fixture });
  t.equal((await call(post(`/v1.0/users/${USER.userPrincipalName}/removeAllDevicesFromManagement`))).statusCode, 204);
  const pending = async (id: string) => (await call(`/_mock/devices/${id}`)).json.pendingActions.map((p: any) => p.action);
  t.same(await pending('win'), ['retire']);
  t.same(await pending('iphone'), ['retire']);
  t.same(await pending('byod'), ['retire']);
  t.same(await pending('cobo'), [], 'corporate-owned Android cannot be retired: left as it is');
  t.same(await pending('win2'), [], 'another user\'s device is untouched');
  const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.same(audits.map((a: any) => a.action), ['removeCompanyData', 'removeCompanyData', 'removeCompanyData']);
  clock.advance(2000);
  t.equal((await call('/v1.0/deviceManagement/managedDevices/win')).statusCode, 404, 'retired at the check-in');
  graphError(t, await call(post('/v1.0/users/nobody@contoso.onmicrosoft.com/removeAllDevicesFromManagement')), 404, 'Request_ResourceNotFound');
  t.equal((await call(post(`/beta/users/${OTHER_USER.id}/microsoft.graph.removeAllDevicesFromManagement`, {}))).statusCode, 204, 'beta, qualified, an empty body');
  t.same(await pending('win2'), ['retire']);
  t.match(graphError(t, await call(post(`/v1.0/users/${OTHER_USER.id}/removeAllDevicesFromManagement`, { now: true })), 400, 'BadRequest').message, /'now' in the request payload is not a valid parameter/);
});

t.test('removeAllDevicesFromManagement: /me, and the permission', async (t) => {
  const { call } = await build(t, { fixture: simFixture([win]), config: { auth: 'strict' } });
  const token = async (roles: string[]) => ({ authorization: `Bearer ${(await call({ method: 'POST', url: '/_mock/tokens', payload: { roles } })).json.access_token}` });
  const refused = graphError(t, await call(post(`/v1.0/users/${USER.id}/removeAllDevicesFromManagement`, undefined, await token(['DeviceManagementManagedDevices.ReadWrite.All']))), 403, 'Forbidden');
  t.match(refused.message, /DeviceManagementManagedDevices\.PrivilegedOperations\.All/);
  const delegated = (await call({ method: 'POST', url: '/_mock/tokens', payload: { scp: ['DeviceManagementManagedDevices.PrivilegedOperations.All'], upn: USER.userPrincipalName } })).json.access_token;
  t.equal((await call(post('/v1.0/me/removeAllDevicesFromManagement', undefined, { authorization: `Bearer ${delegated}` }))).statusCode, 204);
  t.same((await call('/_mock/devices/win')).json.pendingActions.map((p: any) => p.action), ['retire']);
});
