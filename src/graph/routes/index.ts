/**
 * Every Graph route of one version, from the route modules; and the operation ids they carry, which fault
 * rules name (`testkit/faults.ts`) and OpenAPI documents (`<version>.<id>`).
 */
import type { GraphContext } from '../context.js';
import type { GraphRoute } from '../graph-route.js';
import { bulkActionRoutes } from './bulk-actions.js';
import { compliancePolicyRoutes } from './compliance-policies.js';
import { deviceActionRoutes } from './device-actions.js';
import { deviceFunctionRoutes } from './device-functions.js';
import { managedDeviceRoutes } from './managed-devices.js';
import { remoteActionAuditRoutes } from './remote-action-audits.js';

export function graphRoutes(ctx: GraphContext): GraphRoute[] {
  return [
    ...managedDeviceRoutes(ctx),
    ...deviceActionRoutes(ctx),
    ...deviceFunctionRoutes(ctx),
    ...bulkActionRoutes(ctx),
    ...compliancePolicyRoutes(ctx),
    // remoteActionAudits exists on beta only (not in the v1.0 CSDL).
    ...(ctx.version === 'beta' ? remoteActionAuditRoutes(ctx) : []),
  ];
}

/** The operation ids of both versions, sorted. Building a route reads only the version; the service is for its handler. */
export function graphOperationIds(): string[] {
  const ids = new Set<string>();
  for (const version of ['v1.0', 'beta'] as const) {
    const ctx: GraphContext = {
      version,
      odata: 'strict',
      get intune(): never {
        throw new Error('a route read the service while being built');
      },
      now: () => {
        throw new Error('a route read the clock while being built');
      },
      time: () => {
        throw new Error('a route read the clock while being built');
      },
    };
    for (const route of graphRoutes(ctx)) ids.add(route.id);
  }
  return [...ids].sort();
}
