/**
 * `POST /{version}/$batch` (https://learn.microsoft.com/graph/json-batching, docs/graph-fidelity.md#batch):
 * the outer answer is `200` whenever the payload reads, each step answering on its own; an unreadable
 * payload is Graph's `400` for the whole batch. Its own encapsulated plugin: here a body that is not JSON is
 * Graph's "Invalid batch payload format.", not the "Unable to read JSON request payload" of other routes.
 */
import type { FastifyInstance } from 'fastify';
import { BatchRequestSchema, BatchResponseSchema } from '../../schemas/graph-batch.js';
import { TAG, respond } from '../../openapi/components.js';
import { GraphErrorSchema } from '../../schemas/graph-wire.js';
import { GraphHttpError, UNREADABLE_PAYLOAD, errorContextOf, sendGraphError, toGraphError } from '../errors.js';
import { forgetRequestTime, type RequestTime } from '../wire.js';
import { INVALID_BATCH, NESTED_BATCH, readBatch } from '../batch/payload.js';
import { runBatch } from '../batch/run.js';

export interface BatchRouteOptions {
  version: 'v1.0' | 'beta';
  time: RequestTime;
  /** The app's secret marking a request as a batch's step (batch/marker.ts). */
  secret: string;
  /** A journal entry id for the batch request itself, before its steps are recorded (the test kit's journal). */
  reserveEntryId?: (() => string) | undefined;
}

export async function batchRoute(app: FastifyInstance, opts: BatchRouteOptions): Promise<void> {
  app.setErrorHandler((err, request, reply) => {
    let error = toGraphError(err, request);
    if (error.statusCode === 400 && error.message === UNREADABLE_PAYLOAD) error = new GraphHttpError(400, 'BadRequest', INVALID_BATCH);
    if (error.statusCode >= 500) request.log.error({ err }, 'Graph batch failed');
    return sendGraphError(reply, error, errorContextOf(request, opts.time));
  });

  app.post('/$batch', {
    schema: {
      operationId: `${opts.version}.batch`,
      summary: 'Up to 20 requests in one (JSON batching)',
      description: 'Each request runs as if sent alone (its token check, permissions, fault rules, journal entry), in `dependsOn` order, '
        + 'otherwise in array order; one whose dependency did not succeed answers `424`. The answers come in the order of the requests.',
      tags: [TAG.graph(opts.version)],
      security: [{ bearerAuth: [] }],
      body: BatchRequestSchema,
      response: {
        200: respond('The batch was read; each request\'s own status is in its response.', BatchResponseSchema),
        400: respond('The batch cannot be read: "Invalid batch payload format." (empty, not JSON, a request without id, method or url, a `dependsOn` naming no request or making a cycle), '
          + '"Request Id {id} has to be unique in a batch.", or more than 20 requests.', GraphErrorSchema),
        401: respond('No valid token (`InvalidAuthenticationToken`): no request of the batch runs.', GraphErrorSchema),
        default: respond('`413` for a body over 4 MiB, or `503` while the mock starts.', GraphErrorSchema),
      },
    },
  }, async (request, reply) => {
    // A step that reached `$batch` by a path the step check does not see (`/x/../$batch`): no batch in a batch.
    if (request.batchItem) throw new GraphHttpError(400, 'BadRequest', NESTED_BATCH);
    const steps = readBatch(request.body);
    const entryId = opts.reserveEntryId?.() ?? request.id;
    request.journalEntryId = entryId;
    const responses = await runBatch(steps, {
      app, request, version: opts.version, entryId, secret: opts.secret, errorContext: errorContextOf(request, opts.time),
    });
    // The steps' errors carry the batch's start; its `Date` and journal time are of its answer (wire.ts: requestTime).
    forgetRequestTime(request);
    return reply.code(200).type('application/json').send({ responses });
  });
}
