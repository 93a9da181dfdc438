/** The typed admin client covers every control endpoint, for the tenant it was made for. */
import t from 'tap';
import { MockAdminClient, MockAdminError, startMock } from 'intune-mock';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedSigningKey } from '../helpers/build.js';

const caDir = join(mkdtempSync(join(tmpdir(), 'intune-mock-admin-client-')), 'ca');
const mock = await startMock({ signingKey: await sharedSigningKey, caDir });
t.teardown(() => mock.close());

t.test('every endpoint, one tenant', async (t) => {
  const api = mock.client.forTenant('admin-client');
  t.match(await api.health(), { status: 'ok' });
  t.match(await api.ready(), { status: 'ready' });
  t.match(await api.caPem(), /^-----BEGIN CERTIFICATE-----/);
  const fixture = await api.exportFixture();
  t.equal(fixture.devices?.length, 16);
  t.match(await api.loadFixture({ devices: [{ id: 'only', operatingSystem: 'Android', osVersion: '6.0.1' }] }), { status: 'replaced', devices: 1 });
  const created = await api.createDevice({ operatingSystem: 'iOS' });
  t.equal((await api.device(created.device.id)).device.operatingSystem, 'iOS');
  t.equal(created.createdUser, undefined);
  t.same(await api.users(), [], 'the loaded fixture has no users');
  const user = await api.createUser({ userPrincipalName: 'qa.user@contoso.onmicrosoft.com' });
  t.match(user, { userPrincipalName: 'qa.user@contoso.onmicrosoft.com', displayName: 'Qa User' });
  const forNew = await api.createDevice({ operatingSystem: 'Android', userPrincipalName: 'new.user@contoso.onmicrosoft.com' });
  t.match(forNew.createdUser, { userPrincipalName: 'new.user@contoso.onmicrosoft.com' });
  t.same((await api.users()).map((u) => u.userPrincipalName), ['qa.user@contoso.onmicrosoft.com', 'new.user@contoso.onmicrosoft.com']);
  t.equal((await api.devices({ platform: 'android' })).total, 2);
  t.equal((await api.sendEvent('only', 'goOffline')).simulation.online, false);
  const before = await api.now();
  t.equal((await api.advanceClock(60)).getTime() - before.getTime() >= 60_000, true);
  const other = await mock.client.forTenant('admin-client-other').now();
  t.equal((await api.advanceAllClocks(30)).getTime() - before.getTime() >= 90_000, true, 'every tenant\'s clock');
  t.equal((await mock.client.forTenant('admin-client-other').now()).getTime() - other.getTime() >= 30_000, true);
  const rule = await api.addFault({ path: '/v1.0/**', status: 503 });
  t.same((await api.faults()).map((f) => f.id), [rule.id]);
  await api.removeFault(rule.id);
  await api.addFault({ path: '/v1.0/**', status: 503 });
  await api.clearFaults();
  t.same(await api.faults(), []);
  const { access_token, tenant } = await api.token({ roles: ['DeviceManagementManagedDevices.Read.All'] });
  const res = await fetch(`${mock.url}/v1.0/deviceManagement/managedDevices`, { headers: { authorization: `Bearer ${access_token}` } });
  t.equal(res.status, 200);
  t.equal(((await res.json()) as { value: unknown[] }).value.length, 3, 'the token\'s tenant is the client\'s');
  t.ok(tenant);
  t.equal((await api.requests({ method: 'GET' })).requests.length, 1);
  await api.clearRequests();
  t.same(await api.requests(), { requests: [], dropped: 0 });
  await fetch(`${mock.url}/v1.0/deviceManagement/managedDevices`, { headers: { authorization: 'Bearer forged' } });
  t.match((await api.unauthenticatedRequests({ method: 'GET', path: '/v1.0' })).requests, [{ status: 401, claimedTenant: null }]);
  t.equal((await api.unauthenticatedRequests({ tenant: 'admin-client' })).requests.length, 0, 'it named no tenant');
  await api.clearUnauthenticatedRequests();
  t.same(await api.unauthenticatedRequests(), { requests: [], dropped: 0 });
  t.match(await api.setThrottlingLimits({ perAppRequests: 1 }), { perAppRequests: 1, perAppWrites: 200, windowSeconds: 20 });
  const list = () => fetch(`${mock.url}/v1.0/deviceManagement/managedDevices`, { headers: { authorization: `Bearer ${access_token}` } });
  t.equal((await list()).status, 200);
  t.equal((await list()).status, 429, 'past the limit of 1');
  t.equal((await list()).status, 429, 'and again: an early retry');
  const throttling = await api.throttling();
  t.equal(throttling.limits.perAppRequests, 1);
  t.match(throttling.clients, [{ throttledByLimits: 1, violationCount: 1, violations: [{ method: 'GET', path: '/v1.0/deviceManagement/managedDevices' }] }]);
  await api.clearThrottling();
  t.same((await api.throttling()).clients, []);
  t.match(await api.reset(), { status: 'reset' });
  t.equal((await api.throttling()).limits.perAppRequests, 2000, 'a reset puts Intune\'s limits back');
  t.equal((await api.exportFixture()).devices?.length, 16);
});

