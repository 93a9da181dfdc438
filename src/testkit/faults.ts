/**
 * Fault rules (docs/simulation.md#control-api): make Graph misbehave on purpose, deterministically. A rule matches a
 * method, a path pattern and optionally an operation; it answers a status with a real Graph error code,
 * a `Retry-After`, and/or adds latency; it fires for the next `times` matching requests, then is spent.
 * An optional `probability` draws from a random source seeded by the rule's `seed`, so a run repeats.
 *
 * Rules belong to a tenant and live in memory only (a test's setup, not the tenant's state).
 */
import { Type, type Static } from '@sinclair/typebox';
import { randomUUID } from 'node:crypto';
import { createRandom, type Random } from '../domain/random.js';
import { graphOperationIds } from '../graph/routes/index.js';
import { MAX_PATTERN_LENGTH, pathPattern } from './path-pattern.js';

/** The Graph error code each status answers with unless the rule names one (docs/graph-fidelity.md#errors). */
export const DEFAULT_CODES: Readonly<Record<number, string>> = {
  400: 'BadRequest', 401: 'InvalidAuthenticationToken', 403: 'Forbidden', 404: 'ResourceNotFound', 409: 'Conflict',
  429: 'TooManyRequests', 500: 'InternalServerError', 502: 'BadGateway', 503: 'serviceNotAvailable', 504: 'GatewayTimeout',
};

/**
 * What a rule's `operation` may name: a Graph operation id (`users.managedDevices.resetPasscode`) or its
 * tail after any dot (`managedDevices.resetPasscode`, `resetPasscode`, `microsoft.graph.wipe`, `list`);
 * a tail matches every operation ending with it. A known, static set, so that a typo is refused when the
 * rule is added rather than never firing.
 */
export const FAULT_OPERATIONS: readonly string[] = (() => {
  const names = new Set<string>();
  for (const id of graphOperationIds()) {
    // `microsoft.graph.` qualifies an action: one part, not three.
    const parts = id.replace('microsoft.graph.', 'microsoft\u0000graph\u0000').split('.');
    for (let i = 0; i < parts.length; i++) names.add(parts.slice(i).join('.').replaceAll('\u0000', '.'));
  }
  return [...names].sort();
})();
const FAULT_OPERATION_SET = new Set(FAULT_OPERATIONS);

/** Why `operation` cannot be a rule's, naming the known ones; or undefined. */
export function unknownOperation(operation: unknown): string | undefined {
  if (typeof operation !== 'string' || FAULT_OPERATION_SET.has(operation)) return undefined;
  const lastParts = [...new Set(FAULT_OPERATIONS.map((n) => n.slice(n.lastIndexOf('.') + 1)))].sort();
  return `'${operation}' is not a Graph operation the mock serves: name an operation id without its version `
    + `(e.g. managedDevices.resetPasscode, as GET /docs lists them) or its last part: ${lastParts.join(', ')}`;
}

export const FaultRuleInputSchema = Type.Object({
  method: Type.Optional(Type.String({ pattern: '^([A-Za-z]+|\\*)$', description: 'an HTTP method, or * (default)' })),
  path: Type.String({ minLength: 1, maxLength: MAX_PATTERN_LENGTH, description: 'a path pattern: * matches within a segment, ** across segments; case-insensitive; the query is not part of it' }),
  operation: Type.Optional(Type.Unsafe<string>({
    type: 'string',
    enum: [...FAULT_OPERATIONS],
    description: 'a Graph operation id without its version (managedDevices.resetPasscode) or its tail after a dot (resetPasscode): the rule acts on every operation ending with it',
  })),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599 })),
  code: Type.Optional(Type.String({ minLength: 1 })),
  message: Type.Optional(Type.String()),
  retryAfterSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 })),
  answeredBy: Type.Optional(Type.Union([Type.Literal('intune'), Type.Literal('graph')], {
    description: 'who answers the fault: `intune`, in Intune\'s message format (a JSON document in `message`, as Intune\'s own 429s are; the default for 429), or `graph`, Graph\'s envelope (for a 429 the documented throttling body; the default for other statuses)',
  })),
  latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  seed: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Integer()])),
}, { additionalProperties: false });
export type FaultRuleInput = Static<typeof FaultRuleInputSchema>;

/** A rule as the control API shows it: what was asked, its defaults filled in, and how often it fired. */
export const FaultRuleSchema = Type.Object({
  ...FaultRuleInputSchema.properties,
  id: Type.String({ description: 'Answers carry it in `x-mock-fault`.' }),
  method: Type.String({ description: 'Upper case, or `*`.' }),
  times: Type.Integer({ minimum: 1 }),
  fired: Type.Integer({ minimum: 0, description: 'How often it has fired.' }),
}, { $id: 'mock.faultRule', additionalProperties: false });
export type FaultRule = Static<typeof FaultRuleSchema>;

