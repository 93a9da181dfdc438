/**
 * Listening: `start(config)` for the CLI (signals, graceful shutdown) and `startMock(options)` for
 * in-process tests. One app, one state, two listeners: HTTP (curl, health checks) and HTTPS, which the
 * official clients require (docs/graph-fidelity.md#https-only), with a certificate from the mock's CA.
 */
import type { FastifyInstance } from 'fastify';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildApp, type AppOptions } from './app.js';
import { flushStdoutLines } from './logging.js';
import { loadConfig, type Config } from './config.js';
import { MockAdminClient } from './client/admin-client.js';
import { DEFAULT_FIXTURE_PATH, SeedFile, seedCacheDir } from './fixtures/load-fixture.js';
import { keyDirOf, loadTls } from './identity/key-material.js';
import { proxyHostsOf } from './proxy/hosts.js';
import type { RunningProxy } from './proxy/proxy-server.js';
import type { Fixture } from './schemas/fixture.js';

export interface RunningMock {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  /** `https://host:port`: what the Graph SDKs and MSAL need. */
  httpsUrl: string;
  /**
   * `http://host:port` of the HTTPS proxy (`--proxy-port`, docs/proxy.md), which answers for graph.microsoft.com
   * and login.microsoftonline.com: a client's `HTTPS_PROXY`. Undefined when the proxy is off.
   */
  proxyUrl: string | undefined;
  /** The host names the proxy answers for (empty when it is off). */
  proxyHosts: readonly string[];
  /** The CA that signed the HTTPS certificate (empty with `--tls-cert`): trust it with NODE_EXTRA_CA_CERTS. */
  caPem: string;
  /** Where that CA is kept on disk (`<data>/keys/ca.pem` or `<caDir>/ca.pem`); undefined when it is in memory only. */
  caFile: string | undefined;
  /** Set when this start changed the kept CA (widened for new names, or replaced one without name constraints): clients must trust the new one. */
  caNotice?: string | undefined;
  app: FastifyInstance;
  /** The control API, for the default tenant (`client.forTenant(name)` for another), with the control key if any. */
  client: MockAdminClient;
  /** The key the control API asks for (`x-mock-control-key`), or undefined when it asks for none (docs/security.md#control-key). */
  controlKey: string | undefined;
  /** Where the control key is kept (`<data>/control-key`), if it is. */
  controlKeyFile: string | undefined;
  /** The control API is open beyond loopback (`--control-auth off` on a non-loopback `--host`). */
  controlOpenBeyondLoopback: boolean;
  /** The seed fixture new tenants start from: its file (`null`: given in code) and its number of devices. */
  fleet: { file: string | null; devices: number };
  /** Stops listening, flushes the store and resolves when everything is released. */
  close(): Promise<void>;
}

