/**
 * Kept `$orderby` orders (src/graph/odata/sort-index.ts): a collection of at least MIN_INDEXED devices asked the
 * same `$orderby` again is answered from the head of the order kept since the tenant last changed (or beyond it,
 * from the whole collection). Every answer must be the
 * page the bounded heap (selectPage, the code without the index) makes of the stored devices now, in the same
 * collation and with ties in enrolment order; every change (PATCH, an action's check-in, a control event,
 * DELETE, reset, PUT fixtures) must show in the next page.
 */
import t from 'tap';
import { generateFleet } from '../../src/domain/device-generator.js';
import { DEFAULT_TENANT_ID } from '../../src/domain/tenants.js';
import type { DeviceRecord } from '../../src/domain/tenant-state.js';
import { compileComparator, MIN_INDEXED, parseOrderBy, selectPage } from '../../src/graph/odata/index.js';
import { filterView, type GraphVersion } from '../../src/graph/serialize-device.js';
import { managedDeviceModelBeta, managedDeviceModelV1 } from '../../src/schemas/managed-device.js';
import type { Fixture } from '../../src/schemas/fixture.js';
import { build, type Built } from '../helpers/build.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const NOW = Date.UTC(2026, 0, 15, 9, 0, 0); // ManualClock's default start
const COUNT = MIN_INDEXED + 188;

/** A generated fleet with ties in every collation corner: case-only, non-ASCII, and exact duplicates; half of it one user's. */
function fleet(): Fixture {
  const fixture = generateFleet({ count: COUNT, seed: 'orderby-index.test', now: NOW });
  const devices = fixture.devices!;
  const owner = fixture.users![0]!;
  const names = ['Kiosk', 'KIOSK', 'kiosk', 'Émile-PC', 'emile-pc', 'ÉMILE-PC', 'zeta', 'Zeta', 'a', 'A', '_x', '[x', 'kiosk', 'İx', 'i̇x', 'ix', 'ß', 'SS', 'ss', 'Ω-1', 'ω-1'];
  names.forEach((name, i) => (devices[i * 31]!.deviceName = name));
  devices.forEach((d, i) => {
    if (i % 2 === 0) Object.assign(d, { userId: owner.id, userPrincipalName: owner.userPrincipalName });
  });
  return fixture;
}

const ids = (res: { json: any }): string[] => (res.json.value as Array<{ id: string }>).map((d) => d.id);

/** The page selectPage's heap makes of the stored devices now (what the mock answered before any order was kept). */
function expected(built: Built, version: GraphVersion, orderby: string, opts: { offset?: number; top?: number; user?: string; filter?: (d: DeviceRecord['device']) => boolean } = {}): string[] {
  const tenant = built.app.mock.store.get(DEFAULT_TENANT_ID)!;
  const records = [...tenant.devices.values()].filter((r) => r.simulation.enrolled !== false && (!opts.user || r.device.userId === opts.user));
  const model = version === 'beta' ? managedDeviceModelBeta : managedDeviceModelV1;
  const page = selectPage({
    source: records, view: filterView(version), comparator: compileComparator(parseOrderBy(orderby, model), model),
    ...(opts.filter ? { filter: (row) => opts.filter!(row as DeviceRecord['device']) } : {}),
    offset: opts.offset ?? 0, pageSize: opts.top ?? 100, wantCount: false,
  });
  return page.items.map((r) => r.device.id);
}

/** The same query three times: the first (at a new revision) selects the head of the order, the others are answered from it. */
async function thrice(tt: { same: Function }, built: Built, url: string, want: string[], label: string): Promise<void> {
  for (const round of ['1st', '2nd', '3rd']) tt.same(ids(await built.call(url)), want, `${label} (${round})`);
}

