/**
 * The fixture document (docs/simulation.md#fixtures): devices (Graph properties plus `simulation`), compliance
 * policies, users, apps. `fixtures/fixture.schema.json` is generated from this definition
 * (`npm run fixtures:schema`; a test fails when it drifts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { AppRegistrationSchema } from './app-registration.js';
import { CompliancePolicySchema } from './compliance-policy.js';
import { ManagedDeviceSchema } from './managed-device.js';
import { SimulationInputSchema } from './simulation.js';
import { UserSchema } from './user.js';

/** A device in a fixture: `id` and any Graph properties (the rest get Graph's defaults), plus `simulation`. */
export const FixtureDeviceSchema = Type.Composite([
  Type.Partial(Type.Omit(ManagedDeviceSchema, ['id'])),
  Type.Object({
    id: Type.String({ minLength: 1 }),
    simulation: Type.Optional(SimulationInputSchema),
  }),
], { additionalProperties: false });
export type FixtureDevice = Static<typeof FixtureDeviceSchema>;

/** `POST /_mock/devices`: a fixture device whose `id` may be left out too. */
export const DeviceInputSchema = Type.Composite([
  Type.Partial(Type.Omit(ManagedDeviceSchema, ['id'])),
  Type.Object({
    id: Type.Optional(Type.String({ minLength: 1 })),
    simulation: Type.Optional(SimulationInputSchema),
  }),
], { additionalProperties: false });
export type DeviceInput = Static<typeof DeviceInputSchema>;

export const FixtureSchema = Type.Object({
  $schema: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  users: Type.Optional(Type.Array(UserSchema)),
  compliancePolicies: Type.Optional(Type.Array(CompliancePolicySchema)),
  apps: Type.Optional(Type.Array(AppRegistrationSchema)),
  devices: Type.Optional(Type.Array(FixtureDeviceSchema)),
}, {
  additionalProperties: false,
  $id: 'https://github.com/intune-mock/intune-mock/fixtures/fixture.schema.json',
  title: 'intune-mock fixture',
});
export type Fixture = Static<typeof FixtureSchema>;
