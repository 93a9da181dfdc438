/**
 * Every row of the rules table (docs/simulation.md#resetpasscode) under both rulesets: the HTTP answer, the action's state
 * after check-in, the passcode returned or not, and what the device and its user see afterwards.
 */
import t from 'tap';
import type { FixtureDevice } from '../../src/schemas/fixture.js';
import { build } from '../helpers/build.js';
import { android, apple, simFixture } from '../helpers/sim-fixture.js';

type After = {
  state: 'done' | 'notSupported' | 'failed';
  passcode: 'device' | 'workProfile' | null;
  notifications: string[];
  compliance?: string;
  devicePasscodeSet?: boolean;
};
type Expect = { http: 400 } | ({ http: 204 } & After);

interface Case {
  name: string;
  device: FixtureDevice;
  policies?: { ios?: boolean; workProfile?: boolean };
  '2018': Expect;
  '2025': Expect;
}

const WP = { set: true };
const done = (passcode: After['passcode'], extra: Partial<After> = {}): Expect => ({
  http: 204, state: 'done', passcode, notifications: passcode ? ['newPasscode'] : [], ...extra,
});

const cases: Case[] = [
  { name: 'device administrator 6.0.1', device: android('da-6', '6.0.1', { enrollment: 'deviceAdministrator' }), '2018': done('device'), '2025': done('device') },
  { name: 'device administrator 9', device: android('da-9', '9', { enrollment: 'deviceAdministrator' }), '2018': { http: 400 }, '2025': { http: 400 } },
  { name: 'device administrator 7.0 exactly', device: android('da-7', '7.0', { enrollment: 'deviceAdministrator' }), '2018': { http: 400 }, '2025': { http: 400 } },
  {
    name: 'work profile 10, token active', device: android('wp-10-active', '10', { enrollment: 'workProfile', resetToken: 'active', workProfilePasscode: WP }),
    '2018': done('workProfile'), '2025': done('workProfile'),
  },
  {
    name: 'work profile 10, token inactive', device: android('wp-10-inactive', '10', { enrollment: 'workProfile', resetToken: 'inactive', workProfilePasscode: WP }),
    '2018': { http: 204, state: 'notSupported', passcode: null, notifications: ['activateResetToken'] },
    '2025': { http: 204, state: 'notSupported', passcode: null, notifications: ['activateResetToken'] },
  },
  {
    name: 'work profile 7.1.2 (between the thresholds)', device: android('wp-7', '7.1.2', { enrollment: 'workProfile', resetToken: 'active', workProfilePasscode: WP }),
    '2018': done('workProfile'), '2025': { http: 400 },
  },
  { name: 'work profile 6.0', device: android('wp-6', '6.0', { enrollment: 'workProfile', workProfilePasscode: WP }), '2018': { http: 400 }, '2025': { http: 400 } },
  {
    name: 'work profile 12 without a work-profile password policy', policies: { ios: true, workProfile: false },
    device: android('wp-nopolicy', '12', { enrollment: 'workProfile', resetToken: 'active', workProfilePasscode: WP }),
    '2018': done('workProfile'), '2025': { http: 204, state: 'failed', passcode: null, notifications: [] },
  },
  { name: 'corporate work profile 12', device: android('cope-12', '12', { enrollment: 'corporateWorkProfile' }), '2018': done('workProfile'), '2025': done('workProfile') },
  {
    name: 'corporate work profile 12 without a policy', policies: { ios: true, workProfile: false },
    device: android('cope-nopolicy', '12', { enrollment: 'corporateWorkProfile' }),
    '2018': done('workProfile'), '2025': { http: 204, state: 'failed', passcode: null, notifications: [] },
  },
  { name: 'fully managed 13', device: android('cobo-13', '13', { enrollment: 'fullyManaged' }), '2018': done('workProfile'), '2025': done('workProfile') },
  { name: 'fully managed 7.1.2', device: android('cobo-7', '7.1.2', { enrollment: 'fullyManaged' }), '2018': { http: 400 }, '2025': { http: 400 } },
  { name: 'corporate work profile 8.0 exactly', device: android('cope-8', '8.0', { enrollment: 'corporateWorkProfile' }), '2018': done('workProfile'), '2025': done('workProfile') },
  { name: 'dedicated 11', device: android('cosu-11', '11', { enrollment: 'dedicated' }), '2018': done('device'), '2025': done('device') },
  { name: 'AOSP 10', device: android('aosp-10', '10', { enrollment: 'aosp' }), '2018': done('device'), '2025': done('device') },
  {
    name: 'iPhone under a passcode policy', device: apple('iphone', 'iOS', '17.4.1', 'device'),
    '2018': done(null, { notifications: ['setPasscode'], compliance: 'noncompliant', devicePasscodeSet: false }),
    '2025': done(null, { notifications: ['setPasscode'], compliance: 'noncompliant', devicePasscodeSet: false }),
  },
  {
    name: 'iPad without a passcode policy', policies: { ios: false, workProfile: true }, device: apple('ipad', 'iPadOS', '18.1', 'device'),
    '2018': done(null, { notifications: [], compliance: 'compliant', devicePasscodeSet: false }),
    '2025': done(null, { notifications: [], compliance: 'compliant', devicePasscodeSet: false }),
  },
  { name: 'iOS user enrollment', device: apple('ios-ue', 'iOS', '17.4.1', 'userEnrollment'), '2018': { http: 400 }, '2025': { http: 400 } },
  { name: 'macOS', device: apple('mac', 'macOS', '14.4.1', 'device'), '2018': { http: 400 }, '2025': { http: 400 } },
  { name: 'Windows', device: { id: 'win', operatingSystem: 'Windows', osVersion: '10.0.22631.3447' }, '2018': { http: 400 }, '2025': { http: 400 } },
];

