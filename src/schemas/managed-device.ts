/**
 * The Graph `managedDevice` resource: every v1.0 property with its CSDL type and nullability, then the
 * beta-only properties (docs/graph-fidelity.md#manageddevice, docs/graph-fidelity.md#properties-v10-and-beta). One definition serves the stored record, the fixture
 * format, PATCH validation, OpenAPI and the OData entity model.
 *
 * Source: msgraph-metadata `clean_v10_metadata/cleanMetadata.xml` EntityType managedDevice; beta names from
 * `schemas/type-mappings/beta-*.json`, beta types from learn.microsoft.com beta resource pages and their nullability
 * from the beta typings (`@microsoft/microsoft-graph-types-beta`, `NullableOption<…>`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { DeviceActionResultSchema } from './device-action-result.js';
import {
  EdmBoolean, EdmCollection, EdmComplex, EdmDateTimeOffset, EdmDouble, EdmEnum, EdmInt32, EdmInt64, EdmString,
  Nullable, SelectOnly, Writable, entityModel, propertiesWith,
} from './edm.js';

const S = () => Nullable(EdmString());

/** v1.0 `configurationManagerClientEnabledFeatures`: the workloads a co-managed PC has moved to Intune. */
export const ConfigurationManagerClientEnabledFeaturesSchema = Type.Object({
  inventory: EdmBoolean(), modernApps: EdmBoolean(), resourceAccess: EdmBoolean(),
  deviceConfiguration: EdmBoolean(), compliancePolicy: EdmBoolean(), windowsUpdateForBusiness: EdmBoolean(),
}, { additionalProperties: false });
/**
 * Members the beta type adds (beta docs page intune-devices-configurationmanagerclientenabledfeatures,
 * msgraph-beta-sdk-python `ConfigurationManagerClientEnabledFeatures`). Optional in what is stored, so that
 * a fixture may leave them out; beta writes them (`false` when not stored), v1.0 never (graph/serialize-device.ts).
 */
const ConfigurationManagerClientEnabledFeaturesBetaSchema = Type.Object({
  ...ConfigurationManagerClientEnabledFeaturesSchema.properties,
  endpointProtection: EdmBoolean(), officeApps: EdmBoolean(),
}, { additionalProperties: false });
const ConfigurationManagerClientEnabledFeaturesStoredSchema = Type.Object({
  ...ConfigurationManagerClientEnabledFeaturesSchema.properties,
  endpointProtection: Type.Optional(EdmBoolean()), officeApps: Type.Optional(EdmBoolean()),
}, { additionalProperties: false });

const healthStringProps = [
  'lastUpdateDateTime', 'contentNamespaceUrl', 'deviceHealthAttestationStatus', 'contentVersion',
  'attestationIdentityKey', 'dataExcutionPolicy', 'bitLockerStatus', 'bootManagerVersion',
  'codeIntegrityCheckVersion', 'secureBoot', 'bootDebugging', 'operatingSystemKernelDebugging', 'codeIntegrity',
  'testSigning', 'safeMode', 'windowsPE', 'earlyLaunchAntiMalwareDriverProtection', 'virtualSecureMode',
  'pcrHashAlgorithm', 'bootAppSecurityVersion', 'bootManagerSecurityVersion', 'tpmVersion', 'pcr0',
  'secureBootConfigurationPolicyFingerPrint', 'codeIntegrityPolicy', 'bootRevisionListInfo',
  'operatingSystemRevListInfo', 'healthStatusMismatchInfo', 'healthAttestationSupportedStatus',
] as const;
export const DeviceHealthAttestationStateSchema = Type.Object({
  ...Object.fromEntries(healthStringProps.map((p) => [p, Type.Optional(S())])),
  issuedDateTime: Type.Optional(EdmDateTimeOffset()),
  resetCount: Type.Optional(EdmInt64()),
  restartCount: Type.Optional(EdmInt64()),
}, { additionalProperties: false });

