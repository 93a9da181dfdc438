/**
 * What the emulated world can refuse, with no HTTP in sight. `graph/errors.ts` maps each kind to a Graph
 * status and code; the control API maps them to its own bodies.
 */
export type DomainErrorKind =
  | 'deviceNotFound'
  | 'userNotFound'
  | 'policyNotFound'
  | 'auditNotFound'
  | 'invalidProperty'
  | 'readOnlyProperty'
  | 'actionNotSupported'
  /** An action's parameter Intune refuses (a name against the platform's naming rules, more devices than a bulk action takes). */
  | 'invalidActionParameter'
  | 'dailyLimitReached'
  | 'noSignedInUser'
  | 'conflict'
  /** The store cannot make changes durable now (`--data` on a full or failing disk): nothing is changed. */
  | 'notPersisted'
  | 'clockLimit'
  /**
   * The tenant cannot be held now: `--max-tenants` reached with no tenant that can be set aside without loss,
   * or (`--data`) its file cannot be read. Nothing is changed (docs/reliability.md#bounds).
   */
  | 'tenantUnavailable'
  /** Something Graph does, which the mock does not emulate (a bulk action the catalog lacks). */
  | 'notEmulated';

export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** What the error is about: a property name, an id. */
    readonly target?: string,
  ) {
    super(message);
  }
}
