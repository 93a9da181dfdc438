/**
 * The permissions each Graph operation accepts, least privileged first (docs/graph-fidelity.md#operations-and-paths, docs/graph-fidelity.md#resetpasscode, docs/graph-fidelity.md#remoteactionaudits-beta;
 * microsoft-graph-devx-content permissions.json). Application roles and delegated scopes have the same
 * names here. A `403` lists them in this order.
 */
import { GRAPH_APPLICATION_PERMISSIONS, GRAPH_DELEGATED_PERMISSIONS } from './graph-permission-names.js';

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
  // sendCustomNotificationToCompanyPortal (permissions.json: least = most).
  sendCustomNotification: ['DeviceManagementConfiguration.ReadWrite.All'],
  // beta executeAction: what permissions.json lists (a Read.All scope for a write: real enforcement unverified).
  bulkDeviceAction: ['DeviceManagementConfiguration.Read.All', 'DeviceManagementManagedDevices.PrivilegedOperations.All'],
  readRemoteActionAudits: [
    'DeviceManagementConfiguration.Read.All',
    'DeviceManagementConfiguration.ReadWrite.All',
    'DeviceManagementManagedDevices.Read.All',
    'DeviceManagementManagedDevices.ReadWrite.All',
  ],
  // rotateBitLockerKeys (beta): least privileged DeviceManagementConfiguration.ReadWrite.All; ManagedDevices.ReadWrite.All also (permissions.json).
  rotateBitLockerKeys: ['DeviceManagementConfiguration.ReadWrite.All', 'DeviceManagementManagedDevices.ReadWrite.All'],
  // rotateLocalAdminPassword (beta): the docs page and permissions.json list two Read.All permissions for this write
  // (https://learn.microsoft.com/graph/api/intune-devices-manageddevice-rotatelocaladminpassword); their ReadWrite.All too.
  rotateLocalAdminPassword: [
    'DeviceManagementConfiguration.Read.All',
    'DeviceManagementManagedDevices.Read.All',
    'DeviceManagementConfiguration.ReadWrite.All',
    'DeviceManagementManagedDevices.ReadWrite.All',
  ],
  // beta getFileVaultKey(): permissions.json's least privileged is DeviceManagementConfiguration.Read.All; the current
  // learn page (https://learn.microsoft.com/graph/api/intune-devices-manageddevice-getfilevaultkey?view=graph-rest-beta)
  // lists PrivilegedOperations.All. LIMITATIONS: which one Intune enforces is unverified; the mock takes either.
  readFileVaultKey: ['DeviceManagementConfiguration.Read.All', 'DeviceManagementConfiguration.ReadWrite.All', 'DeviceManagementManagedDevices.PrivilegedOperations.All'],
} as const satisfies Record<string, readonly string[]>;

export type Operation = keyof typeof OPERATION_PERMISSIONS;

/** What an app gets when the tenant declares no app registrations: every device-management permission. */
export const ALL_DEVICE_MANAGEMENT_ROLES: readonly string[] = [...new Set(Object.values(OPERATION_PERMISSIONS).flat())];

/**
 * What Intune's `403` names where a real one has been seen to name less than the operation accepts: a read of
 * managedDevices names the two DeviceManagementManagedDevices permissions, not the DeviceManagementConfiguration
 * ones that also do (mondoohq/cnspec #1708). Other operations name every accepted permission.
 */
const NAMED_IN_403: Partial<Record<Operation, readonly string[]>> = {
  readManagedDevices: ['DeviceManagementManagedDevices.Read.All', 'DeviceManagementManagedDevices.ReadWrite.All'],
};

/**
 * The permissions a `403` names when the caller holds none of those the operation accepts, or undefined
 * when it may. `held` undefined: all (auth off).
 */
export function missingPermission(operation: Operation, held: ReadonlySet<string> | undefined): readonly string[] | undefined {
  if (held === undefined) return undefined;
  const accepted = OPERATION_PERMISSIONS[operation];
  return accepted.some((p) => held.has(p)) ? undefined : (NAMED_IN_403[operation] ?? accepted);
}

/** OpenID Connect scopes a delegated token's `scp` may also carry (https://learn.microsoft.com/entra/identity-platform/scopes-oidc). */
const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'offline_access']);

export type PermissionKind = 'application' | 'delegated';

/**
 * Why `name` cannot be in a token's `roles` (application) or `scp` (delegated), or undefined when it can:
 * it must be a Microsoft Graph permission of that kind, spelt exactly (docs/simulation.md#permissions). A
 * typo would otherwise give a token that is silently refused everywhere. `.default` is a scope a client
 * asks the token endpoint for; a token carries the permissions it stands for.
 */
export function permissionProblem(name: string, kind: PermissionKind): string | undefined {
  const known = kind === 'application' ? GRAPH_APPLICATION_PERMISSIONS : GRAPH_DELEGATED_PERMISSIONS;
  if (known.has(name) || (kind === 'delegated' && OIDC_SCOPES.has(name))) return undefined;
  if (name.endsWith('.default')) {
    return `'${name}' is what a client asks the token endpoint for, not a permission a token carries: list the permissions themselves (e.g. DeviceManagementManagedDevices.Read.All)`;
  }
  const other = kind === 'application' ? GRAPH_DELEGATED_PERMISSIONS : GRAPH_APPLICATION_PERMISSIONS;
  if (other.has(name)) {
    return kind === 'application'
      ? `'${name}' is a delegated Microsoft Graph permission only: an app token's roles take application permissions`
      : `'${name}' is an application Microsoft Graph permission only: a user token's scp takes delegated permissions`;
  }
  const suggestion = closest(name, known);
  return `'${name}' is not a Microsoft Graph ${kind} permission${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`;
}

/** The known name nearest to `name`: the same but for case, else within a few edits. */
function closest(name: string, known: ReadonlySet<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.min(4, Math.ceil(name.length / 4));
  for (const k of known) {
    if (k.toLowerCase() === lower) return k;
    if (Math.abs(k.length - name.length) >= bestDistance) continue;
    const d = editDistance(lower, k.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin >= limit) return limit;
    previous = row;
  }
  return Math.min(previous[b.length]!, limit);
}
