/**
 * A remote action's body as Graph reads it (docs/graph-fidelity.md#remote-actions): a JSON object whose
 * members are the action's parameters in the catalog, each of its EDM type; an unknown parameter, a wrong
 * type or a missing non-nullable one is a `400` naming it. No body (or an empty one) is no parameters.
 * Also the OpenAPI body schema of each action, from the same catalog row.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import type { ActionParameter } from '../domain/actions/catalog.js';
import { EdmBoolean, EdmCollection, EdmComplex, EdmEnum, EdmInt32, EdmString, Nullable } from '../schemas/edm.js';
import { ACTION_COMPLEX_TYPES, type ComplexType } from '../schemas/action-complex-types.js';
import { GraphHttpError, UNREADABLE_PAYLOAD } from './errors.js';
import type { GraphVersion } from './serialize-device.js';
import { graphEnums } from '../schemas/enums.js';
import { clip, excerpt } from '../lib/excerpt.js';

const bad = (message: string) => new GraphHttpError(400, 'BadRequest', message);

/**
 * An operation whose body is read: a catalog action (`ActionSpec`), or another Graph action declared the
 * same way (beta `executeAction`, domain/bulk-actions.ts).
 */
export interface ParameterOperation {
  name: string;
  parameters: readonly ActionParameter[];
}

