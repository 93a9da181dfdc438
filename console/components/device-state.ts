/**
 * The parts of `GET /_mock/devices/{id}` (the device, its mock-only `simulation`, its pending actions) that the
 * device's screen reads (docs/simulation.md#devices). Kept loose: the console shows what the API answers, and a
 * field it does not know yet is simply not drawn.
 */

export interface ScreenNotification {
  type: string;
  shownAt: string;
  title?: string;
  body?: string;
}

export interface ScreenSimulation {
  enrollment: string;
  passcode: { set: boolean; value?: string };
  workProfilePasscode: { set: boolean; value?: string };
  resetToken: 'inactive' | 'active';
  online: boolean;
  notifications: ScreenNotification[];
  enrolled?: boolean;
  locked?: boolean;
  unlockPin?: string;
  power?: 'on' | 'off' | 'rebooting';
  bootAt?: string;
  lostMode?: { message: string | null; phoneNumber: string | null; footer: string | null; enabledAt: string };
  lostModeSound?: { startedAt: string; until: string | null };
  sharedIPadUsers?: { userPrincipalName: string; lastLogOnDateTime: string }[];
  sharedIPadActiveUser?: string;
}

export interface ScreenDevice {
  id: string;
  deviceName: string;
  operatingSystem: string;
  osVersion?: string | null;
  model?: string | null;
  userPrincipalName?: string | null;
  complianceState?: string;
  hardwareInformation?: { isSharedDevice?: boolean | null } | null;
}

export interface DeviceState {
  device: ScreenDevice;
  simulation: ScreenSimulation;
  pendingActions: unknown[];
}

/** Enrollments with a work profile: where `setWorkProfilePasscode` applies (src/domain/simulation-defaults.ts). */
export const WORK_PROFILE_ENROLLMENTS: ReadonlySet<string> = new Set(['workProfile', 'corporateWorkProfile', 'fullyManaged']);

/** A phone or tablet (drawn as a phone), or a computer (drawn as a screen on a stand). */
export function formFactor(operatingSystem: string): 'phone' | 'pc' {
  return /^(windows|macos|mac os)/i.test(operatingSystem) ? 'pc' : 'phone';
}

/** Whether the lost mode sound plays at `now` (the tenant's clock; unknown: as the device last said). */
export function soundPlaying(simulation: ScreenSimulation, now: string | undefined): boolean {
  const sound = simulation.lostModeSound;
  if (!sound) return false;
  return sound.until === null || now === undefined || Date.parse(sound.until) > Date.parse(now);
}
