/**
 * Actions on many devices (docs/simulation.md#bulk-actions): beta `POST /deviceManagement/managedDevices/executeAction`
 * (`200` with a `bulkManagedDeviceActionResult`; https://learn.microsoft.com/graph/api/intune-devices-manageddevice-executeaction?view=graph-rest-beta) and
 * `POST /users/{id}/removeAllDevicesFromManagement` (`204`; v1.0 CSDL, bound to user). The route reads
 * the body and translates; which catalog action each bulk `actionName` sends (and `501` for one the mock
 * does not emulate) is domain/bulk-actions.ts.
 */
import { Type } from '@sinclair/typebox';
import { EXECUTE_ACTION, type BulkActionName } from '../../domain/bulk-actions.js';
import { EdmCollection, EdmString } from '../../schemas/edm.js';
import { parametersSchema, readParameters } from '../action-parameters.js';
import type { GraphContext } from '../context.js';
import { GraphHttpError } from '../errors.js';
import type { GraphRoute } from '../graph-route.js';
import { sendOData } from '../wire.js';

const bad = (message: string) => new GraphHttpError(400, 'BadRequest', message);

const ResultSchema = Type.Object({
  value: Type.Object({
    '@odata.type': Type.Literal('microsoft.graph.bulkManagedDeviceActionResult'),
    successfulDeviceIds: EdmCollection(EdmString()),
    failedDeviceIds: EdmCollection(EdmString()),
    notFoundDeviceIds: EdmCollection(EdmString()),
    notSupportedDeviceIds: EdmCollection(EdmString()),
  }),
});

const REMOVE_ALL = { name: 'removeAllDevicesFromManagement', parameters: [] } as const;

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
      handler: ({ reply, caller, body }) => {
        const { actionName, deviceIds, ...parameters } = readParameters(EXECUTE_ACTION, 'beta', body);
        // The evolvable enum's sentinel (an OData wire notion) names no action.
        if (actionName === 'unknownFutureValue') throw bad(`'unknownFutureValue' is not an action a device can be sent.`);
        // The reader checked them: a managedDeviceRemoteAction member, an array of strings.
        const result = ctx.intune.bulkAction(caller, { actionName: actionName as BulkActionName, deviceIds: deviceIds as string[], parameters });
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
          // Parameterless: the one reader refuses any parameter, or a body that is not an object.
          readParameters(REMOVE_ALL, ctx.version, body);
          ctx.intune.removeAllDevicesFromManagement(caller, scope);
          return reply.code(204).send();
        },
      });
    }
  }
  return routes;
}
