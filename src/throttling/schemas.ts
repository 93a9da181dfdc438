/**
 * The throttling control API's shapes (docs/throttling.md): the limits (one integer per scope and kind,
 * Intune's documented values by default) and the report of `GET /_mock/throttling`.
 */
import { Type, type Static } from '@sinclair/typebox';

/** `--throttling`: Intune's limits, or none. */
export const THROTTLING_MODES = ['intune', 'off'] as const;
export type ThrottlingMode = (typeof THROTTLING_MODES)[number];

/**
 * Intune's documented limits for the devices service, per 20 seconds: writes (POST, PUT, PATCH, DELETE)
 * 200 per app per tenant and 400 per tenant; any request 2,000 and 4,000
 * (https://learn.microsoft.com/graph/throttling-limits).
 */
export const INTUNE_LIMITS = { perAppWrites: 200, perAppRequests: 2000, perTenantWrites: 400, perTenantRequests: 4000, windowSeconds: 20 } as const;

const limit = (what: string, intune: number) =>
  Type.Integer({ minimum: 1, maximum: 1_000_000, description: `${what} in any window (Intune: ${intune}).` });

export const ThrottlingLimitsSchema = Type.Object({
  perAppWrites: limit('Writes (POST, PUT, PATCH, DELETE) one app may make in the tenant', INTUNE_LIMITS.perAppWrites),
  perAppRequests: limit('Requests of any method one app may make in the tenant', INTUNE_LIMITS.perAppRequests),
  perTenantWrites: limit('Writes all apps together may make in the tenant', INTUNE_LIMITS.perTenantWrites),
  perTenantRequests: limit('Requests of any method all apps together may make in the tenant', INTUNE_LIMITS.perTenantRequests),
  windowSeconds: Type.Integer({ minimum: 1, maximum: 86_400, description: 'The sliding window, in seconds on the tenant\'s clock (Intune: 20).' }),
}, { additionalProperties: false });
export type ThrottlingLimits = Static<typeof ThrottlingLimitsSchema>;

/** `PUT /_mock/throttling/limits`: a field left out is Intune's value. */
export const ThrottlingLimitsInputSchema = Type.Partial(ThrottlingLimitsSchema, { additionalProperties: false });
export type ThrottlingLimitsInput = Static<typeof ThrottlingLimitsInputSchema>;

export const SCOPES = ['perAppWrites', 'perAppRequests', 'perTenantWrites', 'perTenantRequests'] as const;
export type Scope = (typeof SCOPES)[number];

const WindowUsageSchema = Type.Object({
  used: Type.Integer({ minimum: 0, description: 'Requests admitted in the window ending now.' }),
  limit: Type.Integer({ minimum: 1 }),
  resetsInSeconds: Type.Number({ minimum: 0, description: 'When the oldest of them leaves the window (0: empty).' }),
}, { additionalProperties: false });

export const ViolationSchema = Type.Object({
  journalId: Type.Union([Type.String(), Type.Null()], { description: 'The early retry in the request journal (`GET /_mock/requests`); null if the journal did not record it.' }),
  throttledJournalId: Type.Union([Type.String(), Type.Null()], { description: 'The `429` it retried too early after.' }),
  earlyBySeconds: Type.Number({ minimum: 0, description: 'How long before the `Retry-After` had passed it came.' }),
  method: Type.String(),
  path: Type.String({ description: 'Without the query string.' }),
}, { additionalProperties: false });
export type Violation = Static<typeof ViolationSchema>;

export const ClientReportSchema = Type.Object({
  appId: Type.String({ description: 'The token\'s `appid` (or `azp`); `unknown` without one (`--auth off`).' }),
  throttled: Type.Integer({ minimum: 0, description: 'The `429`s with `Retry-After` it was sent: `throttledByLimits` + `throttledByFaults` (the answers to early retries are not counted here).' }),
  throttledByLimits: Type.Integer({ minimum: 0 }),
  throttledByFaults: Type.Integer({ minimum: 0, description: 'Fault rules with status 429 and `retryAfterSeconds`.' }),
  retries: Type.Integer({ minimum: 0, description: 'Requests that came while a `Retry-After` was running or were the first after it: `honouredRetries` + `violationCount`.' }),
  honouredRetries: Type.Integer({ minimum: 0, description: 'First requests after a `429` that came once its `Retry-After` had passed.' }),
  violationCount: Type.Integer({ minimum: 0, description: 'Requests that came before the `Retry-After` had passed (each answered `429` again).' }),
  violations: Type.Array(ViolationSchema, { description: 'The last 100 violations, oldest first.' }),
  worstEarlyRetrySeconds: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'The largest `earlyBySeconds` of all violations; null when none.' }),
  retryDue: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When its running `Retry-After` passes (tenant\'s clock); null when none runs.' }),
}, { additionalProperties: false });
export type ClientReport = Static<typeof ClientReportSchema>;

export const ThrottlingReportSchema = Type.Object({
  mode: Type.Unsafe<ThrottlingMode>({ type: 'string', enum: [...THROTTLING_MODES], description: '`--throttling`: `off` throttles nothing and records nothing.' }),
  limits: ThrottlingLimitsSchema,
  windows: Type.Object({
    perTenantWrites: WindowUsageSchema,
    perTenantRequests: WindowUsageSchema,
    perApp: Type.Array(Type.Object({ appId: Type.String(), perAppWrites: WindowUsageSchema, perAppRequests: WindowUsageSchema }, { additionalProperties: false })),
  }, { additionalProperties: false, description: 'The windows ending now on the tenant\'s clock.' }),
  clients: Type.Array(ClientReportSchema, { description: 'Every app that was sent a `429` with `Retry-After`, or was throttled, in the order first seen.' }),
}, { $id: 'mock.throttling', additionalProperties: false });
export type ThrottlingReport = Static<typeof ThrottlingReportSchema>;
