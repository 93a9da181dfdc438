/**
 * Building blocks for Graph (EDM) property schemas. Each helper returns a TypeBox schema that carries
 * its EDM kind in `x-edm` (and the enum's Graph name in `x-ms-enum`), so one definition gives:
 * the TS type (Static), ajv validation (fixtures, PATCH bodies), OpenAPI, and the OData entity model
 * that types `$filter` literals (`entityModel()` below).
 */
import { Type, type Static, type TSchema, type TObject, type TProperties } from '@sinclair/typebox';
import type { EntityModel, PropertyKind, PropertyModel } from './entity-model.js';
import type { SCHEMA_KEYWORDS } from '../lib/ajv.js';
import { graphEnums, type GraphEnumName } from './enums.js';

const edm = <T extends TSchema>(schema: T, kind: PropertyKind): T => Object.assign(schema, { 'x-edm': kind });

export const EdmString = () => edm(Type.String(), 'string');
export const EdmBoolean = () => edm(Type.Boolean(), 'boolean');
export const EdmInt32 = () => edm(Type.Integer({ format: 'int32' }), 'int32');
export const EdmInt64 = () => edm(Type.Integer({ format: 'int64' }), 'int64');
export const EdmDouble = () => edm(Type.Number(), 'double');
export const EdmGuid = () => edm(Type.String({ format: 'uuid' }), 'guid');
/** ISO 8601 with offset; Graph's sentinels `0001-01-01T00:00:00Z` and `9999-12-31T23:59:59.9999999Z` are valid. */
export const EdmDateTimeOffset = () => edm(Type.String({ format: 'date-time' }), 'dateTimeOffset');

export function EdmEnum<N extends GraphEnumName>(name: N) {
  type Member = keyof (typeof graphEnums)[N] & string;
  // A plain `enum` (not a union of literals) so that a wrong value is one clear validation problem.
  return Type.Unsafe<Member>({ type: 'string', enum: Object.keys(graphEnums[name]), 'x-edm': 'enum', 'x-ms-enum': name });
}

/**
 * Graph's `Nullable="true"`: the value or `null`, written as a type array (`["string", "null"]`) rather than
 * `anyOf`, so validation reports one problem per wrong value. Annotations stay on the schema.
 */
export function Nullable<T extends TSchema>(schema: T) {
  const { type, enum: members, ...rest } = schema as TSchema & { type?: string; enum?: unknown[] };
  if (typeof type !== 'string') throw new Error('Nullable() needs a schema with a single type');
  return Type.Unsafe<Static<T> | null>({
    ...rest,
    type: [type, 'null'],
    ...(members === undefined ? {} : { enum: [...members, null] }),
  });
}

export const EdmComplex = <T extends TSchema>(schema: T) => edm(schema, 'complex');
export const EdmCollection = <T extends TSchema>(item: T) => edm(Type.Array(item), 'collection');

/** Marks a property whose real value Graph returns only on a single GET that `$select`s it. */
export const SelectOnly = <T extends TSchema>(schema: T): T => Object.assign(schema, { 'x-select-only': true });
/** Marks a property a client may PATCH (no `Core.Computed` annotation in the CSDL). */
export const Writable = <T extends TSchema>(schema: T): T => Object.assign(schema, { 'x-writable': true });

/** Derives the OData entity model from an object schema's annotated properties. */
export function entityModel(typeName: string, schema: TObject<TProperties>): EntityModel {
  const properties = new Map<string, PropertyModel>();
  for (const [name, prop] of Object.entries(schema.properties)) {
    const meta = prop as Record<string, unknown>;
    const kind = meta['x-edm'] as PropertyKind | undefined;
    if (kind === undefined) throw new Error(`property ${typeName}.${name} has no x-edm kind`);
    const enumName = meta['x-ms-enum'] as GraphEnumName | undefined;
    properties.set(
      name,
      enumName === undefined
        ? { kind }
        : { kind, enumType: `microsoft.graph.${enumName}`, enumValues: graphEnums[enumName] },
    );
  }
  return { typeName, properties };
}

/** Names of the properties of `schema` carrying annotation `key`. */
export function propertiesWith(schema: TObject<TProperties>, key: (typeof SCHEMA_KEYWORDS)[number]): string[] {
  return Object.entries(schema.properties)
    .filter(([, s]) => (s as Record<string, unknown>)[key] === true)
    .map(([n]) => n);
}

