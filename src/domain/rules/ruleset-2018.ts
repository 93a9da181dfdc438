/**
 * Ruleset `2018` (the default): the Intune page "Reset or remove a device passcode", French edition of
 * 2018-03-29 (`shared/seed/`): work profiles from Android 7.0, device administrator up to 6.x, iOS, and
 * not macOS or Windows. The rows the seed does not name (corporate work profile, fully managed, dedicated,
 * AOSP, iOS user enrollment) follow the later Intune pages (graph-facts.md §4), so every enrollment a real
 * tenant has gets an answer.
 */
import type { RuleRow, Ruleset } from './types.js';

const TOKEN: RuleRow['conditions'] = [
  {
    requires: 'resetTokenActive',
    outcome: 'notSupported',
    reason: 'the reset token has not been activated on the device (Intune troubleshooting: "Not Supported" until it is)',
  },
];

export const COMMON_ROWS = {
  deviceAdminOld: {
    platform: 'android', enrollments: ['deviceAdministrator'], belowVersion: '7.0', supported: true,
    effect: 'resetDevicePasscode', label: 'Android device administrator, OS < 7.0',
    why: 'Android 6.x and earlier: the device passcode is reset and the new one shown to the admin',
  },
  deviceAdminNew: {
    platform: 'android', enrollments: ['deviceAdministrator'], minVersion: '7.0', supported: false,
    label: 'Android device administrator, OS ≥ 7.0',
    why: 'Google removed passcode reset from the Device Administrator API on Android 7.0 and later',
  },
  dedicatedAosp: {
    platform: 'android', enrollments: ['dedicated', 'aosp'], supported: true, effect: 'resetDevicePasscode',
    label: 'Android dedicated, AOSP', why: 'device-level reset; the new passcode is shown to the admin',
  },
  iosDevice: {
    platform: 'ios', enrollments: ['device'], supported: true, effect: 'removePasscode',
    label: 'iOS / iPadOS, device enrollment',
    why: 'the passcode is removed; a passcode compliance policy then prompts the user to set a new one',
  },
  iosUser: {
    platform: 'ios', enrollments: ['userEnrollment'], supported: false, label: 'iOS / iPadOS, user enrollment',
    why: 'passcode removal is not available for iOS/iPadOS User Enrollment',
  },
  macos: { platform: 'macos', enrollments: ['device'], supported: false, label: 'macOS', why: 'macOS does not support passcode reset (use remote lock)' },
  windows: { platform: 'windows', enrollments: ['device'], supported: false, label: 'Windows', why: 'Windows does not support passcode reset' },
} satisfies Record<string, RuleRow>;

export const RULESET_2018: Ruleset = {
  name: '2018',
  workProfileThreshold: '7.0',
  rows: [
    COMMON_ROWS.deviceAdminOld,
    COMMON_ROWS.deviceAdminNew,
    {
      platform: 'android', enrollments: ['workProfile'], minVersion: '7.0', supported: true, effect: 'resetWorkProfilePasscode',
      conditions: TOKEN, label: 'Android work profile, OS ≥ 7.0',
      why: 'a new temporary work-profile passcode, once the user has activated the reset token',
    },
    {
      platform: 'android', enrollments: ['workProfile'], belowVersion: '7.0', supported: false, label: 'Android work profile, OS < 7.0',
      why: 'work-profile passcode reset needs Android 7.0 or later',
    },
    {
      platform: 'android', enrollments: ['corporateWorkProfile', 'fullyManaged'], minVersion: '8.0', supported: true,
      effect: 'resetWorkProfilePasscode', label: 'Android corporate work profile, fully managed, OS ≥ 8.0',
      why: 'a new temporary passcode, shown to the admin',
    },
    {
      platform: 'android', enrollments: ['corporateWorkProfile', 'fullyManaged'], belowVersion: '8.0', supported: false,
      label: 'Android corporate work profile, fully managed, OS < 8.0', why: 'passcode reset needs Android 8.0 or later on Android Enterprise',
    },
    COMMON_ROWS.dedicatedAosp,
    COMMON_ROWS.iosDevice,
    COMMON_ROWS.iosUser,
    COMMON_ROWS.macos,
    COMMON_ROWS.windows,
  ],
};
