/**
 * Watching a tenant for the console's live updates (docs/console.md#live-updates): its changes and resets as
 * `Tenants` tells them, and a wake-up when its next check-in falls due, which nothing else would apply while a
 * page only watches.
 */
import { removeListener } from '../lib/listeners.js';
import { resolveTenantId, type Tenants } from './tenants.js';

/** A watcher uses its tenant again at most this often, and at least this often (docs/console.md#live-updates). */
const WAKE_MIN_MS = 200;
const WAKE_MAX_MS = 60 * 60 * 1000;

export interface TenantListener {
  change(): void;
  reset(): void;
}

export class TenantWatchers {
  /** The watchers' wake-ups, run when every tenant's clock moves (what fell due is applied on next use). */
  readonly #clockMoved = new Set<() => void>();

  constructor(private readonly tenants: Tenants) {}

  /**
   * Tells `on` of the tenant's changes (`Tenants.onChange`: synchronously, once per change, so a listener
   * coalesces) and resets; returns the function that stops it.
   */
  watch(tenantId: string, on: TenantListener): () => void {
    const key = resolveTenantId(tenantId);
    // Check-ins are applied when the tenant is next used (Tenants.read/update); nobody may use it while a page
    // only watches. So the watcher uses it when the next one falls due, and the change is told as any other.
    // A timer per watcher, on real time: the tenant clock runs at real speed (a test's manual clock does not,
    // and is moved by POST /_mock/clock, itself a change).
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const wake = () => {
      timer = undefined;
      if (stopped) return;
      let due: { at: number; now: number } | undefined;
      try {
        // A tenant not made yet has nothing due; watching it does not make it (its first use will, and tell).
        if (!this.tenants.has(key)) return;
        const simulator = this.tenants.simulator;
        due = this.tenants.read(key, (tenant) => {
          const at = simulator.nextDue(tenant);
          return at === undefined ? undefined : { at, now: simulator.clocks.now(tenant) };
        });
      } catch {
        return; // the tenant cannot be held now (tenantUnavailable): the next change or request wakes it again
      }
      if (due && !stopped) {
        timer = setTimeout(wake, Math.min(Math.max(due.at - due.now, WAKE_MIN_MS), WAKE_MAX_MS));
        timer.unref();
      }
    };
    // Deferred: a change is told in the middle of the unit of work that made it, where the tenant must not be read.
    const later = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(wake, 0);
      timer.unref();
    };
    const change = (id: string) => {
      if (id !== key) return;
      on.change();
      later();
    };
    const reset = (id: string) => { if (id === key) on.reset(); };
    this.tenants.onChange.push(change);
    this.tenants.onReset.push(reset);
    this.#clockMoved.add(later);
    later();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      removeListener(this.tenants.onChange, change);
      removeListener(this.tenants.onReset, reset);
      this.#clockMoved.delete(later);
    };
  }

  /** Every tenant's clock moved: each watcher looks again at once. */
  clockMoved(): void {
    for (const wake of this.#clockMoved) wake();
  }
}
