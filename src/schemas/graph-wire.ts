/**
 * What the Graph routes answer, as OpenAPI components: entities as Graph writes them, the OData collection
 * envelope, Graph's error envelope, and the OData query options. Built from the entity schemas, never
 * restated; the contract test (`test/contract/openapi-bodies.test.ts`) holds the handlers to them.
 */
import { Type, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { AndroidWorkProfileCompliancePolicySchema, IosCompliancePolicySchema } from './compliance-policy.js';
import { ManagedDeviceBetaSchema, ManagedDeviceUpdateSchema, ManagedDeviceV1Schema } from './managed-device.js';
import { named } from './named.js';
import { RemoteActionAuditSchema } from './remote-action-audit.js';

const ODataContext = Type.String({ description: 'The OData context URL: `{origin}/{version}/$metadata#{entity set}[({$select})][/$entity]`.' });

/**
 * An entity as Graph answers it: every property optional, since `$select` picks some (without `$select`
 * every property is there), `@odata.context` on a single GET, nothing else. `keep`: always present.
 */
export function graphEntity(id: string, entity: TObject<TProperties>, description: string, keep: readonly string[] = []): TObject {
  const properties: TProperties = { '@odata.context': Type.Optional(ODataContext) };
  for (const [name, schema] of Object.entries(entity.properties)) properties[name] = keep.includes(name) ? schema : Type.Optional(schema);
  return Type.Object(properties, { $id: id, description, additionalProperties: false });
}

/** A page of a collection, keys in the order Intune writes them (Intune-PowerShell-SDK #78). */
export function odataCollection(id: string, item: TSchema): TObject {
  return Type.Object({
    '@odata.context': ODataContext,
    '@odata.count': Type.Integer({
      minimum: 0, description: 'On every page, as Intune writes it: how many entities this page holds; with `$count=true`, how many match over every page.',
    }),
    '@odata.nextLink': Type.Optional(Type.String({
      description: 'The next page (absolute, on the scheme and host you called, your options plus `$skiptoken`); absent on the last page.',
    })),
    value: Type.Array(item, { description: 'At most 1000 entities (Intune\'s page size) or `$top`.' }),
  }, { $id: id, description: `A page of ${String(item.$id ?? 'entities')}.`, additionalProperties: false });
}

const SELECT_NOTE = 'Without `$select` every property is present; a few (`x-select-only`) carry their real value only on a single GET that `$select`s them.';

export const ManagedDeviceV1ResponseSchema = graphEntity('microsoft.graph.managedDevice', ManagedDeviceV1Schema, `A managed device on /v1.0. ${SELECT_NOTE}`);
export const ManagedDeviceBetaResponseSchema = graphEntity('microsoft.graph.beta.managedDevice', ManagedDeviceBetaSchema, `A managed device on /beta: the v1.0 properties and the beta ones. ${SELECT_NOTE}`);
export const ManagedDeviceV1CollectionSchema = odataCollection('microsoft.graph.managedDeviceCollectionResponse', ManagedDeviceV1ResponseSchema);
export const ManagedDeviceBetaCollectionSchema = odataCollection('microsoft.graph.beta.managedDeviceCollectionResponse', ManagedDeviceBetaResponseSchema);
export const ManagedDeviceUpdateBodySchema = named('microsoft.graph.managedDeviceUpdate', ManagedDeviceUpdateSchema, {
  description: 'The properties a PATCH may set (`x-writable`); any other is refused with `400 ModelValidationFailure`. An empty body sets nothing.',
});

const POLICY_TYPES = ['iosCompliancePolicy', 'androidWorkProfileCompliancePolicy'] as const;
const policy = (schema: TObject<TProperties>, id: (typeof POLICY_TYPES)[number]) =>
  graphEntity(`microsoft.graph.${id}`, schema, `A ${id} (always with its \`@odata.type\`, even with \`$select\`).`, ['@odata.type']);
export const DeviceCompliancePolicyResponseSchema = Type.Unsafe<Record<string, unknown>>({
  $id: 'microsoft.graph.deviceCompliancePolicy',
  description: 'A device compliance policy: one of the two derived types the simulation reads, told apart by `@odata.type`.',
  type: 'object',
  required: ['@odata.type'],
  properties: { '@odata.type': { type: 'string' } },
  discriminator: {
    propertyName: '@odata.type',
    mapping: Object.fromEntries(POLICY_TYPES.map((t) => [`#microsoft.graph.${t}`, `#/components/schemas/microsoft.graph.${t}`])),
  },
  oneOf: [policy(IosCompliancePolicySchema, 'iosCompliancePolicy'), policy(AndroidWorkProfileCompliancePolicySchema, 'androidWorkProfileCompliancePolicy')],
});
export const DeviceCompliancePolicyCollectionSchema = odataCollection('microsoft.graph.deviceCompliancePolicyCollectionResponse', DeviceCompliancePolicyResponseSchema);

export const RemoteActionAuditResponseSchema = graphEntity('microsoft.graph.remoteActionAudit', RemoteActionAuditSchema, 'An entry of the "Device actions" report (beta).');
export const RemoteActionAuditCollectionSchema = odataCollection('microsoft.graph.remoteActionAuditCollectionResponse', RemoteActionAuditResponseSchema);

/** Graph's error envelope (`graph/errors.ts` builds it). */
export const GraphErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'e.g. `BadRequest`, `ResourceNotFound`, `Forbidden`, `InvalidAuthenticationToken`, `TooManyRequests`.' }),
    message: Type.String({ description: 'Intune\'s own errors carry a JSON document (`{"_version": 3, "Message": …}`) in this string, as Intune writes them.' }),
    innerError: Type.Object({
      code: Type.Optional(Type.String({ description: 'A 429 only: `"429"`.' })),
      message: Type.Optional(Type.String({ description: 'A 429 only: `"Please retry after"`.' })),
      status: Type.Optional(Type.String({ description: 'A 429 only: `"429"`.' })),
      date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$', description: 'UTC, without a zone, as Graph writes it.' }),
      'request-id': Type.String(),
      'client-request-id': Type.String({ description: 'Yours, echoed, or the request-id.' }),
    }, { additionalProperties: false }),
  }, { additionalProperties: false }),
}, { $id: 'microsoft.graph.ODataErrors.ODataError', description: 'Microsoft Graph\'s error envelope.', additionalProperties: false });

const option = (description: string) => Type.Optional(Type.String({ description }));
/** Query options of a collection GET (`graph/odata/query-options.ts`; any other `$` option is a 400). */
export const ODataCollectionQuerySchema = Type.Object({
  $filter: option('`eq ne gt ge lt le and or not in`, parentheses, `contains startswith endswith tolower toupper`; string, number, boolean, null, DateTimeOffset, GUID and enum literals. On managedDevices, where real Intune would answer differently, an `x-mock-warning` header names the quirk (`--odata intune`: answered as Intune does).'),
  $select: option('Comma-separated property names, or `*`.'),
  $orderby: option('Comma-separated properties, each optionally `asc` or `desc`.'),
  $top: option('Page size, a non-negative integer (at most 1000 per page).'),
  $skip: option('How many to skip, a non-negative integer.'),
  $count: option('`true` makes `@odata.count` the number of matches over every page (without it, or `false`: the number on this page).'),
  $skiptoken: option('Intune\'s `Skip=\'N\'`, the position of the page\'s first match, as in a previous page\'s `@odata.nextLink` (any spelling of the name: `$skipToken` too).'),
});
/** A single GET takes `$select` only. */
export const ODataEntityQuerySchema = Type.Object({ $select: ODataCollectionQuerySchema.properties.$select });
