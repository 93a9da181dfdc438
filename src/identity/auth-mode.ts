/**
 * How Graph calls are authenticated (`--auth`): `strict`, a mock-signed unexpired token for Graph's
 * audience; `claims`, any well-formed JWT whose claims are checked but not its signature; `off`, no token
 * (the default tenant, every permission). See docs/simulation.md#identity.
 */
export const AUTH_MODES = ['strict', 'claims', 'off'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];
