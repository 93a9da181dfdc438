/**
 * The Apple family's rows: Activation Lock bypass and the Shared iPad user actions (the FileVault key:
 * filevault-rules.ts), from the current Intune "Device actions" pages for ruleset `2025` and their earliest version on record
 * for `2018` where it differs (docs/simulation.md#which-devices-can).
 */
import type { ActionName } from '../../schemas/pending-action.js';
import type { RuleRow } from './types.js';
import { ANDROID_ALL, DEVICE, IOS_ALL, no, yes } from './rows.js';

/** The Apple family's actions: each has its rows here and its effect in `simulation/apple-effects.ts`. */
export type AppleAction = Extract<ActionName, 'bypassActivationLock' | 'logoutSharedAppleDeviceActiveUser' | 'deleteUserFromSharedAppleDevice'>;

const notApple = (why: string): RuleRow[] => [no('android', ANDROID_ALL, 'Android', why), no('windows', DEVICE, 'Windows', why)];

const BYPASS_CODE = 'Intune keeps a bypass code, valid 15 days, readable with `$select=activationLockBypassCode`; nothing happens on the device';
// disable-activation-lock.md 2025-10: iOS/iPadOS supervised through ADE, macOS enrolled through ADE.
const bypassCurrent: RuleRow[] = [
  yes('ios', DEVICE, 'iOS / iPadOS, supervised, Automated Device Enrollment', BYPASS_CODE, { supervised: true, requires: 'ade' }),
  no('ios', IOS_ALL, 'iOS / iPadOS, not supervised through Automated Device Enrollment', 'Activation Lock bypass needs an iOS/iPadOS device supervised through Automated Device Enrollment'),
  yes('macos', DEVICE, 'macOS, Automated Device Enrollment', BYPASS_CODE, { requires: 'ade' }),
  no('macos', DEVICE, 'macOS, not Automated Device Enrollment', 'Activation Lock bypass needs a Mac enrolled through Automated Device Enrollment'),
  ...notApple('Activation Lock is Apple\'s'),
];
// The 2020 page: supervised iOS 8.0 and later; no Mac.
const bypass2018: RuleRow[] = [
  yes('ios', DEVICE, 'iOS / iPadOS, supervised, OS ≥ 8.0', BYPASS_CODE, { supervised: true, minVersion: '8.0' }),
  no('ios', IOS_ALL, 'iOS / iPadOS, not supervised', 'Activation Lock bypass needs a supervised iOS/iPadOS device (iOS 8.0 or later)'),
  no('macos', DEVICE, 'macOS', 'Activation Lock bypass was documented for supervised iOS devices only'),
  ...notApple('Activation Lock is Apple\'s'),
];

// logout-user.md, remove-user.md: Shared iPad only (no earlier version on record).
const NOT_SHARED = 'only a Shared iPad has users to sign out or remove';
const sharedIPad = (why: string): RuleRow[] => [
  yes('ios', DEVICE, 'Shared iPad', why, { requires: 'sharedIPad' }),
  no('ios', IOS_ALL, 'iOS / iPadOS, not a Shared iPad', NOT_SHARED),
  no('macos', DEVICE, 'macOS', NOT_SHARED),
  ...notApple(NOT_SHARED),
];
const logout = sharedIPad('the signed-in user is signed out; their data stays cached on the iPad');
const deleteUser = sharedIPad('the user\'s cached data is removed (they can sign in again); fails while they are signed in or when they have none');

export const APPLE_RULES_2025: Readonly<Record<AppleAction, readonly RuleRow[]>> = {
  bypassActivationLock: bypassCurrent, logoutSharedAppleDeviceActiveUser: logout, deleteUserFromSharedAppleDevice: deleteUser,
};
export const APPLE_RULES_2018: Readonly<Record<AppleAction, readonly RuleRow[]>> = {
  bypassActivationLock: bypass2018, logoutSharedAppleDeviceActiveUser: logout, deleteUserFromSharedAppleDevice: deleteUser,
};
