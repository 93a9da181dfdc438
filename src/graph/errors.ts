/**
 * The one place that builds Microsoft Graph error envelopes (docs/graph-fidelity.md#error-envelope, docs/graph-fidelity.md#intune-message-format):
 *   { "error": { "code", "message", "innerError": { "date", "request-id", "client-request-id" } } }
 * `innerError` is camelCase with kebab-case keys, `date` is `YYYY-MM-DDTHH:MM:SS` (no zone), as real
 * Graph writes it and as graph-client and Kiota read it (docs/graph-fidelity.md#official-clients).
 *
 * Errors raised by Intune itself (DeviceFE) carry a JSON-encoded string in `message`
 * (`{"_version": 3, "Message": "... - Operation ID ... - Url: ..."}`); `intuneMessage()` builds those.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '../domain/errors.js';
import { ODataQueryError } from './odata/errors.js';
import { IntuneFilterFailure } from './odata/intune-quirks.js';
import { clientRequestId, odataResourcePath, type RequestTime } from './wire.js';

export class GraphHttpError extends Error {
  override name = 'GraphHttpError';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** Extra `innerError` members (Graph's 429 carries its own). */
    readonly innerError: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export interface ErrorContext {
  requestId: string;
  clientRequestId: string;
  /** The mock's now (the caller's tenant's clock, or the base clock before the caller is known), in ms. */
  now: number;
}

/** A request's ids, and the time on the mock's clock, for an error it is answered with. */
export const errorContextOf = (request: FastifyRequest, time: RequestTime): ErrorContext => ({
  requestId: request.id,
  clientRequestId: clientRequestId(request),
  now: time(request),
});

export function graphErrorBody(code: string, message: string, ctx: ErrorContext, inner: Readonly<Record<string, string>> = {}) {
  return {
    error: {
      code,
      message,
      innerError: {
        ...inner,
        date: new Date(ctx.now).toISOString().slice(0, 19),
        'request-id': ctx.requestId,
        'client-request-id': ctx.clientRequestId,
      },
    },
  };
}

/** What a fault rule's status answers when the rule gives no message. */
const FAULT_MESSAGES: Readonly<Record<number, string>> = {
  429: 'Please retry again later.',
  500: 'An internal server error has occurred.',
  502: 'Bad gateway.',
  503: 'The service is temporarily unavailable. Please retry the request after a delay.',
  504: 'The operation timed out.',
};

/** What a fault rule answers with (testkit/faults.ts). */
export interface FaultAnswer {
  ruleId: string;
  status: number;
  code: string;
  message?: string | undefined;
  retryAfterSeconds?: number | undefined;
  answeredBy: 'intune' | 'graph';
}

/**
 * The answer of a fault rule: a real Graph error, with `Retry-After` in seconds when the rule gives one
 * (the SDKs' retry handlers honour it). Answered by Intune, the message is Intune's JSON document, its text
 * "An error has occurred" as in Intune's own 429s (almenscorner/IntuneCD #217), or the rule's message.
 * Answered by Graph, a 429 is Graph's throttling answer (https://learn.microsoft.com/graph/throttling): "Please retry again later."
 * and `innerError` with `code` "429", `message` "Please retry after", `status`.
 */
export function faultError(fault: FaultAnswer, request: FastifyRequest): GraphHttpError {
  const { ruleId, status, code, message, retryAfterSeconds } = fault;
  const headers: Record<string, string> = { 'x-mock-fault': ruleId };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  if (fault.answeredBy === 'intune') return new GraphHttpError(status, code, intuneMessageFor(request, message ?? 'An error has occurred'), headers);
  const inner: Readonly<Record<string, string>> = status === 429 ? THROTTLING_INNER_ERROR : {};
  return new GraphHttpError(status, code, message ?? FAULT_MESSAGES[status] ?? `The request failed with status ${status}.`, headers, inner);
}

/** Graph's documented throttling answer's `innerError` members (https://learn.microsoft.com/graph/throttling). */
const THROTTLING_INNER_ERROR = { code: '429', message: 'Please retry after', status: '429' } as const;

/**
 * The mock's own throttle (src/throttling/): Graph's documented 429 (https://learn.microsoft.com/graph/throttling),
 * "Please retry again later." and its `innerError`, with `Retry-After` in whole seconds (HTTP's delta-seconds:
 * docs/throttling.md#retry-after) and `x-mock-throttling` naming the limit reached, or `retriedTooEarly`.
 */
export function throttlingError(retryAfterSeconds: number, reason: string): GraphHttpError {
  return new GraphHttpError(429, 'TooManyRequests', FAULT_MESSAGES[429]!, { 'retry-after': String(retryAfterSeconds), 'x-mock-throttling': reason }, THROTTLING_INNER_ERROR);
}

/**
 * Intune's message for an error on `request`: the resource as Intune names it, and as Activity ID the client's
 * `client-request-id` when it sent one (WindowsAutopilotInfo #21: the two are the same), else the request-id.
 */
export function intuneMessageFor(request: FastifyRequest, text: string): string {
  return intuneMessage(text, odataResourcePath(request.url), clientRequestId(request));
}

