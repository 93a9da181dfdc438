// The Kiota-based @microsoft/msgraph-sdk with AzureIdentityAuthenticationProvider. The fluent
// device-management package is not published on npm (docs/graph-fidelity.md#kiota), so requests are built with
// RequestInformation and the published models, as docs/graph-fidelity.md#client-configuration shows.
import { ClientSecretCredential } from '@azure/identity';
import { AzureIdentityAuthenticationProvider } from '@microsoft/kiota-authentication-azure';
import { AllowedHostsValidator, BaseBearerTokenAuthenticationProvider, HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions';
import { GraphRequestAdapter } from '@microsoft/msgraph-sdk/graphRequestAdapter.js';
import { createManagedDeviceCollectionResponseFromDiscriminatorValue, createManagedDeviceFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';
import { PageIterator } from '@microsoft/msgraph-sdk-core';

const { MOCK_URL, TENANT, APP_ID, APP_SECRET, READER_ID, READER_SECRET, RESET_ID } = process.env;
const host = new URL(MOCK_URL).hostname;
const errors = { XXX: createODataErrorFromDiscriminatorValue };
const error = (e) => ({ isError: e instanceof Error, status: e.responseStatusCode, code: e.errorEscaped?.code ?? e.code, message: String(e.message ?? '').slice(0, 200) });

// The tokens each adapter sends, as azure-identity hands them out (from its cache after the first).
const sent = [];
function adapterFor(id, secret) {
  const cred = new ClientSecretCredential(TENANT, id, secret, { authorityHost: MOCK_URL, disableInstanceDiscovery: true });
  const getToken = cred.getToken.bind(cred);
  cred.getToken = async (...args) => {
    const token = await getToken(...args);
    sent.push([id, token?.token]);
    return token;
  };
  const auth = new AzureIdentityAuthenticationProvider(cred, ['https://graph.microsoft.com/.default'], undefined, new Set([host]));
  const adapter = new GraphRequestAdapter(auth);
  adapter.baseUrl = `${MOCK_URL}/v1.0`;
  return adapter;
}
const request = (adapter, method, template, params = {}) =>
  new RequestInformation(method, `{+baseurl}${template}`, { baseurl: adapter.baseUrl, ...params });

const out = {};
const adapter = adapterFor(APP_ID, APP_SECRET);
const list = request(adapter, HttpMethod.GET, '/deviceManagement/managedDevices{?%24top,%24select}');
list.queryParameters['%24top'] = 4;
list.queryParameters['%24select'] = ['id', 'deviceName'];
list.headers.tryAdd('Accept', 'application/json');
const page = await adapter.send(list, createManagedDeviceCollectionResponseFromDiscriminatorValue, errors);
const ids = [];
await new PageIterator(adapter, page, (d) => { ids.push(d.id); return true; }, createManagedDeviceCollectionResponseFromDiscriminatorValue, errors).iterate();
out.list = { firstPage: page.value.length, nextLink: page.odataNextLink, ids };

const get = request(adapter, HttpMethod.GET, '/deviceManagement/managedDevices/{id}', { id: ids[1] });
get.headers.tryAdd('Accept', 'application/json');
const device = await adapter.send(get, createManagedDeviceFromDiscriminatorValue, errors);
out.get = { id: device.id, deviceName: device.deviceName, operatingSystem: device.operatingSystem, complianceState: device.complianceState };

out.resetPasscode = await adapter
  .sendNoResponseContent(request(adapter, HttpMethod.POST, '/deviceManagement/managedDevices/{id}/resetPasscode', { id: RESET_ID }), errors)
  .then(() => 'ok', error);

// Remote actions: wipe with parameters (a JSON body, as the generated WipePostRequestBody writes it), retire, sync.
const { WIPE_ID, RETIRE_ID, SYNC_ID } = process.env;
const action = (name, id, body) => {
  const info = request(adapter, HttpMethod.POST, `/deviceManagement/managedDevices/{id}/${name}`, { id });
  if (body) info.setStreamContent(new TextEncoder().encode(JSON.stringify(body)).buffer, 'application/json');
  return adapter.sendNoResponseContent(info, errors).then(() => 'ok', error);
};
out.wipe = await action('wipe', WIPE_ID, { keepEnrollmentData: false, keepUserData: false, macOsUnlockCode: null });
out.retire = await action('microsoft.graph.retire', RETIRE_ID);
out.sync = await action('syncDevice', SYNC_ID);
out.wipeUnsupported = await action('wipe', process.env.BYOD_ID, {});
const after = request(adapter, HttpMethod.GET, '/deviceManagement/managedDevices/{id}', { id: SYNC_ID });
after.headers.tryAdd('Accept', 'application/json');
const synced = await adapter.send(after, createManagedDeviceFromDiscriminatorValue, errors);
out.afterSync = { results: (synced.deviceActionResults ?? []).map((r) => ({ actionName: r.actionName, actionState: r.actionState })) };
// A Windows action with a required parameter, and its derived result read back through the SDK's polymorphic models.
const { DEFENDER_ID } = process.env;
out.scan = await action('windowsDefenderScan', DEFENDER_ID, { quickScan: true });
out.scanWithoutQuickScan = await action('windowsDefenderScan', DEFENDER_ID, {});
const scannedInfo = request(adapter, HttpMethod.GET, '/deviceManagement/managedDevices/{id}', { id: DEFENDER_ID });
scannedInfo.headers.tryAdd('Accept', 'application/json');
const scanned = await adapter.send(scannedInfo, createManagedDeviceFromDiscriminatorValue, errors);
out.afterScan = (scanned.deviceActionResults ?? []).filter((r) => r.actionName === 'windowsDefenderScan')
  .map((r) => ({ odataType: r.odataType, actionState: r.actionState, scanType: r.scanType }));
const gone = request(adapter, HttpMethod.GET, '/deviceManagement/managedDevices/{id}', { id: WIPE_ID });
gone.headers.tryAdd('Accept', 'application/json');
out.afterWipe = await adapter.send(gone, createManagedDeviceFromDiscriminatorValue, errors).then(() => 'no error', error);

// The remote-action families of issue 15 through the v1.0 client: locateDevice (Windows), bypassActivationLock
// (an iPhone supervised through Automated Device Enrollment), requestRemoteAssistance; the mock clock then moves
// past the check-in (the control API) and the results are read back as the SDK's typed models.
// @microsoft/msgraph-sdk is v1.0 only: its models have no bulkManagedDeviceActionResult and no getFileVaultKey, and
// the beta SDK (@microsoft/msgraph-beta-sdk) is not a dependency; the beta calls are in the graph-client scenario.
const { LOCATE_ID, APPLE_ID, ASSIST_ID } = process.env;
const mockClock = async (body) => (await fetch(`${MOCK_URL}/_mock/clock`, body
  ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {})).json();
const clockBefore = (await mockClock()).now;
out.locate = await action('locateDevice', LOCATE_ID);
out.bypass = await action('bypassActivationLock', APPLE_ID);
out.assist = await action('requestRemoteAssistance', ASSIST_ID);
const clockAfter = (await mockClock({ advanceSeconds: 60 })).now;
out.checkInWindow = [clockBefore, clockAfter];
const read = (id, select) => {
  const info = request(adapter, HttpMethod.GET, '/deviceManagement/managedDevices/{id}{?%24select}', { id });
  if (select) info.queryParameters['%24select'] = select;
  info.headers.tryAdd('Accept', 'application/json');
  return adapter.send(info, createManagedDeviceFromDiscriminatorValue, errors);
};
const located = (await read(LOCATE_ID, ['id', 'deviceActionResults'])).deviceActionResults?.find((r) => r.actionName === 'locateDevice');
const where = located?.deviceLocation;
out.afterLocate = {
  odataType: located?.odataType, actionState: located?.actionState,
  // The SDK's DeviceGeoLocation: numbers, and lastCollectedDateTime parsed into a Date.
  collectedIsDate: where?.lastCollectedDateTime instanceof Date, lastCollectedDateTime: where?.lastCollectedDateTime?.toISOString(),
  latitude: where?.latitude, longitude: where?.longitude, altitude: where?.altitude, horizontalAccuracy: where?.horizontalAccuracy,
  verticalAccuracy: where?.verticalAccuracy, heading: where?.heading, speed: where?.speed,
};
// Kiota's JSON parse node reads Graph's null as undefined: 'none' says the SDK had no code.
out.bypassCode = { selected: (await read(APPLE_ID, ['activationLockBypassCode'])).activationLockBypassCode, unselected: (await read(APPLE_ID)).activationLockBypassCode ?? 'none' };
const assisted = await read(ASSIST_ID, ['id', 'remoteAssistanceSessionUrl', 'deviceActionResults']);
out.afterAssist = { url: assisted.remoteAssistanceSessionUrl, results: (assisted.deviceActionResults ?? []).map((r) => [r.actionName, r.actionState]) };

const missing = request(adapter, HttpMethod.GET, '/deviceManagement/managedDevices/{id}', { id: '00000000-0000-0000-0000-000000000000' });
missing.headers.tryAdd('Accept', 'application/json');
out.notFound = await adapter.send(missing, createManagedDeviceFromDiscriminatorValue, errors).then(() => 'no error', error);

const retry = request(adapter, HttpMethod.GET, '/deviceManagement/managedDevices/{id}', { id: process.env.RETRY_ID });
retry.headers.tryAdd('Accept', 'application/json');
out.retried = await adapter.send(retry, createManagedDeviceFromDiscriminatorValue, errors).then((d) => d.id, error);

const reader = adapterFor(READER_ID, READER_SECRET);
out.forbidden = await reader
  .sendNoResponseContent(request(reader, HttpMethod.POST, '/deviceManagement/managedDevices/{id}/resetPasscode', { id: RESET_ID }), errors)
  .then(() => 'no error', error);

// An expired token, through Kiota's static bearer provider.
const staticAdapter = new GraphRequestAdapter(new BaseBearerTokenAuthenticationProvider({
  getAuthorizationToken: async () => process.env.EXPIRED_TOKEN,
  getAllowedHostsValidator: () => new AllowedHostsValidator(new Set([host])),
}));
staticAdapter.baseUrl = `${MOCK_URL}/v1.0`;
const expiredList = request(staticAdapter, HttpMethod.GET, '/deviceManagement/managedDevices');
expiredList.headers.tryAdd('Accept', 'application/json');
out.expired = await staticAdapter.send(expiredList, createManagedDeviceCollectionResponseFromDiscriminatorValue, errors).then(() => 'no error', error);

// A wrong secret, surfaced through the authentication provider.
const wrong = adapterFor(APP_ID, 'not-the-secret');
const wrongList = request(wrong, HttpMethod.GET, '/deviceManagement/managedDevices');
out.wrongSecret = await wrong.send(wrongList, createManagedDeviceCollectionResponseFromDiscriminatorValue, errors).then(
  () => 'no error',
  (e) => ({ name: e.name, message: String(e.message).slice(0, 300) }),
);

// Three weeks of the simulated world pass (the control API); the first adapter goes on with the token
// azure-identity caches: lifetimes are real time.
const mine = () => sent.filter(([id]) => id === APP_ID).map(([, token]) => token);
const before = mine().at(-1);
const clock = await fetch(`${MOCK_URL}/_mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 21 * 86_400 }) });
out.clockAdvanced = { status: clock.status };
const again = request(adapter, HttpMethod.GET, '/deviceManagement/managedDevices/{id}', { id: SYNC_ID });
again.headers.tryAdd('Accept', 'application/json');
out.afterClock = await adapter.send(again, createManagedDeviceFromDiscriminatorValue, errors).then((d) => ({ status: 200, id: d.id }), error);
out.afterClock.sameToken = mine().at(-1) === before && mine().length > 1;

console.log(JSON.stringify(out));
