/** The action's life (docs/simulation.md#resetpasscode): check-in by delay, by event, never offline; replacement; expiry; audits. */
import t from 'tap';
import { build, graphError } from '../helpers/build.js';
import { USER, android, apple, simFixture } from '../helpers/sim-fixture.js';

const DA = android('da', '6.0.1', { enrollment: 'deviceAdministrator' });
const url = (id: string) => `/v1.0/deviceManagement/managedDevices/${id}`;
const reset = (id: string, prefix = '/v1.0/deviceManagement') => ({ method: 'POST' as const, url: `${prefix}/managedDevices/${id}/resetPasscode` });
const resultOf = async (call: Awaited<ReturnType<typeof build>>['call'], id: string) =>
  (await call(`${url(id)}?$select=deviceActionResults`)).json.deviceActionResults[0];
const event = (id: string, type: string, extra: object = {}) => ({
  method: 'POST' as const, url: `/_mock/devices/${id}/events`, payload: { type, ...extra },
});

t.test('the device checks in checkInDelaySeconds after the request, on the mock clock', async (t) => {
  const slow = { ...DA, id: 'slow', simulation: { ...DA.simulation, checkInDelaySeconds: 30 } };
  const { call, clock } = await build(t, { fixture: simFixture([DA, slow]), config: { checkInDelay: 5 } });
  t.equal((await call(reset('da'))).statusCode, 204);
  t.equal((await call(reset('slow'))).statusCode, 204);
  const pending = (await call('/_mock/devices/da')).json.pendingActions;
  t.match(pending, [{ action: 'resetPasscode', requestedAt: new Date(clock.now()).toISOString(), checkInAt: new Date(clock.now() + 5000).toISOString() }]);
  clock.advance(4999);
  t.equal((await resultOf(call, 'da')).actionState, 'pending', 'not yet');
  clock.advance(1);
  t.equal((await resultOf(call, 'da')).actionState, 'done', 'config delay: 5 s');
  t.equal((await resultOf(call, 'slow')).actionState, 'pending', 'its own delay: 30 s');
  const res = await call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 25 } });
  t.equal(res.statusCode, 200);
  t.equal(res.json.now, new Date(clock.now() + 25_000).toISOString(), 'the tenant\'s clock: the base clock plus what was added');
  t.equal((await resultOf(call, 'slow')).actionState, 'done');
});

t.test('a checkIn event applies the action at once; an offline device never checks in', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([DA]) });
  await call(event('da', 'goOffline'));
  t.equal((await call(reset('da'))).statusCode, 204, 'accepted while offline');
  t.match((await call('/_mock/devices/da')).json.pendingActions, [{ checkInAt: null }]);
  clock.advance(30 * 24 * 3600 * 1000);
  t.equal((await resultOf(call, 'da')).actionState, 'pending', 'still pending a month later');
  const refused = await call(event('da', 'checkIn'));
  t.equal(refused.statusCode, 409);
  t.match(refused.json.error, { code: 'conflict', message: /offline/ });
  t.equal((await call(event('da', 'goOnline'))).statusCode, 200);
  t.equal((await resultOf(call, 'da')).actionState, 'pending', 'back online: checks in after its delay');
  const checked = await call(event('da', 'checkIn'));
  t.equal(checked.statusCode, 200);
  t.same(checked.json.pendingActions, []);
  t.equal((await resultOf(call, 'da')).actionState, 'done', 'the checkIn event applied it');
  clock.advance(5000);
  t.equal((await resultOf(call, 'da')).actionState, 'done', 'the stale scheduled check-in does nothing');
});

t.test('going offline after the request holds the action until the device returns', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([DA]) });
  await call(reset('da'));
  await call(event('da', 'goOffline'));
  clock.advance(10_000);
  t.equal((await resultOf(call, 'da')).actionState, 'pending');
  await call(event('da', 'goOnline'));
  clock.advance(2000);
  t.equal((await resultOf(call, 'da')).actionState, 'done');
});