/** What a matching rule does to a request. */
export interface FaultAction {
  rule: FaultRule;
  /** Absent: latency only, the request then goes on as usual. */
  status?: number;
  code?: string;
  message?: string;
  retryAfterSeconds?: number;
  /** With a status: whose error envelope answers. */
  answeredBy?: FaultAnswerer;
  latencyMs: number;
}

export type FaultAnswerer = 'intune' | 'graph';

/**
 * Who answers a rule's status when it does not say: Intune's services for a 429, as Intune throttles its own
 * requests (almenscorner/IntuneCD #217, andrew-s-taylor/WindowsAutopilotInfo #29); Graph's envelope otherwise.
 */
export const defaultAnswerer = (status: number): FaultAnswerer => (status === 429 ? 'intune' : 'graph');

interface Entry {
  rule: FaultRule;
  matches: (path: string) => boolean;
  random?: Random;
}

export class FaultRegistry {
  #byTenant = new Map<string, Entry[]>();

  /** Told, with the tenant, each time its rules change: added, removed, cleared, or spent (docs/console.md#live-updates). */
  readonly onChange: Array<(tenantId: string) => void> = [];

  #changed(tenantId: string): void {
    for (const hook of this.onChange) hook(tenantId);
  }

  /** How many rules the tenant has. */
  count(tenantId: string): number {
    return this.#byTenant.get(tenantId)?.length ?? 0;
  }

  /** Why the rule cannot be used, or undefined. */
  static problem(input: FaultRuleInput): string | undefined {
    if (input.status === undefined && input.latencyMs === undefined) return 'a rule needs a status, a latencyMs, or both';
    if (input.probability !== undefined && input.probability < 1 && input.seed === undefined) {
      return 'a probability below 1 needs a seed, so that the run repeats';
    }
    if ((input.code !== undefined || input.retryAfterSeconds !== undefined || input.message !== undefined || input.answeredBy !== undefined) && input.status === undefined) {
      return 'code, message, retryAfterSeconds and answeredBy go with a status';
    }
    return undefined;
  }

  add(tenantId: string, input: FaultRuleInput): FaultRule {
    const rule: FaultRule = {
      ...input, id: randomUUID(), method: (input.method ?? '*').toUpperCase(), times: input.times ?? 1, fired: 0,
      ...(input.status === undefined ? {} : { answeredBy: input.answeredBy ?? defaultAnswerer(input.status) }),
    };
    const entry: Entry = { rule, matches: pathPattern(input.path) };
    if (input.probability !== undefined && input.probability < 1) entry.random = createRandom(input.seed);
    this.#byTenant.set(tenantId, [...(this.#byTenant.get(tenantId) ?? []), entry]);
    this.#changed(tenantId);
    return rule;
  }

  list(tenantId: string): FaultRule[] {
    return (this.#byTenant.get(tenantId) ?? []).map((e) => ({ ...e.rule }));
  }

  remove(tenantId: string, id: string): boolean {
    const entries = this.#byTenant.get(tenantId) ?? [];
    const kept = entries.filter((e) => e.rule.id !== id);
    this.#byTenant.set(tenantId, kept);
    if (kept.length === entries.length) return false;
    this.#changed(tenantId);
    return true;
  }

  clear(tenantId: string): void {
    const had = this.#byTenant.delete(tenantId);
    if (had) this.#changed(tenantId);
  }

  /** Whether the tenant has any rule (most requests meet none: nothing else need be worked out for them). */
  any(tenantId: string): boolean {
    return (this.#byTenant.get(tenantId)?.length ?? 0) > 0;
  }

  /**
   * The first live rule that matches and fires for this request, counted; or undefined. A spent rule
   * is dropped. Rules are tried in the order they were added.
   */
  take(tenantId: string, method: string, path: string, operationId: string | undefined): FaultAction | undefined {
    const entries = this.#byTenant.get(tenantId);
    if (!entries) return undefined;
    for (const entry of entries) {
      const { rule } = entry;
      if (rule.method !== '*' && rule.method !== method.toUpperCase()) continue;
      if (!entry.matches(path)) continue;
      if (rule.operation !== undefined && !operationMatches(rule.operation, operationId)) continue;
      if (entry.random && entry.random.next() >= (rule.probability ?? 1)) continue;
      rule.fired++;
      if (rule.fired >= rule.times) {
        this.#byTenant.set(tenantId, entries.filter((e) => e !== entry));
        this.#changed(tenantId);
      }
      return {
        rule: { ...rule },
        latencyMs: rule.latencyMs ?? 0,
        ...(rule.status === undefined ? {} : {
          status: rule.status, code: rule.code ?? DEFAULT_CODES[rule.status] ?? 'UnknownError', answeredBy: rule.answeredBy ?? defaultAnswerer(rule.status),
        }),
        ...(rule.message === undefined ? {} : { message: rule.message }),
        ...(rule.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: rule.retryAfterSeconds }),
      };
    }
    return undefined;
  }
}

function operationMatches(wanted: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const w = wanted.toLowerCase();
  const a = actual.toLowerCase();
  return a === w || a.endsWith(`.${w}`);
}
