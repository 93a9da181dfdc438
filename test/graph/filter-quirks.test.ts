/**
 * Intune's `$filter` quirks on managedDevices (src/graph/odata/intune-quirks.ts): by default the mock
 * answers as OData says and warns (`x-mock-warning`, the journal) wherever Intune would answer
 * differently; with `--odata intune` it answers as Intune does, still warning.
 */
import t from 'tap';
import type { FastifyRequest } from 'fastify';
import { INTUNE_FILTER_QUIRKS } from '../../src/graph/odata/intune-quirks.js';
import { addWarning, warningHeader } from '../../src/graph/warnings.js';
import type { Fixture } from '../../src/schemas/fixture.js';
import { build, graphError } from '../helpers/build.js';

const ABCD = { id: '11111111-1111-4111-8111-111111111111', userPrincipalName: 'abcd@contoso.com', displayName: 'Abcd' };
const LONGER = { id: '22222222-2222-4222-8222-222222222222', userPrincipalName: '1234abcd@contoso.com', displayName: 'Longer' };
const OTHER = { id: '33333333-3333-4333-8333-333333333333', userPrincipalName: 'other@contoso.com', displayName: 'Erin' };

const fixture: Fixture = {
  users: [ABCD, LONGER, OTHER],
  devices: [
    {
      id: 'd1', deviceName: 'C-100', serialNumber: 'SN1', operatingSystem: 'Windows', managedDeviceOwnerType: 'company',
      userId: ABCD.id, userPrincipalName: ABCD.userPrincipalName, userDisplayName: ABCD.displayName, azureADDeviceId: 'aad-1', complianceState: 'compliant',
    },
    {
      id: 'd2', deviceName: 'PC-C-200', serialNumber: 'SN2', operatingSystem: 'iOS', managedDeviceOwnerType: 'personal',
      userId: LONGER.id, userPrincipalName: LONGER.userPrincipalName, userDisplayName: LONGER.displayName, azureADDeviceId: 'aad-2', complianceState: 'noncompliant',
    },
    {
      id: 'd3', deviceName: 'Mbook-3', serialNumber: 'SN3', operatingSystem: 'macOS', managedDeviceOwnerType: 'company',
      userId: OTHER.id, userPrincipalName: OTHER.userPrincipalName, userDisplayName: OTHER.displayName, azureADDeviceId: 'aad-3', complianceState: 'compliant',
    },
  ],
};
const ALL = ['d1', 'd2', 'd3'];
const LIST = '/v1.0/deviceManagement/managedDevices';

/** What OData answers (`strict`) and what Intune answers (`intune`): the devices, or an error status. */
type Answer = string[] | number;
const cases: Array<{ quirks: string[]; filter: string; strict: Answer; intune: Answer }> = [
  { quirks: ['empty-filter-ignored'], filter: '', strict: 400, intune: ALL },
  { quirks: ['property-name-any-case'], filter: "SerialNumber eq 'SN1'", strict: 400, intune: ['d1'] },
  { quirks: ['in-operator-500'], filter: "operatingSystem in ('Windows','iOS')", strict: ['d1', 'd2'], intune: 500 },
  { quirks: ['or-across-properties-is-and'], filter: "serialNumber eq 'SN1' or deviceName eq 'Mbook-3'", strict: ['d1', 'd3'], intune: [] },
  { quirks: ['unsupported-property-ignored'], filter: `userId eq '${ABCD.id}'`, strict: ['d1'], intune: ALL },
  { quirks: ['unsupported-property-ignored'], filter: "deviceEnrollmentType eq 'windowsAzureADJoin'", strict: [], intune: ALL },
  { quirks: ['azure-ad-device-id-or-first-only'], filter: "azureADDeviceId eq 'aad-2' or azureADDeviceId eq 'aad-1'", strict: ['d1', 'd2'], intune: ['d2'] },
  { quirks: ['ne-is-eq'], filter: "managedDeviceOwnerType ne 'company'", strict: ['d2'], intune: ['d1', 'd3'] },
  { quirks: ['ne-is-eq'], filter: "complianceState eq 'compliant' and operatingSystem ne 'Windows'", strict: ['d3'], intune: ['d1'] },
  { quirks: ['startswith-is-contains'], filter: "startswith(deviceName,'C-')", strict: ['d1'], intune: ['d1', 'd2'] },
  { quirks: ['upn-eq-is-substring'], filter: "userPrincipalName eq 'abcd@contoso.com'", strict: ['d1'], intune: ['d1', 'd2'] },
  { quirks: ['upn-eq-is-substring'], filter: "userPrincipalName eq ''", strict: [], intune: ALL },
  // powershell-intune-samples #188, the rules in turn: `or` becomes `and`, the userDisplayName half is
  // ignored, and startswith means contains.
  {
    quirks: ['or-across-properties-is-and', 'unsupported-property-ignored', 'startswith-is-contains'],
    filter: "startswith(deviceName,'C-') or startswith(userDisplayName,'E')",
    strict: ['d1', 'd3'],
    intune: ['d1', 'd2'],
  },
];

/** Filters Intune answers as OData does: no warning, the same devices in both dialects. */
const faithful: Array<[string, string[]]> = [
  ["operatingSystem eq 'iOS'", ['d2']],
  ["complianceState eq 'compliant' or complianceState eq 'noncompliant'", ALL],
  ["contains(deviceName,'C-')", ['d1', 'd2']],
  ["userPrincipalName ne 'abcd@contoso.com'", ['d2', 'd3']],
  ["deviceName eq 'Mbook-3' and lastSyncDateTime lt 9999-12-31T00:00:00Z", ['d3']],
  ["managedDeviceOwnerType eq 'personal'", ['d2']],
];

