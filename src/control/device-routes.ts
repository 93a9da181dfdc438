/**
 * `/_mock/devices`: create a simulated device, read its whole state (Graph properties, simulation state,
 * pending actions), and send it device or end-user events (docs/simulation.md#control-api).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { isEnrolled } from '../domain/devices.js';
import type { Intune } from '../domain/intune.js';
import { compileValidator } from '../lib/ajv.js';
import { DeviceEventSchema } from '../schemas/device-event.js';
import { DeviceInputSchema } from '../schemas/fixture.js';
import { ManagedDeviceSchema } from '../schemas/managed-device.js';
import { named } from '../schemas/named.js';
import { PendingActionSchema } from '../schemas/pending-action.js';
import { EnrollmentSchema, SimulationSchema } from '../schemas/simulation.js';
import { graphEnums } from '../schemas/enums.js';
import { platformOf, type Platform } from '../domain/platform.js';
import type { DeviceRecord } from '../domain/tenant-state.js';
import { OPTIONAL_BODY } from '../openapi/document.js';
import { respond } from '../openapi/components.js';
import { CONTROL_DEFAULT, badRequest, controlDoc, controlError } from './docs.js';
import { ControlError } from './errors.js';
import { controlTenantId } from './tenant.js';
import { ControlUserSchema } from './user-routes.js';

const validateInput = compileValidator(DeviceInputSchema);
const validateEvent = compileValidator(DeviceEventSchema);

const device = named('mock.device', ManagedDeviceSchema, { description: 'A device\'s Graph properties as stored: every v1.0 and beta property.' });
const simulation = named('mock.simulation', SimulationSchema, { description: 'The mock-only state of a simulated device (Graph never shows it).' });
export const CreatedDeviceSchema = Type.Object({
  device,
  simulation,
  createdUser: Type.Optional(ControlUserSchema),
}, { $id: 'mock.createdDevice', description: 'The new device; `createdUser` when its `userPrincipalName` was not a user of the tenant and became one.', additionalProperties: false });
export const DeviceStateSchema = Type.Object({
  device,
  simulation,
  pendingActions: Type.Array(named('mock.pendingAction', PendingActionSchema), { description: 'Remote actions sent and not yet carried out.' }),
}, { $id: 'mock.deviceState', description: 'The whole state of a simulated device.', additionalProperties: false });

/** The whole state of a simulated device, as the control API shows it. */
export const deviceState = (r: DeviceRecord): Static<typeof DeviceStateSchema> => ({ device: r.device, simulation: r.simulation, pendingActions: r.pendingActions });

const params = Type.Object({ id: Type.String({ description: 'The device\'s id.' }) });

type ComplianceState = keyof typeof graphEnums.complianceState;
const COMPLIANCE_STATES = Object.keys(graphEnums.complianceState) as ComplianceState[];
/** `managedDeviceOwnerType` less Graph's `unknownFutureValue` sentinel, which no device has. */
const OWNERSHIPS = ['company', 'personal', 'unknown'] as const;
type Ownership = (typeof OWNERSHIPS)[number];
const MAX_SEARCH_LENGTH = 200;

