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
import { ControlError, sendControlFailure } from './errors.js';
import { controlTenantId } from './tenant.js';

/**
 * The largest fixture `PUT` takes by default (`--max-fixture-bytes`): an export of 100,000 devices is about
 * 340 MB (every property of every device; measured: 2,000 devices of `fixtures generate --seed ci` export to
 * 6.8 MB; the generated fleet of 100,000 itself is 223 MB), well over the app's
 * 4 MiB for other bodies. WHY bounded below V8's ~512 MiB string limit: a 480 MB upload was taken whole, and
 * holding it parsed costs several times its size in memory (docs/reliability.md#bounds).
 */
export const FIXTURE_BODY_LIMIT = 384 * 1024 * 1024;

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

export async function stateRoutes(app: FastifyInstance, opts: { intune: Intune; maxFixtureBytes?: number }): Promise<void> {
  const { intune } = opts;
  const maxFixtureBytes = opts.maxFixtureBytes ?? FIXTURE_BODY_LIMIT;

  app.post('/reset', {
    schema: {
      ...controlDoc('reset', 'Put the tenant back to its seed fixture', { tenant: true, description: 'Devices, users, policies, apps, action results, audits, pending actions; its fault rules, journal and throttling (windows, report and limits) are cleared; its clock goes back to the base clock (real time). Other tenants are not touched.' }),
      response: { 200: ResetSchema, 400: TENANT_400, default: CONTROL_DEFAULT },
    },
  }, async (request) => {
    const tenantId = controlTenantId(request);
    intune.resetTenant(tenantId);
    return { status: 'reset', tenant: tenantId };
  });

  app.put('/fixtures', {
    bodyLimit: maxFixtureBytes,
    // A body over the limit is the control API's 413, naming the setting that would let it in.
    errorHandler: (err, request, reply) => {
      if ((err as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return sendControlFailure(err, request, reply);
      return sendControlFailure(new ControlError(413, 'bodyTooLarge', `The fixture is larger than ${maxFixtureBytes} bytes, the most this mock takes (--max-fixture-bytes, INTUNE_MOCK_MAX_FIXTURE_BYTES); nothing was changed.`), request, reply);
    },
    schema: {
      ...controlDoc('fixtures.replace', 'Replace the tenant\'s whole state with a fixture', { tenant: true, description: 'Validated whole first: a bad document changes nothing. Up to `--max-fixture-bytes` (384 MiB by default: a 100,000-device export); larger is `413 bodyTooLarge`. The tenant\'s clock stays where it is.' }),
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