/** v1.0 properties, in the order real Graph writes them (ForgeRock/intune-node README, a real 2024 GET). */
export const ManagedDeviceV1Schema = Type.Object({
  id: EdmString(),
  userId: S(),
  deviceName: S(),
  managedDeviceOwnerType: Writable(EdmEnum('managedDeviceOwnerType')),
  enrolledDateTime: EdmDateTimeOffset(),
  lastSyncDateTime: EdmDateTimeOffset(),
  operatingSystem: S(),
  complianceState: EdmEnum('complianceState'),
  jailBroken: S(),
  managementAgent: EdmEnum('managementAgentType'),
  osVersion: S(),
  easActivated: EdmBoolean(),
  easDeviceId: S(),
  easActivationDateTime: EdmDateTimeOffset(),
  azureADRegistered: Nullable(EdmBoolean()),
  deviceEnrollmentType: EdmEnum('deviceEnrollmentType'),
  activationLockBypassCode: SelectOnly(S()),
  emailAddress: S(),
  azureADDeviceId: S(),
  deviceRegistrationState: EdmEnum('deviceRegistrationState'),
  deviceCategoryDisplayName: S(),
  isSupervised: EdmBoolean(),
  exchangeLastSuccessfulSyncDateTime: EdmDateTimeOffset(),
  exchangeAccessState: EdmEnum('deviceManagementExchangeAccessState'),
  exchangeAccessStateReason: EdmEnum('deviceManagementExchangeAccessStateReason'),
  remoteAssistanceSessionUrl: SelectOnly(S()),
  remoteAssistanceSessionErrorDetails: S(),
  isEncrypted: EdmBoolean(),
  userPrincipalName: S(),
  model: S(),
  manufacturer: S(),
  imei: S(),
  complianceGracePeriodExpirationDateTime: EdmDateTimeOffset(),
  serialNumber: S(),
  phoneNumber: S(),
  androidSecurityPatchLevel: S(),
  userDisplayName: S(),
  configurationManagerClientEnabledFeatures: Nullable(EdmComplex(ConfigurationManagerClientEnabledFeaturesSchema)),
  wiFiMacAddress: S(),
  deviceHealthAttestationState: Nullable(EdmComplex(DeviceHealthAttestationStateSchema)),
  subscriberCarrier: S(),
  meid: S(),
  totalStorageSpaceInBytes: EdmInt64(),
  freeStorageSpaceInBytes: EdmInt64(),
  managedDeviceName: Writable(S()),
  partnerReportedThreatState: EdmEnum('managedDevicePartnerReportedHealthState'),
  requireUserEnrollmentApproval: Nullable(EdmBoolean()),
  managementCertificateExpirationDate: EdmDateTimeOffset(),
  iccid: SelectOnly(S()),
  udid: SelectOnly(S()),
  notes: Writable(SelectOnly(S())),
  ethernetMacAddress: SelectOnly(S()),
  physicalMemoryInBytes: SelectOnly(EdmInt64()),
  enrollmentProfileName: S(),
  deviceActionResults: Nullable(EdmCollection(DeviceActionResultSchema)),
  // In the CSDL (and `$filter`-able per its description) but absent from the one real single GET we
  // have (ForgeRock/intune-node README, 2024); kept, last, so filters on it work.
  managementState: EdmEnum('managementState'),
}, { additionalProperties: false });

/** One user of a Shared iPad (beta `sharedAppleDeviceUser`). */
export const SharedAppleDeviceUserSchema = Type.Object({
  userPrincipalName: S(), dataToSync: EdmBoolean(), dataQuota: Nullable(EdmInt64()), dataUsed: EdmInt64(),
}, { additionalProperties: false });

/**
 * Beta `hardwareInformation`, every member in the order of the beta docs page
 * (learn.microsoft.com/graph/api/resources/intune-devices-hardwareinformation?view=graph-rest-beta). All optional in
 * a fixture; Graph writes every member (see `graph/serialize-device.ts`).
 */
