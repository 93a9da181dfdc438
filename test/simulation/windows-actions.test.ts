/**
 * The Windows family of remote actions (docs/simulation.md#remote-actions): cleanWindowsDevice,
 * windowsDefenderScan, windowsDefenderUpdateSignatures, beta rotateBitLockerKeys, rotateLocalAdminPassword and
 * pauseConfigurationRefresh, updateWindowsDeviceAccount (Surface Hub), recoverPasscode (Windows 10 Mobile): every
 * action on every kind of device under both rulesets, parameters, permissions, what the device does at
 * check-in, results and their expiry on the mock clock, audits. Expectations are written out from the Intune
 * pages here, not derived from the rules.
 */
import t, { type Test } from 'tap';
import type { FixtureDevice } from '../../src/schemas/fixture.js';
import { build, graphError } from '../helpers/build.js';
import { android, simFixture } from '../helpers/sim-fixture.js';

const windows = (id: string, osVersion: string, extra: Partial<FixtureDevice> = {}): FixtureDevice =>
  ({ id, deviceName: `win-${id}`, operatingSystem: 'Windows', osVersion, managedDeviceOwnerType: 'company', ...extra });

const KINDS = {
  win11: windows('win11', '10.0.26100.2605'),
  win10: windows('win10', '10.0.19045.5247'),
  win1809: windows('win1809', '10.0.17763.6659'),
  win1607: windows('win1607', '10.0.14393.7515'),
  hub: windows('hub', '10.0.19045.4170', { model: 'Surface Hub 2S', manufacturer: 'Microsoft Corporation' }),
  mobile: windows('mobile', '10.0.15254.603', { operatingSystem: 'Windows Mobile', model: 'Lumia 950' }),
  mobileOld: windows('mobile-old', '10.0.14393.2551', { operatingSystem: 'WindowsMobile', model: 'Lumia 640' }),
  cobo: android('cobo', '14', { enrollment: 'fullyManaged' }),
  ios: { id: 'ios', deviceName: 'ios', operatingSystem: 'iOS', osVersion: '18.5', isSupervised: true, simulation: { enrollment: 'device' } },
  mac: { id: 'mac', deviceName: 'mac', operatingSystem: 'macOS', osVersion: '15.6.1', isSupervised: true, simulation: { enrollment: 'device' } },
} satisfies Record<string, FixtureDevice>;
type Kind = keyof typeof KINDS;
const ALL = Object.keys(KINDS) as Kind[];

