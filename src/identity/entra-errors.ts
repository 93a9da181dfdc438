/**
 * Entra ID's error body for the token endpoint (docs/graph-fidelity.md#token-endpoint, docs/graph-fidelity.md#official-clients):
 *   {"error", "error_description": "AADSTS…: …\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …",
 *    "error_codes": [n], "timestamp", "trace_id", "correlation_id", "error_uri"}
 * msal-node surfaces it as `ServerError { errorCode, errorNo }`, azure-identity as `AuthenticationRequiredError`.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.js';

export class EntraError extends Error {
  constructor(
    readonly status: 400 | 401 | 413 | 500 | 503,
    readonly error: string,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The errors the token endpoint gives, named by what went wrong; texts as Entra writes them. */
export const entra = {
  missingParameter: (name: string) => new EntraError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  noTenant: (name: string) =>
    new EntraError(400, 'invalid_request', 50059, `No tenant-identifying information found in either the request or implied by any provided credentials. The tenant '${name}' cannot be used for the client credentials grant.`),
  badTenant: (name: string) => new EntraError(400, 'invalid_request', 90002, `Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`),
  unsupportedGrant: (grant: string) =>
    new EntraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'. intune-mock issues tokens with client_credentials only (use POST /_mock/tokens for user tokens).`),
  missingSecret: () => new EntraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  unknownClient: (clientId: string, tenant: string) =>
    new EntraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`),
  wrongSecret: (clientId: string) =>
    new EntraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`),
  assertionNotChecked: () =>
    new EntraError(401, 'invalid_client', 700027, 'Client assertion failed signature validation. intune-mock does not verify certificate credentials of declared apps: declare a clientSecret for the app.'),
  scopeNotDefault: (scope: string) =>
    new EntraError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`),
  unknownResource: (resource: string, tenant: string) =>
    new EntraError(400, 'invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`),
  multipleResources: () =>
    new EntraError(400, 'invalid_scope', 70011, "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. Scopes for more than one resource cannot be requested at once."),
  // Entra's answer to a verb an endpoint does not take, e.g. a GET on the token endpoint (observed:
  // https://github.com/github/docs/issues/44039 "AADSTS900561: The endpoint only accepts POST requests. Received a GET request.").
  wrongVerb: (allowed: string, method: string) =>
    new EntraError(400, 'invalid_request', 900561, `The endpoint only accepts ${allowed} requests. Received a ${method} request.`),
  // LIMITATIONS: Entra's answer to an oversized body is undocumented; the mock answers 413 with Entra's generic
  // "malformed request" code (AADSTS9002313, observed: https://learn.microsoft.com/en-us/answers/questions/1291600/request-access-token-times-wrong).
  bodyTooLarge: (limitBytes: number) =>
    new EntraError(413, 'invalid_request', 9002313, `Invalid request. Request is malformed or invalid. intune-mock reads bodies of up to ${limitBytes} bytes.`),
  // A URL the router could not read (a malformed %-escape, an over-long segment): the generic code above.
  malformedUrl: () => new EntraError(400, 'invalid_request', 9002313, 'Invalid request. Request is malformed or invalid. The URL has a malformed %-escape or an over-long segment.'),
  // LIMITATIONS: the mock's own refusal of a Host it does not answer (docs/security.md#host-allow-list), in the generic code above.
  hostNotAllowed: (message: string) => new EntraError(400, 'invalid_request', 9002313, `Invalid request. Request is malformed or invalid. ${message}`),
  // Entra's answer to a browser's cross-origin token request for a client that is not a single-page app: the mock has none.
  crossSite: () => new EntraError(400, 'invalid_request', 9002326, 'Cross-origin token redemption is permitted only for the \'Single-Page Application\' client-type.'),
  // LIMITATIONS: the mock's own "not ready yet" (docs/reliability.md#error-shapes), in RFC 6749's `temporarily_unavailable`.
  notReady: () => new EntraError(503, 'temporarily_unavailable', 50000, 'The service is starting; retry after a moment.'),
  // LIMITATIONS: the mock's own bound on tenants (`--max-tenants`, docs/reliability.md#bounds), in RFC 6749's `temporarily_unavailable`.
  tenantUnavailable: (message: string) => new EntraError(503, 'temporarily_unavailable', 50000, message),
  // A failure of the mock itself (logged): Entra's "issue with the sign-in service" (AADSTS50000,
  // https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
  internal: () => new EntraError(500, 'server_error', 50000, 'There was an error issuing a token or an issue with our sign-in service. See the mock\'s log.'),
  interactiveNotSupported: () =>
    new EntraError(400, 'unsupported_response_type', 70049, 'intune-mock does not sign users in interactively: use the client credentials grant, or POST /_mock/tokens for a user token.'),
};

/**
 * Anything thrown while answering an identity request (a body the framework could not read, an unknown
 * failure) as Entra's error. A body that cannot be read is as good as none (docs/graph-fidelity.md#request-bodies):
 * AADSTS900144 for `grant_type`, the first parameter Entra asks for. A failure of the mock itself is `500 server_error`.
 */
export function toEntraError(err: unknown, limitBytes: number): EntraError {
  if (err instanceof EntraError) return err;
  if (err instanceof DomainError && err.kind === 'tenantUnavailable') return entra.tenantUnavailable(err.message);
  const e = err as { code?: string; statusCode?: number };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) return entra.bodyTooLarge(limitBytes);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return entra.missingParameter('grant_type');
  return entra.internal();
}

/** Entra's timestamp format: `2019-11-01 19:52:06Z`. */
const entraTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');

export function entraErrorBody(err: EntraError, now: number, correlationId: string | undefined) {
  const traceId = randomUUID();
  const correlation = correlationId ?? randomUUID();
  const timestamp = entraTime(now);
  return {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${err.code}`,
  };
}
