/**
 * `/deviceManagement/managedDevices[/{id}]`, `/users/{id | userPrincipalName}/managedDevices[/{id}]` and
 * `/me/managedDevices[/{id}]` (docs/graph-fidelity.md#operations-and-paths). Handlers parse, call the domain, shape the wire.
 *
 * LIMITATIONS: real Intune does not route a single GET below `/users/{id}/managedDevices/{id}` (400 "No
 * method match route template", docs-contrib #2323); the mock serves it, as the user's own device.
 */
import type { DeviceScope } from '../../domain/intune.js';
import {
  ManagedDeviceBetaCollectionSchema, ManagedDeviceBetaResponseSchema, ManagedDeviceUpdateBodySchema, ManagedDeviceV1CollectionSchema,
  ManagedDeviceV1ResponseSchema, ODataCollectionQuerySchema, ODataEntityQuerySchema,
} from '../../schemas/graph-wire.js';
import { managedDeviceModelBeta, managedDeviceModelV1 } from '../../schemas/managed-device.js';
import type { User } from '../../schemas/user.js';
import { collectionResponse, contextUrl, singleSelect } from '../collection.js';
import type { GraphContext } from '../context.js';
import type { GraphRoute } from '../graph-route.js';
import { runFilterDialect } from '../odata/intune-quirks.js';
import { singleDeviceJson } from '../device-cache.js';
import { filterView, serializeDevice } from '../serialize-device.js';
import { addWarning } from '../warnings.js';
import { origin, sendOData } from '../wire.js';

/** The context URL's path for a scope's devices. */
const contextPath = (scope: DeviceScope, user: User | undefined): string =>
  scope.kind === 'tenant' || !user ? 'deviceManagement/managedDevices' : `users('${user.id}')/managedDevices`;

export function managedDeviceRoutes(ctx: GraphContext): GraphRoute[] {
  const model = ctx.version === 'beta' ? managedDeviceModelBeta : managedDeviceModelV1;
  const view = filterView(ctx.version);
  const deviceJson = singleDeviceJson(ctx.version);
  // OpenAPI: what the list and single GETs answer, and what they read.
  const listed = (whose: string) => ({
    summary: `List ${whose} managed devices`,
    // `$filter`'s differences from real Intune are warned of (graph/warnings.ts).
    success: { description: 'A page of devices.', schema: ctx.version === 'beta' ? ManagedDeviceBetaCollectionSchema : ManagedDeviceV1CollectionSchema, headers: ['x-mock-warning'] as const },
    query: ODataCollectionQuerySchema,
  });
  const single = (whose: string) => ({
    summary: `Get one of ${whose} managed devices`,
    success: { description: 'The device.', schema: ctx.version === 'beta' ? ManagedDeviceBetaResponseSchema : ManagedDeviceV1ResponseSchema },
    query: ODataEntityQuerySchema,
  });
  const ME_400 = '`/me` with an app-only token';

  const list: GraphRoute['handler'] = ({ request, reply, caller, scope, query }) => {
    const { value: devices, user } = ctx.intune.listDevices(caller, scope);
    const now = ctx.now(caller.tenantId);
    return sendOData(reply, collectionResponse({
      request, query, model, view, version: ctx.version, contextPath: contextPath(scope, user),
      // Intune's $filter is not OData's: each difference is warned of, and run as Intune does with `--odata intune`.
      filterDialect: (text, node) => runFilterDialect({
        text, node, model, dialect: ctx.odata,
        report: (q) => addWarning(request, { quirk: q.id, intune: q.intune, sources: q.sources }),
      }),
      source: devices,
      // The revision after listDevices' read (which may settle check-ins): a kept $orderby order holds while it does.
      index: { scope: `${caller.tenantId}\u0000${scope.kind}\u0000${user?.id ?? ''}`, stamp: ctx.intune.revision(caller.tenantId) },
      serialize: (record, select) => serializeDevice(record, { version: ctx.version, single: false, select, now }),
    }));
  };

  const one: GraphRoute['handler'] = ({ request, reply, caller, scope, id, query }) => {
    // In Graph's order: whose devices (404 for an unknown user), then $select (400), then the device (404).
    const user = ctx.intune.scopeOwner(caller, scope);
    const select = singleSelect(query, model);
    const record = ctx.intune.getDevice(caller, user, id);
    // The revision after the read: the read may have settled check-ins (a change).
    return sendOData(reply, deviceJson({
      record, revision: ctx.intune.revision(caller.tenantId), select, now: ctx.time(request),
      context: contextUrl(`${origin(request)}/${ctx.version}`, contextPath(scope, user), select, true),
    }));
  };

  return [
    { id: 'managedDevices.list', method: 'GET', path: '/deviceManagement/managedDevices', operation: 'readManagedDevices', handler: list, ...listed('the tenant\'s') },
    { id: 'managedDevices.get', method: 'GET', path: '/deviceManagement/managedDevices/:id', operation: 'readManagedDevices', handler: one, ...single('the tenant\'s') },
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
      handler: ({ reply, caller, id, body }) => {
        // An empty body (allowed with `Content-Type: application/json`) sets nothing.
        ctx.intune.updateDevice(caller, id, body ?? {});
        return reply.code(204).send();
      },
    },
    {
      id: 'managedDevices.delete',
      method: 'DELETE',
      path: '/deviceManagement/managedDevices/:id',
      operation: 'writeManagedDevices',
      summary: 'Delete a managed device',
      success: { description: 'Deleted: hidden from Graph at once; the device still carries out a retire (or, corporate-owned Android, a wipe) when it checks in.' },
      badRequest: 'the tenant\'s daily limit of deletes is reached',
      handler: ({ reply, caller, id }) => {
        ctx.intune.deleteDevice(caller, id);
        return reply.code(204).send();
      },
    },
    { id: 'users.managedDevices.list', method: 'GET', path: '/users/:userId/managedDevices', operation: 'readManagedDevices', handler: list, ...listed('a user\'s') },
    { id: 'users.managedDevices.get', method: 'GET', path: '/users/:userId/managedDevices/:id', operation: 'readManagedDevices', handler: one, ...single('a user\'s') },
    { id: 'me.managedDevices.list', method: 'GET', path: '/me/managedDevices', operation: 'readManagedDevices', handler: list, ...listed('the signed-in user\'s'), badRequest: ME_400 },
    { id: 'me.managedDevices.get', method: 'GET', path: '/me/managedDevices/:id', operation: 'readManagedDevices', handler: one, ...single('the signed-in user\'s'), badRequest: ME_400 },
  ];
}
