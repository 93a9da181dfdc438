/**
 * Path segments real Microsoft Graph has below `/v1.0` or `/beta` that this mock does not serve: a
 * request for one answers `501 NotImplemented` (the mock's limit), while a segment Graph does not have
 * answers Graph's own `400 Resource not found for the segment`. Names from the v1.0 CSDL
 * (msgraph-metadata) and docs/graph-fidelity.md#operations-and-paths, docs/graph-fidelity.md#unemulated-paths: root entity sets and singletons, the
 * `deviceManagement` children, and a managedDevice's navigation properties and bound actions.
 */
const NAMES = [
  // root
  'users', 'groups', 'devices', 'applications', 'servicePrincipals', 'organization', 'directoryObjects',
  'directoryRoles', 'deviceAppManagement', 'deviceManagement', 'security', 'reports', 'identity', 'policies',
  'sites', 'drives', 'teams', 'chats', 'communications', 'education', 'solutions', 'admin', 'auditLogs',
  'informationProtection', 'subscriptions', '$batch', '$metadata', 'me',
  // /me and /users/{id}
  'messages', 'events', 'calendar', 'drive', 'memberOf', 'manager', 'directReports', 'ownedDevices',
  'registeredDevices', 'photo', 'mailFolders', 'contacts', 'joinedTeams', 'licenseDetails', 'deviceManagementTroubleshootingEvents',
  'removeAllDevicesFromManagement', 'wipeManagedAppRegistrationsByDeviceTag',
  // /deviceManagement
  'detectedApps', 'deviceCategories', 'deviceConfigurations', 'deviceEnrollmentConfigurations',
  'windowsAutopilotDeviceIdentities', 'remoteActionAudits', 'comanagedDevices', 'managedDeviceOverview',
  'roleDefinitions', 'roleAssignments', 'auditEvents', 'deviceCompliancePolicySettingStateSummaries',
  'deviceCompliancePolicyDeviceStateSummary', 'deviceConfigurationDeviceStateSummaries', 'importedWindowsAutopilotDeviceIdentities',
  'notificationMessageTemplates', 'termsAndConditions', 'mobileThreatDefenseConnectors', 'exchangeConnectors',
  'deviceManagementPartners', 'softwareUpdateStatusSummary', 'troubleshootingEvents', 'virtualEndpoint',
  'applePushNotificationCertificate', 'conditionalAccessSettings', 'remoteAssistancePartners', 'resourceOperations',
  'telecomExpenseManagementPartners', 'windowsInformationProtectionAppLearningSummaries', 'iosUpdateStatuses',
  'userExperienceAnalyticsOverview', 'intents', 'templates', 'configurationPolicies', 'deviceHealthScripts',
  'deviceShellScripts', 'deviceManagementScripts', 'assignmentFilters', 'managedDeviceEncryptionStates',
  // a managedDevice's navigation properties
  'deviceCategory', 'deviceCompliancePolicyStates', 'deviceConfigurationStates', 'windowsProtectionState',
  'logCollectionRequests', 'detectedApps', 'assignmentFilterEvaluationStatusDetails', 'securityBaselineStates',
  'managedDeviceMobileAppConfigurationStates', 'deviceHealthScriptStates', 'assignments', 'deviceStatuses',
  'userStatuses', 'deviceStatusOverview', 'userStatusOverview', 'scheduledActionsForRule', 'deviceSettingStateSummaries',
  // managedDevice bound actions (docs/graph-fidelity.md#unemulated-paths)
  'resetPasscode', 'retire', 'wipe', 'remoteLock', 'syncDevice', 'rebootNow', 'shutDown', 'recoverPasscode',
  'locateDevice', 'disableLostMode', 'enableLostMode', 'playLostModeSound', 'bypassActivationLock', 'cleanWindowsDevice',
  'logoutSharedAppleDeviceActiveUser', 'deleteUserFromSharedAppleDevice', 'windowsDefenderScan',
  'windowsDefenderUpdateSignatures', 'updateWindowsDeviceAccount', 'requestRemoteAssistance', 'setDeviceName',
  'rotateFileVaultKey', 'getFileVaultKey', 'rotateBitLockerKeys', 'rotateLocalAdminPassword', 'executeAction', 'createDeviceLogCollectionRequest',
];

export const KNOWN_GRAPH_SEGMENTS: ReadonlySet<string> = new Set(NAMES.map((n) => n.toLowerCase()));

/** Beta-only names: on /v1.0 they are segments Graph does not have there (400), not an unemulated path. */
export const BETA_ONLY_SEGMENTS: ReadonlySet<string> = new Set(['remoteactionaudits', 'comanageddevices', 'enablelostmode', 'playlostmodesound', 'setdevicename', 'rotatefilevaultkey', 'getfilevaultkey', 'rotatebitlockerkeys', 'rotatelocaladminpassword', 'executeaction']);
