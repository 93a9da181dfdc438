/**
 * Names every JavaScript object inherits (`toString`, `constructor`, `hasOwnProperty`) are not names of
 * Graph's: as a $filter function, a PATCH property, a complex parameter's member or a bulk action's
 * parameter they are refused like any unknown name (400), never looked up on Object.prototype (a 500, or
 * a wrong answer). docs/reliability.md#error-shapes
 */
import t from 'tap';
import { build } from '../helpers/build.js';
import { simFixture } from '../helpers/sim-fixture.js';

const MD = '/v1.0/deviceManagement/managedDevices';
const hub = { id: 'hub', deviceName: 'hub', operatingSystem: 'Windows', osVersion: '10.0.19045.4170', model: 'Surface Hub 2S', simulation: { enrollment: 'device' as const } };
const json = { 'content-type': 'application/json' };

t.test('inherited names are unknown names', async (t) => {
  const { call } = await build(t, { fixture: simFixture([hub]), config: { auth: 'off' } });
  for (const name of ['toString', 'constructor', 'hasOwnProperty']) {
    const filter = await call(`${MD}?$filter=${name}(deviceName) eq 'x'`);
    t.equal(filter.statusCode, 400, `$filter ${name}()`);
    t.equal(filter.json.error.message, `Unknown function '${name}'.`);

    const patch = await call({ method: 'PATCH', url: `${MD}/hub`, headers: json, payload: { [name]: 1 } });
    t.equal(patch.statusCode, 400, `PATCH ${name}`);
    t.match(patch.json.error.message, `The property '${name}' does not exist on type 'microsoft.graph.managedDevice'`);

    for (const body of [{ [name]: true }, { deviceAccount: { [name]: 1 } }]) {
      const res = await call({ method: 'POST', url: `${MD}/hub/updateWindowsDeviceAccount`, headers: json, payload: { updateWindowsDeviceAccountActionParameter: body } });
      t.equal(res.statusCode, 400, `updateWindowsDeviceAccount member ${JSON.stringify(body)}`);
      t.match(res.json.error.message, `The property '${name}' does not exist on type`);
    }

    const bulk = await call({ method: 'POST', url: '/beta/deviceManagement/managedDevices/executeAction', headers: json, payload: { actionName: 'syncDevice', deviceIds: ['hub'], [name]: 'x' } });
    t.equal(bulk.statusCode, 400, `executeAction parameter ${name}`);
    t.match(bulk.json.error.message, `The parameter '${name}' in the request payload is not a valid parameter for the operation 'executeAction'.`);
  }
});
