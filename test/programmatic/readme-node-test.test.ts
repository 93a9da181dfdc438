// The README's node:test example, as written there (keep the two in step). tap runs it and reads its TAP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startMock, type RunningMock } from 'intune-mock';

let mock: RunningMock;
before(async () => {
  mock = await startMock({ auth: 'off' }); // no tokens: Graph calls are the default tenant's, as is mock.client
});
after(() => mock.close());

test('an iOS passcode removal makes the device noncompliant', async () => {
  const api = mock.client;
  await api.reset();
  const { device } = await api.createDevice({ operatingSystem: 'iOS', simulation: { enrollment: 'device' } });

  const res = await fetch(`${mock.url}/v1.0/deviceManagement/managedDevices/${device.id}/resetPasscode`, { method: 'POST' });
  assert.equal(res.status, 204);
  await api.advanceClock(2); // the device checks in

  const state = await api.device(device.id);
  assert.equal(state.simulation.passcode.set, false);
  assert.equal(state.device.complianceState, 'noncompliant');
  assert.deepEqual(state.simulation.notifications.map((n) => n.type), ['setPasscode']);
});
