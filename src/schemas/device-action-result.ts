/**
 * `deviceActionResult` and its derived `resetPasscodeActionResult` and `remoteLockActionResult` (v1.0 CSDL,
 * docs/graph-fidelity.md#action-results). Stored polymorphically: a reset result carries `@odata.type`
 * `#microsoft.graph.resetPasscodeActionResult` plus `passcode` and `errorCode`; a lock result `unlockPin`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EdmComplex, EdmDateTimeOffset, EdmDouble, EdmEnum, EdmInt32, EdmString, Nullable } from './edm.js';

/** `deviceGeoLocation` (v1.0 CSDL): where a located device was, and when it collected the position. */
export const DeviceGeoLocationSchema = Type.Object({
  lastCollectedDateTime: EdmDateTimeOffset(),
  longitude: EdmDouble(),
  latitude: EdmDouble(),
  altitude: EdmDouble(),
  horizontalAccuracy: EdmDouble(),
  verticalAccuracy: EdmDouble(),
  heading: EdmDouble(),
  speed: EdmDouble(),
}, { additionalProperties: false });
export type DeviceGeoLocation = Static<typeof DeviceGeoLocationSchema>;

export const DeviceActionResultSchema = Type.Object(
  {
    '@odata.type': Type.Optional(Type.String()),
    actionName: Nullable(EdmString()),
    actionState: EdmEnum('actionState'),
    startDateTime: EdmDateTimeOffset(),
    lastUpdatedDateTime: EdmDateTimeOffset(),
    passcode: Type.Optional(Nullable(EdmString())),
    errorCode: Type.Optional(EdmInt32()),
    /** `remoteLockActionResult`: the PIN that unlocks a Mac (null elsewhere). */
    unlockPin: Type.Optional(Nullable(EdmString())),
    /** `locateDeviceActionResult`: the position the device reported (null while pending and after 24 hours). */
    deviceLocation: Type.Optional(Nullable(EdmComplex(DeviceGeoLocationSchema))),
    /** `deleteUserFromSharedAppleDeviceActionResult`: the user removed from the Shared iPad. */
    userPrincipalName: Type.Optional(Nullable(EdmString())),
    /** `windowsDefenderScanActionResult`: `quickScan` or `fullScan` once the scan ran (null while pending). */
    scanType: Type.Optional(Nullable(EdmString())),
  },
  { additionalProperties: false, $id: 'microsoft.graph.deviceActionResult' },
);
export type DeviceActionResult = Static<typeof DeviceActionResultSchema>;
