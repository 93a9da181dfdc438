/**
 * Contract: every operation of `openapi/openapi.json` is exercised (its success and its main errors), and
 * every answer's status, content type and body are what the document says for that path and method,
 * bodies validated with ajv against the documented schemas. A handler whose body drifts fails here.
 */
import t from 'tap';
import type { InjectOptions } from 'fastify';
import { ALL_DEVICE_MANAGEMENT_ROLES } from '../../src/domain/permissions.js';
import type { TlsMaterial } from '../../src/identity/key-material.js';
import { build, defaultFixture } from '../helpers/build.js';
import { Contract } from '../helpers/openapi-contract.js';

const TENANT = 'contoso.onmicrosoft.com';
const DIEGO = 'DiegoS@contoso.onmicrosoft.com';
const MEGAN = 'MeganB@contoso.onmicrosoft.com';
const DEVICE = { diegoResettable: '9b646782-f0b2-480a-bc40-d0dbc53b7dcc', megansIphone: 'bd1c80c1-a90a-463d-81d0-2c2f1cb68446', macbook: '8f5b3cf3-4961-4451-b3e7-9a1228955702' };
const POLICY = 'c9e916bf-694f-46ff-8bcc-32b8538925c3';
const NO_SUCH = '00000000-0000-0000-0000-00000000dead';
const fixture = { ...defaultFixture(), apps: [{ clientId: 'contract', clientSecret: 's3cret', roles: [...ALL_DEVICE_MANAGEMENT_ROLES] }] };

const contract = new Contract();

interface Call {
  token?: string | null;
  payload?: unknown;
  headers?: Record<string, string>;
}

