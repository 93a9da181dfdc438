/**
 * Graph's response headers and content types (graph-facts.md §5.3), and the origin from which every
 * absolute URL is built: the request's own scheme and `Host`, so that links point where the client
 * called (real-clients.md §0.5: an SDK sends no token to a nextLink on another host).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** What Graph sends with a JSON success body. */
export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const AGS_DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'intune-mock', Slice: 'E', Ring: '5', ScaleUnit: '000', RoleInstance: 'MOCK0000000001' },
});

/** The request-id of a request (the Fastify request id) and the client's id, echoed or the same. */
export function clientRequestId(request: FastifyRequest): string {
  const sent = request.headers['client-request-id'];
  const value = Array.isArray(sent) ? sent[0] : sent;
  return value && value.length <= 200 ? value : request.id;
}

/** `request-id` on every response, `client-request-id` echoed, and Graph's other fixed headers. */
export function installWireHeaders(app: FastifyInstance): void {
  // Callback style: on every response, so no promise per request.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers({
      'request-id': request.id,
      'client-request-id': clientRequestId(request),
      'x-ms-ags-diagnostic': AGS_DIAGNOSTIC,
      'strict-transport-security': 'max-age=31536000',
    });
    done(null, payload);
  });
}

export function origin(request: FastifyRequest): string {
  const host = request.headers.host ?? `${request.hostname}`;
  return `${request.protocol}://${host}`;
}

/** A JSON success body with Graph's content type and OData version. */
export function sendOData(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.type(ODATA_JSON).header('odata-version', '4.0').header('cache-control', 'no-cache').send(body);
}

/**
 * A request path as Intune names the resource in its messages, in OData key syntax and without the
 * version: `/v1.0/deviceManagement/managedDevices/abc` → `deviceManagement/managedDevices('abc')`.
 */
export function odataResourcePath(url: string): string {
  const segs = (url.split('?')[0] ?? '').split('/').filter(Boolean).slice(1);
  const out: string[] = [];
  for (const s of segs) {
    const prev = out[out.length - 1];
    if (prev !== undefined && /^(users|managedDevices|deviceCompliancePolicies|remoteActionAudits)$/i.test(prev)) out[out.length - 1] = `${prev}('${s}')`;
    else out.push(s);
  }
  return out.join('/');
}
