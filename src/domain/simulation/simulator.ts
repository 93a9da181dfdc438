/**
 * The simulated devices' side of remote actions (docs/simulation.md#remote-actions, "The action's life"):
 * 1. a request the platform cannot do is refused (400, nothing queued), and so is one past Intune's daily
 *    limit; otherwise it becomes a pending action, a `pending` entry in `deviceActionResults` (retire and
 *    wipe have none: `managementState` shows them) and a beta audit (where the enum has a member);
 * 2. the device checks in `checkInDelaySeconds` later (at once for `syncDevice`, or on a `checkIn` event;
 *    never while offline, powered off or restarting) and applies what is pending (`effects.ts`): a retire
 *    or wipe only, if one is pending, every other pending action then ending `canceled`;
 * 3. what falls due (check-ins, the end of a restart) happens in time order whenever the tenant is next
 *    touched or the clock moves, so time is only ever the mock's clock and nothing runs in the background.
 */
import type { PendingAction } from '../../schemas/pending-action.js';
import type { RemoteActionAudit } from '../../schemas/remote-action-audit.js';
import { actionSpec, DELETE_DAILY_LIMIT, type ActionName, type ActionSpec } from '../actions/catalog.js';
import { resultFor, upsertResult } from '../action-results.js';
import { recordAudit } from '../audits.js';
import { isoAt, type Clocks } from '../clock.js';
import { DomainError } from '../errors.js';
import type { Random } from '../random.js';
import { ruleFor, type RuleRow, type Ruleset } from '../rules/index.js';
import { WIPED_ON_DELETE } from '../simulation-defaults.js';
import type { DeviceRecord, TenantData } from '../tenant-state.js';
import type { DeviceActivity } from './activity.js';
import { CheckInQueue } from './check-in-queue.js';
import { applyEffect, type Applied } from './effects.js';
import { reconcileNotifications } from './notifications.js';
import { settleSound } from './lost-mode-sound.js';
import { EVERYONE_REQUEST_CHECKS, type RequestContext } from './everyone-effects.js';

/** Checks an action's body against the device when the request arrives (a `400` before anything changes). */
const REQUEST_CHECKS: Partial<Record<ActionName, (c: RequestContext) => void>> = { ...EVERYONE_REQUEST_CHECKS };

export interface SimulatorOptions {
  /** Every tenant's clock: a tenant's world reads its own (docs/simulation.md#mock-clock). */
  clocks: Clocks;
  random: Random;
  ruleset: Ruleset;
  /** Default seconds between an action and the device's check-in (`--check-in-delay`). */
  checkInDelaySeconds: number;
  /** How many audits a tenant keeps, the newest (`--max-audits`; default MAX_AUDITS_DEFAULT). */
  maxAudits?: number;
}

/** How long a restart takes unless the device's simulation says otherwise. */
export const REBOOT_DELAY_SECONDS = 60;

const queues = new WeakMap<TenantData, CheckInQueue>();

/** How a replaced or overridden action ends. */
interface Canceled {
  state: 'canceled';
  result?: undefined;
}

/** A device checks in only when it is online and powered on. */
export const canCheckIn = (record: DeviceRecord): boolean => record.simulation.online && (record.simulation.power ?? 'on') === 'on';

export class Simulator {
  /** What the devices did since the last `takeActivity()` (the unit of work hands it on: `Tenants`). */
  private activity: DeviceActivity[] = [];

  constructor(readonly options: SimulatorOptions) {}

  /** Records what a device did on its own, for the log (the domain has no logger). */
  report(record: DeviceRecord, at: number, what: DistributiveOmit<DeviceActivity, 'deviceId' | 'deviceName' | 'at'>): void {
    this.activity.push({ deviceId: record.device.id, deviceName: record.device.deviceName ?? null, at: isoAt(at), ...what } as DeviceActivity);
  }

  /** What the devices did since the last call, oldest first; the list empties. */
  takeActivity(): DeviceActivity[] {
    const taken = this.activity;
    this.activity = [];
    return taken;
  }

  get ruleset(): Ruleset {
    return this.options.ruleset;
  }

  get clocks(): Clocks {
    return this.options.clocks;
  }

  /** The tenant's now, on its own clock. */
  now(tenant: TenantData): number {
    return this.options.clocks.now(tenant);
  }