const ids = (res: { json: any }) => (res.json.value as Array<{ id: string }>).map((d) => d.id).sort();
const query = (filter: string) => `${LIST}?$filter=${encodeURIComponent(filter)}&$select=id`;

t.test('every quirk of the table is exercised here', async (t) => {
  t.same([...new Set(cases.flatMap((c) => c.quirks))].sort(), INTUNE_FILTER_QUIRKS.map((q) => q.id).sort());
});

for (const dialect of ['strict', 'intune'] as const) {
  t.test(`--odata ${dialect}: each quirk is warned of, and answered ${dialect === 'strict' ? 'as OData says' : 'as Intune does'}`, async (t) => {
    const { call } = await build(t, { fixture, config: { odata: dialect } });
    for (const c of cases) {
      const res = await call({ url: query(c.filter), headers: { 'client-request-id': `case-${c.filter}` } });
      const expected = c[dialect];
      if (typeof expected === 'number') {
        const error = graphError(t, res, expected, expected === 500 ? 'InternalServerError' : 'BadRequest');
        if (expected === 500) {
          // Intune's own error format: a JSON document in the message (msgraph-sdk-powershell #2766).
          t.match(JSON.parse(error.message), { _version: 3, Message: /^An internal server error has occurred - Operation ID .* Url: https:\/\/fef\..*\/deviceManagement\/managedDevices/ });
        }
      } else {
        t.equal(res.statusCode, 200, c.filter);
        t.same(ids(res), expected, `${c.filter}: ${expected.join(', ') || 'nothing'}`);
      }
      // The header: `<quirk> <source>…`, one entry per quirk.
      const header = String(res.headers['x-mock-warning'] ?? '');
      const entries = header.split(', ').map((e) => e.split(' '));
      t.same(entries.map((e) => e[0]), c.quirks, `${c.filter}: header names ${c.quirks.join(', ')}`);
      for (const [id, ...sources] of entries) {
        t.same(sources, INTUNE_FILTER_QUIRKS.find((q) => q.id === id)?.sources, `${id}: its sources`);
        t.ok(sources.every((s) => /^https:\/\/github\.com\/[^ ,]+\/issues\/\d+$/.test(s)), `${id}: public issue URLs`);
      }
    }
    // The journal holds the same warnings, with what Intune does.
    const { requests } = (await call('/_mock/requests')).json;
    t.equal(requests.length, cases.length);
    for (const [i, c] of cases.entries()) {
      t.equal(requests[i].headers['client-request-id'], `case-${c.filter}`);
      t.same(requests[i].warnings, c.quirks.map((id) => {
        const q = INTUNE_FILTER_QUIRKS.find((x) => x.id === id)!;
        return { quirk: q.id, intune: q.intune, sources: q.sources };
      }), `journal: ${c.filter}`);
    }
  });

  t.test(`--odata ${dialect}: filters Intune answers the same way carry no warning`, async (t) => {
    const { call } = await build(t, { fixture, config: { odata: dialect } });
    for (const [filter, expected] of faithful) {
      const res = await call(query(filter));
      t.equal(res.statusCode, 200, filter);
      t.same(ids(res), expected, filter);
      t.notOk('x-mock-warning' in res.headers, `${filter}: no warning`);
    }
    t.notOk('x-mock-warning' in (await call(LIST)).headers, 'no $filter, no warning');
    const { requests } = (await call('/_mock/requests')).json;
    t.ok(requests.length > 0 && requests.every((r: any) => Array.isArray(r.warnings) && r.warnings.length === 0), 'journal: empty warnings');
  });
}

t.test('the quirks apply to every managedDevices list, and to no other collection', async (t) => {
  const { call } = await build(t, { fixture, config: { odata: 'intune' } });
  const mine = await call(`/v1.0/users/${ABCD.id}/managedDevices?$filter=${encodeURIComponent("startswith(deviceName,'C-')")}`);
  t.same(ids(mine), ['d1']);
  t.match(mine.headers['x-mock-warning'], /^startswith-is-contains /);
  const beta = await call(`/beta/deviceManagement/managedDevices?$filter=${encodeURIComponent("skuFamily eq 'Professional'")}&$select=id`);
  t.same(ids(beta), ALL, 'beta skuFamily: ignored, every device (microsoft-graph-docs #16027)');
  t.match(beta.headers['x-mock-warning'], /^unsupported-property-ignored /);
  const policies = await call('/v1.0/deviceManagement/deviceCompliancePolicies?$filter=');
  graphError(t, policies, 400, 'BadRequest');
  t.notOk('x-mock-warning' in policies.headers, 'compliance policies: OData as it is');
});

t.test('an unknown property is still a 400 in both dialects', async (t) => {
  for (const odata of ['strict', 'intune'] as const) {
    const { call } = await build(t, { fixture, config: { odata } });
    const res = await call(query("nope eq 'x'"));
    t.match(graphError(t, res, 400, 'BadRequest').message, /nope/, odata);
    t.notOk('x-mock-warning' in res.headers);
  }
});

t.test('a warning is kept on the request, for its one log line (test/unit/logging.test.ts), not logged apart', async (t) => {
  const logged: unknown[][] = [];
  const request = { mockWarnings: null, log: { warn: (...args: unknown[]) => logged.push(args) } } as unknown as FastifyRequest;
  const [a, b] = INTUNE_FILTER_QUIRKS.slice(-2).map((q) => ({ quirk: q.id, intune: q.intune, sources: q.sources }));
  addWarning(request, a!);
  addWarning(request, b!);
  t.same(request.mockWarnings, [a, b]);
  t.same(logged, []);
  t.equal(warningHeader([a!, b!]), `${[a!.quirk, ...a!.sources].join(' ')}, ${[b!.quirk, ...b!.sources].join(' ')}`);
});
