/**
 * `/_mock/clock`: the mock's time (real time plus what tests added). Moving it forward lets everything
 * that falls due happen, in order, in every tenant, before the answer.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { isoAt, type Clock } from '../domain/clock.js';
import type { Intune } from '../domain/intune.js';
import { compileValidator } from '../lib/ajv.js';
import { named } from '../schemas/named.js';
import { CONTROL_DEFAULT, badRequest, controlDoc } from './docs.js';
import { ControlError } from './errors.js';

export const ClockAdvanceSchema = Type.Object({
  advanceSeconds: Type.Number({ minimum: 0, maximum: 10 * 365 * 86_400 }),
}, { additionalProperties: false });
const validateAdvance = compileValidator(ClockAdvanceSchema);

const ClockSchema = Type.Object({
  now: Type.String({ format: 'date-time', description: 'The mock\'s time: real time plus what tests added.' }),
}, { $id: 'mock.clock', additionalProperties: false });

export async function clockRoutes(app: FastifyInstance, opts: { clock: Clock; intune: Intune }): Promise<void> {
  app.get('/clock', { schema: { ...controlDoc('clock.get', 'The mock\'s time'), response: { 200: ClockSchema } } }, async () => ({ now: isoAt(opts.clock.now()) }));
  app.post('/clock', {
    schema: {
      ...controlDoc('clock.advance', 'Move the clock forward', { description: 'Everything that falls due (check-ins, expiries) happens, in order, in every tenant, before the answer.' }),
      body: named('mock.clockAdvance', ClockAdvanceSchema),
      response: { 200: ClockSchema, 400: badRequest('Not `{"advanceSeconds": n}` with 0 ≤ n ≤ 10 years (`invalidRequest`), or not JSON (`invalidJson`)'), default: CONTROL_DEFAULT },
    },
  }, async (request) => {
    const body = request.body;
    if (!validateAdvance(body)) throw ControlError.invalid('Send {"advanceSeconds": n} with n ≥ 0.', validateAdvance.problems(body ?? null));
    return { now: isoAt(opts.intune.advanceClock(body.advanceSeconds)) };
  });
}
