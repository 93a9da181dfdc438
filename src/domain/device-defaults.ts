/**
 * What a managedDevice holds for every property a fixture leaves out: the values real Graph sends for a
 * property with nothing in it (a real 2024 GET, ForgeRock/intune-node README): `null` strings, Graph's
 * date sentinels `0001-01-01T00:00:00Z` and (grace period) `9999-12-31T23:59:59.9999999Z`, zeros, and
 * the "nothing" member of each enum. Some strings are `""` there: `deviceCategoryDisplayName`,
 * `remoteAssistanceSessionErrorDetails` and `enrollmentProfileName` (whose description says so: "Default value
 * is empty string, indicating no enrollment profile was assgined").
 */
import type { ManagedDevice } from '../schemas/managed-device.js';
import type { FixtureDevice } from '../schemas/fixture.js';
import { copyJson } from '../lib/copy-json.js';

export const NEVER = '0001-01-01T00:00:00Z';
export const FOREVER = '9999-12-31T23:59:59.9999999Z';

export const DEVICE_DEFAULTS: Omit<ManagedDevice, 'id'> = {
  userId: null, deviceName: null, managedDeviceOwnerType: 'unknown', enrolledDateTime: NEVER, lastSyncDateTime: NEVER,
  operatingSystem: null, complianceState: 'unknown', jailBroken: 'Unknown', managementAgent: 'mdm', osVersion: null,
  easActivated: false, easDeviceId: null, easActivationDateTime: NEVER, azureADRegistered: null,
  deviceEnrollmentType: 'unknown', activationLockBypassCode: null, emailAddress: null, azureADDeviceId: null,
  deviceRegistrationState: 'registered', deviceCategoryDisplayName: '', isSupervised: false,
  exchangeLastSuccessfulSyncDateTime: NEVER, exchangeAccessState: 'none', exchangeAccessStateReason: 'none',
  remoteAssistanceSessionUrl: null, remoteAssistanceSessionErrorDetails: '', isEncrypted: false,
  userPrincipalName: null, model: null, manufacturer: null, imei: null, complianceGracePeriodExpirationDateTime: FOREVER,
  serialNumber: null, phoneNumber: null, androidSecurityPatchLevel: null, userDisplayName: null,
  configurationManagerClientEnabledFeatures: null, wiFiMacAddress: null, deviceHealthAttestationState: null,
  subscriberCarrier: null, meid: null, totalStorageSpaceInBytes: 0, freeStorageSpaceInBytes: 0, managedDeviceName: null,
  partnerReportedThreatState: 'unknown', requireUserEnrollmentApproval: null, managementCertificateExpirationDate: NEVER,
  iccid: null, udid: null, notes: null, ethernetMacAddress: null, physicalMemoryInBytes: 0, enrollmentProfileName: '',
  deviceActionResults: [], managementState: 'managed',
  // beta
  hardwareInformation: null, chassisType: 'unknown', lostModeState: 'disabled', retireAfterDateTime: NEVER,
  usersLoggedOn: [], preferMdmOverGroupPolicyAppliedDateTime: NEVER, autopilotEnrolled: false, roleScopeTagIds: ['0'],
  windowsActiveMalwareCount: 0, windowsRemediatedMalwareCount: 0, configurationManagerClientHealthState: null,
  configurationManagerClientInformation: null, processorArchitecture: 'unknown',
  specificationVersion: null, joinType: 'unknown', skuFamily: null, skuNumber: 0, managementFeatures: 'none',
  chromeOSDeviceInfo: [], bootstrapTokenEscrowed: false, deviceFirmwareConfigurationInterfaceManaged: false,
  cloudPcRemoteActionResults: [], enrolledByUserPrincipalName: null, securityPatchLevel: null,
};

/** Every property of a managedDevice but `id`, in the order Graph writes them. */
const DEVICE_KEYS = Object.keys(DEVICE_DEFAULTS) as Array<keyof typeof DEVICE_DEFAULTS>;

/**
 * A device with every key, made once: each device starts as a copy of it, which V8 makes in one step with
 * the final shape and fast properties; its values are then overwritten (keys already there: no shape change).
 * JSON.parse builds fast properties whatever the object's size.
 */
const BLANK_DEVICE: Readonly<Record<string, unknown>> = JSON.parse(JSON.stringify({ id: '', ...DEVICE_DEFAULTS })) as Record<string, unknown>;

/**
 * A full managedDevice from a fixture device: its own values over the defaults, `id` first (where Graph writes
 * it), sharing nothing mutable with the input or with another device (the defaults' arrays are copied too;
 * strings stay shared with the seed fixture: lib/copy-json.ts).
 * The keys are the schema's (a fixture device has no others: the fixture schema refuses them); a property
 * given as `undefined` takes its default.
 */
export function completeDevice(input: FixtureDevice): ManagedDevice {
  const device: Record<string, unknown> = { ...BLANK_DEVICE };
  device.id = input.id;
  const given = input as Record<string, unknown>;
  for (const key of DEVICE_KEYS) {
    const value = given[key];
    device[key] = copyJson(value === undefined ? DEVICE_DEFAULTS[key] : value);
  }
  return device as ManagedDevice;
}
