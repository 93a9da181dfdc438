/**
 * Turns route schemas into documented ones: every schema with an `$id`, at any depth of a route's body or
 * responses, becomes a shared schema (`addSchema`, so `#/components/schemas/<$id>` in the document) and is
 * replaced by a `$ref` to it. Route files just use their TypeBox schemas; no list of components to keep.
 * Two different schemas under one `$id` is an error (the document would silently keep one).
 */
import type { TSchema } from '@sinclair/typebox';
import { STATUS_CODES } from 'node:http';

type Json = Record<string, unknown>;

/** The document's tags: every operation has one. */
export const TAG = {
  control: 'control',
  identity: 'identity',
  docs: 'docs',
  graph: (version: string) => `graph (${version})`,
} as const;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A response whose description is its own, with a body `schema` (the component's description is kept
 * for the component). `{description, allOf: [schema]}` is valid JSON Schema as it is; documented, it
 * becomes `{description, $ref}`.
 */
export const respond = (description: string, schema: TSchema): Json => ({ description, allOf: [schema] });

/** A response without a body (`204`). */
export const noBody = (description: string): Json => ({ description, type: 'null' });

/** A response whose body is not JSON. */
export const respondAs = (description: string, mediaType: string, schema: Json = { type: 'string' }): Json =>
  ({ description, content: { [mediaType]: { schema } } });

/**
 * A hoisted copy and its JSON text, per schema object: the same TypeBox objects are hoisted by every app
 * a process builds (a test file builds dozens), and serialising them to compare was a tenth of buildApp.
 * Schemas are not mutated once built, so an object's hoisted form never changes.
 */
const HOISTED_TEXT = new WeakMap<object, string>();

export class Components {
  readonly #known = new Map<string, { text: string; description: unknown }>();
  readonly #registered = new WeakSet<object>();

  /** `register` receives each component once, named by its `$id`. */
  constructor(private readonly register: (schema: Json) => void) {}

  /** A route's `schema` with its body and responses hoisted. */
  route(schema: Json): Json {
    const out = { ...schema };
    if (schema.body !== undefined) out.body = this.#top(schema.body);
    if (isObject(schema.response)) {
      out.response = Object.fromEntries(Object.entries(schema.response).map(([status, r]) => [status, this.#described(status, this.#top(r))]));
    }
    return out;
  }

  /** A response always has a description: its own, its component's, or its status's name. */
  #described(status: string, response: unknown): unknown {
    if (!isObject(response) || typeof response.description === 'string') return response;
    const component = typeof response.$ref === 'string' ? this.#known.get(response.$ref)?.description : undefined;
    return { ...response, description: typeof component === 'string' ? component : (STATUS_CODES[status] ?? 'Any other status') };
  }

  #top(schema: unknown): unknown {
    if (isObject(schema) && Array.isArray(schema.allOf) && schema.allOf.length === 1 && Object.keys(schema).length === 2 && typeof schema.description === 'string') {
      const hoisted = this.hoist(schema.allOf[0]);
      return isObject(hoisted) ? { ...hoisted, description: schema.description } : hoisted;
    }
    return this.hoist(schema);
  }

  /** A plain copy of `value` (TypeBox's symbol keys left out) with each named subschema as a `$ref`. */
  hoist(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.hoist(v));
    if (!isObject(value)) return value;
    const id = value.$id;
    // This very object already registered with this app (an error schema is on every route): its $ref.
    if (typeof id === 'string' && this.#registered.has(value)) return { $ref: id };
    const copy: Json = {};
    for (const [k, v] of Object.entries(value)) copy[k] = this.hoist(v);
    if (typeof id !== 'string') return copy;
    let text = HOISTED_TEXT.get(value);
    if (text === undefined) HOISTED_TEXT.set(value, (text = JSON.stringify(copy)));
    this.#registered.add(value);
    const known = this.#known.get(id);
    if (known === undefined) {
      this.#known.set(id, { text, description: copy.description });
      this.register(copy);
    } else if (known.text !== text) {
      throw new Error(`OpenAPI: two different schemas are named '${id}'; give one another $id`);
    }
    return { $ref: id };
  }
}
