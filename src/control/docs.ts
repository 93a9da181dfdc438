/**
 * What every control-API operation has in common in the OpenAPI document: the `control` tag, an
 * operationId under `control.`, the `x-mock-tenant` header where the tenant matters, and the control
 * error body for every error status. Documentation only (see `openapi/plugin.ts`).
 */
import { Type } from '@sinclair/typebox';
import { TAG, respond } from '../openapi/components.js';
import { ControlErrorSchema } from './errors.js';

const TenantHeaderSchema = Type.Object({
  'x-mock-tenant': Type.Optional(Type.String({
    description: 'The tenant: a GUID or any name (letters, digits, `.`, `_`, `-`), resolving to the same tenant as a token for it. Default: the default tenant.',
  })),
});

export function controlDoc(operationId: string, summary: string, opts: { tenant?: boolean; description?: string } = {}) {
  return {
    tags: [TAG.control],
    operationId: `control.${operationId}`,
    summary,
    ...(opts.description ? { description: opts.description } : {}),
    ...(opts.tenant ? { headers: TenantHeaderSchema } : {}),
  };
}

export const controlError = (description: string) => respond(description, ControlErrorSchema);

/** Every control answer may also be one of these. */
export const CONTROL_DEFAULT = controlError('`413` a body too large, `415` a body that is not JSON, `500`, or `503` while the mock starts.');

/** `400`: what `reasons` say, and a bad `x-mock-tenant` (`invalidTenant`) with `tenant`. */
export const badRequest = (reasons: string, opts: { tenant?: boolean } = {}) =>
  controlError(`${reasons}${opts.tenant ? '; or a bad `x-mock-tenant` (`invalidTenant`)' : ''}.`);
