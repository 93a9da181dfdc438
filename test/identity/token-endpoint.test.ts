/** The token issuer (docs/simulation.md#identity): OpenID configuration, keys, client credentials and Entra's errors. */
import t from 'tap';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { build, defaultFixture } from '../helpers/build.js';
import { DEFAULT_TENANT_ID, resolveTenantId } from '../../src/domain/tenants.js';

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', ...headers },
  payload: new URLSearchParams(fields).toString(),
});
const GOOD = { client_id: 'my-app', client_secret: 's3cret', grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default' };
const withApps = () => ({
  ...defaultFixture(),
  apps: [
    { clientId: 'helpdesk', clientSecret: 'hd-secret', displayName: 'Helpdesk portal', roles: ['DeviceManagementManagedDevices.Read.All'] },
    { clientId: 'ops', clientSecret: 'ops-secret', roles: ['DeviceManagementManagedDevices.PrivilegedOperations.All', 'DeviceManagementManagedDevices.Read.All'] },
  ],
});

t.test('OpenID configuration on the caller\'s own origin', async (t) => {
  const { call } = await build(t, { config: { auth: 'strict' } });
  const res = await call({ method: 'GET', url: '/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration', headers: { host: '127.0.0.1:8443' } });
  t.equal(res.statusCode, 200);
  t.match(res.json, {
    issuer: `http://127.0.0.1:8443/${DEFAULT_TENANT_ID}/v2.0`,
    token_endpoint: 'http://127.0.0.1:8443/contoso.onmicrosoft.com/oauth2/v2.0/token',
    authorization_endpoint: 'http://127.0.0.1:8443/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
    jwks_uri: 'http://127.0.0.1:8443/contoso.onmicrosoft.com/discovery/v2.0/keys',
    end_session_endpoint: String,
  });
  const keys = await call('/contoso.onmicrosoft.com/discovery/v2.0/keys');
  t.match(keys.json.keys, [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: String, n: String, e: 'AQAB' }]);
});

