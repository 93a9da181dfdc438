/**
 * A remote action a device has been sent and not yet carried out: it is applied when the device checks
 * in (`checkInAt`, on the mock's clock), or never while the device is offline (`checkInAt: null`).
 */
import { Type, type Static } from '@sinclair/typebox';

export const PendingActionSchema = Type.Object({
  action: Type.Unsafe<'resetPasscode'>({ type: 'string', enum: ['resetPasscode'] }),
  requestedAt: Type.String({ format: 'date-time' }),
  checkInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The beta remoteActionAudit entry that follows this request. */
  auditId: Type.String(),
}, { additionalProperties: false });
export type PendingAction = Static<typeof PendingActionSchema>;
