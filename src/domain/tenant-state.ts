/**
 * The state of one tenant, as the domain works on it and the store keeps it: maps by id, so a 100,000-device tenant
 * answers a lookup in O(1) and a listing without copying. `store/document.ts` is its on-disk form.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { AppRegistration } from '../schemas/app-registration.js';
import type { CompliancePolicy } from '../schemas/compliance-policy.js';
import { ManagedDeviceSchema } from '../schemas/managed-device.js';
import { PendingActionSchema } from '../schemas/pending-action.js';
import type { RemoteActionAudit } from '../schemas/remote-action-audit.js';
import { SimulationSchema } from '../schemas/simulation.js';
import type { User } from '../schemas/user.js';

export const DeviceRecordSchema = Type.Object({
  device: ManagedDeviceSchema,
  simulation: SimulationSchema,
  /** At most one per action name: a second request replaces the first. */
  pendingActions: Type.Array(PendingActionSchema),
}, { additionalProperties: false });
export type DeviceRecord = Static<typeof DeviceRecordSchema>;

/** How many retires, wipes and deletes the tenant sent on one UTC day of the mock's clock (Intune's daily limits). */
export const DailyActionCountSchema = Type.Object({
  day: Type.String({ description: 'YYYY-MM-DD, UTC, on the mock\'s clock' }),
  retire: Type.Integer({ minimum: 0 }),
  wipe: Type.Integer({ minimum: 0 }),
  delete: Type.Integer({ minimum: 0 }),
}, { additionalProperties: false });
export type DailyActionCount = Static<typeof DailyActionCountSchema>;

export interface TenantData {
  /** By device id, in enrolment (insertion) order: the default order of a listing. */
  devices: Map<string, DeviceRecord>;
  /** By lower-cased id. */
  users: Map<string, User>;
  compliancePolicies: Map<string, CompliancePolicy>;
  apps: AppRegistration[];
  /** Beta remoteActionAudits by id, in request order; the newest `--max-audits` only (domain/audits.ts). */
  audits: Map<string, RemoteActionAudit>;
  /** How many of the oldest audits were dropped to keep that bound (absent: none). */
  auditsDropped?: number;
  /** Today's retires, wipes and deletes, for the daily limits (absent: none yet). */
  dailyActions?: DailyActionCount;
  /**
   * How far the tenant's clock runs ahead of the base clock, in ms (absent: not at all). Kept here so it
   * is persisted with the tenant and survives a restart with `--data` (docs/simulation.md#mock-clock).
   */
  clockOffsetMs?: number;
}

export function emptyTenant(): TenantData {
  return { devices: new Map(), users: new Map(), compliancePolicies: new Map(), apps: [], audits: new Map() };
}
