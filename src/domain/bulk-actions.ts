/**
 * Bulk device actions (docs/simulation.md#bulk-actions): beta `executeAction` sends one action to many
 * devices, and `removeAllDevicesFromManagement` retires every device of a user. Each device goes through
 * the same domain operation as a single request (`Simulator.requestAction`, or `deleteDevice`), so the
 * rules, limits and effects are the single request's; a device it refuses is sorted, not fatal.
 */
import type { ActionName } from './actions/catalog.js';
import { DomainError } from './errors.js';
import { devicesOf, getDevice } from './devices.js';
import type { Random } from './random.js';
import type { Simulator } from './simulation/simulator.js';
import type { DeviceRecord, TenantData } from './tenant-state.js';
import type { User } from '../schemas/user.js';

/** beta `bulkManagedDeviceActionResult`. */
export interface BulkResult {
  successfulDeviceIds: string[];
  failedDeviceIds: string[];
  notFoundDeviceIds: string[];
  notSupportedDeviceIds: string[];
}

/** What a bulk request sends each device: a catalog action with its parameters (per device), or a delete. */
export type BulkOperation =
  | { kind: 'action'; action: ActionName; parameters: (record: DeviceRecord, random: Random) => Record<string, unknown> }
  | { kind: 'delete' };

/** The admin center's bound on a bulk device action ("up to 100 devices", device actions index). */
export const BULK_MAX_DEVICES = 100;

/** Runs `operation` on each device id (once each, in the order given); every device's audit shares one bulk id. */
export function runBulk(sim: Simulator, tenant: TenantData, deviceIds: readonly string[], operation: BulkOperation, initiator: string | null): BulkResult {
  const result: BulkResult = { successfulDeviceIds: [], failedDeviceIds: [], notFoundDeviceIds: [], notSupportedDeviceIds: [] };
  const bulkId = sim.options.random.uuid();
  const seen = new Set<string>();
  for (const id of deviceIds) {
    if (seen.has(id.toLowerCase())) continue;
    seen.add(id.toLowerCase());
    try {
      const record = getDevice(tenant, id);
      if (operation.kind === 'delete') sim.deleteDevice(tenant, record, initiator, bulkId);
      else sim.requestAction(tenant, record, operation.action, operation.parameters(record, sim.options.random), initiator, bulkId);
      result.successfulDeviceIds.push(id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.kind === 'deviceNotFound') result.notFoundDeviceIds.push(id);
      else if (err.kind === 'actionNotSupported') result.notSupportedDeviceIds.push(id);
      // A name the device cannot take, a limit reached: the request for this device failed.
      else if (err.kind === 'invalidActionParameter' || err.kind === 'dailyLimitReached') result.failedDeviceIds.push(id);
      else throw err;
    }
  }
  return result;
}

/**
 * "Retire all devices from management for this user" (v1.0 CSDL): a retire to each of the user's managed
 * devices, as one request each. A device whose platform cannot be retired (corporate-owned Android, which
 * Intune wipes instead) and any past the daily retire limit are left as they are.
 */
export function retireAllOf(sim: Simulator, tenant: TenantData, user: User, initiator: string | null): number {
  let sent = 0;
  for (const record of [...devicesOf(tenant, user)]) {
    try {
      sim.requestAction(tenant, record, 'retire', {}, initiator);
      sent++;
    } catch (err) {
      if (!(err instanceof DomainError) || (err.kind !== 'actionNotSupported' && err.kind !== 'dailyLimitReached')) throw err;
    }
  }
  return sent;
}
