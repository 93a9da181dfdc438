/**
 * The test kit: what a test suite uses to make Graph misbehave (fault rules) and to see what its client
 * really sent (the request journal), per tenant (docs/simulation.md#control-api). It sits beside the
 * surfaces rather than inside them: the Graph surface calls `intercept` before a route's permission check,
 * and the journal records every Graph and token request from a root `onResponse` hook. The control API
 * (`control/testkit-routes.ts`) exposes both.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import { setTimeout } from 'node:timers/promises';
import { isoAt } from '../domain/clock.js';
import { DEFAULT_TENANT_ID, resolveTenantId } from '../domain/tenants.js';
import { faultError } from '../graph/errors.js';
import type { Intercept } from '../graph/route-table.js';
import { FaultRegistry } from './faults.js';
import { RequestJournal, journalBody, keptHeaders } from './journal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The fault rule that acted on this request, if any (for the journal). */
    faultId: string | null;
  }
}

const GRAPH_PATH = /^\/(v1\.0|beta)(\/|$|\?)/i;
const TOKEN_PATH = /^\/([^/?]+)\/oauth2\/v2\.0\/token(\?|$)/i;

export class TestKit {
  readonly faults = new FaultRegistry();
  readonly journal = new RequestJournal();

  /** `now`: a tenant's time on its own clock (the journal's times are on it). */
  constructor(private readonly now: (tenantId: string) => number) {}

  /** A tenant's rules and journal go (a reset puts the tenant's test setup back too). */
  clear(tenantId: string): void {
    this.faults.clear(tenantId);
    this.journal.clear(tenantId);
  }

  /** Fault rules act once the caller (and so the tenant) is known, before permissions and the handler. */
  readonly intercept: Intercept = async (request: FastifyRequest, reply: FastifyReply, routeId: string) => {
    const action = this.faults.take(request.caller.tenantId, request.method, request.url.split('?')[0] ?? '', routeId);
    if (!action) return;
    request.faultId = action.rule.id;
    reply.header('x-mock-fault', action.rule.id);
    if (action.latencyMs > 0) await setTimeout(action.latencyMs);
    if (action.status !== undefined) {
      throw faultError({
        ruleId: action.rule.id, status: action.status, code: action.code ?? 'UnknownError', message: action.message,
        retryAfterSeconds: action.retryAfterSeconds, answeredBy: action.answeredBy ?? 'graph',
      }, request);
    }
  };

  /** Every Graph and token request goes into its tenant's journal once answered. */
  install(app: FastifyInstance): void {
    app.decorateRequest('faultId', null);
    const { journal, now } = this;
    // Callback style: on every response, so no promise per request.
    app.addHook('onResponse', (request, reply, done) => {
      const token = TOKEN_PATH.exec(request.url);
      const kind = token ? 'token' : GRAPH_PATH.test(request.url) ? 'graph' : undefined;
      if (!kind) return done();
      const tenantId = token ? resolveTenantId(token[1] ?? '') : (request.caller?.tenantId ?? unverifiedTenant(request.headers.authorization) ?? DEFAULT_TENANT_ID);
      const q = request.url.indexOf('?');
      journal.record(tenantId, {
        time: isoAt(now(tenantId) - reply.elapsedTime),
        kind,
        method: request.method,
        path: q === -1 ? request.url : request.url.slice(0, q),
        query: q === -1 ? '' : request.url.slice(q + 1),
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        headers: keptHeaders(request.headers),
        body: journalBody(request.body ?? null),
        fault: request.faultId,
        // The Graph surface's warnings (graph/warnings.ts): where real Intune would answer differently.
        warnings: request.mockWarnings?.map((w) => ({ ...w, sources: [...w.sources] })),
      });
      done();
    });
  }
}

/** A refused token's tenant, read without trusting it, so its 401 lands in the tenant the client meant. */
function unverifiedTenant(authorization: string | undefined): string | undefined {
  try {
    const tid = decodeJwt(authorization?.replace(/^Bearer\s+/i, '') ?? '').tid;
    return typeof tid === 'string' ? resolveTenantId(tid) : undefined;
  } catch {
    return undefined;
  }
}
