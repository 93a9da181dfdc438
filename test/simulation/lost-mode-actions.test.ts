/**
 * Lost mode and locate (docs/simulation.md#remote-actions): enableLostMode, disableLostMode,
 * playLostModeSound, locateDevice on every kind of device under both rulesets, their parameters and
 * permission, what the device does at check-in, the 24-hour locate window, the stopSound event and the
 * audit rows. Expectations are written out from the Intune pages, not derived from the rules.
 */
import t from 'tap';
import type { FixtureDevice } from '../../src/schemas/fixture.js';
import { build, graphError } from '../helpers/build.js';
import { ANDROID_KINDS, iphone, sendToEachKind, simFixture } from '../helpers/sim-fixture.js';

const ios = iphone;
const win = (id: string, osVersion: string): FixtureDevice => ({ id, deviceName: id, operatingSystem: 'Windows', osVersion });

const KINDS = {
  ...ANDROID_KINDS,
  iosSupervised: ios('ios-sup', 'device', true),
  iosLost: ios('ios-lost', 'device', true, '18.5', { lostModeState: 'enabled' }),
  iosOld: ios('ios-old', 'device', true, '9.2'),
  iosUnsupervised: ios('ios-unsup', 'device', false),
  iosUserEnrollment: ios('ios-ue', 'userEnrollment', false),
  mac: { id: 'mac', deviceName: 'mac', operatingSystem: 'macOS', osVersion: '15.6.1', isSupervised: true, simulation: { enrollment: 'device' } },
  win: win('win', '10.0.26100.2605'),
  win20H2Old: win('win20h2-old', '10.0.19042.500'),
  win1809: win('win1809', '10.0.17763.1728'),
} satisfies Record<string, FixtureDevice>;
type Kind = keyof typeof KINDS;

/** Which kinds accept each action (`204`); every other kind answers `400`. */
const SUPPORTED: Record<string, Record<'2018' | '2025', Kind[]>> = {
  // lost-mode.md: supervised iOS/iPadOS; 2018 (device-lost-mode.md 2020): iOS 9.3+.
  enableLostMode: { '2025': ['iosSupervised', 'iosLost', 'iosOld'], '2018': ['iosSupervised', 'iosLost'] },
  disableLostMode: { '2025': ['iosSupervised', 'iosLost', 'iosOld'], '2018': ['iosSupervised', 'iosLost'] },
  // play-lost-mode-sound.md: AE corporate-owned; supervised iOS in Lost Mode.
  playLostModeSound: { '2025': ['cope', 'cobo', 'cosu', 'iosLost'], '2018': ['cope', 'cobo', 'cosu', 'iosLost'] },
  // locate.md: AE corporate-owned, supervised iOS in Lost Mode, Windows; 2022: Android dedicated only, Windows from patch levels.
  locateDevice: {
    '2025': ['cope', 'cobo', 'cosu', 'iosLost', 'win', 'win20H2Old', 'win1809'],
    '2018': ['cosu', 'iosLost', 'win', 'win1809'],
  },
};
const BETA_ONLY = new Set(['enableLostMode', 'playLostModeSound']);
const AUDIT: Record<string, string | null> = { enableLostMode: 'enableLostMode', disableLostMode: 'disableLostMode', playLostModeSound: null, locateDevice: 'locateDevice' };
const MD = '/beta/deviceManagement/managedDevices';
const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) => ({ method: 'POST' as const, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const BODY: Record<string, unknown> = { enableLostMode: { message: 'Please return to Contoso', phoneNumber: '+1 425 555 0100', footer: 'Reward' }, playLostModeSound: { durationInMinutes: '5' } };

for (const ruleset of ['2018', '2025'] as const) {
  for (const [action, supported] of Object.entries(SUPPORTED)) {
    t.test(`${ruleset}: ${action} on every kind of device`, async (t) => {
      const { call, clock } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { ruleset } });
      await sendToEachKind(t, call, (id) => `${MD}/${id}/${action}`, KINDS, supported[ruleset], BODY[action]);
      clock.advance(2000);
      for (const kind of supported[ruleset]) {
        const id = KINDS[kind].id;
        const state = (await call(`/_mock/devices/${id}`)).json;
        t.same(state.pendingActions, [], `${kind}: carried out`);
        const graph = (await call(`${MD}/${id}?$select=deviceActionResults,lostModeState`)).json;
        const result = graph.deviceActionResults.find((r: any) => r.actionName === action);
        // disableLostMode on a device not in lost mode: Apple's error 12067.
        const failed = action === 'disableLostMode' && kind !== 'iosLost';
        t.equal(result.actionState, failed ? 'failed' : 'done', `${kind}: ${failed ? 'failed' : 'done'}`);
        if (action === 'enableLostMode') {
          t.equal(graph.lostModeState, 'enabled', `${kind}: lostModeState enabled`);
          t.same(state.simulation.lostMode, { ...(BODY.enableLostMode as object), enabledAt: state.device.lastSyncDateTime }, `${kind}: the lock screen shows the message`);
        }
        if (action === 'disableLostMode') t.equal(graph.lostModeState, 'disabled');
        if (action === 'playLostModeSound') t.ok(state.simulation.lostModeSound, `${kind}: the sound plays`);
        if (action === 'locateDevice') {
          t.equal(result['@odata.type'], '#microsoft.graph.locateDeviceActionResult');
          t.ok(result.deviceLocation.latitude >= -90 && result.deviceLocation.latitude <= 90, `${kind}: a position`);
        }
      }
      const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
      if (AUDIT[action]) {
        t.equal(audits.length, supported[ruleset].length, 'one audit row per accepted request');
        t.ok(audits.every((a: any) => a.action === AUDIT[action]), `audits: ${AUDIT[action]}`);
      } else t.same(audits, [], 'no remoteAction member, no audit row');
      const v1 = await call(post(`/v1.0/deviceManagement/managedDevices/ios-lost/${action}`, BODY[action]));
      if (BETA_ONLY.has(action)) t.equal(graphError(t, v1, 400, 'BadRequest').message, `Resource not found for the segment '${action}'.`, 'beta only');
      else t.equal(v1.statusCode, 204, 'also on v1.0');
    });
  }
}

