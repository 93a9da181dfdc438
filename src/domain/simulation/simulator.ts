/**
 * The simulated devices' side of remote actions (docs/simulation.md#resetpasscode, "The action's life"):
 * 1. a request the platform cannot do is refused (400, nothing queued); otherwise it becomes a pending
 *    action, a `pending` entry in `deviceActionResults` and a beta audit;
 * 2. the device checks in `checkInDelaySeconds` later (or at once on a `checkIn` event; never while
 *    offline) and applies the action as its ruleset row says;
 * 3. what falls due happens in time order whenever the tenant is next touched or the clock moves, so
 *    time is only ever the mock's clock and nothing runs in the background.
 */
import type { PendingAction } from '../../schemas/pending-action.js';
import { ACTION_SPECS, type ActionName } from '../actions/catalog.js';
import type { DeviceRecord, TenantData } from '../tenant-state.js';
import { resultFor, upsertResult } from '../action-results.js';
import { recordAudit } from '../audits.js';
import { isoAt, type Clock } from '../clock.js';
import { DomainError } from '../errors.js';
import { iosPasscodeRequired, workProfilePasswordRequired } from '../policies.js';
import type { Random } from '../random.js';
import { ruleFor, type RuleRow, type Ruleset } from '../rules/index.js';
import { CheckInQueue } from './check-in-queue.js';
import { dismiss, reconcileNotifications, show } from './notifications.js';

export interface SimulatorOptions {
  clock: Clock;
  random: Random;
  ruleset: Ruleset;
  /** Default seconds between an action and the device's check-in (`--check-in-delay`). */
  checkInDelaySeconds: number;
}

