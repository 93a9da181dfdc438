/**
 * `/deviceManagement/managedDevices[/{id}]`, `/users/{id | userPrincipalName}/managedDevices[/{id}]` and
 * `/me/managedDevices[/{id}]` (graph-facts.md §2.1). Handlers parse, call the domain, shape the wire.
 *
 * LIMITATIONS: real Intune does not route a single GET below `/users/{id}/managedDevices/{id}` (400 "No
 * method match route template", docs-contrib #2323); the mock serves it, as the user's own device.
 */
import type { FastifyRequest } from 'fastify';
import { deleteDevice, devicesOf, findUser, getDevice, signedInUser, updateDevice } from '../../domain/devices.js';
import type { User } from '../../schemas/user.js';
import {
  ManagedDeviceBetaCollectionSchema, ManagedDeviceBetaResponseSchema, ManagedDeviceUpdateBodySchema, ManagedDeviceV1CollectionSchema,
  ManagedDeviceV1ResponseSchema, ODataCollectionQuerySchema, ODataEntityQuerySchema,
} from '../../schemas/graph-wire.js';
import { managedDeviceModelBeta, managedDeviceModelV1 } from '../../schemas/managed-device.js';
import type { TenantData } from '../../store/tenant-data.js';
import { collectionResponse, contextUrl, singleSelect } from '../collection.js';
import { callerTenant, type GraphContext } from '../context.js';
import type { GraphRoute } from '../route-table.js';
import { filterView, serializeDevice } from '../serialize-device.js';
import { origin, sendOData } from '../wire.js';

type Params = { id?: string; userId?: string };

/** Where a path's devices come from: the whole tenant, or one user's. */
interface Scope {
  user?: User;
  contextPath: string;
}

export function managedDeviceRoutes(ctx: GraphContext): GraphRoute[] {
  const model = ctx.version === 'beta' ? managedDeviceModelBeta : managedDeviceModelV1;
  const view = filterView(ctx.version);
  // OpenAPI: what the list and single GETs answer, and what they read.
  const listed = (whose: string) => ({
    summary: `List ${whose} managed devices`,
    success: { description: 'A page of devices.', schema: ctx.version === 'beta' ? ManagedDeviceBetaCollectionSchema : ManagedDeviceV1CollectionSchema },
    query: ODataCollectionQuerySchema,
  });
  const single = (whose: string) => ({
    summary: `Get one of ${whose} managed devices`,
    success: { description: 'The device.', schema: ctx.version === 'beta' ? ManagedDeviceBetaResponseSchema : ManagedDeviceV1ResponseSchema },
    query: ODataEntityQuerySchema,
  });
  const ME_400 = '`/me` with an app-only token';

  const list = (scopeOf: (tenant: TenantData, request: FastifyRequest) => Scope): GraphRoute['handler'] =>
    async (request, reply) => {
      const { tenant } = callerTenant(ctx, request);
      const scope = scopeOf(tenant, request);
      return sendOData(reply, collectionResponse({
        request, model, view, version: ctx.version, contextPath: scope.contextPath,
        source: devicesOf(tenant, scope.user),
        serialize: (record, select) => serializeDevice(record, { version: ctx.version, single: false, select, now: ctx.now() }),
      }));
    };

  const one = (scopeOf: (tenant: TenantData, request: FastifyRequest) => Scope): GraphRoute['handler'] =>
    async (request, reply) => {
      const { tenant } = callerTenant(ctx, request);
      const scope = scopeOf(tenant, request);
      const select = singleSelect(request, model);
      const record = getDevice(tenant, (request.params as Params).id ?? '', scope.user);
      return sendOData(reply, {
        '@odata.context': contextUrl(`${origin(request)}/${ctx.version}`, scope.contextPath, select, true),
        ...serializeDevice(record, { version: ctx.version, single: true, select, now: ctx.now() }),
      });
    };

  const tenantScope = (): Scope => ({ contextPath: 'deviceManagement/managedDevices' });
  const userScope = (tenant: TenantData, request: FastifyRequest): Scope => {
    const user = findUser(tenant, (request.params as Params).userId ?? '');
    return { user, contextPath: `users('${user.id}')/managedDevices` };
  };
  const meScope = (tenant: TenantData, request: FastifyRequest): Scope => {
    const user = signedInUser(tenant, request.caller);
    return { user, contextPath: `users('${user.id}')/managedDevices` };
  };

  return [
    { id: 'managedDevices.list', method: 'GET', path: '/deviceManagement/managedDevices', operation: 'readManagedDevices', handler: list(tenantScope), ...listed('the tenant\'s') },
    { id: 'managedDevices.get', method: 'GET', path: '/deviceManagement/managedDevices/:id', operation: 'readManagedDevices', handler: one(tenantScope), ...single('the tenant\'s') },
    {
      id: 'managedDevices.update',
      method: 'PATCH',
      path: '/deviceManagement/managedDevices/:id',
      operation: 'writeManagedDevices',
      summary: 'Update a managed device\'s writable properties',
      success: { description: 'Updated. Intune answers a PATCH with no body.' },
      body: ManagedDeviceUpdateBodySchema,
      badRequest: 'a read-only or unknown property, or a wrong type (`ModelValidationFailure`, naming the property)',
      // Intune answers a PATCH with 204 and no body, "by design" (docs-contrib #8701, powershell-intune-samples #96).
      handler: async (request, reply) => {
        const { caller, tenant } = callerTenant(ctx, request);
        // An empty body (allowed with `Content-Type: application/json`) sets nothing.
        updateDevice(tenant, (request.params as Params).id ?? '', request.body ?? {});
        ctx.tenants.changed(caller.tenantId);
        return reply.code(204).send();
      },
    },
    {
      id: 'managedDevices.delete',
      method: 'DELETE',
      path: '/deviceManagement/managedDevices/:id',
      operation: 'writeManagedDevices',
      summary: 'Delete a managed device',
      success: { description: 'Deleted: the device is gone.' },
      handler: async (request, reply) => {
        const { caller, tenant } = callerTenant(ctx, request);
        deleteDevice(tenant, (request.params as Params).id ?? '');
        ctx.tenants.changed(caller.tenantId);
        return reply.code(204).send();
      },
    },
    { id: 'users.managedDevices.list', method: 'GET', path: '/users/:userId/managedDevices', operation: 'readManagedDevices', handler: list(userScope), ...listed('a user\'s') },
    { id: 'users.managedDevices.get', method: 'GET', path: '/users/:userId/managedDevices/:id', operation: 'readManagedDevices', handler: one(userScope), ...single('a user\'s') },
    { id: 'me.managedDevices.list', method: 'GET', path: '/me/managedDevices', operation: 'readManagedDevices', handler: list(meScope), ...listed('the signed-in user\'s'), badRequest: ME_400 },
    { id: 'me.managedDevices.get', method: 'GET', path: '/me/managedDevices/:id', operation: 'readManagedDevices', handler: one(meScope), ...single('the signed-in user\'s'), badRequest: ME_400 },
  ];
}
