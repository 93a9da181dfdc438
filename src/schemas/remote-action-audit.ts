/**
 * The beta `remoteActionAudit` report entry (learn.microsoft.com beta resource intune-devices-remoteactionaudit,
 * docs/graph-fidelity.md#remoteactionaudits-beta): one per accepted remote-action request, its `actionState` following the action.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EdmCollection, EdmDateTimeOffset, EdmEnum, EdmString, Nullable } from './edm.js';

export const KeyValuePairSchema = Type.Object({ key: Type.String(), value: Type.String() }, { additionalProperties: false });

export const RemoteActionAuditSchema = Type.Object({
  id: EdmString(),
  deviceDisplayName: Nullable(EdmString()),
  userName: Nullable(EdmString()),
  initiatedByUserPrincipalName: Nullable(EdmString()),
  action: EdmEnum('remoteAction'),
  requestDateTime: EdmDateTimeOffset(),
  deviceOwnerUserPrincipalName: Nullable(EdmString()),
  deviceIMEI: Nullable(EdmString()),
  actionState: EdmEnum('actionState'),
  managedDeviceId: Nullable(EdmString()),
  deviceActionDetails: EdmCollection(KeyValuePairSchema),
  deviceActionCategory: EdmEnum('deviceActionCategory'),
  bulkDeviceActionId: Nullable(EdmString()),
}, { additionalProperties: false });
export type RemoteActionAudit = Static<typeof RemoteActionAuditSchema>;
