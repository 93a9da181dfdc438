/**
 * The emulated Intune service: one method per use case, each run in a unit of work on one tenant
 * (`Tenants.read` / `Tenants.update`), so that a route translates the wire and calls exactly one of them
 * and never has to remember to persist (docs/architecture.md#a-requests-path).
 */
import type { DeviceEvent } from '../schemas/device-event.js';
import type { DeviceInput, Fixture } from '../schemas/fixture.js';
import type { AppRegistration } from '../schemas/app-registration.js';
import type { CompliancePolicy } from '../schemas/compliance-policy.js';
import type { RemoteActionAudit } from '../schemas/remote-action-audit.js';
import type { User, UserInput } from '../schemas/user.js';
import { ACTIONS, type ActionName, type ActionSpec } from './actions/catalog.js';
import { bulkOperation, retireAllOf, runBulk, type BulkRequest, type BulkResult } from './bulk-actions.js';
import type { Caller } from './caller.js';
import { DomainError, type DomainErrorKind } from './errors.js';
import { deviceNotFound, devicesOf, findSimulated, findUser, getDevice, isEnrolled, initiatorOf, signedInUser, updateDevice } from './devices.js';
import { exportFixture, type FixtureExport } from './export-fixture.js';
import { createDevice, type CreatedDevice } from './simulation/create-device.js';
import { applyEvent } from './simulation/events.js';
import { readFileVaultKey } from './simulation/filevault-effects.js';
import type { Simulator } from './simulation/simulator.js';
import type { DeviceRecord, TenantData } from './tenant-state.js';
import type { Tenants } from './tenants.js';
import { TenantWatchers, type TenantListener } from './tenant-watch.js';
import { addUser, newUser } from './users.js';

/** Whose devices a Graph path names: the tenant's, a user's (id or UPN), or the signed-in user's (`/me`). */
export type DeviceScope = { kind: 'tenant' } | { kind: 'user'; user: string } | { kind: 'me' };

/** What a scoped read sees: the devices, and the user whose they are (for the OData context URL). */
export interface ScopedDevices<T> {
  value: T;
  user?: User;
}

/** What `PUT /_mock/fixtures` left in the tenant. */
export interface TenantCounts {
  devices: number;
  users: number;
  compliancePolicies: number;
  apps: number;
}

/** An action of the catalog and whether Graph would accept it for a device now (`Intune.actionAvailability`). */
export interface ActionAvailability {
  spec: ActionSpec;
  available: boolean;
  /** The refusal's message, when not available. */
  reason?: string;
  /** The label of the ruleset row the device falls on for the action. */
  rule: string;
}

export class Intune {
  private readonly watchers: TenantWatchers;

  constructor(private readonly tenants: Tenants) {
    this.watchers = new TenantWatchers(tenants);
  }

  private get simulator(): Simulator {
    return this.tenants.simulator;
  }

  // ---- Graph: managed devices ------------------------------------------------------------------------

  listDevices(caller: Caller, scope: DeviceScope): ScopedDevices<IterableIterator<DeviceRecord>> {
    return this.tenants.read(caller.tenantId, (tenant) => {
      const user = scopeUser(tenant, caller, scope);
      return { value: devicesOf(tenant, user), ...(user ? { user } : {}) };
    });
  }

  /** The user whose devices a path names (none for the tenant's); `userNotFound` or `noSignedInUser` otherwise. */
  scopeOwner(caller: Caller, scope: DeviceScope): User | undefined {
    return this.tenants.read(caller.tenantId, (tenant) => scopeUser(tenant, caller, scope));
  }

  /** One device, among `owner`'s when given (a scope resolved with `scopeOwner`). */
  getDevice(caller: Caller, owner: User | undefined, deviceId: string): DeviceRecord {
    return this.tenants.read(caller.tenantId, (tenant) => getDevice(tenant, deviceId, owner));
  }

  /** PATCH: the writable properties only; anything else refuses the whole body. */
  updateDevice(caller: Caller, deviceId: string, patch: unknown): void {
    this.tenants.update(caller.tenantId, (tenant) => updateDevice(tenant, deviceId, patch));
  }

  /** DELETE: hidden from Graph at once; the device is still sent a retire or wipe (docs/simulation.md#remote-actions). */
  deleteDevice(caller: Caller, deviceId: string): void {
    this.tenants.update(caller.tenantId, (tenant) => {
      this.simulator.deleteDevice(tenant, getDevice(tenant, deviceId), initiatorOf(tenant, caller));
    });
  }

  /**
   * A remote action sent to a device, with its (validated) body parameters: refused (`actionNotSupported`,
   * `dailyLimitReached`) or queued until the device checks in.
   */
  requestAction(caller: Caller, scope: DeviceScope, deviceId: string, action: ActionName, parameters: Readonly<Record<string, unknown>> = {}): void {
    this.tenants.update(caller.tenantId, (tenant) => {
      const record = getDevice(tenant, deviceId, scopeUser(tenant, caller, scope));
      this.simulator.requestAction(tenant, record, action, parameters, initiatorOf(tenant, caller));
    });
  }

