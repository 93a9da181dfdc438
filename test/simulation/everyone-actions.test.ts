/**
 * The "everyone" actions (docs/simulation.md#remote-actions): requestRemoteAssistance, beta setDeviceName
 * and beta sendCustomNotificationToCompanyPortal. Every kind of device under both rulesets (expectations
 * written out from the Intune pages, not read from the rules), parameters, permissions, effects, results,
 * audits, the hourly notification limit on the mock clock, and the user's acknowledge event.
 */
import t from 'tap';
import type { FixtureDevice } from '../../src/schemas/fixture.js';
import { build, graphError } from '../helpers/build.js';
import { ANDROID_KINDS, iphone, simFixture } from '../helpers/sim-fixture.js';

const BETA = '/beta/deviceManagement/managedDevices';
const V1 = '/v1.0/deviceManagement/managedDevices';
const ios = (id: string, enrollment: 'device' | 'userEnrollment', isSupervised: boolean): FixtureDevice => iphone(id, enrollment, isSupervised);

const KINDS = {
  ...ANDROID_KINDS,
  iosSupervised: ios('ios-sup', 'device', true),
  iosUnsupervised: ios('ios-unsup', 'device', false),
  iosUserEnrollment: ios('ios-ue', 'userEnrollment', false),
  mac: { id: 'mac', deviceName: 'mac', operatingSystem: 'macOS', osVersion: '15.6.1', isSupervised: true, managedDeviceOwnerType: 'company', simulation: { enrollment: 'device' } },
  macPersonal: { id: 'mac-byod', deviceName: 'mac-byod', operatingSystem: 'macOS', osVersion: '15.6.1', managedDeviceOwnerType: 'personal', simulation: { enrollment: 'device' } },
  win: { id: 'win', deviceName: 'win', operatingSystem: 'Windows', osVersion: '10.0.26100.2605', managedDeviceOwnerType: 'company' },
  winPersonal: { id: 'win-byod', deviceName: 'win-byod', operatingSystem: 'Windows', osVersion: '10.0.26100.2605', managedDeviceOwnerType: 'personal' },
} satisfies Record<string, FixtureDevice>;
type Kind = keyof typeof KINDS;
const ALL = Object.keys(KINDS) as Kind[];

/** Which kinds accept each action (204); the rest answer 400. The pages have no history: both rulesets agree. */
const SUPPORTED: Record<string, Kind[]> = {
  requestRemoteAssistance: ALL,
  setDeviceName: ['cope', 'cobo', 'cosu', 'iosSupervised', 'mac', 'win'],
  sendCustomNotificationToCompanyPortal: ['byod', 'iosSupervised', 'iosUnsupervised', 'iosUserEnrollment'],
};
const BODY: Record<string, unknown> = {
  setDeviceName: { deviceName: 'KIOSK-042' },
  sendCustomNotificationToCompanyPortal: { notificationTitle: 'Office closed', notificationBody: 'The office is closed today.' },
};

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  ({ method: 'POST' as const, url, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload ?? {}) });
const event = (id: string, type: string) => ({ method: 'POST' as const, url: `/_mock/devices/${id}/events`, payload: { type } });

for (const ruleset of ['2018', '2025'] as const) {
  for (const [action, supported] of Object.entries(SUPPORTED)) {
    t.test(`${ruleset}: ${action} on every kind of device`, async (t) => {
      const { call, clock } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { ruleset } });
      for (const kind of ALL) {
        const res = await call(post(`${BETA}/${KINDS[kind].id}/${action}`, BODY[action]));
        const ok = supported.includes(kind);
        t.equal(res.statusCode, ok ? 204 : 400, `${kind}: ${ok ? 'accepted' : 'refused'}`);
        if (!ok) t.match(JSON.parse(res.json.error.message).Message, new RegExp(`The ${action} action is not supported on this device`));
      }
      clock.advance(2000);
      for (const kind of supported) {
        const { id } = KINDS[kind];
        const state = (await call(`/_mock/devices/${id}`)).json;
        t.same(state.pendingActions, [], `${kind}: nothing left pending`);
        const graph = (await call(`${BETA}/${id}?$select=deviceName,deviceActionResults,remoteAssistanceSessionUrl`)).json;
        const result = graph.deviceActionResults.find((r: any) => r.actionName === action);
        if (action === 'requestRemoteAssistance') {
          t.match(graph.remoteAssistanceSessionUrl, /^https:\/\/remoteassistance\.intune-mock\.invalid\/sessions\/[0-9a-f-]{36}$/, `${kind}: a session URL`);
          t.match(result, { '@odata.type': '#microsoft.graph.deviceActionResult', actionState: 'done' });
        } else if (action === 'setDeviceName') {
          t.equal(graph.deviceName, 'KIOSK-042', `${kind}: renamed`);
          t.match(result, { '@odata.type': '#microsoft.graph.deviceActionResult', actionState: 'done' });
        } else {
          t.equal(result, undefined, `${kind}: not tracked in deviceActionResults`);
          t.match(state.simulation.notifications.filter((n: any) => n.type === 'customNotification'), [{ type: 'customNotification', title: 'Office closed', body: 'The office is closed today.' }], `${kind}: the user sees it`);
        }
      }
      const audits = (await call({ url: '/beta/deviceManagement/remoteActionAudits', headers: { prefer: 'include-unknown-enum-members' } })).json.value;
      const member = { requestRemoteAssistance: 'launchRemoteHelp', setDeviceName: 'setDeviceName' }[action];
      if (member) t.same(audits.map((a: any) => [a.action, a.actionState, a.deviceActionCategory]), supported.map(() => [member, 'done', 'single']), `audits: ${member}`);
      else t.same(audits, [], 'a custom notification leaves no audit');
    });
  }
}

