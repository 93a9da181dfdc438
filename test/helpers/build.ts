/** A fresh app per test: memory store, manual clocks (the mock's, the identity's), the default fleet (or a given fixture), torn down after. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { readFileSync } from 'node:fs';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { DEFAULT_FIXTURE_PATH, type SeedFile } from '../../src/fixtures/load-fixture.js';
import { loadSigningKey } from '../../src/identity/key-material.js';
import type { Fixture } from '../../src/schemas/fixture.js';

export interface Teardownable {
  teardown(fn: () => unknown): void;
}

export const defaultFixture = (): Fixture => JSON.parse(readFileSync(DEFAULT_FIXTURE_PATH, 'utf8')) as Fixture;

export interface Built {
  app: FastifyInstance;
  clock: ManualClock;
  /** Token lifetimes' time (real time in the product): stands still at the real now until advanced. */
  identityClock: ManualClock;
  config: Config;
  /** `app.inject` with JSON parsed into `json`. */
  call(opts: InjectOptions | string): Promise<LightMyRequestResponse & { json: any }>;
}

/** One signing key for every app of a test file: RSA key generation would dominate the suite's time. */
export const sharedSigningKey = loadSigningKey();

/**
 * `auth` defaults to `off` here, so that Graph behaviour tests need no token; the identity tests set
 * `strict` (the product's default) explicitly.
 */
export async function build(t: Teardownable, opts: { fixture?: Fixture | SeedFile; config?: Partial<Config> } = {}): Promise<Built> {
  const clock = new ManualClock();
  const identityClock = new ManualClock(Date.now());
  const config = loadConfig([], {}, { logLevel: 'silent', auth: 'off', ...opts.config });
  const app = await buildApp(config, { clock, identityClock, fixture: opts.fixture ?? defaultFixture(), signingKey: await sharedSigningKey });
  t.teardown(() => app.close());
  const call = async (o: InjectOptions | string) => {
    const res = await app.inject(typeof o === 'string' ? { method: 'GET', url: o } : o);
    let json: unknown;
    try {
      json = res.body === '' ? undefined : JSON.parse(res.body);
    } catch {
      json = undefined;
    }
    return Object.assign(res, { json });
  };
  return { app, clock, identityClock, config, call };
}

/** Asserts a Graph error envelope and returns its `error`. */
export function graphError(t: { equal: Function; match: Function; ok: Function }, res: { statusCode: number; json: any; headers: Record<string, unknown> }, status: number, code: string) {
  t.equal(res.statusCode, status, `status ${status}`);
  t.match(String(res.headers['content-type']), /^application\/json/);
  t.equal(res.json?.error?.code, code, `code ${code}`);
  t.match(res.json.error.innerError, { date: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, 'request-id': String, 'client-request-id': String });
  t.ok(typeof res.json.error.message === 'string' && res.json.error.message.length > 0, 'has a message');
  return res.json.error as { code: string; message: string };
}
