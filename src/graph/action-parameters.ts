/**
 * A remote action's body as Graph reads it (docs/graph-fidelity.md#remote-actions): a JSON object whose
 * members are the action's parameters in the catalog, each of its EDM type; an unknown parameter, a wrong
 * type or a missing non-nullable one is a `400` naming it. No body (or an empty one) is no parameters.
 * Also the OpenAPI body schema of each action, from the same catalog row.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { ActionParameter, ActionSpec } from '../domain/actions/catalog.js';
import { EdmBoolean, EdmEnum, EdmString, Nullable } from '../schemas/edm.js';
import { GraphHttpError, UNREADABLE_PAYLOAD } from './errors.js';
import type { GraphVersion } from './serialize-device.js';
import { graphEnums } from '../schemas/enums.js';
import { clip, excerpt } from '../lib/excerpt.js';

const bad = (message: string) => new GraphHttpError(400, 'BadRequest', message);

function fits(parameter: ActionParameter, value: unknown): boolean {
  switch (parameter.type) {
    case 'Edm.Boolean':
      return typeof value === 'boolean';
    case 'Edm.String':
      return typeof value === 'string';
    case 'microsoft.graph.obliterationBehavior':
      return typeof value === 'string' && Object.hasOwn(graphEnums.obliterationBehavior, value);
  }
}

/** The parameters of `spec` in `body`, checked; throws Graph's `400` for the first problem. */
export function readParameters(spec: ActionSpec, version: GraphVersion, body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return checkRequired(spec, version, {});
  if (typeof body !== 'object' || Array.isArray(body)) throw bad(UNREADABLE_PAYLOAD);
  const known = new Map(spec.parameters.filter((p) => p.versions.includes(version)).map((p) => [p.name, p]));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    const parameter = known.get(name);
    if (!parameter) throw bad(`The parameter '${clip(name)}' in the request payload is not a valid parameter for the operation '${spec.name}'.`);
    if (value === null && parameter.nullable) continue;
    if (!fits(parameter, value)) {
      throw bad(`Cannot convert the literal '${excerpt(value)}' to the expected type '${parameter.type}' of parameter '${name}'.`);
    }
    if (parameter.maxLength !== undefined && typeof value === 'string' && [...value].length > parameter.maxLength) {
      throw bad(`The parameter '${name}' of the operation '${spec.name}' is longer than ${parameter.maxLength} characters.`);
    }
    out[name] = value;
  }
  return checkRequired(spec, version, out);
}

function checkRequired(spec: ActionSpec, version: GraphVersion, parameters: Record<string, unknown>): Record<string, unknown> {
  for (const p of spec.parameters) {
    if (!p.nullable && p.versions.includes(version) && !(p.name in parameters)) {
      throw bad(`The parameter '${p.name}' of the operation '${spec.name}' is required and cannot be null.`);
    }
  }
  return parameters;
}

/** OpenAPI: the action's body, or none for a parameterless action. */
export function parametersSchema(spec: ActionSpec, version: GraphVersion): TSchema | undefined {
  const parameters = spec.parameters.filter((p) => p.versions.includes(version));
  if (parameters.length === 0) return undefined;
  const schemaOf = (p: ActionParameter): TSchema => {
    const base = p.type === 'Edm.Boolean' ? EdmBoolean() : p.type === 'Edm.String' ? (p.maxLength === undefined ? EdmString() : Object.assign(EdmString(), { maxLength: p.maxLength })) : EdmEnum('obliterationBehavior');
    return Type.Optional(p.nullable ? Nullable(base) : base);
  };
  return Type.Object(Object.fromEntries(parameters.map((p) => [p.name, schemaOf(p)])), { additionalProperties: false });
}
