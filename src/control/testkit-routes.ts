/**
 * Fault rules and the request journal in the control API (docs/simulation.md#control-api):
 *   GET|POST|DELETE /_mock/faults, DELETE /_mock/faults/{id}; GET|DELETE /_mock/requests?method=&path=
 * Both belong to the `x-mock-tenant` tenant; `POST /_mock/reset` clears them. Requests that proved no tenant
 * are in one journal of their own: GET|DELETE /_mock/requests/unauthenticated?method=&path=&tenant=.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { compileValidator } from '../lib/ajv.js';
import { noBody, respond } from '../openapi/components.js';
import { named } from '../schemas/named.js';
import { CONTROL_DEFAULT, badRequest, controlDoc, controlError } from './docs.js';
import { ControlError } from './errors.js';
import { FaultRegistry, FaultRuleInputSchema, FaultRuleSchema, unknownOperation } from '../testkit/faults.js';
import { JournalSchema, UNAUTHENTICATED, type RequestJournal } from '../testkit/journal.js';
import { resolveTenantId } from '../domain/tenants.js';
import { MAX_PATTERN_LENGTH } from '../testkit/path-pattern.js';
import { controlTenantId } from './tenant.js';

const validateRule = compileValidator(FaultRuleInputSchema);

const FaultRulesSchema = Type.Object({ faults: Type.Array(FaultRuleSchema, { description: 'In the order they are tried.' }) }, { $id: 'mock.faultRules', additionalProperties: false });
const JournalQuerySchema = Type.Object({
  method: Type.Optional(Type.String({ description: 'Only this method (any case).' })),
  path: Type.Optional(Type.String({ maxLength: MAX_PATTERN_LENGTH, description: 'A path prefix, or a pattern with `*` (within a segment) and `**` (across), case-insensitive.' })),
});
const UnauthenticatedQuerySchema = Type.Object({
  ...JournalQuerySchema.properties,
  tenant: Type.Optional(Type.String({ maxLength: 256, description: 'Only the requests that named this tenant (an id or a name, as in `x-mock-tenant`).' })),
});
const TENANT_400 = badRequest('A bad `x-mock-tenant` (`invalidTenant`)');

function checkPathFilter(path: string | undefined): void {
  if (path !== undefined && path.length > MAX_PATTERN_LENGTH) {
    throw ControlError.invalid(`The path filter is longer than ${MAX_PATTERN_LENGTH} characters.`, [{ path: '$.path', message: `must NOT have more than ${MAX_PATTERN_LENGTH} characters` }]);
  }
}

export async function testkitRoutes(app: FastifyInstance, opts: { faults: FaultRegistry; journal: RequestJournal }): Promise<void> {
  const { faults, journal } = opts;

  app.get('/faults', {
    schema: { ...controlDoc('faults.list', 'The tenant\'s fault rules', { tenant: true }), response: { 200: FaultRulesSchema, 400: TENANT_400, default: CONTROL_DEFAULT } },
  }, async (request) => ({ faults: faults.list(controlTenantId(request)) }));
  app.post('/faults', {
    schema: {
      ...controlDoc('faults.add', 'Add a fault rule', {
        tenant: true,
        description: 'Graph misbehaves on purpose for the next `times` matching requests of the tenant: a status with a real Graph error (`429` with Graph\'s throttling body), latency, or both.',
      }),
      body: named('mock.faultRuleInput', FaultRuleInputSchema),
      response: {
        201: respond('The rule, with its id.', FaultRuleSchema),
        400: badRequest('Not a valid rule, e.g. neither `status` nor `latencyMs`, an `operation` the mock does not serve (named, with the known ones), or a `probability` below 1 without a `seed` (`invalidRequest`), or not JSON (`invalidJson`)', { tenant: true }),
        default: CONTROL_DEFAULT,
      },
    },
  }, async (request, reply) => {
    const body = request.body ?? null;
    if (!validateRule(body)) {
      // An unknown operation is named in the message, with the known ones (the details list every accepted value).
      const operation = unknownOperation((body as { operation?: unknown } | null)?.operation);
      throw ControlError.invalid(operation ? `The fault rule is not valid: ${operation}.` : 'The fault rule is not valid.', validateRule.problems(body));
    }
    const problem = FaultRegistry.problem(body);
    if (problem) throw ControlError.invalid(`The fault rule is not valid: ${problem}.`, [{ path: '$', message: problem }]);
    return reply.code(201).send(faults.add(controlTenantId(request), body));
  });
  app.delete('/faults', {
    schema: { ...controlDoc('faults.clear', 'Remove every fault rule of the tenant', { tenant: true }), response: { 204: noBody('Removed.'), 400: TENANT_400, default: CONTROL_DEFAULT } },
  }, async (request, reply) => {
    faults.clear(controlTenantId(request));
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string } }>('/faults/:id', {
    schema: {
      ...controlDoc('faults.remove', 'Remove a fault rule', { tenant: true }),
      params: Type.Object({ id: Type.String({ description: 'The rule\'s id.' }) }),
      response: { 204: noBody('Removed.'), 400: TENANT_400, 404: controlError('No such rule in the tenant; a spent rule is gone (`faultNotFound`).'), default: CONTROL_DEFAULT },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    if (!faults.remove(controlTenantId(request), id)) throw new ControlError(404, 'faultNotFound', `There is no fault rule ${id} in this tenant (a spent rule is gone).`);
    return reply.code(204).send();
  });

  app.get<{ Querystring: Static<typeof JournalQuerySchema> }>('/requests', {
    schema: {
      ...controlDoc('requests.list', 'The tenant\'s request journal', { tenant: true, description: 'Its Graph and token requests, oldest first: the last `--journal-size` (1000 by default).' }),
      querystring: JournalQuerySchema,
      response: { 200: JournalSchema, 400: badRequest('A bad `x-mock-tenant` (`invalidTenant`), or a `path` filter too long (`invalidRequest`)'), default: CONTROL_DEFAULT },
    },
  }, async (request) => {
    const { method, path } = request.query;
    checkPathFilter(path);
    return journal.list(controlTenantId(request), { method, path });
  });
  app.get<{ Querystring: Static<typeof UnauthenticatedQuerySchema> }>('/requests/unauthenticated', {
    schema: {
      ...controlDoc('requests.unauthenticated', 'The journal of requests that proved no tenant', {
        description: 'Graph requests refused before their tenant was known (a missing, forged, expired or foreign token) and token requests that got no token, oldest first: the last `--journal-size` (1000 by default) of all tenants. Each names the tenant it claimed (`claimedTenant`); no tenant\'s own journal holds them, since anyone can name any tenant.',
      }),
      querystring: UnauthenticatedQuerySchema,
      response: { 200: JournalSchema, 400: badRequest('A `path` filter too long (`invalidRequest`)'), default: CONTROL_DEFAULT },
    },
  }, async (request) => {
    const { method, path, tenant } = request.query;
    checkPathFilter(path);
    return journal.list(UNAUTHENTICATED, { method, path, claimedTenant: tenant?.trim() ? resolveTenantId(tenant) : undefined });
  });
  app.delete('/requests/unauthenticated', {
    schema: { ...controlDoc('requests.clearUnauthenticated', 'Clear the journal of requests that proved no tenant'), response: { 204: noBody('Cleared.'), default: CONTROL_DEFAULT } },
  }, async (_request, reply) => {
    journal.clear(UNAUTHENTICATED);
    return reply.code(204).send();
  });
  app.delete('/requests', {
    schema: { ...controlDoc('requests.clear', 'Clear the tenant\'s request journal', { tenant: true }), response: { 204: noBody('Cleared.'), 400: TENANT_400, default: CONTROL_DEFAULT } },
  }, async (request, reply) => {
    journal.clear(controlTenantId(request));
    return reply.code(204).send();
  });
}
