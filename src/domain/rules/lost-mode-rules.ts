/**
 * Lost mode and locate (issue "Remote actions II", family `lost-mode`): `enableLostMode`, `disableLostMode`,
 * `playLostModeSound`, `locateDevice`. Ruleset 2025: the current Intune pages (lost-mode.md, locate.md,
 * play-lost-mode-sound.md, 2025-10); ruleset 2018: their earliest versions on record where they differ
 * (device-lost-mode.md 2020: iOS 9.3+; device-locate.md 2022-04: Android dedicated only, Windows 10 from
 * given patch levels). "In Lost Mode" is the device's beta `lostModeState` as Intune knows it (`enabled`
 * once an `enableLostMode` was carried out): the admin center greys Locate and Play sound out otherwise.
 */
import type { ActionName } from '../actions/catalog.js';
import type { RuleRow } from './types.js';
import { ANDROID_ALL, DEVICE, IOS_ALL, no, yes } from './rows.js';

export type LostModeAction = Extract<ActionName, 'enableLostMode' | 'disableLostMode' | 'playLostModeSound' | 'locateDevice'>;

const SUPERVISED = 'lost mode needs a supervised iOS/iPadOS device (Apple: EnableLostMode requires supervision)';

// lost-mode.md 2025-10: supervised iOS/iPadOS only; "the device is locked until an admin disables it".
const lostMode = (shows: string): RuleRow[] => [
  no('android', ANDROID_ALL, 'Android', 'lost mode is only for supervised iOS/iPadOS devices'),
  yes('ios', DEVICE, 'iOS / iPadOS, supervised', shows, { supervised: true }),
  no('ios', IOS_ALL, 'iOS / iPadOS, not supervised', SUPERVISED),
  no('macos', DEVICE, 'macOS', 'lost mode is only for supervised iOS/iPadOS devices'),
  no('windows', DEVICE, 'Windows', 'lost mode is only for supervised iOS/iPadOS devices'),
];
// device-lost-mode.md 2020: "iOS 9.3 and later" (Apple's EnableLostMode is iOS 9.3+ too).
const lostMode2018 = (shows: string): RuleRow[] => [
  lostMode(shows)[0]!,
  yes('ios', DEVICE, 'iOS / iPadOS, supervised, iOS 9.3+', shows, { supervised: true, minVersion: '9.3' }),
  no('ios', DEVICE, 'iOS / iPadOS, supervised, below iOS 9.3', 'lost mode needs iOS 9.3 or later', { supervised: true }),
  ...lostMode(shows).slice(2),
];
const ENABLE = 'the lock screen shows the message, phone number and footer; the device stays locked until an admin disables lost mode';
const DISABLE = 'the device leaves lost mode (a device not in lost mode answers Apple\'s error 12067: failed)';

// play-lost-mode-sound.md 2025-10 (and 2022): AE dedicated, fully managed, corporate work profile; supervised iOS in Lost Mode.
const SOUND_ANDROID = 'the Intune app plays the sound for the chosen minutes, with a notification whose Stop Sound ends it';
const SOUND_IOS = 'the device plays the sound until the duration ends, the user stops it or lost mode is disabled';
const inLostMode = (label: string, why: string): RuleRow[] => [
  yes('ios', DEVICE, `${label}, supervised, in Lost Mode`, why, { supervised: true, lostMode: true }),
  no('ios', IOS_ALL, `${label}, not supervised or not in Lost Mode`, 'the action needs a supervised iOS/iPadOS device in Lost Mode (send enableLostMode first)'),
];
const sound: RuleRow[] = [
  no('android', ['deviceAdministrator', 'workProfile', 'aosp'], 'Android device administrator, personally-owned work profile, AOSP', 'play lost mode sound is for Android Enterprise corporate-owned devices'),
  yes('android', ['corporateWorkProfile', 'fullyManaged', 'dedicated'], 'Android Enterprise corporate-owned (work profile, fully managed, dedicated)', SOUND_ANDROID),
  ...inLostMode('iOS / iPadOS', SOUND_IOS),
  no('macos', DEVICE, 'macOS', 'play lost mode sound is not supported on macOS'),
  no('windows', DEVICE, 'Windows', 'play lost mode sound is not supported on Windows'),
];

// locate.md 2025-10: AE dedicated, fully managed, corporate work profile; supervised iOS in Lost Mode; Windows.
const LOCATED = 'the device reports its position (locateDeviceActionResult.deviceLocation, kept 24 hours)';
const locateCurrent: RuleRow[] = [
  no('android', ['deviceAdministrator', 'workProfile', 'aosp'], 'Android device administrator, personally-owned work profile, AOSP', 'locate is for Android Enterprise corporate-owned devices'),
  yes('android', ['corporateWorkProfile', 'fullyManaged', 'dedicated'], 'Android Enterprise corporate-owned (work profile, fully managed, dedicated)', LOCATED),
  ...inLostMode('iOS / iPadOS', LOCATED),
  no('macos', DEVICE, 'macOS', 'locate is not supported on macOS'),
  yes('windows', DEVICE, 'Windows', LOCATED),
];
// device-locate.md 2022-04: Android Enterprise dedicated only; Windows 10 20H2 (19042.789), 2004 (19041.789),
// 1909 (18363.1350), 1809 (17763.1728) or later, and Windows 11. Later builds than a listed one count as later.
const WINDOWS_TOO_OLD = 'locate needs Windows 10 1809 (17763.1728), 1909 (18363.1350), 2004 (19041.789), 20H2 (19042.789) or later';
const windowsFrom = (release: string, patch: string): RuleRow[] => [
  yes('windows', DEVICE, `Windows, ${release}.${patch} or later`, LOCATED, { minVersion: `${release}.${patch}` }),
  no('windows', DEVICE, `Windows, ${release} below .${patch}`, WINDOWS_TOO_OLD, { minVersion: release }),
];
const locate2018: RuleRow[] = [
  no('android', ['deviceAdministrator', 'workProfile', 'corporateWorkProfile', 'fullyManaged', 'aosp'], 'Android other than dedicated', 'locate was documented for Android Enterprise dedicated devices only'),
  yes('android', ['dedicated'], 'Android Enterprise dedicated', LOCATED),
  yes('ios', DEVICE, 'iOS / iPadOS, supervised, in Lost Mode, iOS 9.3+', LOCATED, { supervised: true, lostMode: true, minVersion: '9.3' }),
  no('ios', IOS_ALL, 'iOS / iPadOS, not supervised, not in Lost Mode or below 9.3', 'the action needs a supervised iOS/iPadOS 9.3+ device in Lost Mode (send enableLostMode first)'),
  no('macos', DEVICE, 'macOS', 'locate is not supported on macOS'),
  ...windowsFrom('10.0.19042', '789'), ...windowsFrom('10.0.19041', '789'), ...windowsFrom('10.0.18363', '1350'), ...windowsFrom('10.0.17763', '1728'),
  no('windows', DEVICE, 'Windows, older builds', WINDOWS_TOO_OLD),
];

export const LOST_MODE_RULES_2025: Readonly<Record<LostModeAction, readonly RuleRow[]>> = {
  enableLostMode: lostMode(ENABLE), disableLostMode: lostMode(DISABLE), playLostModeSound: sound, locateDevice: locateCurrent,
};
export const LOST_MODE_RULES_2018: Readonly<Record<LostModeAction, readonly RuleRow[]>> = {
  enableLostMode: lostMode2018(ENABLE), disableLostMode: lostMode2018(DISABLE), playLostModeSound: sound, locateDevice: locate2018,
};
