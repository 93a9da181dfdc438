/**
 * What the "everyone" actions do (docs/simulation.md#remote-actions): a remote assistance session, a
 * rename, a custom notification. Two parts: checks made when the request arrives (a name against the
 * platform's naming rules, Intune's 10 notifications an hour per device), which refuse it before anything
 * changes; and what the device does (`EVERYONE_EFFECTS`: at check-in, or at once for a pushed notification).
 */
import type { ActionName } from '../actions/catalog.js';
import { isoAt } from '../clock.js';
import { DomainError } from '../errors.js';
import { platformOf, type Platform } from '../platform.js';
import type { Random } from '../random.js';
import type { DeviceRecord } from '../tenant-state.js';
import type { Applied, EffectContext } from './effect-context.js';

/** What a request check reads: the device and the body, at the tenant's now. */
export interface RequestContext {
  record: DeviceRecord;
  parameters: Readonly<Record<string, unknown>>;
  now: number;
}


/** "You can send up to 10 notifications per hour to the same device" (send-custom-notification.md). */
export const CUSTOM_NOTIFICATIONS_PER_HOUR = 10;
const HOUR_MS = 3600 * 1000;

/** The mock's own bound on a name where the rename page gives none (every platform but Windows). */
const NAME_MAX = 255;
const WINDOWS_NAME_MAX = 63;

/**
 * Why `name` breaks the rename page's rules for the platform, or undefined (rename.md 2025-10). Windows:
 * at most 63 characters, ASCII only letters, digits and hyphens (any character from 0x80 up), not only
 * digits, no spaces; iOS/iPadOS and macOS: letters, digits and hyphens, at least one letter or hyphen;
 * Android: letters, digits and hyphens.
 */
export function deviceNameProblem(platform: Platform, name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'a deviceName is required';
  const chars = [...name];
  if (platform === 'windows') {
    if (chars.length > WINDOWS_NAME_MAX) return `a Windows device name has at most ${WINDOWS_NAME_MAX} characters (this one has ${chars.length})`;
    const bad = chars.find((c) => c.codePointAt(0)! < 0x80 && !/[A-Za-z0-9-]/.test(c));
    if (bad !== undefined) return `a Windows device name takes letters, digits and hyphens only, not ${bad === ' ' ? 'a space' : `'${bad}'`}`;
    if (/^[0-9]+$/.test(name)) return 'a Windows device name must not contain only numbers';
    return undefined;
  }
  if (chars.length > NAME_MAX) return `a device name has at most ${NAME_MAX} characters here (this one has ${chars.length})`;
  const bad = chars.find((c) => !/[\p{L}\p{N}-]/u.test(c));
  if (bad !== undefined) return `a device name takes letters, digits and hyphens only, not ${bad === ' ' ? 'a space' : `'${bad}'`}`;
  if ((platform === 'ios' || platform === 'macos') && !/[\p{L}-]/u.test(name)) return 'an Apple device name must contain at least one letter or hyphen';
  return undefined;
}

/** The custom notifications sent to the device within the hour before `now`. */
const sentWithinHour = (record: DeviceRecord, now: number): string[] =>
  (record.simulation.customNotificationsSentAt ?? []).filter((at) => Date.parse(at) > now - HOUR_MS);

export const EVERYONE_REQUEST_CHECKS = {
  setDeviceName: ({ record, parameters }: RequestContext) => {
    const problem = deviceNameProblem(platformOf(record.device.operatingSystem), parameters.deviceName);
    if (problem) throw new DomainError('invalidActionParameter', `The setDeviceName action cannot rename this device: ${problem}.`, record.device.id);
  },
  sendCustomNotificationToCompanyPortal: ({ record, now }: RequestContext) => {
    const sent = sentWithinHour(record, now);
    if (sent.length >= CUSTOM_NOTIFICATIONS_PER_HOUR) {
      const next = isoAt(Date.parse(sent[0]!) + HOUR_MS);
      // LIMITATIONS: Intune's answer past the limit is undocumented; the mock's daily-limit answer (400).
      throw new DomainError(
        'dailyLimitReached',
        `The device has been sent ${CUSTOM_NOTIFICATIONS_PER_HOUR} custom notifications within the last hour, Intune's limit per device. Try again after ${next}.`,
        record.device.id,
      );
    }
  },
} satisfies Partial<Record<ActionName, (c: RequestContext) => void>>;

/** The session URL a started session gets: on a reserved domain, so nothing real is ever reached. */
const sessionUrl = (random: Random) => `https://remoteassistance.intune-mock.invalid/sessions/${random.uuid()}`;

export const EVERYONE_EFFECTS = {
  requestRemoteAssistance: (c: EffectContext): Applied => {
    c.record.device.remoteAssistanceSessionUrl = sessionUrl(c.random);
    c.record.device.remoteAssistanceSessionErrorDetails = '';
    return { state: 'done' };
  },
  setDeviceName: (c: EffectContext): Applied => {
    const { device } = c.record;
    // "Renaming Microsoft Entra hybrid joined devices from Intune is not supported" (rename.md).
    if (platformOf(device.operatingSystem) === 'windows' && device.joinType === 'hybridAzureADJoined') return { state: 'failed' };
    // Android Enterprise: only Intune's Device name changes, not the device's own (rename.md); the mock
    // keeps no name of the device's own, so every platform shows the new deviceName.
    device.deviceName = String(c.pending.parameters?.deviceName);
    return { state: 'done' };
  },
  /** Pushed at once (`pushed` in the catalog): shown when the device can receive it, else lost ("delivery isn't guaranteed"). */
  sendCustomNotificationToCompanyPortal: (c: EffectContext): Applied => {
    const { simulation } = c.record;
    simulation.customNotificationsSentAt = [...sentWithinHour(c.record, c.at), isoAt(c.at)];
    if (simulation.online && (simulation.power ?? 'on') === 'on') {
      const p = c.pending.parameters ?? {};
      simulation.notifications.push({
        type: 'customNotification', shownAt: isoAt(c.at),
        title: typeof p.notificationTitle === 'string' ? p.notificationTitle : '',
        body: typeof p.notificationBody === 'string' ? p.notificationBody : '',
      });
    }
    return { state: 'done' };
  },
} satisfies Partial<Record<ActionName, (c: EffectContext) => Applied>>;
