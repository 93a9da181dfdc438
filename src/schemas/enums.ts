/**
 * Graph enum types used by the emulated resources, with their CSDL member values.
 * Source: msgraph-metadata v1.0 CSDL, beta members from the beta docs (docs/graph-fidelity.md#enums).
 * Values matter: OData orders enums by value, and Graph's own error messages name members.
 *
 * v1.0 returns beta-only members anyway (e.g. `deviceEnrollmentType: androidEnterpriseCorporateWorkProfile`
 * on /v1.0, microsoftgraph/microsoft-graph-docs#18926), so each table is the beta superset.
 */
export const complianceState = {
  unknown: 0, compliant: 1, noncompliant: 2, conflict: 3, error: 4, inGracePeriod: 254, configManager: 255,
} as const;

export const managementAgentType = {
  eas: 1, mdm: 2, easMdm: 3, intuneClient: 4, easIntuneClient: 5, configurationManagerClient: 8,
  configurationManagerClientMdm: 10, configurationManagerClientMdmEas: 11, unknown: 16, jamf: 32,
  googleCloudDevicePolicyController: 64, microsoft365ManagedMdm: 258, msSense: 1024, intuneAosp: 2048,
  google: 8192, unknownFutureValue: 8193,
} as const;

export const deviceEnrollmentType = {
  unknown: 0, userEnrollment: 1, deviceEnrollmentManager: 2, appleBulkWithUser: 3, appleBulkWithoutUser: 4,
  windowsAzureADJoin: 5, windowsBulkUserless: 6, windowsAutoEnrollment: 7, windowsBulkAzureDomainJoin: 8,
  windowsCoManagement: 9, windowsAzureADJoinUsingDeviceAuth: 10, appleUserEnrollment: 11,
  appleUserEnrollmentWithServiceAccount: 12, azureAdJoinUsingAzureVmExtension: 14,
  androidEnterpriseDedicatedDevice: 15, androidEnterpriseFullyManaged: 16,
  androidEnterpriseCorporateWorkProfile: 17, androidAOSPUserOwnedDeviceEnrollment: 18,
  androidAOSPUserlessDeviceEnrollment: 19, appleAccountDrivenUserEnrollment: 25, unknownFutureValue: 26,
} as const;

export const managedDeviceOwnerType = { unknown: 0, company: 1, personal: 2, unknownFutureValue: 3 } as const;

export const deviceRegistrationState = {
  notRegistered: 0, registered: 2, revoked: 3, keyConflict: 4, approvalPending: 5, certificateReset: 6,
  notRegisteredPendingEnrollment: 7, unknown: 8,
} as const;

export const managementState = {
  managed: 0, retirePending: 1, retireFailed: 2, wipePending: 3, wipeFailed: 4, unhealthy: 5,
  deletePending: 6, retireIssued: 7, wipeIssued: 8, wipeCanceled: 9, retireCanceled: 10, discovered: 11,
  unknownFutureValue: 12,
} as const;

export const deviceManagementExchangeAccessState = {
  none: 0, unknown: 1, allowed: 2, blocked: 3, quarantined: 4,
} as const;

export const deviceManagementExchangeAccessStateReason = {
  none: 0, unknown: 1, exchangeGlobalRule: 2, exchangeIndividualRule: 3, exchangeDeviceRule: 4,
  exchangeUpgrade: 5, exchangeMailboxPolicy: 6, other: 7, compliant: 8, notCompliant: 9, notEnrolled: 10,
  unknownLocation: 12, mfaRequired: 13, azureADBlockDueToAccessPolicy: 14, compromisedPassword: 15,
  deviceNotKnownWithManagedApp: 16,
} as const;

export const managedDevicePartnerReportedHealthState = {
  unknown: 0, activated: 1, deactivated: 2, secured: 3, lowSeverity: 4, mediumSeverity: 5, highSeverity: 6,
  unresponsive: 7, compromised: 8, misconfigured: 9,
} as const;

export const actionState = {
  none: 0, pending: 1, canceled: 2, active: 3, done: 4, failed: 5, notSupported: 6,
} as const;

// Beta only.
export const ownerType = { unknown: 0, company: 1, personal: 2 } as const;
export const chassisType = {
  unknown: 0, desktop: 1, laptop: 2, worksWorkstation: 3, enterpriseServer: 4, phone: 100, tablet: 101,
  mobileOther: 102, mobileUnknown: 103,
} as const;
export const deviceType = {
  desktop: 0, windowsRT: 1, winMO6: 2, nokia: 3, windowsPhone: 4, mac: 5, winCE: 6, winEmbedded: 7,
  iPhone: 8, iPad: 9, iPod: 10, android: 11, iSocConsumer: 12, unix: 13, macMDM: 14, holoLens: 15,
  surfaceHub: 16, androidForWork: 17, androidEnterprise: 18, blackberry: 100, palm: 101, unknown: 255,
} as const;
export const lostModeState = { disabled: 0, enabled: 1 } as const;
export const managedDeviceArchitecture = { unknown: 0, x86: 1, x64: 2, arm: 3, arM64: 4 } as const;
export const joinType = { unknown: 0, azureADJoined: 1, azureADRegistered: 2, hybridAzureADJoined: 3 } as const;
export const managedDeviceManagementFeatures = { none: 0, microsoftManagedDesktop: 1 } as const;
/** `configurationManagerClientHealthState.state` (beta `intune-devices-configurationmanagerclientstate`). */
export const configurationManagerClientState = {
  unknown: 0, installed: 1, healthy: 7, installFailed: 8, updateFailed: 11, communicationError: 19,
} as const;
/**
 * `hardwareInformation`'s Device Guard states (beta `intune-devices-deviceguard*` enum pages). The hardware
 * requirement state is a flags enum (0, 1, 2, 4, 8); the mock writes single members only.
 */