/** Intune's error message format: a JSON document in a string, lines ending in CRLF (docs-contrib #87, #4523). */
export function intuneMessage(text: string, resourcePath: string, activityId: string): string {
  const doc = {
    _version: 3,
    Message: `${text} - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${activityId} - Url: https://fef.msua06.manage.microsoft.com/DeviceFE/StatelessDeviceFEService/${resourcePath}?api-version=2024-07-22`,
    CustomApiErrorPhrase: '',
    RetryAfter: null,
    ErrorSourceService: '',
    HttpHeaders: '{}',
  };
  return JSON.stringify(doc, null, 2).replace(/\n/g, '\r\n');
}

/** Graph's front-door message for a body that is not JSON or has no JSON content type (docs-contrib #6337). */
export const UNREADABLE_PAYLOAD =
  'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

/** How each domain refusal shows on the Graph wire. */
const DOMAIN_ERRORS: Record<DomainErrorKind, { status: number; code: string; intune: boolean }> = {
  deviceNotFound: { status: 404, code: 'ResourceNotFound', intune: true },
  policyNotFound: { status: 404, code: 'ResourceNotFound', intune: true },
  auditNotFound: { status: 404, code: 'ResourceNotFound', intune: true },
  // Entra's answer for an unknown user (graph-explorer-v4 #3330).
  userNotFound: { status: 404, code: 'Request_ResourceNotFound', intune: false },
  invalidProperty: { status: 400, code: 'ModelValidationFailure', intune: false },
  readOnlyProperty: { status: 400, code: 'ModelValidationFailure', intune: false },
  actionNotSupported: { status: 400, code: 'BadRequest', intune: true },
  invalidActionParameter: { status: 400, code: 'BadRequest', intune: true },
  // LIMITATIONS: Intune's answer past its daily retire/wipe/delete limit is undocumented; a 400 (not a
  // 429, which SDKs would retry for minutes) in Intune's message format (docs/simulation.md#remote-actions).
  dailyLimitReached: { status: 400, code: 'BadRequest', intune: true },
  noSignedInUser: { status: 400, code: 'BadRequest', intune: false },
  conflict: { status: 409, code: 'Conflict', intune: false },
  // The mock's own failure to persist (`--data`), as Graph's "service unavailable": SDKs retry it.
  notPersisted: { status: 503, code: 'serviceNotAvailable', intune: false },
  // Only the control API moves a clock; here for completeness.
  clockLimit: { status: 400, code: 'BadRequest', intune: false },
  // The mock's own bound on tenants (`--max-tenants`, docs/reliability.md#bounds): "service unavailable", retried by SDKs.
  tenantUnavailable: { status: 503, code: 'serviceNotAvailable', intune: false },
  // The mock's own limit, as for an unemulated path (docs/graph-fidelity.md#unemulated-paths).
  notEmulated: { status: 501, code: 'NotImplemented', intune: false },
};

/** Turns anything thrown on a Graph route into status, code and message. */
export function toGraphError(err: unknown, request: FastifyRequest): GraphHttpError {
  if (err instanceof GraphHttpError) return err;
  if (err instanceof ODataQueryError) return new GraphHttpError(400, 'BadRequest', err.message);
  // Intune's own failure (`--odata intune`), in its message format (msgraph-sdk-powershell #2766).
  if (err instanceof IntuneFilterFailure) return new GraphHttpError(err.status, err.code, intuneMessageFor(request, err.message));
  if (err instanceof DomainError) {
    const m = DOMAIN_ERRORS[err.kind];
    const message = m.intune ? intuneMessageFor(request, err.message) : err.message;
    return new GraphHttpError(m.status, m.code, message);
  }
  const fastifyErr = err as { code?: string; statusCode?: number; message?: string };
  switch (fastifyErr.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new GraphHttpError(400, 'BadRequest', UNREADABLE_PAYLOAD);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GraphHttpError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    default:
      break;
  }
  if (err instanceof SyntaxError && fastifyErr.statusCode === 400) return new GraphHttpError(400, 'BadRequest', UNREADABLE_PAYLOAD);
  if (typeof fastifyErr.statusCode === 'number' && fastifyErr.statusCode >= 400 && fastifyErr.statusCode < 500) {
    return new GraphHttpError(fastifyErr.statusCode, 'BadRequest', fastifyErr.message ?? 'Bad request.');
  }
  // Real Graph's 500 text (graph-explorer-v4 #3157); details go to the log, not the client.
  return new GraphHttpError(500, 'InternalServerError', `An internal server error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${request.id}`);
}

/** The content type of Graph's error envelopes, as the mock sends them (a `$batch` step's error says the same). */
export const GRAPH_ERROR_CONTENT_TYPE = 'application/json; charset=utf-8';

export function sendGraphError(reply: FastifyReply, error: GraphHttpError, ctx: ErrorContext): FastifyReply {
  for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
  return reply
    .code(error.statusCode)
    .type(GRAPH_ERROR_CONTENT_TYPE)
    .send(graphErrorBody(error.code, error.message, ctx, error.innerError));
}
