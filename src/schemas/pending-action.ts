/**
 * A remote action a device has been sent and not yet carried out: it is applied when the device checks
 * in (`checkInAt`, on the mock's clock), or never while the device is offline (`checkInAt: null`).
 */
import { Type, type Static } from '@sinclair/typebox';

/** The remote actions a device can be sent (`domain/actions/catalog.ts` has one row each). */
export const ACTION_NAMES = [
  'resetPasscode', 'retire', 'wipe', 'syncDevice', 'rebootNow', 'shutDown', 'remoteLock',
  'enableLostMode', 'disableLostMode', 'playLostModeSound', 'locateDevice',
  'bypassActivationLock', 'logoutSharedAppleDeviceActiveUser', 'deleteUserFromSharedAppleDevice',
  'cleanWindowsDevice', 'windowsDefenderScan', 'windowsDefenderUpdateSignatures', 'rotateBitLockerKeys', 'rotateLocalAdminPassword', 'pauseConfigurationRefresh', 'updateWindowsDeviceAccount', 'recoverPasscode',
  'requestRemoteAssistance', 'setDeviceName', 'sendCustomNotificationToCompanyPortal',
  'rotateFileVaultKey',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export const PendingActionSchema = Type.Object({
  action: Type.Unsafe<ActionName>({ type: 'string', enum: [...ACTION_NAMES] }),
  requestedAt: Type.String({ format: 'date-time' }),
  checkInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The beta remoteActionAudit entry that follows this request (null: the action has no audit row). */
  auditId: Type.Union([Type.String(), Type.Null()]),
  /** The body parameters it was sent with (wipe's). */
  parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  /** `delete`: the retire or wipe a `DELETE` of the device sent. */
  origin: Type.Optional(Type.Literal('delete')),
}, { additionalProperties: false });
export type PendingAction = Static<typeof PendingActionSchema>;
