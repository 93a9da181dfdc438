/**
 * Building rule rows: the helpers and enrollment lists every family (`*-rules.ts`) uses, in one place, so a
 * new enrollment (schemas/simulation.ts, domain/platform.ts `ENROLLMENTS_BY_PLATFORM`) reaches every
 * family's "all Android" or "all iOS" rows at once.
 */
import type { Enrollment } from '../../schemas/simulation.js';
import { ENROLLMENTS_BY_PLATFORM, type Platform } from '../platform.js';
import type { RuleRow } from './types.js';

/** Every Android enrollment: device administrator, work profile (BYOD), corporate work profile (COPE), fully managed (COBO), dedicated (COSU), AOSP. */
export const ANDROID_ALL = ENROLLMENTS_BY_PLATFORM.android;
/** Every iOS/iPadOS enrollment: device enrollment and User Enrollment. */
export const IOS_ALL = ENROLLMENTS_BY_PLATFORM.ios;
/** macOS's and Windows' one enrollment (and iOS/iPadOS device enrollment). */
export const DEVICE = ['device'] as const satisfies readonly Enrollment[];
/** Android device administrator. */
export const DA = ['deviceAdministrator'] as const satisfies readonly Enrollment[];
/** Android personally-owned work profile. */
export const BYOD = ['workProfile'] as const satisfies readonly Enrollment[];
/** Android corporate-owned work profile. */
export const COPE = ['corporateWorkProfile'] as const satisfies readonly Enrollment[];
/** Every corporate-owned Android enrollment (all but device administrator and the personally-owned work profile). */
export const CORPORATE_ANDROID = ANDROID_ALL.filter((e) => e !== 'deviceAdministrator' && e !== 'workProfile');

/** A row: `extra` narrows it (versions, supervision, lost mode, `requires`) or adds the reset's effect. */
const row = (supported: boolean, platform: Platform, enrollments: readonly Enrollment[], label: string, why: string, extra: Partial<RuleRow> = {}): RuleRow =>
  ({ platform, enrollments, supported, label, why, ...extra });
/** A row whose devices can do the action. */
export const yes = (platform: Platform, enrollments: readonly Enrollment[], label: string, why: string, extra: Partial<RuleRow> = {}): RuleRow =>
  row(true, platform, enrollments, label, why, extra);
/** A row whose devices cannot (Graph answers 400, nothing is queued). */
export const no = (platform: Platform, enrollments: readonly Enrollment[], label: string, why: string, extra: Partial<RuleRow> = {}): RuleRow =>
  row(false, platform, enrollments, label, why, extra);
