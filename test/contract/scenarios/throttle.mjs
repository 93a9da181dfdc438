// One client reads the device list REQUESTS times in a row against a tenant whose limits are small, and prints
// the statuses it ended with. CLIENT: graph-client (its RetryHandler), kiota (Kiota's RetryHandler), or naive
// (plain fetch that retries a 429 at once, NAIVE_RETRIES times, then gives up). Run with NODE_EXTRA_CA_CERTS.
import graph from '@microsoft/microsoft-graph-client';
import azureProviders from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { ClientSecretCredential } from '@azure/identity';
import { AzureIdentityAuthenticationProvider } from '@microsoft/kiota-authentication-azure';
import { HttpMethod, RequestInformation } from '@microsoft/kiota-abstractions';
import { GraphRequestAdapter } from '@microsoft/msgraph-sdk/graphRequestAdapter.js';
import { createManagedDeviceCollectionResponseFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';

const { MOCK_URL, TENANT, APP_ID, APP_SECRET, CLIENT, REQUESTS, NAIVE_RETRIES } = process.env;
const host = new URL(MOCK_URL).hostname;
const credential = new ClientSecretCredential(TENANT, APP_ID, APP_SECRET, { authorityHost: MOCK_URL, disableInstanceDiscovery: true });
const scopes = ['https://graph.microsoft.com/.default'];

let read;
if (CLIENT === 'graph-client') {
  const client = graph.Client.initWithMiddleware({
    baseUrl: MOCK_URL, customHosts: new Set([host]),
    authProvider: new azureProviders.TokenCredentialAuthenticationProvider(credential, { scopes }),
  });
  read = () => client.api('/deviceManagement/managedDevices').top(1).select('id').get().then(() => 200, (e) => e.statusCode);
} else if (CLIENT === 'kiota') {
  const adapter = new GraphRequestAdapter(new AzureIdentityAuthenticationProvider(credential, scopes, undefined, new Set([host])));
  adapter.baseUrl = `${MOCK_URL}/v1.0`;
  read = () => {
    const info = new RequestInformation(HttpMethod.GET, '{+baseurl}/deviceManagement/managedDevices{?%24top}', { baseurl: adapter.baseUrl });
    info.queryParameters['%24top'] = 1;
    info.headers.tryAdd('Accept', 'application/json');
    return adapter.send(info, createManagedDeviceCollectionResponseFromDiscriminatorValue, { XXX: createODataErrorFromDiscriminatorValue })
      .then(() => 200, (e) => e.responseStatusCode);
  };
} else {
  const { token } = await credential.getToken(scopes);
  read = async () => {
    let status;
    for (let attempt = 0; attempt <= Number(NAIVE_RETRIES); attempt++) {
      const res = await fetch(`${MOCK_URL}/v1.0/deviceManagement/managedDevices?$top=1`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      status = res.status;
      if (status !== 429) break;
    }
    return status;
  };
}

const statuses = [];
for (let i = 0; i < Number(REQUESTS); i++) statuses.push(await read());
console.log(JSON.stringify({ statuses }));
