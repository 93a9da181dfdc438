// @microsoft/microsoft-graph-client v3 + @azure/identity ClientSecretCredential, configured as the README
// says: only the base URL, authority host, custom hosts and instance discovery differ from real Graph.
// Run with NODE_EXTRA_CA_CERTS=<the mock's CA>; prints what it saw as JSON.
import graph from '@microsoft/microsoft-graph-client';
import azureProviders from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { ClientSecretCredential } from '@azure/identity';

const { Client, PageIterator } = graph;
const { TokenCredentialAuthenticationProvider } = azureProviders;
const { MOCK_URL, TENANT, APP_ID, APP_SECRET, READER_ID, READER_SECRET, EXPIRED_TOKEN } = process.env;
const host = new URL(MOCK_URL).hostname;

const clientFor = (authProvider) => Client.initWithMiddleware({ baseUrl: MOCK_URL, customHosts: new Set([host]), authProvider });
const credential = (id, secret) => new ClientSecretCredential(TENANT, id, secret, { authorityHost: MOCK_URL, disableInstanceDiscovery: true });
const provider = (cred) => new TokenCredentialAuthenticationProvider(cred, { scopes: ['https://graph.microsoft.com/.default'] });
const error = (e) => ({ name: e.constructor?.name, statusCode: e.statusCode, code: e.code, message: String(e.message).slice(0, 300) });

const out = {};
// The tokens the client sends, as azure-identity hands them out (from its cache after the first).
const sent = [];
const mainCredential = credential(APP_ID, APP_SECRET);
const getToken = mainCredential.getToken.bind(mainCredential);
mainCredential.getToken = async (...args) => {
  const token = await getToken(...args);
  sent.push(token?.token);
  return token;
};
const client = clientFor(provider(mainCredential));

const first = await client.api('/deviceManagement/managedDevices').top(5).select('id,deviceName,operatingSystem').count(true).get();
const ids = [];
let pages = 1;
const iterator = new PageIterator(client, first, (d) => { ids.push(d.id); return true; }, {});
const realNext = iterator.fetchAndUpdateNextPageData?.bind(iterator);
if (realNext) iterator.fetchAndUpdateNextPageData = async () => { pages++; return realNext(); };
await iterator.iterate();
out.list = { count: first['@odata.count'], firstPage: first.value.length, ids, pages };

const one = await client.api(`/deviceManagement/managedDevices/${ids[0]}`).get();
out.get = { id: one.id, deviceName: one.deviceName, context: one['@odata.context'] };

out.resetPasscode = await client.api(`/deviceManagement/managedDevices/${process.env.RESET_ID}/resetPasscode`).post().then(() => 'ok', error);
out.results = (await client.api(`/deviceManagement/managedDevices/${process.env.RESET_ID}`).select('deviceActionResults').get()).deviceActionResults;

out.notFound = await client.api('/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000000').get().then(() => 'no error', error);

// Remote actions: wipe with parameters, retire (qualified name), sync, and a parameter Graph refuses.
const { WIPE_ID, RETIRE_ID, SYNC_ID } = process.env;
const md = (id) => `/deviceManagement/managedDevices/${id}`;
out.wipe = await client.api(`${md(WIPE_ID)}/wipe`).post({ keepEnrollmentData: true, keepUserData: true }).then(() => 'ok', error);
out.wipeBadParameter = await client.api(`${md(WIPE_ID)}/wipe`).post({ keepUserData: 'yes' }).then(() => 'no error', error);
// FileVault, before the Mac is retired: beta getFileVaultKey() through .api().version('beta') (a function: a GET).
out.fileVaultKey = await client.api(`${md(RETIRE_ID)}/getFileVaultKey()`).version('beta').get().then((r) => ({ value: r.value, context: r['@odata.context'] }), error);
out.retire = await client.api(`${md(RETIRE_ID)}/microsoft.graph.retire`).post({}).then(() => 'ok', error);
out.sync = await client.api(`${md(SYNC_ID)}/syncDevice`).post().then(() => 'ok', error);
out.afterWipe = (await client.api(md(WIPE_ID)).select('managementState,deviceActionResults').get());
out.afterRetire = await client.api(md(RETIRE_ID)).get().then(() => 'no error', error);
out.afterSync = (await client.api(md(SYNC_ID)).select('deviceActionResults,lastSyncDateTime').get());

// Bulk: beta executeAction sorts the ids (one unknown); the known device is synced as by a single syncDevice.
const { BULK_ID, UNKNOWN_ID } = process.env;
out.bulk = await client.api('/deviceManagement/managedDevices/executeAction').version('beta')
  .post({ actionName: 'syncDevice', deviceIds: [UNKNOWN_ID, BULK_ID] }).then((r) => r, error);
out.afterBulk = (await client.api(md(BULK_ID)).select('deviceActionResults').get()).deviceActionResults;

const reader = clientFor(provider(credential(READER_ID, READER_SECRET)));
out.forbidden = await reader.api(`/deviceManagement/managedDevices/${process.env.RESET_ID}/resetPasscode`).post().then(() => 'no error', error);

const expired = clientFor({ getAccessToken: async () => EXPIRED_TOKEN });
out.expired = await expired.api('/deviceManagement/managedDevices').get().then(() => 'no error', error);

out.retried = await client.api(`/deviceManagement/managedDevices/${process.env.RETRY_ID}`).select('id').get().then((d) => d.id, error);
out.exhausted = await client.api(`/deviceManagement/managedDevices/${process.env.EXHAUST_ID}`).select('id').get().then(() => 'no error', error);

out.wrongSecret = await credential(APP_ID, 'not-the-secret').getToken('https://graph.microsoft.com/.default').then(() => 'no error', error);

// Three weeks of the simulated world pass (the control API); the token azure-identity caches is still
// good on real time, so the same client goes on with it.
const before = sent.at(-1);
const clock = await fetch(`${MOCK_URL}/_mock/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 21 * 86_400 }) });
out.clockAdvanced = { status: clock.status, now: (await clock.json()).now };
out.afterClock = await client.api('/deviceManagement/managedDevices').top(1).select('id').get().then((page) => ({ status: 200, devices: page.value.length }), error);
out.afterClock.sameToken = sent.at(-1) === before && sent.length > 1;

console.log(JSON.stringify(out));
