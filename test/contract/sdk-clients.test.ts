/**
 * Contract tests: the official Microsoft clients, unchanged but for base URL, authority, allowed hosts and
 * instance discovery, against the mock's real HTTPS listener (docs/graph-fidelity.md#official-clients). Each client runs in its
 * own process with NODE_EXTRA_CA_CERTS pointing at the mock's CA, the way a user trusts it.
 */
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { locationFor } from '../../src/domain/device-location.js';
import { startMock } from '../../src/server.js';
import { defaultFixture, sharedSigningKey } from '../helpers/build.js';
import { runScenario } from '../helpers/scenario.js';

const fixture = {
  ...defaultFixture(),
  apps: [
    { clientId: 'contract-full', clientSecret: 'full-secret', roles: ['DeviceManagementManagedDevices.ReadWrite.All', 'DeviceManagementManagedDevices.PrivilegedOperations.All'] },
    { clientId: 'contract-reader', clientSecret: 'reader-secret', roles: ['DeviceManagementManagedDevices.Read.All'] },
  ],
};
const fleet = fixture.devices!;
const resettable = fleet.find((d) => d.simulation?.enrollment === 'deviceAdministrator' && d.osVersion === '6.0.1')!;
const [retryId, exhaustId, kiotaRetryId] = [fleet[5]!.id, fleet[6]!.id, fleet[7]!.id];
const byOs = (os: string, enrollment?: string) => fleet.find((d) => d.operatingSystem === os && (!enrollment || d.simulation?.enrollment === enrollment))!.id;
/** The devices each client sends remote actions to. */
const ACTIONS_FOR = {
  graphClient: { WIPE_ID: byOs('Windows'), RETIRE_ID: byOs('macOS'), SYNC_ID: byOs('iOS', 'device'), BULK_ID: byOs('iOS', 'userEnrollment'), UNKNOWN_ID: '11111111-2222-4333-8444-555555555555' },
  kiota: { BYOD_ID: byOs('Android', 'workProfile'), WIPE_ID: byOs('Android', 'dedicated'), RETIRE_ID: fleet.find((d) => d.simulation?.enrollment === 'workProfile' && d.simulation.online !== false && d.osVersion === '6.0.1')!.id, SYNC_ID: byOs('iPadOS'), DEFENDER_ID: byOs('Windows'),
    LOCATE_ID: byOs('Windows'), APPLE_ID: byOs('iOS', 'device'), ASSIST_ID: byOs('Android', 'aosp') },
};