const DEVICE_LIST_STATES = ['enrolled', 'unenrolled', 'online', 'offline', 'poweredOff', 'restarting', 'locked', 'pending'] as const;
type DeviceListState = (typeof DEVICE_LIST_STATES)[number];
export const DeviceListQuerySchema = Type.Object({
  platform: Type.Optional(Type.Unsafe<Platform>({ type: 'string', enum: ['android', 'ios', 'macos', 'windows', 'other'], description: 'Only this platform.' })),
  enrollment: Type.Optional(EnrollmentSchema),
  state: Type.Optional(Type.Unsafe<DeviceListState>({
    type: 'string', enum: [...DEVICE_LIST_STATES],
    description: '`enrolled` (Graph serves it), `unenrolled` (retired, wiped or deleted), `online`, `offline`, `poweredOff`, `restarting`, `locked`, `pending` (actions waiting for a check-in).',
  })),
  compliance: Type.Optional(Type.Unsafe<ComplianceState>({ type: 'string', enum: COMPLIANCE_STATES, description: 'Only devices whose `complianceState` is this.' })),
  ownership: Type.Optional(Type.Unsafe<Ownership>({ type: 'string', enum: [...OWNERSHIPS], description: 'Only devices whose `managedDeviceOwnerType` is this.' })),
  search: Type.Optional(Type.String({
    minLength: 1, maxLength: MAX_SEARCH_LENGTH,
    description: 'Only devices with this text (any case) in their `deviceName`, `userPrincipalName`, `serialNumber`, `model` or `id`.',
  })),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Page size (default 100).' })),
  skip: Type.Optional(Type.Integer({ minimum: 0, description: 'How many to skip.' })),
}, { additionalProperties: false });
const validateListQuery = compileValidator(DeviceListQuerySchema);

export const DeviceListSchema = Type.Object({
  devices: Type.Array(DeviceStateSchema),
  total: Type.Integer({ minimum: 0, description: 'How many devices match.' }),
  nextSkip: Type.Optional(Type.Integer({ description: 'The `skip` of the next page, when there is one.' })),
}, { $id: 'mock.deviceList', additionalProperties: false });

const IN_STATE: Readonly<Record<DeviceListState, (r: DeviceRecord) => boolean>> = {
  enrolled: isEnrolled,
  unenrolled: (r) => !isEnrolled(r),
  online: (r) => r.simulation.online,
  offline: (r) => !r.simulation.online,
  poweredOff: (r) => r.simulation.power === 'off',
  restarting: (r) => r.simulation.power === 'rebooting',
  locked: (r) => r.simulation.locked === true,
  pending: (r) => r.pendingActions.length > 0,
};
/** `search`: the properties an admin looks a device up by (the admin center's Devices search box). */
function matchesSearch(r: DeviceRecord, lowerCaseText: string): boolean {
  const d = r.device;
  for (const value of [d.deviceName, d.userPrincipalName, d.serialNumber, d.model, d.id]) {
    if (typeof value === 'string' && value.toLowerCase().includes(lowerCaseText)) return true;
  }
  return false;
}
const notFound = controlError('No such device in the tenant (`deviceNotFound`).');

