/**
 * The token issuer, per tenant, in the Entra ID v2 shape (docs/simulation.md#identity, docs/graph-fidelity.md#official-clients):
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   endpoints on the caller's own scheme, host, port
 *   GET  /{tenant}/discovery/v2.0/keys                     the signing key (JWKS)
 *   POST /{tenant}/oauth2/v2.0/token                       client credentials, form-encoded
 * `{tenant}` is a GUID or a domain; both resolve to the same tenant every time.
 *
 * LIMITATIONS: client credentials only (user tokens come from `POST /_mock/tokens`); certificate
 * credentials (`client_assertion`) are accepted without verification when the tenant declares no apps,
 * refused for declared apps.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseForm } from 'node:querystring';
import type { Intune } from '../domain/intune.js';
import { TENANT_NAME_PATTERN, resolveTenantId } from '../domain/tenants.js';
import { origin } from '../lib/request-origin.js';
import { OPTIONAL_BODY } from '../openapi/document.js';
import { TAG, respond } from '../openapi/components.js';
import {
  EntraErrorSchema, JwksSchema, OpenIdConfigurationSchema, TokenRequestSchema, TokenResponseSchema, type OpenIdConfiguration, type TokenResponse,
} from '../schemas/entra.js';
import { EntraError, entra, entraErrorBody, toEntraError } from './entra-errors.js';
import type { IdentityTime } from './identity-time.js';
import { ALL_DEVICE_MANAGEMENT_ROLES } from '../domain/permissions.js';
import { GRAPH_APP_ID, GRAPH_RESOURCE, type TokenIssuer } from './token-issuer.js';

export interface IdentityPluginOptions {
  issuer: TokenIssuer;
  intune: Intune;
  /** Real time (error timestamps), as the issuer's. */
  time: IdentityTime;
}

const RESERVED_TENANTS = new Set(['common', 'organizations', 'consumers']);

// OpenAPI (documentation only; see openapi/plugin.ts).
const params = Type.Object({
  tenant: Type.String({ description: 'A tenant GUID or any name (a domain, a CI job\'s label); a name always resolves to the same GUID.' }),
});
const doc = (operationId: string, summary: string, description?: string) => ({
  tags: [TAG.identity], operationId: `identity.${operationId}`, summary, ...(description ? { description } : {}), params,
});

