/**
 * Bulk device actions (docs/simulation.md#bulk-actions): beta `executeAction` sends one action to many
 * devices, and `removeAllDevicesFromManagement` retires every device of a user. Each device goes through
 * the same domain operation as a single request (`Simulator.requestAction`, or `deleteDevice`), so the
 * rules, limits and effects are the single request's; a device it refuses is sorted, not fatal.
 */
import { ACTION_SPECS, type ActionName, type ActionParameter } from './actions/catalog.js';
import { DomainError } from './errors.js';
import { devicesOf, getDevice } from './devices.js';
import type { Random } from './random.js';
import type { Simulator } from './simulation/simulator.js';
import type { DeviceRecord, TenantData } from './tenant-state.js';
import type { graphEnums } from '../schemas/enums.js';
import type { User } from '../schemas/user.js';

/** beta `bulkManagedDeviceActionResult`. */
export interface BulkResult {
  successfulDeviceIds: string[];
  failedDeviceIds: string[];
  notFoundDeviceIds: string[];
  notSupportedDeviceIds: string[];
}

/** What a bulk request sends each device: a catalog action with its parameters (per device), or a delete. */
export type BulkOperation =
  | { kind: 'action'; action: ActionName; parameters: (record: DeviceRecord, random: Random) => Record<string, unknown> }
  | { kind: 'delete' };

/** The admin center's bound on a bulk device action ("up to 100 devices", device actions index). */
export const BULK_MAX_DEVICES = 100;

/** The bulk actions a device can be sent: managedDeviceRemoteAction's members but the evolvable enum's sentinel. */
export type BulkActionName = Exclude<keyof typeof graphEnums.managedDeviceRemoteAction, 'unknownFutureValue'>;

/** A bulk request as the domain takes it: the action, the devices, and the body's other parameters. */
export interface BulkRequest {
  actionName: BulkActionName;
  deviceIds: readonly string[];
  parameters: Readonly<Record<string, unknown>>;
}

/**
 * Each bulk action as the per-device action it sends: the catalog action, the body parameters it passes on
 * (`takes`) and the ones it sets (`fixed`) (managedDeviceRemoteAction, msgraph-beta-sdk-python). An action
 * the catalog does not (yet) have is not emulated (`notEmulated`, a 501).
 */
interface BulkMapping {
  action: string;
  takes?: readonly string[];
  fixed?: Readonly<Record<string, unknown>>;
}
const BULK_ACTIONS: Readonly<Record<Exclude<BulkActionName, 'delete'>, BulkMapping>> = {
  retire: { action: 'retire' },
  wipe: { action: 'wipe', takes: ['keepEnrollmentData', 'keepUserData', 'persistEsimDataPlan'] },
  fullScan: { action: 'windowsDefenderScan', fixed: { quickScan: false } },
  quickScan: { action: 'windowsDefenderScan', fixed: { quickScan: true } },
  signatureUpdate: { action: 'windowsDefenderUpdateSignatures' },
  customTextNotification: { action: 'sendCustomNotificationToCompanyPortal', takes: ['notificationTitle', 'notificationBody'] },
  rebootNow: { action: 'rebootNow' },
  setDeviceName: { action: 'setDeviceName', takes: ['deviceName'] },
  syncDevice: { action: 'syncDevice' },
  activateDeviceEsim: { action: 'activateDeviceEsim', takes: ['carrierUrl'] },
  deprovision: { action: 'deprovision', takes: ['deprovisionReason'] },
  disable: { action: 'disable' },
  reenable: { action: 'reenable' },
  moveDeviceToOrganizationalUnit: { action: 'moveDeviceToOrganizationalUnit', takes: ['organizationalUnitPath'] },
  collectDiagnostics: { action: 'createDeviceLogCollectionRequest' },
  initiateMobileDeviceManagementKeyRecovery: { action: 'initiateMobileDeviceManagementKeyRecovery' },
  initiateOnDemandProactiveRemediation: { action: 'initiateOnDemandProactiveRemediation' },
  initiateDeviceAttestation: { action: 'initiateDeviceAttestation' },
};

const isCatalogAction = (name: string): name is ActionName => ACTION_SPECS.has(name as ActionName);

const BETA = ['beta'] as const;

/**
 * A body parameter of `executeAction` (nullable, beta CSDL). Where a catalog action it is passed on to has it
 * too, that action's limits come along (a title's 50 characters), so the bulk body is refused as the single
 * request's would be; the two must agree on its type.
 */
function bulkParameter(name: string, type: 'Edm.Boolean' | 'Edm.String'): ActionParameter {
  const fed = Object.values(BULK_ACTIONS).filter((m) => m.takes?.includes(name) && isCatalogAction(m.action))
    .flatMap((m) => ACTION_SPECS.get(m.action as ActionName)!.parameters.filter((p) => p.name === name && p.versions.includes('beta')));
  for (const p of fed) if (p.type !== type) throw new Error(`executeAction's ${name} is ${type}, its action's is ${p.type}`);
  const { maxLength, minimum, maximum } = fed[0] ?? {};
  return {
    name, type, nullable: true, versions: BETA,
    ...(maxLength === undefined ? {} : { maxLength }), ...(minimum === undefined ? {} : { minimum }), ...(maximum === undefined ? {} : { maximum }),
  };
}

/**
 * beta `executeAction`'s body parameters (learn beta intune-devices-manageddevice-executeaction), as the
 * Graph layer reads them (graph/action-parameters.ts `readParameters`).
 */