const DESKTOPS: Kind[] = ['win11', 'win10', 'win1809', 'win1607'];
/** The kinds that accept each action (`204`), with the body and version it is sent with; every other kind answers `400`. */
const SUPPORTED: Record<string, { version: 'v1.0' | 'beta'; body?: object; audit: string; resultType: string; kinds: Record<'2018' | '2025', Kind[]> }> = {
  cleanWindowsDevice: {
    version: 'v1.0', body: { keepUserData: true }, audit: 'cleanWindowsDevice', resultType: 'deviceActionResult',
    // 2017's Fresh Start page: Windows 10 1703 and later.
    kinds: { '2025': DESKTOPS, '2018': ['win11', 'win10', 'win1809'] },
  },
  windowsDefenderScan: {
    version: 'v1.0', body: { quickScan: true }, audit: 'quickScan', resultType: 'windowsDefenderScanActionResult',
    kinds: { '2025': [...DESKTOPS, 'hub'], '2018': [...DESKTOPS, 'hub'] },
  },
  windowsDefenderUpdateSignatures: {
    version: 'v1.0', audit: 'windowsDefenderUpdateSignatures', resultType: 'deviceActionResult',
    kinds: { '2025': [...DESKTOPS, 'hub'], '2018': [...DESKTOPS, 'hub'] },
  },
  rotateBitLockerKeys: {
    version: 'beta', audit: 'rotateBitLockerKeys', resultType: 'rotateBitLockerKeysDeviceActionResult',
    kinds: { '2025': ['win11', 'win10', 'hub'], '2018': ['win11', 'win10', 'hub'] },
  },
  rotateLocalAdminPassword: {
    version: 'beta', audit: 'rotateLocalAdminPassword', resultType: 'deviceActionResult',
    kinds: { '2025': ['win11', 'win10'], '2018': ['win11', 'win10'] },
  },
  pauseConfigurationRefresh: {
    version: 'beta', body: { pauseTimePeriodInMinutes: 60 }, audit: 'pauseConfigurationRefresh', resultType: 'deviceActionResult',
    kinds: { '2025': ['win11'], '2018': ['win11'] },
  },
  updateWindowsDeviceAccount: {
    version: 'v1.0', body: { updateWindowsDeviceAccountActionParameter: { deviceAccountEmail: 'hub-1@contoso.com', calendarSyncEnabled: true } },
    audit: 'updateDeviceAccount', resultType: 'deviceActionResult', kinds: { '2025': ['hub'], '2018': ['hub'] },
  },
  recoverPasscode: {
    version: 'v1.0', audit: 'recoverPasscode', resultType: 'resetPasscodeActionResult', kinds: { '2025': ['mobile'], '2018': ['mobile'] },
  },
};

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  ({ method: 'POST' as const, url, headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });
const MD = (version: 'v1.0' | 'beta') => `/${version}/deviceManagement/managedDevices`;
const resultOf = (graph: any, action: string) => graph.deviceActionResults.find((r: any) => r.actionName === action);

/** What the device shows after it checked in, per action (for a supported kind). */
function checkAfter(t: Test, action: string, kind: Kind, state: any, result: any, at: string) {
  const sim = state.simulation;
  t.equal(result.actionState, 'done', `${kind}: ${action} done`);
  switch (action) {
    case 'cleanWindowsDevice':
      t.equal(sim.passcode.set, true, `${kind}: keepUserData keeps the user's sign-in`);
      t.not(sim.enrolled, false, `${kind}: still enrolled`);
      break;
    case 'windowsDefenderScan':
      t.equal(result.scanType, 'quickScan');
      t.equal(sim.defender.lastQuickScanAt, at, `${kind}: quick scan ran at the check-in`);
      break;
    case 'windowsDefenderUpdateSignatures':
      t.equal(sim.defender.signaturesUpdatedAt, at);
      break;
    case 'rotateBitLockerKeys':
      t.equal(result.errorCode, 0);
      t.match(sim.bitLocker.recoveryPassword, /^(\d{6}-){7}\d{6}$/, `${kind}: a new recovery password`);
      t.equal(sim.bitLocker.rotatedAt, at);
      break;
    case 'rotateLocalAdminPassword':
      t.equal(sim.localAdminPassword.password.length, 14);
      t.equal(sim.localAdminPassword.rotatedAt, at);
      break;
    case 'pauseConfigurationRefresh':
      t.equal(sim.configRefresh.pausedUntil, new Date(Date.parse(at) + 60 * 60_000).toISOString(), 'paused for 60 minutes from the check-in');
      break;
    case 'updateWindowsDeviceAccount':
      t.same(sim.deviceAccount, { deviceAccountEmail: 'hub-1@contoso.com', calendarSyncEnabled: true });
      break;
    case 'recoverPasscode':
      t.match(result.passcode, /^\d{6}$/, 'the new PIN, shown to the admin');
      t.equal(sim.passcode.value, result.passcode, 'the phone takes it');
      break;
    default:
      t.fail(`no expectations for ${action}`);
  }
}

