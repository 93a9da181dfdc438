/**
 * A tenant's whole state (docs/simulation.md#control-api, docs/simulation.md#fixtures): `POST /_mock/reset` back to the seed fixture,
 * `PUT /_mock/fixtures` to replace it with a fixture document, `GET /_mock/fixtures` to export it as one
 * that `PUT` accepts back unchanged. The tenant is `x-mock-tenant`'s, or the default tenant.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { describeOmitted } from '../domain/export-fixture.js';
import type { Intune } from '../domain/intune.js';
import { validateFixture } from '../fixtures/validate-fixture.js';
import { respond } from '../openapi/components.js';
import { FixtureSchema } from '../schemas/fixture.js';
import { named } from '../schemas/named.js';
import { CONTROL_DEFAULT, badRequest, controlDoc } from './docs.js';
import { ControlError } from './errors.js';
import { controlTenantId } from './tenant.js';

/**
 * The largest fixture `PUT` takes: an export of 100,000 devices is about 280 MB (every property of every
 * device), well over the app's 4 MiB for other bodies; V8 cannot hold a string much longer than 512 MiB.
 */
export const FIXTURE_BODY_LIMIT = 480 * 1024 * 1024;

const Fixture = named('mock.fixture', FixtureSchema, { description: 'A fixture document (`fixtures/fixture.schema.json`): devices, users, compliance policies, apps.' });
const ResetSchema = Type.Object({ status: Type.Literal('reset'), tenant: Type.String() }, { $id: 'mock.reset', additionalProperties: false });
const ReplacedSchema = Type.Object({
  status: Type.Literal('replaced'),
  tenant: Type.String(),
  devices: Type.Integer(),
  users: Type.Integer(),
  compliancePolicies: Type.Integer(),
  apps: Type.Integer(),
}, { $id: 'mock.fixtureLoaded', description: 'What the tenant now holds.', additionalProperties: false });
const TENANT_400 = badRequest('A bad `x-mock-tenant` (`invalidTenant`)');

export async function stateRoutes(app: FastifyInstance, opts: { intune: Intune }): Promise<void> {
  const { intune } = opts;

  app.post('/reset', {
    schema: {
      ...controlDoc('reset', 'Put the tenant back to its seed fixture', { tenant: true, description: 'Devices, users, policies, apps, action results, audits, pending actions; its fault rules and journal are cleared; its clock goes back to the base clock (real time). Other tenants are not touched.' }),
      response: { 200: ResetSchema, 400: TENANT_400, default: CONTROL_DEFAULT },
    },
  }, async (request) => {
    const tenantId = controlTenantId(request);
    intune.resetTenant(tenantId);
    return { status: 'reset', tenant: tenantId };
  });

  app.put('/fixtures', {
    bodyLimit: FIXTURE_BODY_LIMIT,
    schema: {
      ...controlDoc('fixtures.replace', 'Replace the tenant\'s whole state with a fixture', { tenant: true, description: 'Validated whole first: a bad document changes nothing. Up to 480 MiB. The tenant\'s clock stays where it is.' }),
      body: Fixture,
      response: {
        200: ReplacedSchema,
        400: badRequest('Not a valid fixture (`invalidFixture`, every problem with its JSON path in `details`), or not JSON (`invalidJson`)', { tenant: true }),
        default: CONTROL_DEFAULT,
      },
    },
  }, async (request) => {
    const tenantId = controlTenantId(request);
    // Validated whole before anything is touched: a bad document changes nothing.
    const result = validateFixture(request.body ?? null);
    if (!result.ok) {
      const n = result.problems.length;
      throw new ControlError(400, 'invalidFixture', `The fixture is not valid (${n} problem${n === 1 ? '' : 's'}, see details); nothing was changed.`, result.problems);
    }
    return { status: 'replaced', tenant: tenantId, ...intune.replaceTenant(tenantId, result.fixture) };
  });

  app.get('/fixtures', {
    schema: {
      ...controlDoc('fixtures.export', 'Export the tenant as a fixture', {
        tenant: true,
        description: 'Every device with all its properties and its `simulation`; `PUT` it back and you get the same tenant. Pending actions and audits are left out, as `x-mock-not-exported` says.',
      }),
      response: { 200: respond('The fixture.', Fixture), 400: TENANT_400, default: CONTROL_DEFAULT },
    },
  }, async (request, reply) => {
    const { fixture, omitted } = intune.exportTenant(controlTenantId(request));
    // Serialized here, at once: the export shares objects with the live tenant.
    let body: string;
    try {
      body = JSON.stringify(fixture);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      throw new ControlError(500, 'exportTooLarge', `The tenant's ${fixture.devices?.length ?? 0} devices are more than one JSON document can hold (512 MiB); export a smaller tenant.`);
    }
    return reply.type('application/json; charset=utf-8').header('x-mock-not-exported', describeOmitted(omitted)).send(body);
  });
}
