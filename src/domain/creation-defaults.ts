/**
 * What `POST /_mock/devices` gives a device for each field that decides how it behaves, when the request
 * leaves the field out (docs/simulation.md#creating-a-device). A field counts when a rules row, an action's
 * effect, a notification or an event reads it: the platform, the enrollment, supervision and the OS
 * version (rules rows), the passcodes and the reset token (effects, notifications), the compliance state
 * (the `setPasscode` event), the user (`/me` and `/users/{id}` paths); ownership and how the device
 * enrolled (`deviceEnrollmentType`) go with the enrollment. These never come from the random generator, so
 * the same request gives a device that behaves the same way whatever the seed; names, serial numbers,
 * models within the platform and dates still do. Generated fleets (`fixtures generate`) draw them on
 * purpose, for variety.
 *
 * ONE table: the README's "Defaults of a created device" is rendered from it
 * (`scripts/creation-defaults-table.ts`, checked by `test/unit/readme-defaults.test.ts`).
 */
import type { ManagedDevice } from '../schemas/managed-device.js';
import type { Enrollment, SimulationInput } from '../schemas/simulation.js';
import type { Platform } from './platform.js';

/** An OS version band: from `atLeast` (inclusive); absent, any version the hardware runs. */
export interface OsBand {
  atLeast?: string;
}

/** The fields the table gives defaults for, and the type of each default. */
export interface DefaultValues {
  operatingSystem: 'iOS';
  enrollment: Enrollment;
  deviceEnrollmentType: ManagedDevice['deviceEnrollmentType'];
  managedDeviceOwnerType: 'company' | 'personal';
  isSupervised: boolean;
  osVersion: OsBand;
  /** `firstUser`: the tenant's first user (none when it has none); `none`: userless. */
  user: 'firstUser' | 'none';
  complianceState: 'compliant';
  passcode: NonNullable<SimulationInput['passcode']>;
  workProfilePasscode: NonNullable<SimulationInput['workProfilePasscode']>;
  resetToken: NonNullable<SimulationInput['resetToken']>;
}
export type DefaultField = keyof DefaultValues;

/** Where a field lives in the request body: Graph properties at the top, the rest under `simulation`. */
export const FIELD_PATH: Readonly<Record<DefaultField, string>> = {
  operatingSystem: 'operatingSystem', enrollment: 'simulation.enrollment', deviceEnrollmentType: 'deviceEnrollmentType',
  managedDeviceOwnerType: 'managedDeviceOwnerType', isSupervised: 'isSupervised', osVersion: 'osVersion',
  user: 'userId / userPrincipalName', complianceState: 'complianceState', passcode: 'simulation.passcode',
  workProfilePasscode: 'simulation.workProfilePasscode', resetToken: 'simulation.resetToken',
};

/** The platforms a created device can have (`iOS` and `iPadOS` are `ios`); `any` for a row that holds for each. */
export type DefaultPlatform = Exclude<Platform, 'other'>;

export type CreationDefault = {
  [F in DefaultField]: {
    platform: DefaultPlatform | 'any';
    /** Only for these enrollments; absent, for all of the platform's. */
    enrollments?: readonly Enrollment[];
    field: F;
    value: DefaultValues[F];
    /** Why this value, with its source. */
    why: string;
  };
}[DefaultField];

const row = <F extends DefaultField>(platform: DefaultPlatform | 'any', field: F, value: DefaultValues[F], why: string, enrollments?: readonly Enrollment[]): CreationDefault =>
  ({ platform, field, value, why, ...(enrollments ? { enrollments } : {}) }) as CreationDefault;

const CORPORATE_IDS = 'https://github.com/MicrosoftDocs/memdocs/blob/main/intune/device-enrollment/add-corporate-identifiers.md';
const SUPERVISED = 'https://github.com/MicrosoftDocs/memdocs/blob/main/intune/device-enrollment/apple/enable-supervised-mode.md';
const MAC_ADE = 'https://github.com/MicrosoftDocs/memdocs/blob/main/intune/device-enrollment/apple/overview-automated-enrollment-macos.md';
const USER_ENROLLMENT = 'https://github.com/MicrosoftDocs/memdocs/blob/main/intune/device-enrollment/apple/user-enrollment-methods-ios.md';
const ANDROID_CORPORATE = ['corporateWorkProfile', 'fullyManaged', 'dedicated', 'aosp'] as const;
const ANDROID_PERSONAL = ['deviceAdministrator', 'workProfile'] as const;