for (const ruleset of ['2018', '2025'] as const) {
  for (const [action, spec] of Object.entries(SUPPORTED)) {
    t.test(`${ruleset}: ${action} on every kind of device`, async (t) => {
      const { call, clock } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { ruleset } });
      const supported = spec.kinds[ruleset];
      for (const kind of ALL) {
        const id = KINDS[kind].id;
        const res = await call(post(`${MD(spec.version)}/${id}/${action}`, spec.body));
        const ok = supported.includes(kind);
        t.equal(res.statusCode, ok ? 204 : 400, `${kind}: ${ok ? 'accepted' : 'refused'}`);
        if (ok) {
          const pending = resultOf((await call(`${MD('beta')}/${id}?$select=deviceActionResults`)).json, action);
          t.match(pending, { '@odata.type': `#microsoft.graph.${spec.resultType}`, actionState: 'pending' }, `${kind}: pending result`);
          if (action === 'windowsDefenderScan') t.equal(pending.scanType, null, 'scanType null while pending');
        } else {
          t.equal(res.json.error.code, 'BadRequest');
          t.match(JSON.parse(res.json.error.message).Message, new RegExp(`The ${action} action is not supported on this device`));
          t.same((await call(`/_mock/devices/${id}`)).json.pendingActions, [], `${kind}: nothing queued`);
        }
      }
      clock.advance(2000); // the default check-in delay
      const at = new Date(clock.now()).toISOString();
      for (const kind of supported) {
        const id = KINDS[kind].id;
        const state = (await call(`/_mock/devices/${id}`)).json;
        t.same(state.pendingActions, [], `${kind}: carried out`);
        const graph = (await call(`${MD('beta')}/${id}?$select=deviceActionResults`)).json;
        checkAfter(t, action, kind, state, resultOf(graph, action), at);
      }
      // pauseConfigurationRefresh is an evolvable member (after unknownFutureValue): a client asks for it by name.
      const audits = (await call({ method: 'GET', url: '/beta/deviceManagement/remoteActionAudits', headers: { prefer: 'include-unknown-enum-members' } })).json.value;
      t.equal(audits.length, supported.length, 'one audit row per accepted request');
      t.ok(audits.every((a: any) => a.action === spec.audit && a.actionState === 'done'), `audits: ${spec.audit}, done`);
    });
  }
}

t.test('the beta-only actions are not segments of v1.0', async (t) => {
  const { call } = await build(t, { fixture: simFixture([KINDS.win11]) });
  for (const action of ['rotateBitLockerKeys', 'rotateLocalAdminPassword', 'pauseConfigurationRefresh']) {
    const body = action === 'pauseConfigurationRefresh' ? { pauseTimePeriodInMinutes: 5 } : undefined;
    for (const url of [`${MD('v1.0')}/win11/${action}`, `${MD('v1.0')}/win11/microsoft.graph.${action}`]) {
      const error = graphError(t, await call(post(url, body)), 400, 'BadRequest');
      t.match(error.message, `Resource not found for the segment '${url.split('/').pop()}'.`, url);
    }
    t.equal((await call(post(`${MD('beta')}/win11/microsoft.graph.${action}`, body))).statusCode, 204, `beta ${action}`);
  }
});

