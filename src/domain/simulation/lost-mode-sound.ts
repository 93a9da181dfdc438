/**
 * The lost mode sound on the simulated device (docs/simulation.md#remote-actions): playing until its
 * duration ends, the user stops it (`stopSound`) or, on iOS, lost mode ends. Kept apart from
 * `lost-mode-effects.ts` so that `notifications.ts` can settle it without an import cycle.
 */
import type { DeviceRecord } from '../tenant-state.js';

/** Whether the lost mode sound is playing at `now`. */
export const soundPlaying = (record: DeviceRecord, now: number): boolean => {
  const sound = record.simulation.lostModeSound;
  return sound !== undefined && (sound.until === null || Date.parse(sound.until) > now);
};

/** The sound stops, and Android's "Stop Sound" notification goes with it. */
export function stopSound(record: DeviceRecord): void {
  delete record.simulation.lostModeSound;
  record.simulation.notifications = record.simulation.notifications.filter((n) => n.type !== 'lostModeSound');
}

/** A sound whose duration is over has stopped by itself. */
export function settleSound(record: DeviceRecord, now: number): void {
  if (record.simulation.lostModeSound !== undefined && !soundPlaying(record, now)) stopSound(record);
}
