/** The programmatic API: build or start a mock from a Node test suite. */
export { buildApp, type AppOptions, type MockState } from './app.js';
export { loadConfig, ConfigError, OPTIONS, type Config } from './config.js';
export { startMock, listen, type RunningMock } from './server.js';
export { ManualClock, SystemClock, type Clock } from './domain/clock.js';
export { DEFAULT_TENANT_ID } from './domain/tenants.js';
export { FixtureError, loadFixtureFile, DEFAULT_FIXTURE_PATH } from './fixtures/load-fixture.js';
export { validateFixture } from './fixtures/validate-fixture.js';
export type { Fixture, FixtureDevice } from './schemas/fixture.js';
export type { ManagedDevice } from './schemas/managed-device.js';
export { MockAdminClient, MockAdminError } from './client/admin-client.js';
