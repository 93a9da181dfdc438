/**
 * Tenants: every piece of state belongs to one (docs/simulation.md#tenants). A tenant the mock has not seen is
 * created from the seed fixture on first use, so parallel CI jobs that each take a fresh tenant id never
 * see each other's devices.
 */
import { GUID_PATTERN, nameGuid } from '../lib/name-guid.js';
import type { Fixture } from '../schemas/fixture.js';
import { DomainError } from './errors.js';
import type { PutOrigin, TenantStore } from './tenant-store.js';
import { emptyTenant, type TenantData } from './tenant-state.js';
import { completeDevice } from './device-defaults.js';
import { completeSimulation } from './simulation-defaults.js';
import type { DeviceActivity } from './simulation/activity.js';
import type { Simulator } from './simulation/simulator.js';

/**
 * What a tenant may be called besides its GUID: a domain or a CI job's label (letters, digits, `.`, `_`,
 * `-`), in `x-mock-tenant` and in the token endpoint's path alike.
 */
export const TENANT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The tenant id a name resolves to: a GUID as it is (lower-cased); any other name (a domain such as
 * `contoso.onmicrosoft.com`, or a CI job's own label) to a name-based GUID, so the same name is the same
 * tenant every time, in tokens and in `x-mock-tenant` alike.
 */
export function resolveTenantId(name: string): string {
  // WHY kept: a request resolves its tenant's id several times (its clock, its unit of work, its journal), each a
  // GUID pattern test and a lower-cased copy, or a name-based GUID (a hash): about 2 µs of a single GET (issue 17).
  // The answer depends on the name alone; the names a mock sees are few (its tenants), and the map is bounded.
  let id = resolved.get(name);
  if (id === undefined) {
    const trimmed = name.trim();
    id = GUID_PATTERN.test(trimmed) ? trimmed.toLowerCase() : nameGuid('intune-mock tenant', trimmed);
    if (name.length > RESOLVED_NAME_LIMIT) return id;
    if (resolved.size >= RESOLVED_LIMIT) resolved.clear();
    resolved.set(name, id);
  }
  return id;
}
const resolved = new Map<string, string>();
/** Names whose ids are kept, each at most 256 characters (a GUID is 36, a tenant name 128): under 1 MB in all. */
const RESOLVED_LIMIT = 1000;
const RESOLVED_NAME_LIMIT = 256;

/** The default tenant's domain: the tenant of `--auth off` calls and of the control API without `x-mock-tenant`. */
export const DEFAULT_TENANT_DOMAIN = 'contoso.onmicrosoft.com';
export const DEFAULT_TENANT_ID = resolveTenantId(DEFAULT_TENANT_DOMAIN);

/**
 * Where tenants made from the seed get it: `take` returns the seed fixture for one tenant to be made from,
 * or throws a `DomainError` (`tenantUnavailable`) when it cannot. `fixtures/load-fixture.ts`'s `SeedFile`
 * gives a large seed's parsed fixture to the first tenant only and reads its file again for the next
 * (docs/scaling.md#the-seed-fleet).
 */
export interface SeedSource {
  take(): Fixture;
}

const isSeedSource = (seed: Fixture | SeedSource): seed is SeedSource => typeof (seed as Partial<SeedSource>).take === 'function';

/**
 * The tenants, and the unit of work every operation runs in. `read` and `update` first bring the tenant
 * up to its own clock (check-ins that fell due are applied, and recorded as a change when there were
 * any); `update` then records the operation's own change, so persistence never depends on a caller
 * remembering to (docs/architecture.md#a-requests-path).
 */
export class Tenants {
  constructor(
    private readonly store: TenantStore,
    seed: Fixture | SeedSource | undefined,
    readonly simulator: Simulator,
  ) {
    if (seed) this.setSeed(seed);
    store.onEvict.push((tenantId) => {
      for (const hook of this.onEvict) hook(tenantId);
    });
  }

  private seedSource: SeedSource | undefined;

  /**
   * The seed fixture for one tenant, once loaded (the server answers 503 until then; see `surfaces.ts`).
   * `materialize` copies it: a tenant never shares mutable state with the seed or another tenant.
   */
  private get seed(): Fixture {
    if (!this.seedSource) throw new Error('the seed fixture is not loaded yet');
    return this.seedSource.take();
  }

  /** The seed: a fixture kept as it is, or a source that hands one out per tenant (a large seed file). */
  setSeed(seed: Fixture | SeedSource): void {
    this.seedSource = isSeedSource(seed) ? seed : { take: () => seed };
  }

  /**
   * The tenant's now, on its own clock (docs/simulation.md#mock-clock); the base clock's for a tenant the
   * mock has not seen (its clock starts there), without creating it.
   */
  now(tenantId: string): number {
    let data: TenantData | undefined;
    try {
      data = this.store.get(resolveTenantId(tenantId));
    } catch (err) {
      // A tenant the store cannot hold now (DomainError tenantUnavailable) still has a time for the error
      // that says so: the base clock's.
      if (!(err instanceof DomainError)) throw err;
    }
    return this.simulator.clocks.now(data);
  }

  /**
   * The furthest-ahead clock of the tenants the store holds; the base clock's when there are none. From the
   * stored offsets, never `store.get`: loading set-aside tenants would set others aside (`--max-tenants`).
   */
  latestNow(): number {
    let latest = this.simulator.clocks.now();
    for (const clockOffsetMs of this.store.clockOffsets()) latest = Math.max(latest, this.simulator.clocks.now({ clockOffsetMs }));
    return latest;
  }

  /** Whether the mock has the tenant (in memory or set aside), without making it from the seed. */
  has(tenantId: string): boolean {
    return this.store.get(resolveTenantId(tenantId)) !== undefined;
  }

  /** Runs `fn` on the tenant's state, brought up to date; `fn` must not change it. */
  read<T>(tenantId: string, fn: (tenant: TenantData) => T): T {
    const key = resolveTenantId(tenantId);
    try {
      return fn(this.current(key));
    } finally {
      this.handOnActivity(key);
    }
  }

  /**
   * Runs `fn` on the tenant's state, brought up to date, and records the change when it returns. Domain
   * operations validate before they mutate, so a refused request changes nothing and writes nothing.
   */
  update<T>(tenantId: string, fn: (tenant: TenantData) => T): T {
    const key = resolveTenantId(tenantId);
    this.assertPersistable();
    try {
      const result = fn(this.current(key));
      this.changed(key);
      return result;
    } finally {
      this.handOnActivity(key);
    }
  }

  /**
   * Told, after each unit of work, what the tenant's simulated devices did in it (check-ins that fell due,
   * events): the app logs them (docs/simulation.md#logs). A refused operation still hands on the check-ins
   * that fell due before it.
   */
  readonly onActivity: Array<(tenantId: string, activity: readonly DeviceActivity[]) => void> = [];

  /**
   * Told, synchronously, each time a tenant's state changes (an operation, check-ins that fell due, a reset or
   * replace), with its resolved id; a burst of changes calls it once per change, so a listener that does
   * more than note it coalesces (the console's live updates: docs/console.md#live-updates).
   */
  readonly onChange: Array<(tenantId: string) => void> = [];

  private readonly revisions = new Map<string, number>();

  /**
   * A number that differs after every change to the tenant's state, for caches of what is derived from it. It
   * counts from 0 per process; a tenant set aside and loaded again keeps counting (its key stays in the map).
   */
  revision(tenantId: string): number {
    return this.revisions.get(resolveTenantId(tenantId)) ?? 0;
  }

  /** Records a change: the store's (persistence), the revision, and the listeners. */
  private changed(key: string): void {
    this.store.changed(key);
    this.revisions.set(key, (this.revisions.get(key) ?? 0) + 1);
    for (const hook of this.onChange) hook(key);
  }

  private handOnActivity(key: string): void {
    const activity = this.simulator.takeActivity();
    if (activity.length > 0) for (const hook of this.onActivity) hook(key, activity);
  }

  /**
   * Run after a tenant is reset (`POST /_mock/reset`), with its resolved id: the place for state kept
   * outside `TenantData` that a reset clears too (docs/simulation.md#control-api: its faults and journal).
   */
  readonly onReset: Array<(tenantId: string) => void> = [];

  /**
   * Run when the store sets a tenant aside (`--max-tenants`, docs/reliability.md#bounds), with its id: state kept
   * outside `TenantData` (its journal and faults) is dropped, as on a reset; its data is not (with `--data` it
   * is loaded again from its file on next use; without, only a tenant still as the seed made it is set aside).
   */
  readonly onEvict: Array<(tenantId: string) => void> = [];

  /**
   * The tenant back to the seed fixture: everything replaced (devices, users, policies, apps, audits,
   * pending actions), and its clock back to the base clock: as the seed made it (docs/simulation.md#mock-clock).
   */
  reset(tenantId: string): TenantData {
    const key = resolveTenantId(tenantId);
    const data = this.install(key, this.seed, undefined, 'seed');
    for (const hook of this.onReset) hook(key);
    return data;
  }

  /**
   * Replaces the tenant's whole state with a (validated) fixture's: the new state is built and prepared
   * completely before it is swapped in, so a failure leaves the previous state. Audits and pending actions
   * start empty; the tenant's clock stays where it is (a fixture has no clock, and an export put back is
   * the same tenant: docs/simulation.md#mock-clock). The returned state shares nothing with `fixture`.
   */
  replace(tenantId: string, fixture: Fixture): TenantData {
    const key = resolveTenantId(tenantId);
    return this.install(key, fixture, this.store.get(key)?.clockOffsetMs, 'other');
  }

  private install(key: string, fixture: Fixture, clockOffsetMs: number | undefined, origin: PutOrigin): TenantData {
    this.assertPersistable();
    const data = materialize(fixture);
    if (clockOffsetMs) data.clockOffsetMs = clockOffsetMs;
    this.simulator.prepare(data);
    this.store.put(key, data, origin);
    this.noteReplaced(key);
    return data;
  }

  /** A tenant's whole state was put in the store (created, reset, replaced): a change the store has recorded already. */
  private noteReplaced(key: string): void {
    this.revisions.set(key, (this.revisions.get(key) ?? 0) + 1);
    for (const hook of this.onChange) hook(key);
  }

  /** A change is refused, before anything is touched, while the store cannot save it (docs/architecture.md#persistence). */
  private assertPersistable(): void {
    const problem = this.store.persistenceProblem();
    if (problem !== undefined) throw new DomainError('notPersisted', `The change was not made: the mock cannot save its state (${problem}). Try again later.`);
  }

  /**
   * The tenant's state, created from the seed fixture if the mock has not seen it, with every check-in
   * that fell due on its clock applied (and recorded as a change).
   */
  private current(key: string): TenantData {
    const existing = this.store.get(key);
    if (existing) {
      if (this.simulator.settle(existing)) this.changed(key);
      return existing;
    }
    const created = materialize(this.seed);
    this.simulator.prepare(created);
    this.store.put(key, created, 'seed');
    this.noteReplaced(key);
    return created;
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
