/**
 * The tenant's users as the control API seeds them (docs/simulation.md#control-api): `POST /_mock/users`,
 * and a device created for a user principal name the tenant does not know. A new user gets what the
 * request leaves out derived from its user principal name.
 */
import { compileValidator } from '../lib/ajv.js';
import { UserInputSchema, type User, type UserInput } from '../schemas/user.js';
import { DomainError } from './errors.js';
import type { Random } from './random.js';
import type { TenantData } from './tenant-state.js';

const validateUserInput = compileValidator(UserInputSchema);

/** "megan.bowen@…" → "Megan Bowen", "MeganB@…" → "MeganB": the name before the `@`, in words, each capitalised. */
export function displayNameOf(userPrincipalName: string): string {
  const local = userPrincipalName.slice(0, userPrincipalName.lastIndexOf('@'));
  const words = local.split(/[._-]+/).filter((w) => w.length > 0);
  return words.length === 0 ? local : words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** The user with this user principal name, case-insensitively (Entra's UPNs are unique regardless of case). */
export function userByPrincipalName(tenant: TenantData, userPrincipalName: string): User | undefined {
  const key = userPrincipalName.toLowerCase();
  for (const u of tenant.users.values()) if (u.userPrincipalName.toLowerCase() === key) return u;
  return undefined;
}

/**
 * A new user for the tenant, validated and not yet added (the caller adds it once everything else it does
 * has been validated too): `invalidProperty` naming the field for a bad one, `conflict` for a user principal
 * name or id the tenant already has.
 */
export function newUser(tenant: TenantData, input: UserInput, random: Random): User {
  const given: unknown = input;
  if (!validateUserInput(given)) {
    const [problem] = validateUserInput.problems(given);
    const field = problem?.path.replace(/^\$\.?/, '') || 'user';
    const message = field === 'userPrincipalName'
      ? `userPrincipalName '${String((given as { userPrincipalName?: unknown }).userPrincipalName)}' is not a user principal name: name@domain, with A-Z a-z 0-9 ' . - _ ! # ^ ~ and no '.' just before the '@'.`
      : `${field} ${problem?.message ?? 'is not valid'}.`;
    throw new DomainError('invalidProperty', message, field);
  }
  const { userPrincipalName, id, displayName, mail, ...rest } = input;
  if (userByPrincipalName(tenant, userPrincipalName)) {
    throw new DomainError('conflict', `A user with userPrincipalName '${userPrincipalName}' already exists in this tenant.`, userPrincipalName);
  }
  if (id !== undefined && tenant.users.has(id.toLowerCase())) {
    throw new DomainError('conflict', `A user with id '${id}' already exists in this tenant.`, id);
  }
  return {
    id: id ?? random.uuid(),
    userPrincipalName,
    displayName: displayName === undefined ? displayNameOf(userPrincipalName) : displayName,
    mail: mail === undefined ? userPrincipalName : mail,
    ...rest,
  };
}

/** Adds a user made by `newUser`; the tenant's users are keyed by lower-case id (`tenants.ts`). */
export function addUser(tenant: TenantData, user: User): void {
  tenant.users.set(user.id.toLowerCase(), user);
}
