/**
 * `buildApp(config)`: the whole mock as a Fastify instance that never listens (tests inject into it;
 * `server.ts` listens). The composition root: it builds the store, the domain, the token issuer and the
 * test kit, and registers, in order, what every surface inherits (the readiness gate, Graph's headers and
 * JSON bodies, the journal hook), the surfaces (OpenAPI, control API, identity, Graph), and the root's own
 * answers (docs/architecture.md#layers).
 */
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type { Config } from './config.js';
import { resolveControlAccess, type ControlAccess } from './control/control-key.js';
import { controlPlugin } from './control/plugin.js';
import { Clocks, SystemClock, type Clock } from './domain/clock.js';
import { Intune } from './domain/intune.js';
import { createRandom } from './domain/random.js';
import { RULESETS } from './domain/rules/index.js';
import { Simulator } from './domain/simulation/simulator.js';
import type { TenantStore } from './domain/tenant-store.js';
import { Tenants } from './domain/tenants.js';
import { SeedFile } from './fixtures/load-fixture.js';
import { lazyRequestLogger, loggerOptions, requestLog } from './logging.js';
import { graphSurface, installGraphWire } from './graph/plugin.js';
import { requestTime, rewriteKeySyntax } from './graph/wire.js';
import { graphAuthenticator } from './identity/authenticate.js';
import { keyDirOf, loadSigningKey, type SigningKey, type TlsMaterial } from './identity/key-material.js';
import { REAL_TIME, type IdentityTime } from './identity/identity-time.js';
import { identityPlugin } from './identity/plugin.js';
import { TokenIssuer } from './identity/token-issuer.js';
import { sharedSchemaBucket } from './openapi/components.js';
import { openapiPlugin } from './openapi/plugin.js';
import { consolePlugin } from './console/plugin.js';
import type { Fixture } from './schemas/fixture.js';
import { FileStore } from './store/file-store.js';
import { MemoryStore } from './store/memory-store.js';
import { hostAllowList } from './lib/host-allow-list.js';
import { proxyHostsOf } from './proxy/hosts.js';
import { requestIds } from './lib/request-ids.js';
import { frameworkErrors, gateUntilReady, guardRequests, installRootAnswers, installRootErrorHandler, refuseCrossSiteWrites, refuseUnknownHosts, takeProxyMarker, type SurfaceTimes } from './surfaces.js';
import { TestKit } from './testkit/test-kit.js';
import { Throttle, composeIntercepts } from './throttling/throttle.js';

export interface AppOptions {
  /**
   * The base clock every tenant's clock runs on (each tenant adds its own offset: docs/simulation.md#mock-clock);
   * tests pass a `ManualClock`. Default: real time.
   */
  clock?: Clock;
  /**
   * The seed fixture, instead of reading `config.fixtures`. A promise (the server passes one) lets the app
   * answer before it resolves: `/_mock/health` 200, `/_mock/ready` and everything else 503. A `SeedFile`
   * (what the app reads from `config.fixtures`) hands a large seed to its first tenant only and reads its file
   * again for the next; a `Fixture` is kept and copied for every tenant (docs/scaling.md#the-seed-fleet).
   */
  fixture?: Fixture | SeedFile | Promise<Fixture | SeedFile>;
  /** The token signing key (tests share one; otherwise loaded from, or made in, `<data>/keys`). */
  signingKey?: SigningKey;
  /**
   * The identity's time: token lifetimes are stamped and judged on it, not on the mock's clock. Default: real
   * time, as Entra's; tests pass a `ManualClock` to expire a token without sleeping.
   */
  identityClock?: IdentityTime;
  /** Where the log goes (default: stdout); tests read it. */
  logStream?: { write(line: string): unknown };
  /** Where `config.controlKey` came from: the environment (the CLI) or code (`startMock`); for the 401's message. */
  controlKeySource?: 'env' | 'code';
}

