/**
 * Intune's throttling, and what a client did after a `429` (docs/throttling.md). Per tenant: four sliding
 * windows (writes and all requests, per app and per tenant) with Intune's documented limits unless the control
 * API set others; a request past a limit is answered Graph's `429` with `Retry-After` and is not admitted.
 * Per client (tenant, app): every `429` with `Retry-After` it was sent, by a limit or by a fault rule, starts
 * a retry-due time; a request before it is answered `429` again and counted as a violation, the first at or
 * after it as an honoured retry. The report is `GET /_mock/throttling`.
 *
 * Like the test kit, it sits beside the Graph surface: `intercept` runs before the test kit's (a throttled
 * request never reaches a fault rule), and two root hooks see what was answered.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isoAt } from '../domain/clock.js';
import { redactUrl } from '../lib/redact.js';
import { throttlingError } from '../graph/errors.js';
import type { Intercept } from '../graph/route-table.js';
import { INTUNE_LIMITS, type ClientReport, type Scope, type ThrottlingLimits, type ThrottlingLimitsInput, type ThrottlingMode, type ThrottlingReport, type Violation } from './schemas.js';
import { SlidingWindow } from './window.js';


/** The client of a request without an app id (`--auth off`, a token with neither `appid` nor `azp`). */
export const UNKNOWN_APP = 'unknown';
/** Violations kept per client, the newest (the count goes on). */
export const MAX_VIOLATIONS = 100;
/** Apps tracked per tenant; past it the one first seen is forgotten (a `--auth claims` token may name any app). */
export const MAX_APPS = 1000;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * A retry this close to its due time is on time: timers fire a few milliseconds off the wall clock (Node's run on
 * the event loop's cached time), and the mock may share the client's process (docs/throttling.md#conformance).
 */
export const RETRY_SLACK_MS = 50;

interface Client {
  readonly appId: string;
  writes: SlidingWindow;
  requests: SlidingWindow;
  throttledByLimits: number;
  throttledByFaults: number;
  honouredRetries: number;
  violationCount: number;
  violations: Violation[];
  worstEarlyMs: number | null;
  /** When the running `Retry-After` passes (tenant's clock, ms); null when none runs. */
  dueAt: number | null;
  /** The request whose `429` started it (its journal id is known once answered). */
  dueRequest: FastifyRequest | null;
  dueJournalId: string | null;
  /** The `$batch` (its journal entry id) whose step got the 429: its other steps were sent with it, so are no retries. */
  dueBatch: string | null;
}

interface TenantThrottle {
  limits: ThrottlingLimits;
  writes: SlidingWindow;
  requests: SlidingWindow;
  clients: Map<string, Client>;
}

/** What the intercept noted on a request for the hooks that run once it is answered. */
interface Noted {
  client: Client;
  /** Set when the request was an early retry: how early, and after which `429`. */
  earlyMs?: number;
  throttledJournalId?: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The throttle's note on a Graph request it saw. */
    throttleNote: Noted | null;
  }
}

export class Throttle {
  readonly #tenants = new Map<string, TenantThrottle>();

  /** `now`: a tenant's time on its own clock, so that moving it (`POST /_mock/clock`) frees the windows. */
  constructor(readonly mode: ThrottlingMode, private readonly now: (tenantId: string) => number) {}

  get enabled(): boolean {
    return this.mode !== 'off';
  }

  limits(tenantId: string): ThrottlingLimits {
    return this.#tenants.get(tenantId)?.limits ?? { ...INTUNE_LIMITS };
  }

  /** New limits (a field left out is Intune's): the windows start anew, the clients' reports stay. */
  setLimits(tenantId: string, input: ThrottlingLimitsInput): ThrottlingLimits {
    const limits = { ...INTUNE_LIMITS, ...input };
    const old = this.#tenants.get(tenantId);
    const fresh = newTenant(limits);
    if (old) {
      for (const [appId, c] of old.clients) {
        c.writes = new SlidingWindow(limits.perAppWrites);
        c.requests = new SlidingWindow(limits.perAppRequests);
        fresh.clients.set(appId, c);
      }
    }
    this.#tenants.set(tenantId, fresh);
    return { ...limits };
  }

  /** `DELETE /_mock/throttling`: the windows and the clients' reports go, the limits stay. */
  clearState(tenantId: string): void {
    const t = this.#tenants.get(tenantId);
    if (t) this.#tenants.set(tenantId, newTenant(t.limits));
  }

  /** A reset or evicted tenant: everything goes, its limits too. */
  clear(tenantId: string): void {
    this.#tenants.delete(tenantId);
  }

  #tenant(tenantId: string): TenantThrottle {
    let t = this.#tenants.get(tenantId);
    if (!t) this.#tenants.set(tenantId, (t = newTenant({ ...INTUNE_LIMITS })));
    return t;
  }

  #client(t: TenantThrottle, appId: string): Client {
    let c = t.clients.get(appId);
    if (c) return c;
    if (t.clients.size >= MAX_APPS) t.clients.delete(t.clients.keys().next().value!);
    c = {
      appId, writes: new SlidingWindow(t.limits.perAppWrites), requests: new SlidingWindow(t.limits.perAppRequests),
      throttledByLimits: 0, throttledByFaults: 0, honouredRetries: 0, violationCount: 0, violations: [], worstEarlyMs: null,
      dueAt: null, dueRequest: null, dueJournalId: null, dueBatch: null,
    };
    t.clients.set(appId, c);
    return c;
  }

  /**
   * Before the test kit's intercept and the route's permission check (the caller is known). A client with a
   * `Retry-After` still running is answered `429` with what remains of it (not extended: docs/throttling.md#conformance);
   * otherwise the request is admitted to its four windows, or answered `429` when one is full.
   */
  readonly intercept: Intercept = async (request: FastifyRequest, _reply: FastifyReply) => {
    const tenantId = request.caller.tenantId;
    const now = this.now(tenantId);
    const t = this.#tenant(tenantId);
    const client = this.#client(t, request.caller.appId?.toLowerCase() ?? UNKNOWN_APP);
    // The later steps of the batch whose step got the 429 were sent with it, before the client could know: not retries.
    const sameBatch = client.dueBatch !== null && request.batchItem?.entryId === client.dueBatch;
    if (client.dueAt !== null && !sameBatch) {
      if (now < client.dueAt - RETRY_SLACK_MS) {
        const earlyMs = client.dueAt - now;
        request.throttleNote = { client, earlyMs, throttledJournalId: client.dueJournalId };
        throw throttlingError(wholeSeconds(earlyMs), 'retriedTooEarly');
      }
      client.honouredRetries++;
      client.dueAt = null;
      client.dueRequest = null;
      client.dueBatch = null;
    }
    request.throttleNote = { client };
    const windowMs = t.limits.windowSeconds * 1000;
    const write = WRITES.has(request.method);
    let wait = 0;
    let scope: Scope = 'perAppRequests';
    const consider = (w: SlidingWindow, s: Scope) => {
      const ms = w.wait(now, windowMs);
      if (ms > wait) [wait, scope] = [ms, s];
    };
    consider(client.requests, 'perAppRequests');
    consider(t.requests, 'perTenantRequests');
    if (write) {
      consider(client.writes, 'perAppWrites');
      consider(t.writes, 'perTenantWrites');
    }
    if (wait > 0) {
      client.throttledByLimits++;
      throw throttlingError(wholeSeconds(wait), scope);
    }
    client.requests.admit(now);
    t.requests.admit(now);
    if (write) {
      client.writes.admit(now);
      t.writes.admit(now);
    }
  };

  /**
   * Two root hooks. `onSend`: a `429` with `Retry-After` (the throttle's or a fault rule's) starts the client's
   * retry-due time, before the client can see it. `onResponse` (after the journal's, which gives the id): the
   * journal ids of the `429` and of an early retry.
   */
  install(app: FastifyInstance): void {
    app.decorateRequest('throttleNote', null);
    app.addHook('onSend', (request, reply, payload, done) => {
      const note = request.throttleNote;
      if (note && note.earlyMs === undefined && reply.statusCode === 429) {
        const seconds = Number(reply.getHeader('retry-after'));
        if (reply.hasHeader('retry-after') && Number.isFinite(seconds) && seconds >= 0) {
          const c = note.client;
          c.dueAt = this.now(request.caller.tenantId) + seconds * 1000;
          c.dueRequest = request;
          c.dueJournalId = null;
          c.dueBatch = request.batchItem?.entryId ?? null;
          if (!reply.hasHeader('x-mock-throttling')) c.throttledByFaults++;
        }
      }
      done(null, payload);
    });
    app.addHook('onResponse', (request, _reply, done) => {
      const note = request.throttleNote;
      if (!note) return done();
      const c = note.client;
      if (note.earlyMs !== undefined) {
        c.violationCount++;
        if (c.worstEarlyMs === null || note.earlyMs > c.worstEarlyMs) c.worstEarlyMs = note.earlyMs;
        c.violations.push({
          journalId: request.journalEntryId ?? null, throttledJournalId: note.throttledJournalId ?? null,
          earlyBySeconds: seconds(note.earlyMs), method: request.method, path: redactUrl(request.url.split('?')[0] ?? ''),
        });
        if (c.violations.length > MAX_VIOLATIONS) c.violations.shift();
      } else if (c.dueRequest === request) {
        c.dueJournalId = request.journalEntryId ?? null;
        // Its id is all the report needs: holding the request would keep its body (up to 4 MiB) per client until it retries.
        c.dueRequest = null;
      }
      done();
    });
  }

  report(tenantId: string): ThrottlingReport {
    const t = this.#tenants.get(tenantId);
    const limits = this.limits(tenantId);
    const now = this.now(tenantId);
    const windowMs = limits.windowSeconds * 1000;
    const usage = (w: SlidingWindow | undefined, limit: number) => {
      const u = w?.usage(now, windowMs) ?? { used: 0, resetsInMs: 0 };
      return { used: u.used, limit, resetsInSeconds: seconds(u.resetsInMs) };
    };
    const clients = [...(t?.clients.values() ?? [])];
    return {
      mode: this.mode,
      limits,
      windows: {
        perTenantWrites: usage(t?.writes, limits.perTenantWrites),
        perTenantRequests: usage(t?.requests, limits.perTenantRequests),
        perApp: clients.map((c) => ({ appId: c.appId, perAppWrites: usage(c.writes, limits.perAppWrites), perAppRequests: usage(c.requests, limits.perAppRequests) })),
      },
      clients: clients.filter((c) => c.throttledByLimits + c.throttledByFaults > 0).map((c): ClientReport => ({
        appId: c.appId,
        throttled: c.throttledByLimits + c.throttledByFaults,
        throttledByLimits: c.throttledByLimits,
        throttledByFaults: c.throttledByFaults,
        retries: c.honouredRetries + c.violationCount,
        honouredRetries: c.honouredRetries,
        violationCount: c.violationCount,
        violations: c.violations.map((v) => ({ ...v })),
        worstEarlyRetrySeconds: c.worstEarlyMs === null ? null : seconds(c.worstEarlyMs),
        retryDue: c.dueAt === null ? null : isoAt(c.dueAt),
      })),
    };
  }
}

function newTenant(limits: ThrottlingLimits): TenantThrottle {
  return { limits, writes: new SlidingWindow(limits.perTenantWrites), requests: new SlidingWindow(limits.perTenantRequests), clients: new Map() };
}

/**
 * `Retry-After` in whole seconds, at least 1: HTTP's delta-seconds is an integer (RFC 9110 section 10.2.3) and .NET's
 * parser rejects a fraction, though Graph's documented sample shows `2.128` (docs/throttling.md#retry-after).
 */
const wholeSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
/** Milliseconds as seconds with three decimals, for the report. */
const seconds = (ms: number): number => Math.round(ms) / 1000;

/** Runs intercepts in order: the first to answer (throw) stops the rest. */
export function composeIntercepts(...intercepts: Intercept[]): Intercept {
  return async (request, reply, routeId) => {
    for (const intercept of intercepts) {
      const running = intercept(request, reply, routeId);
      if (running) await running;
    }
  };
}
