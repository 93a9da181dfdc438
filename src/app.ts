/**
 * `buildApp(config)`: the whole mock as a Fastify instance that never listens (tests inject into it;
 * `server.ts` listens). Plugins are registered explicitly, in order: wire headers and body parsing,
 * the control API, the Graph surface per version, and the root answers for everything else.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import { sendControlError } from './control/errors.js';
import { controlPlugin } from './control/plugin.js';
import type { Caller } from './domain/caller.js';
import { SystemClock, isoAt, type Clock } from './domain/clock.js';
import { createRandom } from './domain/random.js';
import { RULESETS } from './domain/rules/index.js';
import { Simulator } from './domain/simulation/simulator.js';
import { DEFAULT_TENANT_ID, resolveTenantId, Tenants } from './domain/tenants.js';
import { FaultRegistry } from './control/faults.js';
import { RequestJournal, keptHeaders, redactBody } from './control/journal.js';
import { decodeJwt } from 'jose';
import { graphAuthenticator } from './identity/authenticate.js';
import { loadSigningKey, type SigningKey, type TlsMaterial } from './identity/key-material.js';
import { identityPlugin } from './identity/plugin.js';
import { TokenIssuer } from './identity/token-issuer.js';
import { loadFixtureFile } from './fixtures/load-fixture.js';
import { GraphHttpError, sendGraphError } from './graph/errors.js';
import { errorContext, graphPlugin } from './graph/plugin.js';
import { installWireHeaders } from './graph/wire.js';
import { openapiPlugin } from './openapi/plugin.js';
import type { Fixture } from './schemas/fixture.js';
import { FileStore } from './store/file-store.js';
import { MemoryStore, type TenantStore } from './store/store.js';

export interface AppOptions {
  /** The mock's clock; tests pass a `ManualClock`. Default: real time. */
  clock?: Clock;
  /**
   * The seed fixture, instead of reading `config.fixtures`. A promise (the server passes one) lets the app
   * answer before it resolves: `/_mock/health` 200, `/_mock/ready` and everything else 503.
   */
  fixture?: Fixture | Promise<Fixture>;
  /** The token signing key (tests share one; otherwise loaded from, or made in, `<data>/keys`). */
  signingKey?: SigningKey;
}

export interface MockState {
  readonly config: Config;
  readonly clock: Clock;
  readonly tenants: Tenants;
  readonly store: TenantStore;
  readonly issuer: TokenIssuer;
  readonly faults: FaultRegistry;
  readonly journal: RequestJournal;
  /** The HTTPS listener's certificate, set by the server once it listens (`GET /_mock/ca.pem`). */
  tls?: TlsMaterial;
  /** Whether the seed fixture is loaded. */
  ready: boolean;
}

// The only augmentation of Fastify's types.
declare module 'fastify' {
  interface FastifyInstance {
    mock: MockState;
  }
  interface FastifyRequest {
    /** Who calls Graph: set by the Graph plugin's authentication hook. */
    caller: Caller;
    /** The fault rule that acted on this request, if any (for the journal). */
    faultId: string | null;
  }
}

/**
 * Builds the app: loads and validates the seed fixture, opens the store (refusing a bad `db.json`),
 * registers everything. Rejects with `FixtureError` or `StoreFileError` when it cannot start.
 */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const clock = options.clock ?? new SystemClock();
  const fixtureSource = options.fixture ?? (await loadFixtureFile(config.fixtures));
  const store: TenantStore = config.data ? await FileStore.open(config.data) : new MemoryStore();
  const simulator = new Simulator({
    clock,
    random: createRandom(config.seed),
    ruleset: RULESETS[config.ruleset],
    checkInDelaySeconds: config.checkInDelay,
  });
  const tenants = new Tenants(store, undefined, simulator);
  const issuer = new TokenIssuer(options.signingKey ?? (await loadSigningKey(config.data)), clock);

  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // One line per request only when asked for (debug, trace): CI logs stay readable.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(config.logLevel) }),
    genReqId: () => randomUUID(),
    // Graph paths are case-insensitive (`/v1.0/DeviceManagement/ManagedDevices` works on real Graph).
    // Ids and UPNs in paths may be long: the router's default parameter limit (100) would answer 414.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 1024 },
    rewriteUrl: (req) => rewriteKeySyntax(req.url ?? '/'),
    bodyLimit: 4 * 1024 * 1024,
    // What the router refuses before any route (a malformed %-escape, an over-long segment) still gets
    // the surface's own error shape, never Fastify's default body.
    frameworkErrors: (error, request, reply) => {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
      const message = status === 414 ? 'A path segment is too long.' : 'The request URL is not valid: it has a malformed %-escape.';
      if (request.url.startsWith('/_mock')) return sendControlError(reply, status, 'invalidUrl', message);
      return sendGraphError(reply, new GraphHttpError(status, 'BadRequest', message), errorContext(request, clock));
    },
  });
  const faults = new FaultRegistry();
  const journal = new RequestJournal();
  // A reset puts the tenant's test setup back too (behaviour.md §6).
  tenants.onReset.push((tenantId) => {
    faults.clear(tenantId);
    journal.clear(tenantId);
  });
  const state: MockState = { config, clock, tenants, store, issuer, faults, journal, ready: false };
  app.decorate('mock', state);
  const seeded = (fixture: Fixture) => {
    tenants.setSeed(fixture);
    state.ready = true;
  };
  if (fixtureSource instanceof Promise) {
    // The server awaits it too and stops on a bad fixture; here only readiness follows it.
    fixtureSource.then(seeded, () => {});
  } else seeded(fixtureSource);
  gateUntilReady(app, state, clock);
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('faultId', null);
  recordJournal(app, journal, clock);
  app.addHook('onClose', async () => store.close());

  installWireHeaders(app);
  acceptEmptyJsonBodies(app);

  const authenticate = graphAuthenticator(config.auth, issuer);

  await app.register(openapiPlugin);
  await app.register(controlPlugin, {
    prefix: '/_mock', tenants, clock, faults, journal, isReady: () => state.ready,
    identity: { issuer, caPem: () => state.tls?.caPem || undefined },
  });
  await app.register(identityPlugin, { issuer, tenants, clock });
  for (const version of ['v1.0', 'beta'] as const) {
    await app.register(graphPlugin, { prefix: `/${version}`, version, tenants, clock, authenticate, faults });
  }

  app.get('/', async (request) => ({
    name: 'intune-mock',
    description: 'An emulator of the Microsoft Graph Intune device-management API',
    graph: { 'v1.0': `${request.protocol}://${request.headers.host}/v1.0`, beta: `${request.protocol}://${request.headers.host}/beta` },
    control: `${request.protocol}://${request.headers.host}/_mock`,
  }));
  // Outside /v1.0 and /beta real Graph answers "Invalid version." (msgraph-sample-blazor-clientside #94).
  app.setNotFoundHandler((request, reply) =>
    request.url.startsWith('/_mock')
      ? sendControlError(reply, 404, 'notFound', `There is no control endpoint ${request.method} ${request.url.split('?')[0]}.`)
      : sendGraphError(reply, new GraphHttpError(400, 'BadRequest', 'Invalid version.'), errorContext(request, clock)),
  );
  app.setErrorHandler((err, request, reply) => {
    request.log.error({ err }, 'request failed');
    return sendGraphError(reply, new GraphHttpError(500, 'InternalServerError', 'An internal server error has occurred.'), errorContext(request, clock));
  });
  return app;
}

