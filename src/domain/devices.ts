/**
 * Managed devices as Graph serves them: which devices a path sees (the tenant's, a user's, the
 * signed-in user's), a single device, PATCH of the writable properties, DELETE.
 */
import { compileValidator } from '../lib/ajv.js';
import { clip, excerpt } from '../lib/excerpt.js';
import { ManagedDeviceBetaDerivedSchema, ManagedDeviceSchema, ManagedDeviceUpdateSchema, WRITABLE_PROPERTIES } from '../schemas/managed-device.js';
import type { User } from '../schemas/user.js';
import type { DeviceRecord, TenantData } from './tenant-state.js';
import type { Caller } from './caller.js';
import { DomainError } from './errors.js';

/** The user named by a path: object id or userPrincipalName, case-insensitively, as Graph resolves `/users/{id}`. */
export function findUser(tenant: TenantData, idOrUpn: string): User {
  const key = idOrUpn.toLowerCase();
  const byId = tenant.users.get(key);
  if (byId) return byId;
  for (const u of tenant.users.values()) if (u.userPrincipalName.toLowerCase() === key) return u;
  throw new DomainError(
    'userNotFound',
    `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
    idOrUpn,
  );
}

/** The user behind `/me`. */
export function signedInUser(tenant: TenantData, caller: Caller): User {
  if (caller.kind === 'app') {
    // Real Graph's answer to /me with an app-only token.
    throw new DomainError('noSignedInUser', '/me request is only valid with delegated authentication flow.');
  }
  if (caller.userId !== undefined) return findUser(tenant, caller.userId);
  const first = tenant.users.values().next();
  if (first.done) throw new DomainError('noSignedInUser', 'There is no signed-in user: the tenant has no users.');
  return first.value;
}

/** Whether a device is the user's: by `userId`, or by UPN when it has no `userId` (case-insensitively). */
const ownedBy = (user: User): ((record: DeviceRecord) => boolean) => {
  const id = user.id.toLowerCase();
  const upn = user.userPrincipalName.toLowerCase();
  return (record) =>
    (record.device.userId ?? '').toLowerCase() === id ||
    (record.device.userId === null && (record.device.userPrincipalName ?? '').toLowerCase() === upn);
};
const belongsTo = (record: DeviceRecord, user: User): boolean => ownedBy(user)(record);

/**
 * The devices a listing sees, in enrolment order, without copying. Deliberately not a generator:
 * resuming one per device was a third of the time of `$orderby=deviceName&$top=100` over 100,000
 * devices in a loop of its own (BENCHMARKS.md).
 */
export function devicesOf(tenant: TenantData, user?: User): IterableIterator<DeviceRecord> {
  const all = tenant.devices.values();
  const owned = user ? ownedBy(user) : undefined;
  const keep = (record: DeviceRecord) => isEnrolled(record) && (!owned || owned(record));
  const mine: IterableIterator<DeviceRecord> = {
    next(): IteratorResult<DeviceRecord> {
      for (let r = all.next(); !r.done; r = all.next()) if (keep(r.value)) return r;
      return { done: true, value: undefined };
    },
    [Symbol.iterator]: () => mine,
  };
  return mine;
}

/** Under management: a retired or wiped device, or one a DELETE hid, is gone from Graph. */
export const isEnrolled = (record: DeviceRecord): boolean => record.simulation.enrolled !== false;

/** A device Graph serves: enrolled, and the user's when a user is given. */
export function getDevice(tenant: TenantData, id: string, user?: User): DeviceRecord {
  const record = findSimulated(tenant, id);
  if (!isEnrolled(record) || (user && !belongsTo(record, user))) throw deviceNotFound(id);
  return record;
}

/** Graph's answer for a device it does not serve (none with the id, or one out of management). */
export const deviceNotFound = (id: string): DomainError => new DomainError('deviceNotFound', `No managed device with id '${id}' exists in this tenant.`, id);

/** Any simulated device of the tenant, enrolled or not (the control API sees them all). */
export function findSimulated(tenant: TenantData, id: string): DeviceRecord {
  const record = tenant.devices.get(id) ?? findCaseInsensitive(tenant, id);
  if (!record) throw deviceNotFound(id);
  return record;
}

/** Device ids are GUIDs, which Graph matches regardless of case. */
function findCaseInsensitive(tenant: TenantData, id: string): DeviceRecord | undefined {
  const lower = id.toLowerCase();
  return lower === id ? undefined : tenant.devices.get(lower);
}

const validateUpdate = compileValidator(ManagedDeviceUpdateSchema);
const EDM_NAMES: Record<string, string> = {
  managedDeviceName: 'Edm.String',
  notes: 'Edm.String',
  managedDeviceOwnerType: 'microsoft.graph.managedDeviceOwnerType',
};

/**
 * PATCH: only the properties the CSDL leaves writable (`managedDeviceName`, `managedDeviceOwnerType`,
 * `notes`); anything else is refused whole, naming the property, and nothing is changed.
 */
export function updateDevice(tenant: TenantData, id: string, body: unknown): DeviceRecord {
  const record = getDevice(tenant, id);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError('invalidProperty', 'The request body must be a JSON object of managedDevice properties.');
  }
  for (const key of Object.keys(body)) {
    if (key === '@odata.type' || WRITABLE_PROPERTIES.has(key)) continue;
    if (Object.hasOwn(ManagedDeviceSchema.properties, key) || Object.hasOwn(ManagedDeviceBetaDerivedSchema.properties, key)) {
      throw new DomainError('readOnlyProperty', `The property '${key}' is read-only and cannot be updated. Writable properties: ${[...WRITABLE_PROPERTIES].join(', ')}.`, key);
    }
    throw new DomainError(
      'invalidProperty',
      `The property '${clip(key)}' does not exist on type 'microsoft.graph.managedDevice'. Make sure to only use property names that are defined by the type.`,
      clip(key),
    );
  }
  const problem = validateUpdate.problems(body)[0];
  if (problem) {
    const key = problem.path.replace(/^\$\.?/, '').replace(/^\['(.*)'\]$/, '$1');
    const value = (body as Record<string, unknown>)[key];
    const expected = EDM_NAMES[key] ?? 'Edm.String';
    throw new DomainError('invalidProperty', `Cannot convert the literal '${excerpt(value)}' to the expected type '${expected}' of property '${clip(key)}'.`, clip(key));
  }
  const patch = body as Record<string, unknown>;
  for (const key of WRITABLE_PROPERTIES) if (key in patch) (record.device as Record<string, unknown>)[key] = patch[key];
  return record;
}


/** Who a remote action's audit names as its initiator: the signed-in user's UPN, or the app's id. */
export function initiatorOf(tenant: TenantData, caller: Caller): string | null {
  if (caller.kind === 'app') return caller.appId ?? null;
  try {
    return signedInUser(tenant, caller).userPrincipalName;
  } catch {
    return caller.userId ?? null;
  }
}
