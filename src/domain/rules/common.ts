/** The conditions and rows both rulesets share (they differ only in the work-profile rows). */
import type { CheckInCondition, RuleRow } from './types.js';

/** Personal work profiles: "Not Supported" until the user has activated the reset token (troubleshooting page). */
export const TOKEN_ACTIVE: CheckInCondition = {
  requires: 'resetTokenActive',
  outcome: 'notSupported',
  reason: 'the reset token has not been activated on the device (Intune troubleshooting: "Not Supported" until it is)',
};

/** 2025: "Any attempts to reset the passcode without configuration will fail" (memdocs PR #4082). */
export const WORK_PROFILE_POLICY: CheckInCondition = {
  requires: 'workProfilePasswordPolicy',
  outcome: 'failed',
  reason: 'no work-profile password policy requires a passcode ("any attempts to reset the passcode without configuration will fail")',
};

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
  enterpriseOld: {
    platform: 'android', enrollments: ['corporateWorkProfile', 'fullyManaged'], belowVersion: '8.0', supported: false,
    label: 'Android corporate work profile, fully managed, OS < 8.0', why: 'passcode reset needs Android 8.0 or later on Android Enterprise',
  },
} satisfies Record<string, RuleRow>;

