// @azure/msal-node alone: the token endpoint as MSAL sees it.
import { ConfidentialClientApplication } from '@azure/msal-node';

const { MOCK_URL, TENANT, APP_ID, APP_SECRET } = process.env;
const authority = `${MOCK_URL}/${TENANT}`;
const app = (clientId, clientSecret) => new ConfidentialClientApplication({ auth: { clientId, clientSecret, authority, knownAuthorities: [authority] } });
const error = (e) => ({ name: e.name, errorCode: e.errorCode, errorNo: e.errorNo, status: e.status, message: String(e.errorMessage ?? e.message).slice(0, 200) });
const scopes = ['https://graph.microsoft.com/.default'];

const out = {};
const ok = app(APP_ID, APP_SECRET);
const first = await ok.acquireTokenByClientCredential({ scopes });
out.token = { tokenType: first.tokenType, hasToken: first.accessToken.length > 100, tenantId: first.tenantId, fromCache: first.fromCache, expiresInSeconds: Math.round((first.expiresOn - Date.now()) / 1000) };
out.cached = (await ok.acquireTokenByClientCredential({ scopes })).fromCache;
out.wrongSecret = await app(APP_ID, 'wrong').acquireTokenByClientCredential({ scopes }).then(() => 'no error', error);
out.unknownClient = await app('nobody', 'x').acquireTokenByClientCredential({ scopes }).then(() => 'no error', error);
out.badScope = await ok.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/DeviceManagementManagedDevices.Read.All'] }).then(() => 'no error', error);
console.log(JSON.stringify(out));