export const HardwareInformationSchema = Type.Object({
  serialNumber: Type.Optional(S()), totalStorageSpace: Type.Optional(EdmInt64()),
  freeStorageSpace: Type.Optional(EdmInt64()), imei: Type.Optional(S()), meid: Type.Optional(S()),
  manufacturer: Type.Optional(S()), model: Type.Optional(S()), phoneNumber: Type.Optional(S()),
  subscriberCarrier: Type.Optional(S()), cellularTechnology: Type.Optional(S()), wifiMac: Type.Optional(S()),
  operatingSystemLanguage: Type.Optional(S()), isSupervised: Type.Optional(EdmBoolean()),
  isEncrypted: Type.Optional(EdmBoolean()), batterySerialNumber: Type.Optional(S()),
  batteryHealthPercentage: Type.Optional(EdmInt32()), batteryChargeCycles: Type.Optional(EdmInt32()),
  isSharedDevice: Type.Optional(EdmBoolean()),
  sharedDeviceCachedUsers: Type.Optional(Nullable(EdmCollection(SharedAppleDeviceUserSchema))),
  tpmSpecificationVersion: Type.Optional(S()), operatingSystemEdition: Type.Optional(S()),
  deviceFullQualifiedDomainName: Type.Optional(S()),
  deviceGuardVirtualizationBasedSecurityHardwareRequirementState: Type.Optional(EdmEnum('deviceGuardVirtualizationBasedSecurityHardwareRequirementState')),
  deviceGuardVirtualizationBasedSecurityState: Type.Optional(EdmEnum('deviceGuardVirtualizationBasedSecurityState')),
  deviceGuardLocalSystemAuthorityCredentialGuardState: Type.Optional(EdmEnum('deviceGuardLocalSystemAuthorityCredentialGuardState')),
  osBuildNumber: Type.Optional(S()), operatingSystemProductType: Type.Optional(EdmInt32()),
  ipAddressV4: Type.Optional(S()), subnetAddress: Type.Optional(S()), esimIdentifier: Type.Optional(S()),
  systemManagementBIOSVersion: Type.Optional(S()), tpmManufacturer: Type.Optional(S()),
  tpmVersion: Type.Optional(S()), wiredIPv4Addresses: Type.Optional(Nullable(EdmCollection(Type.String()))),
  batteryLevelPercentage: Type.Optional(Nullable(EdmDouble())), residentUsersCount: Type.Optional(Nullable(EdmInt32())),
  productName: Type.Optional(S()), deviceLicensingStatus: Type.Optional(EdmEnum('deviceLicensingStatus')),
  deviceLicensingLastErrorCode: Type.Optional(EdmInt32()), deviceLicensingLastErrorDescription: Type.Optional(S()),
}, { additionalProperties: false });

/** Beta `loggedOnUser`: a user who signed in on the device, and when last. */
export const LoggedOnUserSchema = Type.Object({ userId: S(), lastLogOnDateTime: EdmDateTimeOffset() }, { additionalProperties: false });

/** Beta `chromeOSDeviceProperty`: one property a ChromeOS device reports. */
export const ChromeOSDevicePropertySchema = Type.Object({
  name: S(), value: S(), valueType: S(), updatable: EdmBoolean(),
}, { additionalProperties: false });

/** Beta `configurationManagerClientHealthState`: a co-managed PC's Configuration Manager client. */
export const ConfigurationManagerClientHealthStateSchema = Type.Object({
  state: EdmEnum('configurationManagerClientState'), errorCode: EdmInt32(), lastSyncDateTime: EdmDateTimeOffset(),
}, { additionalProperties: false });

/** Beta `configurationManagerClientInformation`: the Configuration Manager client's id, version, blocked state. */
export const ConfigurationManagerClientInformationSchema = Type.Object({
  clientIdentifier: S(), isBlocked: EdmBoolean(), clientVersion: S(),
}, { additionalProperties: false });

const KeyValuePairSchema = Type.Object({ name: EdmString(), value: S() }, { additionalProperties: false });
const CloudPcStatusDetailSchema = Type.Object({
  code: S(), message: S(), additionalInformation: Nullable(EdmCollection(KeyValuePairSchema)),
}, { additionalProperties: false });

/** Beta `cloudPcRemoteActionResult`: a remote action on a Cloud PC (the mock has none: always `[]`). */
export const CloudPcRemoteActionResultSchema = Type.Object({
  actionName: S(), actionState: Nullable(EdmEnum('actionState')), startDateTime: Nullable(EdmDateTimeOffset()),
  lastUpdatedDateTime: Nullable(EdmDateTimeOffset()), cloudPcId: S(), managedDeviceId: S(),
  statusDetails: Nullable(EdmComplex(CloudPcStatusDetailSchema)), statusDetail: Nullable(EdmComplex(CloudPcStatusDetailSchema)),
}, { additionalProperties: false });

/**
 * Beta-only properties that are stored. The beta duplicates of v1.0 properties (`ownerType`,
 * `azureActiveDirectoryDeviceId`, `aadRegistered`) and `deviceType` are derived when serialising
 * (see `graph/serialize-device.ts`), so they cannot drift from their v1.0 twins.
 */
