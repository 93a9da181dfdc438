// @azure/identity with the Graph SDKs, each with its DEFAULT URLs (login.microsoftonline.com, graph.microsoft.com):
// nothing in this program names the mock. Run with HTTPS_PROXY (the mock's proxy) and NODE_EXTRA_CA_CERTS (its CA)
// only; the one line for the proxy is undici's EnvHttpProxyAgent as the global dispatcher, because Node's global
// fetch (which graph-client, Kiota and msal-node use) ignores HTTPS_PROXY (docs/proxy.md). Prints JSON.
import { EnvHttpProxyAgent, setGlobalDispatcher } from 'undici';
import { ClientSecretCredential } from '@azure/identity';
import graph from '@microsoft/microsoft-graph-client';
import azureProviders from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { AzureIdentityAuthenticationProvider } from '@microsoft/kiota-authentication-azure';
import { HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions';
import { createGraphServiceClient, GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import { createManagedDeviceCollectionResponseFromDiscriminatorValue, createManagedDeviceFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';

setGlobalDispatcher(new EnvHttpProxyAgent());

const { TENANT, APP_ID, APP_SECRET } = process.env;
const scopes = ['https://graph.microsoft.com/.default'];
const credential = new ClientSecretCredential(TENANT, APP_ID, APP_SECRET);
const out = {};

// graph-client 3.0.7: Client.initWithMiddleware, no baseUrl (https://graph.microsoft.com/).
const client = graph.Client.initWithMiddleware({ authProvider: new azureProviders.TokenCredentialAuthenticationProvider(credential, { scopes }) });
const page = await client.api('/deviceManagement/managedDevices').top(2).select('id,deviceName').get();
out.graphClient = { ids: page.value.map((d) => d.id), nextLink: page['@odata.nextLink'] };
const one = await client.api(`/deviceManagement/managedDevices/${page.value[0].id}`).get();
out.graphClient.one = { id: one.id, deviceName: one.deviceName };
await client.api(`/deviceManagement/managedDevices/${page.value[0].id}/resetPasscode`).post(undefined);

// Kiota (@microsoft/msgraph-sdk): createGraphServiceClient sets the adapter's default base URL
// (https://graph.microsoft.com/v1.0); the provider's default allowed hosts. Requests are built with RequestInformation
// as in test/contract/scenarios/kiota.mjs (the fluent device-management package is not on npm).
const adapter = new GraphRequestAdapter(new AzureIdentityAuthenticationProvider(credential, scopes));
createGraphServiceClient(adapter);
const errors = { XXX: createODataErrorFromDiscriminatorValue };
const list = new RequestInformation(HttpMethod.GET, '{+baseurl}/deviceManagement/managedDevices{?%24top}');
list.pathParameters.baseurl = adapter.baseUrl;
list.queryParameters['%24top'] = 2;
const kiotaPage = await adapter.send(list, createManagedDeviceCollectionResponseFromDiscriminatorValue, errors);
const id = kiotaPage.value[0].id;
const get = new RequestInformation(HttpMethod.GET, '{+baseurl}/deviceManagement/managedDevices/{id}');
get.pathParameters = { baseurl: adapter.baseUrl, id };
const device = await adapter.send(get, createManagedDeviceFromDiscriminatorValue, errors);
const reset = new RequestInformation(HttpMethod.POST, '{+baseurl}/deviceManagement/managedDevices/{id}/resetPasscode');
reset.pathParameters = { baseurl: adapter.baseUrl, id };
await adapter.sendNoResponseContent(reset, errors);
out.kiota = { baseUrl: adapter.baseUrl, ids: kiotaPage.value.map((d) => d.id), nextLink: kiotaPage.odataNextLink, one: { id: device.id, deviceName: device.deviceName } };
console.log(JSON.stringify(out));