function fits(parameter: ActionParameter, value: unknown): boolean {
  switch (parameter.type) {
    case 'Edm.Boolean':
      return typeof value === 'boolean';
    case 'Edm.String':
      return typeof value === 'string';
    case 'Edm.Int32':
      return Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX;
    case 'Collection(Edm.String)':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    // Own members only: `constructor` is not an enum member.
    case 'microsoft.graph.obliterationBehavior':
      return typeof value === 'string' && Object.hasOwn(graphEnums.obliterationBehavior, value);
    case 'microsoft.graph.managedDeviceRemoteAction':
      return typeof value === 'string' && Object.hasOwn(graphEnums.managedDeviceRemoteAction, value);
    case 'microsoft.graph.updateWindowsDeviceAccountActionParameter':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** What is wrong with a complex value's members (ODataLib's messages), if anything. */
function complexProblem(type: ComplexType, value: Record<string, unknown>): string | undefined {
  for (const [name, member] of Object.entries(value)) {
    if (name === '@odata.type') {
      if (typeof member === 'string' && member.replace(/^#/, '') === type.name) continue;
      return `A type named '${excerpt(member)}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`;
    }
    // Own members only: `toString` or `constructor` is not a member of any Graph type.
    const declared = Object.hasOwn(type.members, name) ? type.members[name] : undefined;
    if (!declared) {
      return `The property '${clip(name)}' does not exist on type '${type.name}'. Make sure to only use property names that are defined by the type or mark the type as open type.`;
    }
    const typeName = typeof declared.type === 'string' ? declared.type : declared.type.name;
    if (member === null) {
      if (declared.nullable) continue;
      return `A null value was found for the property named '${name}', which has the expected type '${typeName}[Nullable=False]'. The expected type '${typeName}[Nullable=False]' does not allow null values.`;
    }
    if (typeof declared.type !== 'string') {
      if (typeof member !== 'object' || Array.isArray(member)) return `Cannot convert the literal '${excerpt(member)}' to the expected type '${typeName}'.`;
      const inner = complexProblem(declared.type, member as Record<string, unknown>);
      if (inner) return inner;
      continue;
    }
    if (typeof member !== (declared.type === 'Edm.Boolean' ? 'boolean' : 'string')) return `Cannot convert the literal '${excerpt(member)}' to the expected type '${typeName}'.`;
  }
  return undefined;
}

/** What is wrong with a parameter's value beyond its EDM type: a complex value's members, a number out of Intune's range. */
function valueProblem(parameter: ActionParameter, value: unknown): string | undefined {
  const complex = ACTION_COMPLEX_TYPES[parameter.type];
  if (complex) return complexProblem(complex, value as Record<string, unknown>);
  if (typeof value === 'number' && ((parameter.minimum !== undefined && value < parameter.minimum) || (parameter.maximum !== undefined && value > parameter.maximum))) {
    // LIMITATIONS: Intune's answer to a value out of its range is not documented; a 400 naming the range.
    return `The value '${value}' of parameter '${parameter.name}' is out of range: it must be from ${parameter.minimum ?? INT32_MIN} to ${parameter.maximum ?? INT32_MAX}.`;
  }
  return undefined;
}

/** The parameters of `spec` in `body`, checked; throws Graph's `400` for the first problem. */
export function readParameters(spec: ParameterOperation, version: GraphVersion, body: unknown): Record<string, unknown> {
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
    const problem = valueProblem(parameter, value);
    if (problem) throw bad(problem);
    if (parameter.maxLength !== undefined && typeof value === 'string' && [...value].length > parameter.maxLength) {
      throw bad(`The parameter '${name}' of the operation '${spec.name}' is longer than ${parameter.maxLength} characters.`);
    }
    out[name] = value;
  }
  return checkRequired(spec, version, out);
}

function checkRequired(spec: ParameterOperation, version: GraphVersion, parameters: Record<string, unknown>): Record<string, unknown> {
  for (const p of spec.parameters) {
    if (!p.nullable && p.versions.includes(version) && !(p.name in parameters)) {
      throw bad(`The parameter '${p.name}' of the operation '${spec.name}' is required and cannot be null.`);
    }
  }
  return parameters;
}

/**
 * Per operation row and version, its body schema: the rows are constants, and a schema built once is the same
 * object for every app of a process, so the route's documentation is built once too (route-docs.ts).
 */
const PARAMETER_SCHEMAS = new WeakMap<ParameterOperation, Map<GraphVersion, TSchema | undefined>>();

/** OpenAPI: the action's body, or none for a parameterless action. */
export function parametersSchema(spec: ParameterOperation, version: GraphVersion): TSchema | undefined {
  let byVersion = PARAMETER_SCHEMAS.get(spec);
  if (byVersion === undefined) PARAMETER_SCHEMAS.set(spec, (byVersion = new Map()));
  if (!byVersion.has(version)) byVersion.set(version, buildParametersSchema(spec, version));
  return byVersion.get(version);
}

function buildParametersSchema(spec: ParameterOperation, version: GraphVersion): TSchema | undefined {
  const parameters = spec.parameters.filter((p) => p.versions.includes(version));
  if (parameters.length === 0) return undefined;
  const schemaOf = (p: ActionParameter): TSchema => {
    const complex = ACTION_COMPLEX_TYPES[p.type];
    const base = complex
      ? complexSchema(complex)
      : p.type === 'Edm.Boolean' ? EdmBoolean()
        : p.type === 'Edm.String' ? (p.maxLength === undefined ? EdmString() : Object.assign(EdmString(), { maxLength: p.maxLength }))
          : p.type === 'Edm.Int32' ? Object.assign(EdmInt32(), p.minimum === undefined ? {} : { minimum: p.minimum }, p.maximum === undefined ? {} : { maximum: p.maximum })
            : p.type === 'Collection(Edm.String)' ? EdmCollection(EdmString())
              : p.type === 'microsoft.graph.managedDeviceRemoteAction' ? EdmEnum('managedDeviceRemoteAction')
                : EdmEnum('obliterationBehavior');
    // A non-nullable parameter is required (`checkRequired`); a nullable one may be left out.
    return p.nullable ? Type.Optional(Nullable(base)) : base;
  };
  return Type.Object(Object.fromEntries(parameters.map((p) => [p.name, schemaOf(p)])), { additionalProperties: false });
}

/** OpenAPI: a complex parameter's object schema, from the same description the check reads. */
function complexSchema(type: ComplexType): TSchema {
  const member = (m: ComplexType['members'][string]): TSchema => {
    const base = typeof m.type !== 'string' ? complexSchema(m.type) : m.type === 'Edm.Boolean' ? EdmBoolean() : EdmString();
    return Type.Optional(m.nullable ? Nullable(base) : base);
  };
  return EdmComplex(Type.Object({
    '@odata.type': Type.Optional(Type.String()),
    ...Object.fromEntries(Object.entries(type.members).map(([name, m]) => [name, member(m)])),
  }, { additionalProperties: false, title: type.name }));
}
