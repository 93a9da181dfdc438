/**
 * Remote actions bound to a managedDevice (graph-facts.md §3.1): `POST …/managedDevices/{id}/resetPasscode`
 * under `/deviceManagement`, `/users/{id}` and `/me`. No body ("Do not supply a request body"; an empty
 * one, with or without `Content-Type: application/json`, is accepted); `204` once queued.
 */
import { findUser, getDevice, initiatorOf, signedInUser } from '../../domain/devices.js';
import type { User } from '../../schemas/user.js';
import type { TenantData } from '../../store/tenant-data.js';
import type { Caller } from '../../domain/caller.js';
import { callerTenant, type GraphContext } from '../context.js';
import type { GraphRoute } from '../route-table.js';

type Params = { id: string; userId?: string };

export function deviceActionRoutes(ctx: GraphContext): GraphRoute[] {
  const resetPasscode = (userOf: (tenant: TenantData, caller: Caller, params: Params) => User | undefined): GraphRoute['handler'] =>
    async (request, reply) => {
      const { caller, tenant } = callerTenant(ctx, request);
      const params = request.params as Params;
      const record = getDevice(tenant, params.id, userOf(tenant, caller, params));
      ctx.tenants.simulator.requestResetPasscode(tenant, record, initiatorOf(tenant, caller));
      ctx.tenants.changed(caller.tenantId);
      return reply.code(204).send();
    };
  const docs = (whose: string, badRequest = '') => ({
    summary: `Reset the passcode of ${whose} device`,
    success: { description: 'Queued: the device applies it when it checks in (see its `deviceActionResults`).' },
    badRequest: `the platform cannot reset its passcode at all (Intune's message; nothing is queued)${badRequest}`,
  });
  return [
    { id: 'managedDevices.resetPasscode', method: 'POST', path: '/deviceManagement/managedDevices/:id/resetPasscode', operation: 'privilegedDeviceAction', handler: resetPasscode(() => undefined), ...docs('a') },
    { id: 'users.managedDevices.resetPasscode', method: 'POST', path: '/users/:userId/managedDevices/:id/resetPasscode', operation: 'privilegedDeviceAction', handler: resetPasscode((t, _c, p) => findUser(t, p.userId ?? '')), ...docs('a user\'s') },
    { id: 'me.managedDevices.resetPasscode', method: 'POST', path: '/me/managedDevices/:id/resetPasscode', operation: 'privilegedDeviceAction', handler: resetPasscode((t, c) => signedInUser(t, c)), ...docs('the signed-in user\'s', '; `/me` with an app-only token') },
  ];
}
