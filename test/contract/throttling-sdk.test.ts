/**
 * The official SDKs' retry handlers against a real throttle (docs/throttling.md#conformance): each recovers from
 * the mock's 429 by waiting `Retry-After`, and the report shows no violation; a naive client that retries at
 * once shows up with its violations. Over the HTTPS listener, each client in its own process, on real time
 * (the SDKs really sleep `Retry-After`: a window of 1 s keeps it short).
 */
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMock } from '../../src/server.js';
import { defaultFixture, sharedSigningKey } from '../helpers/build.js';
import { runScenario } from '../helpers/scenario.js';

const ROLES = ['DeviceManagementManagedDevices.Read.All'];
const fixture = { ...defaultFixture(), apps: ['sdk-graph-client', 'sdk-kiota', 'naive'].map((clientId) => ({ clientId, clientSecret: `${clientId}-secret`, roles: ROLES })) };

t.test('retry handlers honour the throttle\'s Retry-After; a naive client is reported', async (t) => {
  const mock = await startMock({ fixture, signingKey: await sharedSigningKey });
  t.teardown(() => mock.close());
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-ca-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, await mock.client.caPem());
  // Two reads per app per second: the third read in a row is throttled with Retry-After: 1.
  await mock.client.setThrottlingLimits({ perAppRequests: 2, windowSeconds: 1 });
  const env = { NODE_EXTRA_CA_CERTS: caFile, MOCK_URL: mock.httpsUrl, TENANT: 'contoso.onmicrosoft.com', REQUESTS: '5' };
  const clientOf = async (appId: string) => (await mock.client.throttling()).clients.find((c) => c.appId === appId);

  for (const [name, appId] of [['graph-client', 'sdk-graph-client'], ['kiota', 'sdk-kiota']] as const) {
    await t.test(name, async (t) => {
      const out = await runScenario('throttle', { ...env, CLIENT: name, APP_ID: appId, APP_SECRET: `${appId}-secret` });
      t.same(out.statuses, [200, 200, 200, 200, 200], 'every read succeeded in the end');
      const report = await clientOf(appId);
      t.ok(report && report.throttledByLimits >= 1, `throttled by the limit (${report?.throttledByLimits} times)`);
      t.equal(report?.violationCount, 0, 'never came back before Retry-After had passed');
      t.equal(report?.honouredRetries, report?.throttled, 'every 429 was followed by an on-time retry');
      const { requests } = await mock.client.requests({ path: '/v1.0/deviceManagement/managedDevices' });
      const mine = requests.filter((r) => r.throttling !== null || r.headers['retry-attempt'] !== undefined);
      t.ok(mine.some((r) => r.throttling === 'throttled'), 'the journal says throttled');
      t.ok(mine.some((r) => r.status === 200 && r.headers['retry-attempt'] === '1'), 'the SDK\'s retry, with its Retry-Attempt header');
      t.notOk(requests.some((r) => r.throttling === 'retriedTooEarly'), 'no early retry in the journal');
      await mock.client.clearRequests();
    });
  }

  await t.test('a naive client that retries at once', async (t) => {
    const out = await runScenario('throttle', { ...env, CLIENT: 'naive', APP_ID: 'naive', APP_SECRET: 'naive-secret', REQUESTS: '3', NAIVE_RETRIES: '2' });
    t.same(out.statuses, [200, 200, 429], 'the third read gave up after two immediate retries');
    const report = await clientOf('naive');
    t.match(report, { throttled: 1, throttledByLimits: 1, throttledByFaults: 0, retries: 2, honouredRetries: 0, violationCount: 2 });
    const { requests } = await mock.client.requests({ path: '/v1.0/deviceManagement/managedDevices' });
    t.same(requests.map((r) => [r.status, r.throttling]), [[200, null], [200, null], [429, 'throttled'], [429, 'retriedTooEarly'], [429, 'retriedTooEarly']]);
    t.same(report?.violations.map((v) => [v.journalId, v.throttledJournalId, v.method, v.path]), [
      [requests[3]!.id, requests[2]!.id, 'GET', '/v1.0/deviceManagement/managedDevices'],
      [requests[4]!.id, requests[2]!.id, 'GET', '/v1.0/deviceManagement/managedDevices'],
    ]);
    t.ok(report!.worstEarlyRetrySeconds! > 0.5 && report!.worstEarlyRetrySeconds! <= 1, `came back ${report?.worstEarlyRetrySeconds} s early`);
  });
});
