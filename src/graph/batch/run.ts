/**
 * Running a `$batch`'s steps: each one is a request of its own through the whole app (`inject`), so that
 * authentication, permissions, fault rules, throttling and the journal act on it exactly as on a direct
 * request; the step's answer is then written as Graph writes a batch response
 * (https://learn.microsoft.com/graph/json-batching, docs/graph-fidelity.md#batch).
 *
 * Steps run one after another, in `dependsOn` order and otherwise in array order: a batch's effects, its
 * journal entries and its fault rules' counters come out the same on every run (Graph may run independent
 * steps in parallel; a test cannot tell, except by the order, which the mock keeps).
 */
import { PROXIED_HEADER, proxiedMarker } from '../../lib/proxied.js';
import type { FastifyInstance, FastifyRequest, InjectOptions, LightMyRequestResponse } from 'fastify';
import { METHODS } from 'node:http';
import type { BatchResponseItem } from '../../schemas/graph-batch.js';
import { GRAPH_ERROR_CONTENT_TYPE, GraphHttpError, UNREADABLE_PAYLOAD, graphErrorBody, type ErrorContext } from '../errors.js';
import { NESTED_BATCH, OUTSIDE_VERSION, runOrder, type BatchStep } from './payload.js';
import { BATCH_ITEM_HEADER, batchItemMarker } from './marker.js';

/** The headers of the batch request every step carries: who calls, where, from which client. A step never sets these. */
const CARRIED = ['authorization', 'host', 'origin', 'x-mock-tenant', 'user-agent', 'x-forwarded-proto'] as const;
/** Step headers that describe the batch's transport, not the step. */
const DROPPED = new Set<string>([...CARRIED, 'content-length', 'transfer-encoding', 'connection', 'expect', BATCH_ITEM_HEADER, PROXIED_HEADER]);

/** A step's answer headers, as Graph spells them. */
const ANSWER_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['content-type', 'Content-Type'], ['retry-after', 'Retry-After'], ['location', 'Location'], ['odata-version', 'OData-Version'],
  ['cache-control', 'Cache-Control'], ['x-mock-fault', 'x-mock-fault'], ['x-mock-warning', 'x-mock-warning'], ['x-mock-throttling', 'x-mock-throttling'],
];

export interface BatchRun {
  app: FastifyInstance;
  request: FastifyRequest;
  version: 'v1.0' | 'beta';
  /** The batch request's journal entry id, which each step's entry names. */
  entryId: string;
  /** The app's secret that marks a step as one of a batch (marker.ts). */
  secret: string;
  errorContext: ErrorContext;
}

export async function runBatch(steps: readonly BatchStep[], run: BatchRun): Promise<BatchResponseItem[]> {
  const answers = new Map<string, BatchResponseItem>();
  for (const step of runOrder(steps)) {
    const failed = step.dependsOn.find((d) => {
      const status = answers.get(d.toLowerCase())?.status ?? 0;
      return status < 200 || status > 299;
    });
    // LIMITATIONS: Graph documents the 424 but not its body; the mock answers Graph's error envelope (README, "Differences from Microsoft Graph").
    const answer = failed !== undefined
      ? errorAnswer(step.id, new GraphHttpError(424, 'FailedDependency', `The request depends on request '${failed}', which failed.`), run.errorContext)
      : await runStep(step, run);
    answers.set(step.id.toLowerCase(), answer);
  }
  return steps.map((s) => answers.get(s.id.toLowerCase())!);
}

/** The verbs Node's HTTP parser knows: a step may use any (a direct request with another never gets past the parser). */
const KNOWN_METHODS = new Set(METHODS);

