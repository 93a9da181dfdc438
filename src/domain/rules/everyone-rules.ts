/**
 * Platform rows of the actions any kind of device may be sent (family "everyone"): a remote assistance
 * session (remote-assist.md and the device actions index: Windows, iOS/iPadOS, macOS, Android), rename
 * (rename.md 2025-10: Android Enterprise corporate-owned, supervised iOS/iPadOS, corporate-owned macOS and
 * Windows) and a custom notification (send-custom-notification.md 2025-10: Android personally-owned work
 * profile, iOS/iPadOS). The pages have no earlier version that says otherwise: both rulesets share the rows.
 */
import type { Enrollment } from '../../schemas/simulation.js';
import type { Platform } from '../platform.js';
import type { RuleRow, Ruleset } from './types.js';

const row = (platform: Platform, enrollments: readonly Enrollment[], supported: boolean, label: string, why: string, extra: Partial<RuleRow> = {}): RuleRow =>
  ({ platform, enrollments, supported, label, why, ...extra });

const ANDROID_ALL = ['deviceAdministrator', 'workProfile', 'corporateWorkProfile', 'fullyManaged', 'dedicated', 'aosp'] as const;
const IOS_ALL = ['device', 'userEnrollment'] as const;

const SESSION = 'the session starts in Remote Help or TeamViewer; the device gets its remoteAssistanceSessionUrl';
const remoteAssistance: RuleRow[] = [
  row('android', ANDROID_ALL, true, 'Android', SESSION),
  row('ios', IOS_ALL, true, 'iOS / iPadOS', SESSION),
  row('macos', ['device'], true, 'macOS', SESSION),
  row('windows', ['device'], true, 'Windows', SESSION),
];

const RENAME_ANDROID = 'rename is for Android Enterprise corporate-owned devices (fully managed, dedicated, corporate work profile)';
const rename: RuleRow[] = [
  row('android', ['deviceAdministrator', 'workProfile', 'aosp'], false, 'Android device administrator, personally-owned work profile, AOSP', RENAME_ANDROID),
  row('android', ['corporateWorkProfile', 'fullyManaged', 'dedicated'], true, 'Android corporate-owned (work profile, fully managed, dedicated)',
    'only the Device name in Intune changes, not the name on the device'),
  row('ios', ['device'], true, 'iOS / iPadOS, supervised', 'the device takes the new name', { supervised: true }),
  row('ios', IOS_ALL, false, 'iOS / iPadOS, not supervised', 'rename needs a supervised iOS/iPadOS device'),
  row('macos', ['device'], true, 'macOS, corporate-owned', 'the Mac takes the new name', { ownerType: 'company' }),
  row('macos', ['device'], false, 'macOS, personally owned', 'rename is for corporate-owned Macs'),
  row('windows', ['device'], true, 'Windows, corporate-owned', 'the PC takes the new name (Accounts CSP); a hybrid-joined PC fails', { ownerType: 'company' }),
  row('windows', ['device'], false, 'Windows, personally owned', 'rename is for corporate-owned Windows devices'),
];

const NOTIFY = 'a push alert from the Company Portal (or Intune app), 10 an hour at most';
const NOTIFY_ONLY = 'custom notifications go to Android personally-owned work profiles and iOS/iPadOS only';
const customNotification: RuleRow[] = [
  row('android', ['workProfile'], true, 'Android personally-owned work profile', NOTIFY),
  row('android', ['deviceAdministrator', 'corporateWorkProfile', 'fullyManaged', 'dedicated', 'aosp'], false, 'Android other than a personally-owned work profile', NOTIFY_ONLY),
  row('ios', IOS_ALL, true, 'iOS / iPadOS', NOTIFY),
  row('macos', ['device'], false, 'macOS', NOTIFY_ONLY),
  row('windows', ['device'], false, 'Windows', NOTIFY_ONLY),
];

const EVERYONE = {
  requestRemoteAssistance: remoteAssistance,
  setDeviceName: rename,
  sendCustomNotificationToCompanyPortal: customNotification,
} satisfies Partial<Ruleset['actions']>;

export const EVERYONE_RULES_2025 = EVERYONE;
export const EVERYONE_RULES_2018 = EVERYONE;
