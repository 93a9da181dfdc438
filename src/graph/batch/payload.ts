/**
 * Reading a `$batch` payload: Graph's whole-batch `400`s (https://learn.microsoft.com/graph/json-batching),
 * and the order the steps run in. Pure: no Fastify.
 */
import { GraphHttpError } from '../errors.js';

/** Graph's answer to an empty or garbled batch (an observed Graph answer, quoted in docs/graph-fidelity.md#batch). */
export const INVALID_BATCH = 'Invalid batch payload format.';
/** The mock's answer to a `$batch` inside a batch (Graph's is not documented). */
export const NESTED_BATCH = 'A batch request cannot contain a $batch request.';
/** The mock's answer to a step URL whose dot segments leave the batch's version (`/../_mock/reset`; Graph's is not documented). */
export const OUTSIDE_VERSION = 'The request URL must stay within the batch\'s version.';
/** The JSON batching limit (https://learn.microsoft.com/graph/json-batching). */
export const MAX_BATCH_REQUESTS = 20;

export interface BatchStep {
  id: string;
  /** Upper case. */
  method: string;
  url: string;
  /** Names in lower case. */
  headers: Record<string, string>;
  /** Absent when the step sent none (or `null`). */
  body?: unknown;
  dependsOn: string[];
}

const invalid = () => new GraphHttpError(400, 'BadRequest', INVALID_BATCH);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The steps of a batch, or Graph's `400` for the whole batch. Where Graph's answer is not known (more than 20
 * steps, a step without id/method/url, a `dependsOn` naming no step or making a cycle) the mock chose its
 * answer (README, "Differences from Microsoft Graph").
 */
export function readBatch(payload: unknown): BatchStep[] {
  if (!isObject(payload) || !Array.isArray(payload.requests) || payload.requests.length === 0) throw invalid();
  const requests: unknown[] = payload.requests;
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw new GraphHttpError(400, 'BadRequest', `The batch has ${requests.length} requests; at most ${MAX_BATCH_REQUESTS} are allowed.`);
  }
  const steps = requests.map(readStep);
  const seen = new Set<string>();
  for (const step of steps) {
    const key = step.id.toLowerCase();
    // Observed: `Request Id 1 has to be unique in a batch.` (docs/graph-fidelity.md#batch); ids compare regardless of case.
    if (seen.has(key)) throw new GraphHttpError(400, 'BadRequest', `Request Id ${step.id} has to be unique in a batch.`);
    seen.add(key);
  }
  runOrder(steps);
  return steps;
}

function readStep(item: unknown): BatchStep {
  if (!isObject(item)) throw invalid();
  const { id, method, url, headers, body, dependsOn } = item;
  if (typeof id !== 'string' || id === '' || typeof method !== 'string' || !/^[A-Za-z]+$/.test(method) || typeof url !== 'string' || url === '') throw invalid();
  if (headers !== undefined && headers !== null && !isObject(headers)) throw invalid();
  const names: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string' && typeof value !== 'number') throw invalid();
    names[name.toLowerCase()] = String(value);
  }
  if (dependsOn !== undefined && dependsOn !== null && (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string'))) throw invalid();
  return {
    id, method: method.toUpperCase(), url, headers: names,
    ...(body === undefined || body === null ? {} : { body }),
    dependsOn: (dependsOn as string[] | null | undefined) ?? [],
  };
}

/**
 * The order the steps run in: each after the steps it depends on, otherwise in array order. A `dependsOn`
 * naming no step of the batch, or a cycle, is the whole batch's `400` (the mock's choice).
 */
export function runOrder(steps: readonly BatchStep[]): BatchStep[] {
  const byId = new Map(steps.map((s) => [s.id.toLowerCase(), s]));
  for (const s of steps) for (const d of s.dependsOn) if (!byId.has(d.toLowerCase())) throw invalid();
  const done = new Set<string>();
  const order: BatchStep[] = [];
  while (order.length < steps.length) {
    const next = steps.find((s) => !done.has(s.id.toLowerCase()) && s.dependsOn.every((d) => done.has(d.toLowerCase())));
    if (!next) throw invalid();
    done.add(next.id.toLowerCase());
    order.push(next);
  }
  return order;
}
