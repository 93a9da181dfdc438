/**
 * The remote actions the mock serves, as data: one row per action. Routes (both URL forms, every path),
 * OpenAPI, permission checks and the README's tables are generated from or checked against this table,
 * so adding an action is a row here plus its effect in the simulator (docs/architecture.md#a-remote-action).
 */
import type { Operation } from '../permissions.js';

export type ActionName = 'resetPasscode';

export interface ActionSpec {
  name: ActionName;
  /** The Graph versions that have it. */
  versions: readonly ('v1.0' | 'beta')[];
  /** The permission check (domain/permissions.ts): the least-privileged permissions that allow it. */
  operation: Operation;
  /** One line for OpenAPI: what it does to "a device". */
  summary: string;
  /** OpenAPI: when it answers `400`. */
  refusedWhen: string;
}

export const ACTIONS: readonly ActionSpec[] = [
  {
    name: 'resetPasscode',
    versions: ['v1.0', 'beta'],
    operation: 'privilegedDeviceAction',
    summary: 'Reset the passcode of a device',
    refusedWhen: 'the platform cannot reset its passcode at all (Intune\'s message; nothing is queued)',
  },
];

export const actionSpec = (name: ActionName): ActionSpec => ACTIONS.find((a) => a.name === name)!;
