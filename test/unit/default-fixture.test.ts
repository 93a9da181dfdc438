/**
 * `fixtures/default.json`, the seed fleet every new tenant starts from (docs/simulation.md#fixtures): it is a valid
 * fixture, it holds a device for every row of the resetPasscode rules table (docs/simulation.md#resetpasscode), the two
 * compliance policies the simulation reads, and every device's user is one of the fixture's users.
 *
 * The rows are worked out here from the Graph properties on their own (not with the engine's code), so a
 * change to the fixture that loses a row fails even if the engine classifies devices the same wrong way.
 * The work-profile rows use 8.0 as their "at or above" bound so they hold under both rulesets (2018: 7.0,
 * 2025: 8.0).
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { formatProblems, validateFixture } from '../../src/fixtures/validate-fixture.js';
import type { Fixture, FixtureDevice } from '../../src/schemas/fixture.js';

const document: unknown = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8'));
const fixture = document as Fixture;
const devices: FixtureDevice[] = fixture.devices ?? [];
const users = fixture.users ?? [];

/** The fifteen rows of the rules table, as the brief for the seed fleet lists them. */
const ROWS = [
  'android deviceAdministrator < 7.0',
  'android deviceAdministrator >= 7.0',
  'android workProfile >= 8.0, reset token active',
  'android workProfile >= 8.0, reset token inactive',
  'android workProfile < 7.0',
  'android corporateWorkProfile >= 8.0',
  'android fullyManaged >= 8.0',
  'android fullyManaged/corporateWorkProfile < 8.0',
  'android dedicated',
  'android aosp',
  'iOS device',
  'iPadOS device',
  'iOS/iPadOS userEnrollment',
  'macOS',
  'Windows',
] as const;
type Row = (typeof ROWS)[number];

/** Major and minor of a real OS version string ("6.0.1" → 6.0, "16" → 16.0, "7.1.2" → 7.1). */
function version(osVersion: string | null | undefined): number {
  const m = /^(\d+)(?:\.(\d+))?/.exec(osVersion ?? '');
  if (!m) return Number.NaN;
  return Number(m[1]) + Number(m[2] ?? 0) / 100;
}

/** docs/simulation.md#devices: an explicit `simulation.enrollment`, else derived from `deviceEnrollmentType`. */
function enrollmentOf(d: FixtureDevice): string {
  if (d.simulation?.enrollment) return d.simulation.enrollment;
  const type = d.deviceEnrollmentType ?? 'unknown';
  switch (d.operatingSystem) {
    case 'Android':
      if (type === 'androidEnterpriseCorporateWorkProfile') return 'corporateWorkProfile';
      if (type === 'androidEnterpriseFullyManaged') return 'fullyManaged';
      if (type === 'androidEnterpriseDedicatedDevice') return 'dedicated';
      if (type.startsWith('androidAOSP')) return 'aosp';
      return 'deviceAdministrator';
    case 'iOS':
    case 'iPadOS':
      return type.startsWith('appleUserEnrollment') || type === 'appleAccountDrivenUserEnrollment' ? 'userEnrollment' : 'device';
    default:
      return 'device';
  }
}

/** The rules-table row a device exercises, or undefined when it falls in a gap between the bounds. */
function rowOf(d: FixtureDevice): Row | undefined {
  const enrollment = enrollmentOf(d);
  const v = version(d.osVersion);
  switch (d.operatingSystem) {
    case 'Android':
      switch (enrollment) {
        case 'deviceAdministrator':
          return v < 7 ? 'android deviceAdministrator < 7.0' : 'android deviceAdministrator >= 7.0';
        case 'workProfile':
          if (v < 7) return 'android workProfile < 7.0';
          if (v < 8) return undefined;
          return d.simulation?.resetToken === 'active'
            ? 'android workProfile >= 8.0, reset token active'
            : 'android workProfile >= 8.0, reset token inactive';
        case 'corporateWorkProfile':
        case 'fullyManaged':
          if (v < 8) return 'android fullyManaged/corporateWorkProfile < 8.0';
          return enrollment === 'fullyManaged' ? 'android fullyManaged >= 8.0' : 'android corporateWorkProfile >= 8.0';
        case 'dedicated':
          return 'android dedicated';
        case 'aosp':
          return 'android aosp';
        default:
          return undefined;
      }
    case 'iOS':
    case 'iPadOS':
      if (enrollment === 'userEnrollment') return 'iOS/iPadOS userEnrollment';
      return d.operatingSystem === 'iOS' ? 'iOS device' : 'iPadOS device';
    case 'macOS':
      return 'macOS';
    case 'Windows':
      return 'Windows';
    default:
      return undefined;
  }
}

t.test('default.json is a valid fixture', async (t) => {
  const result = validateFixture(document);
  t.ok(result.ok, result.ok ? 'valid' : `problems:\n${formatProblems(result.problems)}`);
  t.equal((document as { $schema?: string }).$schema, './fixture.schema.json');
  t.type(fixture.description, 'string');
  t.notOk('apps' in (document as object), 'no apps: any client gets a token');
});