t.test('parameters: required, typed, in range; the complex device-account parameter', async (t) => {
  const { call } = await build(t, { fixture: simFixture([KINDS.win11, KINDS.hub]) });
  const refused = async (url: string, body: unknown, message: string | RegExp) =>
    t.match(graphError(t, await call(post(url, body)), 400, 'BadRequest').message, message, JSON.stringify(body));
  const clean = `${MD('v1.0')}/win11/cleanWindowsDevice`;
  await refused(clean, undefined, "The parameter 'keepUserData' of the operation 'cleanWindowsDevice' is required and cannot be null.");
  await refused(clean, {}, /'keepUserData' .* is required/);
  await refused(clean, { keepUserData: null }, "Cannot convert the literal 'null' to the expected type 'Edm.Boolean' of parameter 'keepUserData'.");
  await refused(clean, { keepUserData: 'false' }, /expected type 'Edm.Boolean'/);
  await refused(`${MD('v1.0')}/win11/windowsDefenderScan`, {}, "The parameter 'quickScan' of the operation 'windowsDefenderScan' is required and cannot be null.");
  await refused(`${MD('v1.0')}/win11/windowsDefenderScan`, { quickScan: 1 }, /expected type 'Edm.Boolean' of parameter 'quickScan'/);
  await refused(`${MD('v1.0')}/win11/windowsDefenderUpdateSignatures`, { force: true }, /'force' in the request payload is not a valid parameter/);

  const pause = `${MD('beta')}/win11/pauseConfigurationRefresh`;
  await refused(pause, {}, /'pauseTimePeriodInMinutes' of the operation 'pauseConfigurationRefresh' is required/);
  await refused(pause, { pauseTimePeriodInMinutes: '60' }, /expected type 'Edm.Int32'/);
  await refused(pause, { pauseTimePeriodInMinutes: 1.5 }, /expected type 'Edm.Int32'/);
  await refused(pause, { pauseTimePeriodInMinutes: 2 ** 31 }, /expected type 'Edm.Int32'/);
  await refused(pause, { pauseTimePeriodInMinutes: 1441 }, "The value '1441' of parameter 'pauseTimePeriodInMinutes' is out of range: it must be from 0 to 1440.");
  await refused(pause, { pauseTimePeriodInMinutes: -1 }, /out of range/);
  for (const minutes of [0, 1, 1440]) t.equal((await call(post(pause, { pauseTimePeriodInMinutes: minutes }))).statusCode, 204, `${minutes} minutes`);
  t.match((await call('/_mock/devices/win11')).json.pendingActions, [{ action: 'pauseConfigurationRefresh', parameters: { pauseTimePeriodInMinutes: 1440 } }], 'the last request replaced the others');

  const account = `${MD('v1.0')}/hub/updateWindowsDeviceAccount`;
  const P = 'updateWindowsDeviceAccountActionParameter';
  const TYPE = 'microsoft.graph.updateWindowsDeviceAccountActionParameter';
  await refused(account, { [P]: true }, `Cannot convert the literal 'true' to the expected type '${TYPE}' of parameter '${P}'.`);
  await refused(account, { [P]: { deviceAccountMail: 'x' } }, `The property 'deviceAccountMail' does not exist on type '${TYPE}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
  await refused(account, { [P]: { calendarSyncEnabled: 'yes' } }, "Cannot convert the literal '\"yes\"' to the expected type 'Edm.Boolean'.");
  await refused(account, { [P]: { passwordRotationEnabled: null } }, /A null value was found for the property named 'passwordRotationEnabled', which has the expected type 'Edm.Boolean\[Nullable=False\]'/);
  await refused(account, { [P]: { deviceAccount: { password: 7 } } }, /expected type 'Edm.String'/);
  await refused(account, { [P]: { deviceAccount: { pin: '1' } } }, /The property 'pin' does not exist on type 'microsoft.graph.windowsDeviceAccount'/);
  await refused(account, { [P]: { '@odata.type': '#microsoft.graph.user' } }, /A type named '"#microsoft.graph.user"' could not be resolved/);
  const full = {
    '@odata.type': `#${TYPE}`, deviceAccount: { '@odata.type': '#microsoft.graph.windowsDeviceAccount', password: 'S3cret!' }, passwordRotationEnabled: true,
    calendarSyncEnabled: false, deviceAccountEmail: 'hub-2@contoso.com', exchangeServer: 'outlook.office365.com', sessionInitiationProtocalAddress: 'sip:hub-2@contoso.com',
  };
  t.equal((await call(post(account, { [P]: full }))).statusCode, 204, 'every member');
  t.equal((await call(post(account, { [P]: null }))).statusCode, 204, 'the parameter is nullable');
  t.equal((await call(post(account))).statusCode, 204, 'and may be left out');
});

