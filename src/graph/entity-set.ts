/**
 * A read-only Graph entity set: `GET /{path}` (a collection with the OData options) and `GET /{path}/{id}`
 * (one entity with `$select`), for resources the mock serves as stored (compliance policies, audits).
 */
import type { TSchema } from '@sinclair/typebox';
import type { DomainErrorKind } from '../domain/errors.js';
import { ODataCollectionQuerySchema, ODataEntityQuerySchema } from '../schemas/graph-wire.js';
import { DomainError } from '../domain/errors.js';
import type { EntityModel } from './odata/entity-model.js';
import type { TenantData } from '../store/tenant-data.js';
import { collectionResponse, contextUrl, singleSelect } from './collection.js';
import { callerTenant, type GraphContext } from './context.js';
import type { Operation } from '../identity/permissions.js';
import type { GraphRoute } from './route-table.js';
import { origin, sendOData } from './wire.js';

export interface EntitySetSpec<E extends { id: string }> {
  /** Operation id stem: `<name>.list` and `<name>.get`. */
  name: string;
  /** Path below the version, e.g. `/deviceManagement/deviceCompliancePolicies`. */
  path: string;
  model: EntityModel;
  entities(tenant: TenantData): Map<string, E>;
  serialize(entity: E, select: readonly string[] | undefined): Record<string, unknown>;
  notFound: { kind: DomainErrorKind; what: string };
  operation: Operation;
  /** OpenAPI: what `GET /{path}/{id}` and `GET /{path}` answer. */
  schemas: { entity: TSchema; collection: TSchema };
}

export function readOnlyEntitySet<E extends { id: string }>(ctx: GraphContext, spec: EntitySetSpec<E>): GraphRoute[] {
  const contextPath = spec.path.slice(1);
  return [
    {
      id: `${spec.name}.list`,
      method: 'GET',
      path: spec.path,
      operation: spec.operation,
      summary: `List the tenant's ${spec.notFound.what}s`,
      success: { description: `A page of ${spec.notFound.what}s.`, schema: spec.schemas.collection },
      query: ODataCollectionQuerySchema,
      handler: async (request, reply) => {
        const { tenant } = callerTenant(ctx, request);
        return sendOData(reply, collectionResponse({
          request, model: spec.model, version: ctx.version, contextPath, serialize: spec.serialize,
          source: spec.entities(tenant).values(),
          view: (e) => e as unknown as Record<string, unknown>,
        }));
      },
    },
    {
      id: `${spec.name}.get`,
      method: 'GET',
      path: `${spec.path}/:id`,
      operation: spec.operation,
      summary: `Get a ${spec.notFound.what}`,
      success: { description: `The ${spec.notFound.what}.`, schema: spec.schemas.entity },
      query: ODataEntityQuerySchema,
      handler: async (request, reply) => {
        const { tenant } = callerTenant(ctx, request);
        const select = singleSelect(request, spec.model);
        const id = (request.params as { id: string }).id;
        const entities = spec.entities(tenant);
        // Graph ids are GUIDs, matched regardless of case.
        const entity = entities.get(id) ?? [...entities.values()].find((e) => e.id.toLowerCase() === id.toLowerCase());
        if (!entity) throw new DomainError(spec.notFound.kind, `No ${spec.notFound.what} with id '${id}' exists in this tenant.`, id);
        return sendOData(reply, {
          '@odata.context': contextUrl(`${origin(request)}/${ctx.version}`, contextPath, select, true),
          ...spec.serialize(entity, select),
        });
      },
    },
  ];
}
