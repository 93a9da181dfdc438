/**
 * `/_mock/users`: the tenant's users, and seeding one directly (docs/simulation.md#control-api), for
 * `/users/{id}/managedDevices`, `/me` and delegated tokens.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Intune } from '../domain/intune.js';
import { compileValidator } from '../lib/ajv.js';
import { respond } from '../openapi/components.js';
import { named } from '../schemas/named.js';
import { UserInputSchema, UserSchema } from '../schemas/user.js';
import { CONTROL_DEFAULT, badRequest, controlDoc, controlError } from './docs.js';
import { ControlError } from './errors.js';
import { controlTenantId } from './tenant.js';

const validateInput = compileValidator(UserInputSchema);

/** A user as the control API shows it (also a created device's `createdUser`). */
export const ControlUserSchema = named('mock.user', UserSchema, { description: 'A user of the tenant.' });
const user = ControlUserSchema;
export const UserListSchema = Type.Object({
  users: Type.Array(user, { description: 'In the order they were added (the first is `/me`\'s default).' }),
}, { $id: 'mock.userList', additionalProperties: false });

export async function userRoutes(app: FastifyInstance, opts: { intune: Intune }): Promise<void> {
  const { intune } = opts;

  app.get('/users', {
    schema: {
      ...controlDoc('users.list', 'The tenant\'s users', { tenant: true }),
      response: { 200: UserListSchema, 400: badRequest('A bad `x-mock-tenant` (`invalidTenant`)'), default: CONTROL_DEFAULT },
    },
  }, async (request) => ({ users: intune.users(controlTenantId(request)) }));

  app.post('/users', {
    schema: {
      ...controlDoc('users.create', 'Add a user to the tenant', {
        tenant: true,
        description: '`userPrincipalName` is required; `id` (a GUID), `displayName` and `mail` are derived when left out (a new GUID, the name before the `@` in words, the user principal name).',
      }),
      body: named('mock.userInput', UserInputSchema),
      response: {
        201: respond('Added.', user),
        400: badRequest('Not a valid user (`invalidRequest`, every problem with its path in `details`, e.g. `$.userPrincipalName`), or not JSON (`invalidJson`)', { tenant: true }),
        409: controlError('The tenant already has a user with this user principal name (case-insensitively) or id (`conflict`).'),
        default: CONTROL_DEFAULT,
      },
    },
  }, async (request, reply) => {
    const body = request.body ?? null;
    if (!validateInput(body)) throw ControlError.invalid('The user is not valid.', validateInput.problems(body));
    return reply.code(201).send(intune.createUser(controlTenantId(request), body));
  });
}
