/**
 * `POST /_mock/devices`: enrols one simulated device (docs/simulation.md#creating-a-device). What decides how
 * the device behaves and the request leaves out takes the platform's default (`creation-defaults.ts`),
 * never a random draw; the rest (names, serial numbers, the model, dates) comes from the device generator.
 * A user principal name the tenant does not know becomes a new user. The user prompts a new device shows
 * appear at once ("right after enrollment").
 */
import type { DeviceInput } from '../../schemas/fixture.js';
import type { Enrollment } from '../../schemas/simulation.js';
import type { User } from '../../schemas/user.js';
import type { DeviceRecord, TenantData } from '../tenant-state.js';
import { defaultFor, type DefaultPlatform } from '../creation-defaults.js';
import { ENROLLMENT_KINDS, type EnrollmentKind } from '../device-catalog.js';
import { completeDevice } from '../device-defaults.js';
import { generateDevice, type GeneratorPlatform } from '../device-generator.js';
import { findUser } from '../devices.js';
import { DomainError } from '../errors.js';
import { ENROLLMENTS_BY_PLATFORM, platformOf } from '../platform.js';
import { completeSimulation, deriveEnrollment, simulationProblem } from '../simulation-defaults.js';
import { addUser, newUser, userByPrincipalName } from '../users.js';
import { reconcileNotifications } from './notifications.js';
import type { Simulator } from './simulator.js';

