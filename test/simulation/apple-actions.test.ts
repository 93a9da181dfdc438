/**
 * The Apple family of remote actions (docs/simulation.md#remote-actions): every action × the kinds of device
 * × both rulesets, their parameters and permissions, what the device does at check-in and how long it lasts
 * on the mock clock. The expectations are written out from the Intune pages, not derived from the rules.
 */
import t from 'tap';
import type { FixtureDevice } from '../../src/schemas/fixture.js';
import { build, graphError } from '../helpers/build.js';
import { USER, android, sendToEachKind, simFixture } from '../helpers/sim-fixture.js';

const MD = '/v1.0/deviceManagement/managedDevices';
const BETA = '/beta/deviceManagement/managedDevices';
const DAY = 86_400_000;

const apple = (id: string, operatingSystem: string, extra: Partial<FixtureDevice>): FixtureDevice =>
  ({ id, deviceName: id, operatingSystem, osVersion: operatingSystem === 'macOS' ? '15.6.1' : '18.5', ...extra });

const KINDS = {
  iosAde: apple('ios-ade', 'iOS', { isSupervised: true, deviceEnrollmentType: 'appleBulkWithUser', managedDeviceOwnerType: 'company', simulation: { enrollment: 'device' } }),
  // Supervised with Apple Configurator, then enrolled through the Company Portal: supervised, not ADE.
  iosConfigurator: apple('ios-cfg', 'iOS', { isSupervised: true, deviceEnrollmentType: 'userEnrollment', managedDeviceOwnerType: 'company', simulation: { enrollment: 'device' } }),
  iosUnsupervised: apple('ios-byod', 'iOS', { isSupervised: false, deviceEnrollmentType: 'userEnrollment', managedDeviceOwnerType: 'personal', simulation: { enrollment: 'device' } }),
  iosUserEnrollment: apple('ios-ue', 'iOS', { isSupervised: false, deviceEnrollmentType: 'appleAccountDrivenUserEnrollment', managedDeviceOwnerType: 'personal', simulation: { enrollment: 'userEnrollment' } }),
  sharedIPad: apple('shared-ipad', 'iPadOS', {
    isSupervised: true, deviceEnrollmentType: 'appleBulkWithoutUser', managedDeviceOwnerType: 'company', userId: '', userPrincipalName: '',
    hardwareInformation: { isSharedDevice: true }, simulation: { enrollment: 'device' },
  }),
  macAde: apple('mac-ade', 'macOS', { isSupervised: true, deviceEnrollmentType: 'appleBulkWithUser', managedDeviceOwnerType: 'company', simulation: { enrollment: 'device' } }),
  macByod: apple('mac-byod', 'macOS', { isSupervised: false, deviceEnrollmentType: 'userEnrollment', managedDeviceOwnerType: 'personal', simulation: { enrollment: 'device' } }),
  cobo: android('cobo', '14', { enrollment: 'fullyManaged' }),
  win: { id: 'win', deviceName: 'win', operatingSystem: 'Windows', osVersion: '10.0.26100.2605', managedDeviceOwnerType: 'company' },
} satisfies Record<string, FixtureDevice>;
type Kind = keyof typeof KINDS;

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  ({ method: 'POST' as const, url, headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });

/** The kinds of device that accept each action (`204`); every other kind answers `400`. */
const SUPPORTED: Record<string, Record<'2018' | '2025', Kind[]>> = {
  // disable-activation-lock.md: supervised through ADE, Macs through ADE; 2020: supervised iOS 8.0+, no Mac.
  bypassActivationLock: { '2025': ['iosAde', 'sharedIPad', 'macAde'], '2018': ['iosAde', 'iosConfigurator', 'sharedIPad'] },
  // logout-user.md, remove-user.md: Shared iPad only.
  logoutSharedAppleDeviceActiveUser: { '2025': ['sharedIPad'], '2018': ['sharedIPad'] },
  deleteUserFromSharedAppleDevice: { '2025': ['sharedIPad'], '2018': ['sharedIPad'] },
};

for (const ruleset of ['2018', '2025'] as const) {
  for (const [action, supported] of Object.entries(SUPPORTED)) {
    t.test(`${ruleset}: ${action} on every kind of device`, async (t) => {
      const { call, clock } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { ruleset } });
      await sendToEachKind(t, call, (id) => `${MD}/${id}/${action}`, KINDS, supported[ruleset]);
      clock.advance(2000);
      for (const kind of supported[ruleset]) {
        const id = KINDS[kind].id;
        t.same((await call(`/_mock/devices/${id}`)).json.pendingActions, [], `${kind}: carried out`);
        const graph = (await call(`${MD}/${id}?$select=deviceActionResults,activationLockBypassCode`)).json;
        // Removing a user the iPad never had fails; every other action is done.
        const state = action === 'deleteUserFromSharedAppleDevice' ? 'failed' : 'done';
        t.match(graph.deviceActionResults.find((r: any) => r.actionName === action), { actionState: state }, `${kind}: ${state}`);
      }
      const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
      const expected = ({ logoutSharedAppleDeviceActiveUser: 'logoutSharedAppleDeviceActiveUser' } as Record<string, string>)[action];
      if (expected) t.ok(audits.length === supported[ruleset].length && audits.every((a: any) => a.action === expected && a.actionState === 'done'), `audits: ${expected}`);
      else t.same(audits, [], 'no remoteAction member, no audit row');
    });
  }
}

