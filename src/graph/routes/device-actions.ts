/**
 * Remote actions bound to a managedDevice, generated from the action catalog (domain/actions/catalog.ts):
 * `POST …/managedDevices/{id}/<action>` and `…/{id}/microsoft.graph.<action>` (real clients send both)
 * under `/deviceManagement`, `/users/{id}` and `/me`. The body holds the action's parameters; an action
 * without any takes whatever empty body a client sends. `204` once queued (docs/graph-fidelity.md#remote-actions).
 */
import { ACTIONS } from '../../domain/actions/catalog.js';
import { parametersSchema, readParameters } from '../action-parameters.js';
import type { GraphContext } from '../context.js';
import type { GraphRoute } from '../graph-route.js';

/** Where a device's actions and functions are bound: its own path, a user's and the signed-in user's. */
export const DEVICE_PATHS = [
  { prefix: 'managedDevices', path: '/deviceManagement/managedDevices/:id', whose: 'a', badRequest: '' },
  { prefix: 'users.managedDevices', path: '/users/:userId/managedDevices/:id', whose: 'a user\'s', badRequest: '' },
  { prefix: 'me.managedDevices', path: '/me/managedDevices/:id', whose: 'the signed-in user\'s', badRequest: '; `/me` with an app-only token' },
] as const;

export function deviceActionRoutes(ctx: GraphContext): GraphRoute[] {
  return ACTIONS.filter((action) => action.versions.includes(ctx.version)).flatMap((action) => {
    const body = parametersSchema(action, ctx.version);
    return DEVICE_PATHS.flatMap((p) =>
      // The qualified form is an alias, left out of the OpenAPI document (it would double it).
      (['', 'microsoft.graph.'] as const).map((qualifier): GraphRoute => ({
        id: `${p.prefix}.${qualifier}${action.name}`,
        method: 'POST',
        path: `${p.path}/${qualifier}${action.name}`,
        operation: action.operation,
        summary: action.summary.replace(/\ba device\b/, `${p.whose} device`),
        success: { description: `Queued: the device carries it out when it checks in. Also at \`…/microsoft.graph.${action.name}\`.` },
        badRequest: `${action.refusedWhen}${body ? '; an unknown parameter or one of the wrong type' : ''}${p.badRequest}`,
        ...(body ? { body } : {}),
        ...(qualifier ? { hidden: true } : {}),
        handler: ({ reply, caller, scope, id, body: sent }) => {
          ctx.intune.requestAction(caller, scope, id, action.name, readParameters(action, ctx.version, sent));
          return reply.code(204).send();
        },
      })),
    );
  });
}
