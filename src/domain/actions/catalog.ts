/**
 * The remote actions the mock serves, as data: one row per action. The Graph routes (every path), their
 * OpenAPI operations and permission checks are generated from this table (docs/architecture.md#a-remote-action).
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
  /** The `@odata.type` of its entry in the device's `deviceActionResults`. */
  resultType: `#microsoft.graph.${string}ActionResult`;
}

/**
 * LIMITATIONS: one action so far. Its platform rules are the tables in `domain/rules/` and its effects the
 * simulator's; the remote-actions work makes both per action.
 */
export const ACTIONS: readonly ActionSpec[] = [
  {
    name: 'resetPasscode',
    versions: ['v1.0', 'beta'],
    operation: 'privilegedDeviceAction',
    summary: 'Reset the passcode of a device',
    refusedWhen: 'the platform cannot reset its passcode at all (Intune\'s message; nothing is queued)',
    resultType: '#microsoft.graph.resetPasscodeActionResult',
  },
];

/** The catalog by action name. */
export const ACTION_SPECS: ReadonlyMap<ActionName, ActionSpec> = new Map(ACTIONS.map((a) => [a.name, a]));
