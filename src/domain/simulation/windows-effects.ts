/**
 * What a Windows device does with the Windows family's remote actions when it checks in
 * (docs/simulation.md#what-the-device-does): Fresh Start, Defender scans and updates, BitLocker and LAPS
 * rotation, Config Refresh pauses, a Surface Hub's device account, a Windows 10 Mobile PIN reset. The state
 * they change is the optional Windows part of the simulation (schemas/windows-simulation.ts).
 */
import type { WindowsAction } from '../rules/windows-rules.js';
import { isoAt } from '../clock.js';
import type { Random } from '../random.js';
import type { Applied, EffectContext } from './effect-context.js';
import { show } from './notifications.js';

/**
 * `rotateBitLockerKeysDeviceActionResult.errorCode` when the rotation fails. LIMITATIONS: Intune's codes are not
 * documented; the mock reports the Windows HRESULTs as Int32: FVE_E_NOT_ENCRYPTED (0x80310001) for a drive that is not
 * encrypted, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED) (0x80070032) when client-driven rotation is off.
 */
export const BITLOCKER_NOT_ENCRYPTED = 0x80310001 | 0;
export const BITLOCKER_ROTATION_OFF = 0x80070032 | 0;

/** A BitLocker recovery password: eight groups of six digits, each a multiple of 11 below 720,896 (as Windows makes them). */
export function recoveryPassword(random: Random): string {
  return Array.from({ length: 8 }, () => String(11 * random.int(0, 65_535)).padStart(6, '0')).join('-');
}

const LAPS_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+-.:=?@';

/** A Windows LAPS password: 14 characters of large and small letters, digits and specials (LAPS' defaults). */
export function lapsPassword(random: Random): string {
  return Array.from({ length: 14 }, () => random.pick([...LAPS_ALPHABET])).join('');
}

const MINUTE_MS = 60_000;

export const WINDOWS_EFFECTS: Readonly<Record<WindowsAction, (c: EffectContext) => Applied>> = {
  // fresh-start.md: keepUserData keeps the user's data and the Entra join (the device re-enrolls at sign-in); without it
  // the device is back in its out-of-box state, and a personally-owned (Entra registered) one leaves Entra ID and Intune.
  cleanWindowsDevice: (c) => {
    const { simulation, device } = c.record;
    simulation.locked = false;
    delete simulation.unlockPin;
    if (c.pending.parameters?.keepUserData !== true) {
      simulation.passcode = { set: false };
      simulation.notifications = [];
      if (device.managedDeviceOwnerType === 'personal') simulation.enrolled = false;
    }
    return { state: 'done' };
  },
  windowsDefenderScan: (c) => {
    const quick = c.pending.parameters?.quickScan === true;
    const defender = (c.record.simulation.defender ??= {});
    if (quick) defender.lastQuickScanAt = isoAt(c.at);
    else defender.lastFullScanAt = isoAt(c.at);
    // LIMITATIONS: scanType is "either full scan or quick scan" (CSDL); the mock writes the remoteAction members' names.
    return { state: 'done', result: { scanType: quick ? 'quickScan' : 'fullScan' } };
  },
  windowsDefenderUpdateSignatures: (c) => {
    (c.record.simulation.defender ??= {}).signaturesUpdatedAt = isoAt(c.at);
    return { state: 'done' };
  },
  // rotate-bitlocker-keys.md: needs BitLocker on and client-driven recovery password rotation (absent: both on).
  rotateBitLockerKeys: (c) => {
    const { simulation } = c.record;
    const current = simulation.bitLocker ?? { encrypted: true };
    if (!current.encrypted) return { state: 'failed', result: { errorCode: BITLOCKER_NOT_ENCRYPTED } };
    if (current.rotationEnabled === false) return { state: 'failed', result: { errorCode: BITLOCKER_ROTATION_OFF } };
    simulation.bitLocker = { ...current, recoveryPassword: recoveryPassword(c.random), rotatedAt: isoAt(c.at) };
    return { state: 'done', result: { errorCode: 0 } };
  },
  // Windows LAPS: a new password when a LAPS policy manages the account (absent: it does).
  rotateLocalAdminPassword: (c) => {
    const { simulation } = c.record;
    if (simulation.localAdminPassword?.managed === false) return { state: 'failed' };
    simulation.localAdminPassword = { managed: true, password: lapsPassword(c.random), rotatedAt: isoAt(c.at) };
    return { state: 'done' };
  },
  // pause-config-refresh.md: paused for the given minutes; 0 resumes. Needs Config Refresh on (absent: it is).
  pauseConfigurationRefresh: (c) => {
    const { simulation } = c.record;
    if (simulation.configRefresh?.enabled === false) return { state: 'failed' };
    const minutes = Number(c.pending.parameters?.pauseTimePeriodInMinutes ?? 0);
    simulation.configRefresh = minutes > 0 ? { enabled: true, pausedUntil: isoAt(c.at + minutes * MINUTE_MS) } : { enabled: true };
    return { state: 'done' };
  },
  // The SurfaceHub CSP's DeviceAccount node takes what was sent; members left out (or null) keep their values.
  updateWindowsDeviceAccount: (c) => {
    const { simulation } = c.record;
    const sent = (c.pending.parameters?.updateWindowsDeviceAccountActionParameter ?? {}) as Record<string, unknown>;
    const account = { ...simulation.deviceAccount };
    if (typeof sent.deviceAccountEmail === 'string') account.deviceAccountEmail = sent.deviceAccountEmail;
    if (typeof sent.exchangeServer === 'string') account.exchangeServer = sent.exchangeServer;
    // Graph's member is spelt "Protocal"; the simulation spells it right.
    if (typeof sent.sessionInitiationProtocalAddress === 'string') account.sessionInitiationProtocolAddress = sent.sessionInitiationProtocalAddress;
    if (typeof sent.calendarSyncEnabled === 'boolean') account.calendarSyncEnabled = sent.calendarSyncEnabled;
    if (typeof sent.passwordRotationEnabled === 'boolean') account.passwordRotationEnabled = sent.passwordRotationEnabled;
    const password = (sent.deviceAccount as { password?: unknown } | null | undefined)?.password;
    if (typeof password === 'string') account.passwordChangedAt = isoAt(c.at);
    simulation.deviceAccount = account;
    return { state: 'done' };
  },
  // device-windows-pin-reset.md: a new PIN, shown for 7 days (as a reset's passcode); the user is told it on the phone.
  recoverPasscode: (c) => {
    const pin = c.random.digits(6);
    c.record.simulation.passcode = { set: true, value: pin };
    show(c.record, 'newPasscode', c.at);
    return { state: 'done', result: { passcode: pin } };
  },
};
