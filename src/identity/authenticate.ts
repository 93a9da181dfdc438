/**
 * Who calls Graph, from the bearer token (docs/simulation.md#identity): the token's `tid` picks the tenant, its
 * `roles` (app) or `scp` (delegated) are the permissions. `--auth off` needs no token: the default
 * tenant, every permission.
 */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../domain/caller.js';
import { DEFAULT_TENANT_ID } from '../domain/tenants.js';
import type { AuthMode } from './auth-mode.js';
import { TokenRejected, type TokenClaims, type TokenIssuer } from './token-issuer.js';

/**
 * The caller, or `TokenRejected`. Synchronous for a token seen before (its checks need no signature
 * verification then), a promise otherwise: a promise per request was a visible share of a single GET.
 */
export type Authenticate = (request: FastifyRequest) => Caller | Promise<Caller>;

/** Callers kept by token (each is a few hundred bytes; a token is about 1.3 KB). */
const MAX_KNOWN = 10_000;

export function graphAuthenticator(mode: AuthMode, issuer: TokenIssuer): Authenticate {
  if (mode === 'off') {
    const caller: Caller = { tenantId: DEFAULT_TENANT_ID, kind: 'user' };
    return () => caller;
  }
  // The caller an Authorization header stands for, and its token's claims, kept with it: a client sends the same
  // header many times. Its lifetime is still checked every time (on real time: identity-time.ts); its signature
  // only once (strict), as resource servers that cache validated tokens do. Only a token the issuer accepted
  // gets here. Keyed by the whole header: a hit needs no parsing of it.
  const known = new Map<string, { claims: TokenClaims; caller: Caller }>();
  // The last header looked up, and what it stands for: a header is a new string on every request, and the Map
  // hashes all of its 1.3 KB to look it up, where comparing it with the last one (the same client, most often)
  // is a plain compare.
  let lastHeader: string | undefined;
  let lastHit: { claims: TokenClaims; caller: Caller } | undefined;
  return (request) => {
    const header = request.headers.authorization ?? '';
    const hit = header === lastHeader ? lastHit : known.get(header);
    if (hit) {
      lastHeader = header;
      lastHit = hit;
      issuer.checkClaims(hit.claims);
      return hit.caller;
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m?.[1]) throw new TokenRejected('Access token is empty.');
    return issuer.check(m[1], mode).then((claims) => {
      const caller = callerOf(claims);
      if (known.size >= MAX_KNOWN) known.delete(known.keys().next().value!);
      known.set(header, { claims, caller });
      return caller;
    });
  };
}

function callerOf(claims: TokenClaims): Caller {
  const app = claims.idtyp === 'app' || (claims.scp === undefined && claims.roles !== undefined);
  const permissions = new Set(app ? (claims.roles ?? []) : (claims.scp ?? '').split(' ').filter(Boolean));
  const appId = claims.appid ?? (typeof claims.azp === 'string' ? claims.azp : undefined);
  const userId = claims.upn ?? claims.oid;
  return {
    tenantId: claims.tid!,
    kind: app ? 'app' : 'user',
    permissions,
    ...(appId === undefined ? {} : { appId }),
    ...(app || userId === undefined ? {} : { userId }),
  };
}
