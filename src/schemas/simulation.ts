/**
 * The mock-only simulation state kept with each device (docs/simulation.md#devices). Graph responses never show it;
 * the control API and fixtures do. Field names are a contract with users' tests.
 */
import { Type, type Static } from '@sinclair/typebox';
import { WINDOWS_SIMULATION_FIELDS } from './windows-simulation.js';

export const ENROLLMENTS = [
  // Android
  'deviceAdministrator', 'workProfile', 'corporateWorkProfile', 'fullyManaged', 'dedicated', 'aosp',
  // iOS/iPadOS (device is also macOS and Windows)
  'device', 'userEnrollment',
] as const;
export const EnrollmentSchema = Type.Unsafe<(typeof ENROLLMENTS)[number]>({ type: 'string', enum: [...ENROLLMENTS] });
export type Enrollment = Static<typeof EnrollmentSchema>;

export const NOTIFICATION_TYPES = ['activateResetToken', 'setPasscode', 'newPasscode',
  'lostModeSound',
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

/** Where the device is: what `locateDevice` reports (docs/simulation.md#devices). */
export const SimulationLocationSchema = Type.Object({
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  /** Metres above sea level. Absent: 0. */
  altitude: Type.Optional(Type.Number()),
  /** Metres. Absent: 10. */
  horizontalAccuracy: Type.Optional(Type.Number({ minimum: 0 })),
}, { additionalProperties: false });
export type SimulationLocation = Static<typeof SimulationLocationSchema>;

/** What the lock screen of a device in lost mode shows (enableLostMode's parameters), and since when. */
export const LostModeSchema = Type.Object({
  message: Type.Union([Type.String(), Type.Null()]),
  phoneNumber: Type.Union([Type.String(), Type.Null()]),
  footer: Type.Union([Type.String(), Type.Null()]),
  enabledAt: Type.String({ format: 'date-time' }),
}, { additionalProperties: false });

/** The lost mode sound: playing from `startedAt` until `until` (null: until stopped or lost mode ends). */
export const LostModeSoundSchema = Type.Object({
  startedAt: Type.String({ format: 'date-time' }),
  until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
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
  /** Where the device is. Absent: a fixed position derived from its id near an office (`domain/device-location.ts`). */
  location: Type.Optional(SimulationLocationSchema),
  /** Present while the device is in lost mode: what its lock screen shows. Only an admin's disableLostMode ends it. */
  lostMode: Type.Optional(LostModeSchema),
  /** Present while the lost mode sound plays (or played: see `until`), until the user stops it. */
  lostModeSound: Type.Optional(LostModeSoundSchema),
  /** Until when the device's `activationLockBypassCode` is valid (15 days after a `bypassActivationLock`); after it Graph reads null. */
  activationLockBypassCodeExpiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  /** A Shared iPad's cached users (signed in at least once, not removed), oldest first; Graph's beta `usersLoggedOn`. */
  sharedIPadUsers: Type.Optional(Type.Array(Type.Object({
    userPrincipalName: Type.String({ minLength: 1 }),
    lastLogOnDateTime: Type.String({ format: 'date-time' }),
  }, { additionalProperties: false }))),
  /** The user signed in on a Shared iPad now (one of `sharedIPadUsers`), if any. */
  sharedIPadActiveUser: Type.Optional(Type.String({ minLength: 1 })),
  ...WINDOWS_SIMULATION_FIELDS,
  /** When the device was last sent custom notifications, within the last hour (Intune takes 10 an hour per device). */
  customNotificationsSentAt: Type.Optional(Type.Array(Type.String({ format: 'date-time' }), { maxItems: 10 })),
  /**
   * A Mac's FileVault (rotateFileVaultKey, getFileVaultKey). Absent: on, its personal recovery key escrowed with Intune
   * (what the Intune pages assume), the key derived from the device id until a rotation sets one.
   */
  fileVault: Type.Optional(Type.Object({
    enabled: Type.Boolean(),
    /** Absent: true. Whether the personal recovery key is escrowed with Intune (an escrow profile); false: no key to read or rotate. */
    escrowed: Type.Optional(Type.Boolean()),
    /** The escrowed personal recovery key, once a rotation (or the fixture) set one: six groups of four characters. */
    recoveryKey: Type.Optional(Type.String({ minLength: 1 })),
    rotatedAt: Type.Optional(Type.String({ format: 'date-time' })),
  }, { additionalProperties: false })),
}, { additionalProperties: false });
export type Simulation = Static<typeof SimulationSchema>;

/** In a fixture or a create request every field may be left out; `domain/simulation-defaults.ts` fills it. */
export const SimulationInputSchema = Type.Partial(SimulationSchema, { additionalProperties: false });
export type SimulationInput = Static<typeof SimulationInputSchema>;
