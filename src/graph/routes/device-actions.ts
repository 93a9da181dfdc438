/**
 * Remote actions bound to a managedDevice, generated from the action catalog (domain/actions/catalog.ts):
 * `POST …/managedDevices/{id}/<action>` under `/deviceManagement`, `/users/{id}` and `/me`. An action
 * without parameters takes no body (an empty one, with or without `Content-Type: application/json`, is
 * accepted); `204` once queued (docs/graph-fidelity.md#resetpasscode).
 */
import { ACTIONS } from '../../domain/actions/catalog.js';
import type { GraphContext } from '../context.js';
import type { GraphRoute } from '../graph-route.js';

const PATHS = [
  { prefix: 'managedDevices', path: '/deviceManagement/managedDevices/:id', whose: 'a', badRequest: '' },
  { prefix: 'users.managedDevices', path: '/users/:userId/managedDevices/:id', whose: 'a user\'s', badRequest: '' },
  { prefix: 'me.managedDevices', path: '/me/managedDevices/:id', whose: 'the signed-in user\'s', badRequest: '; `/me` with an app-only token' },
] as const;

export function deviceActionRoutes(ctx: GraphContext): GraphRoute[] {
  return ACTIONS.filter((action) => action.versions.includes(ctx.version)).flatMap((action) =>
    PATHS.map((p): GraphRoute => ({
      id: `${p.prefix}.${action.name}`,
      method: 'POST',
      path: `${p.path}/${action.name}`,
      operation: action.operation,
      summary: action.summary.replace(/\ba device\b/, `${p.whose} device`),
      success: { description: 'Queued: the device applies it when it checks in (see its `deviceActionResults`).' },
      badRequest: `${action.refusedWhen}${p.badRequest}`,
      handler: ({ reply, caller, scope, id }) => {
        ctx.intune.requestAction(caller, scope, id, action.name);
        return reply.code(204).send();
      },
    })),
  );
}