  /** Brings a tenant (new or loaded from disk) up to date: prompts reconciled, check-ins and restarts queued. */
  prepare(tenant: TenantData): void {
    const queue = new CheckInQueue();
    const now = this.now(tenant);
    const scheduled: Array<[number, string]> = [];
    for (const record of tenant.devices.values()) {
      reconcileNotifications(record, tenant, this.ruleset, now);
      for (const p of record.pendingActions) if (p.checkInAt !== null) scheduled.push([Date.parse(p.checkInAt), record.device.id]);
      if (record.simulation.bootAt !== undefined) scheduled.push([Date.parse(record.simulation.bootAt), record.device.id]);
      if (record.simulation.lostModeSound?.until) scheduled.push([Date.parse(record.simulation.lostModeSound.until), record.device.id]);
    }
    scheduled.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    for (const [at, id] of scheduled) queue.push(at, id);
    queues.set(tenant, queue);
  }

  /** When the tenant's next check-in, restart end or sound end falls due (tenant clock, ms), or undefined: none is queued. */
  nextDue(tenant: TenantData): number | undefined {
    return this.queue(tenant).peek();
  }

  /** Applies every restart end and check-in due by now, earliest first. Returns whether anything changed. */
  settle(tenant: TenantData): boolean {
    const queue = this.queue(tenant);
    const now = this.now(tenant);
    let changed = false;
    for (let entry = queue.popDue(now); entry; entry = queue.popDue(now)) {
      const record = tenant.devices.get(entry.deviceId);
      if (!record) continue; // deleted from the store since
      const { simulation } = record;
      // A lost mode sound whose minutes are over stops by itself (its Android notification goes).
      if (simulation.lostModeSound?.until && Date.parse(simulation.lostModeSound.until) <= entry.at) {
        settleSound(record, entry.at);
        changed = true;
      }
      if (simulation.power === 'rebooting' && simulation.bootAt !== undefined && Date.parse(simulation.bootAt) === entry.at) {
        // Back from a restart: it checks in as it comes up.
        simulation.power = 'on';
        delete simulation.bootAt;
        this.report(record, entry.at, { kind: 'restarted' });
        if (simulation.online) this.checkIn(tenant, record, entry.at);
        changed = true;
        continue;
      }
      const due = record.pendingActions.some((p) => p.checkInAt !== null && Date.parse(p.checkInAt) === entry.at);
      if (!due || !canCheckIn(record)) continue; // replaced, cancelled by going offline or powering off
      this.checkIn(tenant, record, entry.at);
      changed = true;
    }
    return changed;
  }

  /**
   * The ruleset's row for `action` on the device, and, when the row says the platform cannot do it, the
   * refusal Graph answers with: one function for the refusal and for the control API's list of what the device
   * can be sent (`Intune.actionAvailability`), so the two cannot say different things.
   */
  support(record: DeviceRecord, action: ActionName): { row: RuleRow; refusal: DomainError | undefined } {
    const row = ruleFor(this.ruleset, record.device, record.simulation, action);
    const refusal = row.supported ? undefined
      : new DomainError('actionNotSupported', `The ${action} action is not supported on this device: ${row.label} (${row.why}).`, record.device.id);
    return { row, refusal };
  }

  /** Why the platform cannot do `action` at all (`actionNotSupported`), or nothing. */
  assertSupported(record: DeviceRecord, action: ActionName): void {
    const { refusal } = this.support(record, action);
    if (refusal) throw refusal;
  }

  /**
   * A remote action sent to a device. Throws `actionNotSupported` when its platform cannot do it and
   * `dailyLimitReached` past Intune's daily limit; nothing has changed then.
   */
  requestAction(tenant: TenantData, record: DeviceRecord, action: ActionName, parameters: Readonly<Record<string, unknown>>, initiator: string | null, bulkId?: string): void {
    const spec = actionSpec(action);
    this.assertSupported(record, action);
    REQUEST_CHECKS[action]?.({ record, parameters, now: this.now(tenant) });
    // Counted last, once nothing can refuse the request any more (a refused request changes nothing).
    if (spec.dailyLimit !== undefined) this.countDaily(tenant, spec.dailyLimit.kind, spec.dailyLimit.limit);
    if (spec.pushed) {
      // No pending action, result or audit: the service pushes it now (a custom notification).
      const now = this.now(tenant);
      const pending: PendingAction = { action, requestedAt: isoAt(now), checkInAt: null, auditId: null, parameters: { ...parameters } };
      applyEffect({ tenant, record, pending, row: ruleFor(this.ruleset, record.device, record.simulation, action), at: now, random: this.options.random, rebootDelaySeconds: REBOOT_DELAY_SECONDS });
      return;
    }
    this.queueAction(tenant, record, spec, parameters, initiator, undefined, bulkId);
    // syncDevice: "forces the device to check in" now, when it can.
    if (action === 'syncDevice' && canCheckIn(record)) this.checkIn(tenant, record, this.now(tenant));
  }