export const ManagedDeviceBetaStoredSchema = Type.Object({
  hardwareInformation: Nullable(SelectOnly(EdmComplex(HardwareInformationSchema))),
  chassisType: EdmEnum('chassisType'),
  lostModeState: EdmEnum('lostModeState'),
  retireAfterDateTime: EdmDateTimeOffset(),
  usersLoggedOn: Nullable(EdmCollection(LoggedOnUserSchema)),
  preferMdmOverGroupPolicyAppliedDateTime: EdmDateTimeOffset(),
  autopilotEnrolled: EdmBoolean(),
  roleScopeTagIds: Nullable(EdmCollection(Type.String())),
  windowsActiveMalwareCount: EdmInt32(),
  windowsRemediatedMalwareCount: EdmInt32(),
  configurationManagerClientHealthState: Nullable(EdmComplex(ConfigurationManagerClientHealthStateSchema)),
  configurationManagerClientInformation: Nullable(EdmComplex(ConfigurationManagerClientInformationSchema)),
  processorArchitecture: EdmEnum('managedDeviceArchitecture'),
  specificationVersion: S(),
  joinType: EdmEnum('joinType'),
  skuFamily: S(),
  skuNumber: EdmInt32(),
  managementFeatures: EdmEnum('managedDeviceManagementFeatures'),
  chromeOSDeviceInfo: Nullable(EdmCollection(ChromeOSDevicePropertySchema)),
  bootstrapTokenEscrowed: SelectOnly(EdmBoolean()),
  deviceFirmwareConfigurationInterfaceManaged: EdmBoolean(),
  cloudPcRemoteActionResults: Nullable(EdmCollection(CloudPcRemoteActionResultSchema)),
  enrolledByUserPrincipalName: S(),
  securityPatchLevel: S(),
}, { additionalProperties: false });

/** Beta properties computed from v1.0 ones at serialisation time. */
export const ManagedDeviceBetaDerivedSchema = Type.Object({
  ownerType: EdmEnum('ownerType'),
  azureActiveDirectoryDeviceId: S(),
  aadRegistered: Nullable(EdmBoolean()),
  deviceType: EdmEnum('deviceType'),
});

/**
 * What the store keeps for a device: v1.0 + stored beta properties, all present. A complex type that beta
 * extends keeps its v1.0 place with the beta members optional.
 */
export const ManagedDeviceSchema = Type.Object({
  ...ManagedDeviceV1Schema.properties,
  configurationManagerClientEnabledFeatures: Nullable(EdmComplex(ConfigurationManagerClientEnabledFeaturesStoredSchema)),
  ...ManagedDeviceBetaStoredSchema.properties,
}, { additionalProperties: false });
export type ManagedDevice = Static<typeof ManagedDeviceSchema>;

/** The wire shape on /beta: stored + derived, the beta complex types with every member. */
export const ManagedDeviceBetaSchema = Type.Object({
  ...ManagedDeviceSchema.properties,
  configurationManagerClientEnabledFeatures: Nullable(EdmComplex(ConfigurationManagerClientEnabledFeaturesBetaSchema)),
  ...ManagedDeviceBetaDerivedSchema.properties,
});

export const managedDeviceModelV1 = entityModel('microsoft.graph.managedDevice', ManagedDeviceV1Schema);
export const managedDeviceModelBeta = entityModel('microsoft.graph.managedDevice', ManagedDeviceBetaSchema);

/** Properties whose real value Graph returns only on a single GET that `$select`s them (docs/graph-fidelity.md#select-only-properties). */
export const SELECT_ONLY_PROPERTIES: ReadonlySet<string> = new Set([
  ...propertiesWith(ManagedDeviceV1Schema, 'x-select-only'),
  ...propertiesWith(ManagedDeviceBetaStoredSchema, 'x-select-only'),
]);

/** The properties PATCH accepts (no `Core.Computed` annotation in the CSDL). */
export const WRITABLE_PROPERTIES: ReadonlySet<string> = new Set(propertiesWith(ManagedDeviceV1Schema, 'x-writable'));

/** PATCH body: writable properties only; anything else is refused (see `domain/devices.ts`). */
export const ManagedDeviceUpdateSchema = Type.Object({
  '@odata.type': Type.Optional(Type.Literal('#microsoft.graph.managedDevice')),
  managedDeviceName: Type.Optional(S()),
  managedDeviceOwnerType: Type.Optional(EdmEnum('managedDeviceOwnerType')),
  notes: Type.Optional(S()),
}, { additionalProperties: false });
export type ManagedDeviceUpdate = Static<typeof ManagedDeviceUpdateSchema>;
