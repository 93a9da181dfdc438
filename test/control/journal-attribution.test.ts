/**
 * Whose journal a request goes into (docs/simulation.md#request-journal): its tenant's only once the tenant
 * is proven; a forged or refused token, or a failed token request, goes into the unauthenticated journal,
 * which names the tenant it claimed, so no one can write into another tenant's journal.
 */
import t from 'tap';
import { resolveTenantId } from '../../src/domain/tenants.js';
import { build, defaultFixture } from '../helpers/build.js';

const LIST = '/v1.0/deviceManagement/managedDevices';
const B = 'tenant-b.example';
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A token naming tenant B, signed by no one the mock knows. */
const forged = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ tid: resolveTenantId(B), roles: ['DeviceManagementManagedDevices.Read.All'], aud: 'https://graph.microsoft.com' })}.${Buffer.from('sig').toString('base64url')}`;

t.test('a forged token naming tenant B: 401, not in B\'s journal, in the unauthenticated one naming B', async (t) => {
  const { call } = await build(t, { config: { auth: 'strict' } });
  const res = await call({ method: 'GET', url: `${LIST}?$top=1`, headers: { authorization: `Bearer ${forged}` } });
  t.equal(res.statusCode, 401);
  t.same((await call({ url: '/_mock/requests', headers: { 'x-mock-tenant': B } })).json, { requests: [], dropped: 0 }, 'B\'s journal is untouched');
  t.same((await call('/_mock/requests')).json.requests, [], 'nor the default tenant\'s');
  const un = (await call('/_mock/requests/unauthenticated')).json;
  t.equal(un.requests.length, 1);
  t.match(un.requests[0], { kind: 'graph', method: 'GET', path: LIST, query: '$top=1', status: 401, claimedTenant: resolveTenantId(B), headers: { authorization: 'Bearer <redacted>' } });
  t.equal((await call(`/_mock/requests/unauthenticated?tenant=${B}`)).json.requests.length, 1, 'found by the tenant it named (a name)');
  t.equal((await call(`/_mock/requests/unauthenticated?tenant=${resolveTenantId(B)}`)).json.requests.length, 1, '(its id)');
  t.equal((await call('/_mock/requests/unauthenticated?tenant=someone-else')).json.requests.length, 0);
  await call({ method: 'GET', url: LIST });
  await call({ method: 'GET', url: LIST, headers: { authorization: 'Bearer not-a-jwt' } });
  const all = (await call('/_mock/requests/unauthenticated?method=get')).json.requests;
  t.same(all.map((e: any) => e.claimedTenant), [resolveTenantId(B), null, null], 'no token, or an unreadable one: no tenant named');
  t.equal((await call({ method: 'DELETE', url: '/_mock/requests/unauthenticated', headers: { 'x-mock-client': 'test' } })).statusCode, 204);
  t.same((await call('/_mock/requests/unauthenticated')).json, { requests: [], dropped: 0 });
});

t.test('token requests: a token got goes into the URL\'s tenant\'s journal; a refused one into the unauthenticated journal', async (t) => {
  const { call } = await build(t, { config: { auth: 'strict' } });
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const ok = await call({ method: 'POST', url: `/${B}/oauth2/v2.0/token`, headers: form, payload: 'client_id=app&client_secret=s&grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default' });
  t.equal(ok.statusCode, 200);
  const bad = await call({ method: 'POST', url: `/${B}/oauth2/v2.0/token`, headers: form, payload: 'client_id=app&client_secret=s&grant_type=password' });
  t.ok(bad.statusCode >= 400);
  const mine = (await call({ url: '/_mock/requests', headers: { 'x-mock-tenant': B } })).json.requests;
  t.same(mine.map((e: any) => e.status), [200]);
  t.notOk('claimedTenant' in mine[0], 'a tenant\'s own entries name no claim');
  const un = (await call(`/_mock/requests/unauthenticated?tenant=${B}`)).json.requests;
  t.match(un, [{ kind: 'token', status: bad.statusCode, claimedTenant: resolveTenantId(B), body: { client_secret: '<redacted>' } }]);
  // A genuine token's Graph request is the tenant's.
  const graph = await call({ method: 'GET', url: LIST, headers: { authorization: `Bearer ${ok.json.access_token}` } });
  t.equal(graph.statusCode, 200);
  t.equal((await call({ url: '/_mock/requests', headers: { 'x-mock-tenant': B } })).json.requests.length, 2);
  t.equal((await call('/_mock/requests/unauthenticated')).json.requests.length, 1);
});

t.test('--auth off: every Graph request is the default tenant\'s, as before (the default tenant is the caller)', async (t) => {
  const { call } = await build(t, { fixture: defaultFixture() });
  await call({ method: 'GET', url: LIST, headers: { authorization: `Bearer ${forged}` } });
  t.equal((await call('/_mock/requests')).json.requests.length, 1);
  t.equal((await call('/_mock/requests/unauthenticated')).json.requests.length, 0);
});
