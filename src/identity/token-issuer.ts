/**
 * Minting and checking the mock's access tokens: RS256 JWTs shaped like the v1 tokens Graph receives
 * (docs/graph-fidelity.md#token-shape): `aud` Graph, `iss` `https://sts.windows.net/{tid}/`, `tid`, `appid`, `roles`
 * (application, with `app_displayname`, `idp`) or `scp` + `upn` (delegated), `iat`/`nbf`/`exp` on real time
 * (`identity-time.ts`: the clients that cache tokens judge expiry on real time, not on the mock's clock).
 *
 * Checking follows the auth mode (docs/simulation.md#identity): `strict` verifies the signature with the mock's key
 * and every claim; `claims` reads any well-formed JWT and checks its claims only.
 */
import { SignJWT, calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, errors, exportJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { randomBytes } from 'node:crypto';
import { nameGuid } from '../lib/name-guid.js';
import type { IdentityTime } from './identity-time.js';
import type { SigningKey } from './key-material.js';

/** Microsoft Graph's resource: the audiences a Graph token may carry. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const GRAPH_AUDIENCES = new Set([GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID]);
/** Entra's default access-token lifetime (`expires_in` 3599 in real responses). */
export const DEFAULT_LIFETIME_SECONDS = 3599;

export interface TokenGrant {
  tenantId: string;
  appId: string;
  /** The app's display name (`app_displayname`); default: the client id. */
  appDisplayName?: string;
  /** How the client proved itself (`appidacr`): a secret (the default) or a certificate. */
  credential?: 'secret' | 'certificate';
  /** Application permissions: an app-only token. */
  roles?: readonly string[];
  /** Delegated scopes: a user token (with `upn`). */
  scp?: readonly string[];
  upn?: string;
  /** The user's object id, when known. */
  oid?: string;
  expiresInSeconds?: number;
  audience?: string;
}

export interface TokenClaims extends JWTPayload {
  tid?: string;
  appid?: string;
  app_displayname?: string;
  roles?: string[];
  scp?: string;
  upn?: string;
  oid?: string;
  idtyp?: string;
}

/** Why a token is refused: real Graph's 401 message for it (docs/graph-fidelity.md#error-codes-by-status). */
export class TokenRejected extends Error {}

export class TokenIssuer {
  #kid: Promise<string>;
  #cache = new Map<string, TokenClaims>();

  constructor(
    private readonly keys: SigningKey,
    private readonly time: IdentityTime,
  ) {
    this.#kid = exportJWK(keys.publicKey).then((jwk) => calculateJwkThumbprint(jwk));
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    const jwk = await exportJWK(this.keys.publicKey);
    return { keys: [{ ...jwk, kid: await this.#kid, use: 'sig', alg: 'RS256' }] };
  }

  async mint(grant: TokenGrant): Promise<{ token: string; expiresIn: number }> {
    const now = Math.floor(this.time.now() / 1000);
    const expiresIn = grant.expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS;
    const app = grant.scp === undefined;
    const iss = `https://sts.windows.net/${grant.tenantId}/`;
    // The claims a v1 Graph token carries and clients read (docs/graph-fidelity.md#token-shape): the m365 CLI
    // names an app-only connection by `app_displayname` (it reads `upn || app_displayname`), `oid` and `tid`.
    const claims: TokenClaims = {
      aud: grant.audience ?? GRAPH_RESOURCE,
      iss,
      tid: grant.tenantId,
      app_displayname: grant.appDisplayName ?? grant.appId,
      appid: grant.appId,
      azp: grant.appId,
      appidacr: grant.credential === 'certificate' ? '2' : '1',
      idtyp: app ? 'app' : 'user',
      ver: '1.0',
      uti: randomBytes(16).toString('base64url'),
      ...(app
        ? { roles: [...(grant.roles ?? [])], idp: iss, oid: nameGuid('intune-mock service principal', `${grant.tenantId}/${grant.appId}`), sub: grant.appId }
        : { scp: (grant.scp ?? []).join(' '), upn: grant.upn, unique_name: grant.upn, oid: grant.oid ?? nameGuid('intune-mock user', grant.upn ?? ''), sub: grant.upn }),
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: await this.#kid })
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + expiresIn)
      .sign(this.keys.signingKey);
    return { token, expiresIn };
  }

  /** The token's claims, or `TokenRejected` with Graph's message. Verified tokens are cached until they expire. */
  async check(token: string, mode: 'strict' | 'claims'): Promise<TokenClaims> {
    const cached = mode === 'strict' ? this.#cache.get(token) : undefined;
    const claims = cached ?? (mode === 'strict' ? await this.#verify(token) : this.#decode(token));
    this.checkClaims(claims);
    if (mode === 'strict' && !cached) {
      if (this.#cache.size >= 10_000) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(token, claims);
    }
    return claims;
  }

  async #verify(token: string): Promise<TokenClaims> {
    try {
      // Lifetime and audience are checked by checkClaims on the identity's (real) time, for both modes alike.
      const { payload } = await jwtVerify(token, this.keys.publicKey, { algorithms: ['RS256'], clockTolerance: Number.MAX_SAFE_INTEGER });
      return payload as TokenClaims;
    } catch (err) {
      if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JOSEAlgNotAllowed) {
        throw new TokenRejected('Access token validation failure. Invalid signature.');
      }
      throw this.#malformed(token);
    }
  }

  #decode(token: string): TokenClaims {
    try {
      decodeProtectedHeader(token);
      return decodeJwt(token) as TokenClaims;
    } catch {
      throw this.#malformed(token);
    }
  }

  #malformed(token: string): TokenRejected {
    // Graph's answer to a token that is not a JWT at all.
    return new TokenRejected(token.split('.').length === 3 ? 'Access token validation failure.' : 'CompactToken parsing failed with error code: 80049217');
  }

  /** `TokenRejected` unless the claims are in their lifetime (on the identity's time), for Graph, and name a tenant. */
  checkClaims(claims: TokenClaims): void {
    const now = this.time.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) throw new TokenRejected('Lifetime validation failed, the token is expired.');
    if (typeof claims.nbf === 'number' && claims.nbf > now + 300) throw new TokenRejected('Lifetime validation failed, the token is not yet valid.');
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.some((a) => a !== undefined && GRAPH_AUDIENCES.has(a))) throw new TokenRejected('Access token validation failure. Invalid audience.');
    if (typeof claims.tid !== 'string' || claims.tid === '') throw new TokenRejected('Access token validation failure. The token has no tenant (tid).');
  }
}