export async function listen(config: Config, options: AppOptions = {}): Promise<RunningMock> {
  // Listen first and load the fixture meanwhile: the health probe answers at once and `/_mock/ready`
  // turns 200 when the fleet is in. A bad fixture still stops the start (its error is thrown here).
  const fixture = options.fixture ?? SeedFile.load(config.fixtures, { cacheDir: seedCacheDir(config) });
  // Awaited below, after the listeners: until then a rejection must not count as unhandled (Node would
  // end the process with a stack trace instead of the CLI's one-line message).
  Promise.resolve(fixture).catch(() => {});
  // The certificate's keys are made on the thread pool while the app is built (a cold start makes three
  // RSA keys: the token signing key, the CA's and the server's).
  const hostNames = [config.host, ...(config.tlsHosts?.split(',') ?? [])];
  const keyDir = keyDirOf(config);
  const proxyHosts = proxyHostsOf(config);
  // While the proxy is on, the CA must permit its hosts (docs/reliability.md#a-ca-safe-to-trust); off, it does not.
  const tlsMaterial = loadTls({ keyDir, hostNames, caOnlyNames: proxyHosts, tlsCert: config.tlsCert, tlsKey: config.tlsKey });
  tlsMaterial.catch(() => {}); // awaited below; a failure is reported there
  let app: FastifyInstance;
  try {
    app = await buildApp(config, { ...options, fixture });
  } catch (err) {
    await tlsMaterial.catch(() => {});
    throw err;
  }
  let https: Server | undefined;
  let proxy: RunningProxy | undefined;
  let seed: Fixture | SeedFile;
  try {
    const tls = await tlsMaterial;
    app.mock.tls = tls;
    if (tls.notice) app.log.warn({ caFile: keyDir ? join(keyDir.path, 'ca.pem') : undefined }, tls.notice);
    await app.listen({ port: config.httpPort, host: config.host });
    // `ca: []` for the mock's own certificate: no store of trusted CAs. Without one, Node loads its ~140 bundled
    // root certificates into the context: ~45 ms of every start (unless NODE_EXTRA_CA_CERTS made Node load them as
    // it started). A server that asks no client for a certificate reads that store only to complete the chain it
    // sends (OpenSSL adds the issuers it finds there). The mock's leaf is issued by its own CA, a root a client
    // must trust anyway: the leaf alone is sent (with the store, the CA too when NODE_EXTRA_CA_CERTS named it).
    // A --tls-cert file may hold only its leaf, its issuers in NODE_EXTRA_CA_CERTS: Node's default store stays,
    // and the chain is completed as Node's servers do (test/identity/https.test.ts).
    // https://nodejs.org/api/tls.html#tlscreatesecurecontextoptions
    const trustStore = tls.caPem ? { ca: [] } : {};
    const server = createServer({ key: tls.keyPem, cert: tls.certPem, ...trustStore }, (req, res) => app.routing(req, res));
    https = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.httpsPort, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    if (config.proxyPort !== undefined) {
      const issueLeaf = tls.issueLeaf;
      if (!issueLeaf) throw new Error('--proxy-port needs the mock\'s own CA (not --tls-cert)');
      // Loaded only when on (the CLI's bundle keeps it in a chunk of its own).
      const { startProxy } = await import('./proxy/proxy-server.js');
      proxy = await startProxy({
        hosts: proxyHosts, issueLeaf, keyPem: tls.keyPem, handle: (req, res) => app.routing(req, res),
        onError: (message) => app.log.error(message),
      }, config.proxyPort, config.host);
    }
    seed = await fixture;
  } catch (err) {
    await proxy?.close();
    https?.close();
    await app.close();
    throw err;
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const port = (s: { address(): AddressInfo | string | null }) => (s.address() as AddressInfo).port;
  const server = https;
  const url = `http://${host}:${port(app.server)}`;
  const access = app.mock.controlAccess;
  return {
    url,
    client: new MockAdminClient(url, undefined, access.key === undefined ? {} : { controlKey: access.key }),
    controlKey: access.key,
    controlKeyFile: access.file,
    controlOpenBeyondLoopback: access.openBeyondLoopback,
    httpsUrl: `https://${host}:${port(server)}`,
    proxyUrl: proxy ? `http://${host}:${proxy.port}` : undefined,
    proxyHosts,
    caPem: app.mock.tls?.caPem ?? '',
    fleet: { file: options.fixture ? null : (config.fixtures ?? DEFAULT_FIXTURE_PATH), devices: seed instanceof SeedFile ? seed.devices : (seed.devices?.length ?? 0) },
    caFile: keyDir && app.mock.tls?.caPem ? join(keyDir.path, 'ca.pem') : undefined,
    caNotice: app.mock.tls?.notice,
    app,
    close: async () => {
      await proxy?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.close();
    },
  };
}

/**
 * Starts a mock in this process on free ports (unless told otherwise), quiet by default. Configuration
 * as for the CLI; `INTUNE_MOCK_*` variables are not read, so a test gets what it asks for. Unlike the CLI,
 * the CA and signing key are made in memory unless `data` or `caDir` says where to keep them: the caller
 * has `caPem` in hand, and a test run leaves nothing in the user's cache directory.
 */
export async function startMock(options: Partial<Config> & AppOptions = {}): Promise<RunningMock> {
  const { clock, fixture, signingKey, identityClock, logStream, ...overrides } = options;
  const config = loadConfig([], {}, { httpPort: 0, httpsPort: 0, logLevel: 'silent', ...overrides });
  return listen(config, {
    ...(clock ? { clock } : {}), ...(fixture ? { fixture } : {}), ...(signingKey ? { signingKey } : {}), ...(identityClock ? { identityClock } : {}),
    ...(logStream ? { logStream } : {}), controlKeySource: 'code',
  });
}

/**
 * Runs until SIGTERM or SIGINT, then closes gracefully: no new connections, in-flight requests
 * finish, the store is flushed. A second signal exits at once.
 */
export function closeOnSignals(mock: RunningMock, log: (line: string) => void = () => {}): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    flushStdoutLines(); // the requests served before the signal, then this line
    log(`${signal} received, shutting down`);
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    mock.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
