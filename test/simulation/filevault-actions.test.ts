/**
 * FileVault (docs/simulation.md#remote-actions): beta rotateFileVaultKey on every kind of device under both
 * rulesets, what a Mac does at check-in (a new key, or `failed` with FileVault off or no escrow), the audit row,
 * and beta getFileVaultKey() reading the escrowed key on every path and form, its refusals and permissions.
 * The expectations are written out from the Intune page (rotate-filevault-recovery-key.md), not from the rules.
 */
import t from 'tap';
import type { FixtureDevice } from '../../src/schemas/fixture.js';
import { build, graphError } from '../helpers/build.js';
import { USER, android, simFixture } from '../helpers/sim-fixture.js';

const BETA = '/beta/deviceManagement/managedDevices';
const V1 = '/v1.0/deviceManagement/managedDevices';
const KEY = /^[A-Z2-9]{4}(-[A-Z2-9]{4}){5}$/;

const mac = (id: string, extra: Partial<FixtureDevice> = {}): FixtureDevice =>
  ({ id, deviceName: id, operatingSystem: 'macOS', osVersion: '15.6.1', managedDeviceOwnerType: 'company', simulation: { enrollment: 'device' }, ...extra });

const KINDS = {
  mac: mac('mac'),
  macOff: mac('mac-off', { simulation: { enrollment: 'device', fileVault: { enabled: false } } }),
  macNoEscrow: mac('mac-no-escrow', { simulation: { enrollment: 'device', fileVault: { enabled: true, escrowed: false } } }),
  macPersonal: mac('mac-byod', { managedDeviceOwnerType: 'personal' }),
  ios: { id: 'ios', deviceName: 'ios', operatingSystem: 'iOS', osVersion: '18.5', isSupervised: true, managedDeviceOwnerType: 'company', simulation: { enrollment: 'device' } },
  win: { id: 'win', deviceName: 'win', operatingSystem: 'Windows', osVersion: '10.0.26100.2605', managedDeviceOwnerType: 'company' },
  cobo: android('cobo', '14', { enrollment: 'fullyManaged' }),
} satisfies Record<string, FixtureDevice>;
type Kind = keyof typeof KINDS;
const ALL = Object.keys(KINDS) as Kind[];
/** rotate-filevault-recovery-key.md: corporate-owned Macs (FileVault on and escrowed is judged at check-in). */
const ACCEPTED: Kind[] = ['mac', 'macOff', 'macNoEscrow'];

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  ({ method: 'POST' as const, url, headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers }, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }) });
const resultOf = (graph: any) => graph.deviceActionResults.find((r: any) => r.actionName === 'rotateFileVaultKey');

for (const ruleset of ['2018', '2025'] as const) {
  t.test(`${ruleset}: rotateFileVaultKey on every kind of device`, async (t) => {
    const { call, clock } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { ruleset } });
    for (const kind of ALL) {
      const id = KINDS[kind].id;
      const res = await call(post(`${BETA}/${id}/rotateFileVaultKey`));
      const ok = ACCEPTED.includes(kind);
      t.equal(res.statusCode, ok ? 204 : 400, `${kind}: ${ok ? 'accepted' : 'refused'}`);
      if (!ok) {
        t.match(JSON.parse(res.json.error.message).Message, /The rotateFileVaultKey action is not supported on this device/);
        t.same((await call(`/_mock/devices/${id}`)).json.pendingActions, [], `${kind}: nothing queued`);
      }
    }
    const pending = resultOf((await call(`${BETA}/mac?$select=deviceActionResults`)).json);
    t.match(pending, { '@odata.type': '#microsoft.graph.deviceActionResult', actionState: 'pending' });
    clock.advance(2000);
    const at = new Date(clock.now()).toISOString();
    const states = Object.fromEntries(await Promise.all(ACCEPTED.map(async (k) => [k, resultOf((await call(`${BETA}/${KINDS[k].id}?$select=deviceActionResults`)).json).actionState])));
    t.same(states, { mac: 'done', macOff: 'failed', macNoEscrow: 'failed' }, 'done with FileVault on and escrowed, else failed');
    const sim = (await call('/_mock/devices/mac')).json.simulation;
    t.match(sim.fileVault, { enabled: true, recoveryKey: KEY, rotatedAt: at }, 'a new key at the check-in');
    t.same((await call('/_mock/devices/mac-off')).json.simulation.fileVault, { enabled: false }, 'nothing changes with FileVault off');
    const audits = (await call('/beta/deviceManagement/remoteActionAudits')).json.value;
    t.same(audits.map((a: any) => [a.managedDeviceId, a.action, a.actionState]).sort(),
      [['mac', 'rotateFileVaultKey', 'done'], ['mac-no-escrow', 'rotateFileVaultKey', 'failed'], ['mac-off', 'rotateFileVaultKey', 'failed']], 'one audit row each');
  });
}

t.test('rotateFileVaultKey and getFileVaultKey are beta only: /v1.0 does not have the segments', async (t) => {
  const { call } = await build(t, { fixture: simFixture(Object.values(KINDS)) });
  t.equal(graphError(t, await call(post(`${V1}/mac/rotateFileVaultKey`)), 400, 'BadRequest').message, "Resource not found for the segment 'rotateFileVaultKey'.");
  t.equal(graphError(t, await call(`${V1}/mac/getFileVaultKey()`), 400, 'BadRequest').message, "Resource not found for the segment 'getFileVaultKey'.");
  t.equal(graphError(t, await call(`${V1}/mac/getFileVaultKey`), 400, 'BadRequest').message, "Resource not found for the segment 'getFileVaultKey'.");
  t.match(graphError(t, await call(post(`${BETA}/mac/rotateFileVaultKey`, { key: 'x' })), 400, 'BadRequest').message,
    /'key' in the request payload is not a valid parameter for the operation 'rotateFileVaultKey'/, 'no parameters');
  t.match(graphError(t, await call(post(`${BETA}/mac/getFileVaultKey()`)), 400, 'No method match route template').message, /with http verb POST/, 'a function is a GET');
});

