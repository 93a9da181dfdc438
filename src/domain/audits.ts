/**
 * The beta `remoteActionAudits` report: one entry per accepted request, whose `actionState` follows the
 * action (docs/graph-fidelity.md#remoteactionaudits-beta).
 */
import type { RemoteActionAudit } from '../schemas/remote-action-audit.js';
import type { DeviceRecord, TenantData } from './tenant-state.js';
import { isoAt } from './clock.js';
import type { Random } from './random.js';
import type { AuditAction } from './actions/catalog.js';

/** `--max-audits` by default: a tenant keeps its newest 10,000 audits (docs/simulation.md#bounds). */
export const MAX_AUDITS_DEFAULT = 10_000;

export function recordAudit(tenant: TenantData, record: DeviceRecord, action: AuditAction, initiator: string | null, now: number, random: Random, maxAudits = MAX_AUDITS_DEFAULT): RemoteActionAudit {
  const audit: RemoteActionAudit = {
    id: random.uuid(),
    deviceDisplayName: record.device.deviceName,
    // Deprecated twin of initiatedByUserPrincipalName ("use initiatedByUserPrincipalName").
    userName: initiator,
    initiatedByUserPrincipalName: initiator,
    action,
    requestDateTime: isoAt(now),
    deviceOwnerUserPrincipalName: record.device.userPrincipalName,
    deviceIMEI: record.device.imei,
    actionState: 'pending',
    managedDeviceId: record.device.id,
    deviceActionDetails: [],
    deviceActionCategory: 'single',
    bulkDeviceActionId: null,
  };
  tenant.audits.set(audit.id, audit);
  // The oldest go first (a Map iterates in insertion order), counted: state stays bounded under any load.
  for (const id of tenant.audits.keys()) {
    if (tenant.audits.size <= maxAudits) break;
    tenant.audits.delete(id);
    tenant.auditsDropped = (tenant.auditsDropped ?? 0) + 1;
  }
  return audit;
}