export interface MockState {
  readonly config: Config;
  /** The base clock (tokens are judged on it); a tenant's own time is `intune.now(tenantId)`. */
  readonly clock: Clock;
  /** The emulated Intune service: every use case, each in a unit of work on one tenant. */
  readonly intune: Intune;
  readonly tenants: Tenants;
  readonly store: TenantStore;
  readonly issuer: TokenIssuer;
  readonly testkit: TestKit;
  /** The test kit's fault rules and journal (as before the test kit was its own module). */
  readonly faults: TestKit['faults'];
  readonly journal: TestKit['journal'];
  /** Intune's throttling and the Retry-After conformance report (docs/throttling.md). */
  readonly throttle: Throttle;
  /** The HTTPS listener's certificate, set by the server once it listens (`GET /_mock/ca.pem`). */
  tls?: TlsMaterial;
  /** Whether the seed fixture is loaded. */
  ready: boolean;
  /** The control key, if this run needs one (docs/security.md#control-key). */
  readonly controlAccess: ControlAccess;
}

// The app's own augmentation of Fastify's types (the Graph surface and the test kit declare theirs).
declare module 'fastify' {
  interface FastifyInstance {
    mock: MockState;
  }
}

/**
 * Fastify's default schema compilers (ajv, fast-json-stringify), loaded only if a route ever needs one. None
 * does: every route brings its own (openapi/plugin.ts: route schemas are documentation), yet Fastify would load
 * both, ajv included, when the app is created (a few tens of milliseconds of every start).
 */
function fromFastify(name: '@fastify/ajv-compiler' | '@fastify/fast-json-stringify-compiler') {
  type Factory = (...args: unknown[]) => unknown;
  let factory: Factory | undefined;
  return ((...args: unknown[]) => {
    factory ??= (createRequire(createRequire(import.meta.url).resolve('fastify'))(name) as () => Factory)();
    return factory(...args);
  }) as never;
}