t.test('getFileVaultKey(): the escrowed key on every path and form, the same until a rotation replaces it at check-in', async (t) => {
  const { call, clock } = await build(t, { fixture: simFixture(Object.values(KINDS)) });
  const first = await call(`${BETA}/mac/getFileVaultKey()`);
  t.equal(first.statusCode, 200);
  t.match(first.json, { '@odata.context': /\/beta\/\$metadata#Edm\.String$/, value: KEY });
  t.same(Object.keys(first.json).sort(), ['@odata.context', 'value']);
  const key = first.json.value as string;
  const paths = [
    `${BETA}/mac/getFileVaultKey`, `${BETA}/mac/microsoft.graph.getFileVaultKey()`, `${BETA}/mac/microsoft.graph.getFileVaultKey`,
    `${BETA}('mac')/getFileVaultKey()`, `/beta/users/${USER.id}/managedDevices/mac/getFileVaultKey()`,
    `/beta/users/${USER.userPrincipalName}/managedDevices/mac/microsoft.graph.getFileVaultKey()`, '/beta/me/managedDevices/mac/getFileVaultKey()',
  ];
  for (const url of paths) t.equal((await call(url)).json.value, key, url);
  t.same((await call('/_mock/devices/mac')).json.simulation.fileVault, undefined, 'a read writes nothing');
  t.not((await call(`${BETA}/mac-off/getFileVaultKey()`)).json.value, key, 'each Mac has its own key');

  t.equal((await call(post(`${BETA}/mac/rotateFileVaultKey`))).statusCode, 204);
  t.equal((await call(`${BETA}/mac/getFileVaultKey()`)).json.value, key, 'the old key until the Mac checks in');
  clock.advance(2000);
  const rotated = (await call(`${BETA}/mac/getFileVaultKey()`)).json.value;
  t.match(rotated, KEY);
  t.not(rotated, key, 'a new key after the check-in');
  t.equal(rotated, (await call('/_mock/devices/mac')).json.simulation.fileVault.recoveryKey, 'the key the control API shows');
  graphError(t, await call(`${BETA}/unknown-device/getFileVaultKey()`), 404, 'ResourceNotFound');
});

t.test('getFileVaultKey(): 400 for a device Intune holds no key of', async (t) => {
  const { call } = await build(t, { fixture: simFixture(Object.values(KINDS)) });
  const why: Partial<Record<Kind, RegExp>> = {
    macOff: /FileVault is off/, macNoEscrow: /not escrowed with Intune/, macPersonal: /corporate-owned Macs only/,
    ios: /FileVault is macOS's/, win: /FileVault is macOS's/, cobo: /FileVault is macOS's/,
  };
  for (const [kind, reason] of Object.entries(why)) {
    const error = graphError(t, await call(`${BETA}/${KINDS[kind as Kind].id}/getFileVaultKey()`), 400, 'BadRequest');
    t.match(JSON.parse(error.message).Message, /The getFileVaultKey function is not supported on this device/, kind);
    t.match(JSON.parse(error.message).Message, reason, kind);
  }
});

t.test('permissions: rotateFileVaultKey takes PrivilegedOperations.All; getFileVaultKey() Configuration.Read.All or PrivilegedOperations.All', async (t) => {
  const { call } = await build(t, { fixture: simFixture(Object.values(KINDS)), config: { auth: 'strict' } });
  const as = async (roles: string[]) => ({ authorization: `Bearer ${(await call({ method: 'POST', url: '/_mock/tokens', payload: { roles } })).json.access_token}` });
  const readWrite = await as(['DeviceManagementManagedDevices.ReadWrite.All']);
  const configRead = await as(['DeviceManagementConfiguration.Read.All']);
  const privileged = await as(['DeviceManagementManagedDevices.PrivilegedOperations.All']);
  t.match(graphError(t, await call(post(`${BETA}/mac/rotateFileVaultKey`, undefined, readWrite)), 403, 'Forbidden').message, /scopes: DeviceManagementManagedDevices\.PrivilegedOperations\.All/);
  t.match(graphError(t, await call(post(`${BETA}/mac/rotateFileVaultKey`, undefined, configRead)), 403, 'Forbidden').message, /PrivilegedOperations\.All/);
  t.equal((await call(post(`${BETA}/mac/rotateFileVaultKey`, undefined, privileged))).statusCode, 204);
  const refused = graphError(t, await call({ url: `${BETA}/mac/getFileVaultKey()`, headers: readWrite }), 403, 'Forbidden');
  t.match(refused.message, /scopes: DeviceManagementConfiguration\.Read\.All, DeviceManagementConfiguration\.ReadWrite\.All, DeviceManagementManagedDevices\.PrivilegedOperations\.All/);
  t.equal((await call({ url: `${BETA}/mac/getFileVaultKey()`, headers: configRead })).statusCode, 200, 'Configuration.Read.All (permissions.json)');
  t.equal((await call({ url: `${BETA}/mac/getFileVaultKey()`, headers: privileged })).statusCode, 200, 'PrivilegedOperations.All (the learn page)');
});