  /**
   * What the admin center would offer for a device (the console's action buttons): every per-device action of
   * the catalog, in its order, `available` exactly when Graph would accept it for the device: the device is
   * managed (else Graph's `404`) and its ruleset row supports it (else Graph's `400`). The reason is the
   * refusal's own message, made by the same functions `requestAction` throws with. Parameters and Intune's
   * limits (the daily retire/wipe limits, custom notifications per hour) are not judged: they depend on the
   * request or the tenant's day, not on the device (docs/console.md#device-actions).
   */
  actionAvailability(tenantId: string, deviceId: string): { deviceId: string; actions: ActionAvailability[] } {
    return this.tenants.read(tenantId, (tenant) => {
      const record = findSimulated(tenant, deviceId);
      const unmanaged = isEnrolled(record) ? undefined : deviceNotFound(record.device.id);
      const actions = ACTIONS.map((spec): ActionAvailability => {
        const { row, refusal } = this.simulator.support(record, spec.name);
        const refused = unmanaged ?? refusal;
        return { spec, available: refused === undefined, rule: row.label, ...(refused ? { reason: refused.message } : {}) };
      });
      return { deviceId: record.device.id, actions };
    });
  }

  /**
   * beta `executeAction`: one action to many devices, each through the same operation as a single request;
   * the ids come back sorted by what happened (docs/simulation.md#bulk-actions).
   */
  bulkAction(caller: Caller, request: BulkRequest): BulkResult {
    const operation = bulkOperation(request);
    return this.tenants.update(caller.tenantId, (tenant) => runBulk(this.simulator, tenant, request.deviceIds, operation, initiatorOf(tenant, caller)));
  }

  /** `removeAllDevicesFromManagement`: a retire to each of the user's devices that can be retired. */
  removeAllDevicesFromManagement(caller: Caller, scope: DeviceScope): void {
    this.tenants.update(caller.tenantId, (tenant) => {
      const user = scopeUser(tenant, caller, scope);
      if (user) retireAllOf(this.simulator, tenant, user, initiatorOf(tenant, caller));
    });
  }

  /** beta `getFileVaultKey()`: the Mac's escrowed FileVault personal recovery key (a read: nothing changes). */
  fileVaultKey(caller: Caller, scope: DeviceScope, deviceId: string): string {
    return this.tenants.read(caller.tenantId, (tenant) => readFileVaultKey(getDevice(tenant, deviceId, scopeUser(tenant, caller, scope))));
  }

  // ---- Graph: read-only entity sets ------------------------------------------------------------------

  compliancePolicies(caller: Caller): IterableIterator<CompliancePolicy> {
    return this.tenants.read(caller.tenantId, (tenant) => tenant.compliancePolicies.values());
  }

  compliancePolicy(caller: Caller, id: string): CompliancePolicy {
    return this.tenants.read(caller.tenantId, (tenant) => findById(tenant.compliancePolicies, id, 'policyNotFound', 'device compliance policy'));
  }

  remoteActionAudits(caller: Caller): IterableIterator<RemoteActionAudit> {
    return this.tenants.read(caller.tenantId, (tenant) => tenant.audits.values());
  }

  /** How many of the oldest audits were dropped to keep the tenant's bound (`--max-audits`). */
  remoteActionAuditsDropped(caller: Caller): number {
    return this.tenants.read(caller.tenantId, (tenant) => tenant.auditsDropped ?? 0);
  }

  remoteActionAudit(caller: Caller, id: string): RemoteActionAudit {
    return this.tenants.read(caller.tenantId, (tenant) => findById(tenant.audits, id, 'auditNotFound', 'remote action audit'));
  }

  // ---- Identity ----------------------------------------------------------------------------------------

  /** The app registrations a tenant declares (none: any client gets a token). */
  appRegistrations(tenantId: string): readonly AppRegistration[] {
    return this.tenants.read(tenantId, (tenant) => tenant.apps);
  }

  /** The user a delegated token is for: the named one if the tenant has it (else none), or without a name the tenant's first user. */
  tokenUser(tenantId: string, upn: string | undefined): User | undefined {
    return this.tenants.read(tenantId, (tenant) => {
      if (upn === undefined) return tenant.users.values().next().value;
      try {
        return findUser(tenant, upn);
      } catch {
        return undefined;
      }
    });
  }

  // ---- Control: simulated devices, the clock, the tenant's state ----------------------------------------
  // Resetting and replacing replace whole tenants rather than change one in place: they go to `Tenants`
  // directly, which records the change with the store itself.

  /** A simulated device; a user principal name the tenant does not know becomes a new user (`createdUser`). */
  createDevice(tenantId: string, input: DeviceInput): CreatedDevice {
    return this.tenants.update(tenantId, (tenant) => createDevice(this.simulator, tenant, input));
  }

