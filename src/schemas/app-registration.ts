/**
 * An app registration a fixture may declare (docs/simulation.md#identity): when a tenant declares any, only those
 * get tokens, with the application permissions (`roles`) listed here (Microsoft Graph's names: `validate-fixture.ts`
 * refuses others).
 */
import { Type, type Static } from '@sinclair/typebox';

export const AppRegistrationSchema = Type.Object({
  clientId: Type.String({ minLength: 1 }),
  clientSecret: Type.String({ minLength: 1 }),
  displayName: Type.Optional(Type.String({ description: 'The app\'s name: its tokens\' `app_displayname` (default: the client id).' })),
  roles: Type.Array(Type.String({ minLength: 1 }), { description: 'Microsoft Graph application permissions, spelt exactly, e.g. `DeviceManagementManagedDevices.Read.All`.' }),
}, { additionalProperties: false });
export type AppRegistration = Static<typeof AppRegistrationSchema>;
