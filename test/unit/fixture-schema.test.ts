import t from 'tap';
import { readFileSync } from 'node:fs';
import { fixtureJsonSchema } from '../../src/fixtures/fixture-json-schema.js';
import { validateFixture } from '../../src/fixtures/validate-fixture.js';
import { pointerToPath } from '../../src/lib/ajv.js';
import { defaultFixture } from '../helpers/build.js';

t.test('fixtures/fixture.schema.json is what the TypeBox definition generates', async (t) => {
  const committed = readFileSync(new URL('../../fixtures/fixture.schema.json', import.meta.url), 'utf8');
  t.equal(committed, fixtureJsonSchema(), 'run `npm run fixtures:schema` after changing src/schemas');
});

t.test('problems come with JSON paths, all of them at once', async (t) => {
  const fx = defaultFixture();
  const bad = structuredClone(fx) as any;
  bad.devices[0].complianceState = 'fine';
  bad.devices[1].lastSyncDateTime = 'yesterday';
  bad.devices[2].simulation = { resetToken: 'maybe', extra: 1 };
  bad.devices[3].id = bad.devices[4].id;
  bad.users[0]['odd key'] = 1;
  bad.compliancePolicies.push({ '@odata.type': '#microsoft.graph.windows10CompliancePolicy', id: 'w', displayName: 'w' });
  const result = validateFixture(bad);
  t.equal(result.ok, false);
  const problems = result.ok ? [] : result.problems;
  t.match(problems, [
    { path: '$.users[0][\'odd key\']', message: 'is not a known property' },
    { path: '$.compliancePolicies[2][\'@odata.type\']', message: /is not a type this mock supports/ },
    { path: '$.devices[0].complianceState', message: /must be one of/ },
    { path: '$.devices[1].lastSyncDateTime', message: /date-time/ },
    { path: '$.devices[2].simulation.extra', message: 'is not a known property' },
    { path: '$.devices[2].simulation.resetToken', message: /"inactive", "active"/ },
  ].map((p) => p));
  t.equal(problems.length, 6, 'schema problems first; uniqueness is checked once the shape is right');
  delete bad.users[0]['odd key'];
  bad.compliancePolicies.pop();
  bad.devices[0].complianceState = 'compliant';
  bad.devices[1].lastSyncDateTime = '2026-01-01T00:00:00Z';
  bad.devices[2].simulation = {};
  const iosIndex = bad.devices.findIndex((d: any) => d.operatingSystem === 'iOS');
  bad.devices[iosIndex].simulation = { enrollment: 'workProfile' };
  const dup = validateFixture(bad);
  t.same(dup.ok ? [] : dup.problems, [
    { path: '$.devices[4].id', message: 'duplicates $.devices[3].id' },
    { path: `$.devices[${iosIndex}].simulation.enrollment`, message: "'workProfile' is not an enrollment of iOS devices (device, userEnrollment)" },
  ]);
  t.same(validateFixture(fx), { ok: true, fixture: fx });
  t.same(validateFixture([]), { ok: false, problems: [{ path: '$', message: 'must be object' }] });
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
