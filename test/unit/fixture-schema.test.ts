import t from 'tap';
import { readFileSync } from 'node:fs';
import { fixtureJsonSchema } from '../../src/fixtures/fixture-json-schema.js';
import { validateFixture } from '../../src/fixtures/validate-fixture.js';
import { pointerToPath } from '../../src/lib/ajv.js';
import { defaultFixture } from '../helpers/build.js';
import { compiledValidatorsCode } from '../../scripts/compiled-validators-code.js';

t.test('fixtures/fixture.schema.json is what the TypeBox definition generates', async (t) => {
  const committed = readFileSync(new URL('../../fixtures/fixture.schema.json', import.meta.url), 'utf8');
  t.equal(committed, fixtureJsonSchema(), 'run `npm run fixtures:schema` after changing src/schemas');
});

t.test('src/lib/compiled-validators.ts is what ajv compiles from the schemas today', async (t) => {
  const committed = readFileSync(new URL('../../src/lib/compiled-validators.ts', import.meta.url), 'utf8');
  t.ok(committed === compiledValidatorsCode(), 'run `npm run fixtures:schema` after changing src/schemas or ConfigSchema');
});

t.test('the ahead-compiled validator (the device and its parts as functions of their own) reports what ajv does with the schema inlined', async (t) => {
  const { compileValidator } = await import('../../src/lib/ajv.js');
  const { fixture: compiledFixture } = await import('../../src/lib/compiled-validators.js');
  const { FixtureSchema } = await import('../../src/schemas/fixture.js');
  const ahead = compileValidator(FixtureSchema, compiledFixture);
  const inlined = compileValidator(FixtureSchema);
  const bad = structuredClone(defaultFixture()) as any;
  const d = bad.devices;
  d[0].simulation = { passcode: { set: 'yes', extra: 1 }, bitLocker: { nope: true }, location: { latitude: 'north' }, notifications: [{}, 'x'] };
  d[1].hardwareInformation = { batteryLevelPercentage: 'full', sharedDeviceCachedUsers: [{ userPrincipalName: 5 }, 7] };
  d[2].deviceActionResults = [{ actionName: 'x', actionState: 'sideways', startDateTime: 'then' }, null];
  d[3].simulation = 'online';
  d[4] = 'not a device';
  d[5].usersLoggedOn = [{ userId: 1, lastLogOnDateTime: 'x' }];
  d[6].simulation = { defender: { lastQuickScanAt: 'yesterday' }, fileVault: {}, sharedIPadUsers: [{}], lostMode: 3, deviceAccount: [] };
  d[7].hardwareInformation = [];
  d[8].chassisType = 'tower';
  bad.users[0].id = 4;
  for (const document of [bad, defaultFixture(), { devices: {} }, [], { devices: [null, 1, []] }]) {
    const got = ahead.problems(document);
    t.same(got, inlined.problems(document), 'the same problems, in the same order');
    if (document === bad) t.ok(got.length >= 20, `problems from each part (${got.length})`);
  }
});

t.test('problems come with JSON paths, all of them at once: schema and rules in one pass, in path order', async (t) => {
  const fx = defaultFixture();
  const bad = structuredClone(fx) as any;
  const iosIndex = bad.devices.findIndex((d: any) => d.operatingSystem === 'iOS');
  t.ok(iosIndex > 4, 'the default fixture has an iOS device after the fifth');
  bad.devices[0].complianceState = 'fine';
  bad.devices[1].lastSyncDateTime = 'yesterday';
  bad.devices[2].simulation = { resetToken: 'maybe', extra: 1 };
  bad.devices[3].id = bad.devices[4].id;
  bad.devices[iosIndex].simulation = { enrollment: 'workProfile' };
  bad.users[0]['odd key'] = 1;
  bad.users[1].userPrincipalName = bad.users[0].userPrincipalName.toUpperCase();
  bad.compliancePolicies.push({ '@odata.type': '#microsoft.graph.windows10CompliancePolicy', id: 'w', displayName: 'w' });
  const result = validateFixture(bad);
  t.equal(result.ok, false);
  const problems = result.ok ? [] : result.problems;
  t.match(problems, [
    { path: '$.compliancePolicies[2][\'@odata.type\']', message: /is not a type this mock supports/ },
    { path: '$.devices[0].complianceState', message: /must be one of/ },
    { path: '$.devices[1].lastSyncDateTime', message: /date-time/ },
    { path: '$.devices[2].simulation.extra', message: 'is not a known property' },
    { path: '$.devices[2].simulation.resetToken', message: /"inactive", "active"/ },
    { path: '$.devices[4].id', message: 'duplicates $.devices[3].id' },
    { path: `$.devices[${iosIndex}].simulation.enrollment`, message: "'workProfile' is not an enrollment of iOS devices (device, userEnrollment)" },
    { path: '$.users[0][\'odd key\']', message: 'is not a known property' },
    { path: '$.users[1].userPrincipalName', message: 'duplicates $.users[0].userPrincipalName' },
  ]);
  t.equal(problems.length, 9, 'every problem, each once');
  t.same(validateFixture(fx), { ok: true, fixture: fx });
  t.same(validateFixture([]), { ok: false, problems: [{ path: '$', message: 'must be object' }] });
});

