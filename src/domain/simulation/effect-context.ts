/**
 * What an effect function (`effects.ts` and the family files beside it) receives and gives back: the
 * device, the pending action, the row it matched and the check-in time; its outcome and derived result.
 */
import type { PendingAction } from '../../schemas/pending-action.js';
import type { ResultProperties } from '../actions/catalog.js';
import type { Random } from '../random.js';
import type { RuleRow } from '../rules/index.js';
import type { DeviceRecord, TenantData } from '../tenant-state.js';

export type Outcome = 'done' | 'failed' | 'notSupported';

/**
 * What applying an action gave: its outcome, and what its `deviceActionResults` entry carries besides the
 * base type's properties (over the catalog's `resultProperties`).
 */
export interface Applied {
  state: Outcome;
  result?: ResultProperties;
}

export interface EffectContext {
  tenant: TenantData;
  record: DeviceRecord;
  pending: PendingAction;
  row: RuleRow;
  /** The check-in time. */
  at: number;
  random: Random;
  /** The default restart time, seconds. */
  rebootDelaySeconds: number;
}
