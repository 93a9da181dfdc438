/**
 * The single GET's JSON cache (src/graph/device-cache.ts): after a change through every path that changes a
 * device or what a GET shows of it, the next GET answers what the serializer makes of the stored device now,
 * never an answer kept from before. Each check GETs the device first (filling the cache), then changes it, then
 * GETs again and compares with `serializeDevice` called directly.
 */
import t from 'tap';
import { ACTIONS } from '../../src/domain/actions/catalog.js';
import { DEFAULT_TENANT_ID } from '../../src/domain/tenants.js';
import { contextUrl } from '../../src/graph/collection.js';
import { propertyNames, serializeDevice, type GraphVersion } from '../../src/graph/serialize-device.js';
import { DEVICE_EVENT_TYPES } from '../../src/schemas/device-event.js';
import { build, defaultFixture, type Built } from '../helpers/build.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const fleet = defaultFixture().devices ?? [];
const ids = fleet.map((d) => d.id);
const DAY = 24 * 3600;
/** Two shapes per device, one per version (each version has its own cache, one entry a device): v1.0 without `$select`, beta selecting every property. */
const SHAPES: Array<{ version: GraphVersion; select: readonly string[] | undefined }> = [
  { version: 'v1.0', select: undefined },
  { version: 'beta', select: propertyNames('beta') },
];

interface Assert {
  equal: Function;
  pass: Function;
}

/** GETs `id` in each shape and compares each answer with the serializer's output for the stored device at the tenant's now. */
async function check(tt: Assert, { app, call }: Built, id: string, label: string): Promise<string[]> {
  const bodies: string[] = [];
  let same = 0;
  for (const { version, select } of SHAPES) {
    const res = await call(`/${version}/deviceManagement/managedDevices/${id}${select ? `?$select=${select.join(',')}` : ''}`);
    const record = app.mock.store.get(DEFAULT_TENANT_ID)?.devices.get(id);
    if (res.statusCode === 404) {
      bodies.push('404');
      same++;
      continue;
    }
    const expected = JSON.stringify(serializeDevice(record!, {
      version, single: true, select, now: app.mock.intune.now(DEFAULT_TENANT_ID),
      context: contextUrl(`http://localhost:80/${version}`, 'deviceManagement/managedDevices', select, true),
    }));
    if (res.statusCode === 200 && res.body === expected) same++;
    else tt.equal(res.body, expected, `${label}: ${version}${select ? ' $select' : ''} GET ${id} is the serializer's`);
    bodies.push(res.body);
  }
  if (same === SHAPES.length) tt.pass(`${label}: ${id}`);
  return bodies;
}

const clock = (call: Built['call'], seconds: number, allTenants = false) =>
  call({ method: 'POST', url: '/_mock/clock', headers: JSON_HEADERS, payload: { advanceSeconds: seconds, allTenants } });

const USER = 'megan@contoso.onmicrosoft.com';
/** The default fleet plus the kinds of device some actions need: a Shared iPad, a Surface Hub, a Windows 10 Mobile phone. */
const FIXTURE = {
  ...defaultFixture(),
  devices: [
    ...fleet,
    {
      id: 'shared-ipad', deviceName: 'shared-ipad', operatingSystem: 'iPadOS', osVersion: '18.5', isSupervised: true, deviceEnrollmentType: 'appleBulkWithoutUser',
      managedDeviceOwnerType: 'company', userId: '', userPrincipalName: '', hardwareInformation: { isSharedDevice: true }, simulation: { enrollment: 'device' },
    },
    { id: 'hub', deviceName: 'hub', operatingSystem: 'Windows', osVersion: '10.0.19045.4170', managedDeviceOwnerType: 'company', model: 'Surface Hub 2S', manufacturer: 'Microsoft Corporation' },
    { id: 'mobile', deviceName: 'mobile', operatingSystem: 'Windows Mobile', osVersion: '10.0.15254.603', managedDeviceOwnerType: 'company', model: 'Lumia 950' },
  ],
};
const allIds = FIXTURE.devices.map((d) => d.id);
const putFixture = (call: Built['call'], fixture: unknown) =>
  call({ method: 'PUT', url: '/_mock/fixtures', headers: JSON_HEADERS, payload: JSON.stringify(fixture) });