t.test('bypassActivationLock: a bypass code readable with $select only, for 15 days on the mock clock', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { ruleset: '2025' } });
  const code = async (url: string) => (await call(url)).json.activationLockBypassCode;
  t.equal(await code(`${MD}/mac-ade?$select=activationLockBypassCode`), null, 'none before the action');
  t.equal((await call(post(`${MD}/mac-ade/bypassActivationLock`))).statusCode, 204);
  const pending = (await call(`${BETA}/mac-ade?$select=deviceActionResults,activationLockBypassCode`)).json;
  t.match(pending.deviceActionResults, [{ '@odata.type': '#microsoft.graph.deviceActionResult', actionName: 'bypassActivationLock', actionState: 'pending' }]);
  t.equal(pending.activationLockBypassCode, null, 'no code until the device checked in');
  clock.advance(2000);
  const value = await code(`${MD}/mac-ade?$select=activationLockBypassCode`);
  t.match(value, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/, 'a code once it checked in');
  t.equal(await code(`${BETA}/mac-ade?$select=id,activationLockBypassCode`), value, 'on beta too');
  t.equal(await code(`${MD}/mac-ade`), null, 'a single GET without $select reads null');
  const listed = (await call(`${MD}?$select=id,activationLockBypassCode`)).json.value.find((d: any) => d.id === 'mac-ade');
  t.equal(listed.activationLockBypassCode, null, 'a list never shows it');
  const state = (await call('/_mock/devices/mac-ade')).json;
  t.equal(state.device.activationLockBypassCode, value, 'the control API shows it');
  t.equal(Date.parse(state.simulation.activationLockBypassCodeExpiresAt) - Date.parse(state.device.lastSyncDateTime), 15 * DAY, 'valid 15 days from the check-in');
  clock.advance(15 * DAY - 1);
  t.equal(await code(`${MD}/mac-ade?$select=activationLockBypassCode`), value, 'still valid just before 15 days');
  clock.advance(1);
  t.equal(await code(`${MD}/mac-ade?$select=activationLockBypassCode`), null, 'gone after 15 days');
  // A second request gives a new code, valid 15 days again.
  t.equal((await call(post(`${MD}/mac-ade/microsoft.graph.bypassActivationLock`))).statusCode, 204);
  clock.advance(2000);
  const again = await code(`${MD}/mac-ade?$select=activationLockBypassCode`);
  t.match(again, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/);
});

t.test('bypassActivationLock: no parameters; PrivilegedOperations.All', async (t) => {
  const { call } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { auth: 'strict', ruleset: '2025' } });
  const token = async (roles: string[]) => (await call({ method: 'POST', url: '/_mock/tokens', payload: { roles } })).json.access_token as string;
  const as = (tok: string) => ({ authorization: `Bearer ${tok}` });
  const privileged = as(await token(['DeviceManagementManagedDevices.PrivilegedOperations.All']));
  const readWrite = as(await token(['DeviceManagementManagedDevices.ReadWrite.All']));
  const refused = graphError(t, await call(post(`${MD}/ios-ade/bypassActivationLock`, undefined, readWrite)), 403, 'Forbidden');
  t.match(refused.message, /DeviceManagementManagedDevices\.PrivilegedOperations\.All/);
  const unknown = graphError(t, await call(post(`${MD}/ios-ade/bypassActivationLock`, { code: 'x' }, privileged)), 400, 'BadRequest');
  t.match(unknown.message, /'code' in the request payload is not a valid parameter for the operation 'bypassActivationLock'/);
  t.equal((await call(post(`${MD}/ios-ade/bypassActivationLock`, undefined, privileged))).statusCode, 204);
});

const USER2 = 'adele@contoso.onmicrosoft.com';

