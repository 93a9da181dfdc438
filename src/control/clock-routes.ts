/**
 * `/_mock/clock`: the tenant's time (docs/simulation.md#mock-clock). Each tenant has its own clock: the
 * base clock (real time) plus what its tests added. Moving it forward lets everything that falls due in
 * that tenant happen, in order, before the answer; other tenants' clocks and actions are not touched.
 * The tenant is `x-mock-tenant`'s, or the default tenant. `"allTenants": true` moves every tenant's clock
 * instead (the base clock), for a suite that uses one tenant or wants all to move together.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { isoAt } from '../domain/clock.js';
import type { Intune } from '../domain/intune.js';
import { compileValidator } from '../lib/ajv.js';
import { named } from '../schemas/named.js';
import { CONTROL_DEFAULT, badRequest, controlDoc } from './docs.js';
import { ControlError } from './errors.js';
import { controlTenantId } from './tenant.js';

export const ClockAdvanceSchema = Type.Object({
  advanceSeconds: Type.Number({ minimum: 0, maximum: 10 * 365 * 86_400 }),
  allTenants: Type.Optional(Type.Boolean({
    description: 'true: move every tenant\'s clock (the base clock), also of tenants not seen yet, for single-tenant use; each tenant applies what fell due on its next use. The answer is still `x-mock-tenant`\'s time.',
  })),
}, { additionalProperties: false });
const validateAdvance = compileValidator(ClockAdvanceSchema);

const ClockSchema = Type.Object({
  now: Type.String({ format: 'date-time', description: 'The tenant\'s time: real time plus what its tests added.' }),
  tenant: Type.String({ description: 'The tenant whose clock this is (resolved id).' }),
}, { $id: 'mock.clock', additionalProperties: false });

export async function clockRoutes(app: FastifyInstance, opts: { intune: Intune }): Promise<void> {
  const { intune } = opts;
  app.get('/clock', {
    schema: {
      ...controlDoc('clock.get', 'The tenant\'s time', { tenant: true, description: 'Each tenant has its own clock; a tenant the mock has not seen is at the base clock (real time).' }),
      response: { 200: ClockSchema, 400: badRequest('A bad `x-mock-tenant` (`invalidTenant`)'), default: CONTROL_DEFAULT },
    },
  }, async (request) => {
    const tenantId = controlTenantId(request);
    return { now: isoAt(intune.now(tenantId)), tenant: tenantId };
  });
  app.post('/clock', {
    schema: {
      ...controlDoc('clock.advance', 'Move the tenant\'s clock forward', {
        tenant: true,
        description: 'Everything that falls due in the tenant (check-ins, expiries) happens, in order, before the answer. Other tenants\' clocks do not move. The clock is persisted with the tenant (`--data`); `POST /_mock/reset` puts it back to the base clock. With `"allTenants": true` the base clock moves instead: every tenant\'s clock, also of tenants not seen yet; each tenant applies what fell due on its next use; not persisted (a restart puts the base clock back to real time); refused whole when any tenant would reach 9999-01-01.',
      }),
      body: named('mock.clockAdvance', ClockAdvanceSchema),
      response: { 200: ClockSchema, 400: badRequest('Not `{"advanceSeconds": n, "allTenants"?: boolean}` with 0 ≤ n ≤ 10 years, or a move of any clock to 9999-01-01 or beyond (`invalidRequest`), or not JSON (`invalidJson`)', { tenant: true }), default: CONTROL_DEFAULT },
    },
  }, async (request) => {
    const tenantId = controlTenantId(request);
    const body = request.body;
    if (!validateAdvance(body)) throw ControlError.invalid('Send {"advanceSeconds": n} with n ≥ 0 (and "allTenants": true to move every tenant\'s clock).', validateAdvance.problems(body ?? null));
    const now = body.allTenants ? intune.advanceAllClocks(tenantId, body.advanceSeconds) : intune.advanceClock(tenantId, body.advanceSeconds);
    return { now: isoAt(now), tenant: tenantId };
  });
}
