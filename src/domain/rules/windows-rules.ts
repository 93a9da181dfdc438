/**
 * The Windows family's rows (issue 15): Fresh Start, Microsoft Defender Antivirus, BitLocker and LAPS
 * rotation, Config Refresh, a Surface Hub's device account and Windows 10 Mobile's PIN reset, from the
 * current Intune "Device actions" pages for ruleset `2025` and their earliest version on record for `2018`
 * where it differs (docs/simulation.md#which-devices-can). Windows rows are tried in order: Windows 10
 * Mobile, Surface Hub, then desktops (`requires`, rules/index.ts).
 */
import type { ActionName } from '../../schemas/pending-action.js';
import type { RuleRow } from './types.js';
import { ANDROID_ALL, DEVICE as W, IOS_ALL, no, yes } from './rows.js';

/** The Windows family's actions: each has its rows here and its effect in `simulation/windows-effects.ts`. */
export type WindowsAction = Extract<ActionName,
  'cleanWindowsDevice' | 'windowsDefenderScan' | 'windowsDefenderUpdateSignatures' | 'rotateBitLockerKeys' | 'rotateLocalAdminPassword' |
  'pauseConfigurationRefresh' | 'updateWindowsDeviceAccount' | 'recoverPasscode'>;

/** Android, iOS/iPadOS and macOS cannot do a Windows action. */
const notWindows = (why: string): RuleRow[] => [
  no('android', ANDROID_ALL, 'Android', why), no('ios', IOS_ALL, 'iOS / iPadOS', why), no('macos', W, 'macOS', why),
];
const mobileNo = (why: string) => no('windows', W, 'Windows 10 Mobile', why, { requires: 'windowsMobile' });
const hubNo = (why: string) => no('windows', W, 'Surface Hub', why, { requires: 'surfaceHub' });
const NO_MOBILE_DEFENDER = 'Windows 10 Mobile has no Microsoft Defender Antivirus';

// fresh-start.md 2025-10: Windows. keepUserData false: out-of-box state; a personal device leaves Entra ID and Intune.
const FRESH_START = 'apps removed, Windows reinstalled; user data kept with keepUserData, else out-of-box state (a personally-owned device leaves management)';
const FRESH_START_DESKTOPS = 'Fresh Start is for Windows desktops';
const cleanCurrent: RuleRow[] = [
  mobileNo(FRESH_START_DESKTOPS), hubNo(FRESH_START_DESKTOPS), yes('windows', W, 'Windows', FRESH_START),
  ...notWindows('Fresh Start is a Windows action'),
];
// device-fresh-start.md 2017-04: Windows 10 Creators Update (1703, build 15063) and later.
const clean2018: RuleRow[] = [
  mobileNo(FRESH_START_DESKTOPS), hubNo(FRESH_START_DESKTOPS),
  yes('windows', W, 'Windows, OS ≥ 10.0.15063 (1703)', FRESH_START, { minVersion: '10.0.15063' }),
  no('windows', W, 'Windows, OS < 10.0.15063', 'Fresh Start needs Windows 10 Creators Update (1703) or later', { belowVersion: '10.0.15063' }),
  ...notWindows('Fresh Start is a Windows action'),
];

// quick-scan.md, full-scan.md: Windows (Defender CSP).
const scan: RuleRow[] = [
  mobileNo(NO_MOBILE_DEFENDER),
  yes('windows', W, 'Windows', 'Microsoft Defender Antivirus runs a quick (quickScan true) or full scan; the result says which'),
  ...notWindows('Microsoft Defender Antivirus scans are for Windows'),
];
// device actions index.md: Windows.
const signatures: RuleRow[] = [
  mobileNo(NO_MOBILE_DEFENDER),
  yes('windows', W, 'Windows', 'Microsoft Defender Antivirus downloads the latest security intelligence'),
  ...notWindows('Microsoft Defender Antivirus is for Windows'),
];

