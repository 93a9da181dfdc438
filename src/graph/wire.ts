/**
 * Graph's wire details (docs/graph-fidelity.md#response-headers): its response headers and content
 * types, OData key syntax in paths, JSON-only bodies that may be empty; and the origin every absolute URL
 * is built from (docs/graph-fidelity.md#absolute-urls).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACTIONS } from '../domain/actions/catalog.js';
import type { Intune } from '../domain/intune.js';
import { WARNING_HEADER, warningHeader } from './warnings.js';

/** What Graph sends with a JSON success body. */
export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const AGS_DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'intune-mock', Slice: 'E', Ring: '5', ScaleUnit: '000', RoleInstance: 'MOCK0000000001' },
});

/** The request-id of a request (the Fastify request id) and the client's id, echoed or the same. */
export function clientRequestId(request: FastifyRequest): string {
  const sent = request.headers['client-request-id'];
  const value = Array.isArray(sent) ? sent[0] : sent;
  return value && value.length <= 200 ? value : request.id;
}

/** The mock's time (ms) for an answer to a request. */
export type RequestTime = (request: FastifyRequest) => number;

declare module 'fastify' {
  interface FastifyRequest {
    /** The mock's time for this request, once read (requestTime), and whose clock it was read on ('' the base clock). */
    mockTime: number;
    mockTimeOf: string | null;
    /** When it was read (`performance.now()`): the journal dates the request's arrival from it (timeSinceRead). */
    mockTimeReadAt: number;
  }
}

/**
 * The mock's time for a request: its caller's tenant's clock once authentication named the caller, the
 * base clock before that (a `401` without a token, an unknown version) and off Graph (docs/simulation.md#mock-clock).
 * Read once per request and clock: the route, `Date`, `innerError.date` and the journal were three or four
 * readings of the same clock (a tenant's clock is a store lookup), a visible share of a single GET (issue 17).
 */
export const requestTime = (intune: Intune): RequestTime => (request) => {
  const of = request.caller?.tenantId ?? '';
  if (request.mockTimeOf !== of) {
    request.mockTime = intune.now(of === '' ? undefined : of);
    request.mockTimeOf = of;
    request.mockTimeReadAt = performance.now();
  }
  return request.mockTime;
};

/**
 * How long ago (ms, real time) the request's time was read: the journal dates a request's arrival as that reading
 * minus the time from arrival to it, not minus the whole request's duration (which would date it early by the time
 * between the reading and the answer).
 */
export const timeSinceRead = (request: FastifyRequest): number => performance.now() - request.mockTimeReadAt;

/**
 * Forgets the request's time, so that its next reading is a new one: for a request whose answer comes long after
 * a first reading (a `$batch`, after its steps): its `Date` and journal time are read at its answer.
 */
export function forgetRequestTime(request: FastifyRequest): void {
  request.mockTimeOf = null;
}

/**
 * `request-id` on every response, `client-request-id` echoed, Graph's other fixed headers, a `Date`
 * on the mock's time, the same clock as `innerError.date` (Node would write real time), and the request's
 * warnings, if any (graph/warnings.ts).
 */
export function installWireHeaders(app: FastifyInstance, time: RequestTime): void {
  // The last `Date` made, by its second: answers come many to a second, and toUTCString was a visible share of a GET.
  let second = Number.NaN;
  let date = '';
  // One hook, callback style, for every response: no promise, and no headers object, per request (BENCHMARKS.md).
  app.addHook('onSend', (request, reply, payload, done) => {
    const now = time(request);
    if (Math.floor(now / 1000) !== second) [second, date] = [Math.floor(now / 1000), new Date(now).toUTCString()];
    reply
      .header('date', date)
      .header('request-id', request.id)
      .header('client-request-id', clientRequestId(request))
      .header('x-ms-ags-diagnostic', AGS_DIAGNOSTIC)
      .header('strict-transport-security', 'max-age=31536000');
    if (request.mockWarnings) reply.header(WARNING_HEADER, warningHeader(request.mockWarnings));
    done(null, payload);
  });
}

export { origin } from '../lib/request-origin.js';

/** A JSON success body with Graph's content type and OData version. */
export function sendOData(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.type(ODATA_JSON).header('odata-version', '4.0').header('cache-control', 'no-cache').send(body);
}

/** Remote actions by lower-case name, plain or qualified (`microsoft.graph.wipe`). */
const ACTION_NAMES: ReadonlyMap<string, string> = new Map(ACTIONS.flatMap((a) => [[a.name.toLowerCase(), a.name], [`microsoft.graph.${a.name.toLowerCase()}`, a.name]]));

/**
 * A request path as Intune names the resource in its messages, in OData key syntax and without the
 * version: `/v1.0/deviceManagement/managedDevices/abc` → `deviceManagement/managedDevices('abc')`. A remote
 * action has Intune's own namespace: `…/managedDevices('abc')/microsoft.management.services.api.remoteLock`
 * (docs-contrib #4523, #87).
 */
export function odataResourcePath(url: string): string {
  const segs = (url.split('?')[0] ?? '').split('/').filter(Boolean).slice(1);
  const out: string[] = [];
  for (const s of segs) {
    const prev = out[out.length - 1];
    const action = prev?.endsWith(')') ? ACTION_NAMES.get(s.toLowerCase()) : undefined;
    if (prev !== undefined && /^(users|managedDevices|deviceCompliancePolicies|remoteActionAudits)$/i.test(prev)) out[out.length - 1] = `${prev}('${s}')`;
    else if (action !== undefined) out.push(`microsoft.management.services.api.${action}`);
    else out.push(s);
  }
  return out.join('/');
}

/**
 * OData key syntax to path segments: `/managedDevices('id')/x` and `/users('upn')` become
 * `/managedDevices/id/x` and `/users/upn` (the admin center itself calls `managedDevices('GUID')/resetPasscode`);
 * a parameterless function call `/getFileVaultKey()` becomes `/getFileVaultKey`.
 */
export function rewriteKeySyntax(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.includes('(')) return url;
  const rewritten = path.replace(/\/([A-Za-z]+)\((?:'|%27)([^/]*?)(?:'|%27)\)/g, '/$1/$2').replace(/\/([A-Za-z]+)\(([0-9a-fA-F-]{36})\)/g, '/$1/$2')
    // A bound function called without parameters (`getFileVaultKey()`) is its bare segment: the router reads `(` as a
    // pattern. Only the functions the mock serves: `managedDevices()` is no call, and stays unknown.
    .replace(/\/((?:microsoft\.graph\.)?(?:getFileVaultKey))\(\)(?=\/|$)/g, '/$1');
  return q === -1 ? rewritten : rewritten + url.slice(q);
}

/**
 * Graph reads JSON only (any other body is its "Unable to read JSON request payload" 400), and accepts a
 * POST with `Content-Type: application/json` and no body: graph-client's `.post()` sends exactly that
 * (docs/graph-fidelity.md#request-bodies), and Fastify's own parser would refuse it. The control API shares the rule.
 */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    return parseJson(request, String(body), done);
  });
}