/** A control call to the in-process mock. */
async function control(base: string, method: 'GET' | 'POST', path: string, body?: object): Promise<any> {
  const res = await request(`${base}/_mock${path}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
  return res.body.json();
}

/** What the journal saw on one device's path: status, the fault, the SDK's Retry-Attempt header. */
async function attempts(base: string, id: string): Promise<Array<[number, boolean, string | undefined]>> {
  const { requests } = await control(base, 'GET', `/requests?method=GET&path=/v1.0/deviceManagement/managedDevices/${id}`);
  return requests.map((r: any) => [r.status, r.fault !== null, r.headers['retry-attempt']]);
}

t.test('the official clients against the HTTPS listener', async (t) => {
  const mock = await startMock({ fixture, signingKey: await sharedSigningKey, checkInDelay: 0, seed: 'contract' });
  t.teardown(() => mock.close());
  t.match(mock.httpsUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
  const dir = mkdtempSync(join(tmpdir(), 'intune-mock-ca-'));
  const caFile = join(dir, 'ca.pem');
  const served = await request(`${mock.url}/_mock/ca.pem`);
  writeFileSync(caFile, await served.body.text());
  t.equal(served.statusCode, 200);
  const expired = (await (await request(`${mock.url}/_mock/tokens`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expiresInSeconds: -60 }),
  })).body.json()) as { access_token: string };
  const env = {
    NODE_EXTRA_CA_CERTS: caFile, MOCK_URL: mock.httpsUrl, TENANT: 'contoso.onmicrosoft.com', RESET_ID: resettable.id,
    APP_ID: 'contract-full', APP_SECRET: 'full-secret', READER_ID: 'contract-reader', READER_SECRET: 'reader-secret',
    EXPIRED_TOKEN: expired.access_token,
  };

  await t.test('@microsoft/microsoft-graph-client with @azure/identity', async (t) => {
    // "Two 429s then success", and one that outlasts the retry handler (3 retries).
    await control(mock.url, 'POST', '/faults', { method: 'GET', path: `/v1.0/deviceManagement/managedDevices/${retryId}`, status: 429, retryAfterSeconds: 0, times: 2 });
    await control(mock.url, 'POST', '/faults', { method: 'GET', path: `/v1.0/deviceManagement/managedDevices/${exhaustId}`, status: 429, retryAfterSeconds: 0, times: 10 });
    const out = await runScenario('graph-client', { ...env, RETRY_ID: retryId, EXHAUST_ID: exhaustId, ...ACTIONS_FOR.graphClient });
    t.equal(out.wipe, 'ok', 'wipe with keepEnrollmentData and keepUserData');
    t.match(out.wipeBadParameter, { name: 'GraphError', statusCode: 400, code: 'BadRequest', message: /keepUserData/ });
    t.match(out.afterWipe, { managementState: 'managed', deviceActionResults: [] }, 'a Windows wipe keeping enrollment: still managed');
    t.equal(out.retire, 'ok', 'retire by its qualified name');
    t.match(out.afterRetire, { name: 'GraphError', statusCode: 404 }, 'retired: gone from Graph');
    t.equal(out.sync, 'ok');
    t.match(out.afterSync.deviceActionResults, [{ actionName: 'syncDevice', actionState: 'done' }]);
    t.ok(Date.now() - Date.parse(out.afterSync.lastSyncDateTime) < 60_000, 'it synced just now');
    t.equal(out.list.count, fleet.length, '@odata.count');
    t.equal(out.list.firstPage, 5);
    t.same([...out.list.ids].sort(), fleet.map((d) => d.id).sort(), 'the page iterator saw every device once');
    t.equal(out.list.pages, Math.ceil(fleet.length / 5), 'across several pages');
    t.match(out.get, { id: out.list.ids[0], context: /^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/\$metadata#deviceManagement\/managedDevices\/\$entity$/ });
    t.equal(out.resetPasscode, 'ok');
    t.match(out.results, [{ actionName: 'resetPasscode', actionState: 'done', passcode: /^\d{6}$/ }], 'checked in (delay 0)');
    t.match(out.notFound, { name: 'GraphError', statusCode: 404, code: 'ResourceNotFound' });
    t.match(out.fileVaultKey, { value: /^[A-Z2-9]{4}(-[A-Z2-9]{4}){5}$/, context: /\/beta\/\$metadata#Edm\.String$/ }, 'beta getFileVaultKey() through .version(\'beta\'): the escrowed key');
    const { BULK_ID, UNKNOWN_ID } = ACTIONS_FOR.graphClient;
    t.match(out.bulk, { value: { '@odata.type': 'microsoft.graph.bulkManagedDeviceActionResult' } });
    t.same([out.bulk.value.successfulDeviceIds, out.bulk.value.failedDeviceIds, out.bulk.value.notFoundDeviceIds, out.bulk.value.notSupportedDeviceIds],
      [[BULK_ID], [], [UNKNOWN_ID], []], 'beta executeAction: the known id succeeded, the unknown one is not found');
    t.same(out.afterBulk.map((r: any) => [r.actionName, r.actionState]), [['syncDevice', 'done']], 'carried out as a single syncDevice');
    t.match(out.forbidden, { name: 'GraphError', statusCode: 403, code: 'Forbidden', message: /PrivilegedOperations\.All/ });
    t.match(out.expired, { name: 'GraphError', statusCode: 401, code: 'InvalidAuthenticationToken', message: /expired/ });
    t.match(out.wrongSecret, { name: 'AuthenticationRequiredError', message: /invalid_client.*7000215/s });
    t.equal(out.retried, retryId, 'the retry handler honoured Retry-After and succeeded');
    t.same(await attempts(mock.url, retryId), [[429, true, undefined], [429, true, '1'], [200, false, '2']], 'exactly what the client sent');
    t.match(out.exhausted, { name: 'GraphError', statusCode: 429, code: 'TooManyRequests' });
    t.equal((await attempts(mock.url, exhaustId)).length, 4, 'one request and three retries');
    t.match(out.clockAdvanced, { status: 200, now: String }, 'the mock clock moved 21 days through the control API');
    t.ok(Date.parse(out.clockAdvanced.now) - Date.now() > 20 * 86_400_000, 'three weeks ahead of real time');
    t.same(out.afterClock, { status: 200, devices: 1, sameToken: true }, 'the cached token still works: lifetimes run on real time');
  });

  await t.test('@microsoft/msgraph-sdk (Kiota) with AzureIdentityAuthenticationProvider', async (t) => {
    await control(mock.url, 'POST', '/faults', { method: 'GET', path: `/v1.0/deviceManagement/managedDevices/${kiotaRetryId}`, status: 429, retryAfterSeconds: 0, times: 2 });
    const out = await runScenario('kiota', { ...env, RETRY_ID: kiotaRetryId, ...ACTIONS_FOR.kiota });
    t.equal(out.wipe, 'ok');
    t.match(out.afterWipe, { status: 404 }, 'wiped: gone from Graph');
    t.equal(out.retire, 'ok');
    t.match(out.wipeUnsupported, { status: 400, code: 'BadRequest', message: /wipe action is not supported/ }, 'a personal work profile cannot be wiped');
    t.equal(out.sync, 'ok');
    t.match(out.afterSync.results, [{ actionName: 'syncDevice', actionState: 'done' }]);
    t.equal(out.scan, 'ok', 'windowsDefenderScan with quickScan');
    t.match(out.scanWithoutQuickScan, { status: 400, code: 'BadRequest', message: /quickScan/ }, 'quickScan is required');
    t.same(out.afterScan, [{ odataType: '#microsoft.graph.windowsDefenderScanActionResult', actionState: 'done', scanType: 'quickScan' }], 'the derived result, as the SDK reads it');
    const { LOCATE_ID, APPLE_ID } = ACTIONS_FOR.kiota;
    t.same([out.locate, out.bypass, out.assist], ['ok', 'ok', 'ok'], 'locateDevice, bypassActivationLock, requestRemoteAssistance on v1.0');
    const { latitude, longitude, altitude, horizontalAccuracy } = locationFor(LOCATE_ID);
    t.same({ ...out.afterLocate, lastCollectedDateTime: undefined }, {
      odataType: '#microsoft.graph.locateDeviceActionResult', actionState: 'done', collectedIsDate: true, lastCollectedDateTime: undefined,
      latitude, longitude, altitude, horizontalAccuracy, verticalAccuracy: 10, heading: 0, speed: 0,
    }, 'the SDK\'s LocateDeviceActionResult.deviceLocation: the simulated position');
    const [from, to] = out.checkInWindow.map(Date.parse);
    const collected = Date.parse(out.afterLocate.lastCollectedDateTime);
    t.ok(collected >= from && collected <= to, 'collected at the check-in, on the mock clock');
    t.match(out.bypassCode.selected, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/, `$select=activationLockBypassCode on ${APPLE_ID}`);
    t.equal(out.bypassCode.unselected, 'none', 'not without $select (Graph\'s null)');
    t.match(out.afterAssist, { url: /^https:\/\/remoteassistance\.intune-mock\.invalid\/sessions\/[0-9a-f-]{36}$/, results: [['requestRemoteAssistance', 'done']] });
    t.equal(out.retried, kiotaRetryId, 'Kiota\'s retry handler honoured Retry-After');
    t.same((await attempts(mock.url, kiotaRetryId)).map(([status, , attempt]) => [status, attempt]), [[429, undefined], [429, '1'], [200, '2']]);
    t.equal(out.list.firstPage, 4);
    t.match(out.list.nextLink, /^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/deviceManagement\/managedDevices\?%24top=4|\$top=4/);
    const served = fleet.filter((d) => d.id !== ACTIONS_FOR.graphClient.RETIRE_ID);
    t.same([...out.list.ids].sort(), served.map((d) => d.id).sort(), 'the page iterator saw every device once (but the one graph-client retired)');
    const second = fleet.find((d) => d.id === out.list.ids[1])!;
    t.match(out.get, { id: second.id, deviceName: second.deviceName, operatingSystem: second.operatingSystem, complianceState: second.complianceState });
    t.equal(out.resetPasscode, 'ok');
    t.match(out.notFound, { isError: false, status: 404, code: 'ResourceNotFound' }, 'Kiota throws a plain object');
    t.match(out.forbidden, { status: 403, code: 'Forbidden' });
    t.match(out.expired, { status: 401, code: 'InvalidAuthenticationToken', message: /expired/ });
    t.match(out.wrongSecret, { name: 'AuthenticationRequiredError', message: /invalid_client.*7000215/s });
    t.equal(out.clockAdvanced.status, 200);
    t.same(out.afterClock, { status: 200, id: ACTIONS_FOR.kiota.SYNC_ID, sameToken: true }, 'the cached token still works after 21 more days of mock time');
  });

  await t.test('$batch with both SDKs\' batch builders', async (t) => {
    // Devices no other scenario acts on (some are wiped or retired there).
    const used = new Set<string>([resettable.id, retryId, exhaustId, kiotaRetryId, ...Object.values(ACTIONS_FOR.graphClient), ...Object.values(ACTIONS_FOR.kiota)]);
    const [READ_ID, NOTES_ID, SYNC_ID] = fleet.filter((d) => !used.has(d.id)).map((d) => d.id);
    const CORE_NOTES_ID = NOTES_ID; // written again, after graph-client's write was read back
    const out = await runScenario('batch', { ...env, READ_ID: READ_ID!, NOTES_ID: NOTES_ID!, SYNC_ID: SYNC_ID!, CORE_NOTES_ID: CORE_NOTES_ID! });
    const versioned = out.graphClientVersioned;
    t.same(versioned.urls.map((u: string) => u.split('/').slice(0, 2).join('/')), ['/v1.0', '/v1.0', '/v1.0'], 'graph-client 3.0.7 keeps /v1.0/ in step URLs');
      t.equal(versioned.read.status, 400, 'Graph\'s 400 for it');
    t.equal(versioned.read.body.error.message, 'Resource not found for the segment \'v1.0\'.');
    t.same([versioned.notes.status, versioned.sync.status], [424, 424], 'and the steps depending on it: 424');
    const hostOnly = out.graphClientHostOnly;
    t.same(hostOnly.urls.map((u: string) => u.split('?')[0]), [`/deviceManagement/managedDevices/${READ_ID}`, `/deviceManagement/managedDevices/${NOTES_ID}`, `/deviceManagement/managedDevices/${SYNC_ID}/syncDevice`], 'host-only Request URLs: step URLs without the version');
    t.match(hostOnly.read, { status: 200, body: { id: READ_ID, deviceName: String } }, 'graph-client parses a JSON step body (Content-Type spelled so)');
    t.same(hostOnly.notes, { status: 204, body: null }, 'a 204 step without body: graph-client\'s Response accepts it');
    t.same(hostOnly.sync, { status: 204, body: null }, 'the dependent step ran');
    t.equal(out.graphClientNotes, 'from graph-client', 'the PATCH (its lower-case content-type step header) took effect');
    t.same(out.coreSent.map((r: any) => [r.id, r.url, r.headers]), [
      ['get', `/deviceManagement/managedDevices/${READ_ID}`, null], ['patch', `/deviceManagement/managedDevices/${CORE_NOTES_ID}`, null],
      ['missing', '/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000000', null], ['after-missing', `/deviceManagement/managedDevices/${SYNC_ID}/syncDevice`, null],
    ], 'msgraph-sdk-core sends no step headers');
    const { requests: batches } = await control(mock.url, 'GET', '/requests?method=POST&path=/v1.0/$batch');
    t.match(batches.at(-1).body.requests[1].body, /^[A-Za-z0-9+/]+=*$/, 'and its step body as a base64 string');
    t.same(out.core.status, { get: 200, patch: 204, missing: 404, 'after-missing': 424 }, 'msgraph-sdk-core reads every step\'s status');
    t.equal(out.core.getBody, 'undefined', 'but not a JSON step body (it reads step bodies as base64 only)');
    t.equal(out.coreNotes, 'from msgraph-sdk-core', 'the base64 body without headers was read as JSON');
  });

  await t.test('@azure/msal-node alone', async (t) => {
    const out = await runScenario('msal', env);
    t.match(out.token, { tokenType: 'Bearer', hasToken: true, fromCache: false });
    t.ok(out.token.expiresInSeconds > 3500 && out.token.expiresInSeconds <= 3599, 'expires_in honoured');
    t.equal(out.cached, true, 'a second call is served from MSAL\'s cache');
    t.match(out.wrongSecret, { errorCode: 'invalid_client', errorNo: 7000215, status: 401 });
    t.match(out.unknownClient, { errorCode: 'unauthorized_client', errorNo: 700016 });
    t.match(out.badScope, { errorCode: 'invalid_scope', errorNo: 1002012 });
  });
});
