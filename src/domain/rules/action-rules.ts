/**
 * What each platform can do for the remote actions other than `resetPasscode` (whose rows are the seed's,
 * in `ruleset-2018.ts` and `ruleset-2025.ts`): the current Intune "Device actions" pages for ruleset `2025`;
 * for ruleset `2018` the rows those pages had in their earliest version on record where it differs, else
 * the current ones (docs/simulation.md#remote-actions lists which). Android enrollments: device administrator,
 * personally-owned work profile (BYOD), corporate-owned work profile (COPE), fully managed (COBO),
 * dedicated (COSU), AOSP.
 */
import type { RuleRow, Ruleset } from './types.js';
import { ANDROID_ALL, BYOD, COPE, CORPORATE_ANDROID, DA, DEVICE, IOS_ALL, no, yes } from './rows.js';
import { LOST_MODE_RULES_2018, LOST_MODE_RULES_2025 } from './lost-mode-rules.js';
import { APPLE_RULES_2018, APPLE_RULES_2025 } from './apple-rules.js';
import { WINDOWS_RULES_2018, WINDOWS_RULES_2025 } from './windows-rules.js';
import { EVERYONE_RULES_2018, EVERYONE_RULES_2025 } from './everyone-rules.js';
import { FILEVAULT_RULES_2018, FILEVAULT_RULES_2025 } from './filevault-rules.js';

type Row = RuleRow;

const macos = (why: string) => yes('macos', DEVICE, 'macOS', why);
const windows = (why: string) => yes('windows', DEVICE, 'Windows', why);
const noWindows = (why: string) => no('windows', DEVICE, 'Windows', why);

// retire.md 2026-08: Android DA, personally-owned work profile, iOS/iPadOS, macOS, Windows.
const retireCurrent: Row[] = [
  yes('android', DA, 'Android device administrator', 'company data removed, Device Administrator revoked'),
  yes('android', BYOD, 'Android personally-owned work profile', 'the whole work profile is removed'),
  no('android', CORPORATE_ANDROID, 'Android corporate-owned (work profile, fully managed, dedicated, AOSP)', 'corporate-owned Android devices are wiped, not retired'),
  yes('ios', IOS_ALL, 'iOS / iPadOS', 'managed apps, profiles and the management profile removed'),
  macos('settings unenforced, the management profile removed'),
  windows('company data and the MDM enrollment removed'),
];
// devices-wipe.md 2022: retire also removed the work profile of a corporate-owned work profile (COPE).
const retire2018: Row[] = [
  retireCurrent[0]!, retireCurrent[1]!,
  yes('android', COPE, 'Android corporate-owned work profile', 'the work profile is removed; the personal side stays'),
  no('android', ['fullyManaged', 'dedicated', 'aosp'], 'Android fully managed, dedicated, AOSP', 'these corporate-owned Android devices are wiped, not retired'),
  ...retireCurrent.slice(3),
];

// wipe.md 2025-11: not on a personally-owned work profile nor iOS User Enrollment.
const wipe: Row[] = [
  // LIMITATIONS: the current page no longer lists device administrator; its factory reset was supported, so the mock keeps it.
  yes('android', DA, 'Android device administrator', 'factory reset'),
  no('android', BYOD, 'Android personally-owned work profile', 'Google does not allow factory-resetting personally-owned work profile devices (use retire)'),
  yes('android', CORPORATE_ANDROID, 'Android corporate-owned (work profile, fully managed, dedicated, AOSP)', 'factory reset'),
  yes('ios', DEVICE, 'iOS / iPadOS, device enrollment', 'factory reset'),
  no('ios', ['userEnrollment'], 'iOS / iPadOS, user enrollment', 'the wipe action is not available for iOS/iPadOS User Enrollment (use retire)'),
  macos('factory reset (a pre-T2 Mac needs the six-digit macOsUnlockCode to reinstall)'),
  windows('factory reset; keepEnrollmentData keeps the device enrolled'),
];

// sync.md 2025-10: Android, iOS/iPadOS, macOS, Windows.
const syncCurrent: Row[] = [
  yes('android', ANDROID_ALL, 'Android', 'the device checks in now'),
  yes('ios', IOS_ALL, 'iOS / iPadOS', 'the device checks in now'),
  macos('the device checks in now'),
  windows('the device checks in now'),
];
// device-sync.md 2021: on Android "Device administrator and Android for Work only" (no AOSP then).
const sync2018: Row[] = [
  yes('android', ['deviceAdministrator', 'workProfile', 'corporateWorkProfile', 'fullyManaged', 'dedicated'], 'Android device administrator, Android Enterprise', 'the device checks in now'),
  no('android', ['aosp'], 'Android AOSP', 'sync was documented for device administrator and Android for Work only'),
  ...syncCurrent.slice(1),
];

