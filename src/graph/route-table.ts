/**
 * How the Graph routes are registered, so that what real Graph does around them comes for free:
 * - a verb a route does not serve answers `400` `No method match route template` with the OData route
 *   template, as Intune does (Intune-PowerShell-SDK #23, #71), not Fastify's 404;
 * - a path no route serves answers `400` `Resource not found for the segment 'x'.` for a segment Graph
 *   does not have (microsoft-graph-docs #21782), or `501 NotImplemented` when Graph has it and this mock
 *   does not emulate it (an honest "not here" rather than a fake answer).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { graphRouteSchema } from './route-docs.js';
import { lazySchema } from '../openapi/components.js';
import { odataResourcePath } from './wire.js';
import { missingPermission, type Operation } from '../domain/permissions.js';
import { scopeOfPath, type GraphParams, type GraphRoute } from './graph-route.js';
import type { RawQuery } from './odata/query-options.js';
import { GraphHttpError, intuneMessageFor } from './errors.js';
import { BETA_ONLY_SEGMENTS, KNOWN_GRAPH_SEGMENTS } from './known-segments.js';
import { decodeOrKeep } from '../lib/decode.js';


/**
 * Runs before a route's permission check and handler, with the route's operation id: where the throttle
 * (src/throttling/) and the test kit's faults (src/testkit/) act, without the Graph surface knowing of either.
 */
export type Intercept = (request: FastifyRequest, reply: FastifyReply, routeId: string) => Promise<void> | void;

/** A served path: its segments (`:name` a parameter) and the verbs it serves. */
export interface ServedPath {
  path: string;
  segments: string[];
  methods: ReadonlySet<string>;
}

/**
 * Registers routes in a version-prefixed plugin; returns the served paths for `noMethodMatch()` and
 * `unmatchedPath()`, which the plugin's not-found handler calls.
 */
export function registerGraphRoutes(app: FastifyInstance, version: 'v1.0' | 'beta', routes: readonly GraphRoute[], intercept?: Intercept): ServedPath[] {
  const byPath = new Map<string, GraphRoute[]>();
  for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  // A fixed path beside a parameter one (`managedDevices/executeAction`, `managedDevices/{id}`): its verbs it
  // does not serve would reach the parameter route; they answer as any served path's unserved verb does.
  const fixedPaths = new Map([...byPath].filter(([p]) => !p.includes('/:')).map(([p, rs]) => [p.toLowerCase(), { path: p, methods: new Set(rs.map((r) => r.method)) }]));
  const served = [...byPath].map(([path, rs]) => ({
    path,
    segments: path.split('/').filter(Boolean),
    // A served GET answers HEAD too (Fastify's HEAD routes).
    methods: new Set(rs.flatMap((r) => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method]))),
  }));
  const maxParamLength = app.initialConfig.routerOptions?.maxParamLength ?? 100;

  const register = (method: string, url: string, schema: object, pick: (request: FastifyRequest) => GraphRoute, group?: AliasGroup) => {
    const scopeOf = scopeOfPath(url);
    const siblings = fixedSiblings(url, fixedPaths);
    app.route<{ Params: GraphParams; Querystring: RawQuery }>({
      method,
      url,
      schema,
      ...(group ? { config: { aliases: group.byName, documents: group.documented.map((r) => ({ name: r.path.slice(r.path.lastIndexOf('/') + 1), schema: lazySchema(() => graphRouteSchema(version, r)) })) } } : {}),
      // Callback style, and a handler that is no async function: on every Graph request, so no promise per
      // request where nothing waits (a throw is Fastify's error either way: its hook runner and handler catch it).
      preHandler: (request, reply, done) => {
        const r = pick(request);
        for (const sibling of siblings) {
          if (!sibling.params.every(([i, name]) => ((request.params as Record<string, string | undefined>)[name] ?? '').toLowerCase() === sibling.segments[i])) continue;
          if (!sibling.methods.has(r.method)) throw methodMismatch(sibling.path, request.method, request.url);
        }
        // Most requests meet no fault rule: an intercept may answer synchronously (no promise to wait for).
        const intercepted = intercept?.(request, reply, r.id);
        if (!intercepted) {
          authorize(request, r.operation);
          return done();
        }
        intercepted.then(() => authorize(request, r.operation)).then(() => done(), done);
      },
      handler: (request, reply) => {
        const result = pick(request).handler({ request, reply, caller: request.caller, scope: scopeOf(request.params), id: request.params.id ?? '', query: request.query, body: request.body });
        // The reply a handler returns has been sent (Fastify would warn of a second send); a promise or a body is Fastify's to finish.
        return result === reply ? undefined : result;
      },
    });
  };

  const groups = aliasGroups(routes);
  for (const [path, rs] of byPath) {
    for (const r of rs) if (!ALIASED.has(r)) register(r.method, path, lazySchema(() => graphRouteSchema(version, r)), () => r);
  }
  // Hidden aliases of one verb below one parent path (`…/{id}/microsoft.graph.<action>`, a hundred and more of
  // them per app), and the documented routes beside them (`…/{id}/<action>`, as many again): one parameter route
  // that picks the route by its last segment. Registering each cost about a third of every app's start (the
  // suite builds hundreds of apps), then a fifth of the CLI's. A name none of them has answers exactly as the
  // not-found handler would, a body that cannot be read too (`isUnknownAlias` in the Graph error handler);
  // one over the router's parameter limit (1024 characters) is its `414`, as an over-long id already was.
  // The documented ones stay in the OpenAPI document, each with its own path (`documents`, openapi/plugin.ts).
  for (const group of groups) {
    register(group.method, `${group.parent}/:${ALIAS_PARAM}`, { hide: true }, (request) => {
      const r = group.byName.get(aliasName(request));
      if (r === undefined) throw notFoundError(request, served, version, maxParamLength);
      return r;
    }, group);
  }
  return served;
}

