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

type SecurityRequirements = ReadonlyArray<Readonly<Record<string, readonly string[]>>>;
const NO_KEY: SecurityRequirements = [];
const KEY_WHEN_ASKED: SecurityRequirements = [{ controlKey: [] }, {}];

/**
 * `open`: one of the routes anyone may call (`OPEN_CONTROL_ROUTES` in access.ts); every other control
 * operation takes the control key, which the mock asks for only beyond loopback under `--control-auth auto`
 * (docs/security.md#control-key): so the key, or nothing.
 */
export function controlDoc(operationId: string, summary: string, opts: { tenant?: boolean; description?: string; open?: boolean } = {}) {
  return {
    tags: [TAG.control],
    operationId: `control.${operationId}`,
    summary,
    ...(opts.description ? { description: opts.description } : {}),
    ...(opts.tenant ? { headers: TenantHeaderSchema } : {}),
    security: opts.open ? NO_KEY : KEY_WHEN_ASKED,
  };
}

export const controlError = (description: string) => respond(description, ControlErrorSchema);

/** Every control answer may also be one of these. */
export const CONTROL_DEFAULT = controlError(
  '`401` without the control key when the mock asks for one (`controlKeyRequired`, `controlKeyInvalid`), `403` a change sent without a JSON body or an `x-mock-*` header (`customHeaderRequired`) or from a web page of another origin (`crossSiteRequest`), `400` a `Host` the mock does not answer (`hostNotAllowed`), `413` a body too large, `415` a body that is not JSON, `500`, or `503` while the mock starts.',
);

/** `400`: what `reasons` say, and a bad `x-mock-tenant` (`invalidTenant`) with `tenant`. */
export const badRequest = (reasons: string, opts: { tenant?: boolean } = {}) =>
  controlError(`${reasons}${opts.tenant ? '; or a bad `x-mock-tenant` (`invalidTenant`)' : ''}.`);
