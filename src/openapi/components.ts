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
 * The mock's own response headers, each documented once (`#/components/headers/<name>` in the document,
 * `stableDocument` puts them there) and referenced by every response that may carry it (`withHeaders`).
 */
export const RESPONSE_HEADERS = {
  'x-mock-warning': {
    description: 'Where real Intune answers this request differently from OData (`$filter`\'s quirks; with `--odata intune` the mock answered as Intune does): one entry per quirk, `<quirk> <source URL>…`, entries separated by `, `. On the answer the quirk shaped, an error included. Also in the request journal and the log (README, "Differences from Microsoft Graph").',
    schema: { type: 'string', examples: ['in-operator-500 https://github.com/microsoftgraph/msgraph-sdk-powershell/issues/2766'] },
  },
  'x-mock-audits-dropped': {
    description: 'How many of the tenant\'s oldest remote action audits the mock no longer holds (it keeps the newest `--max-audits`); absent when none were dropped. Real Graph has no such header.',
    schema: { type: 'string', pattern: '^[1-9][0-9]*$' },
  },
} as const satisfies Record<string, { description: string; schema: Json }>;
export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

/** A response documented as carrying these of the mock's headers (a `$ref` to each shared one in the document). */
export const withHeaders = (response: Json, names: readonly ResponseHeaderName[] | undefined): Json =>
  names && names.length > 0 ? { ...response, headers: Object.fromEntries(names.map((n) => [n, { description: RESPONSE_HEADERS[n].description, ...RESPONSE_HEADERS[n].schema }])) } : response;

const LAZY = Symbol('intune-mock.lazySchema');

/**
 * A route schema written as the function that builds it: built when the document is first asked for
 * (openapi/plugin.ts), not while the route is registered, which most starts would pay for nothing.
 */
export const lazySchema = (build: () => Json): Json => ({ [LAZY]: build }) as Json;

/** A route's schema as written, a lazy one built. */
export const routeSchemaOf = (schema: Json): Json => {
  const build = (schema as { [LAZY]?: () => Json })[LAZY];
  return build ? build() : schema;
};

/**
 * A hoisted copy of a named schema, its JSON text and the named schemas it refers to, per schema object:
 * the same TypeBox objects are hoisted by every app a process builds (a test file builds dozens), and
 * copying and serialising them again was a tenth of buildApp. Schemas are not mutated once built, so an
 * object's hoisted form never changes; the copy is shared (whoever stores it must not change it).
 */
interface Hoisted { copy: Json; text: string; deps: object[] }
const HOISTED = new WeakMap<object, Hoisted>();

/** A route schema's hoisted form and the named schemas it refers to, per route schema object (the Graph routes' are built once: graph/route-docs.ts). */
const ROUTES = new WeakMap<object, { out: Json; deps: object[] }>();

export class Components {
  readonly #known = new Map<string, { text: string; description: unknown }>();
  readonly #registered = new WeakSet<object>();

  /** `register` receives each component once, named by its `$id`. */
  constructor(private readonly register: (schema: Json) => void) {}

  /** A route's `schema` with its body and responses hoisted. */
  route(schema: Json): Json {
    const cached = ROUTES.get(schema);
    if (cached) {
      for (const dep of cached.deps) this.#ensure(dep as Json, (dep as Json).$id as string);
      return cached.out;
    }
    const deps: object[] = [];
    const out = { ...schema };
    if (schema.body !== undefined) out.body = this.#top(schema.body, deps);
    if (isObject(schema.response)) {
      out.response = Object.fromEntries(Object.entries(schema.response).map(([status, r]) => {
        // Response headers (`withHeaders`) are not part of the body's schema: hoisted without them, put back after.
        if (!isObject(r) || !isObject(r.headers)) return [status, this.#described(status, this.#top(r, deps))];
        const { headers, ...body } = r;
        return [status, { ...(this.#described(status, this.#top(body, deps)) as Json), headers }];
      }));
    }
    ROUTES.set(schema, { out, deps });
    return out;
  }

  /** A response always has a description: its own, its component's, or its status's name. */
  #described(status: string, response: unknown): unknown {
    if (!isObject(response) || typeof response.description === 'string') return response;
    const component = typeof response.$ref === 'string' ? this.#known.get(response.$ref)?.description : undefined;
    return { ...response, description: typeof component === 'string' ? component : (STATUS_CODES[status] ?? 'Any other status') };
  }

  #top(schema: unknown, deps: object[]): unknown {
    if (isObject(schema) && Array.isArray(schema.allOf) && schema.allOf.length === 1 && Object.keys(schema).length === 2 && typeof schema.description === 'string') {
      const hoisted = this.hoist(schema.allOf[0], deps);
      return isObject(hoisted) ? { ...hoisted, description: schema.description } : hoisted;
    }
    return this.hoist(schema, deps);
  }

  /** A plain copy of `value` (TypeBox's symbol keys left out) with each named subschema as a `$ref`. */
  hoist(value: unknown, deps?: object[]): unknown {
    if (Array.isArray(value)) return value.map((v) => this.hoist(v, deps));
    if (!isObject(value)) return value;
    const id = value.$id;
    if (typeof id === 'string') {
      deps?.push(value);
      this.#ensure(value, id);
      return { $ref: id };
    }
    const copy: Json = {};
    for (const [k, v] of Object.entries(value)) copy[k] = this.hoist(v, deps);
    return copy;
  }

  /** A named schema registered with this app, after the named schemas it refers to (in the order a copy meets them). */
  #ensure(value: Json, id: string): void {
    // This very object already registered with this app (an error schema is on every route).
    if (this.#registered.has(value)) return;
    let hoisted = HOISTED.get(value);
    if (hoisted === undefined) {
      const deps: object[] = [];
      const copy: Json = {};
      for (const [k, v] of Object.entries(value)) copy[k] = this.hoist(v, deps);
      HOISTED.set(value, (hoisted = { copy, text: JSON.stringify(copy), deps }));
    } else {
      for (const dep of hoisted.deps) this.#ensure(dep as Json, (dep as Json).$id as string);
    }
    this.#registered.add(value);
    const known = this.#known.get(id);
    if (known === undefined) {
      this.#known.set(id, { text: hoisted.text, description: hoisted.copy.description });
      this.register(hoisted.copy);
    } else if (known.text !== hoisted.text) {
      throw new Error(`OpenAPI: two different schemas are named '${id}'; give one another $id`);
    }
  }
}

/**
 * Fastify's schema store (`schemaController.bucket`) without its deep copy of every schema added: the
 * components are the shared, never-mutated copies above, and cloning them again for every app was another
 * tenth of buildApp. @fastify/swagger clones what it reads from the store; nothing else writes to it.
 * Otherwise Fastify's own rules: an `$id` each, added once, a child instance starts from its parent's.
 */
export function sharedSchemaBucket(parentSchemas?: unknown) {
  const store: Record<string, unknown> = { ...(parentSchemas as Record<string, unknown> | undefined) };
  return {
    add(schema: unknown): void {
      const id = isObject(schema) ? schema.$id : undefined;
      if (typeof id !== 'string' || id === '') throw new Error('Missing schema $id property');
      if (store[id] !== undefined) throw new Error(`Schema with id '${id}' already declared!`);
      store[id] = schema;
    },
    getSchema: (id: string) => store[id],
    getSchemas: () => ({ ...store }),
  };
}
