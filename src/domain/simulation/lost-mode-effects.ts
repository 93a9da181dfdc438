/**
 * What a device does with lost mode and locate when it checks in (docs/simulation.md#remote-actions):
 * - `enableLostMode`: the lock screen shows the message, phone number and footer, and the device stays
 *   locked (no `unlock`) until an admin's `disableLostMode` is carried out; beta `lostModeState` turns
 *   `enabled`. Apple's EnableLostMode needs a message or a phone number: without either it fails.
 * - `disableLostMode`: back to normal; a device not in lost mode answers Apple's error 12067 (failed).
 * - `playLostModeSound`: the sound plays for `durationInMinutes` (a string on the wire; anything but a
 *   whole number of minutes plays until stopped); Android shows a notification whose Stop Sound ends it
 *   (the `stopSound` event), on iOS the user can stop it too and leaving lost mode ends it
 *   (play-lost-mode-sound.md).
 * - `locateDevice`: the device reports its simulated position in `locateDeviceActionResult.deviceLocation`,
 *   which Intune keeps 24 hours (locate.md; `action-results.ts` blanks it after that).
 */
import { isoAt, MAX_CLOCK_MS } from '../clock.js';
import { locationFor } from '../device-location.js';
import { platformOf } from '../platform.js';
import type { LostModeAction } from '../rules/lost-mode-rules.js';
import type { DeviceRecord } from '../tenant-state.js';
import type { Applied, EffectContext } from './effect-context.js';
import { show } from './notifications.js';
import { stopSound } from './lost-mode-sound.js';


const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export const LOST_MODE_EFFECTS: Readonly<Record<LostModeAction, (c: EffectContext) => Applied>> = {
  enableLostMode: (c) => {
    const p = c.pending.parameters ?? {};
    const [message, phoneNumber, footer] = [text(p.message), text(p.phoneNumber), text(p.footer)];
    // Apple: "A message or phone number must be provided" (EnableLostMode).
    if (message === null && phoneNumber === null) return { state: 'failed' };
    c.record.simulation.lostMode = { message, phoneNumber, footer, enabledAt: isoAt(c.at) };
    c.record.device.lostModeState = 'enabled';
    return { state: 'done' };
  },
  disableLostMode: (c) => {
    // Apple's DisableLostMode: error 12067 "if it isn't in Lost Mode".
    if (c.record.device.lostModeState !== 'enabled' && c.record.simulation.lostMode === undefined) return { state: 'failed' };
    leaveLostMode(c.record);
    return { state: 'done' };
  },
  playLostModeSound: (c) => {
    const minutes = c.pending.parameters?.durationInMinutes;
    const whole = typeof minutes === 'string' && /^\s*\d+\s*$/.test(minutes) && Number(minutes) > 0 ? Number(minutes) : null;
    // A duration past the end of the mock's clock plays until stopped (a date beyond it cannot be stored).
    const until = whole === null || c.at + whole * 60_000 >= MAX_CLOCK_MS ? null : isoAt(c.at + whole * 60_000);
    c.record.simulation.lostModeSound = { startedAt: isoAt(c.at), until };
    // Android: "a notification with Stop Sound" (when the user allows the Intune app's notifications).
    if (platformOf(c.record.device.operatingSystem) === 'android') show(c.record, 'lostModeSound', c.at);
    return { state: 'done' };
  },
  locateDevice: (c) => {
    const { simulation, device } = c.record;
    const where = simulation.location ?? locationFor(device.id);
    return {
      state: 'done',
      result: {
        deviceLocation: {
          lastCollectedDateTime: isoAt(c.at),
          latitude: where.latitude,
          longitude: where.longitude,
          altitude: where.altitude ?? 0,
          horizontalAccuracy: where.horizontalAccuracy ?? 10,
          // LIMITATIONS: a simulated device stands still; real devices report what their location service has.
          verticalAccuracy: 10,
          heading: 0,
          speed: 0,
        },
      },
    };
  },
};

/** Out of lost mode: the lock screen is the device's own again and an iOS sound stops ("until removed from lost mode"). */
export function leaveLostMode(record: DeviceRecord): void {
  const wasLost = record.simulation.lostMode !== undefined || record.device.lostModeState === 'enabled';
  delete record.simulation.lostMode;
  record.device.lostModeState = 'disabled';
  if (wasLost && platformOf(record.device.operatingSystem) === 'ios') stopSound(record);
}
