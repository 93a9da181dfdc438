import t from 'tap';
import { build, defaultFixture, graphError } from '../helpers/build.js';
import { simFixture } from '../helpers/sim-fixture.js';
import type { FixtureDevice } from '../../src/schemas/fixture.js';

const fleet = defaultFixture().devices ?? [];
const iphone = fleet.find((d) => d.operatingSystem === 'iOS' && d.simulation?.enrollment !== 'userEnrollment')!;
const mac = fleet.find((d) => d.operatingSystem === 'macOS')!;

t.test('lists the tenant fleet with an OData envelope', async (t) => {
  const { call } = await build(t);
  const res = await call('/v1.0/deviceManagement/managedDevices');
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8');
  t.equal(res.headers['odata-version'], '4.0');
  t.equal(res.json['@odata.context'], 'http://localhost:80/v1.0/$metadata#deviceManagement/managedDevices');
  t.equal(res.json.value.length, fleet.length);
  t.same(res.json.value.map((d: any) => d.id), fleet.map((d) => d.id), 'enrolment order');
  t.notOk('@odata.nextLink' in res.json);
  t.equal(res.json['@odata.count'], fleet.length, 'a count on every page, as Intune writes it');
  t.same(Object.keys(res.json), ['@odata.context', '@odata.count', 'value'], 'in Intune\'s order');
});

t.test('every v1.0 property is present with Graph defaults, no beta property on v1.0', async (t) => {
  const { call } = await build(t);
  const d = (await call('/v1.0/deviceManagement/managedDevices')).json.value[0];
  for (const p of ['id', 'deviceName', 'complianceState', 'managementAgent', 'deviceEnrollmentType', 'lastSyncDateTime',
    'complianceGracePeriodExpirationDateTime', 'exchangeLastSuccessfulSyncDateTime', 'deviceActionResults', 'physicalMemoryInBytes',
    'configurationManagerClientEnabledFeatures', 'deviceHealthAttestationState', 'enrollmentProfileName']) {
    t.ok(p in d, `has ${p}`);
  }
  for (const p of ['ownerType', 'deviceType', 'hardwareInformation', 'chassisType', 'joinType']) t.notOk(p in d, `no beta ${p}`);
  t.same(d.deviceActionResults, []);
  t.notOk('simulation' in d, 'simulation state never shows on Graph');
});

t.test('select-only properties: null/0 in lists, "" on a plain GET, real values with $select on a GET', async (t) => {
  const { call } = await build(t);
  const listed = (await call('/v1.0/deviceManagement/managedDevices')).json.value.find((d: any) => d.id === iphone.id);
  t.equal(listed.notes, null);
  t.equal(listed.iccid, null);
  t.equal(listed.udid, null);
  t.equal(listed.physicalMemoryInBytes, 0);
  const listedSel = (await call('/v1.0/deviceManagement/managedDevices?$select=id,notes,udid')).json.value.find((d: any) => d.id === iphone.id);
  t.same(listedSel, { id: iphone.id, notes: null, udid: null }, 'even with $select a list hides them');

  const plain = (await call(`/v1.0/deviceManagement/managedDevices/${iphone.id}`)).json;
  t.equal(plain['@odata.context'], 'http://localhost:80/v1.0/$metadata#deviceManagement/managedDevices/$entity');
  t.equal(plain.iccid, '');
  t.equal(plain.udid, '');
  t.equal(plain.notes, null);
  t.equal(plain.physicalMemoryInBytes, 0);

  const sel = await call(`/v1.0/deviceManagement/managedDevices/${iphone.id}?$select=notes,iccid,udid,physicalMemoryInBytes`);
  t.equal(sel.json['@odata.context'], 'http://localhost:80/v1.0/$metadata#deviceManagement/managedDevices(notes,iccid,udid,physicalMemoryInBytes)/$entity');
  t.same(sel.json, {
    '@odata.context': sel.json['@odata.context'],
    notes: iphone.notes, iccid: iphone.iccid, udid: iphone.udid, physicalMemoryInBytes: iphone.physicalMemoryInBytes,
  });
  t.ok(iphone.notes && iphone.iccid, 'the fixture gives them real values');

  const macGet = (await call(`/v1.0/deviceManagement/managedDevices/${mac.id}`)).json;
  t.equal(macGet.ethernetMacAddress, mac.ethernetMacAddress, 'ethernetMacAddress shows on a single GET');
});