t.test('client credentials: secret in the body or HTTP Basic, unknown parameters ignored', async (t) => {
  const { call, identityClock } = await build(t, { config: { auth: 'strict' } });
  const res = await call({
    method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token?client-request-id=abc',
    ...form({ ...GOOD, 'x-client-SKU': 'msal.js.node', claims: '{"access_token":{"xms_cc":{"values":["cp1"]}}}', client_info: '1' }),
  });
  t.equal(res.statusCode, 200);
  t.match(res.json, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: String });
  const claims = decodeJwt(res.json.access_token);
  const now = Math.floor(identityClock.now() / 1000);
  const iss = `https://sts.windows.net/${DEFAULT_TENANT_ID}/`;
  t.match(claims, { aud: 'https://graph.microsoft.com', iss, idp: iss, tid: DEFAULT_TENANT_ID, appid: 'my-app', appidacr: '1', idtyp: 'app', iat: now, nbf: now, exp: now + 3599 });
  t.equal(claims.app_displayname, 'my-app', 'no app declared: the client id stands for its name');
  t.ok((claims.roles as string[]).includes('DeviceManagementManagedDevices.PrivilegedOperations.All'), 'no apps declared: every device-management role');
  t.equal(decodeProtectedHeader(res.json.access_token).alg, 'RS256');
  const basic = Buffer.from('my-app:s3cret').toString('base64');
  const viaBasic = await call({ method: 'POST', url: `/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, ...form({ grant_type: 'client_credentials', scope: GOOD.scope }, { authorization: `Basic ${basic}` }) });
  t.equal(viaBasic.statusCode, 200);
  t.equal(decodeJwt(viaBasic.json.access_token).tid, DEFAULT_TENANT_ID, 'domain and GUID are the same tenant');
  const guidScope = await call({ method: 'POST', url: '/other.example/oauth2/v2.0/token', ...form({ ...GOOD, scope: '00000003-0000-0000-c000-000000000000/.default' }) });
  t.equal(decodeJwt(guidScope.json.access_token).tid, resolveTenantId('other.example'));
});

t.test('declared apps: only they get tokens, with their roles', async (t) => {
  const { call } = await build(t, { fixture: withApps(), config: { auth: 'strict' } });
  const ok = await call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token', ...form({ ...GOOD, client_id: 'helpdesk', client_secret: 'hd-secret' }) });
  t.same(decodeJwt(ok.json.access_token).roles, ['DeviceManagementManagedDevices.Read.All']);
  t.equal(decodeJwt(ok.json.access_token).app_displayname, 'Helpdesk portal', 'the app registration\'s display name');
  const ops = await call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token', ...form({ ...GOOD, client_id: 'ops', client_secret: 'ops-secret' }) });
  t.equal(decodeJwt(ops.json.access_token).app_displayname, 'ops', 'without a display name: the client id');
});

t.test('Entra errors: status, error, AADSTS code and the full body', async (t) => {
  const { call } = await build(t, { fixture: withApps(), config: { auth: 'strict' } });
  const cases: Array<[Record<string, string>, number, string, number, string?]> = [
    [{ ...GOOD, client_id: 'helpdesk', client_secret: 'wrong' }, 401, 'invalid_client', 7000215],
    [{ ...GOOD, client_id: 'stranger' }, 400, 'unauthorized_client', 700016],
    [{ ...GOOD, client_id: 'helpdesk', client_secret: 'hd-secret', scope: 'https://graph.microsoft.com/DeviceManagementManagedDevices.Read.All' }, 400, 'invalid_scope', 1002012],
    [{ ...GOOD, client_id: 'helpdesk', client_secret: 'hd-secret', scope: 'https://vault.azure.net/.default' }, 400, 'invalid_resource', 500011],
    // A client that derives its scope from its base URL (azure-identity's getToken(`${baseUrl}/.default`)): README.md#troubleshooting.
    [{ ...GOOD, client_id: 'helpdesk', client_secret: 'hd-secret', scope: 'https://127.0.0.1:8443/.default' }, 400, 'invalid_resource', 500011, 'The resource principal named https://127.0.0.1:8443 was not found'],
    [{ ...GOOD, client_id: 'helpdesk', client_secret: 'hd-secret', scope: 'https://graph.microsoft.com/.default https://vault.azure.net/.default' }, 400, 'invalid_scope', 70011],
    [{ ...GOOD, grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
    [{ client_id: 'x', client_secret: 'y', scope: GOOD.scope }, 400, 'invalid_request', 900144, 'grant_type'],
    [{ grant_type: 'client_credentials', client_secret: 'y', scope: GOOD.scope }, 400, 'invalid_request', 900144, 'client_id'],
    [{ grant_type: 'client_credentials', client_id: 'helpdesk', scope: GOOD.scope }, 401, 'invalid_client', 7000218],
    [{ grant_type: 'client_credentials', client_id: 'helpdesk', client_secret: 'hd-secret' }, 400, 'invalid_request', 900144, 'scope'],
  ];
  for (const [fields, status, error, code, mention] of cases) {
    const res = await call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token?client-request-id=corr-1', ...form(fields) });
    t.equal(res.statusCode, status, `${error} ${code}`);
    t.match(res.json, {
      error, error_codes: [code], timestamp: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/, trace_id: /^[0-9a-f-]{36}$/, correlation_id: 'corr-1',
      error_description: new RegExp(`^AADSTS${code}: .*\\r\\nTrace ID: .*\\r\\nCorrelation ID: corr-1\\r\\nTimestamp: `, 's'),
    });
    if (mention) t.match(res.json.error_description, mention);
  }
  const common = await call({ method: 'POST', url: '/common/oauth2/v2.0/token', ...form(GOOD) });
  t.equal(common.json.error_codes[0], 50059);
  const authorize = await call('/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=x');
  t.equal(authorize.statusCode, 400);
  t.equal(authorize.json.error, 'unsupported_response_type');
  const json = await call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token', payload: GOOD });
  t.equal(json.statusCode, 400, 'a JSON body is not a form');
  t.equal(json.json.error_codes[0], 900144);
});

t.test('an app-only token carries what the m365 CLI reads at login; a certificate is appidacr 2', async (t) => {
  const { call, identityClock } = await build(t, { fixture: withApps(), config: { auth: 'strict' } });
  const res = await call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token', ...form({ ...GOOD, client_id: 'helpdesk', client_secret: 'hd-secret' }) });
  // The m365 CLI names the connection `upn || app_displayname`, its id `oid`, its tenant `tid`, and takes
  // `idtyp === 'app'` for app-only (https://github.com/pnp/cli-microsoft365/blob/main/src/utils/accessToken.ts; the same
  // in the published 11.11.0's dist/utils/accessToken.js). It decodes the payload with Buffer's base64 (which reads
  // base64url too) and JSON.parse, as here. The CLI's own login cannot reach the mock until proxy mode: its authority
  // and Graph host are fixed per cloud.
  const payload = JSON.parse(Buffer.from(res.json.access_token.split('.')[1], 'base64').toString());
  t.equal(payload.upn || payload.app_displayname, 'Helpdesk portal', 'the CLI\'s identity name');
  t.match(payload, { idtyp: 'app', oid: /^[0-9a-f-]{36}$/, tid: DEFAULT_TENANT_ID, appid: 'helpdesk', appidacr: '1' });
  t.notOk('upn' in payload, 'no upn in an app-only token');

  const open = await build(t, { config: { auth: 'strict' } });
  const assertion = { grant_type: 'client_credentials', client_id: 'cert-app', scope: GOOD.scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'a.b.c' };
  const cert = await open.call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token', ...form(assertion) });
  t.match(decodeJwt(cert.json.access_token), { appid: 'cert-app', appidacr: '2', app_displayname: 'cert-app' });

  // Entra's error timestamps are real time too (the mock's clock stands at 2026-01-15 here).
  const wrong = await call({ method: 'POST', url: '/contoso.onmicrosoft.com/oauth2/v2.0/token', ...form({ ...GOOD, client_id: 'helpdesk', client_secret: 'no' }) });
  t.equal(wrong.json.timestamp.slice(0, 10), new Date(identityClock.now()).toISOString().slice(0, 10));
});
