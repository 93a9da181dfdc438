/**
 * The remote actions the mock serves, as data: one row per action (docs/simulation.md#remote-actions). The
 * Graph routes (both URL forms, every path), their OpenAPI operations, parameter checks and permission
 * checks are generated from this table, and the README's rules tables are checked against it
 * (docs/architecture.md#a-remote-action). What each platform can do is in `domain/rules/`, what the
 * device does when it checks in is in `domain/simulation/effects.ts`.
 */
import type { DeviceActionResult } from '../../schemas/device-action-result.js';
import type { Operation } from '../permissions.js';

import type { ActionName } from '../../schemas/pending-action.js';

export type { ActionName } from '../../schemas/pending-action.js';

/** A body parameter as Graph's CSDL declares it (docs/graph-fidelity.md#remote-actions). */
export interface ActionParameter {
  name: string;
  type: 'Edm.Boolean' | 'Edm.String' | 'Edm.Int32' | 'Collection(Edm.String)'
    | 'microsoft.graph.obliterationBehavior' | 'microsoft.graph.managedDeviceRemoteAction'
    | 'microsoft.graph.updateWindowsDeviceAccountActionParameter';
  nullable: boolean;
  /** The values Intune takes (an Int32's range, e.g. pauseConfigurationRefresh's 0 to 1,440 minutes). */
  minimum?: number;
  maximum?: number;
  /** The Graph versions that have the parameter (beta adds some). */
  versions: readonly ('v1.0' | 'beta')[];
  /** A string's longest accepted length (a longer one is a `400` naming it). */
  maxLength?: number;
}

/** The properties a derived `deviceActionResult` type adds (`resetPasscodeActionResult`'s `passcode`, …). */
export type ResultProperties = Readonly<Omit<Partial<DeviceActionResult>, '@odata.type' | 'actionName' | 'actionState' | 'startDateTime' | 'lastUpdatedDateTime'>>;

/** The `remoteAction` members of the beta audit report (`remoteActionAudits`). */
export type AuditAction = 'resetPasscode' | 'removeCompanyData' | 'factoryReset' | 'factoryResetKeepEnrollmentData' | 'rebootNow' | 'shutDown' | 'remoteLock' | 'delete'
  | 'enableLostMode' | 'disableLostMode' | 'locateDevice'
  | 'logoutSharedAppleDeviceActiveUser' | 'rotateFileVaultKey'
  | 'cleanWindowsDevice' | 'quickScan' | 'fullScan' | 'windowsDefenderUpdateSignatures' | 'rotateBitLockerKeys' | 'rotateLocalAdminPassword' | 'pauseConfigurationRefresh' | 'updateDeviceAccount' | 'recoverPasscode'
  | 'launchRemoteHelp' | 'setDeviceName';

export interface ActionSpec {
  name: ActionName;
  /** The Graph versions that have it. */
  versions: readonly ('v1.0' | 'beta')[];
  /** The permission check (domain/permissions.ts): the least-privileged permissions that allow it. */
  operation: Operation;
  parameters: readonly ActionParameter[];
  /** One line for OpenAPI: what it does to "a device". */
  summary: string;
  /** OpenAPI: when it answers `400`. */
  refusedWhen: string;
  /**
   * The `@odata.type` of its entry in the device's `deviceActionResults`, or null: retire and wipe never
   * appear there (observed on real tenants; their state shows in `managementState`).
   */
  resultType: `#microsoft.graph.${string}` | null;
  /**
   * What its derived result type carries besides `deviceActionResult`'s properties, as it reads while
   * pending or when the action did not give them (a reset's `passcode: null`); the device's effect
   * (`domain/simulation/effects.ts`) fills them in when it does.
   */
  resultProperties?: ResultProperties;
  /** Its row in the beta audit report, or null where the `remoteAction` enum has no member for it. */
  audit: ((parameters: Readonly<Record<string, unknown>>) => AuditAction) | null;
  /** Retire and wipe override every other pending action of the device (they end `canceled`). */
  overrides: boolean;
  /** Intune's daily tenant limit (UTC day on the mock's clock), if it has one, and the counter it counts on. */
  dailyLimit?: { kind: 'retire' | 'wipe'; limit: number };
  /**
   * Not queued: the service pushes it to the device at once (a Company Portal notification) and keeps no
   * trace of it: no pending action, no result, no audit (send-custom-notification.md: "Intune doesn't track
   * sent custom notifications").
   */
  pushed?: boolean;
}