t.test('the beta-only actions are segments /v1.0 does not have; requestRemoteAssistance is on both', async (t) => {
  const { call } = await build(t, { fixture: simFixture(Object.values(KINDS)) });
  for (const action of ['setDeviceName', 'sendCustomNotificationToCompanyPortal']) {
    const error = graphError(t, await call(post(`${V1}/win/${action}`, BODY[action])), 400, 'BadRequest');
    t.equal(error.message, `Resource not found for the segment '${action}'.`);
  }
  t.equal((await call(post(`${V1}/win/microsoft.graph.requestRemoteAssistance`))).statusCode, 204);
  t.equal((await call(post(`/v1.0/me/managedDevices/mac/requestRemoteAssistance`))).statusCode, 204);
});

t.test('setDeviceName: Windows naming rules, Apple and Android rules, parameter types', async (t) => {
  const { call } = await build(t, { fixture: simFixture(Object.values(KINDS)) });
  const refused = async (id: string, deviceName: unknown, why: RegExp) => {
    const error = graphError(t, await call(post(`${BETA}/${id}/setDeviceName`, { deviceName })), 400, 'BadRequest');
    t.match(JSON.parse(error.message).Message, why, `${id}: ${JSON.stringify(deviceName)}`);
  };
  await refused('win', 'a'.repeat(64), /at most 63 characters/);
  await refused('win', 'front desk', /not a space/);
  await refused('win', 'pc_01', /not '_'/);
  await refused('win', 'pc.01', /not '\.'/);
  await refused('win', '12345', /only numbers/);
  await refused('win', '', /a deviceName is required/);
  await refused('win', null, /a deviceName is required/);
  await refused('mac', '12345', /at least one letter or hyphen/);
  await refused('mac', 'Megan\'s Mac', /not '''/);
  await refused('cobo', 'scanner 7', /not a space/);
  t.same((await call('/_mock/devices/win')).json.pendingActions, [], 'nothing queued by a refused name');
  const wrongType = graphError(t, await call(post(`${BETA}/win/setDeviceName`, { deviceName: 42 })), 400, 'BadRequest');
  t.match(wrongType.message, /expected type 'Edm.String' of parameter 'deviceName'/);
  for (const [id, name] of [['win', 'a'.repeat(63)], ['win', 'PC-ÄÖ-7'], ['win', '1-2'], ['mac', '-'], ['cobo', '12345'], ['ios-sup', 'iPad-Lobby']]) {
    t.equal((await call(post(`${BETA}/${id}/setDeviceName`, { deviceName: name }))).statusCode, 204, `${id}: ${name}`);
  }
});

t.test('setDeviceName: a hybrid-joined PC fails at check-in; a second rename replaces the first', async (t) => {
  const hybrid: FixtureDevice = { id: 'hybrid', deviceName: 'hybrid', operatingSystem: 'Windows', osVersion: '10.0.26100.2605', managedDeviceOwnerType: 'company', joinType: 'hybridAzureADJoined' };
  const { call, clock } = await build(t, { fixture: simFixture([hybrid, KINDS.win]) });
  t.equal((await call(post(`${BETA}/hybrid/setDeviceName`, { deviceName: 'NEW-NAME' }))).statusCode, 204);
  t.equal((await call(post(`${BETA}/win/setDeviceName`, { deviceName: 'FIRST' }))).statusCode, 204);
  t.equal((await call(post(`${BETA}/win/setDeviceName`, { deviceName: 'SECOND' }))).statusCode, 204);
  clock.advance(2000);
  const hy = (await call(`${BETA}/hybrid?$select=deviceName,deviceActionResults`)).json;
  t.equal(hy.deviceName, 'hybrid', 'not renamed');
  t.equal(hy.deviceActionResults[0].actionState, 'failed');
  t.equal((await call(`${BETA}/win?$select=deviceName`)).json.deviceName, 'SECOND');
  const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
  t.same(audits.map((a: any) => [a.managedDeviceId, a.actionState]), [['hybrid', 'failed'], ['win', 'canceled'], ['win', 'done']]);
});

t.test('custom notifications: lengths, 10 an hour per device on the mock clock, acknowledged by the user', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(Object.values(KINDS)) });
  const send = (id: string, body: unknown) => call(post(`${BETA}/${id}/sendCustomNotificationToCompanyPortal`, body));
  const long = graphError(t, await send('byod', { notificationTitle: 'x'.repeat(51), notificationBody: 'b' }), 400, 'BadRequest');
  t.match(long.message, /'notificationTitle' of the operation 'sendCustomNotificationToCompanyPortal' is longer than 50 characters/);
  t.match(graphError(t, await send('byod', { notificationTitle: 't', notificationBody: 'y'.repeat(501) }), 400, 'BadRequest').message, /'notificationBody'.*longer than 500/);
  t.match(graphError(t, await send('byod', { notificationTitle: true }), 400, 'BadRequest').message, /expected type 'Edm.String'/);
  t.equal((await send('byod', { notificationTitle: 'x'.repeat(50), notificationBody: 'y'.repeat(500) })).statusCode, 204, 'at the limits');
  for (let i = 2; i <= 10; i++) {
    clock.advance(60_000);
    t.equal((await send('byod', { notificationTitle: `n${i}`, notificationBody: 'b' })).statusCode, 204, `notification ${i}`);
  }
  const eleventh = graphError(t, await send('byod', { notificationTitle: 'n11', notificationBody: 'b' }), 400, 'BadRequest');
  t.match(JSON.parse(eleventh.message).Message, /10 custom notifications within the last hour/);
  t.equal((await send('ios-sup', { notificationTitle: 'other device', notificationBody: 'b' })).statusCode, 204, 'the limit is per device');
  let state = (await call('/_mock/devices/byod')).json;
  t.equal(state.simulation.notifications.filter((n: any) => n.type === 'customNotification').length, 10, 'the refused one was not shown');
  // The first went out at 0; an hour later one slot is free again, and only one.
  clock.advance(3600_000 - 9 * 60_000 + 1);
  t.equal((await send('byod', { notificationTitle: 'n11', notificationBody: 'b' })).statusCode, 204, 'an hour after the first');
  t.equal((await send('byod', { notificationTitle: 'n12', notificationBody: 'b' })).statusCode, 400, 'but not two');
  // The user acknowledges them, oldest first.
  t.equal((await call(event('byod', 'acknowledgeNotification'))).statusCode, 200);
  state = (await call('/_mock/devices/byod')).json;
  const shown = state.simulation.notifications.filter((n: any) => n.type === 'customNotification');
  t.equal(shown.length, 10);
  t.equal(shown[0].title, 'n2', 'the oldest went');
  for (let i = 0; i < 10; i++) await call(event('byod', 'acknowledgeNotification'));
  const none = await call(event('byod', 'acknowledgeNotification'));
  t.equal(none.statusCode, 409);
  t.match(none.json.error.message, /no custom notification is showing/);
  // An offline device never gets it ("delivery isn't guaranteed"), and it still counts.
  await call(event('ios-ue', 'goOffline'));
  t.equal((await send('ios-ue', { notificationTitle: 'lost', notificationBody: 'b' })).statusCode, 204);
  await call(event('ios-ue', 'goOnline'));
  clock.advance(2000);
  state = (await call('/_mock/devices/ios-ue')).json;
  t.same(state.simulation.notifications.filter((n: any) => n.type === 'customNotification'), [], 'never shown');
  t.equal(state.simulation.customNotificationsSentAt.length, 1, 'but counted');
  t.same(state.pendingActions, [], 'nothing was queued');
});

t.test('permissions: each action names its least-privileged permission', async (t) => {
  const { call } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { auth: 'strict' } });
  const token = async (roles: string[]) => (await call({ method: 'POST', url: '/_mock/tokens', payload: { roles } })).json.access_token as string;
  const as = async (roles: string[]) => ({ authorization: `Bearer ${await token(roles)}` });
  const privileged = await as(['DeviceManagementManagedDevices.PrivilegedOperations.All']);
  const readWrite = await as(['DeviceManagementManagedDevices.ReadWrite.All']);
  const config = await as(['DeviceManagementConfiguration.ReadWrite.All']);
  const cases: Array<[string, string, Record<string, string>, Record<string, string>, RegExp]> = [
    ['win', 'requestRemoteAssistance', readWrite, privileged, /DeviceManagementManagedDevices\.ReadWrite\.All/],
    ['win', 'setDeviceName', privileged, readWrite, /DeviceManagementManagedDevices\.PrivilegedOperations\.All/],
    ['byod', 'sendCustomNotificationToCompanyPortal', config, privileged, /DeviceManagementConfiguration\.ReadWrite\.All/],
  ];
  for (const [id, action, ok, refused, named] of cases) {
    t.equal((await call(post(`${BETA}/${id}/${action}`, BODY[action], ok))).statusCode, 204, `${action} allowed`);
    t.match(graphError(t, await call(post(`${BETA}/${id}/${action}`, BODY[action], refused)), 403, 'Forbidden').message, named, `${action} refused, naming ${named}`);
  }
});
