/**
 * `/deviceManagement/deviceCompliancePolicies[/{id}]`, read-only: the policies the simulation reads
 * (docs/simulation.md#devices). Items are polymorphic, so each carries its `@odata.type`, as Graph writes derived types.
 *
 * LIMITATIONS: no create/update/delete, no assignments or status navigation properties.
 */
import { entityModel } from '../../schemas/edm.js';
import { DeviceCompliancePolicyBaseSchema, type CompliancePolicy } from '../../schemas/compliance-policy.js';
import { DeviceCompliancePolicyCollectionSchema, DeviceCompliancePolicyResponseSchema } from '../../schemas/graph-wire.js';
import type { GraphContext } from '../context.js';
import { readOnlyEntitySet } from '../entity-set.js';
import type { GraphRoute } from '../graph-route.js';

const model = entityModel('microsoft.graph.deviceCompliancePolicy', DeviceCompliancePolicyBaseSchema);

function serialize(policy: CompliancePolicy, select: readonly string[] | undefined): Record<string, unknown> {
  if (!select) return { ...policy };
  const out: Record<string, unknown> = { '@odata.type': policy['@odata.type'] };
  for (const key of select) out[key] = (policy as Record<string, unknown>)[key] ?? null;
  return out;
}

export const compliancePolicyRoutes = (ctx: GraphContext): GraphRoute[] =>
  readOnlyEntitySet(ctx, {
    name: 'deviceCompliancePolicies',
    path: '/deviceManagement/deviceCompliancePolicies',
    model,
    list: (intune, caller) => intune.compliancePolicies(caller),
    get: (intune, caller, id) => intune.compliancePolicy(caller, id),
    serialize,
    what: 'device compliance policy',
    whatPlural: 'device compliance policies',
    operation: 'readDeviceConfiguration',
    schemas: { entity: DeviceCompliancePolicyResponseSchema, collection: DeviceCompliancePolicyCollectionSchema },
  });