export const deviceGuardVirtualizationBasedSecurityHardwareRequirementState = {
  meetHardwareRequirements: 0, secureBootRequired: 1, dmaProtectionRequired: 2, hyperVNotSupportedForGuestVM: 4, hyperVNotAvailable: 8,
} as const;
export const deviceGuardVirtualizationBasedSecurityState = {
  running: 0, rebootRequired: 1, require64BitArchitecture: 2, notLicensed: 3, notConfigured: 4, doesNotMeetHardwareRequirements: 5, other: 42,
} as const;
export const deviceGuardLocalSystemAuthorityCredentialGuardState = {
  running: 0, rebootRequired: 1, notLicensed: 2, notConfigured: 3, virtualizationBasedSecurityNotRunning: 4,
} as const;
/** Windows device-based subscription licensing (beta `intune-devices-devicelicensingstatus`); `unknown` (-1) is declared first. */
export const deviceLicensingStatus = {
  unknown: -1, licenseRefreshStarted: 0, licenseRefreshPending: 1, deviceIsNotAzureActiveDirectoryJoined: 2,
  verifyingMicrosoftDeviceIdentity: 3, deviceIdentityVerificationFailed: 4, verifyingMicrosoftAccountIdentity: 5,
  microsoftAccountVerificationFailed: 6, acquiringDeviceLicense: 7, refreshingDeviceLicense: 8, deviceLicenseRefreshSucceed: 9,
  deviceLicenseRefreshFailed: 10, removingDeviceLicense: 11, deviceLicenseRemoveSucceed: 12, deviceLicenseRemoveFailed: 13,
  unknownFutureValue: 14,
} as const;

export const remoteAction = {
  unknown: 0, factoryReset: 1, removeCompanyData: 2, resetPasscode: 3, remoteLock: 4, enableLostMode: 5,
  disableLostMode: 6, locateDevice: 7, rebootNow: 8, recoverPasscode: 9, cleanWindowsDevice: 10,
  logoutSharedAppleDeviceActiveUser: 11, quickScan: 12, fullScan: 13, windowsDefenderUpdateSignatures: 14,
  factoryResetKeepEnrollmentData: 15, updateDeviceAccount: 16, automaticRedeployment: 17, shutDown: 18,
  rotateBitLockerKeys: 19, rotateFileVaultKey: 20, getFileVaultKey: 21, setDeviceName: 22,
  activateDeviceEsim: 23, deprovision: 24, disable: 25, reenable: 26, moveDeviceToOrganizationalUnit: 27,
  initiateMobileDeviceManagementKeyRecovery: 28, initiateOnDemandProactiveRemediation: 29,
  // 30 and 31 are unused; members after unknownFutureValue are "evolvable": Graph writes them only to a
  // client that sends `Prefer: include-unknown-enum-members`, and unknownFutureValue to any other.
  rotateLocalAdminPassword: 32, unknownFutureValue: 33, launchRemoteHelp: 34, revokeAppleVppLicenses: 35,
  removeDeviceFirmwareConfigurationInterfaceManagement: 36, pauseConfigurationRefresh: 37, initiateDeviceAttestation: 38,
  changeAssignments: 39, delete: 40,
} as const;

export const deviceActionCategory = { single: 0, bulk: 1 } as const;

/** beta `executeAction`'s `actionName`: the bulk actions (msgraph-beta-sdk-python models/managed_device_remote_action.py). */
export const managedDeviceRemoteAction = {
  retire: 0, delete: 1, fullScan: 2, quickScan: 3, signatureUpdate: 4, wipe: 5, customTextNotification: 6, rebootNow: 7,
  setDeviceName: 8, syncDevice: 9, deprovision: 10, disable: 11, reenable: 12, moveDeviceToOrganizationalUnit: 13,
  activateDeviceEsim: 14, collectDiagnostics: 15, initiateMobileDeviceManagementKeyRecovery: 16,
  initiateOnDemandProactiveRemediation: 17, unknownFutureValue: 18, initiateDeviceAttestation: 19,
} as const;

/** wipe's beta `obliterationBehavior` (v1.0 CSDL has the enum, not the parameter). */
export const obliterationBehavior = { default: 0, doNotObliterate: 1, obliterateWithWarning: 2, always: 3, unknownFutureValue: 999 } as const;

/** Every enum by its Graph name, for the OData entity model and OpenAPI. */
export const graphEnums = {
  complianceState, managementAgentType, deviceEnrollmentType, managedDeviceOwnerType, deviceRegistrationState,
  managementState, deviceManagementExchangeAccessState, deviceManagementExchangeAccessStateReason,
  managedDevicePartnerReportedHealthState, actionState, ownerType, chassisType, deviceType, lostModeState,
  managedDeviceArchitecture, joinType, managedDeviceManagementFeatures, remoteAction, deviceActionCategory,
  obliterationBehavior, configurationManagerClientState, deviceGuardVirtualizationBasedSecurityHardwareRequirementState,
  deviceGuardVirtualizationBasedSecurityState, deviceGuardLocalSystemAuthorityCredentialGuardState, deviceLicensingStatus,
  managedDeviceRemoteAction,
} as const;
export type GraphEnumName = keyof typeof graphEnums;