t.test('enableLostMode: parameters are strings; the device needs a message or a phone number', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([KINDS.iosSupervised]) });
  const url = `${MD}/ios-sup/enableLostMode`;
  t.match(graphError(t, await call(post(url, { message: 42 })), 400, 'BadRequest').message, /Edm\.String.*'message'/);
  t.match(graphError(t, await call(post(url, { colour: 'red' })), 400, 'BadRequest').message, /'colour'.*not a valid parameter/);
  t.equal((await call(post(url, { footer: 'only a footer' }))).statusCode, 204, 'accepted: every parameter is nullable');
  clock.advance(2000);
  const graph = (await call(`${MD}/ios-sup?$select=deviceActionResults,lostModeState`)).json;
  t.equal(graph.deviceActionResults[0].actionState, 'failed', 'Apple refuses lost mode without a message or phone number');
  t.equal(graph.lostModeState, 'disabled');
  t.equal((await call(post(url, { phoneNumber: '+1 425 555 0100' }))).statusCode, 204);
  clock.advance(2000);
  t.equal((await call(`${MD}/ios-sup?$select=lostModeState`)).json.lostModeState, 'enabled', 'a phone number alone will do');
});

t.test('lost mode: locked until an admin disables it, then locate and the sound; disable ends both', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([{ ...KINDS.iosSupervised, simulation: { enrollment: 'device', location: { latitude: 51.5, longitude: -0.12 } } }]) });
  const event = (type: string) => call({ method: 'POST', url: '/_mock/devices/ios-sup/events', payload: { type } });
  t.equal((await call(post(`${MD}/ios-sup/locateDevice`))).statusCode, 400, 'not in lost mode: locate is refused');
  t.equal((await call(`${MD}/ios-sup?$select=lostModeState`)).json.lostModeState, 'disabled');
  t.equal((await call(post(`${MD}/ios-sup/enableLostMode`, BODY.enableLostMode))).statusCode, 204);
  t.equal((await call(`${MD}/ios-sup?$select=lostModeState`)).json.lostModeState, 'disabled', 'pending: not yet in lost mode');
  clock.advance(2000);
  t.equal((await call(`${MD}/ios-sup?$select=lostModeState`)).json.lostModeState, 'enabled');
  const unlock = await event('unlock');
  t.equal(unlock.statusCode, 409);
  t.match(unlock.json.error.message, /lost mode until an admin disables it/, 'the user cannot unlock it');
  t.equal((await call(`/v1.0/deviceManagement/managedDevices/ios-sup?$select=lostModeState`)).statusCode, 400, 'lostModeState is beta only');

  t.equal((await call(post(`/v1.0/deviceManagement/managedDevices/ios-sup/locateDevice`))).statusCode, 204);
  const locateResult = async () => (await call(`/v1.0/deviceManagement/managedDevices/ios-sup?$select=deviceActionResults`)).json.deviceActionResults.find((r: any) => r.actionName === 'locateDevice');
  let result = await locateResult();
  t.match(result, { '@odata.type': '#microsoft.graph.locateDeviceActionResult', actionName: 'locateDevice', actionState: 'pending', deviceLocation: null }, 'pending: no position yet');
  clock.advance(2000);
  result = await locateResult();
  t.same(result.deviceLocation, {
    lastCollectedDateTime: result.lastUpdatedDateTime, latitude: 51.5, longitude: -0.12, altitude: 0, horizontalAccuracy: 10,
    verticalAccuracy: 10, heading: 0, speed: 0,
  }, 'the simulated position, collected at check-in');
  t.equal(result.actionState, 'done');
  clock.advance(24 * 3600 * 1000 - 1);
  t.ok((await call(`${MD}/ios-sup?$select=deviceActionResults`)).json.deviceActionResults.find((r: any) => r.actionName === 'locateDevice').deviceLocation, 'kept for 24 hours');
  clock.advance(1);
  const after = (await call(`${MD}/ios-sup?$select=deviceActionResults`)).json.deviceActionResults.find((r: any) => r.actionName === 'locateDevice');
  t.equal(after.deviceLocation, null, 'then null');
  t.equal(after.actionState, 'done');

  t.equal((await call(post(`${MD}/ios-sup/playLostModeSound`, { durationInMinutes: 5 }))).statusCode, 400, 'durationInMinutes is a string on the wire');
  t.equal((await call(post(`${MD}/ios-sup/playLostModeSound`, {}))).statusCode, 204, 'no duration');
  clock.advance(2000);
  t.same((await call('/_mock/devices/ios-sup')).json.simulation.lostModeSound.until, null, 'plays until stopped');
  t.equal((await call(post(`/v1.0/deviceManagement/managedDevices/ios-sup/disableLostMode`))).statusCode, 204);
  clock.advance(2000);
  const state = (await call('/_mock/devices/ios-sup')).json;
  t.equal(state.simulation.lostMode, undefined, 'the lock screen is the device\'s own again');
  t.equal(state.simulation.lostModeSound, undefined, 'the iOS sound stops with lost mode');
  t.equal((await call(`${MD}/ios-sup?$select=lostModeState`)).json.lostModeState, 'disabled');
  t.equal((await call(post(`${MD}/ios-sup/playLostModeSound`, {}))).statusCode, 400, 'out of lost mode: no sound');
  const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value.map((a: any) => [a.action, a.actionState]);
  t.same(audits.sort(), [['disableLostMode', 'done'], ['enableLostMode', 'done'], ['locateDevice', 'done']], 'audits: enable, locate, disable; no row for the sound');
});

