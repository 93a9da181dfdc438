/**
 * Actions on many devices (docs/simulation.md#bulk-actions): beta `POST /deviceManagement/managedDevices/executeAction`
 * (`200` with a `bulkManagedDeviceActionResult`; learn beta intune-devices-manageddevice-executeaction) and
 * `POST /users/{id}/removeAllDevicesFromManagement` (`204`; v1.0 CSDL, bound to user). Each bulk
 * `actionName` maps to the catalog action a single request would send; one the mock does not emulate
 * answers `501`.
 */
import { Type } from '@sinclair/typebox';
import { ACTION_SPECS, type ActionName } from '../../domain/actions/catalog.js';
import { BULK_MAX_DEVICES, type BulkOperation } from '../../domain/bulk-actions.js';
import type { DeviceRecord } from '../../domain/tenant-state.js';
import type { Random } from '../../domain/random.js';
import { clip } from '../../lib/excerpt.js';
import { EdmCollection, EdmString } from '../../schemas/edm.js';
import { graphEnums } from '../../schemas/enums.js';
import { parametersSchema, readParameters, type ParameterOperation } from '../action-parameters.js';
import type { GraphContext } from '../context.js';
import { GraphHttpError, intuneMessageFor, UNREADABLE_PAYLOAD } from '../errors.js';
import type { GraphRoute } from '../graph-route.js';
import { sendOData } from '../wire.js';

type BulkName = keyof typeof graphEnums.managedDeviceRemoteAction;
type Body = Record<string, unknown>;

const STRINGS = ['notificationTitle', 'notificationBody', 'deviceName', 'carrierUrl', 'deprovisionReason', 'organizationalUnitPath'] as const;
const BOOLEANS = ['keepEnrollmentData', 'keepUserData', 'persistEsimDataPlan'] as const;
const pick = (body: Body, names: readonly string[]): Body => Object.fromEntries(names.filter((n) => body[n] !== undefined).map((n) => [n, body[n]]));

/**
 * Each bulk action as the per-device action it sends and that action's parameters from the bulk body
 * (managedDeviceRemoteAction, msgraph-beta-sdk-python). Names the catalog does not (yet) have answer 501.
 */
const BULK_ACTIONS: Readonly<Record<Exclude<BulkName, 'delete' | 'unknownFutureValue'>, { action: string; parameters: (body: Body) => Body }>> = {
  retire: { action: 'retire', parameters: () => ({}) },
  wipe: { action: 'wipe', parameters: (b) => pick(b, BOOLEANS) },
  fullScan: { action: 'windowsDefenderScan', parameters: () => ({ quickScan: false }) },
  quickScan: { action: 'windowsDefenderScan', parameters: () => ({ quickScan: true }) },
  signatureUpdate: { action: 'windowsDefenderUpdateSignatures', parameters: () => ({}) },
  customTextNotification: { action: 'sendCustomNotificationToCompanyPortal', parameters: (b) => pick(b, ['notificationTitle', 'notificationBody']) },
  rebootNow: { action: 'rebootNow', parameters: () => ({}) },
  setDeviceName: { action: 'setDeviceName', parameters: (b) => pick(b, ['deviceName']) },
  syncDevice: { action: 'syncDevice', parameters: () => ({}) },
  activateDeviceEsim: { action: 'activateDeviceEsim', parameters: (b) => pick(b, ['carrierUrl']) },
  deprovision: { action: 'deprovision', parameters: (b) => pick(b, ['deprovisionReason']) },
  disable: { action: 'disable', parameters: () => ({}) },
  reenable: { action: 'reenable', parameters: () => ({}) },
  moveDeviceToOrganizationalUnit: { action: 'moveDeviceToOrganizationalUnit', parameters: (b) => pick(b, ['organizationalUnitPath']) },
  collectDiagnostics: { action: 'createDeviceLogCollectionRequest', parameters: () => ({}) },
  initiateMobileDeviceManagementKeyRecovery: { action: 'initiateMobileDeviceManagementKeyRecovery', parameters: () => ({}) },
  initiateOnDemandProactiveRemediation: { action: 'initiateOnDemandProactiveRemediation', parameters: () => ({}) },
  initiateDeviceAttestation: { action: 'initiateDeviceAttestation', parameters: () => ({}) },
};

/**
 * A bulk rename's variables (rename.md, "bulk rename"): `{{serialnumber}}` the device's serial number,
 * `{{rand:x}}` x random digits. Applied per device, before the name's rules are checked.
 */
export function expandName(template: string, record: DeviceRecord, random: Random): string {
  return template
    .replace(/\{\{serialnumber\}\}/gi, record.device.serialNumber ?? '')
    .replace(/\{\{rand:(\d{1,2})\}\}/gi, (_, n: string) => random.digits(Number(n)));
}

const bad = (message: string) => new GraphHttpError(400, 'BadRequest', message);

const BETA = ['beta'] as const;
/**
 * executeAction's body (beta CSDL; learn beta intune-devices-manageddevice-executeaction), read by the one
 * parameter reader (action-parameters.ts): unknown, mistyped and missing required ones are a 400.
 */
