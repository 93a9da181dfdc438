// JSON batching with both JS SDKs' batch builders, unchanged, over HTTPS: @microsoft/microsoft-graph-client
// 3.0.7's BatchRequestContent (its step URLs keep `/v1.0/`, which Graph refuses, and the host-only work-around,
// msgraph-sdk-javascript #1451) and @microsoft/msgraph-sdk-core's (step bodies base64, no step headers).
// Run with NODE_EXTRA_CA_CERTS=<the mock's CA>; prints what it saw as JSON.
import graph from '@microsoft/microsoft-graph-client';
import azureProviders from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { ClientSecretCredential } from '@azure/identity';
import { AzureIdentityAuthenticationProvider } from '@microsoft/kiota-authentication-azure';
import { HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions';
import { GraphRequestAdapter } from '@microsoft/msgraph-sdk/graphRequestAdapter.js';
import { createManagedDeviceFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';
import { BatchRequestContent as CoreBatch } from '@microsoft/msgraph-sdk-core';

const { Client, BatchRequestContent, BatchResponseContent } = graph;
const { TokenCredentialAuthenticationProvider } = azureProviders;
const { MOCK_URL, TENANT, APP_ID, APP_SECRET, READ_ID, NOTES_ID, SYNC_ID, CORE_NOTES_ID } = process.env;
const host = new URL(MOCK_URL).hostname;
const credential = new ClientSecretCredential(TENANT, APP_ID, APP_SECRET, { authorityHost: MOCK_URL, disableInstanceDiscovery: true });
const error = (e) => ({ name: e.constructor?.name, message: String(e.message).slice(0, 300) });
const out = {};

// graph-client 3.0.7
const client = Client.initWithMiddleware({
  baseUrl: MOCK_URL, customHosts: new Set([host]),
  authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] }),
});
const md = (base, id, tail = '') => `${base}/deviceManagement/managedDevices/${id}${tail}`;
async function graphClientBatch(base) {
  const content = new BatchRequestContent([
    { id: 'read', request: new Request(md(base, READ_ID, '?$select=id,deviceName'), { method: 'GET' }) },
    // Fully serial (each step depends on the one before), one of the dependency shapes the SDK accepts.
    { id: 'notes', request: new Request(md(base, NOTES_ID), { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ notes: 'from graph-client' }) }), dependsOn: ['read'] },
    { id: 'sync', request: new Request(md(base, SYNC_ID, '/syncDevice'), { method: 'POST' }), dependsOn: ['notes'] },
  ]);
  const sent = await content.getContent();
  const raw = await client.api('/$batch').post(sent);
  const answers = new BatchResponseContent(raw);
  const step = async (id) => {
    const res = answers.getResponseById(id);
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text) };
  };
  return { urls: sent.requests.map((r) => r.url), read: await step('read'), notes: await step('notes'), sync: await step('sync') };
}
out.graphClientVersioned = await graphClientBatch(`${MOCK_URL}/v1.0`).catch(error);
out.graphClientHostOnly = await graphClientBatch(MOCK_URL).catch(error);
out.graphClientNotes = (await client.api(md('', NOTES_ID)).select('notes').get()).notes;

// msgraph-sdk-core (Kiota)
const adapter = new GraphRequestAdapter(new AzureIdentityAuthenticationProvider(credential, ['https://graph.microsoft.com/.default'], undefined, new Set([host])));
adapter.baseUrl = `${MOCK_URL}/v1.0`;
const errors = { XXX: createODataErrorFromDiscriminatorValue };
const info = (method, template, id) => new RequestInformation(method, `{+baseurl}${template}`, { baseurl: adapter.baseUrl, id });
const core = new CoreBatch(adapter, errors);
const get = info(HttpMethod.GET, '/deviceManagement/managedDevices/{id}', READ_ID);
get.headers.tryAdd('Accept', 'application/json');
core.addBatchRequest(get, 'get');
const patch = info(HttpMethod.PATCH, '/deviceManagement/managedDevices/{id}', CORE_NOTES_ID);
patch.setStreamContent(new TextEncoder().encode(JSON.stringify({ notes: 'from msgraph-sdk-core' })).buffer, 'application/json');
// Fully serial (each step depends on the one before), one of the dependency shapes the SDK accepts.
core.addBatchRequest(patch, 'patch').dependsOn = ['get'];
core.addBatchRequest(info(HttpMethod.GET, '/deviceManagement/managedDevices/{id}', '00000000-0000-0000-0000-000000000000'), 'missing').dependsOn = ['patch'];
core.addBatchRequest(info(HttpMethod.POST, '/deviceManagement/managedDevices/{id}/syncDevice', SYNC_ID), 'after-missing').dependsOn = ['missing'];
const coreSent = core.getContent();
out.coreSent = coreSent.requests.map((r) => ({ id: r.id, url: r.url, headers: r.headers ?? null }));
const answers = await core.postAsync().catch((e) => ({ failed: error(e) }));
if (answers?.failed) out.core = answers;
else {
  const status = Object.fromEntries(await answers.getResponsesStatusCodes());
  const parsed = answers.getParsableResponseById('get', adapter.parseNodeFactory, createManagedDeviceFromDiscriminatorValue);
  out.core = { status, getBody: answers.getResponseById('get').body === undefined ? 'undefined' : 'present', parsedId: parsed?.id ?? null };
}
out.coreNotes = (await client.api(md('', CORE_NOTES_ID)).select('notes').get()).notes;

console.log(JSON.stringify(out));
