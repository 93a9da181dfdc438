/** `GET /_mock/users` and `POST /_mock/users` (docs/simulation.md#control-api): QA seeds the tenant's users directly. */
import t from 'tap';
import { build, defaultFixture } from '../helpers/build.js';
import { USER, simFixture } from '../helpers/sim-fixture.js';

const add = (payload: unknown, headers: Record<string, string> = {}) => ({ method: 'POST' as const, url: '/_mock/users', payload: payload as object, headers });
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

t.test('the tenant\'s users, in fixture order', async (t) => {
  const { call } = await build(t);
  const res = await call('/_mock/users');
  t.equal(res.statusCode, 200);
  t.same(res.json.users, defaultFixture().users, 'exactly the seed fixture\'s users');
});

t.test('a new user: only the user principal name needed, the rest derived', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  const res = await call(add({ userPrincipalName: 'diego.siciliani@contoso.onmicrosoft.com' }));
  t.equal(res.statusCode, 201);
  t.match(res.json, { id: GUID, userPrincipalName: 'diego.siciliani@contoso.onmicrosoft.com', displayName: 'Diego Siciliani', mail: 'diego.siciliani@contoso.onmicrosoft.com' });
  t.same((await call('/_mock/users')).json.users, [USER, res.json], 'listed after the fixture\'s');

  const given = await call(add({ userPrincipalName: 'LeeG@contoso.onmicrosoft.com', id: '33333333-3333-4333-8333-333333333333', displayName: 'Lee Gu', mail: null, jobTitle: 'Director' }));
  t.equal(given.statusCode, 201);
  t.same(given.json, { id: '33333333-3333-4333-8333-333333333333', userPrincipalName: 'LeeG@contoso.onmicrosoft.com', displayName: 'Lee Gu', mail: null, jobTitle: 'Director' });

  // The new users are the tenant's for Graph and for tokens.
  const devices = await call('/v1.0/users/33333333-3333-4333-8333-333333333333/managedDevices');
  t.equal(devices.statusCode, 200);
  t.same(devices.json.value, []);
  t.equal((await call('/v1.0/users/leeg@contoso.onmicrosoft.com/managedDevices')).statusCode, 200, 'by user principal name too');
  const token = await call({ method: 'POST', url: '/_mock/tokens', payload: { scp: ['DeviceManagementManagedDevices.Read.All'], upn: 'LeeG@contoso.onmicrosoft.com' } });
  t.equal(token.statusCode, 200);
  const claims = JSON.parse(Buffer.from(token.json.access_token.split('.')[1], 'base64url').toString());
  t.equal(claims.oid, '33333333-3333-4333-8333-333333333333', 'a delegated token for the new user carries its id');
});

t.test('a duplicate user principal name or id: 409 conflict in the control API\'s error shape', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  const dup = await call(add({ userPrincipalName: USER.userPrincipalName.toUpperCase() }));
  t.equal(dup.statusCode, 409);
  t.match(dup.headers['content-type'], /^application\/json/);
  t.same(Object.keys(dup.json), ['error']);
  t.match(dup.json.error, { code: 'conflict', message: /already exists/, details: { target: USER.userPrincipalName.toUpperCase() } });
  const dupId = await call(add({ userPrincipalName: 'other@contoso.onmicrosoft.com', id: USER.id.toUpperCase() }));
  t.equal(dupId.statusCode, 409);
  t.equal(dupId.json.error.code, 'conflict');
  t.same((await call('/_mock/users')).json.users, [USER], 'nothing added');
});

t.test('a bad body: 400 naming the field, nothing added', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  const cases: Array<[unknown, string]> = [
    [{ userPrincipalName: 'no-at-sign' }, '$.userPrincipalName'],
    [{ userPrincipalName: 'two@at@signs.com' }, '$.userPrincipalName'],
    [{ userPrincipalName: 'dot.@before.at' }, '$.userPrincipalName'],
    [{ userPrincipalName: 'space in@name.com' }, '$.userPrincipalName'],
    [{ userPrincipalName: `${'x'.repeat(65)}@contoso.com` }, '$.userPrincipalName'],
    [{ displayName: 'No Name' }, '$.userPrincipalName'],
    [{ userPrincipalName: 'a@b.com', id: 'not-a-guid' }, '$.id'],
    [{ userPrincipalName: 'a@b.com', colour: 'red' }, '$.colour'],
  ];
  for (const [body, path] of cases) {
    const res = await call(add(body));
    t.equal(res.statusCode, 400, JSON.stringify(body));
    t.equal(res.json.error.code, 'invalidRequest');
    t.ok(res.json.error.details.some((d: { path: string }) => d.path === path), `${JSON.stringify(body)} names ${path}`);
  }
  t.equal((await call({ method: 'POST', url: '/_mock/users', headers: { 'x-mock-client': 'test' } })).statusCode, 400, 'no body');
  t.same((await call('/_mock/users')).json.users, [USER]);
});

t.test('users belong to the x-mock-tenant tenant', async (t) => {
  const { call } = await build(t, { fixture: simFixture([]) });
  t.equal((await call(add({ userPrincipalName: 'qa@contoso.onmicrosoft.com' }, { 'x-mock-tenant': 'qa-users' }))).statusCode, 201);
  const qa = await call({ method: 'GET', url: '/_mock/users', headers: { 'x-mock-tenant': 'qa-users' } });
  t.same(qa.json.users.map((u: { userPrincipalName: string }) => u.userPrincipalName), [USER.userPrincipalName, 'qa@contoso.onmicrosoft.com']);
  t.same((await call('/_mock/users')).json.users, [USER], 'the default tenant is untouched');
  t.equal((await call(add({ userPrincipalName: 'qa@contoso.onmicrosoft.com' }))).statusCode, 201, 'the same name in another tenant is no conflict');
  t.equal((await call({ method: 'POST', url: '/_mock/reset', payload: {}, headers: { 'x-mock-tenant': 'qa-users' } })).statusCode, 200);
  t.same((await call({ method: 'GET', url: '/_mock/users', headers: { 'x-mock-tenant': 'qa-users' } })).json.users, [USER], 'a reset removes added users');
});
