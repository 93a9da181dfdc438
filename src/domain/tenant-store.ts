/**
 * The port through which the domain keeps tenants' state. The domain owns it; `src/store/` implements
 * it (memory, and a lowdb JSON file for `--data`). The domain mutates a tenant's `TenantData` in place
 * inside a unit of work (`Tenants.update`), which tells the store that the tenant changed; the file
 * store turns a burst of such calls into one write (docs/architecture.md#persistence).
 */
import type { TenantData } from './tenant-state.js';

/** Where a `put` state comes from: `seed` marks a tenant made from the seed fixture, which a store may drop and make again. */
export type PutOrigin = 'seed' | 'other';

export interface TenantStore {
  /**
   * The tenant's state, loaded again if the store had set it aside (`--max-tenants`); undefined for a tenant
   * it does not know. Throws DomainError `tenantUnavailable` when it cannot be held now.
   */
  get(tenantId: string): TenantData | undefined;
  /**
   * Creates or replaces a tenant's state (and records the change). Creating one past `--max-tenants` sets the
   * least recently used tenant aside that can be without loss, or throws DomainError `tenantUnavailable`.
   */
  put(tenantId: string, data: TenantData, origin?: PutOrigin): void;
  /** Records that a tenant's state changed in place. */
  changed(tenantId: string): void;
  /** Every tenant the store knows, in memory or set aside. */
  tenantIds(): string[];
  /**
   * Every known tenant's clock offset (ms ahead of the base clock; 0 for none), in memory or set aside,
   * read WITHOUT loading a tenant: a global clock advance must not set tenants aside (their journal and
   * faults would go) nor fail on a damaged file (skipped).
   */
  clockOffsets(): number[];
  /**
   * Told when a tenant leaves memory (`--max-tenants`): state kept elsewhere about it (its journal, its
   * faults) goes too (docs/reliability.md#bounds).
   */
  readonly onEvict: Array<(tenantId: string) => void>;
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
