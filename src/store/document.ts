/**
 * The persisted document (`<data>/db.json`): a marker naming this program and the schema version, then
 * every tenant's state. A file without the marker is foreign and is never overwritten; a newer schema
 * version is refused rather than misread.
 */
import { Type, type Static } from '@sinclair/typebox';
import { compileValidator, type Problem } from '../lib/ajv.js';
import { AppRegistrationSchema } from '../schemas/app-registration.js';
import { CompliancePolicySchema } from '../schemas/compliance-policy.js';
import { RemoteActionAuditSchema } from '../schemas/remote-action-audit.js';
import { UserSchema } from '../schemas/user.js';
import { MAX_CLOCK_MS } from '../domain/clock.js';
import { DailyActionCountSchema, DeviceRecordSchema, type TenantData } from '../domain/tenant-state.js';

export const SCHEMA_VERSION = 1;

const TenantDocumentSchema = Type.Object({
  devices: Type.Array(DeviceRecordSchema),
  users: Type.Array(UserSchema),
  compliancePolicies: Type.Array(CompliancePolicySchema),
  apps: Type.Array(AppRegistrationSchema),
  audits: Type.Array(RemoteActionAuditSchema),
  /** Audits dropped, oldest first, to keep `--max-audits` (absent: none). */
  auditsDropped: Type.Optional(Type.Integer({ minimum: 0 })),
  dailyActions: Type.Optional(DailyActionCountSchema),
  /**
   * The tenant's clock, ahead of the base clock by this many ms (docs/simulation.md#mock-clock); absent: 0.
   * The mock never writes one that takes the clock past MAX_CLOCK_MS; a larger one is a damaged file.
   */
  clockOffsetMs: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_CLOCK_MS })),
}, { additionalProperties: false });

export const DocumentSchema = Type.Object({
  intuneMock: Type.Object({ schemaVersion: Type.Literal(SCHEMA_VERSION) }),
  tenants: Type.Record(Type.String(), TenantDocumentSchema),
}, { additionalProperties: false });
export type PersistedDocument = Static<typeof DocumentSchema>;

const validateDocument = compileValidator(DocumentSchema);

/** Why a parsed file cannot be used, or `undefined` when it can. */
export function documentProblem(parsed: unknown): string | undefined {
  const marker = (parsed as { intuneMock?: { schemaVersion?: unknown } } | null)?.intuneMock;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof marker !== 'object') {
    return 'it is not an intune-mock data file (no "intuneMock" marker)';
  }
  if (marker.schemaVersion !== SCHEMA_VERSION) {
    return `it has schema version ${JSON.stringify(marker.schemaVersion)}; this intune-mock reads version ${SCHEMA_VERSION}`;
  }
  const problems: Problem[] = validateDocument.problems(parsed);
  if (problems.length === 0) return undefined;
  const shown = problems.slice(0, 10).map((p) => `${p.path}: ${p.message}`).join('; ');
  return `its content is not valid (${problems.length} problem(s): ${shown})`;
}

export function toDocument(tenants: ReadonlyMap<string, TenantData>): PersistedDocument {
  const out: PersistedDocument = { intuneMock: { schemaVersion: SCHEMA_VERSION }, tenants: {} };
  for (const [id, t] of tenants) {
    out.tenants[id] = {
      devices: [...t.devices.values()],
      users: [...t.users.values()],
      compliancePolicies: [...t.compliancePolicies.values()],
      apps: t.apps,
      audits: [...t.audits.values()],
      ...(t.auditsDropped ? { auditsDropped: t.auditsDropped } : {}),
      ...(t.dailyActions ? { dailyActions: t.dailyActions } : {}),
      ...(t.clockOffsetMs ? { clockOffsetMs: t.clockOffsetMs } : {}),
    };
  }
  return out;
}

export function fromDocument(doc: PersistedDocument): Map<string, TenantData> {
  const out = new Map<string, TenantData>();
  for (const [id, t] of Object.entries(doc.tenants)) {
    out.set(id, {
      devices: new Map(t.devices.map((r) => [r.device.id, r])),
      users: new Map(t.users.map((u) => [u.id.toLowerCase(), u])),
      compliancePolicies: new Map(t.compliancePolicies.map((p) => [p.id, p])),
      apps: t.apps,
      audits: new Map(t.audits.map((a) => [a.id, a])),
      ...(t.auditsDropped ? { auditsDropped: t.auditsDropped } : {}),
      ...(t.dailyActions ? { dailyActions: t.dailyActions } : {}),
      ...(t.clockOffsetMs ? { clockOffsetMs: t.clockOffsetMs } : {}),
    });
  }
  return out;
}
