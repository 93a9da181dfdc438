/**
 * Who is calling Graph: the tenant whose state the call sees, and for a delegated (user) call the
 * signed-in user. The token fills it in (identity/authenticate.ts); with `--auth off` every call is the
 * default tenant's, with every permission, and `/me` is that tenant's first fixture user.
 */
export interface Caller {
  tenantId: string;
  /** `user` for a delegated token (or no token), `app` for an application token. */
  kind: 'user' | 'app';
  /** The signed-in user's object id or UPN, when the token names one. */
  userId?: string;
  /** The calling application's client id, when known. */
  appId?: string;
  /** The permissions the token grants (app roles or delegated scopes); undefined: all (auth off). */
  permissions?: ReadonlySet<string>;
}