  /** The tenant's users, in the order they were added. */
  users(tenantId: string): User[] {
    return this.tenants.read(tenantId, (tenant) => [...tenant.users.values()]);
  }

  /** A new user; `conflict` for a user principal name or id the tenant has. */
  createUser(tenantId: string, input: UserInput): User {
    return this.tenants.update(tenantId, (tenant) => {
      const user = newUser(tenant, input, this.simulator.options.random);
      addUser(tenant, user);
      return user;
    });
  }

  /** A simulated device, enrolled or not. */
  deviceState(tenantId: string, deviceId: string): DeviceRecord {
    return this.tenants.read(tenantId, (tenant) => findSimulated(tenant, deviceId));
  }

  /** The tenant's simulated devices, enrolled or not, that `keep` accepts, in enrolment order: a page of them and how many there are. */
  simulatedDevices(tenantId: string, keep: (record: DeviceRecord) => boolean, skip: number, top: number): { devices: DeviceRecord[]; total: number } {
    return this.tenants.read(tenantId, (tenant) => {
      const devices: DeviceRecord[] = [];
      let total = 0;
      for (const record of tenant.devices.values()) {
        if (!keep(record)) continue;
        if (total >= skip && devices.length < top) devices.push(record);
        total++;
      }
      return { devices, total };
    });
  }

  /** A device or end-user event; refused (`conflict`) when the device's state does not allow it. */
  sendEvent(tenantId: string, deviceId: string, event: DeviceEvent): DeviceRecord {
    return this.tenants.update(tenantId, (tenant) => {
      const record = findSimulated(tenant, deviceId);
      applyEvent(this.simulator, tenant, record, event);
      return record;
    });
  }

  /**
   * A number that differs after every change to the tenant's state (Tenants.revision), for caches of what a
   * surface derives from it: read it after the read it caches, which may have settled check-ins (a change).
   */
  revision(tenantId: string): number {
    return this.tenants.revision(tenantId);
  }

  /**
   * Tells `on` of the tenant's changes and resets; returns the function that stops it (the console's live
   * updates: tenant-watch.ts).
   */
  watch(tenantId: string, on: TenantListener): () => void {
    return this.watchers.watch(tenantId, on);
  }

  /**
   * The mock's time for a tenant: its own clock (docs/simulation.md#mock-clock). Without a tenant (an
   * answer given before the caller is known), or for one the mock has not seen, the base clock.
   */
  now(tenantId: string | undefined): number {
    return tenantId === undefined ? this.simulator.clocks.now() : this.tenants.now(tenantId);
  }

  /**
   * Moves the tenant's clock forward; everything that falls due in that tenant happens, in order. Other
   * tenants' clocks do not move: parallel CI jobs never complete each other's actions.
   */
  advanceClock(tenantId: string, seconds: number): number {
    return this.tenants.update(tenantId, (tenant) => {
      this.simulator.clocks.advance(tenant, seconds * 1000);
      this.simulator.settle(tenant);
      return this.simulator.now(tenant);
    });
  }

  /**
   * Moves every tenant's clock forward at once (the base clock), for single-tenant use: tenants the mock
   * has not seen yet start there too. Refused whole (`clockLimit`) when any tenant would reach the clock's
   * end. No tenant settles here: each applies what fell due on its next use, as after real time passing
   * (docs/simulation.md#mock-clock). Answers `tenantId`'s new time.
   */
  advanceAllClocks(tenantId: string, seconds: number): number {
    this.simulator.clocks.advanceAll(seconds * 1000, this.tenants.latestNow());
    this.watchers.clockMoved();
    return this.now(tenantId);
  }

  resetTenant(tenantId: string): void {
    this.tenants.reset(tenantId);
  }

  replaceTenant(tenantId: string, fixture: Fixture): TenantCounts {
    const data = this.tenants.replace(tenantId, fixture);
    return { devices: data.devices.size, users: data.users.size, compliancePolicies: data.compliancePolicies.size, apps: data.apps.length };
  }

  /** The tenant as a fixture document; it shares objects with the live state, so serialize it at once. */
  exportTenant(tenantId: string): FixtureExport {
    return this.tenants.read(tenantId, exportFixture);
  }
}

/** Graph ids are GUIDs, matched regardless of case. */
function findById<E extends { id: string }>(entities: ReadonlyMap<string, E>, id: string, kind: DomainErrorKind, what: string): E {
  const entity = entities.get(id) ?? [...entities.values()].find((e) => e.id.toLowerCase() === id.toLowerCase());
  if (!entity) throw new DomainError(kind, `No ${what} with id '${id}' exists in this tenant.`, id);
  return entity;
}

function scopeUser(tenant: TenantData, caller: Caller, scope: DeviceScope): User | undefined {
  switch (scope.kind) {
    case 'tenant':
      return undefined;
    case 'user':
      return findUser(tenant, scope.user);
    case 'me':
      return signedInUser(tenant, caller);
  }
}
