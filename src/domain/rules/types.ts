/**
 * A ruleset: for each remote action and kind of device, whether the platform can do it at all (the admin
 * center greys the action out; Graph answers 400) and, for `resetPasscode`, what the device does when it
 * checks in.
 */
import type { Enrollment } from '../../schemas/simulation.js';
import type { ActionName } from '../actions/catalog.js';
import type { Platform } from '../platform.js';

/** The rulesets' names (`--ruleset`): the seed page's year, and the current Intune pages'. */
export const RULESET_NAMES = ['2018', '2025'] as const;
export type RulesetName = (typeof RULESET_NAMES)[number];

/** What a device does with an accepted reset when it checks in. */
export type ResetEffect =
  /** A new device passcode, shown to the admin in the action result (Android ≤ 6, dedicated, AOSP). */
  | 'resetDevicePasscode'
  /** A new temporary work-profile passcode, shown to the admin (Android Enterprise work profiles). */
  | 'resetWorkProfilePasscode'
  /** The passcode is removed; nothing is returned (iOS/iPadOS). */
  | 'removePasscode';

/** A condition checked at check-in; when it does not hold, the action ends in `outcome`. */
export interface CheckInCondition {
  requires: 'resetTokenActive' | 'workProfilePasswordPolicy';
  outcome: 'notSupported' | 'failed';
  /** Why, for the README and logs. */
  reason: string;
}

/**
 * A kind of device a row is for, beyond platform, enrollment, OS version and supervision: `ade`, enrolled
 * through Apple's Automated Device Enrollment (`deviceEnrollmentType` `appleBulkWithUser` or
 * `appleBulkWithoutUser`, Graph's "Apple bulk enrollment (DEP)"); `sharedIPad`, a Shared iPad (beta
 * `hardwareInformation.isSharedDevice`); `corporate` and `personal`, Graph's `managedDeviceOwnerType`
 * `company` or `personal` (the one way a row reads ownership); `surfaceHub`, a Surface Hub (its `model`);
 * `windowsMobile`, a Windows 10 Mobile phone (`operatingSystem` `Windows Mobile`) (domain/platform.ts
 * `windowsEdition`).
 */
export type RowRequirement = 'ade' | 'sharedIPad' | 'corporate' | 'personal' | 'surfaceHub' | 'windowsMobile';

export interface RuleRow {
  platform: Platform;
  enrollments: readonly Enrollment[];
  /** The row applies from this OS version (inclusive)... */
  minVersion?: string;
  /** ...up to this one (exclusive). */
  belowVersion?: string;
  /** The row applies only to a device whose Graph `isSupervised` is this. */
  supervised?: boolean;
  /** The row applies only to a device whose beta `lostModeState` is `enabled` (true) or not (false). */
  lostMode?: boolean;
  /** The row applies only to a device of this kind (`rules/index.ts` `meets`). */
  requires?: RowRequirement;
  /** `false`: the platform cannot do it; Graph answers 400 and nothing is queued. */
  supported: boolean;
  effect?: ResetEffect;
  conditions?: readonly CheckInCondition[];
  /** The row as the README's rules table and the 400 message name it. */
  label: string;
  /** Why (cited), for unsupported rows the explanation in the 400 message. */
  why: string;
}

export interface Ruleset {
  name: RulesetName;
  /** The Android version from which a personal work profile supports the reset (and the reset-token prompt). */
  workProfileThreshold: string;
  /** `resetPasscode`'s rows. */
  rows: readonly RuleRow[];
  /** Every other action's rows (`action-rules.ts`). */
  actions: Readonly<Record<Exclude<ActionName, 'resetPasscode'>, readonly RuleRow[]>>;
}