t.test('every operation answers as the document says', async (t) => {
  const { app, call } = await build(t, { fixture, config: { auth: 'strict' } });
  app.mock.tls = { caPem: '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n' } as TlsMaterial;
  let token: string | null = null;

  const send = async (method: string, url: string, expected: number, c: Call = {}) => {
    const auth = c.token === undefined ? token : c.token;
    const headers: Record<string, string> = { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...c.headers };
    const opts: InjectOptions = { method: method as InjectOptions['method'], url, headers };
    if (c.payload !== undefined) {
      opts.payload = typeof c.payload === 'string' ? c.payload : JSON.stringify(c.payload);
      headers['content-type'] ??= 'application/json';
    }
    const res = await call(opts);
    t.equal(res.statusCode, expected, `${method} ${url} → ${expected}`);
    t.same(contract.problems(method, url, res), [], `${method} ${url} ${res.statusCode} is documented and conforms`);
    return res;
  };
  const mint = async (body: object) => (await send('POST', '/_mock/tokens', 200, { payload: body, token: null })).json.access_token as string;
  const appToken = await mint({});
  const noPermissions = await mint({ roles: ['User.Read.All'] });
  const delegated = await mint({ scp: [...ALL_DEVICE_MANAGEMENT_ROLES], upn: MEGAN });
  token = appToken;

  // Docs and identity.
  await send('GET', '/', 200);
  await send('GET', '/openapi.json', 200);
  await send('GET', `/${TENANT}/v2.0/.well-known/openid-configuration`, 200);
  await send('GET', `/${TENANT}/discovery/v2.0/keys`, 200);
  const form = (body: string) => ({ payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, token: null });
  const scope = 'scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&grant_type=client_credentials';
  await send('POST', `/${TENANT}/oauth2/v2.0/token`, 200, form(`client_id=contract&client_secret=s3cret&${scope}`));
  await send('POST', `/${TENANT}/oauth2/v2.0/token`, 401, form(`client_id=contract&client_secret=wrong&${scope}`));
  await send('POST', `/${TENANT}/oauth2/v2.0/token`, 400, form(`client_id=stranger&client_secret=x&${scope}`));
  await send('POST', `/${TENANT}/oauth2/v2.0/token`, 400, form('client_id=contract&client_secret=s3cret&grant_type=password'));
  for (const path of ['authorize', 'devicecode']) for (const m of ['GET', 'POST']) await send(m, `/${TENANT}/oauth2/v2.0/${path}`, 400, { token: null });

  // The control API.
  // Bodiless changes carry a header of the mock's own, as no web page can (docs/security.md#cross-site-requests).
  const ctl = { token: null, headers: { 'x-mock-client': 'contract' } };
  await send('GET', '/_mock/health', 200, ctl);
  await send('GET', '/_mock/ready', 200, ctl);
  await send('GET', '/_mock/ca.pem', 200, ctl);
  await send('GET', '/_mock/clock', 200, ctl);
  await send('POST', '/_mock/clock', 200, { ...ctl, payload: { advanceSeconds: 1 } });
  await send('POST', '/_mock/clock', 400, { ...ctl, payload: { advanceSeconds: -1 } });
  await send('POST', '/_mock/clock', 400, { ...ctl, payload: '{not json' });
  const created = (await send('POST', '/_mock/devices', 201, { ...ctl, payload: {} })).json.device.id as string;
  await send('POST', '/_mock/devices', 201, { ...ctl, payload: { operatingSystem: 'Android', osVersion: '6.0', simulation: { enrollment: 'deviceAdministrator' } } });
  await send('POST', '/_mock/devices', 409, { ...ctl, payload: { id: created } });
  await send('POST', '/_mock/devices', 400, { ...ctl, payload: { osVersion: 5, unknown: true } });
  t.ok((await send('POST', '/_mock/devices', 201, { ...ctl, payload: { userPrincipalName: 'contract.user@contoso.onmicrosoft.com' } })).json.createdUser, 'with its new user');
  await send('GET', '/_mock/users', 200, ctl);
  await send('POST', '/_mock/users', 201, { ...ctl, payload: { userPrincipalName: 'contract.added@contoso.onmicrosoft.com' } });
  await send('POST', '/_mock/users', 409, { ...ctl, payload: { userPrincipalName: 'Contract.Added@contoso.onmicrosoft.com' } });
  await send('POST', '/_mock/users', 400, { ...ctl, payload: { userPrincipalName: 'no at sign' } });
  await send('GET', `/_mock/devices/${created}`, 200, ctl);
  await send('GET', '/_mock/devices?platform=ios&state=enrolled&top=2', 200, ctl);
  await send('GET', '/_mock/devices?state=asleep', 400, ctl);
  await send('GET', `/_mock/devices/${NO_SUCH}`, 404, ctl);
  await send('GET', `/_mock/devices/${created}`, 400, { ...ctl, headers: { 'x-mock-tenant': '!!' } });
  await send('POST', `/_mock/devices/${created}/events`, 200, { ...ctl, payload: { type: 'checkIn' } });
  await send('POST', `/_mock/devices/${created}/events`, 409, { ...ctl, payload: { type: 'goOnline' } });
  await send('POST', `/_mock/devices/${created}/events`, 400, { ...ctl, payload: { type: 'dance' } });
  await send('POST', `/_mock/devices/${NO_SUCH}/events`, 404, { ...ctl, payload: { type: 'checkIn' } });
  await send('POST', '/_mock/tokens', 400, { ...ctl, payload: { roles: ['a'], scp: ['b'] } });
  const rule = (await send('POST', '/_mock/faults', 201, { ...ctl, payload: { path: '/nowhere', status: 503 } })).json.id as string;
  await send('POST', '/_mock/faults', 400, { ...ctl, payload: { path: '/x' } });
  await send('GET', '/_mock/faults', 200, ctl);
  await send('GET', '/_mock/faults', 400, { ...ctl, headers: { 'x-mock-tenant': '-bad-' } });
  await send('DELETE', `/_mock/faults/${rule}`, 204, ctl);
  await send('DELETE', `/_mock/faults/${rule}`, 404, ctl);
  await send('DELETE', '/_mock/faults', 204, ctl);
  const exported = (await send('GET', '/_mock/fixtures', 200, ctl)).json;
  await send('PUT', '/_mock/fixtures', 200, { ...ctl, payload: exported, headers: { 'x-mock-tenant': 'contract-copy' } });
  await send('PUT', '/_mock/fixtures', 400, { ...ctl, payload: { devices: 'none' } });
  await send('POST', '/_mock/reset', 200, { ...ctl, headers: { 'x-mock-tenant': 'contract-copy' } });
  await send('GET', `/_mock/devices/${created}/actions`, 200, ctl);
  await send('GET', `/_mock/devices/${NO_SUCH}/actions`, 404, ctl);
  // The stream itself never ends, so inject cannot read it: its refusals here, its events over a real listener (test/control/console-api.test.ts).
  await send('GET', '/_mock/events?since=1', 400, ctl);
  await send('GET', '/_mock/console', 200, ctl);
  for (const asset of ['console.js', 'console.css']) await send('GET', `/_mock/console/assets/${asset}`, 200, ctl);
  await send('GET', '/_mock/console/assets/nothing.js', 404, ctl);

  // Graph, both versions: each served operation's success and errors.
  for (const v of ['v1.0', 'beta']) {
    const md = `/${v}/deviceManagement/managedDevices`;
    await send('GET', md, 200);
    await send('GET', `${md}?$top=2&$count=true&$orderby=deviceName desc`, 200);
    await send('GET', `${md}?$select=id,deviceName,notes&$filter=operatingSystem eq 'iOS'`, 200);
    await send('GET', `${md}?$filter=operatingSystem eq`, 400);
    await send('GET', `${md}/${DEVICE.megansIphone}`, 200);
    await send('GET', `${md}/${DEVICE.megansIphone}?$select=id,notes,udid,deviceActionResults`, 200);
    await send('GET', `${md}/${DEVICE.megansIphone}?$top=1`, 400);
    await send('GET', `${md}/${NO_SUCH}`, 404);
    await send('PATCH', `${md}/${DEVICE.megansIphone}`, 204, { payload: { notes: `patched on ${v}` } });
    await send('PATCH', `${md}/${DEVICE.megansIphone}`, 400, { payload: { deviceName: 'read-only' } });
    await send('PATCH', `${md}/${NO_SUCH}`, 404, { payload: {} });
    const doomed = (await send('POST', '/_mock/devices', 201, { token: null, payload: {} })).json.device.id as string;
    await send('DELETE', `${md}/${doomed}`, 204);
    await send('DELETE', `${md}/${doomed}`, 404);
    await send('POST', `${md}/${DEVICE.diegoResettable}/resetPasscode`, 204);
    await send('POST', `${md}/${DEVICE.macbook}/resetPasscode`, 400);
    await send('POST', `${md}/${NO_SUCH}/resetPasscode`, 404);
    const users = `/${v}/users/${DIEGO}/managedDevices`;
    await send('GET', users, 200);
    await send('GET', `/${v}/users/nobody@contoso.onmicrosoft.com/managedDevices`, 404);
    await send('GET', `${users}/${DEVICE.diegoResettable}`, 200);
    await send('GET', `${users}/${DEVICE.megansIphone}`, 404);
    await send('POST', `${users}/${DEVICE.diegoResettable}/resetPasscode`, 204);
    const me = `/${v}/me/managedDevices`;
    await send('GET', me, 200, { token: delegated });
    await send('GET', me, 400);
    await send('GET', `${me}/${DEVICE.megansIphone}`, 200, { token: delegated });
    await send('GET', `${me}/${DEVICE.diegoResettable}`, 404, { token: delegated });
    await send('POST', `${me}/${DEVICE.megansIphone}/resetPasscode`, 204, { token: delegated });
    await send('POST', `${me}/${DEVICE.megansIphone}/resetPasscode`, 400);
    const policies = `/${v}/deviceManagement/deviceCompliancePolicies`;
    await send('GET', policies, 200);
    await send('GET', `${policies}?$select=displayName`, 200);
    await send('GET', `${policies}/${POLICY}`, 200);
    await send('GET', `${policies}/${NO_SUCH}`, 404);
    if (v === 'beta') {
      const audits = `/${v}/deviceManagement/remoteActionAudits`;
      const first = (await send('GET', audits, 200)).json.value[0].id as string;
      await send('GET', `${audits}/${first}`, 200);
      await send('GET', `${audits}?$select=action,actionState`, 200);
      await send('GET', `${audits}/${NO_SUCH}`, 404);
    }
    const batch = (await send('POST', `/${v}/$batch`, 200, { payload: { requests: [
      { id: '1', method: 'GET', url: `/deviceManagement/managedDevices/${DEVICE.megansIphone}` }, { id: '2', method: 'GET', url: `/deviceManagement/managedDevices/${NO_SUCH}` },
      { id: '3', method: 'POST', url: `/deviceManagement/managedDevices/${DEVICE.diegoResettable}/resetPasscode`, dependsOn: ['2'] },
    ] } })).json;
    t.same(batch.responses.map((r: { status: number }) => r.status), [200, 404, 424]);
    await send('POST', `/${v}/$batch`, 400, { payload: { requests: [] } });
    // A fault rule's answer is the `default` response.
    await send('POST', '/_mock/faults', 201, { token: null, payload: { path: md, status: 429, retryAfterSeconds: 0 } });
    await send('GET', md, 429);
    await send('POST', '/_mock/faults', 201, { token: null, payload: { path: `${md}/*`, status: 503 } });
    await send('GET', `${md}/${DEVICE.megansIphone}`, 503);
  }

  // Every Graph operation: without a token, without permissions, and the verbs Intune does not route.
  const concrete = (template: string) =>
    template
      .replace('{userId}', DIEGO)
      .replace('deviceCompliancePolicies/{id}', `deviceCompliancePolicies/${POLICY}`)
      .replace('remoteActionAudits/{id}', `remoteActionAudits/${NO_SUCH}`)
      .replace('{id}', DEVICE.diegoResettable);
  for (const [template, item] of Object.entries(contract.doc.paths as Record<string, Record<string, any>>)) {
    if (!/^\/(v1\.0|beta)\//.test(template)) continue;
    for (const method of Object.keys(item)) {
      const url = concrete(template);
      await send(method.toUpperCase(), url, 401, { token: null });
      // `$batch` has no permission of its own: its steps are refused one by one.
      if (template.endsWith('/$batch')) {
        const steps = (await send('POST', url, 200, { token: noPermissions, payload: { requests: [{ id: '1', method: 'GET', url: '/deviceManagement/managedDevices' }] } })).json;
        t.equal(steps.responses[0].status, 403, `${url}: the step is 403`);
      } else await send(method.toUpperCase(), url, 403, { token: noPermissions });
    }
  }
  // The verbs Intune does not route: one rule in the document's description, every one of them checked.
  const notRouted = contract.notRouted();
  t.ok(notRouted.length > 100, `${notRouted.length} (verb, path) pairs Intune does not route`);
  for (const entry of notRouted) {
    const [method, template] = entry.split(' ') as [string, string];
    await send(method, concrete(template), 401, { token: null });
    await send(method, concrete(template), 400);
  }

  await send('GET', '/_mock/requests?method=GET&path=/v1.0/**', 200, ctl);
  await send('DELETE', '/_mock/requests', 204, ctl);
  // The 401s above are there (they proved no tenant).
  await send('GET', '/_mock/requests/unauthenticated?method=GET&tenant=contoso.onmicrosoft.com', 200, ctl);
  await send('DELETE', '/_mock/requests/unauthenticated', 204, ctl);

  // Throttling: a limit of 1 read, the second read is the limit's 429 (the `default` response), an early retry the same.
  await send('PUT', '/_mock/throttling/limits', 400, { ...ctl, payload: { perAppRequests: 0 } });
  await send('PUT', '/_mock/throttling/limits', 200, { ...ctl, payload: { perAppRequests: 1 } });
  const list = '/v1.0/deviceManagement/managedDevices';
  await send('GET', list, 200);
  await send('GET', list, 429);
  await send('GET', list, 429);
  await send('GET', '/_mock/throttling', 200, ctl);
  await send('DELETE', '/_mock/throttling', 204, ctl);

  t.same(contract.unexercised(), [], 'every documented operation was exercised');
  const statuses = Object.entries(contract.statuses()).filter(([k]) => !notRouted.includes(k));
  const union = (prefix: RegExp) => new Set(statuses.filter(([k]) => prefix.test(k)).flatMap(([, s]) => s));
  t.same([...union(/ \/(v1\.0|beta)\//)].sort(), ['200', '204', '400', '401', '403', '404', 'default'], 'Graph: success, 400, 401, 403, 404, faults');
  t.same([...union(/ \/_mock\//)].sort(), ['200', '201', '204', '400', '404', '409'], 'control: success, 400, 404, 409');
  t.same([...union(/token$/)].sort(), ['200', '400', '401'], 'token: 200, 400, 401');
});

t.test('the contract catches a body that drifts from its schema', async (t) => {
  const { call } = await build(t);
  const list = (await call('/v1.0/deviceManagement/managedDevices?$top=1')).json;
  const schema = contract.doc.paths['/v1.0/deviceManagement/managedDevices'].get.responses['200'].content['application/json'].schema;
  const check = (body: unknown) => contract.validate('drift', schema, body);
  t.same(check(list), [], 'the real body conforms');
  t.not(check({ ...list, value: [{ ...list.value[0], surprise: 1 }] }), [], 'an undocumented property fails');
  t.not(check({ ...list, value: [{ ...list.value[0], complianceState: 'fine' }] }), [], 'a value outside its enum fails');
  t.not(check({ ...list, value: [{ ...list.value[0], lastSyncDateTime: 42 }] }), [], 'a wrong type fails');
  const { '@odata.context': _, ...noContext } = list;
  t.not(check(noContext), [], 'a missing envelope member fails');
  t.not(contract.validateComponent('mock.error', { error: { code: 'x' } }), [], 'a control error without its message fails');
});

t.test('without $select, entities carry every documented property', async (t) => {
  const { call } = await build(t);
  for (const [v, name] of [['v1.0', 'microsoft.graph.managedDevice'], ['beta', 'microsoft.graph.beta.managedDevice']] as const) {
    const documented = Object.keys(contract.doc.components.schemas[name].properties).filter((k) => k !== '@odata.context');
    const list = (await call(`/${v}/deviceManagement/managedDevices?$top=3`)).json;
    for (const device of list.value) t.same(Object.keys(device), documented, `${v} list: every property, in order`);
    const one = (await call(`/${v}/deviceManagement/managedDevices/${DEVICE.megansIphone}`)).json;
    t.same(Object.keys(one), ['@odata.context', ...documented], `${v} single GET: every property, in order`);
  }
  const audits = contract.doc.components.schemas['microsoft.graph.remoteActionAudit'];
  await call({ method: 'POST', url: `/beta/deviceManagement/managedDevices/${DEVICE.diegoResettable}/resetPasscode` });
  const audit = (await call('/beta/deviceManagement/remoteActionAudits')).json.value[0];
  t.same(Object.keys(audit).sort(), Object.keys(audits.properties).filter((k) => k !== '@odata.context').sort(), 'an audit: every property');
});
