/**
 * Every remote action × every kind of device × both rulesets (docs/simulation.md#remote-actions): the HTTP
 * answer, and after the check-in what the device did. The expectations are written out from the Intune
 * pages here, not derived from the rules tables, so a wrong row fails.
 */
import t, { type Test } from 'tap';
import type { FixtureDevice } from '../../src/schemas/fixture.js';
import { build } from '../helpers/build.js';
import { android, simFixture } from '../helpers/sim-fixture.js';

const ios = (id: string, enrollment: 'device' | 'userEnrollment', isSupervised: boolean): FixtureDevice =>
  ({ id, deviceName: `ios-${id}`, operatingSystem: 'iOS', osVersion: '18.5', isSupervised, simulation: { enrollment } });

const KINDS = {
  da: android('da', '13', { enrollment: 'deviceAdministrator' }),
  byod: android('byod', '14', { enrollment: 'workProfile', workProfilePasscode: { set: true }, resetToken: 'active', notifications: [{ type: 'newPasscode', shownAt: '2026-01-15T08:00:00.000Z' }] }),
  cope: android('cope', '14', { enrollment: 'corporateWorkProfile' }),
  cobo: android('cobo', '14', { enrollment: 'fullyManaged' }),
  cobo7: android('cobo7', '7.1.2', { enrollment: 'fullyManaged' }),
  cosu: android('cosu', '11', { enrollment: 'dedicated' }),
  aosp: android('aosp', '10', { enrollment: 'aosp' }),
  iosSupervised: ios('ios-sup', 'device', true),
  iosUnsupervised: ios('ios-unsup', 'device', false),
  iosUserEnrollment: ios('ios-ue', 'userEnrollment', false),
  mac: { id: 'mac', deviceName: 'mac', operatingSystem: 'macOS', osVersion: '15.6.1', isSupervised: true, simulation: { enrollment: 'device' } },
  win: { id: 'win', deviceName: 'win', operatingSystem: 'Windows', osVersion: '10.0.26100.2605' },
} satisfies Record<string, FixtureDevice>;
type Kind = keyof typeof KINDS;
const ALL = Object.keys(KINDS) as Kind[];
const except = (...no: Kind[]) => ALL.filter((k) => !no.includes(k));
const ANDROID: Kind[] = ['da', 'byod', 'cope', 'cobo', 'cobo7', 'cosu', 'aosp'];

/** The kinds of device that accept each action (`204`); every other kind answers `400`. */
const SUPPORTED: Record<string, Record<'2018' | '2025', Kind[]>> = {
  retire: {
    '2025': ['da', 'byod', 'iosSupervised', 'iosUnsupervised', 'iosUserEnrollment', 'mac', 'win'],
    '2018': ['da', 'byod', 'cope', 'iosSupervised', 'iosUnsupervised', 'iosUserEnrollment', 'mac', 'win'],
  },
  wipe: { '2025': except('byod', 'iosUserEnrollment'), '2018': except('byod', 'iosUserEnrollment') },
  syncDevice: { '2025': ALL, '2018': except('aosp') },
  rebootNow: {
    '2025': ['cobo', 'cobo7', 'cosu', 'aosp', 'iosSupervised', 'mac', 'win'],
    '2018': ['cobo', 'cosu', 'iosSupervised', 'mac', 'win'],
  },
  shutDown: { '2025': ['iosSupervised', 'mac'], '2018': ['iosSupervised', 'mac'] },
  remoteLock: { '2025': except('da', 'byod', 'win'), '2018': except('win') },
};

/** What the device shows after it checked in, per action (for a supported kind). */
function checkAfter(t: Test, action: string, kind: Kind, state: any, graph: { statusCode: number; json: any }) {
  const sim = state.simulation;
  switch (action) {
    case 'retire':
      t.equal(graph.statusCode, 404, `${kind}: gone from Graph`);
      t.equal(sim.enrolled, false, `${kind}: unenrolled`);
      t.equal(state.device.managementState, 'retirePending');
      t.same([sim.workProfilePasscode.set, sim.resetToken, sim.notifications], [false, 'inactive', []], `${kind}: company data removed`);
      break;
    case 'wipe':
      t.equal(graph.statusCode, 404, `${kind}: gone from Graph`);
      t.equal(sim.enrolled, false);
      t.equal(sim.passcode.set, false, `${kind}: factory reset`);
      break;
    case 'syncDevice':
      t.equal(graph.json.deviceActionResults.find((r: any) => r.actionName === 'syncDevice').actionState, 'done');
      break;
    case 'rebootNow':
      t.equal(sim.power, 'rebooting', `${kind}: restarting`);
      break;
    case 'shutDown':
      t.equal(sim.power, 'off', `${kind}: off`);
      break;
    case 'remoteLock': {
      t.equal(sim.locked, true, `${kind}: locked`);
      const result = graph.json.deviceActionResults.find((r: any) => r.actionName === 'remoteLock');
      t.equal(result['@odata.type'], '#microsoft.graph.remoteLockActionResult');
      t.equal(result.actionState, 'done');
      if (kind === 'mac') t.match(result.unlockPin, /^\d{6}$/, 'a Mac gets an unlock PIN');
      else t.equal(result.unlockPin, null);
      break;
    }
  }
}

for (const ruleset of ['2018', '2025'] as const) {
  for (const [action, supported] of Object.entries(SUPPORTED)) {
    t.test(`${ruleset}: ${action} on every kind of device`, async (t) => {
      const { call, clock } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { ruleset } });
      for (const kind of ALL) {
        const id = KINDS[kind].id;
        const res = await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${id}/${action}` });
        const ok = supported[ruleset].includes(kind);
        t.equal(res.statusCode, ok ? 204 : 400, `${kind}: ${ok ? 'accepted' : 'refused'}`);
        if (!ok) {
          t.equal(res.json.error.code, 'BadRequest');
          t.match(JSON.parse(res.json.error.message).Message, new RegExp(`The ${action} action is not supported on this device`));
          t.same((await call(`/_mock/devices/${id}`)).json.pendingActions, [], `${kind}: nothing queued`);
        }
      }
      clock.advance(2000); // the default check-in delay
      for (const kind of supported[ruleset]) {
        const id = KINDS[kind].id;
        const state = (await call(`/_mock/devices/${id}`)).json;
        t.same(state.pendingActions, [], `${kind}: carried out`);
        const graph = await call(`/v1.0/deviceManagement/managedDevices/${id}?$select=deviceActionResults,managementState`);
        checkAfter(t, action, kind, state, graph);
      }
      const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
      const expected = { retire: 'removeCompanyData', wipe: 'factoryReset', rebootNow: 'rebootNow', shutDown: 'shutDown', remoteLock: 'remoteLock' }[action];
      if (expected) {
        t.equal(audits.length, supported[ruleset].length, 'one audit row per accepted request');
        t.ok(audits.every((a: any) => a.action === expected && a.actionState === 'done'), `audits: ${expected}, done`);
      } else t.same(audits, [], 'no remoteAction member, no audit row');
    });
  }
}

t.test('the Android kinds are every Android enrollment', async (t) => {
  t.same(new Set(ANDROID.map((k) => (KINDS[k] as FixtureDevice).simulation?.enrollment)).size, 6);
});