t.test('a second reset while one is pending replaces it: one result, the first audit cancelled', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([DA]) });
  await call(reset('da'));
  const first = await resultOf(call, 'da');
  clock.advance(1000);
  t.equal((await call(reset('da'))).statusCode, 204);
  const results = (await call(`${url('da')}?$select=deviceActionResults`)).json.deviceActionResults;
  t.equal(results.length, 1, 'one entry per action name');
  t.not(results[0].startDateTime, first.startDateTime, 'the latest request');
  const audits = (await call('/beta/deviceManagement/remoteActionAudits?$orderby=requestDateTime')).json.value;
  t.same(audits.map((a: any) => a.actionState), ['canceled', 'pending']);
  clock.advance(2000);
  t.same((await call('/beta/deviceManagement/remoteActionAudits?$orderby=requestDateTime&$select=actionState')).json.value.map((a: any) => a.actionState), ['canceled', 'done']);
  t.equal((await resultOf(call, 'da')).actionState, 'done');
});

t.test('a generated passcode reads null after 7 days', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([DA]) });
  await call(reset('da'));
  clock.advance(2000);
  const code = (await resultOf(call, 'da')).passcode;
  t.match(code, /^\d{6}$/);
  clock.advance(7 * 24 * 3600 * 1000 - 1);
  t.equal((await resultOf(call, 'da')).passcode, code, 'still there just before 7 days');
  t.equal((await call(url('da'))).json.deviceActionResults[0].passcode, code, 'also on a plain GET');
  clock.advance(1);
  t.equal((await resultOf(call, 'da')).passcode, null, 'gone at 7 days');
  t.equal((await call(url('da'))).json.deviceActionResults[0].passcode, null, 'on a plain GET too');
  t.same((await call('/v1.0/deviceManagement/managedDevices')).json.value[0].deviceActionResults, [], 'a list never shows results');
  t.equal((await call('/_mock/devices/da')).json.simulation.passcode.value, code, 'the device keeps it');
});

t.test('the audit trail: who, what, when, on which device', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([DA, apple('iphone', 'iOS', '17.4.1', 'device')]) });
  await call(reset('da'));
  clock.advance(60_000);
  await call(reset('iphone', `/beta/users/${USER.id}`));
  graphError(t, await call(reset('nope')), 404, 'ResourceNotFound');
  const audits = await call('/beta/deviceManagement/remoteActionAudits?$count=true&$orderby=requestDateTime desc');
  t.equal(audits.json['@odata.count'], 2, 'one per accepted request');
  t.match(audits.json.value, [
    { managedDeviceId: 'iphone', deviceDisplayName: 'apple-iphone', action: 'resetPasscode', actionState: 'pending', initiatedByUserPrincipalName: USER.userPrincipalName, userName: USER.userPrincipalName, deviceOwnerUserPrincipalName: USER.userPrincipalName, requestDateTime: new Date(clock.now()).toISOString() },
    { managedDeviceId: 'da', actionState: 'done', deviceIMEI: '356938035643809', deviceActionCategory: 'single', bulkDeviceActionId: null, deviceActionDetails: [] },
  ]);
  const one = await call(`/beta/deviceManagement/remoteActionAudits/${audits.json.value[0].id}?$select=id,actionState`);
  t.equal(one.json['@odata.context'], 'http://localhost:80/beta/$metadata#deviceManagement/remoteActionAudits(id,actionState)/$entity');
  t.same(Object.keys(one.json).sort(), ['@odata.context', 'actionState', 'id']);
  const filtered = await call(`/beta/deviceManagement/remoteActionAudits?$filter=managedDeviceId eq 'da' and actionState eq 'done'`);
  t.equal(filtered.json.value.length, 1);
  graphError(t, await call('/beta/deviceManagement/remoteActionAudits/nope'), 404, 'ResourceNotFound');
  graphError(t, await call('/v1.0/deviceManagement/remoteActionAudits'), 400, 'BadRequest');
});

t.test('the /users and /me paths behave the same, and only for the user\'s own devices', async (t) => {
  const other = { ...DA, id: 'other', userId: '22222222-2222-4222-8222-222222222222', userPrincipalName: 'alex@contoso.onmicrosoft.com' };
  const { call, clock } = await build(t, { fixture: simFixture([DA, other]) });
  for (const version of ['v1.0', 'beta']) {
    t.equal((await call(reset('da', `/${version}/users/${USER.userPrincipalName}`))).statusCode, 204, `${version} users`);
    t.equal((await call(reset('da', `/${version}/me`))).statusCode, 204, `${version} me`);
  }
  graphError(t, await call(reset('other', `/v1.0/users/${USER.id}`)), 404, 'ResourceNotFound');
  graphError(t, await call(reset('other', '/v1.0/me')), 404, 'ResourceNotFound');
  graphError(t, await call(reset('da', '/v1.0/users/nobody')), 404, 'Request_ResourceNotFound');
  clock.advance(2000);
  t.equal((await resultOf(call, 'da')).actionState, 'done');
  t.equal((await call('/beta/deviceManagement/remoteActionAudits?$count=true&$top=0')).json['@odata.count'], 4);
});