t.test('pages, $skip, next links, $count, $filter, desc, several keys, beta and a user\'s devices: the heap\'s pages', async (t) => {
  const built = await build(t, { fixture: fleet() });
  const { call } = built;
  await call('/v1.0/deviceManagement/managedDevices?$top=1'); // makes the tenant
  const byName = expected(built, 'v1.0', 'deviceName', { top: COUNT });
  // The collation, independently: toLowerCase order (compareCi's), ties in enrolment order.
  const stored = [...built.app.mock.store.get(DEFAULT_TENANT_ID)!.devices.values()].map((r) => r.device);
  const lower = stored.map((d, i) => ({ id: d.id, key: d.deviceName!.toLowerCase(), i }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i)).map((d) => d.id);
  t.same(byName, lower, 'the heap orders names as toLowerCase does, ties in enrolment order');

  await thrice(t, built, '/v1.0/deviceManagement/managedDevices?$orderby=deviceName&$top=100', byName.slice(0, 100), 'first page');
  await thrice(t, built, '/v1.0/deviceManagement/managedDevices?$orderby=deviceName&$top=100&$skip=250', byName.slice(250, 350), '$skip=250');
  await thrice(t, built, `/v1.0/deviceManagement/managedDevices?$orderby=deviceName&$top=100&$skip=${COUNT - 30}`, byName.slice(COUNT - 30), 'the last page');

  // Following next links (skip tokens) from the kept order gives every device once, in order.
  const walked: string[] = [];
  let url: string | undefined = '/v1.0/deviceManagement/managedDevices?$orderby=deviceName&$top=100&$count=true';
  while (url) {
    const res = await call(url);
    t.equal(res.json['@odata.count'], COUNT, '$count is every device');
    walked.push(...ids(res));
    url = res.json['@odata.nextLink']?.replace('http://localhost:80', '');
  }
  t.same(walked, byName, 'next links walk the whole order');

  const ios = (d: DeviceRecord['device']) => d.operatingSystem === 'iOS';
  await thrice(t, built, `/v1.0/deviceManagement/managedDevices?$orderby=deviceName&$top=20&$skip=5&$filter=${encodeURIComponent("operatingSystem eq 'iOS'")}`,
    expected(built, 'v1.0', 'deviceName', { offset: 5, top: 20, filter: ios }), '$filter with $orderby');
  await thrice(t, built, '/v1.0/deviceManagement/managedDevices?$orderby=deviceName desc&$top=100', expected(built, 'v1.0', 'deviceName desc'), 'desc');
  await thrice(t, built, '/v1.0/deviceManagement/managedDevices?$orderby=operatingSystem desc,complianceState,deviceName&$top=100',
    expected(built, 'v1.0', 'operatingSystem desc,complianceState,deviceName'), 'several keys');
  await thrice(t, built, '/v1.0/deviceManagement/managedDevices?$orderby=lastSyncDateTime desc&$top=100', expected(built, 'v1.0', 'lastSyncDateTime desc'), 'a date');
  await thrice(t, built, '/beta/deviceManagement/managedDevices?$orderby=deviceType,deviceName&$top=100', expected(built, 'beta', 'deviceType,deviceName'), 'beta, a derived property');

  const owner = built.app.mock.store.get(DEFAULT_TENANT_ID)!.devices.values().next().value!.device.userId!;
  await thrice(t, built, `/v1.0/users/${owner}/managedDevices?$orderby=deviceName&$top=100`, expected(built, 'v1.0', 'deviceName', { user: owner }), 'a user\'s devices');
  t.same(ids(await call('/v1.0/deviceManagement/managedDevices?$orderby=deviceName&$top=100')), byName.slice(0, 100), 'the tenant\'s order is not the user\'s');
});

