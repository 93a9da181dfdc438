/** Graph under `strict`, `claims` and `off` (docs/simulation.md#identity): 401s, 403s, tenants from tokens. */
import t from 'tap';
import { SignJWT, decodeJwt } from 'jose';
import { build, defaultFixture, graphError } from '../helpers/build.js';
import { resolveTenantId } from '../../src/domain/tenants.js';

const fleet = defaultFixture().devices!;
const device = fleet.find((d) => d.simulation?.enrollment === 'deviceAdministrator' && d.osVersion === '6.0.1')!;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const mint = async (call: Awaited<ReturnType<typeof build>>['call'], body: object = {}, tenant?: string) =>
  (await call({ method: 'POST', url: '/_mock/tokens', payload: body, headers: tenant ? { 'x-mock-tenant': tenant } : {} })).json.access_token as string;

t.test('401 InvalidAuthenticationToken with WWW-Authenticate for every bad token', async (t) => {
  const { call, identityClock } = await build(t, { config: { auth: 'strict' } });
  const expired = await mint(call, { expiresInSeconds: 60 });
  const foreignKey = await new SignJWT({ aud: 'https://graph.microsoft.com', tid: 'x', roles: [] })
    .setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode('not the mock key, 32 bytes long!'));
  const wrongAud = await mint(call, { audience: 'https://vault.azure.net' });
  identityClock.advance(61_000);
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{}, /^Access token is empty\.$/],
    [{ authorization: 'Basic abc' }, /^Access token is empty\.$/],
    [bearer('garbage'), /CompactToken parsing failed/],
    [bearer(expired), /^Lifetime validation failed, the token is expired\.$/],
    [bearer(foreignKey), /Access token validation failure/],
    [bearer(wrongAud), /Invalid audience/],
  ];
  for (const [headers, message] of cases) {
    const res = await call({ method: 'GET', url: '/v1.0/deviceManagement/managedDevices', headers });
    t.match(graphError(t, res, 401, 'InvalidAuthenticationToken').message, message);
    t.match(res.headers['www-authenticate'], /^Bearer realm="", authorization_uri=".*", client_id="00000003-0000-0000-c000-000000000000"$/);
  }
  graphError(t, await call('/v1.0/nowhere'), 401, 'InvalidAuthenticationToken');
});

t.test('token lifetimes run on real time: the mock clock moving on expires no token, real time does', async (t) => {
  const { call, identityClock } = await build(t, { config: { auth: 'strict' } });
  const token = await mint(call);
  const list = () => call({ method: 'GET', url: '/v1.0/deviceManagement/managedDevices?$top=1', headers: bearer(token) });
  t.equal((await list()).statusCode, 200);
  // Three weeks of the simulated world (a passcode's 7-day expiry and more), through the control API.
  const advanced = await call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 21 * 86_400 } });
  t.equal(advanced.json.now, '2026-02-05T09:00:00.000Z', 'the mock clock moved');
  t.equal((await list()).statusCode, 200, 'the token a client still caches keeps working');
  identityClock.advance(3598_000);
  t.equal((await list()).statusCode, 200, 'a second before exp');
  identityClock.advance(1_000);
  t.match(graphError(t, await list(), 401, 'InvalidAuthenticationToken').message, /^Lifetime validation failed, the token is expired\.$/, 'at exp, on real time');
  const fresh = decodeJwt(await mint(call));
  t.equal(fresh.iat, Math.floor(identityClock.now() / 1000), 'stamped on the time it is judged by, not the mock clock\'s 2026-02-05');
});

