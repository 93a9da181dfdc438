import t from 'tap';
import { compareVersions, platformOf } from '../../src/domain/platform.js';
import { deriveEnrollment } from '../../src/domain/simulation-defaults.js';

t.test('OS versions compare numerically, component by component', async (t) => {
  const cases: Array<[string | null, string, number]> = [
    ['6.0.1', '7.0', -1], ['7', '7.0', 0], ['7.0.0', '7', 0], ['7.1.2', '7.0', 1], ['10', '9.1', 1], ['8.0', '8', 0],
    ['17.4.1', '17.4', 1], ['14.4.1 (23E224)', '14.4.1', 0], ['10.0.22631.3447', '10.0.19045', 1], [null, '7.0', -1], ['', '0', 0],
  ];
  for (const [a, b, want] of cases) t.equal(compareVersions(a, b), want, `${a} vs ${b}`);
});

t.test('platforms from operatingSystem', async (t) => {
  const cases: Array<[string | null, string]> = [
    ['Android', 'android'], ['AndroidForWork', 'android'], ['iOS', 'ios'], ['iPadOS', 'ios'], ['macOS', 'macos'],
    ['Windows', 'windows'], ['Linux', 'other'], [null, 'other'],
  ];
  for (const [os, want] of cases) t.equal(platformOf(os), want, String(os));
});

t.test('enrollment derived as docs/simulation.md#devices says', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['Android', 'androidEnterpriseCorporateWorkProfile', 'corporateWorkProfile'],
    ['Android', 'androidEnterpriseFullyManaged', 'fullyManaged'],
    ['Android', 'androidEnterpriseDedicatedDevice', 'dedicated'],
    ['Android', 'androidAOSPUserOwnedDeviceEnrollment', 'aosp'],
    ['Android', 'androidAOSPUserlessDeviceEnrollment', 'aosp'],
    ['Android', 'userEnrollment', 'deviceAdministrator'],
    ['iOS', 'appleUserEnrollment', 'userEnrollment'],
    ['iPadOS', 'appleUserEnrollmentWithServiceAccount', 'userEnrollment'],
    ['iOS', 'appleAccountDrivenUserEnrollment', 'userEnrollment'],
    ['iOS', 'appleBulkWithUser', 'device'],
    ['macOS', 'appleBulkWithUser', 'device'],
    ['Windows', 'windowsAzureADJoin', 'device'],
  ];
  for (const [os, type, want] of cases) {
    t.equal(deriveEnrollment({ operatingSystem: os, deviceEnrollmentType: type as never }), want, `${os} ${type}`);
  }
});
