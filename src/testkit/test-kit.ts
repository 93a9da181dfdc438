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
import { resolveTenantId } from '../domain/tenants.js';
import { faultError } from '../graph/errors.js';
import { timeSinceRead } from '../graph/wire.js';
import { redactUrl } from '../lib/redact.js';
import type { Intercept } from '../graph/route-table.js';
import { FaultRegistry } from './faults.js';
import { JOURNAL_BODY_LIMIT, JOURNAL_LIMIT, RequestJournal, UNAUTHENTICATED, journalBody, journalText, keptHeaders } from './journal.js';

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
  readonly journal: RequestJournal;
  readonly #bodyLimit: number;

  /**
   * `now`: a tenant's time on its own clock (the journal's times are on it); the base clock's without a
   * tenant. `bounds`: entries per journal (`--journal-size`) and characters kept of a body, path or query
   * (`--journal-body-limit`).
   */
  constructor(private readonly now: (tenantId?: string) => number, bounds: { size?: number; bodyLimit?: number } = {}) {
    this.journal = new RequestJournal(bounds.size ?? JOURNAL_LIMIT);
    this.#bodyLimit = bounds.bodyLimit ?? JOURNAL_BODY_LIMIT;
  }

  /** A tenant's rules and journal go (a reset puts the tenant's test setup back too). */
  clear(tenantId: string): void {
    this.faults.clear(tenantId);
    this.journal.clear(tenantId);
  }

  /** Fault rules act once the caller (and so the tenant) is known, before permissions and the handler. */
  readonly intercept: Intercept = (request: FastifyRequest, reply: FastifyReply, routeId: string) => {
    // Synchronous when no rule acts (no promise per request).
    if (!this.faults.any(request.caller.tenantId)) return;
    const action = this.faults.take(request.caller.tenantId, request.method, request.url.split('?')[0] ?? '', routeId);
    if (!action) return;
    return this.#act(request, reply, action);
  };

  async #act(request: FastifyRequest, reply: FastifyReply, action: NonNullable<ReturnType<FaultRegistry['take']>>): Promise<void> {
    request.faultId = action.rule.id;
    reply.header('x-mock-fault', action.rule.id);
    if (action.latencyMs > 0) await setTimeout(action.latencyMs);
    if (action.status !== undefined) {
      throw faultError({
        ruleId: action.rule.id, status: action.status, code: action.code ?? 'UnknownError', message: action.message,
        retryAfterSeconds: action.retryAfterSeconds, answeredBy: action.answeredBy ?? 'graph',
      }, request);
    }
  }

  /**
   * Every Graph and token request goes into a journal once answered: its tenant's when the tenant is
   * proven (a Graph caller whose token was verified, or `--auth off`'s default tenant; a token request that
   * got a token), the unauthenticated journal otherwise, with the tenant it named (`claimedTenant`). WHY:
   * a forged token or a wrong secret names any tenant it likes, and must not write into that tenant's
   * journal; the developer whose request got a 401 still finds it there (docs/simulation.md#request-journal).
   * Returns the work of the root `onResponse` hook that records them (the app installs it). `time`: the request's
   * time on its caller's clock (graph/wire.ts: requestTime), if the app has it.
   */
  install(app: FastifyInstance, time?: (request: FastifyRequest) => number): (request: FastifyRequest, reply: FastifyReply) => void {
    app.decorateRequest('faultId', null);
    const { journal, now } = this;
    const limit = this.#bodyLimit;
    // The work of a root `onResponse` hook, which the app runs with the request log's (one hook: app.ts).
    return (request, reply) => {
      const token = TOKEN_PATH.exec(request.url);
      const kind = token ? 'token' : GRAPH_PATH.test(request.url) ? 'graph' : undefined;
      if (!kind) return;
      const verified = token ? (reply.statusCode >= 200 && reply.statusCode < 300 ? resolveTenantId(token[1] ?? '') : undefined) : request.caller?.tenantId;
      const claimed = verified ?? (token ? resolveTenantId(token[1] ?? '') : unverifiedTenant(request.headers.authorization));
      const throttled = reply.getHeader('x-mock-throttling');
      // What the entry needs, taken now (the clock moves, a body may be changed later: it is copied now); the
      // rest (formatting, redaction) when the journal is read (journal.ts, RecordedEntry).
      const { url, method, faultId: fault } = request;
      // The kept headers now, not the request's: an entry lives on (1000 a tenant), and holding the request's
      // headers object held its Authorization header too, a new 1-2 KB token string per request, copied by every
      // garbage collection that kept it (BENCHMARKS.md). The same headers, `authorization` cut to its scheme.
      const headers = keptHeaders(request.headers);
      // A Graph request's time was read on its caller's clock already (`time`: the same clock, read once per request).
      const at = kind === 'graph' && time ? time(request) - reply.elapsedTime + timeSinceRead(request) : now(verified) - reply.elapsedTime;
      const status = reply.statusCode;
      const durationMs = Math.round(reply.elapsedTime * 10) / 10;
      const body = request.body == null ? null : journalBody(request.body, limit);
      // The Graph surface's warnings (graph/warnings.ts): where real Intune would answer differently.
      const warnings = request.mockWarnings?.map((w) => ({ ...w, sources: [...w.sources] }));
      const batch = request.batchItem ? { ...request.batchItem } : undefined;
      const proxy = request.proxiedFor;
      request.journalEntryId = journal.record(verified ?? UNAUTHENTICATED, () => {
        const q = url.indexOf('?');
        return {
          time: isoAt(at),
          kind,
          method,
          path: journalText(redactUrl(q === -1 ? url : url.slice(0, q)), limit),
          query: q === -1 ? '' : journalText(redactUrl(url.slice(q + 1)), limit),
          status,
          durationMs,
          headers,
          body,
          fault,
          warnings,
          ...(batch ? { batch } : {}),
          // The throttle's answer names itself in `x-mock-throttling` (src/throttling/).
          throttling: throttled === undefined ? null : throttled === 'retriedTooEarly' ? 'retriedTooEarly' : 'throttled',
          proxy,
          ...(verified === undefined ? { claimedTenant: claimed ?? null } : {}),
        };
      }, request.journalEntryId);
    };
  }
}

/** A refused token's tenant, read without trusting it: the unauthenticated journal names it, so the 401 can be found. */
function unverifiedTenant(authorization: string | undefined): string | undefined {
  try {
    const tid = decodeJwt(authorization?.replace(/^Bearer\s+/i, '') ?? '').tid;
    return typeof tid === 'string' ? resolveTenantId(tid) : undefined;
  } catch {
    return undefined;
  }
}