const event = (call: Built['call'], id: string, payload: object) =>
  call({ method: 'POST', url: `/_mock/devices/${id}/events`, headers: JSON_HEADERS, payload: JSON.stringify(payload) });

/** A body for an action: its required parameters (the optional ones left out), and those the mock needs to accept it. */
function actionBody(name: string): Record<string, unknown> {
  const action = ACTIONS.find((a) => a.name === name)!;
  const body: Record<string, unknown> = {};
  for (const p of action.parameters) {
    if (p.nullable) continue;
    body[p.name] = p.type === 'Edm.Boolean' ? false : p.type === 'Edm.Int32' ? 30 : 'x';
  }
  if (name === 'deleteUserFromSharedAppleDevice') body.userPrincipalName = USER;
  if (name === 'setDeviceName') body.deviceName = 'KIOSK-042';
  if (name === 'updateWindowsDeviceAccount') body.updateWindowsDeviceAccountActionParameter = { deviceAccountEmail: 'hub-1@contoso.com', calendarSyncEnabled: true };
  return body;
}

t.test('each remote action through Graph, then its check-in, its results\' windows and the base clock', async (t) => {
  const built = await build(t);
  const { call } = built;
  const refused: string[] = [];
  for (const action of ACTIONS) {
    t.equal((await putFixture(call, FIXTURE)).statusCode, 200);
    t.equal((await event(call, 'shared-ipad', { type: 'signIn', userPrincipalName: USER })).statusCode, 200, 'a user on the Shared iPad');
    let target: string | undefined;
    let before: string[] = [];
    for (const id of allIds) {
      before = await check(t, built, id, `before ${action.name}`);
      const res = await call({ method: 'POST', url: `/beta/deviceManagement/managedDevices/${id}/${action.name}`, headers: JSON_HEADERS, payload: JSON.stringify(actionBody(action.name)) });
      if (res.statusCode === 204 || res.statusCode === 200) {
        target = id;
        break;
      }
    }
    if (target === undefined) {
      refused.push(action.name);
      continue;
    }
    const sent = await check(t, built, target, `${action.name} sent`);
    await clock(call, 3600); // the check-in falls due and settles
    const after = await check(t, built, target, `${action.name} checked in`);
    // A Company Portal notification shows on no device property.
    if (action.name !== 'sendCustomNotificationToCompanyPortal') t.ok([sent, after].some((b) => b.join() !== before.join()), `${action.name}: Graph shows it`);
    await clock(call, 7 * DAY, true); // passcode, bypass code and location windows close, on the base clock: no change recorded
    await check(t, built, target, `${action.name} + 7 days (all tenants)`);
    await clock(call, 30 * DAY, true); // the unlock PIN's, on the base clock too
    await check(t, built, target, `${action.name} + 37 days`);
  }
  t.same(refused, [], 'every action was accepted by some device');
});

