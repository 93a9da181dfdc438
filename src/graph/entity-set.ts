/**
 * A read-only Graph entity set: `GET /{path}` (a collection with the OData options) and `GET /{path}/{id}`
 * (one entity with `$select`), for resources the mock serves as stored (compliance policies, audits).
 */
import type { TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ODataCollectionQuerySchema, ODataEntityQuerySchema } from '../schemas/graph-wire.js';
import type { Caller } from '../domain/caller.js';
import type { Intune } from '../domain/intune.js';
import type { EntityModel } from '../schemas/entity-model.js';
import { collectionResponse, contextUrl, singleSelect } from './collection.js';
import type { GraphContext } from './context.js';
import type { Operation } from '../domain/permissions.js';
import type { GraphRoute } from './graph-route.js';
import type { ResponseHeaderName } from '../openapi/components.js';
import { origin, sendOData } from './wire.js';

export interface EntitySetSpec<E extends { id: string }> {
  /** Operation id stem: `<name>.list` and `<name>.get`. */
  name: string;
  /** Path below the version, e.g. `/deviceManagement/deviceCompliancePolicies`. */
  path: string;
  model: EntityModel;
  /** The caller's tenant's entities (one read of the emulated service). */
  list(intune: Intune, caller: Caller): Iterable<E>;
  /** Headers of the mock's own on a list answer (`x-mock-…`), if any. */
  listHeaders?(intune: Intune, caller: Caller): Record<string, string>;
  /** OpenAPI: which of the mock's headers `listHeaders` may send. */
  listHeaderNames?: readonly ResponseHeaderName[];
  /** One of them by id, or the domain's not-found error. */
  get(intune: Intune, caller: Caller, id: string): E;
  /** `unknownMembers`: the client asked for evolvable enum members (`Prefer: include-unknown-enum-members`). */
  serialize(entity: E, select: readonly string[] | undefined, unknownMembers: boolean): Record<string, unknown>;
  /** What one entity is called, for OpenAPI: `device compliance policy`. */
  what: string;
  /** And several (English plurals are not all `+s`): `device compliance policies`. */
  whatPlural: string;
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
      summary: `List the tenant's ${spec.whatPlural}`,
      success: { description: `A page of ${spec.whatPlural}.`, schema: spec.schemas.collection, ...(spec.listHeaderNames ? { headers: spec.listHeaderNames } : {}) },
      query: ODataCollectionQuerySchema,
      handler: ({ request, reply, caller, query }) => {
        if (spec.listHeaders) reply.headers(spec.listHeaders(ctx.intune, caller));
        return sendOData(reply, collectionResponse({
          request, query, model: spec.model, version: ctx.version, contextPath,
          serialize: (e, select) => spec.serialize(e, select, wantsUnknownMembers(request)),
          source: spec.list(ctx.intune, caller),
          view: (e) => e as unknown as Record<string, unknown>,
        }));
      },
    },
    {
      id: `${spec.name}.get`,
      method: 'GET',
      path: `${spec.path}/:id`,
      operation: spec.operation,
      summary: `Get a ${spec.what}`,
      success: { description: `The ${spec.what}.`, schema: spec.schemas.entity },
      query: ODataEntityQuerySchema,
      handler: ({ request, reply, caller, id, query }) => {
        const select = singleSelect(query, spec.model);
        const entity = spec.get(ctx.intune, caller, id);
        return sendOData(reply, {
          '@odata.context': contextUrl(`${origin(request)}/${ctx.version}`, contextPath, select, true),
          ...spec.serialize(entity, select, wantsUnknownMembers(request)),
        });
      },
    },
  ];
}

/** Graph writes enum members added after `unknownFutureValue` only to a client that asks (docs/graph-fidelity.md#enums). */
function wantsUnknownMembers(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  return (Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '')).toLowerCase().includes('include-unknown-enum-members');
}
