/**
 * The beta `remoteActionAudits` report: one entry per accepted request, whose `actionState` follows the
 * action (docs/graph-fidelity.md#remoteactionaudits-beta).
 */
import type { RemoteActionAudit } from '../schemas/remote-action-audit.js';
import type { DeviceRecord, TenantData } from './tenant-state.js';
import { isoAt } from './clock.js';
import type { Random } from './random.js';
import type { AuditAction } from './actions/catalog.js';

export function recordAudit(tenant: TenantData, record: DeviceRecord, action: AuditAction, initiator: string | null, now: number, random: Random): RemoteActionAudit {
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
  return audit;
}