t.test('every row of the rules table has a device', async (t) => {
  const buckets = new Map<Row, string[]>(ROWS.map((r) => [r, []]));
  for (const d of devices) {
    const row = rowOf(d);
    t.ok(row, `${d.id} (${d.operatingSystem} ${d.osVersion}, ${enrollmentOf(d)}) falls in a row of the table`);
    if (row) buckets.get(row)?.push(d.id);
  }
  for (const [row, ids] of buckets) t.ok(ids.length >= 1, `${row}: ${ids.length} device(s)`);
  t.ok(devices.length >= 15 && devices.length <= 20, `about 15 devices (${devices.length})`);
});

t.test('work profile and device administrator enrollments are explicit', async (t) => {
  for (const d of devices) {
    if (d.operatingSystem !== 'Android' || d.deviceEnrollmentType !== 'userEnrollment') continue;
    t.ok(
      d.simulation?.enrollment === 'workProfile' || d.simulation?.enrollment === 'deviceAdministrator',
      `${d.id}: simulation.enrollment is explicit (${d.simulation?.enrollment})`,
    );
  }
  for (const d of devices.filter((x) => enrollmentOf(x) === 'workProfile')) {
    t.ok(d.simulation?.workProfilePasscode, `${d.id}: work profile passcode given`);
    t.ok(d.simulation?.resetToken, `${d.id}: reset token given`);
  }
});

t.test('the work profile with an inactive reset token is prompted to activate it', async (t) => {
  const prompted = devices.filter((d) => rowOf(d) === 'android workProfile >= 8.0, reset token inactive');
  t.ok(prompted.length >= 1);
  for (const d of prompted) {
    t.equal(d.simulation?.workProfilePasscode?.set, true, 'work-profile passcode set');
    t.same(d.simulation?.notifications, [{ type: 'activateResetToken', shownAt: d.enrolledDateTime }], 'shown since enrollment');
  }
  // Nobody else shows a notification at seed time.
  for (const d of devices.filter((x) => !prompted.includes(x))) {
    t.same(d.simulation?.notifications ?? [], [], `${d.id}: no notification`);
  }
});

t.test('exactly one offline device, everything else online', async (t) => {
  const offline = devices.filter((d) => d.simulation?.online === false);
  t.equal(offline.length, 1);
  const d = offline[0];
  t.ok(d && (enrollmentOf(d) === 'workProfile' || d.operatingSystem === 'iOS'), 'an extra work profile or iPhone');
});

t.test('exactly two compliance policies: iOS passcode and Android work-profile password', async (t) => {
  const policies = fixture.compliancePolicies ?? [];
  t.equal(policies.length, 2);
  const ios = policies.filter((p) => p['@odata.type'] === '#microsoft.graph.iosCompliancePolicy');
  const android = policies.filter((p) => p['@odata.type'] === '#microsoft.graph.androidWorkProfileCompliancePolicy');
  t.equal(ios.length, 1);
  t.equal(android.length, 1);
  t.equal(ios[0] && 'passcodeRequired' in ios[0] ? ios[0].passcodeRequired : undefined, true);
  t.equal(android[0] && 'passwordRequired' in android[0] ? android[0].passwordRequired : undefined, true);
});

t.test('users: one contoso.onmicrosoft.com tenant, the admin first', async (t) => {
  t.ok(users.length >= 5 && users.length <= 6, `${users.length} users`);
  t.equal(users[0]?.userPrincipalName.toLowerCase(), 'admin@contoso.onmicrosoft.com');
  for (const u of users) t.match(u.userPrincipalName, /@contoso\.onmicrosoft\.com$/);
});

t.test("every device's user is a fixture user", async (t) => {
  const byUpn = new Map(users.map((u) => [u.userPrincipalName.toLowerCase(), u]));
  for (const d of devices) {
    if (!d.userPrincipalName) {
      t.notOk(d.userId, `${d.id}: userless, no userId either`);
      continue;
    }
    const u = byUpn.get(d.userPrincipalName.toLowerCase());
    t.ok(u, `${d.id}: ${d.userPrincipalName} is a fixture user`);
    if (!u) continue;
    t.equal(d.userId, u.id, `${d.id}: userId`);
    t.equal(d.userDisplayName, u.displayName, `${d.id}: userDisplayName`);
    t.equal(d.emailAddress, u.mail, `${d.id}: emailAddress`);
  }
});

t.test('ids are lowercase GUIDs; dates are ISO UTC in 2025-2026', async (t) => {
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  for (const d of devices) {
    t.match(d.id, guid, `${d.id}: id`);
    for (const key of ['enrolledDateTime', 'lastSyncDateTime'] as const) {
      t.match(d[key], /^202[56]-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, `${d.id}: ${key}`);
    }
    t.ok((d.lastSyncDateTime ?? '') >= (d.enrolledDateTime ?? ''), `${d.id}: synced after enrollment`);
  }
});
