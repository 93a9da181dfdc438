/**
 * The document as committed in `openapi/openapi.json` and served at `/openapi.json`: @fastify/swagger's
 * output in a stable order (paths and components by name, operations in the OpenAPI order), whatever the
 * order the plugins register their routes in, so that a diff shows what changed and nothing else.
 */
import type { FastifyInstance } from 'fastify';
import { RESPONSE_HEADERS } from './components.js';

type Json = Record<string, unknown>;

const OPERATION_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Operation extension: the body may be left out (swagger marks every request body required). */
export const OPTIONAL_BODY = 'x-optional-body';

const byName = (o: Json): Json => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function pathItem(item: Json): Json {
  const rank = (k: string) => (OPERATION_ORDER.includes(k) ? OPERATION_ORDER.indexOf(k) : -1);
  const entries = Object.entries(item).sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(entries.map(([method, op]) => [method, OPERATION_ORDER.includes(method) ? operation(op as Json) : op]));
}

function operation(op: Json): Json {
  const shared = sharedHeaders(op);
  if (!(OPTIONAL_BODY in shared)) return shared;
  const { [OPTIONAL_BODY]: _flag, ...rest } = shared;
  const body = rest.requestBody as Json | undefined;
  return body ? { ...rest, requestBody: { ...body, required: false } } : rest;
}

/** Each of the mock's own response headers as a `$ref` to its one component (`components.headers`). */
function sharedHeaders(op: Json): Json {
  const responses = op.responses as Record<string, Json> | undefined;
  if (!responses || !Object.values(responses).some((r) => r.headers)) return op;
  const ref = (name: string, header: unknown) => (name in RESPONSE_HEADERS ? { $ref: `#/components/headers/${name}` } : header);
  return {
    ...op,
    responses: Object.fromEntries(Object.entries(responses).map(([status, r]) => [status, r.headers
      ? { ...r, headers: Object.fromEntries(Object.entries(r.headers as Json).map(([name, h]) => [name, ref(name, h)])) }
      : r])),
  };
}

/** `transformObject` for @fastify/swagger. */
export function stableDocument(doc: Json): Json {
  const components = (doc.components ?? {}) as Json;
  return {
    ...doc,
    components: {
      ...components,
      schemas: byName((components.schemas ?? {}) as Json),
      headers: byName({ ...((components.headers ?? {}) as Json), ...structuredClone(RESPONSE_HEADERS) as unknown as Json }),
    },
    paths: Object.fromEntries(Object.entries(byName((doc.paths ?? {}) as Json)).map(([p, item]) => [p, pathItem(item as Json)])),
  };
}

/** The document as text: pretty, with a final newline. The app must be ready. */
export function openapiText(app: FastifyInstance): string {
  return `${JSON.stringify(app.swagger(), null, 2)}\n`;
}
