/**
 * The port through which the domain keeps tenants' state. The domain owns it; `src/store/` implements
 * it (memory, and a lowdb JSON file for `--data`). The domain mutates a tenant's `TenantData` in place
 * inside a unit of work (`Tenants.update`), which tells the store that the tenant changed; the file
 * store turns a burst of such calls into one write (docs/architecture.md#persistence).
 */
import type { TenantData } from './tenant-state.js';

export interface TenantStore {
  get(tenantId: string): TenantData | undefined;
  /** Creates or replaces a tenant's state (and records the change). */
  put(tenantId: string, data: TenantData): void;
  /** Records that a tenant's state changed in place. */
  changed(tenantId: string): void;
  tenantIds(): string[];
  /** Resolves once every change recorded so far is durable. */
  flush(): Promise<void>;
  /**
   * Why changes cannot be made durable now (a full or read-only disk), or undefined. While there is one,
   * the domain refuses changes rather than acknowledge what would be lost (docs/architecture.md#persistence).
   */
  persistenceProblem(): string | undefined;
  /** Flushes and releases the store. */
  close(): Promise<void>;
}
