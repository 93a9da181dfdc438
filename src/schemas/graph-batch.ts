/**
 * JSON batching (`POST /{version}/$batch`) as Graph documents it
 * (https://learn.microsoft.com/graph/json-batching): the request's steps and the answer's per-step responses.
 * The OpenAPI document's and the code's types; requests are not validated against it (route validation is off:
 * openapi/plugin.ts): `graph/batch/payload.ts` checks the payload and answers Graph's own 400s.
 */
import { Type, type Static } from '@sinclair/typebox';

export const BatchRequestItemSchema = Type.Object({
  id: Type.String({ minLength: 1, description: 'Unique in the batch, regardless of case.' }),
  method: Type.String({ description: 'GET, POST, PATCH, PUT or DELETE.' }),
  url: Type.String({ description: 'Relative to the batch\'s version: `/deviceManagement/managedDevices` or `deviceManagement/managedDevices?$select=id`; never `/v1.0/…` (Graph: "Resource not found for the segment \'v1.0\'.").' }),
  headers: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'The step\'s request headers (any case). `Authorization` and `Host` are the batch\'s own.' })),
  body: Type.Optional(Type.Unknown({ description: 'A JSON value; a string without a JSON `Content-Type` is base64 (as msgraph-sdk-core sends it). A body without `Content-Type` is read as JSON.' })),
  dependsOn: Type.Optional(Type.Array(Type.String(), { description: 'Ids of steps that must succeed (2xx) first; otherwise this step answers `424`.' })),
}, { $id: 'microsoft.graph.batchRequestStep', description: 'One request of a batch.' });

export const BatchRequestSchema = Type.Object({
  requests: Type.Array(BatchRequestItemSchema, { minItems: 1, maxItems: 20 }),
}, { $id: 'microsoft.graph.batchRequest', description: 'At most 20 requests, run in `dependsOn` order, else in array order.' });
export type BatchRequest = Static<typeof BatchRequestSchema>;

export const BatchResponseItemSchema = Type.Object({
  id: Type.String(),
  status: Type.Integer({ description: 'The step\'s own status (its `200` says nothing of the others).' }),
  headers: Type.Record(Type.String(), Type.String(), { description: '`Content-Type` (so spelled), and `Retry-After`, `Location`, `OData-Version`, `Cache-Control`, `x-mock-fault`, `x-mock-warning`, `x-mock-throttling` when the answer has them.' }),
  body: Type.Optional(Type.Unknown({ description: 'The step\'s JSON body (a Graph error envelope on an error); absent on a `204`.' })),
}, { $id: 'microsoft.graph.batchResponseStep', description: 'One step\'s answer.', additionalProperties: false });
export type BatchResponseItem = Static<typeof BatchResponseItemSchema>;

export const BatchResponseSchema = Type.Object({
  responses: Type.Array(BatchResponseItemSchema, { description: 'One per request, in the order of the requests.' }),
}, { $id: 'microsoft.graph.batchResponse', additionalProperties: false });
