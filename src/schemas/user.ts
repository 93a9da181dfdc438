/**
 * The slice of the Graph `user` the mock needs: enough to resolve `/users/{id | userPrincipalName}` and
 * `/me`, and to fill a device's `userId`, `userPrincipalName`, `userDisplayName` and `emailAddress`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { EdmGuid, EdmString, Nullable } from './edm.js';

export const UserSchema = Type.Object({
  id: EdmGuid(),
  userPrincipalName: EdmString(),
  displayName: Nullable(EdmString()),
  mail: Type.Optional(Nullable(EdmString())),
  givenName: Type.Optional(Nullable(EdmString())),
  surname: Type.Optional(Nullable(EdmString())),
  jobTitle: Type.Optional(Nullable(EdmString())),
}, { additionalProperties: false });
export type User = Static<typeof UserSchema>;

/**
 * Entra's user name policy (https://learn.microsoft.com/entra/identity/authentication/concept-sspr-policy#username-policies):
 * A-Z a-z 0-9 and ' . - _ ! # ^ ~, one `@` between the name and the domain, no `.` just before it, at
 * most 64 characters before the `@` and 48 after. The domain is any DNS-style name (the mock has no
 * verified domains).
 */
export const USER_PRINCIPAL_NAME_PATTERN = "^(?=[^@]{1,64}@[^@]{1,48}$)[A-Za-z0-9'._!#^~-]*[A-Za-z0-9'_!#^~-]@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*$";

/**
 * `POST /_mock/users` (docs/simulation.md#control-api): a user for the tenant. Only the user principal name is
 * required; the id, display name and mail are derived when left out.
 */
export const UserInputSchema = Type.Object({
  userPrincipalName: Type.String({
    pattern: USER_PRINCIPAL_NAME_PATTERN,
    description: 'Unique in the tenant (case-insensitively); Entra\'s characters: A-Z a-z 0-9 \' . - _ ! # ^ ~, one `@`.',
  }),
  id: Type.Optional(Type.String({ format: 'uuid', description: 'The object id (a GUID); generated when left out.' })),
  displayName: Type.Optional(Nullable(Type.String({ description: 'Default: from the name before the `@` ("megan.bowen@…" → "Megan Bowen").' }))),
  mail: Type.Optional(Nullable(Type.String({ description: 'Default: the user principal name.' }))),
  givenName: Type.Optional(Nullable(Type.String())),
  surname: Type.Optional(Nullable(Type.String())),
  jobTitle: Type.Optional(Nullable(Type.String())),
}, { additionalProperties: false });
export type UserInput = Static<typeof UserInputSchema>;
