/**
 * The identity side of the control API (docs/simulation.md#control-api): `GET /_mock/ca.pem`, the CA to trust, and
 * `POST /_mock/tokens`, a token minted directly for tests that skip the OAuth exchange.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Intune } from '../domain/intune.js';
import { resolveTenantId } from '../domain/tenants.js';
import { ALL_DEVICE_MANAGEMENT_ROLES, permissionProblem } from '../domain/permissions.js';
import type { TokenIssuer } from '../identity/token-issuer.js';
import { compileValidator } from '../lib/ajv.js';
import { OPTIONAL_BODY } from '../openapi/document.js';
import { respondAs } from '../openapi/components.js';
import { named } from '../schemas/named.js';
import { CONTROL_DEFAULT, badRequest, controlDoc, controlError } from './docs.js';
import { ControlError } from './errors.js';
import { controlTenantId } from './tenant.js';

export const MintTokenSchema = Type.Object({
  /** Application permissions: an app-only token (the default, with every device-management role). Graph's names, spelt exactly. */
  roles: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  /** Delegated scopes: a user token for `upn` (default: the tenant's first user). Graph's names, or `openid`, `profile`, `email`, `offline_access`. */
  scp: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  upn: Type.Optional(Type.String({ minLength: 1 })),
  appId: Type.Optional(Type.String({ minLength: 1 })),
  /** Negative values make an already expired token. */
  expiresInSeconds: Type.Optional(Type.Integer({ minimum: -31_536_000, maximum: 31_536_000 })),
  audience: Type.Optional(Type.String({ minLength: 1 })),
}, { additionalProperties: false });
const validateMint = compileValidator(MintTokenSchema);

export const MintedTokenSchema = Type.Object({
  token_type: Type.Literal('Bearer'),
  access_token: Type.String(),
  expires_in: Type.Integer(),
  tenant: Type.String({ description: 'The tenant\'s GUID (the token\'s `tid`).' }),
}, { $id: 'mock.token', additionalProperties: false });

export interface IdentityRoutesOptions {
  intune: Intune;
  issuer: TokenIssuer;
  /** The CA of the HTTPS listener, once the server has one. */
  caPem(): string | undefined;
}

export async function identityControlRoutes(app: FastifyInstance, opts: IdentityRoutesOptions): Promise<void> {
  app.get('/ca.pem', {
    schema: {
      ...controlDoc('ca', 'The CA of the HTTPS listener, to trust', { description: 'e.g. with `NODE_EXTRA_CA_CERTS`.', open: true }),
      response: {
        200: respondAs('The CA certificate.', 'application/x-pem-file'),
        404: controlError('HTTPS is not listening, or it uses your own certificate (`noCa`).'),
        default: CONTROL_DEFAULT,
      },
    },
  }, async (_request, reply) => {
    const pem = opts.caPem();
    if (!pem) throw new ControlError(404, 'noCa', 'There is no mock CA: HTTPS is not listening, or it uses your own certificate (--tls-cert).');
    return reply.type('application/x-pem-file').send(pem);
  });

  app.post('/tokens', {
    schema: {
      ...controlDoc('tokens', 'A token without the OAuth exchange', {
        tenant: true,
        description: '`roles` for an app token (default: every device-management role), or `scp` (+ `upn`, default the tenant\'s first user) for a user token. An empty body gives an app token.',
      }),
      body: named('mock.tokenRequest', MintTokenSchema),
      [OPTIONAL_BODY]: true,
      response: {
        200: MintedTokenSchema,
        400: badRequest('Not a valid token request: both `roles` and `scp`, or a role or scope that is not a Microsoft Graph permission of that kind (`invalidRequest`, naming it); or not JSON (`invalidJson`)', { tenant: true }),
        default: CONTROL_DEFAULT,
      },
    },
  }, async (request): Promise<Static<typeof MintedTokenSchema>> => {
    const body = request.body ?? {};
    if (!validateMint(body)) throw ControlError.invalid('The token request is not valid.', validateMint.problems(body));
    if (body.roles && body.scp) throw ControlError.invalid('Ask for roles (an app token) or scp (a user token), not both.', [{ path: '$.scp', message: 'cannot go with roles' }]);
    // Only Microsoft Graph permissions, spelt exactly: a typo would make a token every call refuses (docs/simulation.md#permissions).
    const unknown = [
      ...(body.roles ?? []).map((name, i) => ({ path: `$.roles[${i}]`, message: permissionProblem(name, 'application') })),
      ...(body.scp ?? []).map((name, i) => ({ path: `$.scp[${i}]`, message: permissionProblem(name, 'delegated') })),
    ].filter((p): p is { path: string; message: string } => p.message !== undefined);
    if (unknown.length > 0) throw ControlError.invalid(`The token request is not valid: ${unknown.map((p) => p.message).join('; ')}.`, unknown);
    const tenantId = resolveTenantId(controlTenantId(request));
    const appId = body.appId ?? '5c7e2a8d-0f3b-4d1e-9a6c-7b8e9f0a1b2c';
    let grant;
    if (body.scp) {
      const user = opts.intune.tokenUser(tenantId, body.upn);
      const upn = body.upn ?? user?.userPrincipalName;
      if (!upn) throw ControlError.invalid('A user token needs a upn: the tenant has no users.', [{ path: '$.upn', message: 'is required' }]);
      grant = { tenantId, appId, scp: body.scp, upn, ...(user ? { oid: user.id } : {}) };
    } else grant = { tenantId, appId, roles: body.roles ?? ALL_DEVICE_MANAGEMENT_ROLES };
    const { token, expiresIn } = await opts.issuer.mint({
      ...grant,
      ...(body.expiresInSeconds === undefined ? {} : { expiresInSeconds: body.expiresInSeconds }),
      ...(body.audience === undefined ? {} : { audience: body.audience }),
    });
    return { token_type: 'Bearer', access_token: token, expires_in: expiresIn, tenant: tenantId };
  });
}
