/** Looking a device up in a ruleset. */
import type { ManagedDevice } from '../../schemas/managed-device.js';
import type { Simulation } from '../../schemas/simulation.js';
import { compareVersions, platformOf, windowsEdition } from '../platform.js';
import { RULESET_2018 } from './ruleset-2018.js';
import { RULESET_2025 } from './ruleset-2025.js';
import type { ActionName } from '../actions/catalog.js';
import type { RowRequirement, RuleRow, Ruleset, RulesetName } from './types.js';

export const RULESETS: Readonly<Record<RulesetName, Ruleset>> = { '2018': RULESET_2018, '2025': RULESET_2025 };

/** A device on no row (an unknown platform, or an enrollment its platform does not have) cannot do the action. */
const noRow = (action: ActionName): RuleRow => ({
  platform: 'other', enrollments: [], supported: false, label: 'other platforms',
  why: action === 'resetPasscode' ? 'the device\'s platform does not support passcode reset' : `the device's platform does not support ${action}`,
});

/** The rows of an action in a ruleset. */
export const rowsOf = (ruleset: Ruleset, action: ActionName): readonly RuleRow[] => (action === 'resetPasscode' ? ruleset.rows : ruleset.actions[action]);

/** What a row's `requires` reads of a device (absent: not that kind). */
export type DeviceForRules = Pick<ManagedDevice, 'operatingSystem' | 'osVersion' | 'isSupervised'> &
  Partial<Pick<ManagedDevice, 'deviceEnrollmentType' | 'managedDeviceOwnerType' | 'hardwareInformation' | 'lostModeState' | 'model'>>;

const ADE_TYPES: ReadonlySet<string> = new Set(['appleBulkWithUser', 'appleBulkWithoutUser']);

function meets(device: DeviceForRules, requirement: RowRequirement): boolean {
  switch (requirement) {
    case 'ade':
      return ADE_TYPES.has(device.deviceEnrollmentType ?? '');
    case 'sharedIPad':
      return device.hardwareInformation?.isSharedDevice === true;
    case 'corporate':
      return device.managedDeviceOwnerType === 'company';
    case 'personal':
      return device.managedDeviceOwnerType === 'personal';
    case 'surfaceHub':
      return windowsEdition(device) === 'surfaceHub';
    case 'windowsMobile':
      return windowsEdition(device) === 'mobile';
  }
}

export function ruleFor(
  ruleset: Ruleset,
  device: DeviceForRules,
  simulation: Pick<Simulation, 'enrollment'>,
  action: ActionName,
): RuleRow {
  const platform = platformOf(device.operatingSystem);
  return (
    rowsOf(ruleset, action).find(
      (r) =>
        r.platform === platform &&
        r.enrollments.includes(simulation.enrollment) &&
        (r.minVersion === undefined || compareVersions(device.osVersion, r.minVersion) >= 0) &&
        (r.belowVersion === undefined || compareVersions(device.osVersion, r.belowVersion) < 0) &&
        (r.supervised === undefined || r.supervised === (device.isSupervised === true)) &&
        (r.lostMode === undefined || r.lostMode === (device.lostModeState === 'enabled')) &&
        (r.requires === undefined || meets(device, r.requires)),
    ) ?? noRow(action)
  );
}

export type { RuleRow, Ruleset, RulesetName, ResetEffect, CheckInCondition, RowRequirement } from './types.js';