/** The defaults, most specific row first within a field; `defaultFor` takes the first row that applies. */
export const CREATION_DEFAULTS: readonly CreationDefault[] = [
  row('any', 'operatingSystem', 'iOS', 'with no platform given (nor one implied by `simulation.enrollment` or `deviceEnrollmentType`): a supervised iPhone is the one kind of device every remote action an iPhone can take accepts in both rulesets (the Shared iPad and Windows-only ones aside)'),

  row('android', 'enrollment', 'deviceAdministrator', 'Android\'s enrollment is derived from `deviceEnrollmentType`, and without one it is device administrator (docs/simulation.md#enrollment)'),
  row('ios', 'enrollment', 'device', 'device enrollment is iOS/iPadOS\'s default; user enrollment only when asked (docs/simulation.md#enrollment)'),
  row('macos', 'enrollment', 'device', 'the platform\'s only enrollment'),
  row('windows', 'enrollment', 'device', 'the platform\'s only enrollment'),

  row('android', 'deviceEnrollmentType', 'userEnrollment', 'a Company Portal enrolment, as Graph reports device administrator and personal work profiles (Graph has no member of its own for either)', ANDROID_PERSONAL),
  row('android', 'deviceEnrollmentType', 'androidEnterpriseCorporateWorkProfile', 'the member the enrollment is derived from', ['corporateWorkProfile']),
  row('android', 'deviceEnrollmentType', 'androidEnterpriseFullyManaged', 'the member the enrollment is derived from', ['fullyManaged']),
  row('android', 'deviceEnrollmentType', 'androidEnterpriseDedicatedDevice', 'the member the enrollment is derived from', ['dedicated']),
  row('android', 'deviceEnrollmentType', 'androidAOSPUserlessDeviceEnrollment', 'AOSP devices are userless unless a user is given (headsets, scanners)', ['aosp']),
  row('ios', 'deviceEnrollmentType', 'appleBulkWithUser', `Automated Device Enrollment with a user, which Intune recommends for corporate-owned devices (${USER_ENROLLMENT})`, ['device']),
  row('ios', 'deviceEnrollmentType', 'appleAccountDrivenUserEnrollment', `account-driven User Enrollment: User Enrollment with Company Portal is deprecated for new enrolments (${USER_ENROLLMENT})`, ['userEnrollment']),
  row('macos', 'deviceEnrollmentType', 'appleBulkWithUser', `Automated Device Enrollment with a user, Apple's method for corporate-owned Macs (${MAC_ADE})`),
  row('windows', 'deviceEnrollmentType', 'windowsAzureADJoin', 'Microsoft Entra join (Windows Autopilot, user-driven)'),

  row('android', 'managedDeviceOwnerType', 'personal', `devices that enrol without corporate identifiers are marked personal (${CORPORATE_IDS})`, ANDROID_PERSONAL),
  row('android', 'managedDeviceOwnerType', 'company', `Intune marks Android Enterprise corporate and AOSP enrolments corporate-owned (${CORPORATE_IDS})`, ANDROID_CORPORATE),
  row('ios', 'managedDeviceOwnerType', 'company', `an Apple device enrollment program marks the device corporate-owned (${CORPORATE_IDS})`, ['device']),
  row('ios', 'managedDeviceOwnerType', 'personal', `User Enrollment is for personally owned (BYOD) devices (${USER_ENROLLMENT})`, ['userEnrollment']),
  row('macos', 'managedDeviceOwnerType', 'company', `Automated Device Enrollment is for corporate-owned Macs, not personal ones (${MAC_ADE})`),
  row('windows', 'managedDeviceOwnerType', 'company', `Windows Autopilot marks the device corporate-owned (${CORPORATE_IDS})`),

  row('ios', 'isSupervised', true, `Automated Device Enrollment supervises the device (${SUPERVISED}); \`rebootNow\` and \`shutDown\` need it`, ['device']),
  row('ios', 'isSupervised', false, `supervision is not available with User Enrollment (${USER_ENROLLMENT})`, ['userEnrollment']),
  row('macos', 'isSupervised', true, `Automated Device Enrollment supervises a Mac by default (${MAC_ADE}); no macOS rule reads it`),
  row('any', 'isSupervised', false, 'supervision is Apple\'s'),

  row('android', 'osVersion', { atLeast: '8.0' }, 'at or above every Android version threshold of both rulesets (7.0, 8.0): the current rows apply'),
  row('ios', 'osVersion', { atLeast: '17.0' }, 'meets the default fixture\'s iOS compliance policy (`osMinimumVersion` 17.0), so the device is compliant'),
  row('any', 'osVersion', {}, 'no rule reads a Mac\'s or a PC\'s version'),

  row('android', 'user', 'none', 'dedicated and userless AOSP devices have no user', ['dedicated', 'aosp']),
  row('any', 'user', 'firstUser', 'the user `/me` and a delegated token without `upn` stand for (docs/simulation.md#tenants); none when the tenant has no users'),

  row('any', 'complianceState', 'compliant', 'a new device meets the policies (passcode set, OS at the minimum); a passcode removal makes it noncompliant, `setPasscode` compliant again'),
  row('any', 'passcode', { set: true }, 'a managed device has a lock-screen passcode (docs/simulation.md#simulation-state)'),
  row('android', 'workProfilePasscode', { set: true }, 'the user set the work-profile passcode at enrolment; a personal work profile then shows `activateResetToken`', ['workProfile', 'corporateWorkProfile', 'fullyManaged']),
  row('any', 'workProfilePasscode', { set: false }, 'no work profile'),
  row('any', 'resetToken', 'inactive', 'the user has not yet entered the passcode that activates it (docs/simulation.md#notifications)'),
];

/** Whether a row holds for a device of `platform` with `enrollment`. */
export const rowApplies = (r: CreationDefault, platform: DefaultPlatform, enrollment: Enrollment | undefined): boolean =>
  (r.platform === 'any' || r.platform === platform) && (r.enrollments === undefined || (enrollment !== undefined && r.enrollments.includes(enrollment)));

/** The default of `field` for a device of `platform` with `enrollment`: the first row that holds. */
export function defaultFor<F extends DefaultField>(field: F, platform: DefaultPlatform, enrollment?: Enrollment): DefaultValues[F] {
  const found = CREATION_DEFAULTS.find((r) => r.field === field && rowApplies(r, platform, enrollment));
  if (!found) throw new Error(`no creation default for ${field} on ${platform}/${enrollment ?? '-'}`);
  return found.value as DefaultValues[F];
}