t.test('errors carry the control API\'s code and details', async (t) => {
  const api = mock.client.forTenant('admin-client-errors');
  const conflict = await api.sendEvent('nope', 'checkIn').catch((e: unknown) => e);
  t.type(conflict, MockAdminError);
  t.match(conflict, { status: 404, code: 'deviceNotFound' });
  t.match(await api.createUser({ userPrincipalName: 'not a name' }).catch((e: unknown) => e), { status: 400, code: 'invalidRequest', details: [{ path: '$.userPrincipalName' }] });
  const first = (await api.users())[0]!;
  t.match(await api.createUser({ userPrincipalName: first.userPrincipalName }).catch((e: unknown) => e), { status: 409, code: 'conflict' });
  const invalid = await api.loadFixture({ devices: [{ id: 'x', complianceState: 'fine' }] } as never).catch((e: unknown) => e);
  t.match(invalid, { status: 400, code: 'invalidFixture', details: [{ path: '$.devices[0].complianceState' }] });
});

t.test('the control key: startMock\'s client has it; another client sends the one given, or INTUNE_MOCK_CONTROL_KEY', async (t) => {
  const controlKey = 'programmatic-control-key-0001';
  // The file's signing key and CA again: a start that makes its own spends about 1 s of CPU on RSA keys.
  const mock = await startMock({ controlAuth: 'key', controlKey, signingKey: await sharedSigningKey, caDir });
  t.teardown(() => mock.close());
  t.equal(mock.controlKey, controlKey);
  t.match(await mock.client.reset(), { status: 'reset' }, 'the running mock\'s client sends the key (and a header of its own: a bodiless POST passes)');
  const saved = process.env.INTUNE_MOCK_CONTROL_KEY;
  t.teardown(() => (saved === undefined ? delete process.env.INTUNE_MOCK_CONTROL_KEY : (process.env.INTUNE_MOCK_CONTROL_KEY = saved)));
  delete process.env.INTUNE_MOCK_CONTROL_KEY;
  const without = new MockAdminClient(mock.url);
  await t.rejects(without.exportFixture(), { status: 401, code: 'controlKeyRequired' });
  t.equal((await without.health()).status, 'ok', 'health needs no key');
  await t.rejects(new MockAdminClient(mock.url, undefined, { controlKey: 'wrong-key-of-enough-length' }).users(), { status: 401, code: 'controlKeyInvalid' });
  t.ok(Array.isArray(await new MockAdminClient(mock.url, undefined, { controlKey }).forTenant('other-tenant').users()), 'forTenant keeps the key');
  process.env.INTUNE_MOCK_CONTROL_KEY = controlKey;
  t.match(await new MockAdminClient(mock.url).clearFaults(), undefined, 'read from the environment');
});