export async function deviceRoutes(app: FastifyInstance, opts: { intune: Intune }): Promise<void> {
  const { intune } = opts;

  app.post('/devices', {
    schema: {
      ...controlDoc('devices.create', 'Enrol a simulated device', {
        tenant: true,
        description: 'Graph properties plus an optional `simulation`. What you leave out that decides behaviour (platform, enrollment, ownership, supervision, OS version band, passcodes, compliance, user) takes the platform\'s default; the rest gets realistic generated values. A `userPrincipalName` the tenant does not know becomes a new user (`createdUser`).',
      }),
      body: named('mock.deviceInput', DeviceInputSchema),
      [OPTIONAL_BODY]: true,
      response: {
        201: respond('Enrolled.', CreatedDeviceSchema),
        400: badRequest('Not a valid device (`invalidRequest`, every problem with its path in `details`; also a bad new `userPrincipalName`, or a `userId` and `userPrincipalName` of different users), a `userId` the tenant does not have without a new `userPrincipalName` (`userNotFound`), or not JSON (`invalidJson`)', { tenant: true }),
        409: controlError('The id is taken (`conflict`).'),
        default: CONTROL_DEFAULT,
      },
    },
  }, async (request, reply) => {
    const body = request.body ?? {};
    if (!validateInput(body)) throw ControlError.invalid('The device is not valid.', validateInput.problems(body));
    const { record, createdUser } = intune.createDevice(controlTenantId(request), body);
    return reply.code(201).send({ device: record.device, simulation: record.simulation, ...(createdUser ? { createdUser } : {}) });
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/devices', {
    schema: {
      ...controlDoc('devices.list', 'The tenant\'s simulated devices', {
        tenant: true,
        description: 'Every simulated device with its whole state, enrolled or not, in enrolment order; filtered by `platform`, `enrollment`, `state`, `compliance`, `ownership` and `search` (all must match), paged with `top` and `skip`.',
      }),
      querystring: DeviceListQuerySchema,
      response: { 200: DeviceListSchema, 400: badRequest('An unknown filter or value (`invalidRequest`)', { tenant: true }), default: CONTROL_DEFAULT },
    },
  }, async (request) => {
    // Query values arrive as strings: numbers are read before validation.
    const raw = request.query;
    const query: Record<string, unknown> = { ...raw };
    for (const key of ['top', 'skip']) if (raw[key] !== undefined && /^\d+$/.test(raw[key]!)) query[key] = Number(raw[key]);
    if (!validateListQuery(query)) throw ControlError.invalid('The query is not valid.', validateListQuery.problems(query));
    const { platform, enrollment, state, compliance, ownership, search, top = 100, skip = 0 } = query;
    const text = search?.toLowerCase();
    const keep = (r: DeviceRecord) =>
      (platform === undefined || platformOf(r.device.operatingSystem) === platform) &&
      (enrollment === undefined || r.simulation.enrollment === enrollment) &&
      (state === undefined || IN_STATE[state](r)) &&
      (compliance === undefined || r.device.complianceState === compliance) &&
      (ownership === undefined || r.device.managedDeviceOwnerType === ownership) &&
      (text === undefined || matchesSearch(r, text));
    const page = intune.simulatedDevices(controlTenantId(request), keep, skip, top);
    return { devices: page.devices.map(deviceState), total: page.total, ...(skip + top < page.total ? { nextSkip: skip + top } : {}) };
  });

  app.get<{ Params: Static<typeof params> }>('/devices/:id', {
    schema: {
      ...controlDoc('devices.get', 'A simulated device\'s whole state', { tenant: true }),
      params,
      response: { 200: DeviceStateSchema, 400: badRequest('A bad `x-mock-tenant` (`invalidTenant`)'), 404: notFound, default: CONTROL_DEFAULT },
    },
  }, async (request) => {
    return deviceState(intune.deviceState(controlTenantId(request), request.params.id));
  });

  app.post<{ Params: Static<typeof params> }>('/devices/:id/events', {
    schema: {
      ...controlDoc('devices.event', 'Send a device or end-user event', {
        tenant: true,
        description: '`checkIn` applies pending actions now; `setPasscode`, `setWorkProfilePasscode`, `activateResetToken`, `unlock` (with the passcode or a Mac\'s PIN), `powerOn`, `stopSound` (the lost mode sound), `signIn` (with `userPrincipalName`) and `signOut` on a Shared iPad, and `acknowledgeNotification` (a custom notification) are what the user does; `goOffline` and `goOnline` what the device does.',
      }),
      params,
      body: named('mock.deviceEvent', DeviceEventSchema),
      response: {
        200: respond('The device\'s new state.', DeviceStateSchema),
        400: badRequest('An unknown event type or a bad passcode (`invalidRequest`), or not JSON (`invalidJson`)', { tenant: true }),
        404: notFound,
        409: controlError('The device\'s state does not allow the event (`conflict`, with the reason): offline, off or restarting for `checkIn`, no work profile, no prompt showing, already offline or online, not locked, in lost mode or the wrong passcode for `unlock`, no sound playing for `stopSound`, not off for `powerOn`, not a Shared iPad or someone else signed in for `signIn`, nobody signed in for `signOut`, no custom notification showing for `acknowledgeNotification`, out of management.'),
        default: CONTROL_DEFAULT,
      },
    },
  }, async (request) => {
    const body = request.body;
    if (!validateEvent(body)) throw ControlError.invalid('The event is not valid.', validateEvent.problems(body ?? null));
    return deviceState(intune.sendEvent(controlTenantId(request), request.params.id, body));
  });
}