t.test('permissions: PrivilegedOperations.All, but BitLocker wants Configuration.ReadWrite.All and LAPS what its page lists', async (t) => {
  const { call } = await build(t, { fixture: simFixture([KINDS.win11, KINDS.hub]), config: { auth: 'strict' } });
  const token = async (roles: string[]) => (await call({ method: 'POST', url: '/_mock/tokens', payload: { roles } })).json.access_token as string;
  const as = async (...roles: string[]) => ({ authorization: `Bearer ${await token(roles)}` });
  const privileged = await as('DeviceManagementManagedDevices.PrivilegedOperations.All');
  const readWrite = await as('DeviceManagementManagedDevices.ReadWrite.All');
  const configRead = await as('DeviceManagementConfiguration.Read.All');
  const configReadWrite = await as('DeviceManagementConfiguration.ReadWrite.All');

  const clean = graphError(t, await call(post(`${MD('v1.0')}/win11/cleanWindowsDevice`, { keepUserData: true }, readWrite)), 403, 'Forbidden');
  t.match(clean.message, /DeviceManagementManagedDevices\.PrivilegedOperations\.All/);
  t.equal((await call(post(`${MD('v1.0')}/win11/cleanWindowsDevice`, { keepUserData: true }, privileged))).statusCode, 204);
  for (const action of ['windowsDefenderUpdateSignatures', 'recoverPasscode']) {
    t.match(graphError(t, await call(post(`${MD('v1.0')}/win11/${action}`, undefined, configReadWrite)), 403, 'Forbidden').message, /PrivilegedOperations\.All/, action);
  }
  t.equal((await call(post(`${MD('beta')}/win11/pauseConfigurationRefresh`, { pauseTimePeriodInMinutes: 5 }, privileged))).statusCode, 204, 'pause: PrivilegedOperations.All');
  graphError(t, await call(post(`${MD('beta')}/win11/pauseConfigurationRefresh`, { pauseTimePeriodInMinutes: 5 }, configRead)), 403, 'Forbidden');
  t.equal((await call(post(`${MD('v1.0')}/hub/updateWindowsDeviceAccount`, undefined, privileged))).statusCode, 204);

  const bitLocker = graphError(t, await call(post(`${MD('beta')}/win11/rotateBitLockerKeys`, undefined, privileged)), 403, 'Forbidden');
  t.match(bitLocker.message, /DeviceManagementConfiguration\.ReadWrite\.All.*DeviceManagementManagedDevices\.ReadWrite\.All/, 'names both, least privileged first');
  t.equal((await call(post(`${MD('beta')}/win11/rotateBitLockerKeys`, undefined, configReadWrite))).statusCode, 204);
  t.equal((await call(post(`${MD('beta')}/win11/rotateBitLockerKeys`, undefined, readWrite))).statusCode, 204);

  const laps = graphError(t, await call(post(`${MD('beta')}/win11/rotateLocalAdminPassword`, undefined, privileged)), 403, 'Forbidden');
  t.match(laps.message, /DeviceManagementConfiguration\.Read\.All/);
  t.equal((await call(post(`${MD('beta')}/win11/rotateLocalAdminPassword`, undefined, configRead))).statusCode, 204, 'the Read.All its page lists');
  t.equal((await call(post(`${MD('beta')}/win11/rotateLocalAdminPassword`, undefined, readWrite))).statusCode, 204);
});

