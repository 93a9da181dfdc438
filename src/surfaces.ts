/**
 * The answers the root app gives itself, each in the shape of the surface the URL belongs to
 * (docs/reliability.md#error-shapes): the control API's error body under `/_mock`, Entra's on the identity
 * endpoints, Graph's envelope everywhere else; and the index at `GET /`.
 */
import { clip } from './lib/excerpt.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendControlError, sendControlFailure, sendControlNotFound } from './control/errors.js';
import { GraphHttpError, errorContextOf, sendGraphError, toGraphError } from './graph/errors.js';
import type { RequestTime } from './graph/wire.js';
import { entra, type EntraError } from './identity/entra-errors.js';
import type { IdentityTime } from './identity/identity-time.js';
import { identityFailure, identityNotFound, isIdentityPath } from './identity/plugin.js';
import { hostName, type HostAllowList } from './lib/host-allow-list.js';
import { origin } from './lib/request-origin.js';
import { takeProxied } from './lib/proxied.js';

/** The router is case-insensitive (app.ts), so `/_MOCK/health` is the control API too. */
const isControl = (request: FastifyRequest): boolean => /^\/_mock(\/|\?|$)/i.test(request.url);

export interface SurfaceTimes {
  /** The mock's clock (Graph's `innerError.date`). */
  graph: RequestTime;
  /** Real time (Entra's timestamps). */
  identity: IdentityTime;
}

/** An error answer in the request's surface: `code` for the control API, `graphCode` for Graph, `entraError` for Entra. */
function answer(request: FastifyRequest, reply: FastifyReply, times: SurfaceTimes, status: number, code: string, graphCode: string, message: string, entraError: EntraError) {
  if (isControl(request)) return sendControlError(reply, status, code, message);
  if (isIdentityPath(request.url)) return identityFailure(entraError, request, reply, times.identity);
  return sendGraphError(reply, new GraphHttpError(status, graphCode, message), errorContextOf(request, times.graph));
}

