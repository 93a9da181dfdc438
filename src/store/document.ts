/**
 * The persisted documents (docs/architecture.md#persistence), schema version 2:
 * - `<data>/db.json`, the index: a marker naming this program and the schema version, and where the tenants
 *   are. A file without the marker is foreign and is never overwritten; a newer schema version is refused
 *   rather than misread.
 * - `<data>/tenants/<tenantId>.json`, one per tenant: the marker, the tenant id and the tenant's state, so a
 *   change rewrites only its own tenant's file.
 * Version 1 kept every tenant inside `db.json`; such a file is read once, on open, and migrated.
 */
import { Type, type Static } from '@sinclair/typebox';
import { compileValidator, type Problem } from '../lib/ajv.js';
import { AppRegistrationSchema } from '../schemas/app-registration.js';
import { CompliancePolicySchema } from '../schemas/compliance-policy.js';
import { RemoteActionAuditSchema } from '../schemas/remote-action-audit.js';
import { UserSchema } from '../schemas/user.js';
import { MAX_CLOCK_MS } from '../domain/clock.js';
import { DailyActionCountSchema, DeviceRecordSchema, type TenantData } from '../domain/tenant-state.js';

export const SCHEMA_VERSION = 2;
/** Where a tenant's document lives, relative to the data directory (written into the index for readers). */
export const TENANT_FILES = 'tenants/<tenantId>.json';

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
type TenantDocument = Static<typeof TenantDocumentSchema>;

/** Version 1's `db.json`: every tenant inside (read only to migrate it). */
const V1DocumentSchema = Type.Object({
  intuneMock: Type.Object({ schemaVersion: Type.Literal(1) }),
  tenants: Type.Record(Type.String(), TenantDocumentSchema),
}, { additionalProperties: false });
export type V1Document = Static<typeof V1DocumentSchema>;

export const IndexSchema = Type.Object({
  intuneMock: Type.Object({ schemaVersion: Type.Literal(SCHEMA_VERSION) }),
  tenantFiles: Type.Literal(TENANT_FILES),
}, { additionalProperties: false });
export type IndexDocument = Static<typeof IndexSchema>;

export const TenantFileSchema = Type.Object({
  intuneMock: Type.Object({ schemaVersion: Type.Literal(SCHEMA_VERSION) }),
  tenantId: Type.String(),
  tenant: TenantDocumentSchema,
}, { additionalProperties: false });
export type TenantFile = Static<typeof TenantFileSchema>;

export const INDEX: IndexDocument = { intuneMock: { schemaVersion: SCHEMA_VERSION }, tenantFiles: TENANT_FILES };

const validateV1 = compileValidator(V1DocumentSchema);
const validateIndex = compileValidator(IndexSchema);
const validateTenantFile = compileValidator(TenantFileSchema);

function describe(problems: readonly Problem[]): string {
  const shown = problems.slice(0, 10).map((p) => `${p.path}: ${p.message}`).join('; ');
  return `its content is not valid (${problems.length} problem(s): ${shown})`;
}

function markerProblem(parsed: unknown, versions: readonly number[]): string | undefined {
  const marker = (parsed as { intuneMock?: { schemaVersion?: unknown } } | null)?.intuneMock;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof marker !== 'object' || marker === null) {
    return 'it is not an intune-mock data file (no "intuneMock" marker)';
  }
  if (!versions.includes(marker.schemaVersion as number)) {
    return `it has schema version ${JSON.stringify(marker.schemaVersion)}; this intune-mock reads version ${SCHEMA_VERSION}${versions.length > 1 ? ` (and migrates ${versions.filter((v) => v !== SCHEMA_VERSION).join(', ')})` : ''}`;
  }
  return undefined;
}

/** Why a parsed `db.json` cannot be used (`problem`), or which version it is: 1 is migrated on open. */
export function indexProblem(parsed: unknown): { problem: string } | { version: 1 | 2 } {
  const problem = markerProblem(parsed, [1, SCHEMA_VERSION]);
  if (problem !== undefined) return { problem };
  const version = (parsed as { intuneMock: { schemaVersion: 1 | 2 } }).intuneMock.schemaVersion;
  const problems = version === 1 ? validateV1.problems(parsed) : validateIndex.problems(parsed);
  return problems.length === 0 ? { version } : { problem: describe(problems) };
}

/** Why a parsed tenant file cannot be used as tenant `tenantId`'s, or `undefined` when it can. */
export function tenantFileProblem(parsed: unknown, tenantId: string): string | undefined {
  const problem = markerProblem(parsed, [SCHEMA_VERSION]);
  if (problem !== undefined) return problem;
  const problems = validateTenantFile.problems(parsed);
  if (problems.length > 0) return describe(problems);
  const named = (parsed as TenantFile).tenantId;
  return named === tenantId ? undefined : `it holds tenant ${JSON.stringify(named)}, not ${tenantId}`;
}

export function toTenantDocument(t: TenantData): TenantDocument {
  return {
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

export function toTenantFile(tenantId: string, t: TenantData): TenantFile {
  return { intuneMock: { schemaVersion: SCHEMA_VERSION }, tenantId, tenant: toTenantDocument(t) };
}

export function fromTenantDocument(t: TenantDocument): TenantData {
  return {
    devices: new Map(t.devices.map((r) => [r.device.id, r])),
    users: new Map(t.users.map((u) => [u.id.toLowerCase(), u])),
    compliancePolicies: new Map(t.compliancePolicies.map((p) => [p.id, p])),
    apps: t.apps,
    audits: new Map(t.audits.map((a) => [a.id, a])),
    ...(t.auditsDropped ? { auditsDropped: t.auditsDropped } : {}),
    ...(t.dailyActions ? { dailyActions: t.dailyActions } : {}),
    ...(t.clockOffsetMs ? { clockOffsetMs: t.clockOffsetMs } : {}),
  };
}