async function runStep(step: BatchStep, run: BatchRun): Promise<BatchResponseItem> {
  if (!KNOWN_METHODS.has(step.method)) {
    return errorAnswer(step.id, new GraphHttpError(400, 'BadRequest', `'${step.method}' is not an HTTP method.`), run.errorContext);
  }
  // The URL as the app will read it: resolved as light-my-request resolves it (WHATWG URL: `..`, `%2e%2e`, `\`),
  // so that what is checked is what is sent. A step reaches its version's Graph surface and nothing else (the
  // control API, the token endpoint, the other version): docs/graph-fidelity.md#batch.
  const base = `/${run.version}`;
  let target: URL;
  try {
    target = new URL(`${base}${step.url.startsWith('/') ? '' : '/'}${step.url}`, 'http://localhost');
  } catch {
    return errorAnswer(step.id, new GraphHttpError(400, 'BadRequest', OUTSIDE_VERSION), run.errorContext);
  }
  if (!target.pathname.startsWith(`${base}/`)) {
    return errorAnswer(step.id, new GraphHttpError(400, 'BadRequest', OUTSIDE_VERSION), run.errorContext);
  }
  const first = (target.pathname.slice(base.length + 1).split('/')[0] ?? '').toLowerCase();
  if (first === '$batch' || first === '%24batch') {
    return errorAnswer(step.id, new GraphHttpError(400, 'BadRequest', NESTED_BATCH), run.errorContext);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.headers)) if (!DROPPED.has(name)) headers[name] = value;
  for (const name of CARRIED) {
    const value = run.request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (headers['client-request-id'] === undefined) {
    const sent = run.request.headers['client-request-id'];
    if (typeof sent === 'string') headers['client-request-id'] = sent;
  }
  headers[BATCH_ITEM_HEADER] = batchItemMarker(run.secret, run.entryId, step.id, run.request.protocol === 'https');
  // A step of a proxied batch is proxied for the same host (lib/proxied.ts): its Host is the proxy's host.
  if (run.request.proxiedFor) headers[PROXIED_HEADER] = proxiedMarker(run.request.proxiedFor);

  let payload: string | Buffer | undefined;
  if (step.body !== undefined) {
    const type = headers['content-type'];
    if (typeof step.body === 'string' && !isJson(type)) {
      // A string body without a JSON content type is base64 (https://learn.microsoft.com/graph/json-batching); msgraph-sdk-core sends its JSON so, without headers.
      const bytes = decodeBase64(step.body);
      if (!bytes) return errorAnswer(step.id, new GraphHttpError(400, 'BadRequest', UNREADABLE_PAYLOAD), run.errorContext);
      payload = bytes;
    } else payload = JSON.stringify(step.body);
    // A body without Content-Type is read as JSON (msgraph-sdk-core sends no step headers at all).
    headers['content-type'] = type ?? 'application/json';
  }

  let res: LightMyRequestResponse;
  try {
    res = await inject(run.app, { method: step.method as 'GET', url: target.pathname + target.search, headers, ...(payload === undefined ? {} : { payload }) });
  } catch {
    // What inject refuses to send is the step's 400, never a failed batch.
    return errorAnswer(step.id, new GraphHttpError(400, 'BadRequest', 'The request\'s URL or headers cannot be sent.'), run.errorContext);
  }
  const answerHeaders: Record<string, string> = {};
  for (const [name, spelled] of ANSWER_HEADERS) {
    const value = res.headers[name];
    if (value !== undefined) answerHeaders[spelled] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  // No body, and so no Content-Type, on a 204: graph-client 3.0.7 throws on a 204 step with either (docs/graph-fidelity.md#batch).
  if (res.statusCode === 204 || res.rawPayload.length === 0) {
    delete answerHeaders['Content-Type'];
    return { id: step.id, status: res.statusCode, headers: answerHeaders };
  }
  return { id: step.id, status: res.statusCode, headers: answerHeaders, body: answerBody(res.rawPayload, answerHeaders['Content-Type']) };
}

/**
 * `app.inject` with a callback: its options check then throws where the caller catches it. Without one,
 * light-my-request also starts the request on the next tick, where the same throw is an uncaught exception
 * that ends the process (a step with an odd verb or header did so).
 */
function inject(app: FastifyInstance, options: InjectOptions): Promise<LightMyRequestResponse> {
  return new Promise((resolve, reject) => {
    app.inject(options, (err, res) => (err || !res ? reject(err ?? new Error('no response')) : resolve(res)));
  });
}

function answerBody(raw: Buffer, type: string | undefined): unknown {
  if (isJson(type)) {
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch {
      // not JSON after all: base64, as any other body
    }
  }
  return raw.toString('base64');
}

function errorAnswer(id: string, error: GraphHttpError, ctx: ErrorContext): BatchResponseItem {
  return {
    id, status: error.statusCode,
    headers: { 'Content-Type': GRAPH_ERROR_CONTENT_TYPE, ...error.headers },
    body: graphErrorBody(error.code, error.message, ctx, error.innerError),
  };
}

const isJson = (type: string | undefined): boolean => type !== undefined && /^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(type.trim());

/** Base64, standard or URL-safe alphabet, padding optional; undefined when it is not base64. */
function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