t.test('Android: the sound plays for its minutes, with a Stop Sound notification the user can press', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([KINDS.cobo, KINDS.cosu]) });
  const event = (id: string, type: string) => call({ method: 'POST', url: `/_mock/devices/${id}/events`, payload: { type } });
  t.equal((await call(post(`${MD}/cobo/playLostModeSound`, { durationInMinutes: '3' }))).statusCode, 204);
  t.equal((await call(post(`${MD}/cosu/playLostModeSound`, { durationInMinutes: '10' }))).statusCode, 204);
  t.equal((await event('cobo', 'stopSound')).statusCode, 409, 'nothing plays before the check-in');
  clock.advance(2000);
  let cobo = (await call('/_mock/devices/cobo')).json.simulation;
  t.equal(Date.parse(cobo.lostModeSound.until) - Date.parse(cobo.lostModeSound.startedAt), 3 * 60_000, 'three minutes');
  t.match(cobo.notifications, [{ type: 'lostModeSound' }], 'the notification shows');
  t.equal((await event('cobo', 'stopSound')).statusCode, 200, 'Stop Sound');
  cobo = (await call('/_mock/devices/cobo')).json.simulation;
  t.equal(cobo.lostModeSound, undefined);
  t.same(cobo.notifications, [], 'the notification goes');
  clock.advance(10 * 60_000);
  const cosu = (await call({ method: 'POST', url: '/_mock/devices/cosu/events', payload: { type: 'stopSound' } }));
  t.equal(cosu.statusCode, 409, 'after its minutes the sound has stopped by itself');
  t.match(cosu.json.error.message, /no lost mode sound is playing/);
  t.same((await call('/_mock/devices/cosu')).json.simulation.notifications, [], 'and its notification has gone');
});

