/**
 * What an Apple device does with the Apple family's remote actions when it checks in
 * (docs/simulation.md#what-the-device-does): Activation Lock bypass codes, Shared iPad users, FileVault keys.
 */
import type { AppleAction } from '../rules/apple-rules.js';
import { isoAt } from '../clock.js';
import type { Random } from '../random.js';
import type { DeviceRecord } from '../tenant-state.js';
import type { Applied, EffectContext } from './effect-context.js';

/** The bypass code is valid 15 days (https://learn.microsoft.com/mem/intune/remote-actions/troubleshoot-device-actions, 2019). */
export const BYPASS_CODE_DAYS = 15;

const CODE_ALPHABET = '0123456789ACDEFGHJKLMNPQRTUVWXY';

/** A code of `groups` groups of `size` characters, dash-separated. */
function code(random: Random, groups: number, size: number, alphabet: string): string {
  return Array.from({ length: groups }, () => Array.from({ length: size }, () => random.pick([...alphabet])).join('')).join('-');
}

export const APPLE_EFFECTS: Readonly<Record<AppleAction, (c: EffectContext) => Applied>> = {
  // Nothing happens on the device ("expected", the troubleshooting page above): Intune keeps a bypass code.
  bypassActivationLock: (c) => {
    c.record.device.activationLockBypassCode = code(c.random, 6, 5, CODE_ALPHABET);
    c.record.simulation.activationLockBypassCodeExpiresAt = isoAt(c.at + BYPASS_CODE_DAYS * 86_400_000);
    return { state: 'done' };
  },
};

/** The device's `activationLockBypassCode` as Graph reads it at `now`: null once its 15 days are over. */
export function visibleBypassCode(record: DeviceRecord, now: number): string | null {
  const expires = record.simulation.activationLockBypassCodeExpiresAt;
  if (expires !== undefined && Date.parse(expires) <= now) return null;
  return record.device.activationLockBypassCode;
}
