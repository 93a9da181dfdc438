/**
 * The Graph surface, registered once per version prefix (`/v1.0`, `/beta`): routes, and for everything
 * else on these paths a Graph error envelope (never Fastify's default bodies).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { setTimeout } from 'node:timers/promises';
import type { Clock } from '../domain/clock.js';
import type { Authenticate } from '../identity/authenticate.js';
import { TokenRejected } from '../identity/token-issuer.js';
import type { Tenants } from '../domain/tenants.js';
import type { GraphContext } from './context.js';
import type { FaultRegistry } from '../control/faults.js';
import { GraphHttpError, faultError, sendGraphError, toGraphError, type ErrorContext } from './errors.js';
import { registerGraphRoutes, unmatchedPath, type Intercept } from './route-table.js';
import { compliancePolicyRoutes } from './routes/compliance-policies.js';
import { deviceActionRoutes } from './routes/device-actions.js';
import { remoteActionAuditRoutes } from './routes/remote-action-audits.js';
import { managedDeviceRoutes } from './routes/managed-devices.js';
import type { GraphVersion } from './serialize-device.js';
import { clientRequestId } from './wire.js';

export interface GraphPluginOptions {
  version: GraphVersion;
  tenants: Tenants;
  clock: Clock;
  authenticate: Authenticate;
  faults: FaultRegistry;
}

export const errorContext = (request: FastifyRequest, clock: Clock): ErrorContext => ({
  requestId: request.id,
  clientRequestId: clientRequestId(request),
  now: clock.now(),
});

export async function graphPlugin(app: FastifyInstance, opts: GraphPluginOptions): Promise<void> {
  const ctx: GraphContext = { version: opts.version, tenants: opts.tenants, now: () => opts.clock.now() };

  // Every Graph request is authenticated first, unknown paths included, as real Graph does.
  app.addHook('onRequest', async (request) => {
    try {
      request.caller = await opts.authenticate(request);
    } catch (err) {
      if (!(err instanceof TokenRejected)) throw err;
      throw new GraphHttpError(401, 'InvalidAuthenticationToken', err.message, {
        'www-authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
      });
    }
  });
  // Fault rules act once the caller (and so the tenant) is known, before permissions and the handler.
  const intercept: Intercept = async (request, reply, route) => {
    const action = opts.faults.take(request.caller.tenantId, request.method, request.url.split('?')[0] ?? '', route.id);
    if (!action) return;
    request.faultId = action.rule.id;
    reply.header('x-mock-fault', action.rule.id);
    if (action.latencyMs > 0) await setTimeout(action.latencyMs);
    if (action.status !== undefined) {
      throw faultError(action.rule.id, action.status, action.code ?? 'UnknownError', action.message, action.retryAfterSeconds);
    }
  };
  const patterns = registerGraphRoutes(app, opts.version, [
    ...managedDeviceRoutes(ctx),
    ...deviceActionRoutes(ctx),
    ...compliancePolicyRoutes(ctx),
    // remoteActionAudits exists on beta only (not in the v1.0 CSDL).
    ...(opts.version === 'beta' ? remoteActionAuditRoutes(ctx) : []),
  ], intercept);

  app.setErrorHandler((err, request, reply) => {
    const error = toGraphError(err, request);
    if (error.statusCode >= 500) request.log.error({ err }, 'Graph request failed');
    return sendGraphError(reply, error, errorContext(request, opts.clock));
  });

  app.setNotFoundHandler((request, reply) => {
    const segments = (request.url.split('?')[0] ?? '').split('/').filter(Boolean).slice(1).map(safeDecode);
    return sendGraphError(reply, unmatchedPath(segments, patterns, opts.version), errorContext(request, opts.clock));
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
