/**
 * The origin every absolute URL the mock writes is built from (OData links, OIDC metadata): the request's
 * own scheme and `Host`, so that links point where the client called. An SDK sends no token to a
 * `@odata.nextLink` on another host (docs/graph-fidelity.md#absolute-urls). Only a host on the allow-list gets
 * this far (surfaces.ts `refuseUnknownHosts`, docs/security.md#host-allow-list): a rebound name is never reflected.
 */
import type { FastifyRequest } from 'fastify';

export function origin(request: FastifyRequest): string {
  const host = request.headers.host ?? `${request.hostname}`;
  return `${request.protocol}://${host}`;
}
