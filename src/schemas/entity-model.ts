/**
 * What the OData layer needs to know about an entity type: each property's EDM kind, so that `$filter`
 * literals are type-checked the way OData does, `$orderby` compares values of the right kind, and
 * `$select` can reject a property that does not exist. Built from the TypeBox schemas
 * (see `src/schemas/`), never written by hand per route.
 */
export type PropertyKind =
  | 'string'
  | 'int32'
  | 'int64'
  | 'double'
  | 'boolean'
  | 'dateTimeOffset'
  | 'guid'
  | 'enum'
  | 'complex'
  | 'collection';

export interface PropertyModel {
  readonly kind: PropertyKind;
  /** For `enum`: the member names and their numeric values (Graph CSDL), e.g. `{ compliant: 1 }`. */
  readonly enumValues?: Readonly<Record<string, number>>;
  /** For `enum`: the qualified enum type name, e.g. `microsoft.graph.complianceState`. */
  readonly enumType?: string;
}

export interface EntityModel {
  /** Qualified type name used in OData messages, e.g. `microsoft.graph.managedDevice`. */
  readonly typeName: string;
  readonly properties: ReadonlyMap<string, PropertyModel>;
}
