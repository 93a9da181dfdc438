/**
 * How the Graph routes are registered, so that what real Graph does around them comes for free:
 * - a verb a route does not serve answers `400` `No method match route template` with the OData route
 *   template, as Intune does (Intune-PowerShell-SDK #23, #71), not Fastify's 404;
 * - a path no route serves answers `400` `Resource not found for the segment 'x'.` for a segment Graph
 *   does not have (microsoft-graph-docs #21782), or `501 NotImplemented` when Graph has it and this mock
 *   does not emulate it (an honest "not here" rather than a fake answer).
 */
import type { TObject, TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { graphRouteSchema, noMethodMatchSchema } from './route-docs.js';
import { odataResourcePath } from './wire.js';
import { missingPermission, type Operation } from '../identity/permissions.js';
import { GraphHttpError, intuneMessage } from './errors.js';
import { BETA_ONLY_SEGMENTS, KNOWN_GRAPH_SEGMENTS } from './known-segments.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
/** Every verb a route does not serve gets Intune's answer (OPTIONS too: the mock does no CORS). */
const METHODS: readonly (Method | 'OPTIONS')[] = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS'];

export interface GraphRoute {
  /** Operation id, e.g. `managedDevices.resetPasscode` (fault rules match it; OpenAPI's operationId). */
  id: string;
  method: Method;
  /** Fastify path below the version prefix, e.g. `/deviceManagement/managedDevices/:id`. */
  path: string;
  /** What it does, for the permission check (identity/permissions.ts). */
  operation: Operation;
  handler: (request: FastifyRequest, reply: FastifyReply) => unknown;
  /** OpenAPI (route-docs.ts): what it does, in a line. */
  summary: string;
  /** OpenAPI: the success answer, a JSON body (`200`) or none (`204`). */
  success: { description: string; schema?: TSchema };
  /** OpenAPI: the OData query options it reads. */
  query?: TObject;
  /** OpenAPI: the JSON body it reads (an empty one is accepted too). */
  body?: TSchema;
  /** OpenAPI: when it answers `400` besides a malformed query option or an unreadable body. */
  badRequest?: string;
}

/** Runs before a route's permission check and handler (fault injection). */
export type Intercept = (request: FastifyRequest, reply: FastifyReply, route: GraphRoute) => Promise<void>;

/** Registers routes in a version-prefixed plugin; returns the path patterns for `unmatchedPath()`. */
export function registerGraphRoutes(app: FastifyInstance, version: 'v1.0' | 'beta', routes: readonly GraphRoute[], intercept?: Intercept): string[][] {
  const byPath = new Map<string, GraphRoute[]>();
  for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  for (const [path, served] of byPath) {
    for (const r of served) {
      app.route({
        method: r.method,
        url: path,
        schema: graphRouteSchema(version, r),
        preHandler: async (request, reply) => {
          if (intercept) await intercept(request, reply, r);
          authorize(request, r.operation);
        },
        handler: r.handler,
      });
    }
    // One route per verb, so that each is its own documented operation.
    for (const method of METHODS.filter((m) => !served.some((r) => r.method === m))) {
      app.route({
        method,
        url: path,
        schema: noMethodMatchSchema(version, served, method),
        handler: async (request) => {
          throw new GraphHttpError(
            400,
            'No method match route template',
            `No OData route exists that match template ${odataTemplate(path)} with http verb ${request.method} for request /DeviceFE/StatelessDeviceFEService/${odataResourcePath(request.url)}.`,
          );
        },
      });
    }
  }
  return [...byPath.keys()].map((p) => p.split('/').filter(Boolean));
}

/**
 * `403 Forbidden` when the caller holds none of the operation's permissions, with Intune's message that
 * lists those that would do (docs-contrib #87; mondoohq/cnspec #1708).
 */
function authorize(request: FastifyRequest, operation: Operation): void {
  const needed = missingPermission(operation, request.caller.permissions);
  if (!needed) return;
  const who = request.caller.kind === 'app' ? 'Application' : 'User';
  throw new GraphHttpError(
    403,
    'Forbidden',
    intuneMessage(`${who} is not authorized to perform this operation. Application must have one of the following scopes: ${needed.join(', ')}`, odataResourcePath(request.url), request.id),
  );
}

/** `~/singleton/navigation/key`-style template of a route path, as Intune names them. */
export function odataTemplate(path: string): string {
  const segs = path.split('/').filter(Boolean);
  const parts = segs.map((s, i) => {
    if (s.startsWith(':')) return 'key';
    if (i === 0) return s === 'users' ? 'entityset' : 'singleton';
    return 'navigation';
  });
  return `~/${parts.join('/')}`;
}

/** The error for a path below `/v1.0` or `/beta` that no route serves. */
export function unmatchedPath(segments: readonly string[], patterns: readonly string[][], version: 'v1.0' | 'beta'): GraphHttpError {
  let candidates = patterns;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    const next = candidates.filter((p) => p[i] !== undefined && (p[i]!.startsWith(':') || p[i]!.toLowerCase() === seg.toLowerCase()));
    if (next.length === 0) {
      const name = seg.toLowerCase();
      if (KNOWN_GRAPH_SEGMENTS.has(name) && !(version === 'v1.0' && BETA_ONLY_SEGMENTS.has(name))) return notEmulated(segments);
      return new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${seg}'.`);
    }
    candidates = next;
  }
  return notEmulated(segments);
}

function notEmulated(segments: readonly string[]): GraphHttpError {
  return new GraphHttpError(
    501,
    'NotImplemented',
    `intune-mock does not emulate '/${segments.join('/')}'. See the README's "Differences from Microsoft Graph" for what is served.`,
  );
}
