/**
 * One Ajv configuration for every validation the mock does (fixtures, control-API bodies, config), so
 * formats, the schema annotations and error reporting behave the same everywhere.
 *
 * ajv itself is loaded on the first compile, not at import: the validators a start needs (the configuration's
 * and the fixture's) are compiled ahead of time (compiled-validators.ts), and loading ajv and compiling its
 * meta-schema cost a start tens of milliseconds for nothing.
 */
import type { Ajv, CodeOptions, ErrorObject, ValidateFunction } from 'ajv';
import type { TSchema, Static } from '@sinclair/typebox';
import { createRequire } from 'node:module';
import { excerpt } from './excerpt.js';

/**
 * The annotation keywords the mock's schemas carry (`schemas/edm.ts`: EDM kind, Graph enum name, select-only,
 * writable); ajv in strict mode must be told of them.
 */
export const SCHEMA_KEYWORDS = ['x-edm', 'x-ms-enum', 'x-select-only', 'x-writable'] as const;

// Both are CommonJS: required when first needed (ajv-formats' function is its `exports.default`).
const require = createRequire(import.meta.url);
type AddFormats = (ajv: Ajv) => Ajv;

/** `inlineRefs: false`: every `$ref` its own function (scripts/compiled-validators-code.ts says why). */
export function createAjv(code?: CodeOptions, { inlineRefs = true }: { inlineRefs?: boolean } = {}): Ajv {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const formats = require('ajv-formats') as { default?: AddFormats } & AddFormats;
  const ajv = new Ajv({ allErrors: true, strict: true, discriminator: true, inlineRefs, keywords: [...SCHEMA_KEYWORDS], ...(code ? { code } : {}) });
  (formats.default ?? formats)(ajv);
  return ajv;
}

let shared: Ajv | undefined;

/** A problem found in a document: where (JSONPath, `$` is the document) and what. */
export interface Problem {
  path: string;
  message: string;
}

export type Validator<T> = ((value: unknown) => value is T) & { problems(value: unknown): Problem[] };

/** A validator ajv compiled ahead of time (compiled-validators.ts): the function, with `errors` after a failure. */
export type CompiledValidate = ((value: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * A validator for `schema`, compiled on its first use rather than at import: modules declare their
 * validators at the top, and a start that never needs one (most requests, most CLI commands) does not
 * pay ajv's compile time (tens of milliseconds for the larger schemas). `ahead`: the same schema compiled
 * at build time (compiled-validators.ts), used instead, for what every start validates.
 */
export function compileValidator<S extends TSchema>(schema: S, ahead?: CompiledValidate): Validator<Static<S>> {
  let compiled = ahead as ValidateFunction<Static<S>> | undefined;
  const validate = (value: unknown): value is Static<S> => (compiled ??= (shared ??= createAjv()).compile(schema) as ValidateFunction<Static<S>>)(value);
  const check = ((value: unknown) => validate(value)) as Validator<Static<S>>;
  check.problems = (value: unknown) => (validate(value) ? [] : toProblems(compiled?.errors ?? []));
  return check;
}

/** JSON Pointer (`/devices/3/osVersion`) to JSONPath (`$.devices[3].osVersion`). */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  return (
    '$' +
    pointer
      .slice(1)
      .split('/')
      .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `['${seg}']`))
      .join('')
  );
}

function toProblems(errors: ErrorObject[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of errors) {
    let path = pointerToPath(e.instancePath);
    let message = e.message ?? 'is invalid';
    switch (e.keyword) {
      case 'additionalProperties': {
        const prop = String((e.params as { additionalProperty: string }).additionalProperty);
        path = pointerToPath(`${e.instancePath}/${prop.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        message = 'is not a known property';
        break;
      }
      case 'required':
        path = pointerToPath(`${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`);
        message = 'is required';
        break;
      case 'enum':
        message = `must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
        break;
      case 'type': {
        const t = (e.params as { type: string | string[] }).type;
        message = `must be ${(Array.isArray(t) ? t : String(t).split(',')).join(' or ')}`;
        break;
      }
      case 'discriminator': {
        const { error, tag, tagValue } = e.params as { error?: string; tag: string; tagValue: unknown };
        path = pointerToPath(`${e.instancePath}/${tag}`);
        message = error === 'mapping' ? `${excerpt(tagValue)} is not a type this mock supports` : `must be a string`;
        break;
      }
      default:
        break;
    }
    const key = `${path}\u0000${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ path, message });
    }
  }
  return out;
}
