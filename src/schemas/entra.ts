/**
 * The token issuer's wire shapes in Entra ID's v2 form (`identity/plugin.ts`, `identity/entra-errors.ts`):
 * the token request and response, Entra's error body, the OpenID configuration and the key set.
 */
import { Type, type Static } from '@sinclair/typebox';

export const TokenRequestSchema = Type.Object({
  grant_type: Type.String({ description: '`client_credentials` (the only grant this mock issues).' }),
  client_id: Type.Optional(Type.String({ description: 'Or HTTP Basic credentials.' })),
  client_secret: Type.Optional(Type.String({ description: 'Or HTTP Basic credentials; checked only for apps the tenant declares.' })),
  client_assertion: Type.Optional(Type.String({ description: 'Accepted unverified when the tenant declares no apps.' })),
  client_assertion_type: Type.Optional(Type.String()),
  scope: Type.String({ description: '`https://graph.microsoft.com/.default` (or `00000003-0000-0000-c000-000000000000/.default`).' }),
}, { $id: 'entra.tokenRequest', description: 'A client-credentials token request, form-encoded.' });

export const TokenResponseSchema = Type.Object({
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds: 3599.' }),
  ext_expires_in: Type.Integer(),
  access_token: Type.String({ description: 'An RS256 JWT shaped like Graph\'s own (`aud`, `iss`, `tid`, `appid`, `roles`, `iat`, `nbf`, `exp`).' }),
}, { $id: 'entra.tokenResponse', additionalProperties: false });
export type TokenResponse = Static<typeof TokenResponseSchema>;

export const EntraErrorSchema = Type.Object({
  error: Type.String({
    description: '`invalid_request`, `unsupported_grant_type`, `invalid_client`, `unauthorized_client`, `invalid_scope`, `invalid_resource` or `unsupported_response_type`.',
  }),
  error_description: Type.String({ description: '`AADSTS<code>: <message>` then the trace id, correlation id and timestamp, on CRLF-separated lines.' }),
  error_codes: Type.Array(Type.Integer()),
  timestamp: Type.String({ description: '`YYYY-MM-DD hh:mm:ssZ`.' }),
  trace_id: Type.String(),
  correlation_id: Type.String({ description: 'Your `client-request-id`, or a new one.' }),
  error_uri: Type.String(),
}, { $id: 'entra.error', description: 'Entra ID\'s error body.', additionalProperties: false });

const urls = () => Type.String();
export const OpenIdConfigurationSchema = Type.Object({
  token_endpoint: urls(),
  token_endpoint_auth_methods_supported: Type.Array(Type.String()),
  jwks_uri: urls(),
  response_modes_supported: Type.Array(Type.String()),
  subject_types_supported: Type.Array(Type.String()),
  id_token_signing_alg_values_supported: Type.Array(Type.String()),
  response_types_supported: Type.Array(Type.String()),
  scopes_supported: Type.Array(Type.String()),
  issuer: Type.String({ description: 'On your own scheme, host and port, as MSAL requires; `{tenantid}` for `common`, `organizations`, `consumers`.' }),
  request_uri_parameter_supported: Type.Boolean(),
  userinfo_endpoint: urls(),
  authorization_endpoint: urls(),
  device_authorization_endpoint: urls(),
  http_logout_supported: Type.Boolean(),
  frontchannel_logout_supported: Type.Boolean(),
  end_session_endpoint: urls(),
  claims_supported: Type.Array(Type.String()),
  tenant_region_scope: Type.String(),
  cloud_instance_name: Type.String(),
  cloud_graph_host_name: Type.String(),
  msgraph_host: Type.String(),
  rbac_url: Type.String(),
}, { $id: 'entra.openIdConfiguration', description: 'The tenant\'s OpenID Connect metadata; endpoints on the scheme, host and port you called.', additionalProperties: false });
export type OpenIdConfiguration = Static<typeof OpenIdConfigurationSchema>;

export const JwksSchema = Type.Object({
  keys: Type.Array(Type.Object({
    kty: Type.Literal('RSA'),
    n: Type.String(),
    e: Type.String(),
    kid: Type.String({ description: 'The key\'s JWK thumbprint; tokens carry it in their header.' }),
    use: Type.Literal('sig'),
    alg: Type.Literal('RS256'),
  }, { additionalProperties: false })),
}, { $id: 'entra.jwks', description: 'The key that signs the mock\'s tokens (JWKS).', additionalProperties: false });