t.test('a duration past the end of the mock\'s clock plays until stopped (no failed check-in, a file that loads again)', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([KINDS.cobo]) });
  t.equal((await call(post(`${MD}/cobo/playLostModeSound`, { durationInMinutes: '999999999999' }))).statusCode, 204);
  clock.advance(2000);
  const cobo = (await call('/_mock/devices/cobo')).json;
  t.equal(cobo.simulation.lostModeSound.until, null, 'until stopped');
  t.match(cobo.device.deviceActionResults, [{ actionName: 'playLostModeSound', actionState: 'done' }]);
});

t.test('permissions: the four actions need PrivilegedOperations.All', async (t) => {
  const { call } = await build(t, { fixture: simFixture([KINDS.iosLost, KINDS.win]), config: { auth: 'strict' } });
  const token = async (roles: string[]) => (await call({ method: 'POST', url: '/_mock/tokens', payload: { roles } })).json.access_token as string;
  const readWrite = { authorization: `Bearer ${await token(['DeviceManagementManagedDevices.ReadWrite.All'])}` };
  const privileged = { authorization: `Bearer ${await token(['DeviceManagementManagedDevices.PrivilegedOperations.All'])}` };
  for (const action of Object.keys(SUPPORTED)) {
    const refused = graphError(t, await call(post(`${MD}/ios-lost/${action}`, BODY[action], readWrite)), 403, 'Forbidden');
    t.match(refused.message, /DeviceManagementManagedDevices\.PrivilegedOperations\.All/, `${action}: names the permission`);
  }
  t.equal((await call(post(`${MD}/win/locateDevice`, undefined, privileged))).statusCode, 204);
});

t.test('retire and wipe end lost mode; generated devices carry a position', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([{ ...KINDS.iosLost, simulation: { enrollment: 'device', lostMode: { message: 'lost', phoneNumber: null, footer: null, enabledAt: '2026-01-01T00:00:00.000Z' } } }]) });
  t.equal((await call(post(`${MD}/ios-lost/wipe`, {}))).statusCode, 204);
  clock.advance(2000);
  const state = (await call('/_mock/devices/ios-lost')).json;
  t.equal(state.simulation.lostMode, undefined);
  t.equal(state.device.lostModeState, 'disabled');
  const created = await call({ method: 'POST', url: '/_mock/devices', payload: { operatingSystem: 'Windows' } });
  t.equal(created.statusCode, 201);
  const { location } = (await call(`/_mock/devices/${created.json.device.id}`)).json.simulation;
  t.ok(location && Math.abs(location.latitude) <= 90 && Math.abs(location.longitude) <= 180, 'a generated device has a plausible position');
});
