/**
 * Which host a request was proxied for (docs/proxy.md). The proxy (src/proxy/) hands each request it
 * terminates to the app with an internal header carrying a secret only this process knows and the host the
 * client asked the proxy for; the root hook (surfaces.ts `takeProxyMarker`) removes it before anything else
 * reads the request and keeps the host as `request.proxiedFor`. A header, not a property of the request
 * object, because a `$batch` step is an `inject` through the app (graph/batch/run.ts): it carries the marker
 * of its batch. A client cannot forge it: without the secret it is removed and ignored (a same-origin page
 * after DNS rebinding may set any header, so the host allow-list must not trust one it could write).
 */
import { randomBytes } from 'node:crypto';

export const PROXIED_HEADER = 'x-intune-mock-proxied';

const SECRET = randomBytes(18).toString('base64url');

/** The header's value for a request proxied for `host`. */
export const proxiedMarker = (host: string): string => `${SECRET} ${host}`;

/** The host of a marker this process made, else null; the header is removed from `headers` either way. */
export function takeProxied(headers: Record<string, string | string[] | undefined>): string | null {
  const value = headers[PROXIED_HEADER];
  if (value === undefined) return null;
  delete headers[PROXIED_HEADER];
  if (typeof value !== 'string') return null;
  const space = value.indexOf(' ');
  return space > 0 && value.slice(0, space) === SECRET ? value.slice(space + 1) : null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The host the request was proxied for (docs/proxy.md); null when it came to the mock's own ports. */
    proxiedFor: string | null;
  }
}
