/**
 * Throttling in the control API (docs/throttling.md): `GET /_mock/throttling` (mode, limits, the windows,
 * per client what it was sent and how it retried), `PUT /_mock/throttling/limits` (the tenant's limits; a
 * field left out is Intune's), `DELETE /_mock/throttling` (windows and report cleared, limits kept). The
 * tenant is `x-mock-tenant`'s; `POST /_mock/reset` clears everything, the limits too.
 */
import type { FastifyInstance } from 'fastify';
import { compileValidator } from '../lib/ajv.js';
import { noBody, respond } from '../openapi/components.js';
import { named } from '../schemas/named.js';
import { ThrottlingLimitsInputSchema, ThrottlingLimitsSchema, ThrottlingReportSchema } from '../throttling/schemas.js';
import type { Throttle } from '../throttling/throttle.js';
import { CONTROL_DEFAULT, badRequest, controlDoc } from './docs.js';
import { ControlError } from './errors.js';
import { controlTenantId } from './tenant.js';

const validateLimits = compileValidator(ThrottlingLimitsInputSchema);
const TENANT_400 = badRequest('A bad `x-mock-tenant` (`invalidTenant`)');

export async function throttlingRoutes(app: FastifyInstance, opts: { throttle: Throttle }): Promise<void> {
  const { throttle } = opts;
  app.get('/throttling', {
    schema: {
      ...controlDoc('throttling.get', 'The tenant\'s throttling: limits, windows, and how each client retried', {
        tenant: true,
        description: 'Per client (the token\'s app id): the `429`s with `Retry-After` it was sent (by a limit or a fault rule), its retries, and its violations: requests that came before the `Retry-After` had passed, each with its journal id and how early it was.',
      }),
      response: { 200: ThrottlingReportSchema, 400: TENANT_400, default: CONTROL_DEFAULT },
    },
  }, async (request) => throttle.report(controlTenantId(request)));

  app.put('/throttling/limits', {
    schema: {
      ...controlDoc('throttling.setLimits', 'Set the tenant\'s throttling limits', {
        tenant: true,
        description: 'One integer per scope and kind, and the window; a field left out is Intune\'s value (`{}` puts them all back). The windows start anew; the clients\' reports stay.',
      }),
      body: named('mock.throttlingLimitsInput', ThrottlingLimitsInputSchema),
      response: {
        200: respond('The limits now in force.', named('mock.throttlingLimits', ThrottlingLimitsSchema)),
        400: badRequest('Not valid limits: an unknown field, or a value not a whole number from 1 (`invalidRequest`), or not JSON (`invalidJson`)', { tenant: true }),
        default: CONTROL_DEFAULT,
      },
    },
  }, async (request) => {
    const body = request.body ?? null;
    if (!validateLimits(body)) throw ControlError.invalid('The throttling limits are not valid.', validateLimits.problems(body));
    return throttle.setLimits(controlTenantId(request), body);
  });

  app.delete('/throttling', {
    schema: {
      ...controlDoc('throttling.clear', 'Clear the tenant\'s throttling windows and report', { tenant: true, description: 'The limits stay (`POST /_mock/reset` puts them back to Intune\'s).' }),
      response: { 204: noBody('Cleared.'), 400: TENANT_400, default: CONTROL_DEFAULT },
    },
  }, async (request, reply) => {
    throttle.clearState(controlTenantId(request));
    return reply.code(204).send();
  });
}