// rotate-bitlocker-keys.md, encrypt-devices.md: Windows 10 1909 (build 18363) or later, Windows 11.
const bitLocker: RuleRow[] = [
  mobileNo('BitLocker key rotation needs Windows 10 1909 or later on a desktop'),
  yes('windows', W, 'Windows, OS ≥ 10.0.18363 (1909)', 'a new BitLocker recovery password (fails when the drive is not encrypted or rotation is off)', { minVersion: '10.0.18363' }),
  no('windows', W, 'Windows, OS < 10.0.18363', 'BitLocker key rotation needs Windows 10 1909 or later', { belowVersion: '10.0.18363' }),
  ...notWindows('BitLocker is Windows\''),
];

// Windows LAPS (https://learn.microsoft.com/windows-server/identity/laps/laps-overview): Windows 10 20H2 (build 19042)
// and later, Windows 11; Pro, Enterprise and Education editions.
const LAPS_EDITIONS = 'Windows LAPS is for Windows 10 and 11 Pro, Enterprise and Education';
const laps: RuleRow[] = [
  mobileNo(LAPS_EDITIONS), hubNo(LAPS_EDITIONS),
  yes('windows', W, 'Windows, OS ≥ 10.0.19042 (20H2)', 'a new local administrator password (fails without a LAPS policy)', { minVersion: '10.0.19042' }),
  no('windows', W, 'Windows, OS < 10.0.19042', 'Windows LAPS needs Windows 10 20H2 or later', { belowVersion: '10.0.19042' }),
  ...notWindows('Windows LAPS is Windows\''),
];

// pause-config-refresh.md: Windows 11 (build 22000 and later) with Config Refresh enabled.
const WINDOWS_11_ONLY = 'Config Refresh is Windows 11 only';
const pause: RuleRow[] = [
  mobileNo(WINDOWS_11_ONLY), hubNo(WINDOWS_11_ONLY),
  yes('windows', W, 'Windows 11 (OS ≥ 10.0.22000)', 'Config Refresh pauses for pauseTimePeriodInMinutes (0 resumes it; fails when Config Refresh is off)', { minVersion: '10.0.22000' }),
  no('windows', W, 'Windows 10 (OS < 10.0.22000)', WINDOWS_11_ONLY, { belowVersion: '10.0.22000' }),
  ...notWindows(WINDOWS_11_ONLY),
];

// The parameters are the SurfaceHub CSP's DeviceAccount node: a Surface Hub's action (no Intune page).
const SURFACE_HUB_ONLY = 'the device account is a Surface Hub\'s';
const deviceAccount: RuleRow[] = [
  yes('windows', W, 'Surface Hub', 'the Surface Hub takes the new device account settings', { requires: 'surfaceHub' }),
  no('windows', W, 'Windows (not a Surface Hub)', SURFACE_HUB_ONLY),
  ...notWindows(SURFACE_HUB_ONLY),
];

// device-windows-pin-reset.md (2020, the last version): Windows 10 Mobile Creators Update (build 15063) and later only.
const PIN_RESET = 'PIN reset is for Windows 10 Mobile (Creators Update or later) only';
const pinReset: RuleRow[] = [
  yes('windows', W, 'Windows 10 Mobile, OS ≥ 10.0.15063', 'a new PIN, which the user is shown on the phone', { requires: 'windowsMobile', minVersion: '10.0.15063' }),
  mobileNo(PIN_RESET),
  no('windows', W, 'Windows (not Windows 10 Mobile)', PIN_RESET),
  ...notWindows(PIN_RESET),
];

export const WINDOWS_RULES_2025: Readonly<Record<WindowsAction, readonly RuleRow[]>> = {
  cleanWindowsDevice: cleanCurrent, windowsDefenderScan: scan, windowsDefenderUpdateSignatures: signatures, rotateBitLockerKeys: bitLocker,
  rotateLocalAdminPassword: laps, pauseConfigurationRefresh: pause, updateWindowsDeviceAccount: deviceAccount, recoverPasscode: pinReset,
};
export const WINDOWS_RULES_2018: Readonly<Record<WindowsAction, readonly RuleRow[]>> = { ...WINDOWS_RULES_2025, cleanWindowsDevice: clean2018 };