const V1_AND_BETA = ['v1.0', 'beta'] as const;
const NOT_SUPPORTED = 'the platform cannot do it at all (Intune\'s message naming the action; nothing is queued)';
const NOT_SUPPORTED_OR_LIMIT = `${NOT_SUPPORTED}, or the tenant's daily limit is reached`;

export const ACTIONS: readonly ActionSpec[] = [
  {
    name: 'resetPasscode', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Reset the passcode of a device',
    refusedWhen: 'the platform cannot reset its passcode at all (Intune\'s message; nothing is queued)',
    resultType: '#microsoft.graph.resetPasscodeActionResult', resultProperties: { passcode: null, errorCode: 0 },
    audit: () => 'resetPasscode', overrides: false,
  },
  {
    name: 'retire', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Retire a device: remove company data, then it leaves management',
    refusedWhen: NOT_SUPPORTED_OR_LIMIT, resultType: null, audit: () => 'removeCompanyData', overrides: true, dailyLimit: { kind: 'retire', limit: 1000 },
  },
  {
    name: 'wipe', versions: V1_AND_BETA, operation: 'wipeDevice',
    parameters: [
      { name: 'keepEnrollmentData', type: 'Edm.Boolean', nullable: true, versions: V1_AND_BETA },
      { name: 'keepUserData', type: 'Edm.Boolean', nullable: true, versions: V1_AND_BETA },
      { name: 'macOsUnlockCode', type: 'Edm.String', nullable: true, versions: V1_AND_BETA },
      { name: 'persistEsimDataPlan', type: 'Edm.Boolean', nullable: true, versions: V1_AND_BETA },
      { name: 'obliterationBehavior', type: 'microsoft.graph.obliterationBehavior', nullable: true, versions: ['beta'] },
      { name: 'useProtectedWipe', type: 'Edm.Boolean', nullable: true, versions: ['beta'] },
    ],
    summary: 'Wipe a device: a factory reset, then it leaves management (unless Windows keeps its enrollment)',
    refusedWhen: NOT_SUPPORTED_OR_LIMIT, resultType: null,
    audit: (p) => (p.keepEnrollmentData === true ? 'factoryResetKeepEnrollmentData' : 'factoryReset'), overrides: true, dailyLimit: { kind: 'wipe', limit: 500 },
  },
  {
    name: 'syncDevice', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Sync a device: it checks in now if it is online',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: null, overrides: false,
  },
  {
    name: 'rebootNow', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Restart a device',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: () => 'rebootNow', overrides: false,
  },
  {
    name: 'shutDown', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Shut a device down',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: () => 'shutDown', overrides: false,
  },
  {
    name: 'remoteLock', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Lock a device (a Mac gets a six-digit unlock PIN)',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.remoteLockActionResult', resultProperties: { unlockPin: null },
    audit: () => 'remoteLock', overrides: false,
  },
  // Lost mode and locate (docs/simulation.md#remote-actions): lost-mode-rules.ts, lost-mode-effects.ts.
  {
    name: 'enableLostMode', versions: ['beta'], operation: 'privilegedDeviceAction',
    parameters: (['message', 'phoneNumber', 'footer'] as const).map((name) => ({ name, type: 'Edm.String', nullable: true, versions: ['beta'] })),
    summary: 'Put a device in lost mode: locked, its lock screen showing a message and phone number',
    refusedWhen: `${NOT_SUPPORTED}; an unknown parameter or one of the wrong type`, resultType: '#microsoft.graph.deviceActionResult',
    audit: () => 'enableLostMode', overrides: false,
  },
  {
    name: 'disableLostMode', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Take a device out of lost mode',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: () => 'disableLostMode', overrides: false,
  },
  {
    // durationInMinutes is an Edm.String on the wire (beta metadata), not a number.
    name: 'playLostModeSound', versions: ['beta'], operation: 'privilegedDeviceAction',
    parameters: [{ name: 'durationInMinutes', type: 'Edm.String', nullable: true, versions: ['beta'] }],
    summary: 'Play the lost mode sound on a device',
    refusedWhen: `${NOT_SUPPORTED} (an iOS/iPadOS device must be in lost mode)`, resultType: '#microsoft.graph.deviceActionResult', audit: null, overrides: false,
  },
  {
    name: 'locateDevice', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Locate a device: it reports its position',
    refusedWhen: `${NOT_SUPPORTED} (an iOS/iPadOS device must be in lost mode)`,
    resultType: '#microsoft.graph.locateDeviceActionResult', resultProperties: { deviceLocation: null },
    audit: () => 'locateDevice', overrides: false,
  },
  // Apple (docs/simulation.md#remote-actions).
  {
    name: 'bypassActivationLock', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Disable Activation Lock on a device: a bypass code, valid 15 days, readable with `$select=activationLockBypassCode`',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: null, overrides: false,
  },
  {
    name: 'logoutSharedAppleDeviceActiveUser', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Sign the current user out of a Shared iPad',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: () => 'logoutSharedAppleDeviceActiveUser', overrides: false,
  },
  {
    name: 'deleteUserFromSharedAppleDevice', versions: V1_AND_BETA, operation: 'privilegedDeviceAction',
    parameters: [{ name: 'userPrincipalName', type: 'Edm.String', nullable: true, versions: V1_AND_BETA }],
    summary: 'Remove a cached user from a Shared iPad',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deleteUserFromSharedAppleDeviceActionResult', resultProperties: { userPrincipalName: null },
    audit: null, overrides: false,
  },
  // Windows (docs/simulation.md#remote-actions): Fresh Start, Defender, key and password rotation, Config Refresh, Surface Hub, Windows 10 Mobile.
  {
    name: 'cleanWindowsDevice', versions: V1_AND_BETA, operation: 'privilegedDeviceAction',
    parameters: [{ name: 'keepUserData', type: 'Edm.Boolean', nullable: false, versions: V1_AND_BETA }],
    summary: 'Fresh Start a Windows device: apps removed, user data kept or not (keepUserData, required)',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: () => 'cleanWindowsDevice', overrides: false,
  },
  {
    name: 'windowsDefenderScan', versions: V1_AND_BETA, operation: 'privilegedDeviceAction',
    parameters: [{ name: 'quickScan', type: 'Edm.Boolean', nullable: false, versions: V1_AND_BETA }],
    summary: 'Run a Microsoft Defender Antivirus quick scan (quickScan true) or full scan (false) on a Windows device',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.windowsDefenderScanActionResult', resultProperties: { scanType: null },
    audit: (p) => (p.quickScan === true ? 'quickScan' : 'fullScan'), overrides: false,
  },
  {
    name: 'windowsDefenderUpdateSignatures', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Update the Microsoft Defender Antivirus security intelligence of a Windows device',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: () => 'windowsDefenderUpdateSignatures', overrides: false,
  },
  {
    name: 'rotateBitLockerKeys', versions: ['beta'], operation: 'rotateBitLockerKeys', parameters: [],
    summary: 'Rotate the BitLocker recovery password of a Windows device',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.rotateBitLockerKeysDeviceActionResult', resultProperties: { errorCode: 0 },
    audit: () => 'rotateBitLockerKeys', overrides: false,
  },
  {
    name: 'rotateLocalAdminPassword', versions: ['beta'], operation: 'rotateLocalAdminPassword', parameters: [],
    summary: 'Rotate the local administrator password (Windows LAPS) of a Windows device',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: () => 'rotateLocalAdminPassword', overrides: false,
  },
  {
    name: 'pauseConfigurationRefresh', versions: ['beta'], operation: 'privilegedDeviceAction',
    parameters: [{ name: 'pauseTimePeriodInMinutes', type: 'Edm.Int32', nullable: false, versions: ['beta'], minimum: 0, maximum: 1440 }],
    summary: 'Pause Config Refresh on a Windows 11 device for up to 1,440 minutes (0 resumes it)',
    refusedWhen: `${NOT_SUPPORTED}, or pauseTimePeriodInMinutes is not 0 to 1,440`, resultType: '#microsoft.graph.deviceActionResult',
    audit: () => 'pauseConfigurationRefresh', overrides: false,
  },
  {
    name: 'updateWindowsDeviceAccount', versions: V1_AND_BETA, operation: 'privilegedDeviceAction',
    parameters: [{ name: 'updateWindowsDeviceAccountActionParameter', type: 'microsoft.graph.updateWindowsDeviceAccountActionParameter', nullable: true, versions: V1_AND_BETA }],
    summary: 'Update the device account of a Surface Hub (its email, password, Exchange server, SIP address, calendar sync)',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: () => 'updateDeviceAccount', overrides: false,
  },
  {
    name: 'recoverPasscode', versions: V1_AND_BETA, operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Reset the PIN of a Windows 10 Mobile device (PIN reset): the new PIN is shown for 7 days',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.resetPasscodeActionResult', resultProperties: { passcode: null, errorCode: 0 },
    audit: () => 'recoverPasscode', overrides: false,
  },
  // Everyone (any platform a page lists); send-custom-notification.md, rename.md, remote-assist.md.
  {
    name: 'requestRemoteAssistance', versions: V1_AND_BETA, operation: 'writeManagedDevices', parameters: [],
    summary: 'Start a remote assistance session (Remote Help or TeamViewer) with a device',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult',
    // LIMITATIONS: the audit member is inferred from the enum's description (launchRemoteHelp).
    audit: () => 'launchRemoteHelp', overrides: false,
  },
  {
    name: 'setDeviceName', versions: ['beta'], operation: 'privilegedDeviceAction',
    parameters: [{ name: 'deviceName', type: 'Edm.String', nullable: true, versions: ['beta'] }],
    summary: 'Rename a device',
    refusedWhen: `${NOT_SUPPORTED}, or the name breaks the platform's naming rules (Windows: at most 63 characters, letters, digits and hyphens, not only digits)`,
    resultType: '#microsoft.graph.deviceActionResult', audit: () => 'setDeviceName', overrides: false,
  },
  {
    name: 'sendCustomNotificationToCompanyPortal', versions: ['beta'], operation: 'sendCustomNotification',
    parameters: [
      { name: 'notificationTitle', type: 'Edm.String', nullable: true, versions: ['beta'], maxLength: 50 },
      { name: 'notificationBody', type: 'Edm.String', nullable: true, versions: ['beta'], maxLength: 500 },
    ],
    summary: 'Send a custom notification to the user of a device (through the Company Portal)',
    refusedWhen: `${NOT_SUPPORTED}, a title over 50 or a body over 500 characters, or the 11th notification to the device within an hour`,
    resultType: null, audit: null, overrides: false, pushed: true,
  },
  // FileVault (docs/simulation.md#remote-actions): filevault-rules.ts, filevault-effects.ts; the key is read with getFileVaultKey().
  {
    name: 'rotateFileVaultKey', versions: ['beta'], operation: 'privilegedDeviceAction', parameters: [],
    summary: 'Rotate the FileVault personal recovery key of a corporate-owned Mac (the new key is escrowed with Intune)',
    refusedWhen: NOT_SUPPORTED, resultType: '#microsoft.graph.deviceActionResult', audit: () => 'rotateFileVaultKey', overrides: false,
  },
];

/** The catalog by action name. */
export const ACTION_SPECS: ReadonlyMap<ActionName, ActionSpec> = new Map(ACTIONS.map((a) => [a.name, a]));

export const actionSpec = (name: ActionName): ActionSpec => ACTION_SPECS.get(name)!;

/** `DELETE …/managedDevices/{id}` is not an action, but it has a daily limit of its own (docs/simulation.md#remote-actions). */
export const DELETE_DAILY_LIMIT = 1000;