t.test('the rules judge only what has the shape they read: a field the schema rejects is reported once', async (t) => {
  const result = validateFixture({
    devices: [
      { id: 'a', operatingSystem: 'iOS', simulation: { enrollment: 'sideways' } },
      { id: 7 },
      { id: 'a' },
      'not a device',
    ],
    users: { not: 'a list' },
    apps: [{ clientId: 'x', clientSecret: 's', roles: [42, 'User.Read'] }],
  });
  const problems = result.ok ? [] : result.problems;
  t.same(problems.filter((p) => p.path === '$.devices[0].simulation.enrollment').length, 1, 'an unknown enrollment: the schema says so, once');
  t.ok(problems.some((p) => p.path === '$.devices[2].id' && p.message === 'duplicates $.devices[0].id'), 'a duplicate among malformed neighbours');
  t.ok(problems.some((p) => p.path === '$.apps[0].roles[1]' && /delegated/.test(p.message)), 'a delegated role next to a malformed one');
  t.notOk(problems.some((p) => p.path === '$.apps[0].roles[0]' && /permission/.test(p.message)), 'a non-string role is the schema\'s');
  t.ok(problems.some((p) => p.path === '$.users'), 'users not a list: the schema');
  t.ok(problems.some((p) => p.path === '$.devices[3]'), 'a device that is not an object: the schema');
});

t.test('app roles must be Microsoft Graph application permissions, spelt exactly', async (t) => {
  const fx = {
    ...defaultFixture(),
    apps: [
      { clientId: 'ok', clientSecret: 's', roles: ['DeviceManagementManagedDevices.Read.All', 'User.Read.All'] },
      { clientId: 'bad', clientSecret: 's', roles: ['DeviceManagementManagedDevices.PrivilegedOperations.All', 'DeviceManagementManagedDevice.ReadWrite.All', 'User.Read', 'https://graph.microsoft.com/.default'] },
    ],
  };
  const result = validateFixture(fx);
  t.same(result.ok ? [] : result.problems.map((p) => p.path), ['$.apps[1].roles[1]', '$.apps[1].roles[2]', '$.apps[1].roles[3]']);
  const messages = result.ok ? [] : result.problems.map((p) => p.message);
  t.match(messages, [
    /^'DeviceManagementManagedDevice\.ReadWrite\.All' is not a Microsoft Graph application permission \(did you mean 'DeviceManagementManagedDevices\.ReadWrite\.All'\?\)$/,
    /^'User\.Read' is a delegated Microsoft Graph permission only/,
    /^'https:\/\/graph\.microsoft\.com\/\.default' is what a client asks the token endpoint for/,
  ]);
  fx.apps[1]!.roles = ['Mail.Read', 'DeviceManagementRBAC.Read.All'];
  t.equal(validateFixture(fx).ok, true, 'any Graph application permission, used by the mock or not');
});

t.test('JSON Pointer to JSONPath', async (t) => {
  t.equal(pointerToPath(''), '$');
  t.equal(pointerToPath('/devices/3/osVersion'), '$.devices[3].osVersion');
  t.equal(pointerToPath('/a~1b/c~0d/@odata.type'), "$['a/b']['c~d']['@odata.type']");
});

