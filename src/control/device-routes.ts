/**
 * `/_mock/devices`: create a simulated device, read its whole state (Graph properties, simulation state,
 * pending actions), and send it device or end-user events (behaviour.md §6).
 */
import type { FastifyInstance } from 'fastify';
import { getDevice } from '../domain/devices.js';
import { createDevice } from '../domain/simulation/create-device.js';
import { applyEvent } from '../domain/simulation/events.js';
import type { Tenants } from '../domain/tenants.js';
import { compileValidator } from '../lib/ajv.js';
import { DeviceEventSchema } from '../schemas/device-event.js';
import { DeviceInputSchema } from '../schemas/fixture.js';
import type { DeviceRecord } from '../store/tenant-data.js';
import { ControlError } from './errors.js';
import { controlTenantId } from './tenant.js';

const validateInput = compileValidator(DeviceInputSchema);
const validateEvent = compileValidator(DeviceEventSchema);

/** The whole state of a simulated device, as the control API shows it. */
export const deviceState = (r: DeviceRecord) => ({ device: r.device, simulation: r.simulation, pendingActions: r.pendingActions });

export async function deviceRoutes(app: FastifyInstance, opts: { tenants: Tenants }): Promise<void> {
  const { tenants } = opts;

  app.post('/devices', async (request, reply) => {
    const body = request.body ?? {};
    if (!validateInput(body)) throw ControlError.invalid('The device is not valid.', validateInput.problems(body));
    const tenantId = controlTenantId(request);
    const tenant = tenants.get(tenantId);
    const record = createDevice(tenants.simulator, tenant, body);
    tenants.changed(tenantId);
    return reply.code(201).send({ device: record.device, simulation: record.simulation });
  });

  app.get('/devices/:id', async (request) => {
    const tenant = tenants.get(controlTenantId(request));
    return deviceState(getDevice(tenant, (request.params as { id: string }).id));
  });

  app.post('/devices/:id/events', async (request) => {
    const body = request.body;
    if (!validateEvent(body)) throw ControlError.invalid('The event is not valid.', validateEvent.problems(body ?? null));
    const tenantId = controlTenantId(request);
    const tenant = tenants.get(tenantId);
    const record = getDevice(tenant, (request.params as { id: string }).id);
    applyEvent(tenants.simulator, tenant, record, body);
    tenants.changed(tenantId);
    return deviceState(record);
  });
}
