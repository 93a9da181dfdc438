/**
 * Names for OpenAPI. A schema with an `$id` becomes `#/components/schemas/<$id>` in `openapi/openapi.json`
 * wherever a route uses it (see `src/openapi/components.ts`). Schemas the mock's own ajv compiles into other
 * schemas (fixtures, request bodies) stay unnamed: the document gets a named copy.
 */
import type { TSchema } from '@sinclair/typebox';

export function named<T extends TSchema>(id: string, schema: T, options: { description?: string } = {}): T {
  return { ...schema, ...options, $id: id };
}