t.test('Fresh Start: keepUserData, and a personally-owned device leaving management', async (t) => {
  const personal = windows('personal', '10.0.22631.4602', { managedDeviceOwnerType: 'personal', simulation: { locked: true } });
  const corporate = windows('corporate', '10.0.22631.4602', { simulation: { locked: true } });
  const kept = windows('kept', '10.0.22631.4602', { managedDeviceOwnerType: 'personal' });
  const { call, clock } = await build(t, { fixture: simFixture([personal, corporate, kept]) });
  for (const [id, keepUserData] of [['personal', false], ['corporate', false], ['kept', true]] as const) {
    t.equal((await call(post(`${MD('v1.0')}/${id}/cleanWindowsDevice`, { keepUserData }))).statusCode, 204);
  }
  t.match((await call('/_mock/devices/personal')).json.pendingActions, [{ action: 'cleanWindowsDevice', parameters: { keepUserData: false } }]);
  clock.advance(2000);
  const [p, c, k] = await Promise.all(['personal', 'corporate', 'kept'].map(async (id) => (await call(`/_mock/devices/${id}`)).json.simulation));
  t.equal(p.enrolled, false, 'a personal device without its user data leaves Entra ID and Intune');
  t.equal((await call(`${MD('v1.0')}/personal`)).statusCode, 404, 'gone from Graph');
  t.equal(c.enrolled, undefined, 'a corporate one stays');
  t.same([c.passcode.set, c.locked], [false, false], 'out-of-box: no user sign-in, no lock');
  t.equal((await call(`${MD('v1.0')}/corporate`)).statusCode, 200);
  t.same([k.enrolled, k.passcode.set], [undefined, true], 'keepUserData: stays enrolled, the user keeps their sign-in');
  const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.same(audits.map((a: any) => a.action), ['cleanWindowsDevice', 'cleanWindowsDevice', 'cleanWindowsDevice']);
});

t.test('Defender: quick then full scan, scanType and audits', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([KINDS.win11]) });
  t.equal((await call(post(`${MD('v1.0')}/win11/windowsDefenderScan`, { quickScan: true }))).statusCode, 204);
  clock.advance(2000);
  t.equal(resultOf((await call(`${MD('v1.0')}/win11?$select=deviceActionResults`)).json, 'windowsDefenderScan').scanType, 'quickScan');
  t.equal((await call(post(`${MD('v1.0')}/win11/windowsDefenderScan`, { quickScan: false }))).statusCode, 204);
  t.match(resultOf((await call(`${MD('v1.0')}/win11?$select=deviceActionResults`)).json, 'windowsDefenderScan'), { actionState: 'pending', scanType: null }, 'a new scan pending');
  clock.advance(2000);
  const result = resultOf((await call(`${MD('v1.0')}/win11?$select=deviceActionResults`)).json, 'windowsDefenderScan');
  t.match(result, { '@odata.type': '#microsoft.graph.windowsDefenderScanActionResult', actionState: 'done', scanType: 'fullScan' });
  const defender = (await call('/_mock/devices/win11')).json.simulation.defender;
  t.ok(Date.parse(defender.lastFullScanAt) > Date.parse(defender.lastQuickScanAt), 'the full scan ran after the quick one');
  const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.same(audits.map((a: any) => a.action).sort(), ['fullScan', 'quickScan']);
});

t.test('BitLocker: a new recovery password each time; fails with an errorCode when not encrypted or rotation is off', async (t) => {
  const off = windows('off', '10.0.26100.2605', { simulation: { bitLocker: { encrypted: false } } });
  const noRotation = windows('no-rotation', '10.0.26100.2605', { simulation: { bitLocker: { encrypted: true, rotationEnabled: false } } });
  const { call, clock } = await build(t, { fixture: simFixture([KINDS.win11, off, noRotation]) });
  const rotate = async () => {
    for (const id of ['win11', 'off', 'no-rotation']) t.equal((await call(post(`${MD('beta')}/${id}/rotateBitLockerKeys`))).statusCode, 204);
    clock.advance(2000);
  };
  await rotate();
  const first = (await call('/_mock/devices/win11')).json.simulation.bitLocker.recoveryPassword;
  t.ok(first.split('-').every((g: string) => Number(g) % 11 === 0 && Number(g) < 720_896), 'each group a multiple of 11, as Windows makes them');
  const result = async (id: string) => resultOf((await call(`${MD('beta')}/${id}?$select=deviceActionResults`)).json, 'rotateBitLockerKeys');
  t.match(await result('win11'), { '@odata.type': '#microsoft.graph.rotateBitLockerKeysDeviceActionResult', actionState: 'done', errorCode: 0 });
  t.match(await result('off'), { actionState: 'failed', errorCode: 0x80310001 | 0 }, 'FVE_E_NOT_ENCRYPTED');
  t.match(await result('no-rotation'), { actionState: 'failed', errorCode: 0x80070032 | 0 }, 'ERROR_NOT_SUPPORTED');
  t.same((await call('/_mock/devices/off')).json.simulation.bitLocker, { encrypted: false }, 'nothing changed');
  await rotate();
  t.not((await call('/_mock/devices/win11')).json.simulation.bitLocker.recoveryPassword, first, 'rotated again');
  const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.same(audits.map((a: any) => a.actionState).sort(), ['done', 'done', 'failed', 'failed', 'failed', 'failed']);
});

