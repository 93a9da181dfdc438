/**
 * The default store: tenants in memory only. The file store (`--data`) extends it with persistence.
 *
 * Bounded (`--max-tenants`, docs/reliability.md#bounds): the tenants held in memory are kept least recently
 * used first; when a new one would pass the bound, the least recently used tenant that can be dropped without
 * loss is dropped. Here, without a file to load it back from, that is only a pristine tenant: made from the
 * seed and never changed since, so that making it again on its next use gives the same state.
 */
import { DomainError } from '../domain/errors.js';
import type { PutOrigin, TenantStore } from '../domain/tenant-store.js';
import type { TenantData } from '../domain/tenant-state.js';

export class MemoryStore implements TenantStore {
  /** The tenants held in memory, least recently used first (a use moves a tenant to the end). */
  protected readonly tenants = new Map<string, TenantData>();
  readonly #pristine = new Set<string>();
  readonly onEvict: Array<(tenantId: string) => void> = [];

  constructor(readonly maxTenants = Number.POSITIVE_INFINITY) {}

  get(tenantId: string): TenantData | undefined {
    const data = this.tenants.get(tenantId);
    if (data !== undefined) this.touch(tenantId, data);
    return data;
  }
  put(tenantId: string, data: TenantData, origin: PutOrigin = 'other'): void {
    if (!this.tenants.has(tenantId)) this.makeRoom();
    this.touch(tenantId, data);
    this.changed(tenantId);
    if (origin === 'seed') this.#pristine.add(tenantId);
  }
  changed(tenantId: string): void {
    this.#pristine.delete(tenantId);
  }
  tenantIds(): string[] {
    return [...this.tenants.keys()];
  }
  clockOffsets(): number[] {
    return [...this.tenants.values()].map((data) => data.clockOffsetMs ?? 0);
  }
  /** The tenants held in memory now (tests read it; `tenantIds` also lists those set aside). */
  loadedTenantIds(): string[] {
    return [...this.tenants.keys()];
  }
  persistenceProblem(): string | undefined {
    return undefined;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}

  /** The most recently used tenant (the Map's last key), which a use need not move: most uses are of it. */
  #latest: string | undefined;

  /** The tenant becomes the most recently used. */
  protected touch(tenantId: string, data: TenantData): void {
    if (tenantId === this.#latest && this.tenants.get(tenantId) === data) return;
    this.tenants.delete(tenantId);
    this.tenants.set(tenantId, data);
    this.#latest = tenantId;
  }

  /** Whether the tenant can leave memory without loss. */
  protected evictable(tenantId: string): boolean {
    return this.pristine(tenantId);
  }

  /** Made from the seed and unchanged since: made again from the seed on its next use, it is the same. */
  protected pristine(tenantId: string): boolean {
    return this.#pristine.has(tenantId);
  }

  /** Why nothing could be evicted, for the refusal's message. */
  protected get evictionRule(): string {
    return 'without --data only a tenant unchanged since it was made from the seed can be dropped, and every tenant has changes';
  }

  /** Room for one more tenant in memory: the least recently used evictable tenant leaves, or the new one is refused. */
  protected makeRoom(): void {
    if (this.tenants.size < this.maxTenants) return;
    for (const id of this.tenants.keys()) {
      if (this.evictable(id)) {
        this.evict(id);
        return;
      }
    }
    throw new DomainError('tenantUnavailable', `The mock holds at most ${this.maxTenants} tenants in memory (--max-tenants, INTUNE_MOCK_MAX_TENANTS) and none can be set aside now: ${this.evictionRule}. Try again later, or raise --max-tenants.`);
  }

  protected evict(tenantId: string): void {
    this.tenants.delete(tenantId);
    this.#pristine.delete(tenantId);
    for (const hook of this.onEvict) hook(tenantId);
  }
}