t.test('a fixture file is read in pieces (lib/read-json-file.ts) into what JSON.parse makes of it, or JSON.parse\'s own error', async (t) => {
  const { readJsonFile, readJsonFileHashedSync } = await import('../../src/lib/read-json-file.js');
  const { createHash } = await import('node:crypto');
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const file = `${mkdtempSync(`${tmpdir()}/read-json-`)}/f.json`;
  const same = async (text: string, what: string) => {
    writeFileSync(file, text);
    let want: unknown;
    let got: unknown;
    try { const v = JSON.parse(text) as object; want = [JSON.stringify(v), Object.getPrototypeOf(v) === Object.prototype]; } catch (err) { want = `error: ${(err as Error).message}`; }
    try { const v = await readJsonFile(file) as object; got = [JSON.stringify(v), Object.getPrototypeOf(v) === Object.prototype]; } catch (err) { got = `error: ${(err as Error).message}`; }
    t.same(got, want, what);
    // The synchronous reading (a seed file read again inside a unit of work), with the digest of the bytes.
    let gotSync: unknown;
    try {
      const read = readJsonFileHashedSync(file);
      const v = read.value as object;
      gotSync = [JSON.stringify(v), Object.getPrototypeOf(v) === Object.prototype];
      t.equal(read.sha256, createHash('sha256').update(text).digest('hex'), `${what}: SHA-256 of the bytes`);
    } catch (err) { gotSync = `error: ${(err as Error).message}`; }
    t.same(gotSync, want, `${what}, read synchronously`);
  };
  for (const text of ['{"a":[1,2,{"b":[3,"x,]}"]}],"c":{"d":[1]},"e":"[,"}', '{"devices":[]}', '{"devices":[ ]}', '{"devices":[1,]}', '{"devices":[,1]}',
    '[1,2]', '"s"', '{"a":[1 2]}', '{"a":[1],"a":[2]}', '{"a":[1],"a":5}', '\ufeff{"a":[1]}', '{"__proto__":[1]}', '{"k\\"ey":[{"x":"\\\\"}]}',
    '{"a":[1]} x', '{"a":[{]}', '  {"devices":[{"id":"é"},{"id":"ü"}] , "users":[] }  ', '{"a":[[1,2],[3]]}', '{"a":[1]', '', '{"a":[1,,2]}', '{"a":[[,]]}', '{"a":[1],"b":[],"c":[ ,]}']) await same(text, JSON.stringify(text));
  // Elements, keys and multi-byte characters across the 1 MiB chunks.
  const big = { pad: 'x'.repeat((1 << 20) - 12), devices: Array.from({ length: 20000 }, (_, i) => ({ id: `d${i}`, name: 'ü'.repeat(i % 50), n: [i, { q: '"]}\\' }] })), users: [{ x: 1 }] };
  await same(JSON.stringify(big), 'a large document, compact');
  await same(JSON.stringify(big, null, 2), 'a large document, indented');
  // A chunk that ends right after a comma between elements, or right before one, or inside a string's escape.
  for (const shift of [-2, -1, 0, 1, 2]) {
    const pad = 'y'.repeat((1 << 20) - 17 + shift);
    await same(`{"pad":"${pad}","a":[1,2,"\\\"",3]}`, `a chunk boundary ${shift} bytes off the elements`);
    await same(`{"pad":"${pad}","a":[1,,2]}`, `an empty element at a chunk boundary ${shift} bytes off`);
    await same(`{"pad":"${pad}","a":[1,2,]}`, `a trailing comma at a chunk boundary ${shift} bytes off`);
  }
});

t.test('a tenant\'s device is the fixture device over the defaults, in the defaults\' order, a deep copy (domain/device-defaults.ts)', async (t) => {
  const { completeDevice, DEVICE_DEFAULTS } = await import('../../src/domain/device-defaults.js');
  const { completeSimulation } = await import('../../src/domain/simulation-defaults.js');
  const devices = structuredClone(defaultFixture().devices ?? []) as any[];
  devices[0].hardwareInformation = { batteryLevelPercentage: 5, sharedDeviceCachedUsers: [{ userPrincipalName: 'a@b' }] };
  devices[0].deviceActionResults = [{ actionName: 'x', actionState: 'done', startDateTime: '2026-01-01T00:00:00Z', lastUpdatedDateTime: '2026-01-01T00:00:00Z' }];
  devices[1].simulation = { ...devices[1].simulation, defender: { lastQuickScanAt: '2026-01-01T00:00:00Z' }, bitLocker: { keys: [] } };
  t.ok(devices.length > 5);
  const objects = (v: unknown, out: object[] = []): object[] => {
    if (v !== null && typeof v === 'object') { out.push(v); for (const x of Object.values(v)) objects(x, out); }
    return out;
  };
  const seen = new Set<object>([...objects(devices), ...objects(DEVICE_DEFAULTS)]);
  for (const input of devices) {
    const { simulation: _s, id, ...graph } = input;
    const device = completeDevice(input);
    // What it replaced: a spread over the defaults, then a structuredClone of each object.
    t.equal(JSON.stringify(device), JSON.stringify(structuredClone({ id, ...DEVICE_DEFAULTS, ...graph })), `${id}: the same device, keys in the same order`);
    const simulation = completeSimulation(device, input.simulation);
    for (const o of [...objects(device), ...objects(simulation)]) {
      if (seen.has(o)) t.fail(`${id}: an object shared with the fixture, the defaults or another device`);
      seen.add(o);
    }
  }
  t.equal(completeDevice({ id: 'u', model: undefined } as any).model, null, 'a property given as undefined takes its default');
});