const queues = new WeakMap<TenantData, CheckInQueue>();
const WORK_PROFILE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export class Simulator {
  constructor(readonly options: SimulatorOptions) {}

  get ruleset(): Ruleset {
    return this.options.ruleset;
  }

  now(): number {
    return this.options.clock.now();
  }

  /** Brings a tenant (new or loaded from disk) up to date: prompts reconciled, check-ins queued. */
  prepare(tenant: TenantData): void {
    const queue = new CheckInQueue();
    const now = this.now();
    const scheduled: Array<[number, string]> = [];
    for (const record of tenant.devices.values()) {
      reconcileNotifications(record, tenant, this.ruleset, now);
      for (const p of record.pendingActions) if (p.checkInAt !== null) scheduled.push([Date.parse(p.checkInAt), record.device.id]);
    }
    scheduled.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    for (const [at, id] of scheduled) queue.push(at, id);
    queues.set(tenant, queue);
  }

  /** Applies every check-in due by now, earliest first. Returns whether anything changed. */
  settle(tenant: TenantData): boolean {
    const queue = queues.get(tenant) ?? (this.prepare(tenant), queues.get(tenant)!);
    const now = this.now();
    let changed = false;
    for (let entry = queue.popDue(now); entry; entry = queue.popDue(now)) {
      const record = tenant.devices.get(entry.deviceId);
      const due = record?.pendingActions.some((p) => p.checkInAt !== null && Date.parse(p.checkInAt) === entry!.at);
      if (!record || !due) continue; // replaced, cancelled by going offline, or deleted
      this.checkIn(tenant, record, entry.at);
      changed = true;
    }
    return changed;
  }

  /** A remote action sent to a device: throws `actionNotSupported` when its platform cannot do it. */
  requestAction(tenant: TenantData, record: DeviceRecord, action: ActionName, initiator: string | null): void {
    const row = ruleFor(this.ruleset, record.device, record.simulation);
    if (!row.supported) {
      throw new DomainError(
        'actionNotSupported',
        `The ${action} action is not supported on this device: ${row.label} (${row.why}).`,
        record.device.id,
      );
    }
    const now = this.now();
    const previous = record.pendingActions.find((p) => p.action === action);
    if (previous) {
      // One entry per action name: the new request replaces the pending one, whose audit is cancelled.
      const audit = tenant.audits.get(previous.auditId);
      if (audit) audit.actionState = 'canceled';
    }
    const audit = recordAudit(tenant, record, initiator, now, this.options.random);
    const pending: PendingAction = {
      action,
      requestedAt: isoAt(now),
      checkInAt: record.simulation.online ? isoAt(now + this.delayMs(record)) : null,
      auditId: audit.id,
    };
    record.pendingActions = [...record.pendingActions.filter((p) => p.action !== action), pending];
    upsertResult(record.device, {
      '@odata.type': ACTION_SPECS.get(action)!.resultType,
      actionName: action,
      actionState: 'pending',
      startDateTime: isoAt(now),
      lastUpdatedDateTime: isoAt(now),
      passcode: null,
      errorCode: 0,
    });
    if (pending.checkInAt !== null) this.queue(tenant).push(Date.parse(pending.checkInAt), record.device.id);
  }

  /** The device checks in at `at`: its pending actions are applied and its sync time moves. */
  checkIn(tenant: TenantData, record: DeviceRecord, at: number = this.now()): void {
    for (const pending of record.pendingActions) this.apply(tenant, record, pending, at);
    record.pendingActions = [];
    record.device.lastSyncDateTime = isoAt(at);
    reconcileNotifications(record, tenant, this.ruleset, at);
  }

  /** Schedules a check-in for a device's pending actions that have none (it came back online). */
  scheduleCheckIn(tenant: TenantData, record: DeviceRecord): void {
    const at = this.now() + this.delayMs(record);
    for (const p of record.pendingActions) p.checkInAt = isoAt(at);
    if (record.pendingActions.length > 0) this.queue(tenant).push(at, record.device.id);
  }

  /** A generated passcode: six digits for a device, eight characters for a work-profile challenge. */
  generatePasscode(kind: 'device' | 'workProfile'): string {
    const { random } = this.options;
    if (kind === 'device') return random.digits(6);
    return Array.from({ length: 8 }, () => random.pick([...WORK_PROFILE_ALPHABET])).join('');
  }

  private apply(tenant: TenantData, record: DeviceRecord, pending: PendingAction, at: number): void {
    const row = ruleFor(this.ruleset, record.device, record.simulation);
    const failed = this.unmetCondition(tenant, record, row);
    let state: 'done' | 'failed' | 'notSupported' = 'done';
    let passcode: string | null = null;
    if (!row.supported) state = 'failed'; // the device changed since the request (e.g. an OS downgrade in a fixture)
    else if (failed) state = failed;
    else if (row.effect === 'resetDevicePasscode') {
      passcode = this.generatePasscode('device');
      record.simulation.passcode = { set: true, value: passcode };
      show(record, 'newPasscode', at);
    } else if (row.effect === 'resetWorkProfilePasscode') {
      passcode = this.generatePasscode('workProfile');
      record.simulation.workProfilePasscode = { set: true, value: passcode };
      show(record, 'newPasscode', at);
    } else if (row.effect === 'removePasscode') {
      record.simulation.passcode = { set: false };
      dismiss(record, 'newPasscode');
      if (iosPasscodeRequired(tenant)) {
        // "If there is a passcode compliance policy set, then the device will prompt the user to set a new passcode."
        show(record, 'setPasscode', at);
        record.device.complianceState = 'noncompliant';
      }
    }
    const started = resultFor(record.device, pending.action)?.startDateTime ?? pending.requestedAt;
    upsertResult(record.device, {
      '@odata.type': ACTION_SPECS.get(pending.action)!.resultType,
      actionName: pending.action,
      actionState: state,
      startDateTime: started,
      lastUpdatedDateTime: isoAt(at),
      passcode,
      errorCode: 0,
    });
    const audit = tenant.audits.get(pending.auditId);
    if (audit) audit.actionState = state;
  }

  /** The outcome of the first check-in condition the device does not meet, if any. */
  private unmetCondition(tenant: TenantData, record: DeviceRecord, row: RuleRow): 'failed' | 'notSupported' | undefined {
    for (const c of row.conditions ?? []) {
      const met = c.requires === 'resetTokenActive' ? record.simulation.resetToken === 'active' : workProfilePasswordRequired(tenant);
      if (!met) return c.outcome;
    }
    return undefined;
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
