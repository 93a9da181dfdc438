/**
 * Ruleset `2025` (`--ruleset 2025`): the current Intune pages (memdocs `reset-passcode.md` 2025-10 and
 * `remove-passcode.md` 2026-04, docs/simulation.md#sources-of-the-rules): work-profile reset from Android 8.0, and a
 * work-profile reset without a work-profile password policy fails ("you must configure the device
 * passcode ... Any attempts to reset the passcode without configuration will fail", memdocs PR #4082).
 */
import { COMMON_ROWS, TOKEN_ACTIVE, WORK_PROFILE_POLICY } from './common.js';
import { ACTION_RULES_2025 } from './action-rules.js';
import type { Ruleset } from './types.js';

export const RULESET_2025: Ruleset = {
  name: '2025',
  workProfileThreshold: '8.0',
  actions: ACTION_RULES_2025,
  rows: [
    COMMON_ROWS.deviceAdminOld,
    COMMON_ROWS.deviceAdminNew,
    {
      platform: 'android', enrollments: ['workProfile'], minVersion: '8.0', supported: true, effect: 'resetWorkProfilePasscode',
      conditions: [WORK_PROFILE_POLICY, TOKEN_ACTIVE], label: 'Android work profile, OS ≥ 8.0',
      why: 'a new temporary work-profile passcode, under a work-profile password policy, once the reset token is active',
    },
    {
      platform: 'android', enrollments: ['workProfile'], belowVersion: '8.0', supported: false, label: 'Android work profile, OS < 8.0',
      why: 'work-profile passcode reset needs Android 8.0 or later',
    },
    {
      platform: 'android', enrollments: ['corporateWorkProfile', 'fullyManaged'], minVersion: '8.0', supported: true,
      effect: 'resetWorkProfilePasscode', conditions: [WORK_PROFILE_POLICY], label: 'Android corporate work profile, fully managed, OS ≥ 8.0',
      why: 'a new temporary passcode, under a work-profile password policy',
    },
    COMMON_ROWS.enterpriseOld,
    COMMON_ROWS.dedicatedAosp,
    COMMON_ROWS.iosDevice,
    COMMON_ROWS.iosUser,
    COMMON_ROWS.macos,
    COMMON_ROWS.windows,
  ],
};