/**
 * Until the seed fixture is loaded (a 100,000-device file takes a few seconds), only the health and
 * readiness probes answer; everything else is `503` with `Retry-After`, in the shape of its surface.
 */
function gateUntilReady(app: FastifyInstance, state: MockState, clock: Clock): void {
  app.addHook('onRequest', async (request, reply) => {
    if (state.ready || /^\/(_mock\/(health|ready)|openapi\.json|docs)(\/|\?|$)/.test(request.url)) return;
    reply.header('retry-after', '1');
    if (request.url.startsWith('/_mock')) return sendControlError(reply, 503, 'notReady', 'The fixtures are not loaded yet.');
    return sendGraphError(reply, new GraphHttpError(503, 'serviceNotAvailable', 'The service is starting; retry after a moment.'), errorContext(request, clock));
  });
}

const GRAPH_PATH = /^\/(v1\.0|beta)(\/|$|\?)/i;
const TOKEN_PATH = /^\/([^/?]+)\/oauth2\/v2\.0\/token(\?|$)/i;

/** Every Graph and token request goes into its tenant's journal once answered. */
function recordJournal(app: FastifyInstance, journal: RequestJournal, clock: Clock): void {
  // Callback style: on every response, so no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    const token = TOKEN_PATH.exec(request.url);
    const kind = token ? 'token' : GRAPH_PATH.test(request.url) ? 'graph' : undefined;
    if (!kind) return done();
    const tenantId = token ? resolveTenantId(token[1] ?? '') : (request.caller?.tenantId ?? unverifiedTenant(request.headers.authorization) ?? DEFAULT_TENANT_ID);
    const q = request.url.indexOf('?');
    journal.record(tenantId, {
      time: isoAt(clock.now() - reply.elapsedTime),
      kind,
      method: request.method,
      path: q === -1 ? request.url : request.url.slice(0, q),
      query: q === -1 ? '' : request.url.slice(q + 1),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      headers: keptHeaders(request.headers),
      body: redactBody(request.body ?? null),
      fault: request.faultId,
    });
    done();
  });
}

/** A refused token's tenant, read without trusting it, so its 401 lands in the tenant the client meant. */
function unverifiedTenant(authorization: string | undefined): string | undefined {
  try {
    const tid = decodeJwt(authorization?.replace(/^Bearer\s+/i, '') ?? '').tid;
    return typeof tid === 'string' ? resolveTenantId(tid) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * OData key syntax to path segments: `/managedDevices('id')/x` and `/users('upn')` become
 * `/managedDevices/id/x` and `/users/upn` (the admin center itself calls `managedDevices('GUID')/resetPasscode`).
 */
export function rewriteKeySyntax(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.includes('(')) return url;
  const rewritten = path.replace(/\/([A-Za-z]+)\((?:'|%27)([^/]*?)(?:'|%27)\)/g, '/$1/$2').replace(/\/([A-Za-z]+)\(([0-9a-fA-F-]{36})\)/g, '/$1/$2');
  return q === -1 ? rewritten : rewritten + url.slice(q);
}

/**
 * Graph accepts a POST with `Content-Type: application/json` and no body (graph-client's `.post()`
 * sends exactly that, real-clients.md §0.10); Fastify's parser would refuse it.
 */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // Graph reads JSON only: any other body is its "Unable to read JSON request payload" 400.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    return parseJson(request, String(body), done);
  });
}