const EXECUTE_ACTION: ParameterOperation = {
  name: 'executeAction',
  parameters: [
    { name: 'actionName', type: 'microsoft.graph.managedDeviceRemoteAction', nullable: false, versions: BETA },
    { name: 'deviceIds', type: 'Collection(Edm.String)', nullable: false, versions: BETA },
    ...BOOLEANS.map((name) => ({ name, type: 'Edm.Boolean' as const, nullable: true, versions: BETA })),
    ...STRINGS.map((name) => ({ name, type: 'Edm.String' as const, nullable: true, versions: BETA })),
  ],
};

function readBody(body: unknown): { actionName: BulkName; deviceIds: string[]; rest: Body } {
  const { actionName, deviceIds, ...rest } = readParameters(EXECUTE_ACTION, 'beta', body);
  // The reader checked them: a managedDeviceRemoteAction member, an array of strings.
  return { actionName: actionName as BulkName, deviceIds: deviceIds as string[], rest };
}

const ResultSchema = Type.Object({
  value: Type.Object({
    '@odata.type': Type.Literal('microsoft.graph.bulkManagedDeviceActionResult'),
    successfulDeviceIds: EdmCollection(EdmString()),
    failedDeviceIds: EdmCollection(EdmString()),
    notFoundDeviceIds: EdmCollection(EdmString()),
    notSupportedDeviceIds: EdmCollection(EdmString()),
  }),
});

const isCatalogAction = (name: string): name is ActionName => ACTION_SPECS.has(name as ActionName);

export function bulkActionRoutes(ctx: GraphContext): GraphRoute[] {
  const routes: GraphRoute[] = [];
  if (ctx.version === 'beta') {
    routes.push({
      id: 'managedDevices.executeAction',
      method: 'POST',
      path: '/deviceManagement/managedDevices/executeAction',
      operation: 'bulkDeviceAction',
      summary: 'Send one remote action to many devices (at most 100)',
      success: { description: 'The device ids sorted by what happened: accepted, failed (a limit, a bad name), not found, not supported by the platform.', schema: ResultSchema },
      badRequest: 'an unknown or mistyped parameter, no actionName or deviceIds, more than 100 devices, or the action\'s own parameters out of range',
      body: parametersSchema(EXECUTE_ACTION, 'beta'),
      handler: ({ request, reply, caller, body }) => {
        const { actionName, deviceIds, rest } = readBody(body);
        if (deviceIds.length > BULK_MAX_DEVICES) {
          throw new GraphHttpError(400, 'BadRequest', intuneMessageFor(request, `A bulk device action takes at most ${BULK_MAX_DEVICES} devices (${deviceIds.length} were sent).`));
        }
        let operation: BulkOperation;
        if (actionName === 'delete') operation = { kind: 'delete' };
        else if (actionName === 'unknownFutureValue') throw bad(`'unknownFutureValue' is not an action a device can be sent.`);
        else {
          const mapped = BULK_ACTIONS[actionName];
          if (!isCatalogAction(mapped.action)) {
            throw new GraphHttpError(501, 'NotImplemented', `intune-mock does not emulate the bulk action '${actionName}' (${mapped.action}). See the README's "Differences from Microsoft Graph".`);
          }
          const action = mapped.action;
          // The action's own checks (types, lengths, required ones), as a single request makes them.
          const parameters = readParameters(ACTION_SPECS.get(action)!, 'beta', mapped.parameters(rest));
          const template = action === 'setDeviceName' && typeof parameters.deviceName === 'string' ? parameters.deviceName : undefined;
          operation = {
            kind: 'action', action,
            parameters: (record, random) => (template === undefined ? parameters : { ...parameters, deviceName: expandName(template, record, random) }),
          };
        }
        const result = ctx.intune.bulkAction(caller, deviceIds, operation);
        return sendOData(reply.code(200), { value: { '@odata.type': 'microsoft.graph.bulkManagedDeviceActionResult', ...result } });
      },
    });
  }
  for (const [prefix, path, whose] of [['users', '/users/:userId', 'a user\'s'], ['me', '/me', 'the signed-in user\'s']] as const) {
    for (const qualifier of ['', 'microsoft.graph.'] as const) {
      routes.push({
        id: `${prefix}.${qualifier}removeAllDevicesFromManagement`,
        method: 'POST',
        path: `${path}/${qualifier}removeAllDevicesFromManagement`,
        operation: 'privilegedDeviceAction',
        summary: `Retire all of ${whose} devices`,
        success: { description: 'Each of the user\'s devices that can be retired is sent a retire (corporate-owned Android is left: Intune wipes those).' },
        badRequest: prefix === 'me' ? '`/me` with an app-only token' : 'an unknown parameter',
        ...(qualifier ? { hidden: true } : {}),
        handler: ({ reply, caller, scope, body }) => {
          if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length > 0)) {
            const name = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body)[0] ?? '' : '';
            throw bad(name ? `The parameter '${clip(name)}' in the request payload is not a valid parameter for the operation 'removeAllDevicesFromManagement'.` : UNREADABLE_PAYLOAD);
          }
          ctx.intune.removeAllDevicesFromManagement(caller, scope);
          return reply.code(204).send();
        },
      });
    }
  }
  return routes;
}
