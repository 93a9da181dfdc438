/**
 * The permissions each Graph operation accepts, least privileged first (docs/graph-fidelity.md#operations-and-paths, docs/graph-fidelity.md#resetpasscode, docs/graph-fidelity.md#remoteactionaudits-beta;
 * microsoft-graph-devx-content permissions.json). Application roles and delegated scopes have the same
 * names here. A `403` lists them in this order.
 */
export const OPERATION_PERMISSIONS = {
  readManagedDevices: [
    'DeviceManagementManagedDevices.Read.All',
    'DeviceManagementManagedDevices.ReadWrite.All',
    'DeviceManagementConfiguration.Read.All',
    'DeviceManagementConfiguration.ReadWrite.All',
  ],
  writeManagedDevices: ['DeviceManagementManagedDevices.ReadWrite.All'],
  // wipe: least privileged ReadWrite.All; PrivilegedOperations.All and Configuration.ReadWrite.All also do (permissions.json).
  wipeDevice: ['DeviceManagementManagedDevices.ReadWrite.All', 'DeviceManagementManagedDevices.PrivilegedOperations.All', 'DeviceManagementConfiguration.ReadWrite.All'],
  // resetPasscode: "least = most" (permissions.json): only the privileged operations permission.
  privilegedDeviceAction: ['DeviceManagementManagedDevices.PrivilegedOperations.All'],
  readDeviceConfiguration: ['DeviceManagementConfiguration.Read.All', 'DeviceManagementConfiguration.ReadWrite.All'],
  readRemoteActionAudits: [
    'DeviceManagementConfiguration.Read.All',
    'DeviceManagementConfiguration.ReadWrite.All',
    'DeviceManagementManagedDevices.Read.All',
    'DeviceManagementManagedDevices.ReadWrite.All',
  ],
} as const satisfies Record<string, readonly string[]>;

export type Operation = keyof typeof OPERATION_PERMISSIONS;

/** What an app gets when the tenant declares no app registrations: every device-management permission. */
export const ALL_DEVICE_MANAGEMENT_ROLES: readonly string[] = [...new Set(Object.values(OPERATION_PERMISSIONS).flat())];

/** The accepted permissions the caller lacks all of, or undefined when it may. `held` undefined: all (auth off). */
export function missingPermission(operation: Operation, held: ReadonlySet<string> | undefined): readonly string[] | undefined {
  if (held === undefined) return undefined;
  const accepted = OPERATION_PERMISSIONS[operation];
  return accepted.some((p) => held.has(p)) ? undefined : accepted;
}
