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
