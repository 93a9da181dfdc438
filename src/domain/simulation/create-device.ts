/**
 * `POST /_mock/devices`: enrols one simulated device. What the request leaves out gets realistic values
 * for its platform and enrollment (the device generator); the user prompts a new device shows appear at
 * once ("right after enrollment").
 */
import type { DeviceInput } from '../../schemas/fixture.js';
import type { Enrollment } from '../../schemas/simulation.js';
import type { DeviceRecord, TenantData } from '../tenant-state.js';
import { completeDevice } from '../device-defaults.js';
import { generateDevice, type GeneratorPlatform } from '../device-generator.js';
import { findUser } from '../devices.js';
import { DomainError } from '../errors.js';
import { ENROLLMENTS_BY_PLATFORM, platformOf } from '../platform.js';
import { completeSimulation, deriveEnrollment, simulationProblem } from '../simulation-defaults.js';
import { reconcileNotifications } from './notifications.js';
import type { Simulator } from './simulator.js';

const USERLESS: ReadonlySet<Enrollment> = new Set(['dedicated', 'aosp']);

function generatorPlatform(os: string | null | undefined): GeneratorPlatform | undefined {
  if (os === undefined || os === null) return undefined;
  const p = platformOf(os);
  if (p === 'ios') return /ipad/i.test(os) ? 'ipados' : 'ios';
  return p === 'other' ? undefined : p;
}

export function createDevice(sim: Simulator, tenant: TenantData, input: DeviceInput): DeviceRecord {
  if (input.id !== undefined && tenant.devices.has(input.id)) {
    throw new DomainError('conflict', `A device with id '${input.id}' already exists in this tenant.`, input.id);
  }
  const problem = simulationProblem(input.simulation);
  if (problem) throw new DomainError('invalidProperty', `simulation.${problem.field} ${problem.message}.`, `simulation.${problem.field}`);
  const platform = generatorPlatform(input.operatingSystem);
  if (input.operatingSystem && !platform) {
    throw new DomainError('invalidProperty', `operatingSystem '${input.operatingSystem}' is not one the simulation knows: use Android, iOS, iPadOS, macOS or Windows.`, 'operatingSystem');
  }
  const enrollment: Enrollment | undefined =
    input.simulation?.enrollment ??
    (input.deviceEnrollmentType && input.operatingSystem ? deriveEnrollment({ operatingSystem: input.operatingSystem, deviceEnrollmentType: input.deviceEnrollmentType }) : undefined);
  if (enrollment && input.operatingSystem) assertEnrollmentFits(input.operatingSystem, enrollment);
  const users = [...tenant.users.values()];
  const named = input.userId ?? input.userPrincipalName;
  const user = named ? findUser(tenant, named) : enrollment && USERLESS.has(enrollment) ? null : users.length > 0 ? sim.options.random.pick(users) : null;
  const now = sim.now(tenant);
  const generated = generateDevice(sim.options.random, {
    now,
    ...(platform ? { platform } : {}),
    ...(enrollment ? { enrollment } : {}),
    user,
    ...(input.id ? { id: input.id } : {}),
  });
  const { simulation: givenSimulation, ...graph } = input;
  const merged = { ...generated, ...graph, simulation: { ...generated.simulation, ...givenSimulation } };
  const device = completeDevice(merged);
  const simulation = completeSimulation(device, merged.simulation);
  assertEnrollmentFits(device.operatingSystem, simulation.enrollment);
  const record: DeviceRecord = { device, simulation, pendingActions: [] };
  reconcileNotifications(record, tenant, sim.ruleset, now);
  tenant.devices.set(device.id, record);
  return record;
}

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
