/**
 * The simulation state of a device whose fixture leaves parts out (docs/simulation.md#devices): the enrollment
 * derived from the Graph properties, a set passcode, an inactive reset token, online.
 */
import { copyJson } from '../lib/copy-json.js';
import type { ManagedDevice } from '../schemas/managed-device.js';
import type { Enrollment, Simulation, SimulationInput } from '../schemas/simulation.js';
import { platformOf } from './platform.js';

/** docs/simulation.md#devices: Android from `deviceEnrollmentType`, iOS user enrollment, everything else `device`. */
export function deriveEnrollment(device: Pick<ManagedDevice, 'operatingSystem' | 'deviceEnrollmentType'>): Enrollment {
  const type = device.deviceEnrollmentType;
  switch (platformOf(device.operatingSystem)) {
    case 'android':
      if (type === 'androidEnterpriseCorporateWorkProfile') return 'corporateWorkProfile';
      if (type === 'androidEnterpriseFullyManaged') return 'fullyManaged';
      if (type === 'androidEnterpriseDedicatedDevice') return 'dedicated';
      if (type.startsWith('androidAOSP')) return 'aosp';
      return 'deviceAdministrator';
    case 'ios':
      return type.startsWith('appleUserEnrollment') || type === 'appleAccountDrivenUserEnrollment' ? 'userEnrollment' : 'device';
    default:
      return 'device';
  }
}

/** Corporate-owned Android enrollments: a DELETE sends them a wipe, every other device a retire (delete.md). */
export const WIPED_ON_DELETE: ReadonlySet<Enrollment> = new Set(['corporateWorkProfile', 'fullyManaged', 'dedicated', 'aosp']);

/** Enrollments that have an Android work profile (and so a work-profile passcode and reset token). */
export const WORK_PROFILE_ENROLLMENTS: ReadonlySet<Enrollment> = new Set(['workProfile', 'corporateWorkProfile', 'fullyManaged']);

/** What a schema cannot say about a simulation: a restart has an end, and only a restart has one. */
export function simulationProblem(input: SimulationInput | undefined): { field: string; message: string } | undefined {
  if (input?.power === 'rebooting' && input.bootAt === undefined) return { field: 'bootAt', message: 'is required when power is "rebooting" (when the restart ends)' };
  if (input?.bootAt !== undefined && input.power !== 'rebooting') return { field: 'bootAt', message: 'goes only with power "rebooting"' };
  return undefined;
}

export function completeSimulation(device: ManagedDevice, input: SimulationInput | undefined): Simulation {
  const enrollment = input?.enrollment ?? deriveEnrollment(device);
  const simulation: Simulation = {
    enrollment,
    passcode: input?.passcode ? { ...input.passcode } : { set: true },
    workProfilePasscode: input?.workProfilePasscode ? { ...input.workProfilePasscode } : { set: WORK_PROFILE_ENROLLMENTS.has(enrollment) },
    resetToken: input?.resetToken ?? 'inactive',
    online: input?.online ?? true,
    notifications: (input?.notifications ?? []).map((n) => ({ ...n })),
  };
  if (input?.checkInDelaySeconds !== undefined) simulation.checkInDelaySeconds = input.checkInDelaySeconds;
  // The remote actions' state: absent means enrolled, unlocked, powered on (and a restart takes 60 s).
  if (input?.enrolled !== undefined) simulation.enrolled = input.enrolled;
  if (input?.locked !== undefined) simulation.locked = input.locked;
  if (input?.unlockPin !== undefined) simulation.unlockPin = input.unlockPin;
  if (input?.power !== undefined) simulation.power = input.power;
  if (input?.bootAt !== undefined) simulation.bootAt = input.bootAt;
  if (input?.rebootDelaySeconds !== undefined) simulation.rebootDelaySeconds = input.rebootDelaySeconds;
  // Lost mode and locate: absent means not lost, silent, and at the position its id gives.
  if (input?.location !== undefined) simulation.location = { ...input.location };
  if (input?.lostMode !== undefined) simulation.lostMode = { ...input.lostMode };
  if (input?.lostModeSound !== undefined) simulation.lostModeSound = { ...input.lostModeSound };
  if (input?.activationLockBypassCodeExpiresAt !== undefined) simulation.activationLockBypassCodeExpiresAt = input.activationLockBypassCodeExpiresAt;
  if (input?.sharedIPadUsers !== undefined) simulation.sharedIPadUsers = input.sharedIPadUsers.map((u) => ({ ...u }));
  if (input?.sharedIPadActiveUser !== undefined) simulation.sharedIPadActiveUser = input.sharedIPadActiveUser;
  // The Windows actions' state (schemas/windows-simulation.ts): absent means set up as Intune's docs assume.
  for (const key of ['bitLocker', 'localAdminPassword', 'configRefresh', 'defender', 'deviceAccount'] as const) {
    if (input?.[key] !== undefined) simulation[key] = copyJson(input[key]) as never;
  }
  // FileVault: absent means on, its key escrowed (simulation/filevault-effects.ts).
  if (input?.fileVault !== undefined) simulation.fileVault = { ...input.fileVault };
  return simulation;
}
