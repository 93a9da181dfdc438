/**
 * Listening: `start(config)` for the CLI (signals, graceful shutdown) and `startMock(options)` for
 * in-process tests (a free port, the URL, `close()`).
 */
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './app.js';
import { loadConfig, type Config } from './config.js';

export interface RunningMock {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  app: FastifyInstance;
  /** Stops listening, flushes the store and resolves when everything is released. */
  close(): Promise<void>;
}

export async function listen(config: Config, options: AppOptions = {}): Promise<RunningMock> {
  const app = await buildApp(config, options);
  try {
    await app.listen({ port: config.httpPort, host: config.host });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.httpPort;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return { url: `http://${host}:${port}`, app, close: () => app.close() };
}

/**
 * Starts a mock in this process on a free port (unless `httpPort` says otherwise), quiet by default.
 * Configuration as for the CLI; `INTUNE_MOCK_*` variables are not read, so a test gets what it asks for.
 */
export async function startMock(options: Partial<Config> & AppOptions = {}): Promise<RunningMock> {
  const { clock, fixture, ...overrides } = options;
  const config = loadConfig([], {}, { httpPort: 0, logLevel: 'silent', ...overrides });
  return listen(config, { ...(clock ? { clock } : {}), ...(fixture ? { fixture } : {}) });
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
