/** A device or end-user event sent through the control API (docs/simulation.md#control-api): the names are the contract. */
import { Type, type Static } from '@sinclair/typebox';

export const DEVICE_EVENT_TYPES = [
  'checkIn', 'setPasscode', 'setWorkProfilePasscode', 'activateResetToken', 'goOffline', 'goOnline', 'unlock', 'powerOn',
  'signIn', 'signOut',
  'stopSound',
  'acknowledgeNotification',
] as const;
export type DeviceEventType = (typeof DEVICE_EVENT_TYPES)[number];

export const DeviceEventSchema = Type.Object({
  type: Type.Unsafe<DeviceEventType>({ type: 'string', enum: [...DEVICE_EVENT_TYPES] }),
  /**
   * For `setPasscode` / `setWorkProfilePasscode`: the passcode the user chose (kept, never shown on Graph).
   * For `unlock`: what the user types; it must match a passcode (or a Mac's unlock PIN) the mock knows.
   */
  passcode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** For `signIn` on a Shared iPad: who signs in. */
  userPrincipalName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
}, { additionalProperties: false });
export type DeviceEvent = Static<typeof DeviceEventSchema>;