t.test('LAPS and Config Refresh: rotation and pauses, failing without the policy; a pause runs out on the mock clock', async (t) => {
  const unmanaged = windows('unmanaged', '10.0.26100.2605', { simulation: { localAdminPassword: { managed: false }, configRefresh: { enabled: false } } });
  const { call, clock } = await build(t, { fixture: simFixture([KINDS.win11, unmanaged]) });
  for (const id of ['win11', 'unmanaged']) {
    t.equal((await call(post(`${MD('beta')}/${id}/rotateLocalAdminPassword`))).statusCode, 204);
    t.equal((await call(post(`${MD('beta')}/${id}/pauseConfigurationRefresh`, { pauseTimePeriodInMinutes: 90 }))).statusCode, 204);
  }
  clock.advance(2000);
  const checkedIn = clock.now();
  const win = (await call('/_mock/devices/win11')).json.simulation;
  t.match(win.localAdminPassword, { managed: true, password: /^.{14}$/ });
  t.equal(win.configRefresh.pausedUntil, new Date(checkedIn + 90 * 60_000).toISOString());
  const results = async (id: string) => (await call(`${MD('beta')}/${id}?$select=deviceActionResults`)).json.deviceActionResults.map((r: any) => [r.actionName, r.actionState]).sort();
  t.same(await results('win11'), [['pauseConfigurationRefresh', 'done'], ['rotateLocalAdminPassword', 'done']]);
  t.same(await results('unmanaged'), [['pauseConfigurationRefresh', 'failed'], ['rotateLocalAdminPassword', 'failed']]);
  t.same((await call('/_mock/devices/unmanaged')).json.simulation.localAdminPassword, { managed: false }, 'no password made');
  const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.same(audits.map((a: any) => a.action).sort(), ['rotateLocalAdminPassword', 'rotateLocalAdminPassword', 'unknownFutureValue', 'unknownFutureValue'], 'pauseConfigurationRefresh is evolvable: unknownFutureValue unless asked for');
  // 0 resumes it before the time is up.
  t.equal((await call(post(`${MD('beta')}/win11/pauseConfigurationRefresh`, { pauseTimePeriodInMinutes: 0 }))).statusCode, 204);
  clock.advance(2000);
  t.same((await call('/_mock/devices/win11')).json.simulation.configRefresh, { enabled: true }, 'resumed');
});