t.test('beta adds its properties, derived ones consistent with v1.0', async (t) => {
  const { call } = await build(t);
  const d = (await call(`/beta/deviceManagement/managedDevices/${iphone.id}`)).json;
  t.equal(d['@odata.context'], 'http://localhost:80/beta/$metadata#deviceManagement/managedDevices/$entity');
  t.equal(d.deviceType, 'iPhone');
  t.equal(d.ownerType, iphone.managedDeviceOwnerType);
  t.equal(d.azureActiveDirectoryDeviceId, iphone.azureADDeviceId);
  t.type(d.hardwareInformation, 'object');
  t.equal(d.hardwareInformation.serialNumber, null, 'hardwareInformation is empty unless selected');
  for (const p of ['usersLoggedOn', 'chromeOSDeviceInfo', 'configurationManagerClientHealthState', 'configurationManagerClientInformation', 'cloudPcRemoteActionResults']) {
    t.ok(p in d, `beta ${p}`);
  }
  const filtered = await call(`/beta/deviceManagement/managedDevices?$filter=deviceType eq 'iPad'&$select=id,deviceType`);
  t.ok(filtered.json.value.length >= 1);
  t.ok(filtered.json.value.every((x: any) => x.deviceType === 'iPad'));
  const v1 = await call(`/v1.0/deviceManagement/managedDevices?$select=deviceType`);
  t.match(graphError(t, v1, 400, 'BadRequest').message, /Could not find a property named 'deviceType' on type 'microsoft\.graph\.managedDevice'/);
});

t.test('remoteAssistanceSessionErrorDetails, enrollmentProfileName: "" by default, null in a list when empty', async (t) => {
  const bare: FixtureDevice = { id: '22222222-0000-4000-8000-000000000001', deviceName: 'bare', operatingSystem: 'Windows', osVersion: '10.0.22631.3447' };
  const named: FixtureDevice = { ...bare, id: '22222222-0000-4000-8000-000000000002', deviceName: 'named', enrollmentProfileName: 'Autopilot - User-driven', remoteAssistanceSessionErrorDetails: 'Session failed' };
  const { call } = await build(t, { fixture: simFixture([bare, named]) });
  const props = (d: any) => [d.remoteAssistanceSessionErrorDetails, d.enrollmentProfileName];
  // ForgeRock/intune-node: "" on a real single GET; JMarquee85/intune_reporting: null in a real list.
  t.same(props((await call(`/v1.0/deviceManagement/managedDevices/${bare.id}`)).json), ['', ''], 'single GET: Graph\'s default ""');
  const list = (await call('/v1.0/deviceManagement/managedDevices')).json.value;
  t.same(props(list.find((d: any) => d.id === bare.id)), [null, null], 'a list: null');
  t.same(props(list.find((d: any) => d.id === named.id)), ['Session failed', 'Autopilot - User-driven'], 'values show in a list');
  t.same(props((await call(`/beta/deviceManagement/managedDevices/${named.id}`)).json), ['Session failed', 'Autopilot - User-driven']);
});

t.test('configurationManagerClientEnabledFeatures: six members on v1.0, eight on beta (false when not stored)', async (t) => {
  const v1 = { inventory: true, modernApps: true, resourceAccess: false, deviceConfiguration: true, compliancePolicy: true, windowsUpdateForBusiness: false };
  const pc = (id: string, features: object): FixtureDevice => ({ id, deviceName: id, operatingSystem: 'Windows', osVersion: '10.0.22631.3447', configurationManagerClientEnabledFeatures: features as FixtureDevice['configurationManagerClientEnabledFeatures'] });
  const withBeta = pc('11111111-0000-4000-8000-000000000001', { ...v1, endpointProtection: true, officeApps: true });
  const v1Only = pc('11111111-0000-4000-8000-000000000002', v1);
  const { call } = await build(t, { fixture: simFixture([withBeta, v1Only]) });
  const features = async (version: string, id: string) => (await call(`/${version}/deviceManagement/managedDevices/${id}?$select=configurationManagerClientEnabledFeatures`)).json.configurationManagerClientEnabledFeatures;
  t.same(await features('v1.0', withBeta.id!), v1, 'v1.0 has no beta member');
  t.same(await features('beta', withBeta.id!), { ...v1, endpointProtection: true, officeApps: true }, 'beta: as stored');
  t.same(await features('beta', v1Only.id!), { ...v1, endpointProtection: false, officeApps: false }, 'beta: every member');
  const listed = (await call('/v1.0/deviceManagement/managedDevices')).json.value.find((d: any) => d.id === withBeta.id);
  t.same(listed.configurationManagerClientEnabledFeatures, v1, 'in a list too');
});

