/**
 * What an Apple device does with the Apple family's remote actions when it checks in
 * (docs/simulation.md#what-the-device-does): Activation Lock bypass codes and Shared iPad users (FileVault keys: filevault-effects.ts).
 */
import type { AppleAction } from '../rules/apple-rules.js';
import { isoAt } from '../clock.js';
import type { Random } from '../random.js';
import type { DeviceRecord, TenantData } from '../tenant-state.js';
import { userByPrincipalName } from '../users.js';
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
  // logout-user.md: the active user is signed out; with nobody signed in there is nothing to do.
  logoutSharedAppleDeviceActiveUser: (c) => {
    delete c.record.simulation.sharedIPadActiveUser;
    return { state: 'done' };
  },
  // remove-user.md: the cached user goes. LIMITATIONS: a user signed in, or not cached, ends `failed` (our choice).
  deleteUserFromSharedAppleDevice: (c) => {
    const { simulation } = c.record;
    const upn = typeof c.pending.parameters?.userPrincipalName === 'string' ? c.pending.parameters.userPrincipalName : null;
    const result = { userPrincipalName: upn };
    const users = simulation.sharedIPadUsers ?? [];
    if (!users.some((u) => sameUser(u.userPrincipalName, upn)) || sameUser(simulation.sharedIPadActiveUser, upn)) return { state: 'failed', result };
    simulation.sharedIPadUsers = users.filter((u) => !sameUser(u.userPrincipalName, upn));
    showSharedIPadUsers(c.tenant, c.record);
    return { state: 'done', result };
  },
};

/** The device's `activationLockBypassCode` as Graph reads it at `now`: null once its 15 days are over. */
export function visibleBypassCode(record: DeviceRecord, now: number): string | null {
  const expires = record.simulation.activationLockBypassCodeExpiresAt;
  if (expires !== undefined && Date.parse(expires) <= now) return null;
  return record.device.activationLockBypassCode;
}

/** When `visibleBypassCode` turns `null` if it is not yet (after `now`), else `Infinity`: see resultsVisibleUntil. */
export function bypassCodeVisibleUntil(record: DeviceRecord, now: number): number {
  const expires = record.simulation.activationLockBypassCodeExpiresAt;
  const at = expires === undefined ? Number.NaN : Date.parse(expires);
  return at > now ? at : Number.POSITIVE_INFINITY;
}

/**
 * A Shared iPad's users as Graph shows them: beta `usersLoggedOn` (the cached users, with the tenant's id for
 * each) and `hardwareInformation.sharedDeviceCachedUsers`. Called whenever the simulated list changes.
 */
export function showSharedIPadUsers(tenant: TenantData, record: DeviceRecord): void {
  const users = record.simulation.sharedIPadUsers ?? [];
  record.device.usersLoggedOn = users.map((u) => ({ userId: userByPrincipalName(tenant, u.userPrincipalName)?.id ?? null, lastLogOnDateTime: u.lastLogOnDateTime }));
  const hw = record.device.hardwareInformation;
  if (hw) hw.sharedDeviceCachedUsers = users.map((u) => ({ userPrincipalName: u.userPrincipalName, dataToSync: false, dataQuota: null, dataUsed: 0 }));
}

/** Whether two user principal names are the same user (Entra compares them case-insensitively). */
export const sameUser = (a: string | null | undefined, b: string | null | undefined): boolean =>
  typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
