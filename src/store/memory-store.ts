/**
 * The default store: tenants in memory only. The file store (`--data`) extends it with persistence.
 */
import type { TenantStore } from '../domain/tenant-store.js';
import type { TenantData } from '../domain/tenant-state.js';

export class MemoryStore implements TenantStore {
  protected readonly tenants = new Map<string, TenantData>();

  get(tenantId: string): TenantData | undefined {
    return this.tenants.get(tenantId);
  }
  put(tenantId: string, data: TenantData): void {
    this.tenants.set(tenantId, data);
    this.changed(tenantId);
  }
  changed(_tenantId: string): void {}
  tenantIds(): string[] {
    return [...this.tenants.keys()];
  }
  persistenceProblem(): string | undefined {
    return undefined;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