t.test('Surface Hub: the device account takes what was sent; the password is never kept', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([KINDS.hub]) });
  const P = 'updateWindowsDeviceAccountActionParameter';
  const send = async (parameter: object) => {
    t.equal((await call(post(`${MD('v1.0')}/hub/updateWindowsDeviceAccount`, { [P]: parameter }))).statusCode, 204);
    clock.advance(2000);
    return (await call('/_mock/devices/hub')).json;
  };
  const first = await send({ deviceAccountEmail: 'hub@contoso.com', exchangeServer: 'outlook.office365.com', sessionInitiationProtocalAddress: 'sip:hub@contoso.com', calendarSyncEnabled: true, passwordRotationEnabled: false });
  t.same(first.simulation.deviceAccount, { deviceAccountEmail: 'hub@contoso.com', exchangeServer: 'outlook.office365.com', sessionInitiationProtocolAddress: 'sip:hub@contoso.com', calendarSyncEnabled: true, passwordRotationEnabled: false });
  const second = await send({ deviceAccount: { password: 'N3w-Passw0rd' }, exchangeServer: null, calendarSyncEnabled: false });
  t.match(second.simulation.deviceAccount, { deviceAccountEmail: 'hub@contoso.com', exchangeServer: 'outlook.office365.com', calendarSyncEnabled: false, passwordChangedAt: new Date(clock.now()).toISOString() }, 'members left out or null keep their values');
  t.notOk(JSON.stringify(second).includes('N3w-Passw0rd'), 'the password is not kept');
  const beta = (await call(`${MD('beta')}/hub?$select=deviceType`)).json;
  t.equal(beta.deviceType, 'surfaceHub', 'beta deviceType');
});

t.test('Windows 10 Mobile PIN reset: the new PIN shown 7 days on the mock clock', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([KINDS.mobile, KINDS.win11]) });
  t.equal((await call(post(`${MD('v1.0')}/mobile/recoverPasscode`))).statusCode, 204);
  t.match(resultOf((await call(`${MD('v1.0')}/mobile?$select=deviceActionResults`)).json, 'recoverPasscode'), { actionState: 'pending', passcode: null, errorCode: 0 });
  clock.advance(2000);
  const state = (await call('/_mock/devices/mobile')).json;
  const result = resultOf((await call(`${MD('v1.0')}/mobile?$select=deviceActionResults`)).json, 'recoverPasscode');
  t.match(result, { '@odata.type': '#microsoft.graph.resetPasscodeActionResult', actionState: 'done', passcode: state.simulation.passcode.value });
  t.match(state.simulation.notifications, [{ type: 'newPasscode' }], 'the user is shown the new PIN');
  clock.advance(7 * 86_400_000 - 1);
  t.equal(resultOf((await call(`${MD('v1.0')}/mobile?$select=deviceActionResults`)).json, 'recoverPasscode').passcode, state.simulation.passcode.value, 'still shown just before 7 days');
  clock.advance(1);
  t.equal(resultOf((await call(`${MD('v1.0')}/mobile?$select=deviceActionResults`)).json, 'recoverPasscode').passcode, null, 'hidden after 7 days');
  t.equal((await call(`${MD('beta')}/mobile?$select=deviceType`)).json.deviceType, 'windowsPhone');
  t.equal((await call(`${MD('beta')}/win11?$select=deviceType`)).json.deviceType, 'desktop');
  const refused = graphError(t, await call(post(`${MD('v1.0')}/win11/recoverPasscode`)), 400, 'BadRequest');
  t.match(JSON.parse(refused.message).Message, /Windows \(not Windows 10 Mobile\)/);
});

t.test('the Windows state goes through fixtures and the control API; an unknown field is refused', async (t) => {
  const device = windows('w', '10.0.26100.2605', {
    simulation: { bitLocker: { encrypted: true, rotationEnabled: true }, localAdminPassword: { managed: true }, configRefresh: { enabled: true }, defender: {}, deviceAccount: { deviceAccountEmail: 'a@b.c' } },
  });
  const { call } = await build(t, { fixture: simFixture([device]) });
  t.match((await call('/_mock/devices/w')).json.simulation, device.simulation!);
  const res = await call({ method: 'POST', url: '/_mock/devices', payload: { operatingSystem: 'Windows', osVersion: '10.0.26100.1', simulation: { bitLocker: { encrypted: true, pin: '1' } } } });
  t.equal(res.statusCode, 400, 'an unknown member is refused');
});
