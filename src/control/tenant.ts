/**
 * The control API's tenant: the `x-mock-tenant` header (docs/simulation.md#control-api), a GUID or a name (a domain, a
 * CI job's label) that resolves to the same tenant as a token for it; the default tenant without it.
 */
import type { FastifyRequest } from 'fastify';
import { DEFAULT_TENANT_ID, TENANT_NAME_PATTERN, resolveTenantId } from '../domain/tenants.js';

export class TenantHeaderError extends Error {}

/**
 * The tenant of a control request: `x-mock-tenant` (when sent, even empty), else `fallback` (the event stream's `tenant` query parameter:
 * an EventSource sends no headers), else the default tenant. `fallbackName` names the fallback in the refusal.
 */
export function controlTenantId(request: FastifyRequest, fallback?: string, fallbackName = 'tenant'): string {
  const raw = request.headers['x-mock-tenant'];
  const header = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  const [value, source] = raw !== undefined ? [header, 'x-mock-tenant'] : [fallback?.trim(), fallbackName];
  if (value === undefined || value === '') return DEFAULT_TENANT_ID;
  if (!TENANT_NAME_PATTERN.test(value)) {
    throw new TenantHeaderError(`${source} '${value}' is not a tenant id or domain (letters, digits, '.', '_', '-').`);
  }
  return resolveTenantId(value);
}