  /**
   * `DELETE …/managedDevices/{id}`: hidden from Graph at once, and the device is still sent a retire (Apple,
   * Windows, Android device administrator and personal work profiles) or a wipe (corporate-owned Android),
   * which it carries out when it checks in (delete.md). Throws `dailyLimitReached` past the limit.
   */
  deleteDevice(tenant: TenantData, record: DeviceRecord, initiator: string | null, bulkId?: string): void {
    this.countDaily(tenant, 'delete', DELETE_DAILY_LIMIT);
    record.simulation.enrolled = false;
    // A retire or wipe already on its way stays (a pending wipe is not downgraded to a retire).
    // Its audit row (`delete`) is complete at once: "Completed" on a delete is the server side only (index.md).
    const audit = recordAudit(tenant, record, 'delete', initiator, this.now(tenant), this.options.random, this.options.maxAudits);
    audit.actionState = 'done';
    if (bulkId !== undefined) markBulk(audit, bulkId);
    const sent = record.pendingActions.find((p) => actionSpec(p.action).overrides);
    if (sent) {
      sent.origin = 'delete';
      return;
    }
    const action = WIPED_ON_DELETE.has(record.simulation.enrollment) ? 'wipe' : 'retire';
    this.queueAction(tenant, record, actionSpec(action), {}, initiator, 'delete');
  }

  /** The device checks in at `at`: what is pending is applied and its sync time moves. */
  checkIn(tenant: TenantData, record: DeviceRecord, at: number = this.now(tenant)): void {
    const pending = record.pendingActions;
    record.pendingActions = [];
    // "The Retire, Wipe, and Delete actions take precedence over all other actions" (device actions index).
    const overriding = pending.filter((p) => actionSpec(p.action).overrides).at(-1);
    const actions: Array<{ action: ActionName; state: string }> = [];
    for (const p of pending) {
      const state = overriding && p !== overriding ? this.finish(tenant, record, p, { state: 'canceled' }, at) : this.apply(tenant, record, p, at);
      actions.push({ action: p.action, state });
    }
    this.report(record, at, { kind: 'checkIn', actions });
    record.device.lastSyncDateTime = isoAt(at);
    reconcileNotifications(record, tenant, this.ruleset, at);
  }

  /** Schedules a check-in for a device's pending actions that have none (it came back online or was powered on). */
  scheduleCheckIn(tenant: TenantData, record: DeviceRecord): void {
    if (!canCheckIn(record)) return;
    // On the millisecond grid of the stored time, so the queue entry and `checkInAt` agree.
    const at = Date.parse(isoAt(this.now(tenant) + this.delayMs(record)));
    for (const p of record.pendingActions) p.checkInAt = isoAt(at);
    if (record.pendingActions.length > 0) this.queue(tenant).push(at, record.device.id);
  }