export const EXECUTE_ACTION: { readonly name: 'executeAction'; readonly parameters: readonly ActionParameter[] } = {
  name: 'executeAction',
  parameters: [
    { name: 'actionName', type: 'microsoft.graph.managedDeviceRemoteAction', nullable: false, versions: BETA },
    { name: 'deviceIds', type: 'Collection(Edm.String)', nullable: false, versions: BETA },
    ...['keepEnrollmentData', 'keepUserData', 'persistEsimDataPlan'].map((n) => bulkParameter(n, 'Edm.Boolean')),
    ...['notificationTitle', 'notificationBody', 'deviceName', 'carrierUrl', 'deprovisionReason', 'organizationalUnitPath'].map((n) => bulkParameter(n, 'Edm.String')),
  ],
};

// Every parameter an action needs comes from the bulk body or is fixed: the bulk body's are all optional.
for (const [name, m] of Object.entries(BULK_ACTIONS)) {
  if (!isCatalogAction(m.action)) continue;
  for (const p of ACTION_SPECS.get(m.action)!.parameters) {
    if (!p.nullable && p.versions.includes('beta') && !(m.fixed && Object.hasOwn(m.fixed, p.name))) throw new Error(`bulk ${name} does not set ${m.action}'s ${p.name}`);
  }
  for (const n of m.takes ?? []) if (!EXECUTE_ACTION.parameters.some((p) => p.name === n)) throw new Error(`bulk ${name} takes ${n}, which executeAction does not have`);
}

/**
 * A bulk rename's variables (rename.md, "bulk rename"): `{{serialnumber}}` the device's serial number,
 * `{{rand:x}}` x random digits. Applied per device, before the name's rules are checked.
 */
export function expandName(template: string, record: DeviceRecord, random: Random): string {
  return template
    .replace(/\{\{serialnumber\}\}/gi, record.device.serialNumber ?? '')
    .replace(/\{\{rand:(\d{1,2})\}\}/gi, (_, n: string) => random.digits(Number(n)));
}

/**
 * What a bulk request sends each device; refuses more than `BULK_MAX_DEVICES` devices and an action the mock
 * does not emulate. The parameters were read as Graph reads `executeAction`'s body (types, lengths).
 */
export function bulkOperation(request: BulkRequest): BulkOperation {
  if (request.deviceIds.length > BULK_MAX_DEVICES) {
    throw new DomainError('invalidActionParameter', `A bulk device action takes at most ${BULK_MAX_DEVICES} devices (${request.deviceIds.length} were sent).`, 'deviceIds');
  }
  if (request.actionName === 'delete') return { kind: 'delete' };
  const mapped = BULK_ACTIONS[request.actionName];
  const action = mapped.action;
  if (!isCatalogAction(action)) {
    throw new DomainError('notEmulated', `intune-mock does not emulate the bulk action '${request.actionName}' (${action}). See the README's "Differences from Microsoft Graph".`, request.actionName);
  }
  const parameters: Record<string, unknown> = { ...mapped.fixed };
  for (const n of mapped.takes ?? []) if (request.parameters[n] !== undefined) parameters[n] = request.parameters[n];
  const template = action === 'setDeviceName' && typeof parameters.deviceName === 'string' ? parameters.deviceName : undefined;
  return {
    kind: 'action', action,
    parameters: (record, random) => (template === undefined ? parameters : { ...parameters, deviceName: expandName(template, record, random) }),
  };
}

/** Runs `operation` on each device id (once each, in the order given); every device's audit shares one bulk id. */
export function runBulk(sim: Simulator, tenant: TenantData, deviceIds: readonly string[], operation: BulkOperation, initiator: string | null): BulkResult {
  const result: BulkResult = { successfulDeviceIds: [], failedDeviceIds: [], notFoundDeviceIds: [], notSupportedDeviceIds: [] };
  const bulkId = sim.options.random.uuid();
  const seen = new Set<string>();
  for (const id of deviceIds) {
    if (seen.has(id.toLowerCase())) continue;
    seen.add(id.toLowerCase());
    try {
      const record = getDevice(tenant, id);
      if (operation.kind === 'delete') sim.deleteDevice(tenant, record, initiator, bulkId);
      else sim.requestAction(tenant, record, operation.action, operation.parameters(record, sim.options.random), initiator, bulkId);
      result.successfulDeviceIds.push(id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.kind === 'deviceNotFound') result.notFoundDeviceIds.push(id);
      else if (err.kind === 'actionNotSupported') result.notSupportedDeviceIds.push(id);
      // A name the device cannot take, a limit reached: the request for this device failed.
      else if (err.kind === 'invalidActionParameter' || err.kind === 'dailyLimitReached') result.failedDeviceIds.push(id);
      else throw err;
    }
  }
  return result;
}

/**
 * "Retire all devices from management for this user" (v1.0 CSDL): a retire to each of the user's managed
 * devices, as one request each. A device whose platform cannot be retired (corporate-owned Android, which
 * Intune wipes instead) and any past the daily retire limit are left as they are.
 */
export function retireAllOf(sim: Simulator, tenant: TenantData, user: User, initiator: string | null): void {
  for (const record of [...devicesOf(tenant, user)]) {
    try {
      sim.requestAction(tenant, record, 'retire', {}, initiator);
    } catch (err) {
      if (!(err instanceof DomainError) || (err.kind !== 'actionNotSupported' && err.kind !== 'dailyLimitReached')) throw err;
    }
  }
}
