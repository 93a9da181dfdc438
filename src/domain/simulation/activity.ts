/**
 * What the simulated devices did on their own, as data: a check-in applying what was pending, the end of a
 * restart, an event sent through the control API (going offline, powering on…). The domain has no logger;
 * the simulator keeps these until the unit of work ends and `Tenants` hands them to whoever listens (the
 * app logs one line each: docs/simulation.md#logs).
 */
import type { DeviceEventType } from '../../schemas/device-event.js';
import type { ActionName } from '../actions/catalog.js';

interface About {
  deviceId: string;
  deviceName: string | null;
  /** On the tenant's clock. */
  at: string;
}

export type DeviceActivity =
  | (About & { kind: 'checkIn'; actions: Array<{ action: ActionName; state: string }> })
  | (About & { kind: 'restarted' })
  | (About & { kind: 'event'; event: Exclude<DeviceEventType, 'checkIn'> });
