/**
 * Platform rows of the actions any kind of device may be sent (family "everyone"): a remote assistance
 * session (remote-assist.md and the device actions index: Windows, iOS/iPadOS, macOS, Android), rename
 * (rename.md 2025-10: Android Enterprise corporate-owned, supervised iOS/iPadOS, corporate-owned macOS and
 * Windows) and a custom notification (send-custom-notification.md 2025-10: Android personally-owned work
 * profile, iOS/iPadOS). The pages have no earlier version that says otherwise: both rulesets share the rows.
 */
import type { RuleRow, Ruleset } from './types.js';
import { ANDROID_ALL, DEVICE, IOS_ALL, no, yes } from './rows.js';

const SESSION = 'the session starts in Remote Help or TeamViewer; the device gets its remoteAssistanceSessionUrl';
const remoteAssistance: RuleRow[] = [
  yes('android', ANDROID_ALL, 'Android', SESSION),
  yes('ios', IOS_ALL, 'iOS / iPadOS', SESSION),
  yes('macos', DEVICE, 'macOS', SESSION),
  yes('windows', DEVICE, 'Windows', SESSION),
];

const RENAME_ANDROID = 'rename is for Android Enterprise corporate-owned devices (fully managed, dedicated, corporate work profile)';
const rename: RuleRow[] = [
  no('android', ['deviceAdministrator', 'workProfile', 'aosp'], 'Android device administrator, personally-owned work profile, AOSP', RENAME_ANDROID),
  yes('android', ['corporateWorkProfile', 'fullyManaged', 'dedicated'], 'Android corporate-owned (work profile, fully managed, dedicated)',
    'only the Device name in Intune changes, not the name on the device'),
  yes('ios', DEVICE, 'iOS / iPadOS, supervised', 'the device takes the new name', { supervised: true }),
  no('ios', IOS_ALL, 'iOS / iPadOS, not supervised', 'rename needs a supervised iOS/iPadOS device'),
  yes('macos', DEVICE, 'macOS, corporate-owned', 'the Mac takes the new name', { requires: 'corporate' }),
  no('macos', DEVICE, 'macOS, personally owned', 'rename is for corporate-owned Macs'),
  yes('windows', DEVICE, 'Windows, corporate-owned', 'the PC takes the new name (Accounts CSP); a hybrid-joined PC fails', { requires: 'corporate' }),
  no('windows', DEVICE, 'Windows, personally owned', 'rename is for corporate-owned Windows devices'),
];

const NOTIFY = 'a push alert from the Company Portal (or Intune app), 10 an hour at most';
const NOTIFY_ONLY = 'custom notifications go to Android personally-owned work profiles and iOS/iPadOS only';
const customNotification: RuleRow[] = [
  yes('android', ['workProfile'], 'Android personally-owned work profile', NOTIFY),
  no('android', ['deviceAdministrator', 'corporateWorkProfile', 'fullyManaged', 'dedicated', 'aosp'], 'Android other than a personally-owned work profile', NOTIFY_ONLY),
  yes('ios', IOS_ALL, 'iOS / iPadOS', NOTIFY),
  no('macos', DEVICE, 'macOS', NOTIFY_ONLY),
  no('windows', DEVICE, 'Windows', NOTIFY_ONLY),
];

const EVERYONE = {
  requestRemoteAssistance: remoteAssistance,
  setDeviceName: rename,
  sendCustomNotificationToCompanyPortal: customNotification,
} satisfies Partial<Ruleset['actions']>;

export const EVERYONE_RULES_2025 = EVERYONE;
export const EVERYONE_RULES_2018 = EVERYONE;
