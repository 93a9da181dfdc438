/**
 * Tenants: every piece of state belongs to one (behaviour.md §4). A tenant the mock has not seen is
 * created from the seed fixture on first use, so parallel CI jobs that each take a fresh tenant id never
 * see each other's devices.
 */
import type { Fixture } from '../schemas/fixture.js';
import type { TenantStore } from '../store/store.js';
import { emptyTenant, type TenantData } from '../store/tenant-data.js';
import { completeDevice } from './device-defaults.js';
import { completeSimulation } from './simulation-defaults.js';
import type { Simulator } from './simulation/simulator.js';

/** The tenant of unauthenticated calls and of the control API without `x-mock-tenant`. */
export const DEFAULT_TENANT_ID = '8b9c1f4e-2d3a-4b5c-9e6f-7a8b9c0d1e2f';

export class Tenants {
  constructor(
    private readonly store: TenantStore,
    private readonly seed: Fixture,
    readonly simulator: Simulator,
  ) {}

  /**
   * The tenant's state, created from the seed fixture if the mock has not seen it, with everything that
   * fell due on the mock's clock already applied.
   */
  get(tenantId: string): TenantData {
    const key = tenantId.toLowerCase();
    const existing = this.store.get(key);
    if (existing) {
      if (this.simulator.settle(existing)) this.store.changed(key);
      return existing;
    }
    const created = materialize(this.seed);
    this.simulator.prepare(created);
    this.store.put(key, created);
    return created;
  }

  /** Lets everything due happen in every tenant (after the clock moved). */
  settleAll(): void {
    for (const id of this.store.tenantIds()) this.get(id);
  }

  /** Records an in-place change to a tenant's state (persisted by the store). */
  changed(tenantId: string): void {
    this.store.changed(tenantId.toLowerCase());
  }
}

/** A fixture as a tenant's fresh state: every device completed with Graph's defaults; nothing shared with the fixture. */
export function materialize(fixture: Fixture): TenantData {
  const tenant = emptyTenant();
  for (const u of fixture.users ?? []) tenant.users.set(u.id.toLowerCase(), { ...u });
  for (const p of fixture.compliancePolicies ?? []) tenant.compliancePolicies.set(p.id, structuredClone(p));
  tenant.apps = (fixture.apps ?? []).map((a) => ({ ...a, roles: [...a.roles] }));
  for (const input of fixture.devices ?? []) {
    const device = completeDevice(input);
    tenant.devices.set(device.id, { device, simulation: completeSimulation(device, input.simulation), pendingActions: [] });
  }
  return tenant;
}
