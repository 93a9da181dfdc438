/**
 * Who calls Graph, from the bearer token (docs/simulation.md#identity): the token's `tid` picks the tenant, its
 * `roles` (app) or `scp` (delegated) are the permissions. `--auth off` needs no token: the default
 * tenant, every permission.
 */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../domain/caller.js';
import { DEFAULT_TENANT_ID } from '../domain/tenants.js';
import type { AuthMode } from './auth-mode.js';
import { TokenRejected, type TokenIssuer } from './token-issuer.js';


export type Authenticate = (request: FastifyRequest) => Promise<Caller>;

export function graphAuthenticator(mode: AuthMode, issuer: TokenIssuer): Authenticate {
  if (mode === 'off') return async () => ({ tenantId: DEFAULT_TENANT_ID, kind: 'user' });
  // The caller a token stands for, kept with it: a client sends the same token many times. The token
  // is still checked (lifetime on real time) every time; the issuer caches verified signatures.
  const callers = new Map<string, Caller>();
  return async (request) => {
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m?.[1]) throw new TokenRejected('Access token is empty.');
    const claims = await issuer.check(m[1], mode);
    const known = callers.get(m[1]);
    if (known) return known;
    const app = claims.idtyp === 'app' || (claims.scp === undefined && claims.roles !== undefined);
    const permissions = new Set(app ? (claims.roles ?? []) : (claims.scp ?? '').split(' ').filter(Boolean));
    const appId = claims.appid ?? (typeof claims.azp === 'string' ? claims.azp : undefined);
    const userId = claims.upn ?? claims.oid;
    const caller: Caller = {
      tenantId: claims.tid!,
      kind: app ? 'app' : 'user',
      permissions,
      ...(appId === undefined ? {} : { appId }),
      ...(app || userId === undefined ? {} : { userId }),
    };
    if (callers.size >= 10_000) callers.delete(callers.keys().next().value!);
    callers.set(m[1], caller);
    return caller;
  };
}
