/**
 * Who may use the control API (docs/security.md#control-key): the control key on every control route but
 * the open ones, and no state change a web page could forge (docs/security.md#cross-site-requests).
 * Installed as the control plugin's `onRequest` hook, so it guards exactly the routes the router gives to
 * the control API (an escaped path such as `/%5Fmock/reset` routes there too), and its unknown paths.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONTROL_KEY_HEADER, keyMatches, whereTheKeyIs, type ControlAccess } from './control-key.js';
import { sendControlError } from './errors.js';

/**
 * The control routes anyone who reaches the mock may call, whatever `--control-auth` says: the probes (Docker's
 * `HEALTHCHECK`, Kubernetes) and the CA certificate (public by nature: it is what clients are told to trust).
 * Outside `/_mock`, the docs (`/`, `/docs`, `/openapi.json`) need no key either: they describe the API and
 * neither reveal nor change any state. Graph (`/v1.0`, `/beta`) and the token endpoint have their own auth.
 */
export const OPEN_CONTROL_ROUTES: ReadonlySet<string> = new Set(['/_mock/health', '/_mock/ready', '/_mock/ca.pem']);

/**
 * The one route that also takes the control key as the `key` query parameter: an `EventSource` (the browser's
 * client for server-sent events) cannot send headers. A key in a URL lands in access logs and history, so
 * only this read-only stream takes it, and the console itself reads the stream with `fetch` and the header
 * (docs/security.md#control-key).
 */
const KEY_IN_QUERY_ROUTES: ReadonlySet<string> = new Set(['/_mock/events']);

/** The control key the request presents: the header, or on KEY_IN_QUERY_ROUTES the `key` query parameter. */
function presentedKey(request: FastifyRequest, route: string | undefined): unknown {
  const header = request.headers[CONTROL_KEY_HEADER];
  if (header !== undefined || route === undefined || !KEY_IN_QUERY_ROUTES.has(route.toLowerCase())) return header;
  return (request.query as Record<string, unknown> | undefined)?.key;
}

/** Methods that change nothing: a browser may send them cross-site (a form, an image), so they must not act. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request a page in a browser cannot send to another origin without a CORS preflight (which the mock never
 * grants: it has no CORS support): one with a JSON body, or with a header of the mock's own (`x-mock-*`).
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS#simple_requests
 */
function cannotBeForged(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  if (typeof type === 'string' && type.split(';')[0]!.trim().toLowerCase() === 'application/json') return true;
  return Object.keys(request.headers).some((name) => name.startsWith('x-mock-'));
}

export function controlGuard(access: ControlAccess) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const route = request.routeOptions.url; // undefined on an unknown path: guarded like any other
    if (access.key !== undefined && !(route !== undefined && OPEN_CONTROL_ROUTES.has(route.toLowerCase()))) {
      const presented = presentedKey(request, route);
      if (typeof presented !== 'string' || presented === '') {
        const orQuery = route !== undefined && KEY_IN_QUERY_ROUTES.has(route.toLowerCase()) ? ' (or the key query parameter)' : '';
        return sendControlError(reply, 401, 'controlKeyRequired', `The control API needs the control key in the ${CONTROL_KEY_HEADER} header${orQuery}: ${whereTheKeyIs(access)}.`);
      }
      if (!keyMatches(presented, access.key)) {
        const where = request.headers[CONTROL_KEY_HEADER] === undefined ? 'The key query parameter' : `The ${CONTROL_KEY_HEADER} header`;
        return sendControlError(reply, 401, 'controlKeyInvalid', `${where} does not hold this mock's control key: ${whereTheKeyIs(access)}.`);
      }
    }
    // On a route only: an unknown path or verb changes nothing, and answers 404 as before.
    if (route !== undefined && !SAFE_METHODS.has(request.method) && !cannotBeForged(request)) {
      return sendControlError(reply, 403, 'customHeaderRequired',
        `A ${request.method} on the control API needs a JSON body (Content-Type: application/json) or an x-mock-* header (e.g. x-mock-tenant, ${CONTROL_KEY_HEADER}), so that no web page can send it.`);
    }
    return undefined;
  };
}
