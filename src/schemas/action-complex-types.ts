/**
 * The complex types remote-action parameters take (v1.0 CSDL), as data: the Graph layer checks a body against
 * them (graph/action-parameters.ts) and builds their OpenAPI schemas from them.
 */
export type ComplexMemberType = 'Edm.Boolean' | 'Edm.String' | ComplexType;

export interface ComplexType {
  /** The qualified name, as `@odata.type` and Graph's messages give it. */
  name: string;
  members: Readonly<Record<string, { type: ComplexMemberType; nullable: boolean }>>;
}

/** `windowsDeviceAccount`: a Surface Hub device account's password. */
export const WINDOWS_DEVICE_ACCOUNT: ComplexType = {
  name: 'microsoft.graph.windowsDeviceAccount',
  members: { password: { type: 'Edm.String', nullable: true } },
};

/** `updateWindowsDeviceAccountActionParameter`: the SurfaceHub CSP's DeviceAccount settings (sic "Protocal"). */
export const UPDATE_WINDOWS_DEVICE_ACCOUNT_ACTION_PARAMETER: ComplexType = {
  name: 'microsoft.graph.updateWindowsDeviceAccountActionParameter',
  members: {
    deviceAccount: { type: WINDOWS_DEVICE_ACCOUNT, nullable: true },
    passwordRotationEnabled: { type: 'Edm.Boolean', nullable: false },
    calendarSyncEnabled: { type: 'Edm.Boolean', nullable: false },
    deviceAccountEmail: { type: 'Edm.String', nullable: true },
    exchangeServer: { type: 'Edm.String', nullable: true },
    sessionInitiationProtocalAddress: { type: 'Edm.String', nullable: true },
  },
};

export const ACTION_COMPLEX_TYPES: Readonly<Record<string, ComplexType>> = {
  [UPDATE_WINDOWS_DEVICE_ACCOUNT_ACTION_PARAMETER.name]: UPDATE_WINDOWS_DEVICE_ACCOUNT_ACTION_PARAMETER,
};