/** What `createDevice` made: the device, and the user it created for an unknown user principal name. */
export interface CreatedDevice {
  record: DeviceRecord;
  createdUser?: User;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GENERATOR_PLATFORM: Readonly<Record<DefaultPlatform, GeneratorPlatform>> = { android: 'android', ios: 'ios', macos: 'macos', windows: 'windows' };

export function createDevice(sim: Simulator, tenant: TenantData, input: DeviceInput): CreatedDevice {
  // Everything is checked before anything is added: a refused request changes nothing.
  if (input.id !== undefined && tenant.devices.has(input.id)) {
    throw new DomainError('conflict', `A device with id '${input.id}' already exists in this tenant.`, input.id);
  }
  const problem = simulationProblem(input.simulation);
  if (problem) throw new DomainError('invalidProperty', `simulation.${problem.field} ${problem.message}.`, `simulation.${problem.field}`);
  const platform = generatorPlatform(input);
  const os = input.operatingSystem ?? OPERATING_SYSTEM[platform];
  const family = platformOf(os) as DefaultPlatform;
  const enrollment: Enrollment = input.simulation?.enrollment ??
    (input.deviceEnrollmentType ? deriveEnrollment({ operatingSystem: os, deviceEnrollmentType: input.deviceEnrollmentType }) : defaultFor('enrollment', family));
  assertEnrollmentFits(os, enrollment);
  const { user, created } = deviceUser(sim, tenant, input, family, enrollment);

  const now = sim.now(tenant);
  const generated = generateDevice(sim.options.random, {
    now, platform, enrollment, user, ...(input.id ? { id: input.id } : {}),
    fixed: {
      kind: enrollmentKind(input, platform, enrollment, user !== null),
      minOsVersion: defaultFor('osVersion', family, enrollment).atLeast,
      // The given state decides the grace period's end, not a state drawn and then overwritten.
      complianceState: input.complianceState ?? defaultFor('complianceState', family),
    },
  });
  const { simulation: givenSimulation, ...graph } = input;
  const simulationDefaults = {
    passcode: defaultFor('passcode', family, enrollment),
    workProfilePasscode: defaultFor('workProfilePasscode', family, enrollment),
    resetToken: defaultFor('resetToken', family, enrollment),
  };
  const merged = { ...generated, ...graph, simulation: { ...generated.simulation, ...simulationDefaults, ...givenSimulation } };
  const device = completeDevice(merged);
  const simulation = completeSimulation(device, merged.simulation);
  assertEnrollmentFits(device.operatingSystem, simulation.enrollment);

  if (created) addUser(tenant, created);
  const record: DeviceRecord = { device, simulation, pendingActions: [] };
  reconcileNotifications(record, tenant, sim.ruleset, now);
  tenant.devices.set(device.id, record);
  return { record, ...(created ? { createdUser: created } : {}) };
}

const OPERATING_SYSTEM: Readonly<Record<GeneratorPlatform, string>> = { android: 'Android', ios: 'iOS', ipados: 'iPadOS', macos: 'macOS', windows: 'Windows' };

/**
 * The platform: the one `operatingSystem` names; else the one `deviceEnrollmentType` or
 * `simulation.enrollment` implies (the default platform when it is one of several); else the default.
 */
function generatorPlatform(input: DeviceInput): GeneratorPlatform {
  const os = input.operatingSystem;
  if (os !== undefined && os !== null) {
    const p = platformOf(os);
    if (p === 'other') {
      throw new DomainError('invalidProperty', `operatingSystem '${os}' is not one the simulation knows: use Android, iOS, iPadOS, macOS or Windows.`, 'operatingSystem');
    }
    return p === 'ios' && /ipad/i.test(os) ? 'ipados' : GENERATOR_PLATFORM[p];
  }
  const fallback = platformOf(defaultFor('operatingSystem', 'ios')) as DefaultPlatform;
  const type = input.deviceEnrollmentType;
  const byType: DefaultPlatform | undefined = type === undefined ? undefined
    : type.startsWith('android') ? 'android' : type.startsWith('apple') ? 'ios'
    : type.startsWith('windows') || type === 'azureAdJoinUsingAzureVmExtension' ? 'windows' : undefined;
  if (byType) return GENERATOR_PLATFORM[byType];
  const enrollment = input.simulation?.enrollment;
  if (enrollment === undefined || ENROLLMENTS_BY_PLATFORM[fallback].includes(enrollment)) return GENERATOR_PLATFORM[fallback];
  const having = (Object.keys(GENERATOR_PLATFORM) as DefaultPlatform[]).find((p) => ENROLLMENTS_BY_PLATFORM[p].includes(enrollment));
  return GENERATOR_PLATFORM[having ?? fallback];
}

/**
 * How the device enrolled (`ENROLLMENT_KINDS`): `deviceEnrollmentType`, `managedDeviceOwnerType` and
 * `isSupervised` describe one enrollment method together, so the ones the request gives pick it (the first
 * kind that has them all, in the catalog's order); the table's defaults fill the rest when none fits. A
 * device without a user enrols the userless way where its method has one (`appleBulkWithoutUser`).
 */
function enrollmentKind(input: DeviceInput, platform: GeneratorPlatform, enrollment: Enrollment, hasUser: boolean): EnrollmentKind {
  const family: DefaultPlatform = platform === 'ipados' ? 'ios' : platform;
  const type = input.deviceEnrollmentType ?? defaultFor('deviceEnrollmentType', family, enrollment);
  const owner = input.managedDeviceOwnerType ?? defaultFor('managedDeviceOwnerType', family, enrollment);
  const supervised = input.isSupervised ?? defaultFor('isSupervised', family, enrollment);
  const ofEnrollment = ENROLLMENT_KINDS.filter((k) => k.platform === platform && k.enrollment === enrollment);
  const withUser = ofEnrollment.filter((k) => k.user === undefined || k.user === hasUser);
  const ofDevice = withUser.length > 0 ? withUser : ofEnrollment;
  const given = ofDevice.filter((k) =>
    (input.deviceEnrollmentType === undefined || k.type === input.deviceEnrollmentType) &&
    (input.managedDeviceOwnerType === undefined || k.owner === input.managedDeviceOwnerType) &&
    (input.isSupervised === undefined || k.supervised === input.isSupervised));
  const byDefaults = (k: EnrollmentKind) => k.type === type && k.owner === owner && k.supervised === supervised;
  const kind = given.find(byDefaults) ?? given[0] ?? ofDevice.find(byDefaults) ?? ofDevice[0];
  if (!kind) throw new Error(`no enrollment kind for ${platform}/${enrollment}`);
  return kind;
}

/**
 * The device's user: the one `userId` or `userPrincipalName` names (a user principal name the tenant does
 * not know becomes a new user, not yet added); none when the request sets them empty; else the default.
 */
function deviceUser(sim: Simulator, tenant: TenantData, input: DeviceInput, family: DefaultPlatform, enrollment: Enrollment): { user: User | null; created?: User } {
  const id = input.userId || undefined;
  const upn = input.userPrincipalName || undefined;
  if (id === undefined && upn === undefined) {
    if ('userId' in input || 'userPrincipalName' in input) return { user: null };
    const first = tenant.users.values().next();
    return { user: defaultFor('user', family, enrollment) === 'firstUser' && !first.done ? first.value : null };
  }
  const byUpn = upn === undefined ? undefined : userByPrincipalName(tenant, upn);
  if (id === undefined) {
    if (byUpn) return { user: byUpn };
    const created = newUser(tenant, newUserInput(input, upn!), sim.options.random);
    return { user: created, created };
  }
  let byId: User | undefined;
  try {
    byId = findUser(tenant, id);
  } catch (err) {
    // An unknown id (a GUID) with an unknown user principal name: a new user with both. Without one, nothing to make a user of.
    if (upn === undefined || byUpn || !GUID.test(id)) throw err;
    const created = newUser(tenant, { ...newUserInput(input, upn), id }, sim.options.random);
    return { user: created, created };
  }
  if (upn !== undefined && byUpn !== byId) {
    throw new DomainError('invalidProperty', `userId '${id}' and userPrincipalName '${upn}' are not the same user (${byId.userPrincipalName}).`, 'userPrincipalName');
  }
  return { user: byId };
}

/** A new device user: what the device says of its user (`userDisplayName`, `emailAddress`) goes with the name. */
const newUserInput = (input: DeviceInput, userPrincipalName: string) => ({
  userPrincipalName,
  ...(input.userDisplayName ? { displayName: input.userDisplayName } : {}),
  ...(input.emailAddress ? { mail: input.emailAddress } : {}),
});

function assertEnrollmentFits(operatingSystem: string | null, enrollment: Enrollment): void {
  const allowed = ENROLLMENTS_BY_PLATFORM[platformOf(operatingSystem)] ?? [];
  if (!allowed.includes(enrollment)) {
    throw new DomainError(
      'invalidProperty',
      `enrollment '${enrollment}' is not one a ${operatingSystem ?? 'device of this platform'} device can have (${allowed.join(', ')}).`,
      'simulation.enrollment',
    );
  }
}
