/**
 * An app registration a fixture may declare (docs/simulation.md#identity): when a tenant declares any, only those
 * get tokens, with the application permissions (`roles`) listed here.
 */
import { Type, type Static } from '@sinclair/typebox';

export const AppRegistrationSchema = Type.Object({
  clientId: Type.String({ minLength: 1 }),
  clientSecret: Type.String({ minLength: 1 }),
  displayName: Type.Optional(Type.String()),
  roles: Type.Array(Type.String({ minLength: 1 })),
}, { additionalProperties: false });
export type AppRegistration = Static<typeof AppRegistrationSchema>;