export async function identityPlugin(app: FastifyInstance, opts: IdentityPluginOptions): Promise<void> {
  // The token request is form-encoded (Fastify has no parser for it; docs/graph-fidelity.md#request-bodies). Registered
  // here only, so Graph paths keep refusing form bodies.
  // Any other body (JSON, malformed JSON, XML, binary) is read as none, as Entra reads it: the answer is then
  // Entra's missing-parameter error, never a framework error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseForm(String(body)));
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => done(null, undefined));
  app.setErrorHandler((err, request, reply) => identityFailure(err, request, reply, opts.time));

  app.get<{ Params: { tenant: string } }>('/:tenant/v2.0/.well-known/openid-configuration', {
    schema: { ...doc('openIdConfiguration', 'The tenant\'s OpenID Connect metadata'), response: { 200: OpenIdConfigurationSchema } },
  }, async (request): Promise<OpenIdConfiguration> => {
    const tenantName = request.params.tenant;
    const tid = RESERVED_TENANTS.has(tenantName.toLowerCase()) ? '{tenantid}' : resolveTenantId(tenantName);
    const base = `${origin(request)}/${tenantName}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      // MSAL requires the issuer on the authority's own scheme, host and port (docs/graph-fidelity.md#openid-configuration).
      issuer: `${origin(request)}/${tid}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${origin(request)}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
      tenant_region_scope: 'WW',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: new URL(origin(request)).host,
      rbac_url: 'https://pas.windows.net',
    };
  });

  app.get('/:tenant/discovery/v2.0/keys', {
    schema: { ...doc('keys', 'The key that signs the tenant\'s tokens'), response: { 200: JwksSchema } },
  }, async () => opts.issuer.jwks());

  const tokenSchema = {
    ...doc('token', 'A token for Microsoft Graph (client credentials)', 'Secret in the body or as HTTP Basic credentials. With apps declared in the fixture only they get tokens, with their roles; otherwise any client id and secret get every device-management role. A body that is not form-encoded is read as none.'),
    consumes: ['application/x-www-form-urlencoded'],
    body: TokenRequestSchema,
    [OPTIONAL_BODY]: true,
    response: {
      200: respond('The token.', TokenResponseSchema),
      400: respond('A missing parameter, an unsupported grant, an unknown client of a tenant that declares apps, a scope without `/.default` or for another resource, a reserved or malformed tenant.', EntraErrorSchema),
      401: respond('No secret, or a wrong one (`invalid_client`).', EntraErrorSchema),
    },
  };
  app.post<{ Params: { tenant: string } }>('/:tenant/oauth2/v2.0/token', {
    schema: tokenSchema,
  }, async (request, reply) => {
    // Entra reads the form only; a JSON body is as good as none (missing grant_type).
    const isForm = /^application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '');
    const form = (isForm ? (request.body ?? {}) : {}) as Record<string, string | string[] | undefined>;
    const tenantName = request.params.tenant;
    const { status, body } = await issue(opts, tenantName, form, request).then(
      (ok) => ({ status: 200 as const, body: ok as object }),
      (err: unknown) => {
        if (!(err instanceof EntraError)) throw err;
        return { status: err.status, body: entraErrorBody(err, opts.time.now(), correlation(request)) };
      },
    );
    return reply.code(status).header('cache-control', 'no-store, no-cache').type('application/json; charset=utf-8').send(body);
  });

  // One route per verb and path, so that each is its own documented operation.
  for (const [name, path, method] of [
    ['authorize', '/:tenant/oauth2/v2.0/authorize', 'GET'], ['authorize', '/:tenant/oauth2/v2.0/authorize', 'POST'],
    ['devicecode', '/:tenant/oauth2/v2.0/devicecode', 'GET'], ['devicecode', '/:tenant/oauth2/v2.0/devicecode', 'POST'],
  ] as const) {
    app.route({
      method,
      url: path,
      schema: {
        ...doc(`${name}.${method.toLowerCase()}`, 'Not served: interactive sign-in', 'The mock signs no user in interactively: use the client credentials grant, or `POST /_mock/tokens` for a user token.'),
        response: { 400: respond('`unsupported_response_type` (AADSTS70049).', EntraErrorSchema) },
      },
      handler: async (request, reply) => sendEntraError(reply, entra.interactiveNotSupported(), opts.time.now(), correlation(request)),
    });
  }
}

/**
 * The identity endpoints and the verbs each serves (the router answers the others through `identityNotFound`).
 * The tenant may be empty (`//oauth2/v2.0/token`), as the router matches it.
 */
const IDENTITY_ENDPOINTS: readonly [RegExp, string][] = [
  [/^\/[^/?]*\/oauth2\/v2\.0\/token\/?$/i, 'POST'],
  [/^\/[^/?]*\/oauth2\/v2\.0\/(authorize|devicecode)\/?$/i, 'GET, POST'],
  [/^\/[^/?]*\/v2\.0\/\.well-known\/openid-configuration\/?$/i, 'GET'],
  [/^\/[^/?]*\/discovery\/v2\.0\/keys\/?$/i, 'GET'],
];

/** Whether a request's path is one of the identity endpoints (whatever its verb). */
export const isIdentityPath = (url: string): boolean => {
  const path = url.split('?')[0] ?? '';
  return IDENTITY_ENDPOINTS.some(([re]) => re.test(path));
};

/**
 * An identity endpoint called with a verb it does not serve (e.g. `GET` or `QUERY` on the token endpoint):
 * Entra's AADSTS900561. Called by the root's not-found handler, the identity routes having no prefix of their own.
 */
export function identityNotFound(request: FastifyRequest, reply: FastifyReply, time: IdentityTime): FastifyReply {
  const path = request.url.split('?')[0] ?? '';
  const allowed = IDENTITY_ENDPOINTS.find(([re]) => re.test(path))?.[1] ?? 'GET';
  return sendEntraError(reply, entra.wrongVerb(allowed, request.method), time.now(), correlation(request));
}

