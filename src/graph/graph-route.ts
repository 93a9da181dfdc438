/**
 * A Graph route as the route modules declare it: data that `route-table.ts` registers (with Intune's
 * answers around it) and `route-docs.ts` documents. Handlers receive the call already translated: who
 * calls, whose devices the path names, the `{id}` segment and the query options.
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../domain/caller.js';
import type { DeviceScope } from '../domain/intune.js';
import type { Operation } from '../domain/permissions.js';
import type { ResponseHeaderName } from '../openapi/components.js';
import type { RawQuery } from './odata/query-options.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

/** The path parameters Graph routes use: `{id}` and, below `/users`, `{userId}` (an id or a UPN). */
export interface GraphParams {
  id?: string;
  userId?: string;
}

export interface GraphCall {
  request: FastifyRequest<{ Params: GraphParams; Querystring: RawQuery }>;
  reply: FastifyReply;
  caller: Caller;
  /** Whose devices the path names: `/deviceManagement/…`, `/users/{userId}/…` or `/me/…`. */
  scope: DeviceScope;
  /** The `{id}` segment ('' where the path has none). */
  id: string;
  query: RawQuery;
  body: unknown;
}

export interface GraphRoute {
  /** Operation id, e.g. `managedDevices.resetPasscode` (fault rules match it; OpenAPI's operationId). */
  id: string;
  method: Method;
  /** Fastify path below the version prefix, e.g. `/deviceManagement/managedDevices/:id`. */
  path: string;
  /** What it does, for the permission check (domain/permissions.ts). */
  operation: Operation;
  handler: (call: GraphCall) => unknown;
  /** OpenAPI (route-docs.ts): what it does, in a line. */
  summary: string;
  /** OpenAPI: the success answer, a JSON body (`200`) or none (`204`), and the mock's headers it may carry. */
  success: { description: string; schema?: TSchema; headers?: readonly ResponseHeaderName[] };
  /** OpenAPI: the OData query options it reads. */
  query?: TObject;
  /** OpenAPI: the JSON body it reads (an empty one is accepted too). */
  body?: TSchema;
  /** OpenAPI: when it answers `400` besides a malformed query option or an unreadable body. */
  badRequest?: string;
  /** Left out of the OpenAPI document (an alias of a documented route), with its verbs Intune does not route. */
  hidden?: boolean;
}

/** Whose devices a route's path names. */
export function scopeOfPath(path: string): (params: GraphParams) => DeviceScope {
  if (/^\/me(\/|$)/i.test(path)) return () => ({ kind: 'me' });
  if (path.includes('/:userId')) return (params) => ({ kind: 'user', user: params.userId ?? '' });
  return () => ({ kind: 'tenant' });
}
