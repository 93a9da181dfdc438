/**
 * The Windows remote actions' state on a simulated device (docs/simulation.md#devices): BitLocker, Windows LAPS,
 * Config Refresh, Microsoft Defender Antivirus and a Surface Hub's device account. Every field is optional, so
 * old fixtures stay valid; an absent one reads as the feature set up as Intune's docs assume (BitLocker on with
 * client-driven recovery password rotation, LAPS managing the local administrator, Config Refresh enabled).
 */
import { Type } from '@sinclair/typebox';

const DateTime = () => Type.String({ format: 'date-time' });

export const WINDOWS_SIMULATION_FIELDS = {
  /** BitLocker on the OS drive. `encrypted: false`: a key rotation fails (rotateBitLockerKeys). */
  bitLocker: Type.Optional(Type.Object({
    encrypted: Type.Boolean(),
    /** Absent: true. Client-driven recovery password rotation, which rotateBitLockerKeys needs (encrypt-devices.md). */
    rotationEnabled: Type.Optional(Type.Boolean()),
    /** The current recovery password (48 digits), kept once a rotation made one, so tests can see it change. */
    recoveryPassword: Type.Optional(Type.String()),
    rotatedAt: Type.Optional(DateTime()),
  }, { additionalProperties: false })),
  /** Windows LAPS. `managed: false`: no LAPS policy, a rotation fails (rotateLocalAdminPassword). */
  localAdminPassword: Type.Optional(Type.Object({
    managed: Type.Boolean(),
    /** The current password, kept once a rotation made one. */
    password: Type.Optional(Type.String()),
    rotatedAt: Type.Optional(DateTime()),
  }, { additionalProperties: false })),
  /** Config Refresh (Windows 11). `enabled: false`: a pause fails (pauseConfigurationRefresh). */
  configRefresh: Type.Optional(Type.Object({
    enabled: Type.Boolean(),
    /** Paused until then (the mock's clock); a pause of 0 minutes removes it. */
    pausedUntil: Type.Optional(DateTime()),
  }, { additionalProperties: false })),
  /** Microsoft Defender Antivirus: when the last scans and security intelligence update ran (the mock's clock). */
  defender: Type.Optional(Type.Object({
    lastQuickScanAt: Type.Optional(DateTime()),
    lastFullScanAt: Type.Optional(DateTime()),
    signaturesUpdatedAt: Type.Optional(DateTime()),
  }, { additionalProperties: false })),
  /** A Surface Hub's device account (SurfaceHub CSP DeviceAccount), as updateWindowsDeviceAccount last set it. */
  deviceAccount: Type.Optional(Type.Object({
    deviceAccountEmail: Type.Optional(Type.String()),
    exchangeServer: Type.Optional(Type.String()),
    sessionInitiationProtocolAddress: Type.Optional(Type.String()),
    calendarSyncEnabled: Type.Optional(Type.Boolean()),
    passwordRotationEnabled: Type.Optional(Type.Boolean()),
    /** When a new password was set (the password itself is never kept). */
    passwordChangedAt: Type.Optional(DateTime()),
  }, { additionalProperties: false })),
};