/** Anything an identity path failed with, in Entra's shape (the root's error handler, for requests no identity route took). */
export function identityFailure(err: unknown, request: FastifyRequest, reply: FastifyReply, time: IdentityTime): FastifyReply {
  const known = toEntraError(err, request.server.initialConfig.bodyLimit ?? 1024 * 1024);
  if (known.status >= 500) request.log.error({ err }, 'identity request failed');
  return sendEntraError(reply, known, time.now(), correlation(request));
}

function sendEntraError(reply: FastifyReply, err: EntraError, now: number, correlationId: string | undefined): FastifyReply {
  return reply.code(err.status).header('cache-control', 'no-store, no-cache').type('application/json; charset=utf-8').send(entraErrorBody(err, now, correlationId));
}

const correlation = (request: FastifyRequest): string | undefined => {
  const query: unknown = request.query;
  const sent = typeof query === 'object' && query !== null && 'client-request-id' in query ? query['client-request-id'] : undefined;
  const q = typeof sent === 'string' ? sent : Array.isArray(sent) && typeof sent[0] === 'string' ? sent[0] : undefined;
  const h = request.headers['client-request-id'] ?? request.headers['x-ms-client-request-id'];
  return q ?? (Array.isArray(h) ? h[0] : h);
};

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

async function issue(opts: IdentityPluginOptions, tenantName: string, form: Record<string, string | string[] | undefined>, request: FastifyRequest) {
  if (RESERVED_TENANTS.has(tenantName.toLowerCase())) throw entra.noTenant(tenantName);
  if (!TENANT_NAME_PATTERN.test(tenantName)) throw entra.badTenant(tenantName);
  const basic = basicCredentials(request.headers.authorization);
  const grantType = one(form.grant_type);
  const clientId = one(form.client_id) ?? basic?.id;
  if (!grantType) throw entra.missingParameter('grant_type');
  if (grantType !== 'client_credentials') throw entra.unsupportedGrant(grantType);
  if (!clientId) throw entra.missingParameter('client_id');
  const secret = one(form.client_secret) ?? basic?.secret;
  const assertion = one(form.client_assertion);
  if (!secret && !assertion) throw entra.missingSecret();
  const scope = one(form.scope);
  if (!scope) throw entra.missingParameter('scope');
  checkScope(scope, tenantName);

  const tenantId = resolveTenantId(tenantName);
  const declared = opts.intune.appRegistrations(tenantId);
  let roles: readonly string[] = ALL_DEVICE_MANAGEMENT_ROLES;
  let appDisplayName: string | undefined;
  if (declared.length > 0) {
    // Declared apps: only they get tokens, with their own roles (docs/simulation.md#identity).
    const app = declared.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
    if (!app) throw entra.unknownClient(clientId, tenantId);
    if (!secret) throw entra.assertionNotChecked();
    if (secret !== app.clientSecret) throw entra.wrongSecret(clientId);
    roles = app.roles;
    appDisplayName = app.displayName;
  }
  const { token, expiresIn } = await opts.issuer.mint({
    tenantId, appId: clientId, roles, credential: secret ? 'secret' : 'certificate', ...(appDisplayName ? { appDisplayName } : {}),
  });
  const answer: TokenResponse = { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token };
  return answer;
}

/** `scope` must be one resource's `/.default`, and the resource Microsoft Graph (docs/graph-fidelity.md#token-endpoint). */
function checkScope(scope: string, tenantName: string): void {
  const scopes = scope.split(/\s+/).filter(Boolean);
  const resources = new Set<string>();
  for (const s of scopes) {
    if (!s.endsWith('/.default')) throw entra.scopeNotDefault(s);
    resources.add(s.slice(0, -'/.default'.length).replace(/\/$/, '').toLowerCase());
  }
  if (resources.size > 1) throw entra.multipleResources();
  const [resource] = resources;
  if (resource !== GRAPH_RESOURCE && resource !== GRAPH_APP_ID) throw entra.unknownResource(resource ?? scope, tenantName);
}

/** RFC 6749 §2.3.1: `Basic base64(urlencode(id):urlencode(secret))`. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: dec(decoded.slice(0, colon)), secret: dec(decoded.slice(colon + 1)) };
}
