/**
 * Ruleset `2018` (the default): the Intune page "Reset or remove a device passcode", French edition of
 * 2018-03-29 (docs/simulation.md#sources-of-the-rules): work profiles from Android 7.0, device administrator up to 6.x, iOS, and
 * not macOS or Windows. The rows the seed does not name (corporate work profile, fully managed, dedicated,
 * AOSP, iOS user enrollment) follow the later Intune pages, so every enrollment a real tenant has gets an answer.
 */
import { COMMON_ROWS, TOKEN_ACTIVE } from './common.js';
import { ACTION_RULES_2018 } from './action-rules.js';
import type { Ruleset } from './types.js';

export const RULESET_2018: Ruleset = {
  name: '2018',
  workProfileThreshold: '7.0',
  actions: ACTION_RULES_2018,
  rows: [
    COMMON_ROWS.deviceAdminOld,
    COMMON_ROWS.deviceAdminNew,
    {
      platform: 'android', enrollments: ['workProfile'], minVersion: '7.0', supported: true, effect: 'resetWorkProfilePasscode',
      conditions: [TOKEN_ACTIVE], label: 'Android work profile, OS ≥ 7.0',
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
    COMMON_ROWS.enterpriseOld,
    COMMON_ROWS.dedicatedAosp,
    COMMON_ROWS.iosDevice,
    COMMON_ROWS.iosUser,
    COMMON_ROWS.macos,
    COMMON_ROWS.windows,
  ],
};
