/**
 * `/deviceManagement/deviceCompliancePolicies[/{id}]`, read-only: the policies the simulation reads
 * (behaviour.md §2). Items are polymorphic, so each carries its `@odata.type`, as Graph writes derived types.
 *
 * LIMITATIONS: no create/update/delete, no assignments or status navigation properties.
 */
import { DomainError } from '../../domain/errors.js';
import { entityModel } from '../../schemas/edm.js';
import { DeviceCompliancePolicyBaseSchema, type CompliancePolicy } from '../../schemas/compliance-policy.js';
import { collectionResponse, contextUrl, singleSelect } from '../collection.js';
import { callerTenant, type GraphContext } from '../context.js';
import type { GraphRoute } from '../route-table.js';
import { origin, sendOData } from '../wire.js';

const model = entityModel('microsoft.graph.deviceCompliancePolicy', DeviceCompliancePolicyBaseSchema);
const CONTEXT = 'deviceManagement/deviceCompliancePolicies';

function serialize(policy: CompliancePolicy, select: readonly string[] | undefined): Record<string, unknown> {
  if (!select) return { ...policy };
  const out: Record<string, unknown> = { '@odata.type': policy['@odata.type'] };
  for (const key of select) out[key] = (policy as Record<string, unknown>)[key] ?? null;
  return out;
}

export function compliancePolicyRoutes(ctx: GraphContext): GraphRoute[] {
  return [
    {
      method: 'GET',
      path: '/deviceManagement/deviceCompliancePolicies',
      handler: async (request, reply) => {
        const { tenant } = callerTenant(ctx, request);
        return sendOData(reply, collectionResponse({
          request, model, version: ctx.version, contextPath: CONTEXT, serialize,
          source: tenant.compliancePolicies.values(),
          view: (p) => p as Record<string, unknown>,
        }));
      },
    },
    {
      method: 'GET',
      path: '/deviceManagement/deviceCompliancePolicies/:id',
      handler: async (request, reply) => {
        const { tenant } = callerTenant(ctx, request);
        const select = singleSelect(request, model);
        const id = (request.params as { id: string }).id;
        const policy = tenant.compliancePolicies.get(id) ?? [...tenant.compliancePolicies.values()].find((p) => p.id.toLowerCase() === id.toLowerCase());
        if (!policy) throw new DomainError('policyNotFound', `No device compliance policy with id '${id}' exists in this tenant.`, id);
        return sendOData(reply, {
          '@odata.context': contextUrl(`${origin(request)}/${ctx.version}`, CONTEXT, select, true),
          ...serialize(policy, select),
        });
      },
    },
  ];
}
