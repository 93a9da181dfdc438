/**
 * The Graph surface, registered once per version prefix (`/v1.0`, `/beta`): routes, and for everything
 * else on these paths a Graph error envelope (never Fastify's default bodies).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../domain/caller.js';
import type { Intune } from '../domain/intune.js';
import type { Authenticate } from '../identity/authenticate.js';
import { TokenRejected } from '../identity/token-issuer.js';
import type { GraphContext } from './context.js';
import { GraphHttpError, UNREADABLE_PAYLOAD, errorContextOf, sendGraphError, toGraphError } from './errors.js';
import { isUnknownAlias, notFoundError, registerGraphRoutes, type Intercept } from './route-table.js';
import { graphRoutes } from './routes/index.js';
import { batchRoute } from './routes/batch.js';
import { takeBatchItem, type BatchItemLink } from './batch/marker.js';
import type { GraphVersion } from './serialize-device.js';
import { IntuneFilterFailure, type ODataDialect } from './odata/intune-quirks.js';
import { installWarnings } from './warnings.js';
import { acceptEmptyJsonBodies, installWireHeaders, requestTime, type RequestTime } from './wire.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who calls Graph: set by the Graph plugin's authentication hook. */
    caller: Caller;
    /** Its journal entry id: reserved before a `$batch` runs its steps (their entries name it), else given when recorded (the throttling report names entries by it). */
    journalEntryId: string | null;
    /** A `$batch` step: its batch's journal entry id and its own id (graph/batch/marker.ts). */
    batchItem: BatchItemLink | null;
  }
}

export interface GraphPluginOptions {
  version: GraphVersion;
  intune: Intune;
  authenticate: Authenticate;
  /** `--odata`: `$filter` on managedDevices as OData says, or as Intune does (docs/graph-fidelity.md#filter). */
  odata: ODataDialect;
  /** Runs before each route's permission check (the throttle, then the test kit's fault rules: app.ts). */
  intercept?: Intercept;
  /** A journal entry id for a `$batch` request, reserved before its steps are recorded (the test kit's journal). */
  reserveEntryId?: () => string;
  /** Marks a `$batch`'s steps (one per app; graphSurface makes it). */
  batchSecret: string;
}


/**
 * What the Graph surface sets up on the root app before any surface registers (so every surface inherits
 * it): the request's `caller`, Graph's response headers (`Date` on `time`), its warnings, and JSON-only bodies that may be empty.
 */
export function installGraphWire(app: FastifyInstance, time: RequestTime): void {
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('journalEntryId', null);
  app.decorateRequest('batchItem', null);
  app.decorateRequest('mockTime', 0);
  app.decorateRequest('mockTimeOf', null);
  app.decorateRequest('mockTimeReadAt', 0);
  installWireHeaders(app, time);
  installWarnings(app);
  acceptEmptyJsonBodies(app);
}

/** The Graph surface: one plugin per version prefix. */
export async function graphSurface(app: FastifyInstance, opts: Omit<GraphPluginOptions, 'version' | 'batchSecret'>): Promise<void> {
  const batchSecret = randomUUID();
  for (const version of ['v1.0', 'beta'] as const) {
    await app.register(graphPlugin, { prefix: `/${version}`, version, batchSecret, ...opts });
  }
}

/** A refused token is Graph's 401; anything else goes on as it is. */
function unauthenticated(err: unknown): Error {
  if (!(err instanceof TokenRejected)) return err as Error;
  return new GraphHttpError(401, 'InvalidAuthenticationToken', err.message, {
    'www-authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
  });
}

async function graphPlugin(app: FastifyInstance, opts: GraphPluginOptions): Promise<void> {
  const time = requestTime(opts.intune);
  const ctx: GraphContext = { version: opts.version, intune: opts.intune, odata: opts.odata, now: (tenantId) => opts.intune.now(tenantId), time };

  // Graph reads JSON, but an empty body of any media type is no body: the m365 CLI posts parameterless
  // actions as `application/x-www-form-urlencoded` with nothing in it, and so does `curl -d ''`.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    if (String(body).trim() === '') return done(null, undefined);
    done(new GraphHttpError(400, 'BadRequest', UNREADABLE_PAYLOAD), undefined);
  });

  // Every Graph request is authenticated first, unknown paths included, as real Graph does. Callback style:
  // a token seen before is checked synchronously (identity/authenticate.ts), with no promise per request.
  app.addHook('onRequest', (request, _reply, done) => {
    request.batchItem = takeBatchItem(request, opts.batchSecret);
    let caller: Caller | Promise<Caller>;
    try {
      caller = opts.authenticate(request);
    } catch (err) {
      return done(unauthenticated(err));
    }
    if (!(caller instanceof Promise)) {
      request.caller = caller;
      return done();
    }
    caller.then((c) => {
      request.caller = c;
      done();
    }, (err: unknown) => done(unauthenticated(err)));
  });
  await app.register(batchRoute, { version: opts.version, time, secret: opts.batchSecret, reserveEntryId: opts.reserveEntryId });
  // `$batch` is served (POST only): its other verbs answer as any served path's do.
  const served = [...registerGraphRoutes(app, opts.version, graphRoutes(ctx), opts.intercept), { path: '/$batch', segments: ['$batch'], methods: new Set(['POST']) }];
  // The router's own limit: a longer id matches no route, so no verb either.
  const maxParamLength = app.initialConfig.routerOptions?.maxParamLength ?? 100;

  // A path or verb no route serves (docs/graph-fidelity.md#unknown-paths), whatever its body.
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendGraphError(reply, notFoundError(request, served, opts.version, maxParamLength), errorContextOf(request, time));

  app.setErrorHandler((err, request, reply) => {
    const error = toGraphError(err, request);
    // The framework may fail reading the body before the not-found handler runs (`QUERY` without a
    // Content-Type), or before an alias route finds its name unknown (route-table.ts): the unknown path or verb
    // is the answer, except for a body over the limit (413).
    if ((request.is404 || isUnknownAlias(request)) && error.statusCode < 500 && error.statusCode !== 413 && error.statusCode !== 401) return notFound(request, reply);
    // Intune's own 500 for a filter it cannot run is on purpose (and already logged as a warning).
    if (error.statusCode >= 500 && !(err instanceof IntuneFilterFailure)) request.log.error({ err }, 'Graph request failed');
    return sendGraphError(reply, error, errorContextOf(request, time));
  });

  app.setNotFoundHandler(notFound);
}
