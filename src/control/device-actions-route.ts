/**
 * `GET /_mock/devices/{id}/actions`: what the admin center would offer for a device, each action enabled or
 * greyed out exactly as Graph would accept or refuse it (docs/console.md#device-actions). The decision and the
 * reason's words come from the domain (`Intune.actionAvailability`), which uses the refusal Graph answers with.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ActionSpec } from '../domain/actions/catalog.js';
import type { Intune } from '../domain/intune.js';
import { respond } from '../openapi/components.js';
import { CONTROL_DEFAULT, badRequest, controlDoc, controlError } from './docs.js';
import { controlTenantId } from './tenant.js';

const ActionParameterSchema = Type.Object({
  name: Type.String(),
  type: Type.String({ description: 'Its EDM type, as Graph\'s metadata declares it (e.g. `Edm.Boolean`).' }),
  nullable: Type.Boolean(),
  minimum: Type.Optional(Type.Number()),
  maximum: Type.Optional(Type.Number()),
  maxLength: Type.Optional(Type.Integer()),
}, { additionalProperties: false });

export const DeviceActionSchema = Type.Object({
  name: Type.String({ description: 'The action, as in its Graph path (e.g. `resetPasscode`).' }),
  available: Type.Boolean({ description: 'Whether Graph would accept it for the device now: the device is managed and its ruleset row supports the action.' }),
  reason: Type.Optional(Type.String({ description: 'Only when not available: the message of the error Graph answers when the action is sent to this device.' })),
  rule: Type.String({ description: 'The label of the ruleset row the device falls on for this action (README, the rules tables).' }),
  versions: Type.Array(Type.Union([Type.Literal('v1.0'), Type.Literal('beta')]), { description: 'The Graph versions that have it.' }),
  method: Type.Literal('POST'),
  path: Type.String({ description: 'Where to send it: the v1.0 path when v1.0 has the action, else the beta one.' }),
  parameters: Type.Array(ActionParameterSchema, { description: 'Its body parameters, as the catalog declares them (of the version in `path`).' }),
  pushed: Type.Boolean({ description: 'Sent to the device at once, with no pending action, result or audit (a custom notification).' }),
}, { $id: 'mock.deviceAction', additionalProperties: false });
type DeviceAction = Static<typeof DeviceActionSchema>;

export const DeviceActionsSchema = Type.Object({
  actions: Type.Array(DeviceActionSchema, { description: 'Every per-device remote action of the catalog, in its order.' }),
}, { $id: 'mock.deviceActions', additionalProperties: false });

const params = Type.Object({ id: Type.String({ description: 'The device\'s id.' }) });

/** The wire form of a catalog row for one device. */
function describe(spec: ActionSpec, deviceId: string): Omit<DeviceAction, 'available' | 'reason' | 'rule'> {
  const version = spec.versions.includes('v1.0') ? 'v1.0' : 'beta';
  return {
    name: spec.name,
    versions: [...spec.versions],
    method: 'POST',
    path: `/${version}/deviceManagement/managedDevices/${encodeURIComponent(deviceId)}/${spec.name}`,
    parameters: spec.parameters.filter((p) => p.versions.includes(version)).map((p) => ({
      name: p.name, type: p.type, nullable: p.nullable,
      ...(p.minimum === undefined ? {} : { minimum: p.minimum }),
      ...(p.maximum === undefined ? {} : { maximum: p.maximum }),
      ...(p.maxLength === undefined ? {} : { maxLength: p.maxLength }),
    })),
    pushed: spec.pushed === true,
  };
}

export async function deviceActionsRoute(app: FastifyInstance, opts: { intune: Intune }): Promise<void> {
  const { intune } = opts;
  app.get<{ Params: Static<typeof params> }>('/devices/:id/actions', {
    schema: {
      ...controlDoc('devices.actions', 'The remote actions a device can be sent now', {
        tenant: true,
        description: 'Every per-device remote action of the catalog, in its order, with whether Graph would accept it for the device (`available`: the device is managed and its ruleset row supports the action) and, when not, the words of Graph\'s refusal (`reason`). Parameters and Intune\'s daily and hourly limits are not judged here. What the console greys out.',
      }),
      params,
      response: {
        200: respond('The actions.', DeviceActionsSchema),
        400: badRequest('A bad `x-mock-tenant` (`invalidTenant`)'),
        404: controlError('No such device in the tenant (`deviceNotFound`).'),
        default: CONTROL_DEFAULT,
      },
    },
  }, async (request) => {
    // The paths name the device by its stored id (the lookup ignores case, as Graph's does).
    const { deviceId, actions } = intune.actionAvailability(controlTenantId(request), request.params.id);
    return {
      actions: actions.map(({ spec, available, reason, rule }): DeviceAction => ({
        ...describe(spec, deviceId), available, rule, ...(reason === undefined ? {} : { reason }),
      })),
    };
  });
}
