/** Small fixtures for simulation tests: one device per case, a user, and the policies the case wants. */
import type { Fixture, FixtureDevice } from '../../src/schemas/fixture.js';

export const USER = { id: '11111111-1111-4111-8111-111111111111', userPrincipalName: 'megan@contoso.onmicrosoft.com', displayName: 'Megan Bowen' };
export const IOS_POLICY = {
  '@odata.type': '#microsoft.graph.iosCompliancePolicy' as const, id: 'ios-policy', displayName: 'iOS passcode', passcodeRequired: true,
};
export const WP_POLICY = {
  '@odata.type': '#microsoft.graph.androidWorkProfileCompliancePolicy' as const, id: 'wp-policy', displayName: 'Work profile password', passwordRequired: true,
};

export function simFixture(devices: FixtureDevice[], policies: { ios?: boolean; workProfile?: boolean } = { ios: true, workProfile: true }): Fixture {
  return {
    users: [USER],
    compliancePolicies: [...(policies.ios ? [IOS_POLICY] : []), ...(policies.workProfile ? [WP_POLICY] : [])],
    devices: devices.map((d) => ({ userId: USER.id, userPrincipalName: USER.userPrincipalName, complianceState: 'compliant', imei: '356938035643809', ...d })),
  };
}

export const android = (id: string, osVersion: string, simulation: FixtureDevice['simulation']): FixtureDevice => ({
  id, deviceName: `android-${id}`, operatingSystem: 'Android', osVersion, simulation,
});
export const apple = (id: string, operatingSystem: 'iOS' | 'iPadOS' | 'macOS', osVersion: string, enrollment: 'device' | 'userEnrollment'): FixtureDevice => ({
  id, deviceName: `apple-${id}`, operatingSystem, osVersion, simulation: { enrollment },
});

/** One Android device of each enrollment on a current version: the remote-action tests' Android rows. */
export const ANDROID_KINDS = {
  da: android('da', '13', { enrollment: 'deviceAdministrator' }),
  byod: android('byod', '14', { enrollment: 'workProfile' }),
  cope: android('cope', '14', { enrollment: 'corporateWorkProfile' }),
  cobo: android('cobo', '14', { enrollment: 'fullyManaged' }),
  cosu: android('cosu', '11', { enrollment: 'dedicated' }),
  aosp: android('aosp', '10', { enrollment: 'aosp' }),
} satisfies Record<string, FixtureDevice>;

/** An iPhone: enrolled as a device or by User Enrollment, supervised or not. */
export const iphone = (id: string, enrollment: 'device' | 'userEnrollment', isSupervised: boolean, osVersion = '18.5', extra: Partial<FixtureDevice> = {}): FixtureDevice =>
  ({ id, deviceName: `ios-${id}`, operatingSystem: 'iOS', osVersion, isSupervised, simulation: { enrollment }, ...extra });

interface Call {
  (request: { method: 'POST'; url: string; headers?: Record<string, string>; payload?: string | object } | string): Promise<{ statusCode: number; json: any }>;
}
interface Assert {
  equal: Function;
  match: Function;
  same: Function;
}

/**
 * Sends `action` to every kind of device: `204` from the kinds in `supported`; from every other kind Intune's
 * `400` naming the action, and nothing queued.
 */
export async function sendToEachKind(t: Assert, call: Call, url: (id: string) => string, kinds: Record<string, { id: string }>, supported: readonly string[], payload?: unknown): Promise<void> {
  for (const [kind, { id }] of Object.entries(kinds)) {
    const res = await call({ method: 'POST', url: url(id), ...(payload === undefined ? {} : { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) }) });
    const ok = supported.includes(kind);
    t.equal(res.statusCode, ok ? 204 : 400, `${kind}: ${ok ? 'accepted' : 'refused'}`);
    if (ok) continue;
    t.match(JSON.parse(res.json.error.message).Message, new RegExp(`The ${url('').split('/').pop()} action is not supported on this device`));
    t.same((await call(`/_mock/devices/${id}`)).json.pendingActions, [], `${kind}: nothing queued`);
  }
}
