/**
 * `/_mock/clock`: the mock's time (real time plus what tests added). Moving it forward lets everything
 * that falls due happen, in order, in every tenant, before the answer.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { isoAt, type Clock } from '../domain/clock.js';
import type { Tenants } from '../domain/tenants.js';
import { compileValidator } from '../lib/ajv.js';
import { ControlError } from './errors.js';

export const ClockAdvanceSchema = Type.Object({
  advanceSeconds: Type.Number({ minimum: 0, maximum: 10 * 365 * 86_400 }),
}, { additionalProperties: false });
const validateAdvance = compileValidator(ClockAdvanceSchema);

export async function clockRoutes(app: FastifyInstance, opts: { clock: Clock; tenants: Tenants }): Promise<void> {
  app.get('/clock', async () => ({ now: isoAt(opts.clock.now()) }));
  app.post('/clock', async (request) => {
    const body = request.body;
    if (!validateAdvance(body)) throw ControlError.invalid('Send {"advanceSeconds": n} with n ≥ 0.', validateAdvance.problems(body ?? null));
    opts.clock.advance(body.advanceSeconds * 1000);
    opts.tenants.settleAll();
    return { now: isoAt(opts.clock.now()) };
  });
}
