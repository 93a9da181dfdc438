/**
 * The answers the root app gives itself, each in the shape of the surface the URL belongs to: the
 * control API's error body under `/_mock`, Graph's envelope everywhere else; and the index at `GET /`.
 *
 * LIMITATIONS: the root error handler is installed after the plugins, so it serves only the root's own
 * routes; the identity and OpenAPI routes still fall back to Fastify's default error body for what their
 * own code does not answer (e.g. a token request with an unsupported media type).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendControlError } from './control/errors.js';
import { GraphHttpError, errorContextOf, sendGraphError } from './graph/errors.js';
import type { RequestTime } from './graph/wire.js';

const isControl = (request: FastifyRequest): boolean => request.url.startsWith('/_mock');

/** An error answer in the request's surface: `code` for the control API, `graphCode` for Graph. */
function answer(request: FastifyRequest, reply: FastifyReply, time: RequestTime, status: number, code: string, graphCode: string, message: string) {
  if (isControl(request)) return sendControlError(reply, status, code, message);
  return sendGraphError(reply, new GraphHttpError(status, graphCode, message), errorContextOf(request, time));
}

/** What the router refuses before any route: a malformed %-escape (`400`), an over-long segment (`414`). */
export function frameworkErrors(time: RequestTime) {
  return (error: { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
    const message = status === 414 ? 'A path segment is too long.' : 'The request URL is not valid: it has a malformed %-escape.';
    return answer(request, reply, time, status, 'invalidUrl', 'BadRequest', message);
  };
}

/**
 * `GET /` (where everything is); unknown paths: a control endpoint that does not exist, or for anything
 * outside `/v1.0` and `/beta` real Graph's "Invalid version." (docs/graph-fidelity.md#unknown-paths);
 * errors no surface handled: `500`.
 */
export function installRootAnswers(app: FastifyInstance, time: RequestTime): void {
  app.get('/', async (request) => {
    const base = `${request.protocol}://${request.headers.host}`;
    return {
      name: 'intune-mock',
      description: 'An emulator of the Microsoft Graph Intune device-management API',
      graph: { 'v1.0': `${base}/v1.0`, beta: `${base}/beta` },
      control: `${base}/_mock`,
      docs: `${base}/docs`,
      openapi: `${base}/openapi.json`,
    };
  });
  app.setNotFoundHandler((request, reply) =>
    isControl(request)
      ? sendControlError(reply, 404, 'notFound', `There is no control endpoint ${request.method} ${request.url.split('?')[0]}.`)
      : sendGraphError(reply, new GraphHttpError(400, 'BadRequest', 'Invalid version.'), errorContextOf(request, time)),
  );
  app.setErrorHandler((err, request, reply) => {
    request.log.error({ err }, 'request failed');
    return sendGraphError(reply, new GraphHttpError(500, 'InternalServerError', 'An internal server error has occurred.'), errorContextOf(request, time));
  });
}

/**
 * Until the seed fixture is loaded (a 100,000-device file takes a few seconds), only the health and
 * readiness probes and the API description answer; everything else is `503` with `Retry-After`.
 */
export function gateUntilReady(app: FastifyInstance, isReady: () => boolean, time: RequestTime): void {
  app.addHook('onRequest', async (request, reply) => {
    if (isReady() || /^\/(_mock\/(health|ready)|openapi\.json|docs)(\/|\?|$)/.test(request.url)) return;
    reply.header('retry-after', '1');
    return answer(request, reply, time, 503, 'notReady', 'serviceNotAvailable',
      isControl(request) ? 'The fixtures are not loaded yet.' : 'The service is starting; retry after a moment.');
  });
}
