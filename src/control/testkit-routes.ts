/**
 * Fault rules and the request journal in the control API (behaviour.md §6):
 *   GET|POST|DELETE /_mock/faults, DELETE /_mock/faults/{id}; GET|DELETE /_mock/requests?method=&path=
 * Both belong to the `x-mock-tenant` tenant; `POST /_mock/reset` clears them.
 */
import type { FastifyInstance } from 'fastify';
import { compileValidator } from '../lib/ajv.js';
import { ControlError } from './errors.js';
import { FaultRegistry, FaultRuleInputSchema } from './faults.js';
import type { RequestJournal } from './journal.js';
import { controlTenantId } from './tenant.js';

const validateRule = compileValidator(FaultRuleInputSchema);

export async function testkitRoutes(app: FastifyInstance, opts: { faults: FaultRegistry; journal: RequestJournal }): Promise<void> {
  const { faults, journal } = opts;

  app.get('/faults', async (request) => ({ faults: faults.list(controlTenantId(request)) }));
  app.post('/faults', async (request, reply) => {
    const body = request.body ?? null;
    if (!validateRule(body)) throw ControlError.invalid('The fault rule is not valid.', validateRule.problems(body));
    const problem = FaultRegistry.problem(body);
    if (problem) throw ControlError.invalid(`The fault rule is not valid: ${problem}.`, [{ path: '$', message: problem }]);
    return reply.code(201).send(faults.add(controlTenantId(request), body));
  });
  app.delete('/faults', async (request, reply) => {
    faults.clear(controlTenantId(request));
    return reply.code(204).send();
  });
  app.delete('/faults/:id', async (request, reply) => {
    const id = (request.params as { id: string }).id;
    if (!faults.remove(controlTenantId(request), id)) throw new ControlError(404, 'faultNotFound', `There is no fault rule ${id} in this tenant (a spent rule is gone).`);
    return reply.code(204).send();
  });

  app.get('/requests', async (request) => {
    const q = request.query as { method?: string; path?: string };
    return journal.list(controlTenantId(request), { method: q.method, path: q.path });
  });
  app.delete('/requests', async (request, reply) => {
    journal.clear(controlTenantId(request));
    return reply.code(204).send();
  });
}
