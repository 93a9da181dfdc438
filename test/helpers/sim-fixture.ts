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