  private queueAction(tenant: TenantData, record: DeviceRecord, spec: ActionSpec, parameters: Readonly<Record<string, unknown>>, initiator: string | null, origin?: 'delete', bulkId?: string): void {
    const now = this.now(tenant);
    // One pending entry per action name: a new request replaces the pending one, which ends canceled; a
    // retire or wipe cancels everything pending.
    const replaced = record.pendingActions.filter((p) => spec.overrides || p.action === spec.name);
    for (const p of replaced) this.finish(tenant, record, p, { state: 'canceled' }, now);
    record.pendingActions = record.pendingActions.filter((p) => !replaced.includes(p));
    // What a DELETE sends is part of the delete, whose audit row says so.
    const audit = spec.audit && origin !== 'delete' ? recordAudit(tenant, record, spec.audit(parameters), initiator, now, this.options.random, this.options.maxAudits) : null;
    if (audit && bulkId !== undefined) markBulk(audit, bulkId);
    if (spec.name === 'retire') record.device.managementState = 'retirePending';
    if (spec.name === 'wipe') record.device.managementState = 'wipePending';
    const pending: PendingAction = {
      action: spec.name,
      requestedAt: isoAt(now),
      checkInAt: canCheckIn(record) ? isoAt(now + this.delayMs(record)) : null,
      auditId: audit?.id ?? null,
      ...(Object.keys(parameters).length > 0 ? { parameters: { ...parameters } } : {}),
      ...(origin ? { origin } : {}),
    };
    record.pendingActions.push(pending);
    if (spec.resultType) {
      upsertResult(record.device, {
        '@odata.type': spec.resultType,
        actionName: spec.name,
        actionState: 'pending',
        startDateTime: isoAt(now),
        lastUpdatedDateTime: isoAt(now),
        ...spec.resultProperties,
      });
    }
    if (pending.checkInAt !== null) this.queue(tenant).push(Date.parse(pending.checkInAt), record.device.id);
  }

  private apply(tenant: TenantData, record: DeviceRecord, pending: PendingAction, at: number): string {
    const row = ruleFor(this.ruleset, record.device, record.simulation, pending.action);
    const applied = applyEffect({
      tenant, record, pending, row, at, random: this.options.random,
      rebootDelaySeconds: REBOOT_DELAY_SECONDS,
    });
    if (record.simulation.power === 'rebooting' && record.simulation.bootAt !== undefined) {
      this.queue(tenant).push(Date.parse(record.simulation.bootAt), record.device.id);
    }
    if (pending.action === 'playLostModeSound' && record.simulation.lostModeSound?.until) {
      this.queue(tenant).push(Date.parse(record.simulation.lostModeSound.until), record.device.id);
    }
    return this.finish(tenant, record, pending, applied, at);
  }

  /** The action's result entry and audit take its final state, which it returns. */
  private finish(tenant: TenantData, record: DeviceRecord, pending: PendingAction, applied: Applied | Canceled, at: number): string {
    const spec = actionSpec(pending.action);
    if (spec.resultType) {
      const started = resultFor(record.device, pending.action)?.startDateTime ?? pending.requestedAt;
      upsertResult(record.device, {
        '@odata.type': spec.resultType,
        actionName: pending.action,
        actionState: applied.state,
        startDateTime: started,
        lastUpdatedDateTime: isoAt(at),
        ...spec.resultProperties,
        ...applied.result,
      });
    }
    const audit = pending.auditId === null ? undefined : tenant.audits.get(pending.auditId);
    if (audit) audit.actionState = applied.state;
    return applied.state;
  }

  /** Counts a retire, wipe or delete against Intune's daily tenant limit (UTC day on the tenant's clock). */
  private countDaily(tenant: TenantData, kind: 'retire' | 'wipe' | 'delete', limit: number): void {
    const day = isoAt(this.now(tenant)).slice(0, 10);
    const counts = tenant.dailyActions?.day === day ? tenant.dailyActions : { day, retire: 0, wipe: 0, delete: 0 };
    if (counts[kind] >= limit) {
      throw new DomainError(
        'dailyLimitReached',
        `The tenant has reached its daily limit of ${limit} ${kind} actions (${day}, UTC). Try again tomorrow, or ask Microsoft support to raise the limit.`,
      );
    }
    tenant.dailyActions = { ...counts, [kind]: counts[kind] + 1 };
  }

  private delayMs(record: DeviceRecord): number {
    return 1000 * (record.simulation.checkInDelaySeconds ?? this.options.checkInDelaySeconds);
  }

  private queue(tenant: TenantData): CheckInQueue {
    let queue = queues.get(tenant);
    if (!queue) {
      this.prepare(tenant);
      queue = queues.get(tenant)!;
    }
    return queue;
  }
}

/** An audit of one device of a bulk request (beta executeAction): the category, and the id every device of the request shares. */
function markBulk(audit: RemoteActionAudit, bulkId: string): void {
  audit.deviceActionCategory = 'bulk';
  audit.bulkDeviceActionId = bulkId;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

