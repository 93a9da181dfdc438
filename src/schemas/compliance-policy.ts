/**
 * The two compliance policy types the simulation reads (docs/simulation.md#devices), served read-only under
 * `/deviceManagement/deviceCompliancePolicies`. Base `deviceCompliancePolicy` properties plus the
 * type's own (v1.0 CSDL `iosCompliancePolicy`, `androidWorkProfileCompliancePolicy`).
 *
 * LIMITATIONS: only these two derived types; their navigation properties (assignments, statuses, ...)
 * are not served.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EdmBoolean, EdmDateTimeOffset, EdmInt32, EdmString, Nullable } from './edm.js';

const optInt = () => Type.Optional(Nullable(EdmInt32()));
const optBool = () => Type.Optional(EdmBoolean());
const optStr = () => Type.Optional(Nullable(EdmString()));
const oneOf = <const T extends readonly string[]>(values: T) =>
  Type.Optional(Type.Unsafe<T[number]>({ type: 'string', enum: [...values] }));
const threatLevel = () => oneOf(['unavailable', 'secured', 'low', 'medium', 'high', 'notSet']);

const base = {
  id: EdmString(),
  createdDateTime: Type.Optional(EdmDateTimeOffset()),
  description: optStr(),
  lastModifiedDateTime: Type.Optional(EdmDateTimeOffset()),
  displayName: EdmString(),
  version: Type.Optional(EdmInt32()),
};

export const IosCompliancePolicySchema = Type.Object({
  '@odata.type': Type.Literal('#microsoft.graph.iosCompliancePolicy'),
  ...base,
  passcodeBlockSimple: optBool(),
  passcodeExpirationDays: optInt(),
  passcodeMinimumLength: optInt(),
  passcodeMinutesOfInactivityBeforeLock: optInt(),
  passcodeMinutesOfInactivityBeforeScreenTimeout: optInt(),
  passcodePreviousPasscodeBlockCount: optInt(),
  passcodeMinimumCharacterSetCount: optInt(),
  passcodeRequiredType: oneOf(['deviceDefault', 'alphanumeric', 'numeric']),
  /** Read by the simulation: a removed iOS passcode makes the device noncompliant and prompts its user. */
  passcodeRequired: EdmBoolean(),
  osMinimumVersion: optStr(),
  osMaximumVersion: optStr(),
  osMinimumBuildVersion: optStr(),
  osMaximumBuildVersion: optStr(),
  securityBlockJailbrokenDevices: optBool(),
  deviceThreatProtectionEnabled: optBool(),
  deviceThreatProtectionRequiredSecurityLevel: threatLevel(),
  managedEmailProfileRequired: optBool(),
}, { additionalProperties: false });

export const AndroidWorkProfileCompliancePolicySchema = Type.Object({
  '@odata.type': Type.Literal('#microsoft.graph.androidWorkProfileCompliancePolicy'),
  ...base,
  /** Read by the simulation: the work-profile reset token can only be activated under this policy. */
  passwordRequired: EdmBoolean(),
  passwordMinimumLength: optInt(),
  passwordRequiredType: oneOf([
    'deviceDefault', 'alphabetic', 'alphanumeric', 'alphanumericWithSymbols', 'lowSecurityBiometric', 'numeric',
    'numericComplex', 'any',
  ]),
  passwordMinutesOfInactivityBeforeLock: optInt(),
  passwordExpirationDays: optInt(),
  passwordPreviousPasswordBlockCount: optInt(),
  passwordSignInFailureCountBeforeFactoryReset: optInt(),
  securityPreventInstallAppsFromUnknownSources: optBool(),
  securityDisableUsbDebugging: optBool(),
  securityRequireVerifyApps: optBool(),
  deviceThreatProtectionEnabled: optBool(),
  deviceThreatProtectionRequiredSecurityLevel: threatLevel(),
  securityBlockJailbrokenDevices: optBool(),
  osMinimumVersion: optStr(),
  osMaximumVersion: optStr(),
  minAndroidSecurityPatchLevel: optStr(),
  storageRequireEncryption: optBool(),
  securityRequireSafetyNetAttestationBasicIntegrity: optBool(),
  securityRequireSafetyNetAttestationCertifiedDevice: optBool(),
  securityRequireGooglePlayServices: optBool(),
  securityRequireUpToDateSecurityProviders: optBool(),
  securityRequireCompanyPortalAppIntegrity: optBool(),
}, { additionalProperties: false });

/** Discriminated on `@odata.type` (ajv `discriminator`), so a wrong policy reports its own problems only. */
export const CompliancePolicySchema = Type.Unsafe<
  Static<typeof IosCompliancePolicySchema> | Static<typeof AndroidWorkProfileCompliancePolicySchema>
>({
  type: 'object',
  discriminator: { propertyName: '@odata.type' },
  properties: { '@odata.type': { type: 'string' } },
  required: ['@odata.type'],
  oneOf: [IosCompliancePolicySchema, AndroidWorkProfileCompliancePolicySchema],
});
export type CompliancePolicy = Static<typeof CompliancePolicySchema>;

/** The base type's properties are all `$filter`/`$select`-able on the collection (polymorphic set). */
export const DeviceCompliancePolicyBaseSchema = Type.Object(base);
