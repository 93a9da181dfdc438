/** What every Graph route module is given: its version, the tenants, and who is calling. */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../domain/caller.js';
import type { Tenants } from '../domain/tenants.js';
import type { TenantData } from '../store/tenant-data.js';
import type { GraphVersion } from './serialize-device.js';

export interface GraphContext {
  version: GraphVersion;
  tenants: Tenants;
  /** The mock clock's now. */
  now(): number;
}

/** The caller (authenticated by the Graph plugin's hook) and the state of its tenant. */
export function callerTenant(ctx: GraphContext, request: FastifyRequest): { caller: Caller; tenant: TenantData } {
  const caller = request.caller;
  return { caller, tenant: ctx.tenants.get(caller.tenantId) };
}
