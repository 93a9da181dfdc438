/**
 * The store interface the domain writes through. Two implementations: memory (the default) and a
 * lowdb JSON file (`--data`). The domain mutates a tenant's `TenantData` in place and then calls
 * `changed()`; the file store turns a burst of such calls into one write.
 */
import type { TenantData } from './tenant-data.js';

export interface TenantStore {
  get(tenantId: string): TenantData | undefined;
  /** Creates or replaces a tenant's state (and records the change). */
  put(tenantId: string, data: TenantData): void;
  /** Records that a tenant's state changed in place. */
  changed(tenantId: string): void;
  tenantIds(): string[];
  /** Resolves once every change recorded so far is durable. */
  flush(): Promise<void>;
  /** Flushes and releases the store. */
  close(): Promise<void>;
}

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
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}
