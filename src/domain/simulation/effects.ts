/**
 * What a device does with each remote action when it checks in (docs/simulation.md#remote-actions): the
 * outcome (`done`, `failed`, `notSupported`) and the change to the device, one function per action. The
 * simulator decides when; this file decides what.
 */
import type { ActionName } from '../actions/catalog.js';
import { isoAt } from '../clock.js';
import { platformOf } from '../platform.js';
import { iosPasscodeRequired, workProfilePasswordRequired } from '../policies.js';
import type { Random } from '../random.js';
import type { RuleRow } from '../rules/index.js';
import type { DeviceRecord, TenantData } from '../tenant-state.js';
import { dismiss, show } from './notifications.js';
import { leaveLostMode, LOST_MODE_EFFECTS } from './lost-mode-effects.js';
import { APPLE_EFFECTS } from './apple-effects.js';
import { WINDOWS_EFFECTS } from './windows-effects.js';
import { EVERYONE_EFFECTS } from './everyone-effects.js';
import { FILEVAULT_EFFECTS } from './filevault-effects.js';
import type { Applied, EffectContext } from './effect-context.js';

// The types live in effect-context.ts so the family effect files need not import this one.
export type { Outcome, Applied, EffectContext } from './effect-context.js';

const WORK_PROFILE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A generated passcode: six digits for a device, eight characters for a work-profile challenge. */
export function generatePasscode(random: Random, kind: 'device' | 'workProfile'): string {
  if (kind === 'device') return random.digits(6);
  return Array.from({ length: 8 }, () => random.pick([...WORK_PROFILE_ALPHABET])).join('');
}

const EFFECTS: Readonly<Record<ActionName, (c: EffectContext) => Applied>> = {
  ...APPLE_EFFECTS,
  ...WINDOWS_EFFECTS,
  resetPasscode: resetPasscode,
  retire: (c) => {
    removeCompanyData(c.record);
    c.record.simulation.enrolled = false;
    return { state: 'done' };
  },
  wipe: (c) => {
    const { record } = c;
    factoryReset(record);
    // "Wipe device, but keep enrollment state": a Windows device stays enrolled (wipe.md).
    if (c.pending.parameters?.keepEnrollmentData === true && platformOf(record.device.operatingSystem) === 'windows') {
      record.device.managementState = 'managed';
    } else record.simulation.enrolled = false;
    return { state: 'done' };
  },
  // The check-in itself is the sync: `lastSyncDateTime` moves, everything due is applied.
  syncDevice: () => ({ state: 'done' }),
  rebootNow: (c) => {
    const delay = c.record.simulation.rebootDelaySeconds ?? c.rebootDelaySeconds;
    c.record.simulation.power = 'rebooting';
    c.record.simulation.bootAt = isoAt(c.at + delay * 1000);
    return { state: 'done' };
  },
  shutDown: (c) => {
    c.record.simulation.power = 'off';
    delete c.record.simulation.bootAt;
    return { state: 'done' };
  },
  remoteLock: (c) => {
    const { simulation, device } = c.record;
    if (platformOf(device.operatingSystem) === 'macos') {
      // "If you send another Remote lock before the PIN is used, the second action shows Failed" (remote-lock.md).
      if (simulation.locked === true) return { state: 'failed' };
      simulation.locked = true;
      simulation.unlockPin = c.random.digits(6);
      return { state: 'done', result: { unlockPin: simulation.unlockPin } };
    }
    // "Effective only if a passcode is set": otherwise the screen may just turn off.
    if (simulation.passcode.set) simulation.locked = true;
    return { state: 'done' };
  },
  ...LOST_MODE_EFFECTS,
  ...EVERYONE_EFFECTS,
  ...FILEVAULT_EFFECTS,
};

/** Applies one accepted action at check-in; a row the device no longer matches (e.g. an OS downgrade) fails it. */
export function applyEffect(c: EffectContext): Applied {
  if (!c.row.supported) return { state: 'failed' };
  return EFFECTS[c.pending.action](c);
}

/** Retire: the work profile, its passcode and token, the prompts and any lock go (retire.md). */
function removeCompanyData(record: DeviceRecord): void {
  const { simulation } = record;
  simulation.workProfilePasscode = { set: false };
  simulation.resetToken = 'inactive';
  simulation.notifications = [];
  simulation.locked = false;
  delete simulation.unlockPin;
  // The management profile goes, and lost mode with it (Apple: "Erasing a device also disables Lost Mode").
  leaveLostMode(record);
  delete simulation.lostModeSound;
}

/** Wipe: a factory reset, the device passcode too. */
function factoryReset(record: DeviceRecord): void {
  removeCompanyData(record);
  record.simulation.passcode = { set: false };
}

function resetPasscode(c: EffectContext): Applied {
  const { record, row, at, tenant } = c;
  const unmet = unmetCondition(tenant, record, row);
  if (unmet) return { state: unmet };
  let passcode: string | null = null;
  if (row.effect === 'resetDevicePasscode') {
    passcode = generatePasscode(c.random, 'device');
    record.simulation.passcode = { set: true, value: passcode };
    show(record, 'newPasscode', at);
  } else if (row.effect === 'resetWorkProfilePasscode') {
    passcode = generatePasscode(c.random, 'workProfile');
    record.simulation.workProfilePasscode = { set: true, value: passcode };
    show(record, 'newPasscode', at);
  } else if (row.effect === 'removePasscode') {
    record.simulation.passcode = { set: false };
    dismiss(record, 'newPasscode');
    if (iosPasscodeRequired(tenant)) {
      // "If there is a passcode compliance policy set, then the device will prompt the user to set a new passcode."
      show(record, 'setPasscode', at);
      record.device.complianceState = 'noncompliant';
    }
  }
  return { state: 'done', result: { passcode } };
}

/** The outcome of the first check-in condition the device does not meet, if any. */
function unmetCondition(tenant: TenantData, record: DeviceRecord, row: RuleRow): 'failed' | 'notSupported' | undefined {
  for (const c of row.conditions ?? []) {
    const met = c.requires === 'resetTokenActive' ? record.simulation.resetToken === 'active' : workProfilePasswordRequired(tenant);
    if (!met) return c.outcome;
  }
  return undefined;
}