/**
 * Builds the app: loads and validates the seed fixture, opens the store (refusing a bad `db.json`),
 * registers everything. Rejects with `FixtureError` or `StoreFileError` when it cannot start.
 */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const clock = options.clock ?? new SystemClock();
  const fixtureSource = options.fixture ?? (await SeedFile.load(config.fixtures));
  const store: TenantStore = config.data ? await FileStore.open(config.data, config.maxTenants) : new MemoryStore(config.maxTenants);
  const simulator = new Simulator({
    clocks: new Clocks(clock),
    random: createRandom(config.seed),
    ruleset: RULESETS[config.ruleset],
    checkInDelaySeconds: config.checkInDelay,
    maxAudits: config.maxAudits,
  });
  let controlAccess: ControlAccess;
  try {
    controlAccess = await resolveControlAccess(config, options.controlKeySource);
  } catch (err) {
    await store.close();
    throw err;
  }
  const tenants = new Tenants(store, undefined, simulator);
  const intune = new Intune(tenants);
  const time = requestTime(intune);
  const identityTime = options.identityClock ?? REAL_TIME;
  const times: SurfaceTimes = { graph: time, identity: identityTime };
  const issuer = new TokenIssuer(options.signingKey ?? (await loadSigningKey(keyDirOf(config))), identityTime);
  const testkit = new TestKit((tenantId) => intune.now(tenantId), { size: config.journalSize, bodyLimit: config.journalBodyLimit });
  // A reset puts the tenant's test setup back too (docs/simulation.md#control-api).
  tenants.onReset.push((tenantId) => testkit.clear(tenantId));
  tenants.onEvict.push((tenantId) => testkit.clear(tenantId));
  const throttle = new Throttle(config.throttling, (tenantId) => intune.now(tenantId));
  tenants.onReset.push((tenantId) => throttle.clear(tenantId));
  tenants.onEvict.push((tenantId) => throttle.clear(tenantId));

  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    // Fastify's two lines per request give way to our one (logging.ts: requestLog).
    logController: new LogController({ disableRequestLogging: true }),
    // A request's own logger is made only if something logs through it (logging.ts: RequestLogger).
    childLoggerFactory: lazyRequestLogger,
    // GUIDs, unique in the process, made without drawing random bytes per request (lib/request-ids.ts).
    genReqId: requestIds(),
    // Graph paths are case-insensitive (`/v1.0/DeviceManagement/ManagedDevices` works on real Graph).
    // Ids and UPNs in paths may be long: the router's default parameter limit (100) would answer 414.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 1024 },
    rewriteUrl: (req) => rewriteKeySyntax(req.url ?? '/'),
    bodyLimit: 4 * 1024 * 1024,
    frameworkErrors: frameworkErrors(times),
    // The OpenAPI components, stored as they are (openapi/components.ts); Fastify's compilers loaded on first use.
    schemaController: {
      bucket: sharedSchemaBucket as unknown as NonNullable<NonNullable<FastifyServerOptions['schemaController']>['bucket']>,
      compilersFactory: { buildValidator: fromFastify('@fastify/ajv-compiler'), buildSerializer: fromFastify('@fastify/fast-json-stringify-compiler') },
    },
  });
  const state: MockState = { config, clock, intune, tenants, store, issuer, testkit, faults: testkit.faults, journal: testkit.journal, throttle, ready: false, controlAccess };
  app.decorate('mock', state);
  const seeded = (fixture: Fixture | SeedFile) => {
    tenants.setSeed(fixture);
    state.ready = true;
  };
  if (fixtureSource instanceof Promise) {
    // The server awaits it too and stops on a bad fixture; here only readiness follows it.
    fixtureSource.then(seeded, () => {});
  } else seeded(fixtureSource);
  app.addHook('onClose', async () => store.close());
  if (store instanceof FileStore) {
    store.events.failed = (err, path) => app.log.error(`cannot write ${path} (${err.message}): changes are refused (503) until it works again`);
    store.events.recovered = () => app.log.warn(`${store.tenantsDir} is written again: changes are accepted`);
  }
  const log = requestLog(app, config, options.logStream);
  tenants.onActivity.push(log.deviceActivity);
  if (controlAccess.openBeyondLoopback) {
    app.log.warn(`--control-auth off on ${config.host}: anyone who reaches the mock can use its control API (mint tokens for any tenant, export secrets, reset tenants)`);
  }

  // In order: what every surface inherits (the root's error handler first), then the surfaces, then the root's own answers.
  installRootErrorHandler(app, times);
  const hosts = hostAllowList({ host: config.host, tlsHosts: config.tlsHosts, allowedHosts: config.allowedHosts, machineName: hostname() });
  if (hosts.any) app.log.warn('--allowed-hosts *: the mock answers any Host name, so a web page can reach it by DNS rebinding');
  // One root hook per phase where one can do the work of several (each hook is a step of Fastify's hook runner on
  // every request, issue 17): the request log's naming of the tenant first, then the guards.
  guardRequests(app, [
    log.noteTenant && ((request) => (log.noteTenant!(request), false)),
    takeProxyMarker(app, config.proxyPort !== undefined),
    refuseUnknownHosts(hosts, times, new Set(proxyHostsOf(config))),
    refuseCrossSiteWrites(times),
    gateUntilReady(() => state.ready, times),
  ]);
  installGraphWire(app, time);
  // The request's log line, then its journal entry (callback style: no promise per request).
  const journalResponse = testkit.install(app, time);
  const logResponse = log.onResponse;
  app.addHook('onResponse', (request, reply, done) => {
    logResponse?.(request, reply);
    journalResponse(request, reply);
    done();
  });
  // After the journal's hook: the throttling report names requests by their journal ids. Off, nothing runs.
  if (throttle.enabled) throttle.install(app);
  await app.register(openapiPlugin);
  await app.register(consolePlugin);
  await app.register(controlPlugin, {
    prefix: '/_mock', intune, access: controlAccess, faults: testkit.faults, journal: testkit.journal, throttle, isReady: () => state.ready,
    persistenceProblem: () => store.persistenceProblem(), maxFixtureBytes: config.maxFixtureBytes,
    identity: { issuer, caPem: () => state.tls?.caPem || undefined },
  });
  await app.register(identityPlugin, { issuer, intune, time: identityTime });
  await app.register(graphSurface, { intune, odata: config.odata, authenticate: graphAuthenticator(config.auth, issuer), intercept: throttle.enabled ? composeIntercepts(throttle.intercept, testkit.intercept) : testkit.intercept, reserveEntryId: () => testkit.journal.reserveId() });
  installRootAnswers(app, times);
  return app;
}
