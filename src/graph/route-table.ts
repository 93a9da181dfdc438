/**
 * How the Graph routes are registered, so that what real Graph does around them comes for free:
 * - a verb a route does not serve answers `400` `No method match route template` with the OData route
 *   template, as Intune does (Intune-PowerShell-SDK #23, #71), not Fastify's 404;
 * - a path no route serves answers `400` `Resource not found for the segment 'x'.` for a segment Graph
 *   does not have (microsoft-graph-docs #21782), or `501 NotImplemented` when Graph has it and this mock
 *   does not emulate it (an honest "not here" rather than a fake answer).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { graphRouteSchema, noMethodMatchSchema } from './route-docs.js';
import { odataResourcePath } from './wire.js';
import { missingPermission, type Operation } from '../domain/permissions.js';
import { scopeOfPath, type GraphParams, type GraphRoute, type Method } from './graph-route.js';
import type { RawQuery } from './odata/query-options.js';
import { GraphHttpError, intuneMessageFor } from './errors.js';
import { BETA_ONLY_SEGMENTS, KNOWN_GRAPH_SEGMENTS } from './known-segments.js';

/** Every verb a route does not serve gets Intune's answer (OPTIONS too: the mock does no CORS). */
const METHODS: readonly (Method | 'OPTIONS')[] = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS'];

/**
 * Runs before a route's permission check and handler, with the route's operation id: where the test kit
 * injects its faults (src/testkit/), without the Graph surface knowing of it.
 */
export type Intercept = (request: FastifyRequest, reply: FastifyReply, routeId: string) => Promise<void>;

/** Registers routes in a version-prefixed plugin; returns the path patterns for `unmatchedPath()`. */
export function registerGraphRoutes(app: FastifyInstance, version: 'v1.0' | 'beta', routes: readonly GraphRoute[], intercept?: Intercept): string[][] {
  const byPath = new Map<string, GraphRoute[]>();
  for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  for (const [path, served] of byPath) {
    const scopeOf = scopeOfPath(path);
    for (const r of served) {
      app.route<{ Params: GraphParams; Querystring: RawQuery }>({
        method: r.method,
        url: path,
        schema: graphRouteSchema(version, r),
        preHandler: async (request, reply) => {
          if (intercept) await intercept(request, reply, r.id);
          authorize(request, r.operation);
        },
        handler: async (request, reply) =>
          r.handler({ request, reply, caller: request.caller, scope: scopeOf(request.params), id: request.params.id ?? '', query: request.query, body: request.body }),
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
    intuneMessageFor(request, `${who} is not authorized to perform this operation. Application must have one of the following scopes: ${needed.join(', ')}`),
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
