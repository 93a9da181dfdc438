/**
 * What the simulated user sees on the device (docs/simulation.md#devices, "Notifications the simulated user sees").
 * `activateResetToken` depends only on the device's state and the tenant's policy, so it is reconciled
 * after every change ("right after enrollment, or as soon as those conditions become true later");
 * `setPasscode` and `newPasscode` follow events (a reset shows them, the user's own passcode dismisses them).
 */
import type { Notification } from '../../schemas/simulation.js';
import type { DeviceRecord, TenantData } from '../tenant-state.js';
import { isoAt } from '../clock.js';
import { compareVersions } from '../platform.js';
import { workProfilePasswordRequired } from '../policies.js';
import type { Ruleset } from '../rules/index.js';
import { settleSound } from './lost-mode-sound.js';

export type NotificationType = Notification['type'];

export function isShowing(record: DeviceRecord, type: NotificationType): boolean {
  return record.simulation.notifications.some((n) => n.type === type);
}

export function show(record: DeviceRecord, type: NotificationType, now: number): void {
  if (!isShowing(record, type)) record.simulation.notifications.push({ type, shownAt: isoAt(now) });
}

export function dismiss(record: DeviceRecord, type: NotificationType): void {
  record.simulation.notifications = record.simulation.notifications.filter((n) => n.type !== type);
}

/**
 * Why the reset-token prompt is not showing, or undefined when it should show: a personal work profile
 * at or above the threshold, a work-profile password required by policy and set, the token inactive
 * (seed page: "The notification is displayed if a Work profile password is required and set").
 */
export function whyNoTokenPrompt(record: DeviceRecord, tenant: TenantData, ruleset: Ruleset): string | undefined {
  const { simulation, device } = record;
  if (simulation.enrollment !== 'workProfile') return `the device is not a personally-owned work profile (enrollment '${simulation.enrollment}')`;
  if (compareVersions(device.osVersion, ruleset.workProfileThreshold) < 0) {
    return `the device runs Android ${device.osVersion ?? '(unknown)'}, below ${ruleset.workProfileThreshold} (ruleset ${ruleset.name})`;
  }
  if (simulation.resetToken === 'active') return 'the reset token is already active';
  if (!workProfilePasswordRequired(tenant)) return 'no work-profile password is required by a compliance policy';
  if (!simulation.workProfilePasscode.set) return 'the user has not set a work-profile passcode';
  return undefined;
}

export function reconcileNotifications(record: DeviceRecord, tenant: TenantData, ruleset: Ruleset, now: number): void {
  if (whyNoTokenPrompt(record, tenant, ruleset) === undefined) show(record, 'activateResetToken', now);
  else dismiss(record, 'activateResetToken');
  settleSound(record, now);
}