t.test('Shared iPad: users sign in and out (events), usersLoggedOn and the cached users follow, logout and remove at check-in', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(Object.values(KINDS)) });
  const event = (id: string, payload: object) => call({ method: 'POST', url: `/_mock/devices/${id}/events`, payload });
  const beta = async () => (await call(`${BETA}/shared-ipad?$select=usersLoggedOn,hardwareInformation,deviceActionResults`)).json;
  t.equal((await event('shared-ipad', { type: 'signOut' })).statusCode, 409, 'nobody to sign out');
  t.equal((await event('ios-ade', { type: 'signIn', userPrincipalName: USER.userPrincipalName })).statusCode, 409, 'not a Shared iPad');
  t.equal((await event('shared-ipad', { type: 'signIn' })).statusCode, 409, 'signIn needs a user');
  t.equal((await event('shared-ipad', { type: 'signIn', userPrincipalName: USER.userPrincipalName })).statusCode, 200);
  const signedInAt = new Date(clock.now()).toISOString();
  t.match((await event('shared-ipad', { type: 'signIn', userPrincipalName: USER2 })).json, { error: { code: 'conflict', message: /is signed in \(send signOut first\)/ } }, 'one user at a time');
  let device = await beta();
  t.same(device.usersLoggedOn, [{ userId: USER.id, lastLogOnDateTime: signedInAt }], 'usersLoggedOn: the tenant user\'s id, when');
  t.same(device.hardwareInformation.sharedDeviceCachedUsers, [{ userPrincipalName: USER.userPrincipalName, dataToSync: false, dataQuota: null, dataUsed: 0 }]);
  t.equal((await call(`${MD}/shared-ipad?$select=id,usersLoggedOn`)).statusCode, 400, 'usersLoggedOn is beta only');

  // The admin signs the user out: at the check-in, not before.
  t.equal((await call(post(`${MD}/shared-ipad/logoutSharedAppleDeviceActiveUser`))).statusCode, 204);
  t.equal((await call('/_mock/devices/shared-ipad')).json.simulation.sharedIPadActiveUser, USER.userPrincipalName, 'still signed in while pending');
  clock.advance(2000);
  let sim = (await call('/_mock/devices/shared-ipad')).json.simulation;
  t.equal(sim.sharedIPadActiveUser, undefined, 'signed out');
  t.same(sim.sharedIPadUsers.map((u: any) => u.userPrincipalName), [USER.userPrincipalName], 'still cached');

  // A second user signs in; removing them while signed in fails, the first one goes.
  clock.advance(60_000);
  t.equal((await event('shared-ipad', { type: 'signIn', userPrincipalName: USER2 })).statusCode, 200);
  t.equal((await call(post(`${MD}/shared-ipad/deleteUserFromSharedAppleDevice`, { userPrincipalName: USER2 }))).statusCode, 204);
  device = await beta();
  t.match(device.deviceActionResults.find((r: any) => r.actionName === 'deleteUserFromSharedAppleDevice'),
    { '@odata.type': '#microsoft.graph.deleteUserFromSharedAppleDeviceActionResult', actionState: 'pending', userPrincipalName: null });
  clock.advance(2000);
  device = await beta();
  t.match(device.deviceActionResults.find((r: any) => r.actionName === 'deleteUserFromSharedAppleDevice'), { actionState: 'failed', userPrincipalName: USER2 }, 'signed in: failed');
  t.equal(device.usersLoggedOn.length, 2);
  t.equal(device.usersLoggedOn[1].userId, null, 'a user the tenant does not know has no id');
  t.equal((await call(post(`${BETA}/shared-ipad/microsoft.graph.deleteUserFromSharedAppleDevice`, { userPrincipalName: USER.userPrincipalName.toUpperCase() }))).statusCode, 204);
  clock.advance(2000);
  device = await beta();
  t.match(device.deviceActionResults.find((r: any) => r.actionName === 'deleteUserFromSharedAppleDevice'), { actionState: 'done', userPrincipalName: USER.userPrincipalName.toUpperCase() });
  t.same(device.usersLoggedOn.map((u: any) => u.userId), [null], 'removed from usersLoggedOn');
  t.same(device.hardwareInformation.sharedDeviceCachedUsers.map((u: any) => u.userPrincipalName), [USER2]);
  t.equal((await event('shared-ipad', { type: 'signOut' })).statusCode, 200, 'the user signs out on the iPad');
  sim = (await call('/_mock/devices/shared-ipad')).json.simulation;
  t.equal(sim.sharedIPadActiveUser, undefined);
  const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.same(audits.map((a: any) => [a.action, a.actionState]), [['logoutSharedAppleDeviceActiveUser', 'done']], 'logout has an audit member, remove-user none');
});

t.test('deleteUserFromSharedAppleDevice: userPrincipalName is a string; PrivilegedOperations.All', async (t) => {
  const { call } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { auth: 'strict' } });
  const token = async (roles: string[]) => (await call({ method: 'POST', url: '/_mock/tokens', payload: { roles } })).json.access_token as string;
  const as = (tok: string) => ({ authorization: `Bearer ${tok}` });
  const privileged = as(await token(['DeviceManagementManagedDevices.PrivilegedOperations.All']));
  const read = as(await token(['DeviceManagementManagedDevices.Read.All']));
  const url = `${MD}/shared-ipad/deleteUserFromSharedAppleDevice`;
  t.match(graphError(t, await call(post(url, { userPrincipalName: USER2 }, read)), 403, 'Forbidden').message, /PrivilegedOperations\.All/);
  t.match(graphError(t, await call(post(`${MD}/shared-ipad/logoutSharedAppleDeviceActiveUser`, undefined, read)), 403, 'Forbidden').message, /PrivilegedOperations\.All/);
  t.match(graphError(t, await call(post(url, { userPrincipalName: 42 }, privileged)), 400, 'BadRequest').message, /Cannot convert the literal '42' to the expected type 'Edm.String' of parameter 'userPrincipalName'/);
  t.match(graphError(t, await call(post(url, { user: USER2 }, privileged)), 400, 'BadRequest').message, /'user' in the request payload is not a valid parameter/);
  t.equal((await call(post(url, { userPrincipalName: null }, privileged))).statusCode, 204, 'nullable, as in the CSDL');
});