t.test('the console\'s endpoints: a device\'s actions, the list filters, the event stream', async (t) => {
  const api = mock.client.forTenant('admin-client-console');
  const { actions } = await api.deviceActions('79dee597-8e21-42c4-86c8-9243068c8a93');
  t.ok(actions.length > 10, 'every catalog action');
  t.match(actions.find((a) => a.name === 'resetPasscode'), { available: true, method: 'POST', path: '/v1.0/deviceManagement/managedDevices/79dee597-8e21-42c4-86c8-9243068c8a93/resetPasscode' });
  await t.rejects(api.deviceActions('no-such-device'), { status: 404, code: 'deviceNotFound' });
  const search = await api.devices({ search: 'galaxy', ownership: 'personal' });
  t.same(search.devices.map((d) => d.device.deviceName).sort(), ['Galaxy A51', 'Galaxy S22', 'Galaxy S23']);

  const abort = new AbortController();
  const seen: string[] = [];
  const reading = (async () => {
    for await (const e of api.events({ signal: abort.signal })) {
      seen.push(e.event);
      if (e.event === 'hello') {
        t.match(e.data, { revision: Number, now: String });
        await api.addFault({ path: '/v1.0/**', status: 503 });
      }
      if (e.event === 'faults') {
        t.equal(e.data.count, 1);
        abort.abort();
      }
    }
  })();
  await reading;
  t.same(seen, ['hello', 'faults'], 'hello, then the change it made, until aborted');
  // Aborted before the stream is open (a page left at once): the stream ends, as an abort while it is read does.
  for await (const e of api.events({ signal: AbortSignal.abort() })) t.fail(`no event expected: ${e.event}`);
  t.pass('aborted before the stream opened: it ends, no error');
  await t.rejects(async () => {
    for await (const e of mock.client.forTenant('not a tenant!').events()) t.fail(`no event expected: ${e.event}`);
  }, { status: 400, code: 'invalidTenant' });
});

t.test('a method for every control operation in the OpenAPI document, but the console\'s page and files', async (t) => {
  // Each operation's methods; none for a web page a browser opens.
  const METHODS: Record<string, Array<keyof MockAdminClient>> = {
    'control.ca': ['caPem'], 'control.clock.get': ['now'], 'control.clock.advance': ['advanceClock', 'advanceAllClocks'],
    'control.console': [], 'control.consoleAsset': [],
    'control.devices.list': ['devices'], 'control.devices.create': ['createDevice'], 'control.devices.get': ['device'],
    'control.devices.actions': ['deviceActions'], 'control.devices.event': ['sendEvent'], 'control.events': ['events'],
    'control.faults.list': ['faults'], 'control.faults.add': ['addFault'], 'control.faults.clear': ['clearFaults'],
    'control.faults.remove': ['removeFault'], 'control.fixtures.export': ['exportFixture'], 'control.fixtures.replace': ['loadFixture'],
    'control.health': ['health'], 'control.ready': ['ready'], 'control.requests.list': ['requests'], 'control.requests.clear': ['clearRequests'],
    'control.requests.unauthenticated': ['unauthenticatedRequests'], 'control.requests.clearUnauthenticated': ['clearUnauthenticatedRequests'],
    'control.reset': ['reset'], 'control.throttling.get': ['throttling'], 'control.throttling.clear': ['clearThrottling'],
    'control.throttling.setLimits': ['setThrottlingLimits'], 'control.tokens': ['token'], 'control.users.list': ['users'],
    'control.users.create': ['createUser'],
  };
  const doc = (await (await fetch(`${mock.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
  const operations = Object.entries(doc.paths).filter(([path]) => path.startsWith('/_mock/'))
    .flatMap(([, ops]) => Object.values(ops).map((op) => op.operationId));
  t.same(operations.sort(), Object.keys(METHODS).sort(), 'the table names every control operation');
  const client = mock.client as unknown as Record<string, unknown>;
  for (const method of Object.values(METHODS).flat()) t.type(client[method], 'function', method);
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const sentence = readme.slice(readme.indexOf('Each control endpoint has a method:'), readme.indexOf('errors are `MockAdminError`'));
  const named = new Set([...sentence.matchAll(/`(\w+)(?:\(\{ signal \}\))?`/g)].map((m) => m[1]));
  t.same([...named].sort(), Object.values(METHODS).flat().sort(), 'the README names each method');
});