/**
 * The fixed paths a parameter route's URL also matches (`managedDevices/executeAction` for `managedDevices/:id`),
 * found once: each with its lower-cased segments and which of them the route's parameters stand for.
 */
function fixedSiblings(url: string, fixedPaths: ReadonlyMap<string, { path: string; methods: ReadonlySet<string> }>) {
  const segs = url.split('/');
  const out: Array<{ path: string; methods: ReadonlySet<string>; segments: string[]; params: Array<[number, string]> }> = [];
  if (!url.includes('/:')) return out;
  for (const [lower, fixed] of fixedPaths) {
    const segments = lower.split('/');
    if (segments.length !== segs.length) continue;
    if (!segs.every((s, i) => s.startsWith(':') || s.toLowerCase() === segments[i])) continue;
    out.push({ ...fixed, segments, params: segs.flatMap((s, i): Array<[number, string]> => (s.startsWith(':') ? [[i, s.slice(1)]] : [])) });
  }
  return out;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An alias group's parameter route: its aliases by lower-case name (route-table.ts). */
    aliases?: ReadonlyMap<string, GraphRoute>;
  }
}

const ALIAS_PARAM = 'alias';
const aliasName = (request: FastifyRequest): string => ((request.params as Record<string, string | undefined>)[ALIAS_PARAM] ?? '').toLowerCase();

/** The routes served by an alias group's parameter route (not registered on their own). */
const ALIASED = new WeakSet<GraphRoute>();

interface AliasGroup {
  method: string;
  parent: string;
  byName: Map<string, GraphRoute>;
  /** Its routes the OpenAPI document lists (not hidden), in registration order. */
  documented: GraphRoute[];
}

/**
 * Hidden routes grouped by verb and parent path; only groups of two or more (a single alias stays a route).
 * A group takes in the routes that are not hidden below its verb and parent too: the parameter route is there
 * already, so the router matches no path it did not match before (an over-long name included).
 */
function aliasGroups(routes: readonly GraphRoute[]): AliasGroup[] {
  const groups = new Map<string, AliasGroup>();
  const split = (r: GraphRoute) => {
    const cut = r.path.lastIndexOf('/');
    const name = r.path.slice(cut + 1);
    return name.startsWith(':') ? undefined : { key: `${r.method} ${r.path.slice(0, cut)}`, parent: r.path.slice(0, cut), name: name.toLowerCase() };
  };
  for (const r of routes) {
    const at = r.hidden ? split(r) : undefined;
    if (!at) continue;
    const group = groups.get(at.key) ?? { method: r.method, parent: at.parent, byName: new Map(), documented: [] };
    group.byName.set(at.name, r);
    groups.set(at.key, group);
  }
  for (const [key, g] of groups) if (g.byName.size < 2) groups.delete(key);
  for (const r of routes) {
    const at = r.hidden ? undefined : split(r);
    const group = at && groups.get(at.key);
    if (!at || !group || group.byName.has(at.name)) continue;
    group.byName.set(at.name, r);
    group.documented.push(r);
  }
  const out = [...groups.values()];
  for (const g of out) for (const r of g.byName.values()) ALIASED.add(r);
  return out;
}

/**
 * True when the request reached an alias group's parameter route with a name none of its aliases has: an
 * unknown path, answered as the not-found handler answers one.
 */
export function isUnknownAlias(request: FastifyRequest): boolean {
  const aliases = request.routeOptions.config?.aliases;
  return aliases !== undefined && !aliases.has(aliasName(request));
}

/** The error for a path or verb no route serves (docs/graph-fidelity.md#unknown-paths). */
export function notFoundError(request: FastifyRequest, served: readonly ServedPath[], version: 'v1.0' | 'beta', maxParamLength: number): GraphHttpError {
  const raw = (request.url.split('?')[0] ?? '').split('/').filter(Boolean).slice(1);
  const segments = raw.map(decodeOrKeep);
  return noMethodMatch(request.method, request.url, raw, served, maxParamLength) ?? unmatchedPath(segments, served, version);
}

/**
 * A verb a served path does not serve, found by the not-found handler: no route per such verb (they were
 * three routes in four, and a quarter of every app's start-up went into registering them). The path
 * matches as the router would have matched it (case-insensitive, a parameter any one segment of at most
 * `maxParamLength`). Any verb, HTTP's others too (`TRACE`, `PROPFIND`, `QUERY`): the path is served, so its
 * answer is never the unmatched path's `501` (docs/reliability.md#error-shapes).
 */
export function noMethodMatch(method: string, url: string, segments: readonly string[], served: readonly ServedPath[], maxParamLength: number): GraphHttpError | undefined {
  const hit = served.find((p) => p.segments.length === segments.length && p.segments.every((s, i) => {
    const seg = segments[i] ?? '';
    return s.startsWith(':') ? seg.length > 0 && seg.length <= maxParamLength : s.toLowerCase() === seg.toLowerCase();
  }));
  if (!hit || hit.methods.has(method)) return undefined;
  return methodMismatch(hit.path, method, url);
}

function methodMismatch(path: string, method: string, url: string): GraphHttpError {
  return new GraphHttpError(
    400,
    'No method match route template',
    `No OData route exists that match template ${odataTemplate(path)} with http verb ${method} for request /DeviceFE/StatelessDeviceFEService/${odataResourcePath(url)}.`,
  );
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
export function unmatchedPath(segments: readonly string[], served: readonly ServedPath[], version: 'v1.0' | 'beta'): GraphHttpError {
  let candidates = served.map((p) => p.segments);
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
