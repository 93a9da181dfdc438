/** The README's two walk-throughs, step by step, on the default fleet, as the curl commands run them. */
import t from 'tap';
import { build } from '../helpers/build.js';

const json = (payload: object) => ({ headers: { 'content-type': 'application/json' }, payload });

t.test('the Android work-profile reset token', async (t) => {
  const { call } = await build(t);
  const D = (await call(`/v1.0/deviceManagement/managedDevices?$filter=deviceName eq 'Galaxy S23'`)).json.value[0].id;
  let sim = (await call(`/_mock/devices/${D}`)).json.simulation;
  t.equal(sim.resetToken, 'inactive');
  t.same(sim.notifications.map((n: any) => n.type), ['activateResetToken']);
  t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${D}/resetPasscode` })).statusCode, 204);
  t.equal((await call({ method: 'POST', url: '/_mock/clock', ...json({ advanceSeconds: 2 }) })).statusCode, 200);
  const graph = () => call(`/v1.0/deviceManagement/managedDevices/${D}?$select=deviceActionResults`);
  t.equal((await graph()).json.deviceActionResults[0].actionState, 'notSupported');
  sim = (await call({ method: 'POST', url: `/_mock/devices/${D}/events`, ...json({ type: 'activateResetToken' }) })).json.simulation;
  t.equal(sim.resetToken, 'active');
  t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${D}/resetPasscode` })).statusCode, 204);
  await call({ method: 'POST', url: `/_mock/devices/${D}/events`, ...json({ type: 'checkIn' }) });
  const result = (await graph()).json.deviceActionResults[0];
  t.equal(result.actionState, 'done');
  t.match(result.passcode, /^[A-Z2-9]{8}$/);
});

t.test('iOS passcode removal under a compliance policy', async (t) => {
  const { call } = await build(t);
  const P = (await call(`/v1.0/deviceManagement/managedDevices?$filter=deviceName eq 'Megan''s iPhone'&$select=id`)).json.value[0].id;
  t.equal((await call({ method: 'POST', url: `/v1.0/deviceManagement/managedDevices/${P}/resetPasscode` })).statusCode, 204);
  const state = (await call({ method: 'POST', url: `/_mock/devices/${P}/events`, ...json({ type: 'checkIn' }) })).json;
  t.same(
    { passcode: state.simulation.passcode, notifications: state.simulation.notifications.map((n: any) => n.type), compliance: state.device.complianceState },
    { passcode: { set: false }, notifications: ['setPasscode'], compliance: 'noncompliant' },
  );
  t.equal((await call({ method: 'POST', url: `/_mock/devices/${P}/events`, ...json({ type: 'setPasscode' }) })).json.device.complianceState, 'compliant');
  const audits = (await call(`/beta/deviceManagement/remoteActionAudits?$filter=managedDeviceId eq '${P}'`)).json.value;
  t.match(audits, [{ action: 'resetPasscode', actionState: 'done', initiatedByUserPrincipalName: 'admin@contoso.onmicrosoft.com' }]);
});
