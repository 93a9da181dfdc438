/**
 * How a `$batch` step is told from a request a client sent: an internal header carrying a secret only this
 * app knows (made when the Graph surface registers), the batch's journal entry id and the step's id. A
 * client cannot forge it; the Graph surface strips it from every request before anything else reads it.
 */
import type { FastifyRequest } from 'fastify';

export const BATCH_ITEM_HEADER = 'x-intune-mock-batch-item';

/** Which batch a step belongs to: the batch request's journal entry id and the step's `id`. */
export interface BatchItemLink {
  entryId: string;
  itemId: string;
}

export function batchItemMarker(secret: string, entryId: string, itemId: string, https: boolean): string {
  return [secret, encodeURIComponent(entryId), encodeURIComponent(itemId), https ? 'https' : 'http'].join(' ');
}

/**
 * The link of a step marked with this app's secret, else null; the header is removed either way. A step of a
 * batch that came over HTTPS keeps its scheme (the links it answers with point where the client called).
 */
export function takeBatchItem(request: FastifyRequest, secret: string): BatchItemLink | null {
  const value = request.headers[BATCH_ITEM_HEADER];
  if (value === undefined) return null;
  delete request.headers[BATCH_ITEM_HEADER];
  const [given, entryId, itemId, scheme] = typeof value === 'string' ? value.split(' ') : [];
  if (given !== secret || entryId === undefined || itemId === undefined) return null;
  if (scheme === 'https') (request.raw.socket as { encrypted?: boolean }).encrypted = true;
  return { entryId: decodeURIComponent(entryId), itemId: decodeURIComponent(itemId) };
}