/** What the router refuses before any route: a malformed %-escape (`400`), an over-long segment (`414`). */
export function frameworkErrors(times: SurfaceTimes) {
  return (error: { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
    const message = status === 414 ? 'A path segment is too long.' : 'The request URL is not valid: it has a malformed %-escape.';
    return answer(request, reply, times, status, 'invalidUrl', 'BadRequest', message, entra.malformedUrl());
  };
}

/** A path or verb no route serves, outside `/v1.0` and `/beta` (whose plugins answer their own). */
function notFound(request: FastifyRequest, reply: FastifyReply, times: SurfaceTimes): FastifyReply {
  if (isControl(request)) return sendControlNotFound(request, reply);
  if (isIdentityPath(request.url)) return identityNotFound(request, reply, times.identity);
  return sendGraphError(reply, new GraphHttpError(400, 'BadRequest', 'Invalid version.'), errorContextOf(request, times.graph));
}

/** A client's error the framework raised reading the request (a body it cannot parse), not a failure of the mock. */
const isClientError = (err: unknown): boolean => {
  const status = (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
};

/**
 * What no surface's own handler answered: errors of the root's routes and of the plugins without a handler
 * of their own (the OpenAPI document), and errors before any route matched (a body the framework cannot
 * read on an unknown path or verb: answered as the unknown path). Installed before the plugins, so that they inherit it. A client's error
 * is a 4xx in the surface's shape; anything else a logged 500.
 */
export function installRootErrorHandler(app: FastifyInstance, times: SurfaceTimes): void {
  app.setErrorHandler((err, request, reply) => {
    // On a path or verb no route serves, the framework may fail reading the body before the not-found
    // handler runs (e.g. `QUERY` without a Content-Type): the answer is the unknown path's, whatever the body,
    // except for a body over the limit (413 in the surface's shape).
    if (request.is404 && isClientError(err) && (err as { statusCode: number }).statusCode !== 413) return notFound(request, reply, times);
    if (isIdentityPath(request.url)) return identityFailure(err, request, reply, times.identity);
    if (isControl(request)) return sendControlFailure(err, request, reply);
    const error = toGraphError(err, request);
    if (error.statusCode >= 500) request.log.error({ err }, 'request failed');
    return sendGraphError(reply, error, errorContextOf(request, times.graph));
  });
}

/**
 * `GET /` (where everything is); unknown paths: a control endpoint that does not exist, a verb an identity
 * endpoint does not take (Entra's AADSTS900561), or for anything else outside `/v1.0` and `/beta` real
 * Graph's "Invalid version." (docs/graph-fidelity.md#unknown-paths).
 */
export function installRootAnswers(app: FastifyInstance, times: SurfaceTimes): void {
  app.get('/', async (request) => {
    const base = origin(request);
    return {
      name: 'intune-mock',
      description: 'An emulator of the Microsoft Graph Intune device-management API',
      graph: { 'v1.0': `${base}/v1.0`, beta: `${base}/beta` },
      control: `${base}/_mock`,
      console: `${base}/_mock/console`,
      docs: `${base}/docs`,
      openapi: `${base}/openapi.json`,
    };
  });
  app.setNotFoundHandler((request, reply) => notFound(request, reply, times));
}

/** A check every request goes through before any route: true when it answered the request itself (refused it). */
export type Guard = (request: FastifyRequest, reply: FastifyReply) => boolean;

/**
 * The root's guards, in order, in one `onRequest` hook: the first that answers ends the request (an answer from
 * a hook is sent, and `done` not called: Fastify's way). WHY one hook: each hook is a step of Fastify's hook
 * runner on every request, and the guards were three of them (issue 17). Callback style: no promise per request.
 */
export function guardRequests(app: FastifyInstance, guards: ReadonlyArray<Guard | undefined>): void {
  const list = guards.filter((g): g is Guard => g !== undefined);
  if (list.length === 0) return;
  app.addHook('onRequest', (request, reply, done) => {
    for (const guard of list) if (guard(request, reply)) return;
    done();
  });
}

/**
 * Until the seed fixture is loaded (a 100,000-device file takes a few seconds), only the health and
 * readiness probes and the API description answer; everything else is `503` with `Retry-After`.
 */
export function gateUntilReady(isReady: () => boolean, times: SurfaceTimes): Guard {
  return (request, reply) => {
    if (isReady() || /^\/(_mock\/(health|ready)|openapi\.json|docs)(\/|\?|$)/.test(request.url)) return false;
    reply.header('retry-after', '1');
    answer(request, reply, times, 503, 'notReady', 'serviceNotAvailable',
      isControl(request) ? 'The fixtures are not loaded yet.' : 'The service is starting; retry after a moment.', entra.notReady());
    return true;
  };
}

/**
 * A `Host` the mock does not answer (DNS rebinding: docs/security.md#host-allow-list) is refused before anything
 * else, in the surface's shape: so no other host name is ever reflected into a link (lib/request-origin.ts).
 */
export function refuseUnknownHosts(hosts: HostAllowList, times: SurfaceTimes, proxyHosts: ReadonlySet<string> = new Set()): Guard | undefined {
  if (hosts.any) return undefined;
  return (request, reply) => {
    if (hosts.allows(request.headers.host)) return false;
    // The proxy's hosts are answered on proxied requests only (docs/proxy.md): the client asked the proxy for them.
    if (request.proxiedFor !== null && proxyHosts.has(hostName(request.headers.host ?? ''))) return false;
    const name = hostName(request.headers.host ?? '');
    const message = `The host name '${name}' is not one this mock answers (a guard against DNS rebinding). Allow it with --allowed-hosts ${name} (INTUNE_MOCK_ALLOWED_HOSTS), or call the mock by localhost or an IP address.`;
    answer(request, reply, times, 400, 'hostNotAllowed', 'BadRequest', message, entra.hostNotAllowed(message));
    return true;
  };
}

/**
 * First of all: whether the request came through the proxy, and for which host (lib/proxied.ts); the internal
 * header is removed, so nothing after this guard sees it, and a forged one counts for nothing. With the proxy
 * off nothing runs (no request is proxied; a forged header is ignored: nothing reads it but this guard).
 */
export function takeProxyMarker(app: FastifyInstance, proxyOn: boolean): Guard | undefined {
  app.decorateRequest('proxiedFor', null);
  if (!proxyOn) return undefined;
  return (request) => {
    request.proxiedFor = takeProxied(request.headers);
    return false;
  };
}

/** Methods a page may send anywhere without consequence (a link, an image, a preflight). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A change sent by a web page of another origin is refused on every surface (docs/security.md#cross-site-requests):
 * a browser sends `Origin` with every cross-origin POST, a `no-cors` fetch included, which needs no preflight,
 * so under `--auth off` any page could otherwise retire or wipe the fleet. SDKs, curl and the mock's own pages
 * send no `Origin`, or their own. The mock grants no CORS, so a page of another origin could not read the answers
 * anyway; the one it might have sent blind is what this stops.
 */
export function refuseCrossSiteWrites(times: SurfaceTimes): Guard {
  return (request, reply) => {
    const origin = request.headers.origin;
    if (SAFE_METHODS.has(request.method) || typeof origin !== 'string') return false;
    if (sameOrigin(origin, request.headers.host)) return false;
    const message = `A ${request.method} from a web page of another origin (${clip(origin, 100)}) is refused: the mock serves no page but its own across origins (docs/security.md#cross-site-requests). Send it from a test, an SDK or curl, which send no Origin.`;
    answer(request, reply, times, 403, 'crossSiteRequest', 'Forbidden', message, entra.crossSite());
    return true;
  };
}

/**
 * `Origin` names the host and port the request was sent to (`Host`), read as the URL parser reads both (case, a
 * default port, IPv6 brackets); `null` (a sandboxed page, a file) or anything unreadable never does.
 */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const from = new URL(origin);
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}