t.test('$filter, $orderby, $count, $select over the fleet', async (t) => {
  const { call } = await build(t);
  const ios = await call(`/v1.0/deviceManagement/managedDevices?$filter=operatingSystem eq 'iOS'&$count=true&$select=id,operatingSystem`);
  t.equal(ios.statusCode, 200);
  const expected = fleet.filter((d) => d.operatingSystem === 'iOS').map((d) => d.id);
  t.same(ios.json.value.map((d: any) => d.id), expected);
  t.equal(ios.json['@odata.count'], expected.length);
  t.equal(ios.json['@odata.context'], 'http://localhost:80/v1.0/$metadata#deviceManagement/managedDevices(id,operatingSystem)');

  const enumFilter = await call(`/v1.0/deviceManagement/managedDevices?$filter=complianceState eq 'noncompliant' or complianceState eq microsoft.graph.complianceState'inGracePeriod'`);
  t.same(enumFilter.json.value.map((d: any) => d.id).sort(), fleet.filter((d) => d.complianceState === 'noncompliant' || d.complianceState === 'inGracePeriod').map((d) => d.id).sort());

  const dates = await call(`/v1.0/deviceManagement/managedDevices?$filter=lastSyncDateTime gt 2026-01-01T00:00:00Z and startswith(deviceName,'galaxy')`);
  t.same(dates.json.value.map((d: any) => d.id).sort(),
    fleet.filter((d) => Date.parse(d.lastSyncDateTime!) > Date.parse('2026-01-01T00:00:00Z') && d.deviceName!.toLowerCase().startsWith('galaxy')).map((d) => d.id).sort());

  const ordered = await call(`/v1.0/deviceManagement/managedDevices?$orderby=operatingSystem desc,deviceName&$select=operatingSystem,deviceName`);
  const pairs = ordered.json.value.map((d: any) => [d.operatingSystem.toLowerCase(), d.deviceName.toLowerCase()]);
  const sorted = [...pairs].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? 1 : -1));
  t.same(pairs, sorted);
});

