/**
 * `deviceActionResults` on a device: one entry per action name, the latest (docs/simulation.md#resetpasscode), and the
 * 7-day window in which a generated passcode stays readable ("displayed in the admin center for seven
 * days", memdocs reset-passcode.md).
 */
import type { DeviceActionResult } from '../schemas/device-action-result.js';
import type { ManagedDevice } from '../schemas/managed-device.js';

export const PASSCODE_VISIBLE_MS = 7 * 24 * 3600 * 1000;

export function upsertResult(device: ManagedDevice, result: DeviceActionResult): void {
  const others = (device.deviceActionResults ?? []).filter((r) => r.actionName !== result.actionName);
  device.deviceActionResults = [...others, result];
}

export function resultFor(device: ManagedDevice, actionName: string): DeviceActionResult | undefined {
  return (device.deviceActionResults ?? []).find((r) => r.actionName === actionName);
}

/** A Mac's remote-lock PIN: "for up to 30 days, or until another device action is sent" (remote-lock.md). */
export const UNLOCK_PIN_VISIBLE_MS = 30 * 24 * 3600 * 1000;

/** A located device's position: "Location data is kept for 24 hours" (locate.md). */
export const LOCATION_KEPT_MS = 24 * 3600 * 1000;

/**
 * The results as Graph shows them at `now`: a passcode older than 7 days reads `null`, and so does an
 * unlock PIN older than 30 days or followed by another action, and a located position older than 24 hours.
 */
export function visibleResults(device: ManagedDevice, now: number): DeviceActionResult[] | null {
  const results = device.deviceActionResults;
  if (!results) return results;
  return results.map((r) => {
    if (typeof r.passcode === 'string' && now - Date.parse(r.lastUpdatedDateTime) >= PASSCODE_VISIBLE_MS) return { ...r, passcode: null };
    if (r.deviceLocation && now - Date.parse(r.lastUpdatedDateTime) >= LOCATION_KEPT_MS) return { ...r, deviceLocation: null };
    if (typeof r.unlockPin === 'string') {
      // "until another device action is sent": one sent after the PIN was issued (at the lock's check-in).
      const superseded = results.some((o) => o !== r && Date.parse(o.startDateTime) > Date.parse(r.lastUpdatedDateTime));
      if (superseded || now - Date.parse(r.lastUpdatedDateTime) >= UNLOCK_PIN_VISIBLE_MS) return { ...r, unlockPin: null };
    }
    return r;
  });
}

/**
 * The first instant after `now` at which `visibleResults(device, ·)` may read differently (a window above
 * closing), or `Infinity`: between `now` and it, the results Graph shows stay as at `now`, for a cache of
 * the serialized device (graph/device-cache.ts). Mirrors `visibleResults`' windows one by one.
 */
export function resultsVisibleUntil(device: ManagedDevice, now: number): number {
  let until = Number.POSITIVE_INFINITY;
  const closes = (at: number) => {
    if (at > now && at < until) until = at; // NaN (an unparsable time) never closes: visibleResults never hides it
  };
  for (const r of device.deviceActionResults ?? []) {
    const updated = Date.parse(r.lastUpdatedDateTime);
    if (typeof r.passcode === 'string') closes(updated + PASSCODE_VISIBLE_MS);
    if (r.deviceLocation) closes(updated + LOCATION_KEPT_MS);
    if (typeof r.unlockPin === 'string') closes(updated + UNLOCK_PIN_VISIBLE_MS);
  }
  return until;
}
