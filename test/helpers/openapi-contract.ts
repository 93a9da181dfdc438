/**
 * Holds answers to the committed OpenAPI document (`openapi/openapi.json`): finds the operation of a
 * request (path template, method), the documented response for its status (or `default`), and validates
 * the body against that response's schema with ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect; `$ref`s
 * into the document's components resolved). Remembers which operations and statuses were exercised.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';

type Json = Record<string, any>;
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

export const OPENAPI_FILE = new URL('../../openapi/openapi.json', import.meta.url);
export const loadDocument = (): Json => JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Json;

const DOC_ID = 'urn:intune-mock:openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'patch'];

export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

export class Contract {
  readonly doc: Json;
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #templates: Array<{ template: string; pattern: RegExp; literals: number }>;
  /** `METHOD template` → statuses seen. */
  readonly seen = new Map<string, Set<string>>();

  constructor(doc: Json = loadDocument()) {
    this.doc = doc;
    // OpenAPI's `discriminator` (with `mapping`) is not ajv's; `oneOf` with `@odata.type` consts decides alone.
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: false });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ $id: DOC_ID, components: this.#rebase(doc.components) });
    this.#templates = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.$]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`, 'i'),
      literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
    }));
  }

  /** `#/components/…` as a reference into the document added to ajv. */
  #rebase<T>(schema: T): T {
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${DOC_ID}#/components/`)) as T;
  }

  /** The path template a concrete path matches, the most specific one first. */
  template(path: string): string | undefined {
    return this.#templates.filter((t) => t.pattern.test(path)).sort((a, b) => b.literals - a.literals)[0]?.template;
  }

  operation(method: string, url: string): { template: string; op: Json } | undefined {
    const template = this.template(url.split('?')[0] ?? '');
    const op = template === undefined ? undefined : this.doc.paths[template]?.[method.toLowerCase()];
    return template && op ? { template, op } : undefined;
  }

  /**
   * A verb a Graph path of the document does not list: the document states once (its description) that
   * it answers `400` "No method match route template", or `401` without a valid token.
   */
  #notRouted(method: string, url: string, res: Answer): string[] | undefined {
    const template = this.template(url.split('?')[0] ?? '');
    if (!template || !/^\/(v1\.0|beta)\//.test(template) || !String(this.doc.info?.description).includes('No method match route template')) return undefined;
    this.seen.set(`${method.toUpperCase()} ${template}`, (this.seen.get(`${method.toUpperCase()} ${template}`) ?? new Set()).add(`not routed ${res.statusCode}`));
    if (res.statusCode !== 400 && res.statusCode !== 401) return [`${method} ${url}: a verb the path does not list answered ${res.statusCode}, not 400 (or 401)`];
    let body: { error?: { message?: unknown } };
    try {
      body = JSON.parse(res.body) as typeof body;
    } catch {
      return [`${method} ${url} ${res.statusCode}: the body is not JSON`];
    }
    const problems = this.validateComponent('microsoft.graph.ODataErrors.ODataError', body);
    if (res.statusCode === 400 && !String(body.error?.message).startsWith('No OData route exists that match template')) problems.push(`${method} ${url} 400: not Intune's "No method match route template" answer`);
    return problems;
  }

  /** The problems of an answer against the document; [] when it conforms. */
  problems(method: string, url: string, res: Answer): string[] {
    const found = this.operation(method, url);
    if (!found) return this.#notRouted(method, url, res) ?? [`${method} ${url}: no such operation in the document`];
    const status = String(res.statusCode);
    const responses = found.op.responses as Json;
    const key = status in responses ? status : 'default' in responses ? 'default' : undefined;
    const seen = this.seen.get(`${method.toUpperCase()} ${found.template}`) ?? new Set<string>();
    this.seen.set(`${method.toUpperCase()} ${found.template}`, seen.add(key ?? status));
    if (key === undefined) return [`${method} ${url}: status ${status} is not documented`];
    const content = responses[key].content as Json | undefined;
    if (!content) return res.body === '' ? [] : [`${method} ${url} ${status}: documented without a body, answered ${res.body.slice(0, 80)}`];
    const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
    const media = content[type] as Json | undefined;
    if (!media) return [`${method} ${url} ${status}: content type ${type} is not documented (${Object.keys(content).join(', ')})`];
    if (!type.endsWith('json')) return [];
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return [`${method} ${url} ${status}: the body is not JSON`];
    }
    return this.validate(`${found.template} ${method} ${key} ${type}`, media.schema, body).map((p) => `${method} ${url} ${status}: ${p}`);
  }

  /** Problems of `body` against `schema` (a schema of the document). */
  validate(cacheKey: string, schema: Json, body: unknown): string[] {
    let validate = this.#validators.get(cacheKey);
    if (!validate) this.#validators.set(cacheKey, (validate = this.#ajv.compile(this.#rebase(schema))));
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** A component schema, validating `body`. */
  validateComponent(name: string, body: unknown): string[] {
    return this.validate(`component ${name}`, { $ref: `#/components/schemas/${name}` }, body);
  }

  /** Graph verbs the document leaves to its description ("not routed"), `METHOD template`. */
  notRouted(): string[] {
    const out: string[] = [];
    for (const [template, item] of Object.entries(this.doc.paths as Json)) {
      if (/^\/(v1\.0|beta)\//.test(template)) for (const method of METHODS) if (!item[method]) out.push(`${method.toUpperCase()} ${template}`);
    }
    return out;
  }

  /** Operations of the document never exercised. */
  unexercised(): string[] {
    const out: string[] = [];
    for (const [template, item] of Object.entries(this.doc.paths as Json)) {
      for (const method of METHODS) if (item[method] && !this.seen.has(`${method.toUpperCase()} ${template}`)) out.push(`${method.toUpperCase()} ${template}`);
    }
    return out;
  }

  /** Statuses each exercised operation answered, `METHOD template` → sorted statuses. */
  statuses(): Record<string, string[]> {
    return Object.fromEntries([...this.seen].map(([k, v]) => [k, [...v].sort()]));
  }
}