const IOS_SUPERVISED_REQUIRED = 'the action needs a supervised iOS/iPadOS device';
// restart.md 2025-10: AE fully managed and dedicated, AOSP, supervised iOS/iPadOS, macOS, Windows.
const rebootCurrent: Row[] = [
  no('android', ['deviceAdministrator', 'workProfile', 'corporateWorkProfile'], 'Android device administrator, work profiles', 'restart is not supported on device administrator or work-profile devices'),
  yes('android', ['fullyManaged', 'dedicated', 'aosp'], 'Android fully managed, dedicated, AOSP', 'the device restarts, then checks in again'),
  yes('ios', DEVICE, 'iOS / iPadOS, supervised', 'the device restarts, then checks in again', { supervised: true }),
  no('ios', IOS_ALL, 'iOS / iPadOS, not supervised', IOS_SUPERVISED_REQUIRED),
  macos('the device restarts, then checks in again'),
  windows('"Your device administrator has scheduled a reboot"; the device restarts, then checks in again'),
];
// device-restart.md 2022-06: Android Enterprise dedicated and fully managed from Android 8.0; nothing else on Android.
const reboot2018: Row[] = [
  rebootCurrent[0]!,
  yes('android', ['fullyManaged', 'dedicated'], 'Android fully managed, dedicated, OS ≥ 8.0', 'the device restarts, then checks in again', { minVersion: '8.0' }),
  no('android', ['fullyManaged', 'dedicated'], 'Android fully managed, dedicated, OS < 8.0', 'restart needs Android 8.0 or later', { belowVersion: '8.0' }),
  no('android', ['aosp'], 'Android AOSP', 'restart was not documented for AOSP'),
  ...rebootCurrent.slice(2),
];

// shutdown.md 2025-10: supervised iOS/iPadOS and macOS only.
const shutDown: Row[] = [
  no('android', ANDROID_ALL, 'Android', 'shut down is only for supervised iOS/iPadOS and macOS'),
  yes('ios', DEVICE, 'iOS / iPadOS, supervised', 'the device shuts down; it stays off until the user powers it on', { supervised: true }),
  no('ios', IOS_ALL, 'iOS / iPadOS, not supervised', IOS_SUPERVISED_REQUIRED),
  yes('macos', DEVICE, 'macOS', 'the device shuts down; it stays off until the user powers it on'),
  noWindows('shut down is only for supervised iOS/iPadOS and macOS'),
];

// remote-lock.md 2025-10: AE corporate-owned, AOSP, iOS/iPadOS, macOS; effective only with a passcode set.
const LOCKS = 'the device locks (effective only when a passcode is set)';
const lockCurrent: Row[] = [
  no('android', ['deviceAdministrator', 'workProfile'], 'Android device administrator, personally-owned work profile', 'remote lock is for corporate-owned Android devices'),
  yes('android', CORPORATE_ANDROID, 'Android corporate-owned (work profile, fully managed, dedicated, AOSP)', LOCKS),
  yes('ios', IOS_ALL, 'iOS / iPadOS', LOCKS),
  yes('macos', DEVICE, 'macOS', 'the Mac locks with a six-digit PIN shown to the admin (30 days)'),
  noWindows('remote lock is not supported on Windows desktops'),
];
// device-remote-lock.md 2020-02: also Android device administrator and work profiles; not Windows 10 desktop.
const lock2018: Row[] = [
  yes('android', ['deviceAdministrator', 'workProfile'], 'Android device administrator, personally-owned work profile', LOCKS),
  ...lockCurrent.slice(1),
];

export const ACTION_RULES_2025: Ruleset['actions'] = {
  retire: retireCurrent, wipe, syncDevice: syncCurrent, rebootNow: rebootCurrent, shutDown, remoteLock: lockCurrent,
  ...LOST_MODE_RULES_2025,
  ...APPLE_RULES_2025,
  ...WINDOWS_RULES_2025,
  ...EVERYONE_RULES_2025,
  ...FILEVAULT_RULES_2025,
};
export const ACTION_RULES_2018: Ruleset['actions'] = {
  retire: retire2018, wipe, syncDevice: sync2018, rebootNow: reboot2018, shutDown, remoteLock: lock2018,
  ...LOST_MODE_RULES_2018,
  ...APPLE_RULES_2018,
  ...WINDOWS_RULES_2018,
  ...EVERYONE_RULES_2018,
  ...FILEVAULT_RULES_2018,
};
