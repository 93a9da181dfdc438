/**
 * The OpenAPI operation of each Graph route, built from its `GraphRoute` entry in one place so that every
 * Graph operation is documented alike: `operationId` `<version>.<route id>`, the permissions it accepts
 * (`x-permissions`, least privileged first, as a 403 lists them), bearer security, and the Graph error
 * envelope for every error status. Documentation only (see `openapi/plugin.ts`).
 */
import { Type, type TObject } from '@sinclair/typebox';
import { OPERATION_PERMISSIONS } from '../domain/permissions.js';
import { OPTIONAL_BODY } from '../openapi/document.js';
import { TAG, noBody, respond, withHeaders } from '../openapi/components.js';
import { GraphErrorSchema } from '../schemas/graph-wire.js';
import type { GraphRoute } from './graph-route.js';

type Version = 'v1.0' | 'beta';

const SECURITY = [{ bearerAuth: [] }];

const PARAMS: Record<string, string> = {
  id: 'The entity\'s id (a GUID, matched regardless of case). OData key syntax, `managedDevices(\'{id}\')`, works too.',
  userId: 'A user\'s id (GUID) or userPrincipalName.',
};

function pathParams(path: string): TObject | undefined {
  const names = path.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1));
  if (names.length === 0) return undefined;
  return Type.Object(Object.fromEntries(names.map((n) => [n, Type.String({ description: PARAMS[n] ?? n })])));
}

const unauthorized = respond(
  'No valid token (`InvalidAuthenticationToken`, with `WWW-Authenticate`): missing, malformed, expired, not yet valid, wrongly signed, or for another audience.',
  GraphErrorSchema,
);
const otherwise = respond(
  'A fault rule\'s answer (`POST /_mock/faults`: any status 400–599, `429` with Graph\'s throttling body and `Retry-After`), `413` for a body over 4 MiB, `500`, or `503` while the mock starts.',
  GraphErrorSchema,
);

const BAD_QUERY = 'A malformed or unsupported query option (`BadRequest`; the message points at the problem)';

/**
 * A route's documentation, per version and route, for as long as what it is built from is the same: every
 * app of a process builds the same routes (a test file builds dozens), and building and hoisting their
 * schemas again was a tenth of buildApp. The same object back also lets the OpenAPI plugin reuse its
 * hoisted form (openapi/components.ts).
 */
const SCHEMAS = new Map<string, { inputs: unknown[]; schema: ReturnType<typeof buildRouteSchema> }>();

export function graphRouteSchema(version: Version, route: GraphRoute) {
  const key = `${version} ${route.method} ${route.path} ${route.id}`;
  const inputs = [route.operation, route.summary, route.success.description, route.success.schema, route.success.headers?.join(), route.query, route.body, route.badRequest, route.hidden];
  const known = SCHEMAS.get(key);
  if (known && known.inputs.every((v, i) => v === inputs[i])) return known.schema;
  const schema = buildRouteSchema(version, route);
  SCHEMAS.set(key, { inputs, schema });
  return schema;
}

function buildRouteSchema(version: Version, route: GraphRoute) {
  const permissions = OPERATION_PERMISSIONS[route.operation];
  const params = pathParams(route.path);
  const scoped = route.path.includes('/:');
  const badRequest = [route.query || route.method === 'GET' ? BAD_QUERY : undefined, route.badRequest, route.body ? 'a body that is not JSON' : undefined]
    .filter((s): s is string => s !== undefined)
    .join('; ');
  const errorHeaders = route.success.headers?.filter((h) => h === 'x-mock-warning');
  return {
    ...(route.hidden ? { hide: true } : {}),
    operationId: `${version}.${route.id}`,
    summary: route.summary,
    tags: [TAG.graph(version)],
    description: `Permissions (application roles or delegated scopes), any one of: ${permissions.map((p) => `\`${p}\``).join(', ')}.`,
    'x-permissions': [...permissions],
    security: SECURITY,
    ...(params ? { params } : {}),
    ...(route.query ? { querystring: route.query } : {}),
    ...(route.body ? { body: route.body, [OPTIONAL_BODY]: true } : {}),
    response: {
      ...(route.success.schema ? { 200: withHeaders(respond(route.success.description, route.success.schema), route.success.headers) } : { 204: noBody(route.success.description) }),
      // The warning header goes out on errors too (an Intune `$filter` failure under `--odata intune`).
      400: withHeaders(respond(`${badRequest || 'A body that is not JSON'}.`, GraphErrorSchema), errorHeaders),
      401: unauthorized,
      403: respond('The token holds none of the permissions above (`Forbidden`; the message lists them).', GraphErrorSchema),
      ...(scoped ? { 404: respond('No such entity in the caller\'s tenant (`ResourceNotFound`), or no such user (`Request_ResourceNotFound`).', GraphErrorSchema) } : {}),
      default: withHeaders(otherwise, errorHeaders),
    },
  };
}