t.test('every change shows in the next page: PATCH, an action\'s check-in, a control event, DELETE, PUT fixtures, reset', async (t) => {
  const built = await build(t, { fixture: fleet() });
  const { call } = built;
  await call('/v1.0/deviceManagement/managedDevices?$top=1'); // makes the tenant
  const URL = '/v1.0/deviceManagement/managedDevices?$orderby=deviceName&$top=100';
  const check = async (label: string) => thrice(t, built, URL, expected(built, 'v1.0', 'deviceName'), label);
  await check('before any change');
  // With a $filter whose matches reach beyond the head (400 of 700 devices for a page ending at 100), and its $count.
  const iosPage = `/v1.0/deviceManagement/managedDevices?$orderby=deviceName&$top=10&$skip=90&$filter=${encodeURIComponent("operatingSystem eq 'iOS'")}`;
  const ios = (d: DeviceRecord['device']) => d.operatingSystem === 'iOS';
  t.ok(expected(built, 'v1.0', 'deviceName', { top: 400 }).filter((id) => ios(built.app.mock.store.get(DEFAULT_TENANT_ID)!.devices.get(id)!.device)).length < 101, 'the head holds too few iOS devices');
  await thrice(t, built, iosPage, expected(built, 'v1.0', 'deviceName', { offset: 90, top: 10, filter: ios }), '$filter beyond the head');
  const total = [...built.app.mock.store.get(DEFAULT_TENANT_ID)!.devices.values()].filter((r) => ios(r.device)).length;
  for (let i = 0; i < 2; i++) t.equal((await call(`${iosPage}&$count=true`)).json['@odata.count'], total, '$count with $filter counts every match');
  const last = expected(built, 'v1.0', 'deviceName desc', { top: 3 });

  // PATCH writes managedDeviceName (deviceName is read-only in Graph).
  const BY_MANAGED = '/v1.0/deviceManagement/managedDevices?$orderby=managedDeviceName,deviceName&$top=100';
  await thrice(t, built, BY_MANAGED, expected(built, 'v1.0', 'managedDeviceName,deviceName'), 'by managedDeviceName');
  const patched = expected(built, 'v1.0', 'managedDeviceName desc,deviceName desc', { top: 1 })[0]!;
  t.equal((await call({ method: 'PATCH', url: `/v1.0/deviceManagement/managedDevices/${patched}`, headers: JSON_HEADERS, payload: { managedDeviceName: '0000-first' } })).statusCode, 204);
  t.equal(ids(await call(BY_MANAGED))[0], patched, 'PATCHed to the front');
  await thrice(t, built, BY_MANAGED, expected(built, 'v1.0', 'managedDeviceName,deviceName'), 'after PATCH');
  await check('deviceName after PATCH');

  // setDeviceName (beta) renames at the device's next check-in: the read that settles it is a change.
  const renamed = last[1]!;
  const sent = await call({ method: 'POST', url: `/beta/deviceManagement/managedDevices/${renamed}/setDeviceName`, headers: JSON_HEADERS, payload: { deviceName: '0001-first' } });
  t.ok(sent.statusCode === 204 || sent.statusCode === 200, `setDeviceName accepted (${sent.statusCode})`);
  t.not(ids(await call(URL))[0], renamed, 'not renamed before its check-in');
  built.clock.advance(3600_000); // behind the mock's back: only the next read settles the check-in
  t.equal(ids(await call(URL))[0], renamed, 'renamed at its check-in: first');
  await check('after setDeviceName');

  // A control event: the device checks in now, so it leads by lastSyncDateTime.
  const SYNC = '/v1.0/deviceManagement/managedDevices?$orderby=lastSyncDateTime desc&$top=100';
  await thrice(t, built, SYNC, expected(built, 'v1.0', 'lastSyncDateTime desc'), 'by lastSyncDateTime');
  const synced = last[2]!;
  t.equal((await call({ method: 'POST', url: `/_mock/devices/${synced}/events`, headers: JSON_HEADERS, payload: { type: 'checkIn' } })).statusCode, 200);
  t.equal(ids(await call(SYNC))[0], synced, 'the checked-in device leads');
  await thrice(t, built, SYNC, expected(built, 'v1.0', 'lastSyncDateTime desc'), 'after a checkIn event');

  const gone = ids(await call(URL))[0]!;
  t.equal((await call({ method: 'DELETE', url: `/v1.0/deviceManagement/managedDevices/${gone}` })).statusCode, 204);
  t.notOk(ids(await call(URL)).includes(gone), 'a deleted device disappears');
  await check('after DELETE');

  const other = generateFleet({ count: COUNT, seed: 'another', now: NOW });
  t.equal((await call({ method: 'PUT', url: '/_mock/fixtures', headers: JSON_HEADERS, payload: JSON.stringify(other) })).statusCode, 200);
  await check('after PUT fixtures');
  t.ok(ids(await call(URL)).every((id) => other.devices!.some((d) => d.id === id)), 'only the new fixture\'s devices');

  t.equal((await call({ method: 'POST', url: '/_mock/reset', headers: JSON_HEADERS, payload: {} })).statusCode, 200);
  await check('after reset');
});
