import t from 'tap';
import { build, defaultFixture, graphError } from '../helpers/build.js';

const fleet = defaultFixture().devices ?? [];
const device = fleet[2]!;
const url = `/v1.0/deviceManagement/managedDevices/${device.id}`;
const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

t.test('PATCH writes the writable properties and answers 204 with no body', async (t) => {
  const { call } = await build(t);
  const res = await call({ method: 'PATCH', url, ...json({ managedDeviceName: 'renamed', notes: 'lost in Lisbon', managedDeviceOwnerType: 'personal' }) });
  t.equal(res.statusCode, 204);
  t.equal(res.body, '');
  const after = await call(`${url}?$select=managedDeviceName,notes,managedDeviceOwnerType`);
  t.same(
    { managedDeviceName: after.json.managedDeviceName, notes: after.json.notes, managedDeviceOwnerType: after.json.managedDeviceOwnerType },
    { managedDeviceName: 'renamed', notes: 'lost in Lisbon', managedDeviceOwnerType: 'personal' },
  );
  const beta = await call(`/beta/deviceManagement/managedDevices/${device.id}?$select=ownerType`);
  t.equal(beta.json.ownerType, 'personal', 'the beta twin follows');
  t.equal((await call({ method: 'PATCH', url, ...json({ notes: null }) })).statusCode, 204, 'null clears a nullable property');
  t.equal((await call(`${url}?$select=notes`)).json.notes, null);
  t.equal((await call({ method: 'PATCH', url, headers: { 'content-type': 'application/json' } })).statusCode, 204, 'an empty body changes nothing');
});

t.test('PATCH refuses anything else, naming the property, and changes nothing', async (t) => {
  const { call } = await build(t);
  const before = (await call(url)).json;
  const cases: Array<[unknown, string, RegExp]> = [
    [{ deviceName: 'x' }, 'ModelValidationFailure', /'deviceName' is read-only/],
    [{ notes: 'ok', complianceState: 'compliant' }, 'ModelValidationFailure', /'complianceState' is read-only/],
    [{ ownerType: 'company' }, 'ModelValidationFailure', /'ownerType' is read-only/],
    [{ colour: 'red' }, 'ModelValidationFailure', /The property 'colour' does not exist on type 'microsoft\.graph\.managedDevice'/],
    [{ managedDeviceName: 42 }, 'ModelValidationFailure', /'42'.*Edm\.String.*managedDeviceName/],
    [{ managedDeviceOwnerType: 'borrowed' }, 'ModelValidationFailure', /borrowed.*managedDeviceOwnerType/],
    [[1, 2], 'ModelValidationFailure', /JSON object/],
  ];
  for (const [body, code, message] of cases) {
    const err = graphError(t, await call({ method: 'PATCH', url, ...json(body) }), 400, code);
    t.match(err.message, message, JSON.stringify(body));
  }
  t.same((await call(url)).json, before, 'the device is unchanged');
  graphError(t, await call({ method: 'PATCH', url: '/v1.0/deviceManagement/managedDevices/nope', ...json({ notes: 'x' }) }), 404, 'ResourceNotFound');
});

t.test('DELETE removes the device from every view', async (t) => {
  const { call } = await build(t);
  const res = await call({ method: 'DELETE', url });
  t.equal(res.statusCode, 204);
  graphError(t, await call(url), 404, 'ResourceNotFound');
  const list = await call('/v1.0/deviceManagement/managedDevices?$select=id&$count=true');
  t.equal(list.json['@odata.count'], fleet.length - 1);
  t.notOk(list.json.value.some((d: any) => d.id === device.id));
  graphError(t, await call({ method: 'DELETE', url }), 404, 'ResourceNotFound');
});

t.test('tenants are isolated: a change in one is not seen by a fresh app', async (t) => {
  const a = await build(t);
  await a.call({ method: 'DELETE', url });
  const b = await build(t);
  t.equal((await b.call(url)).statusCode, 200);
});