t.test('paging: $top pages with an absolute nextLink that keeps the options, followed to the end', async (t) => {
  const { call } = await build(t);
  const seen: string[] = [];
  let url: string | undefined = `/v1.0/deviceManagement/managedDevices?$top=5&$select=id&$orderby=deviceName&$count=true`;
  let pages = 0;
  while (url) {
    const res = await call(url);
    t.equal(res.statusCode, 200);
    t.equal(res.json['@odata.count'], fleet.length);
    seen.push(...res.json.value.map((d: any) => d.id));
    const next: string | undefined = res.json['@odata.nextLink'];
    if (next) {
      t.match(next, /^http:\/\/localhost:80\/v1\.0\/deviceManagement\/managedDevices\?\$top=5&\$select=id&\$orderby=deviceName&\$count=true&\$skiptoken=/);
      url = next.replace('http://localhost:80', '');
    } else url = undefined;
    pages++;
  }
  t.equal(pages, Math.ceil(fleet.length / 5));
  t.equal(new Set(seen).size, fleet.length, 'every device exactly once');

  const skip = await call('/v1.0/deviceManagement/managedDevices?$skip=14&$select=id');
  t.same(skip.json.value.map((d: any) => d.id), fleet.slice(14).map((d) => d.id));

  const host = await call({ method: 'GET', url: '/v1.0/deviceManagement/managedDevices?$top=1', headers: { host: 'mock.localhost:9999' } });
  t.match(host.json['@odata.nextLink'], /^http:\/\/mock\.localhost:9999\/v1\.0\//, 'links use the caller\'s Host');

  graphError(t, await call('/v1.0/deviceManagement/managedDevices?$skiptoken=garbage'), 400, 'BadRequest');
});

t.test('a page never holds more than 1000 devices', async (t) => {
  const base = defaultFixture();
  const template = base.devices![0]!;
  const devices = Array.from({ length: 2500 }, (_, i) => ({ ...template, id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
  const { call } = await build(t, { fixture: { ...base, devices } });
  const first = await call('/v1.0/deviceManagement/managedDevices?$select=id&$top=5000');
  t.equal(first.json.value.length, 1000);
  const second = await call(first.json['@odata.nextLink'].replace('http://localhost:80', ''));
  t.equal(second.json.value[0].id, devices[1000]!.id);
  const third = await call(second.json['@odata.nextLink'].replace('http://localhost:80', ''));
  t.equal(third.json.value.length, 500);
  t.notOk(third.json['@odata.nextLink']);
});

t.test('malformed query options are 400 BadRequest naming the problem', async (t) => {
  const { call } = await build(t);
  const cases: Array<[string, RegExp]> = [
    [`$filter=operatingSystem eq`, /position/],
    [`$filter=nope eq 1`, /nope/],
    [`$filter=lastSyncDateTime gt '2024-01-01'`, /incompatible types/],
    [`$filter=complianceState eq 'sortof'`, /sortof/],
    [`$top=-1`, /\$top/],
    [`$top=abc`, /\$top/],
    [`$skip=x`, /\$skip/],
    [`$count=maybe`, /\$count/],
    [`$orderby=deviceName sideways`, /sideways|orderby/i],
    [`$select=deviceName,nope`, /nope/],
    [`$expand=deviceCategory`, /\$expand/],
    [`$top=1&$top=2`, /\$top/],
    [`$bogus=1`, /\$bogus/],
  ];
  for (const [q, message] of cases) {
    const err = graphError(t, await call(`/v1.0/deviceManagement/managedDevices?${q}`), 400, 'BadRequest');
    t.match(err.message, message, q);
  }
  graphError(t, await call(`/v1.0/deviceManagement/managedDevices/${iphone.id}?$top=1`), 400, 'BadRequest');
});

t.test('user and me paths see only that user\'s devices', async (t) => {
  const { call } = await build(t);
  const users = defaultFixture().users!;
  const megan = users.find((u) => fleet.filter((d) => d.userId === u.id).length >= 2)!;
  const mine = fleet.filter((d) => d.userId === megan.id).map((d) => d.id);
  for (const key of [megan.id, megan.userPrincipalName, megan.userPrincipalName.toUpperCase()]) {
    const res = await call(`/v1.0/users/${encodeURIComponent(key)}/managedDevices?$select=id`);
    t.equal(res.statusCode, 200, key);
    t.same(res.json.value.map((d: any) => d.id), mine);
    t.equal(res.json['@odata.context'], `http://localhost:80/v1.0/$metadata#users('${megan.id}')/managedDevices(id)`);
  }
  const one = await call(`/v1.0/users/${megan.id}/managedDevices/${mine[0]}`);
  t.equal(one.json.id, mine[0]);
  const other = fleet.find((d) => d.userId !== megan.id)!;
  graphError(t, await call(`/v1.0/users/${megan.id}/managedDevices/${other.id}`), 404, 'ResourceNotFound');
  const nobody = graphError(t, await call('/v1.0/users/nobody@contoso.onmicrosoft.com/managedDevices'), 404, 'Request_ResourceNotFound');
  t.match(nobody.message, /Resource 'nobody@contoso\.onmicrosoft\.com' does not exist/);

  const admin = users[0]!;
  const me = await call('/v1.0/me/managedDevices?$select=id');
  t.same(me.json.value.map((d: any) => d.id), fleet.filter((d) => d.userId === admin.id).map((d) => d.id), '/me is the first fixture user');
  t.ok(me.json.value.length > 0);
  const meOne = await call(`/beta/me/managedDevices/${me.json.value[0].id}`);
  t.equal(meOne.statusCode, 200);
});

t.test('unknown device, OData key syntax and case-insensitive paths', async (t) => {
  const { call } = await build(t);
  const err = graphError(t, await call('/v1.0/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000000'), 404, 'ResourceNotFound');
  const inner = JSON.parse(err.message);
  t.equal(inner._version, 3, 'Intune-style JSON message');
  t.match(inner.Message, /managedDevices\('00000000-0000-0000-0000-000000000000'\)/);
  t.equal((await call(`/v1.0/deviceManagement/managedDevices('${iphone.id}')`)).json.id, iphone.id);
  t.equal((await call(`/v1.0/deviceManagement/managedDevices(${iphone.id})?$select=id`)).json.id, iphone.id);
  t.equal((await call(`/V1.0/DeviceManagement/ManagedDevices/${iphone.id.toUpperCase()}`)).json.id, iphone.id);
});

t.test('compliance policies, read-only', async (t) => {
  const { call } = await build(t);
  const policies = defaultFixture().compliancePolicies!;
  const list = await call('/v1.0/deviceManagement/deviceCompliancePolicies');
  t.equal(list.statusCode, 200);
  t.same(list.json.value.map((p: any) => p['@odata.type']).sort(), policies.map((p) => p['@odata.type']).sort());
  const ios = policies.find((p) => p['@odata.type'] === '#microsoft.graph.iosCompliancePolicy')!;
  const one = await call(`/v1.0/deviceManagement/deviceCompliancePolicies/${ios.id}`);
  t.equal(one.json.passcodeRequired, true);
  t.equal(one.json['@odata.context'], 'http://localhost:80/v1.0/$metadata#deviceManagement/deviceCompliancePolicies/$entity');
  const sel = await call(`/v1.0/deviceManagement/deviceCompliancePolicies?$select=displayName&$filter=displayName eq '${ios.displayName}'`);
  t.same(sel.json.value, [{ '@odata.type': ios['@odata.type'], displayName: ios.displayName }]);
  graphError(t, await call('/v1.0/deviceManagement/deviceCompliancePolicies/nope'), 404, 'ResourceNotFound');
  graphError(t, await call({ method: 'DELETE', url: `/v1.0/deviceManagement/deviceCompliancePolicies/${ios.id}` }), 400, 'No method match route template');
});

t.test('a single GET checks whose devices first, then $select, then the device', async (t) => {
  const { call } = await build(t);
  const unknownUser = await call('/v1.0/users/nobody@contoso.onmicrosoft.com/managedDevices/00000000-0000-0000-0000-000000000000?$select=bogus');
  graphError(t, unknownUser, 404, 'Request_ResourceNotFound');
  const badSelect = await call('/v1.0/deviceManagement/managedDevices/00000000-0000-0000-0000-000000000000?$select=bogus');
  graphError(t, badSelect, 400, 'BadRequest');
  t.match(badSelect.json.error.message, /bogus/);
});

t.test('deviceActionResults: [] in every list, filled on a single GET', async (t) => {
  const { call, clock } = await build(t);
  const owner = defaultFixture().users!.find((u) => u.id === iphone.userId)!;
  t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${iphone.id}/remoteLock` })).statusCode, 204);
  clock.advance(1000);
  for (const version of ['v1.0', 'beta']) {
    const single = (await call(`/${version}/deviceManagement/managedDevices/${iphone.id}`)).json.deviceActionResults;
    t.match(single, [{ actionName: 'remoteLock' }], `${version}: a plain single GET shows the result`);
    const selected = (await call(`/${version}/deviceManagement/managedDevices/${iphone.id}?$select=deviceActionResults`)).json;
    t.match(selected.deviceActionResults, [{ actionName: 'remoteLock' }], `${version}: and so does one with $select`);
    for (const list of [
      `/${version}/deviceManagement/managedDevices`,
      `/${version}/deviceManagement/managedDevices?$select=id,deviceActionResults`,
      `/${version}/users/${owner.id}/managedDevices`,
    ]) {
      const row = (await call(list)).json.value.find((d: any) => d.id === iphone.id);
      t.same(row.deviceActionResults, [], `${list}: empty in a list`);
    }
  }
});

t.test('@odata.count: the page\'s size unless $count=true asks for every match, on every Intune collection', async (t) => {
  const { call } = await build(t);
  const owner = defaultFixture().users!.find((u) => fleet.filter((d) => d.userId === u.id).length >= 2)!;
  const owned = fleet.filter((d) => d.userId === owner.id).length;
  const cases: Array<[string, number]> = [
    ['/v1.0/deviceManagement/managedDevices', fleet.length],
    ['/beta/deviceManagement/managedDevices', fleet.length],
    [`/v1.0/users/${owner.id}/managedDevices`, owned],
    ['/v1.0/deviceManagement/deviceCompliancePolicies', defaultFixture().compliancePolicies!.length],
  ];
  for (const [path, total] of cases) {
    t.ok(total > 1, `${path}: more than one to page through`);
    for (const count of ['', '&$count=false']) {
      const page = await call(`${path}?$top=1${count}`);
      t.equal(page.json['@odata.count'], 1, `${path}${count}: the page holds one`);
      t.ok(page.json['@odata.nextLink'], 'and there is more');
    }
    t.equal((await call(`${path}?$top=1&$count=true`)).json['@odata.count'], total, `${path}: $count=true counts every match`);
    t.equal((await call(`${path}?$top=0`)).json['@odata.count'], 0, `${path}: an empty page counts 0`);
  }
  const audits = await call('/beta/deviceManagement/remoteActionAudits');
  t.same(audits.json.value, []);
  t.equal(audits.json['@odata.count'], 0, 'remoteActionAudits too');
});

t.test('skip tokens in Intune\'s form: Skip=\'N\' in nextLinks, accepted under either spelling, 400 for anything else', async (t) => {
  const { call } = await build(t);
  const ids = fleet.map((d) => d.id);
  const first = await call('/v1.0/deviceManagement/managedDevices?$top=3&$select=id');
  t.equal(first.json['@odata.nextLink'], "http://localhost:80/v1.0/deviceManagement/managedDevices?$top=3&$select=id&$skiptoken=Skip%3D%273%27");
  const second = await call(first.json['@odata.nextLink'].replace('http://localhost:80', ''));
  t.same(second.json.value.map((d: any) => d.id), ids.slice(3, 6));
  t.match(second.json['@odata.nextLink'], /&\$skiptoken=Skip%3D%276%27$/, 'the previous token is replaced, not repeated');

  // What the admin center sends, and what a client that builds the token itself sends.
  for (const q of ["$skipToken=Skip='0'", "$skiptoken=Skip='4'", '$SKIPTOKEN=Skip%3D%274%27', "$skiptoken=skip='4'"]) {
    const res = await call(`/v1.0/deviceManagement/managedDevices?$top=2&$select=id&${q}`);
    t.equal(res.statusCode, 200, q);
    const at = Number(/'(\d+)'|%27(\d+)%27/.exec(q)!.slice(1).find(Boolean));
    t.same(res.json.value.map((d: any) => d.id), ids.slice(at, at + 2), `${q}: the page at ${at}`);
  }
  const far = await call(`/v1.0/deviceManagement/managedDevices?$skiptoken=Skip='${fleet.length}'`);
  t.same(far.json.value, [], 'past the end: an empty page');
  t.notOk(far.json['@odata.nextLink']);

  for (const bad of ['garbage', "Skip='-1'", 'Skip=2', "Skip='x'", "Skip='1'&$skipToken=Skip='2'", "Top='1'", '']) {
    const res = await call(`/v1.0/deviceManagement/managedDevices?$skiptoken=${bad}`);
    const err = graphError(t, res, 400, 'BadRequest');
    t.match(err.message, /\$skiptoken|skiptoken/i, `400 for ${JSON.stringify(bad)}`);
  }
  graphError(t, await call("/beta/deviceManagement/remoteActionAudits?$skiptoken=nope"), 400, 'BadRequest');
});

t.test('beta hardwareInformation: every member, real values only on a single GET that $selects it', async (t) => {
  const { call } = await build(t);
  const members = ['serialNumber', 'totalStorageSpace', 'freeStorageSpace', 'imei', 'meid', 'manufacturer', 'model', 'phoneNumber',
    'subscriberCarrier', 'cellularTechnology', 'wifiMac', 'operatingSystemLanguage', 'isSupervised', 'isEncrypted', 'batterySerialNumber',
    'batteryHealthPercentage', 'batteryChargeCycles', 'isSharedDevice', 'sharedDeviceCachedUsers', 'tpmSpecificationVersion',
    'operatingSystemEdition', 'deviceFullQualifiedDomainName', 'deviceGuardVirtualizationBasedSecurityHardwareRequirementState',
    'deviceGuardVirtualizationBasedSecurityState', 'deviceGuardLocalSystemAuthorityCredentialGuardState', 'osBuildNumber',
    'operatingSystemProductType', 'ipAddressV4', 'subnetAddress', 'esimIdentifier', 'systemManagementBIOSVersion', 'tpmManufacturer',
    'tpmVersion', 'wiredIPv4Addresses', 'batteryLevelPercentage', 'residentUsersCount', 'productName', 'deviceLicensingStatus',
    'deviceLicensingLastErrorCode', 'deviceLicensingLastErrorDescription'];
  const windows = fleet.find((d) => d.operatingSystem === 'Windows')!;
  const android = fleet.find((d) => d.operatingSystem === 'Android' && d.imei)!;
  const hw = async (id: string) => (await call(`/beta/deviceManagement/managedDevices/${id}?$select=id,hardwareInformation`)).json.hardwareInformation;

  const win = await hw(windows.id);
  t.same(Object.keys(win), members, 'the 40 members of the beta type, in its order');
  t.match(win, {
    serialNumber: windows.serialNumber, manufacturer: windows.manufacturer, model: windows.model, wifiMac: windows.wiFiMacAddress,
    totalStorageSpace: windows.totalStorageSpaceInBytes, freeStorageSpace: windows.freeStorageSpaceInBytes, isEncrypted: windows.isEncrypted,
    operatingSystemEdition: windows.skuFamily, operatingSystemProductType: windows.skuNumber,
    tpmSpecificationVersion: /^2\.0/, tpmManufacturer: /^[A-Z]{3,4}$/, deviceLicensingStatus: String,
  }, 'Windows: the device\'s own identifiers, TPM, edition');
  t.equal(win.batteryLevelPercentage, null);
  t.equal(win.productName, null);

  const iphoneHw = await hw(iphone.id);
  t.match(iphoneHw, { serialNumber: iphone.serialNumber, imei: iphone.imei, isSupervised: iphone.isSupervised, productName: /^iPhone\d+,\d+$/, cellularTechnology: 'GSM' });
  t.type(iphoneHw.batteryLevelPercentage, 'number');
  t.equal(iphoneHw.tpmVersion, null, 'no TPM on an iPhone');
  t.equal(iphoneHw.deviceLicensingStatus, 'unknown', 'Windows licensing: unknown elsewhere');

  t.match(await hw(android.id), { imei: android.imei, osBuildNumber: /^[A-Z0-9]{4}[.A-Z0-9]*/, productName: null });
  t.match(await hw(mac.id), { productName: mac.model, serialNumber: mac.serialNumber });

  // Not selected, or in a list (even selected): every member at its empty value.
  const plain = (await call(`/beta/deviceManagement/managedDevices/${windows.id}`)).json.hardwareInformation;
  const listed = (await call('/beta/deviceManagement/managedDevices?$select=id,hardwareInformation')).json.value.find((d: any) => d.id === windows.id).hardwareInformation;
  for (const empty of [plain, listed]) {
    t.same(Object.keys(empty), members);
    t.match(empty, { serialNumber: null, tpmVersion: null, totalStorageSpace: 0, isEncrypted: false, batteryLevelPercentage: null, deviceLicensingStatus: 'unknown', deviceGuardVirtualizationBasedSecurityState: 'running' });
  }
  t.notOk('hardwareInformation' in (await call(`/v1.0/deviceManagement/managedDevices/${windows.id}`)).json, 'beta only');
});

t.test('beta: a fixture device without hardwareInformation still reports its own identifiers there', async (t) => {
  const base = defaultFixture();
  const { hardwareInformation: _none, ...bare } = base.devices!.find((d) => d.operatingSystem === 'Windows')!;
  const { call } = await build(t, { fixture: { ...base, devices: [bare] } });
  const hw = (await call(`/beta/deviceManagement/managedDevices/${bare.id}?$select=hardwareInformation`)).json.hardwareInformation;
  t.match(hw, { serialNumber: bare.serialNumber, model: bare.model, totalStorageSpace: bare.totalStorageSpaceInBytes, tpmVersion: null, operatingSystemEdition: null });
});