for (const ruleset of ['2018', '2025'] as const) {
  for (const c of cases) {
    t.test(`${ruleset}: ${c.name}`, async (t) => {
      const { call, clock } = await build(t, { fixture: simFixture([c.device], c.policies), config: { ruleset } });
      const expect = c[ruleset];
      const id = c.device.id;
      const graph = `/v1.0/deviceManagement/managedDevices/${id}`;
      const res = await call({ method: 'POST', url: `${graph}/resetPasscode` });
      t.equal(res.statusCode, expect.http, 'HTTP answer');
      const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
      if (expect.http === 400) {
        t.equal(res.json.error.code, 'BadRequest');
        const inner = JSON.parse(res.json.error.message);
        t.match(inner.Message, /resetPasscode action is not supported on this device/);
        t.same((await call(`${graph}?$select=deviceActionResults`)).json.deviceActionResults, [], 'nothing queued');
        t.same(audits, [], 'no audit');
        return;
      }
      t.equal(res.body, '');
      const pending = (await call(`${graph}?$select=deviceActionResults`)).json.deviceActionResults;
      t.match(pending, [{ '@odata.type': '#microsoft.graph.resetPasscodeActionResult', actionName: 'resetPasscode', actionState: 'pending', passcode: null }]);
      t.match(audits, [{ action: 'resetPasscode', actionState: 'pending', managedDeviceId: id, deviceActionCategory: 'single' }]);

      clock.advance(2000); // the default check-in delay
      const results = (await call(`${graph}?$select=deviceActionResults,lastSyncDateTime,complianceState`)).json;
      const result = results.deviceActionResults[0];
      t.equal(result.actionState, expect.state, 'state after check-in');
      t.equal(result.lastUpdatedDateTime, new Date(clock.now()).toISOString(), 'updated at the check-in');
      t.equal(results.lastSyncDateTime, new Date(clock.now()).toISOString(), 'the device synced');
      const state = (await call(`/_mock/devices/${id}`)).json;
      if (expect.passcode === 'device') {
        t.match(result.passcode, /^\d{6}$/, 'a device passcode is returned');
        t.same(state.simulation.passcode, { set: true, value: result.passcode }, 'the device has it');
      } else if (expect.passcode === 'workProfile') {
        t.match(result.passcode, /^[A-Z2-9]{8}$/, 'a work-profile passcode is returned');
        t.same(state.simulation.workProfilePasscode, { set: true, value: result.passcode }, 'the work profile has it');
      } else t.equal(result.passcode, null, 'no passcode returned');
      t.same(state.simulation.notifications.map((n: { type: string }) => n.type).sort(), [...expect.notifications].sort(), 'what the user sees');
      if (expect.compliance) t.equal(results.complianceState, expect.compliance, 'compliance');
      if (expect.devicePasscodeSet !== undefined) t.equal(state.simulation.passcode.set, expect.devicePasscodeSet, 'device passcode');
      t.same(state.pendingActions, [], 'nothing pending');
      const audit = (await call('/beta/deviceManagement/remoteActionAudits')).json.value[0];
      t.equal(audit.actionState, expect.state, 'the audit follows');
    });
  }
}