t.test('device events, PATCH, DELETE, $batch steps, the clocks, reset and PUT fixtures', async (t) => {
  const built = await build(t);
  const { call } = built;
  const checkAll = async (label: string) => {
    for (const id of allIds) await check(t, built, id, label);
  };
  t.equal((await putFixture(call, FIXTURE)).statusCode, 200);
  await checkAll('fixture put');

  // Every device event, on every device that accepts it (each GET just before fills the cache).
  let accepted = 0;
  for (const type of DEVICE_EVENT_TYPES) {
    for (const id of allIds) {
      const before = (await check(t, built, id, `before ${type}`)).join();
      const payload = type === 'signIn' ? { type, userPrincipalName: USER } : type.endsWith('asscode') || type === 'unlock' ? { type, passcode: '123456' } : { type };
      const res = await event(call, id, payload);
      if (res.statusCode !== 200) continue;
      accepted++;
      await check(t, built, id, `${type} on ${id}`);
      await clock(call, 60);
      if ((await check(t, built, id, `${type} on ${id}, a minute on`)).join() !== before) accepted++;
    }
  }
  t.ok(accepted > DEVICE_EVENT_TYPES.length, `events accepted and shown (${accepted})`);

  // PATCH, then a PATCH in a $batch, then an action in a $batch.
  const [a, b] = allIds as [string, string];
  const first = await check(t, built, a, 'before PATCH');
  t.equal((await call({ method: 'PATCH', url: `/v1.0/deviceManagement/managedDevices/${a}`, headers: JSON_HEADERS, payload: JSON.stringify({ notes: 'patched', managedDeviceOwnerType: 'personal' }) })).statusCode, 204);
  t.not((await check(t, built, a, 'PATCH')).join(), first.join(), 'the PATCH shows');
  const batch = await call({
    method: 'POST', url: '/beta/$batch', headers: JSON_HEADERS, payload: JSON.stringify({
      requests: [
        { id: '1', method: 'GET', url: `/deviceManagement/managedDevices/${a}` },
        { id: '2', method: 'PATCH', url: `/deviceManagement/managedDevices/${a}`, headers: JSON_HEADERS, body: { notes: 'batched' }, dependsOn: ['1'] },
        { id: '3', method: 'GET', url: `/deviceManagement/managedDevices/${a}`, dependsOn: ['2'] },
        { id: '4', method: 'POST', url: `/deviceManagement/managedDevices/${a}/resetPasscode`, dependsOn: ['3'] },
        { id: '5', method: 'GET', url: `/deviceManagement/managedDevices/${a}`, dependsOn: ['4'] },
      ],
    }),
  });
  t.equal(batch.statusCode, 200);
  const steps = Object.fromEntries(batch.json.responses.map((r: any) => [r.id, r]));
  t.same([1, 2, 3, 4, 5].map((i) => steps[String(i)].status), [200, 204, 200, 204, 200], 'every step ran');
  t.equal(steps['1'].body.notes, null, 'notes is select-only: null on a plain GET');
  t.not(JSON.stringify(steps['5'].body.deviceActionResults), JSON.stringify(steps['3'].body.deviceActionResults), 'a step\'s GET shows the step before it');
  await check(t, built, a, '$batch');
  const sel = (await call(`/beta/deviceManagement/managedDevices/${a}?$select=notes`)).json;
  t.equal(sel.notes, 'batched', 'the batch\'s PATCH');

  // The tenant's clock, then every tenant's: the resetPasscode checks in, and its passcode's 7 days close.
  await clock(call, 3600);
  await checkAll('an hour on');
  await clock(call, 7 * DAY, true);
  await checkAll('7 days on, all tenants');

  // DELETE, retire through the device's check-in.
  t.equal((await call({ method: 'DELETE', url: `/v1.0/deviceManagement/managedDevices/${b}` })).statusCode, 204);
  t.same(await check(t, built, b, 'DELETE'), ['404', '404'], 'gone from Graph');
  await clock(call, 3600);
  await checkAll('after the delete\'s check-in');

  // Reset: the seed fleet again, the PATCHed device as the seed made it.
  t.equal((await call({ method: 'POST', url: '/_mock/reset', headers: { 'x-mock-client': 'test' } })).statusCode, 200);
  for (const id of ids) await check(t, built, id, 'reset');
  t.equal((await call(`/beta/deviceManagement/managedDevices/${a}?$select=notes`)).json.notes, fleet[0]!.notes ?? null, 'the seed\'s notes');

  // PUT fixtures: the same ids, other values.
  const renamed = { ...FIXTURE, devices: FIXTURE.devices.map((d) => ({ ...d, deviceName: `${d.deviceName}-2` })) };
  t.equal((await putFixture(call, renamed)).statusCode, 200);
  await checkAll('fixture put again');
  t.equal((await call(`/v1.0/deviceManagement/managedDevices/${a}`)).json.deviceName, `${fleet[0]!.deviceName}-2`);
});

t.test('a check-in that falls due settles on the GET itself: the answer shows it', async (t) => {
  const built = await build(t);
  const { call } = built;
  const id = ids[0]!;
  await check(t, built, id, 'first');
  t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${id}/syncDevice` })).statusCode, 204);
  await check(t, built, id, 'sent');
  built.clock.advance(3600_000); // the base clock, moved behind the mock's back: nothing is recorded until the GET settles
  const [v1] = await check(t, built, id, 'settled by the GET');
  t.match(JSON.parse(v1!).deviceActionResults, [{ actionName: 'syncDevice', actionState: 'done' }]);
});
