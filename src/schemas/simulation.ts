/**
 * The mock-only simulation state kept with each device (docs/simulation.md#devices). Graph responses never show it;
 * the control API and fixtures do. Field names are a contract with users' tests.
 */
import { Type, type Static } from '@sinclair/typebox';

export const ENROLLMENTS = [
  // Android
  'deviceAdministrator', 'workProfile', 'corporateWorkProfile', 'fullyManaged', 'dedicated', 'aosp',
  // iOS/iPadOS (device is also macOS and Windows)
  'device', 'userEnrollment',
] as const;
export const EnrollmentSchema = Type.Unsafe<(typeof ENROLLMENTS)[number]>({ type: 'string', enum: [...ENROLLMENTS] });
export type Enrollment = Static<typeof EnrollmentSchema>;

export const NOTIFICATION_TYPES = ['activateResetToken', 'setPasscode', 'newPasscode',
  'customNotification',
] as const;
export const NotificationSchema = Type.Object({
  type: Type.Unsafe<(typeof NOTIFICATION_TYPES)[number]>({ type: 'string', enum: [...NOTIFICATION_TYPES] }),
  shownAt: Type.String({ format: 'date-time' }),
  /** `customNotification`: what the admin sent (sendCustomNotificationToCompanyPortal); the user acknowledges it. */
  title: Type.Optional(Type.String()),
  body: Type.Optional(Type.String()),
}, { additionalProperties: false });
export type Notification = Static<typeof NotificationSchema>;

export const PasscodeSchema = Type.Object({
  set: Type.Boolean(),
  /** Kept once the mock generated one (a reset), so tests can type it on the simulated device. */
  value: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const SimulationSchema = Type.Object({
  enrollment: EnrollmentSchema,
  passcode: PasscodeSchema,
  workProfilePasscode: PasscodeSchema,
  resetToken: Type.Unsafe<'inactive' | 'active'>({ type: 'string', enum: ['inactive', 'active'] }),
  online: Type.Boolean(),
  /** Absent: the configured default (`--check-in-delay`, 2 s). */
  checkInDelaySeconds: Type.Optional(Type.Number({ minimum: 0 })),
  notifications: Type.Array(NotificationSchema),
  /**
   * Absent or true: under management. False once a retire or wipe ran (or a DELETE hid it): Graph no
   * longer lists it, the control API still shows it.
   */
  enrolled: Type.Optional(Type.Boolean()),
  /** True while a remote lock holds the lock screen, until the user unlocks it. */
  locked: Type.Optional(Type.Boolean()),
  /** A Mac's remote-lock PIN while it is locked by one: the only thing its lock screen takes. */
  unlockPin: Type.Optional(Type.String()),
  /** Absent: `on`. `off` after a shut down until the user powers it on; `rebooting` until `bootAt`. */
  power: Type.Optional(Type.Unsafe<'on' | 'off' | 'rebooting'>({ type: 'string', enum: ['on', 'off', 'rebooting'] })),
  /** When a rebooting device is back (the mock's clock). */
  bootAt: Type.Optional(Type.String({ format: 'date-time' })),
  /** How long a restart takes. Absent: 60 seconds. */
  rebootDelaySeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 })),
  /** When the device was last sent custom notifications, within the last hour (Intune takes 10 an hour per device). */
  customNotificationsSentAt: Type.Optional(Type.Array(Type.String({ format: 'date-time' }), { maxItems: 10 })),
}, { additionalProperties: false });
export type Simulation = Static<typeof SimulationSchema>;

/** In a fixture or a create request every field may be left out; `domain/simulation-defaults.ts` fills it. */
export const SimulationInputSchema = Type.Partial(SimulationSchema, { additionalProperties: false });
export type SimulationInput = Static<typeof SimulationInputSchema>;
