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

/**
 * A full managedDevice from a fixture device: its own values over the defaults, sharing nothing mutable
 * with the input. Objects and arrays are copied; strings, numbers and booleans are immutable and stay
 * shared with the seed fixture (a structuredClone of the whole device copied every string too: 2.2 KB
 * more per device, 220 MB for a 100,000-device tenant next to its seed; see BENCHMARKS.md).
 */
export function completeDevice(input: FixtureDevice): ManagedDevice {
  // `id` first, where Graph writes it.
  const { simulation: _ignored, id, ...graph } = input;
  const device: Record<string, unknown> = { id, ...DEVICE_DEFAULTS, ...graph };
  for (const key in device) {
    const value = device[key];
    if (value !== null && typeof value === 'object') device[key] = structuredClone(value);
  }
  return device as ManagedDevice;
}