t.test('403 Forbidden lists the permissions that would do, app and delegated alike', async (t) => {
  const { call } = await build(t, { config: { auth: 'strict' } });
  const reader = await mint(call, { roles: ['DeviceManagementManagedDevices.Read.All'] });
  t.equal((await call({ method: 'GET', url: '/v1.0/deviceManagement/managedDevices', headers: bearer(reader) })).statusCode, 200);
  const reset = await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${device.id}/resetPasscode`, headers: bearer(reader) });
  const inner = JSON.parse(graphError(t, reset, 403, 'Forbidden').message);
  t.match(inner.Message, /^Application is not authorized to perform this operation\. Application must have one of the following scopes: DeviceManagementManagedDevices\.PrivilegedOperations\.All - Operation ID/);
  const patch = await call({ method: 'PATCH', url: `/v1.0/deviceManagement/managedDevices/${device.id}`, headers: { ...bearer(reader), 'content-type': 'application/json' }, payload: '{"notes":"x"}' });
  t.match(JSON.parse(graphError(t, patch, 403, 'Forbidden').message).Message, /DeviceManagementManagedDevices\.ReadWrite\.All/);
  const nothing = await mint(call, { roles: [] });
  const list = await call({ method: 'GET', url: '/v1.0/deviceManagement/managedDevices', headers: bearer(nothing) });
  // Intune names the two ManagedDevices permissions only, although the Configuration ones do too (mondoohq/cnspec #1708).
  t.match(JSON.parse(graphError(t, list, 403, 'Forbidden').message).Message, /following scopes: DeviceManagementManagedDevices\.Read\.All, DeviceManagementManagedDevices\.ReadWrite\.All - Operation ID/);
  const configReader = await mint(call, { roles: ['DeviceManagementConfiguration.Read.All'] });
  t.equal((await call({ method: 'GET', url: '/v1.0/deviceManagement/managedDevices', headers: bearer(configReader) })).statusCode, 200, 'a Configuration permission still reads devices');
  const audits = await call({ method: 'GET', url: '/beta/deviceManagement/remoteActionAudits', headers: bearer(nothing) });
  t.match(JSON.parse(graphError(t, audits, 403, 'Forbidden').message).Message, /following scopes: DeviceManagementConfiguration\.Read\.All, DeviceManagementConfiguration\.ReadWrite\.All, DeviceManagementManagedDevices\.Read\.All, DeviceManagementManagedDevices\.ReadWrite\.All - Operation ID/, 'other operations name all they accept');
  graphError(t, await call({ method: 'GET', url: '/v1.0/deviceManagement/deviceCompliancePolicies', headers: bearer(reader) }), 403, 'Forbidden');

  const user = await mint(call, { scp: ['DeviceManagementManagedDevices.Read.All'], upn: 'MeganB@contoso.onmicrosoft.com' });
  const me = await call({ method: 'GET', url: '/v1.0/me/managedDevices?$select=userPrincipalName', headers: bearer(user) });
  t.equal(me.statusCode, 200);
  t.ok(me.json.value.length > 0 && me.json.value.every((d: any) => d.userPrincipalName === 'MeganB@contoso.onmicrosoft.com'), '/me is the token\'s user');
  const userReset = await call({ method: 'POST', url: `/v1.0/me/managedDevices/${me.json.value[0]?.id ?? 'x'}/resetPasscode`, headers: bearer(user) });
  t.match(JSON.parse(graphError(t, userReset, 403, 'Forbidden').message).Message, /^User is not authorized/);
  const app = await mint(call);
  t.equal(graphError(t, await call({ method: 'GET', url: '/v1.0/me/managedDevices', headers: bearer(app) }), 400, 'BadRequest').message, '/me request is only valid with delegated authentication flow.');
});

t.test('the token\'s tenant is the tenant: one never sees another\'s devices', async (t) => {
  const { call } = await build(t, { config: { auth: 'strict' } });
  const a = await mint(call, {}, 'tenant-a.example');
  const b = await mint(call, {}, 'tenant-b.example');
  const at = `/v1.0/deviceManagement/managedDevices/${device.id}`;
  t.equal((await call({ method: 'DELETE', url: at, headers: bearer(a) })).statusCode, 204);
  graphError(t, await call({ method: 'GET', url: at, headers: bearer(a) }), 404, 'ResourceNotFound');
  t.equal((await call({ method: 'GET', url: at, headers: bearer(b) })).statusCode, 200, 'tenant b still has it');
  const created = (await call({ method: 'POST', url: '/_mock/devices', payload: {}, headers: { 'x-mock-tenant': 'tenant-a.example' } })).json.device;
  t.equal((await call({ method: 'GET', url: `/v1.0/deviceManagement/managedDevices/${created.id}`, headers: bearer(a) })).statusCode, 200);
  graphError(t, await call({ method: 'GET', url: `/v1.0/deviceManagement/managedDevices/${created.id}`, headers: bearer(b) }), 404, 'ResourceNotFound');
  const guid = await mint(call, {}, resolveTenantId('tenant-a.example'));
  graphError(t, await call({ method: 'GET', url: at, headers: bearer(guid) }), 404, 'ResourceNotFound');
});

t.test('the audit names the caller: the user\'s UPN or the app id', async (t) => {
  const { call } = await build(t, { config: { auth: 'strict' } });
  const app = await mint(call, { appId: 'helpdesk-bot' });
  await call({ method: 'POST', url: `/beta/deviceManagement/managedDevices/${device.id}/resetPasscode`, headers: bearer(app) });
  const user = await mint(call, { scp: ['DeviceManagementManagedDevices.PrivilegedOperations.All', 'DeviceManagementConfiguration.Read.All'], upn: 'DiegoS@contoso.onmicrosoft.com' });
  await call({ method: 'POST', url: `/beta/me/managedDevices/${device.id}/resetPasscode`, headers: bearer(user) });
  const audits = (await call({ method: 'GET', url: '/beta/deviceManagement/remoteActionAudits?$orderby=requestDateTime', headers: bearer(app) })).json.value;
  t.same(audits.map((a: any) => a.initiatedByUserPrincipalName), ['helpdesk-bot', 'DiegoS@contoso.onmicrosoft.com']);
});

t.test('claims mode reads any well-formed JWT; off needs none', async (t) => {
  const claims = await build(t, { config: { auth: 'claims' } });
  const unsigned = await new SignJWT({ aud: 'https://graph.microsoft.com', tid: 'claims-tenant', roles: ['DeviceManagementManagedDevices.Read.All'], idtyp: 'app' })
    .setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('any key at all will do, really!!'));
  t.equal((await claims.call({ method: 'GET', url: '/v1.0/deviceManagement/managedDevices?$top=1', headers: bearer(unsigned) })).statusCode, 200);
  graphError(t, await claims.call({ method: 'GET', url: '/v1.0/deviceManagement/managedDevices', headers: bearer('x.y.z') }), 401, 'InvalidAuthenticationToken');
  const off = await build(t, { config: { auth: 'off' } });
  t.equal((await off.call('/v1.0/deviceManagement/managedDevices?$top=1')).statusCode, 200);
});

t.test('POST /_mock/tokens validates its body; GET /_mock/ca.pem needs an HTTPS listener', async (t) => {
  const { call } = await build(t, { config: { auth: 'strict' } });
  t.equal((await call({ method: 'POST', url: '/_mock/tokens', payload: { roles: ['a'], scp: ['b'] } })).statusCode, 400);
  t.equal((await call({ method: 'POST', url: '/_mock/tokens', payload: { colour: 'red' } })).json.error.code, 'invalidRequest');
  // Roles and scopes are Microsoft Graph permissions of their kind, spelt exactly (docs/simulation.md#permissions).
  const typo = await call({ method: 'POST', url: '/_mock/tokens', payload: { roles: ['DeviceManagementManagedDevices.Read.All', 'DeviceManagementManagedDevices.ReadWrite.al'] } });
  t.equal(typo.statusCode, 400);
  t.match(typo.json.error, {
    code: 'invalidRequest',
    message: /'DeviceManagementManagedDevices\.ReadWrite\.al' is not a Microsoft Graph application permission \(did you mean 'DeviceManagementManagedDevices\.ReadWrite\.All'\?\)/,
    details: [{ path: '$.roles[1]', message: /ReadWrite\.al/ }],
  });
  const kinds = await call({ method: 'POST', url: '/_mock/tokens', payload: { scp: ['openid', 'User.Read', 'Device.ReadWrite.All', '.default'] } });
  t.same(kinds.json.error.details.map((p: any) => p.path), ['$.scp[2]', '$.scp[3]'], 'OIDC scopes and delegated names pass; an application-only one and .default do not');
  t.match(kinds.json.error.message, /'Device\.ReadWrite\.All' is an application Microsoft Graph permission only.*'\.default' is what a client asks the token endpoint for/);
  const user = await call({ method: 'POST', url: '/_mock/tokens', payload: { scp: ['openid', 'profile', 'User.Read', 'DeviceManagementManagedDevices.Read.All'] } });
  t.equal(user.statusCode, 200);
  t.equal(decodeJwt(user.json.access_token).scp, 'openid profile User.Read DeviceManagementManagedDevices.Read.All');
  t.equal((await call('/_mock/ca.pem')).statusCode, 404);
});

t.test('a token seen before is still judged on its lifetime every time (its caller is kept, not its acceptance)', async (t) => {
  const { call, identityClock } = await build(t, { config: { auth: 'strict' } });
  const token = await mint(call, { expiresInSeconds: 60 });
  const url = '/v1.0/deviceManagement/managedDevices?$top=1';
  t.equal((await call({ method: 'GET', url, headers: bearer(token) })).statusCode, 200, 'first use: verified');
  t.equal((await call({ method: 'GET', url, headers: bearer(token) })).statusCode, 200, 'second use: from the cache');
  identityClock.advance(61_000);
  t.match(graphError(t, await call({ method: 'GET', url, headers: bearer(token) }), 401, 'InvalidAuthenticationToken').message, /token is expired/);
});