t.test('resetPasscode takes no body: empty with or without a JSON content type', async (t) => {
  const { call } = await build(t, { fixture: simFixture([DA]) });
  t.equal((await call({ ...reset('da'), headers: { 'content-type': 'application/json' } })).statusCode, 204, 'graph-client .post()');
  t.equal((await call({ ...reset('da'), headers: { 'content-length': '0' } })).statusCode, 204, 'Kiota');
  t.equal((await call({ ...reset('da'), payload: {} })).statusCode, 204, '{}');
  graphError(t, await call({ method: 'GET', url: `${url('da')}/resetPasscode` }), 400, 'No method match route template');
});

t.test('a seed makes generated passcodes repeatable', async (t) => {
  const run = async (seed: string) => {
    const { call, clock } = await build(t, { fixture: simFixture([DA, android('cosu', '11', { enrollment: 'dedicated' })]), config: { seed } });
    await call(reset('da'));
    await call(reset('cosu'));
    clock.advance(2000);
    return [(await resultOf(call, 'da')).passcode, (await resultOf(call, 'cosu')).passcode];
  };
  const a = await run('42');
  t.same(await run('42'), a, 'same seed, same passcodes');
  t.notSame(await run('43'), a, 'another seed, others');
});

t.test('check-ins due in several devices each happen at their own time when the clock moves; the clock validates its body', async (t) => {
  const devices = ['a', 'b', 'c'].map((id, i) => ({ ...DA, id, simulation: { ...DA.simulation, checkInDelaySeconds: 10 - i * 3 } }));
  const { call, clock } = await build(t, { fixture: simFixture(devices) });
  const start = clock.now();
  for (const d of devices) await call(reset(d.id));
  const res = await call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: 60 } });
  t.equal(res.statusCode, 200);
  const synced = await Promise.all(devices.map(async (d) => (await call(`${url(d.id)}?$select=lastSyncDateTime`)).json.lastSyncDateTime));
  t.same(synced, [10, 7, 4].map((s) => new Date(start + s * 1000).toISOString()), 'each at its own check-in time');
  const bad = await call({ method: 'POST', url: '/_mock/clock', payload: { advanceSeconds: -1 } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json.error.code, 'invalidRequest');
  t.equal((await call({ method: 'POST', url: '/_mock/clock', payload: { seconds: 1 } })).statusCode, 400);
  t.equal((await call('/_mock/clock')).json.now, new Date(start + 60_000).toISOString(), 'refused moves move nothing');
});

t.test('--max-audits: the newest are kept, the oldest dropped and counted (x-mock-audits-dropped); a pending action keeps running', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture([DA]), config: { maxAudits: 2 } });
  const list = () => call('/beta/deviceManagement/remoteActionAudits?$orderby=requestDateTime');
  t.equal((await call(reset('da'))).statusCode, 204);
  t.equal((await list()).headers['x-mock-audits-dropped'], undefined, 'no header before any is dropped');
  const times: string[] = [];
  for (let i = 0; i < 3; i++) {
    clock.advance(1000);
    t.equal((await call(reset('da'))).statusCode, 204);
    times.push(new Date(clock.now()).toISOString().replace(/\.\d+Z$/, ''));
  }
  const res = await list();
  t.equal(res.json.value.length, 2, 'two kept');
  t.same(res.json.value.map((a: any) => a.requestDateTime.slice(0, 19)), times.slice(1), 'the newest two');
  t.equal(res.headers['x-mock-audits-dropped'], '2', 'two dropped');
  clock.advance(2000);
  t.equal((await resultOf(call, 'da')).actionState, 'done', 'the action whose audit stays completes');
  t.equal((await list()).json.value.at(-1).actionState, 'done');
});
