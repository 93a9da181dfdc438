/**
 * Generated fleets (`domain/device-generator.ts`): a generated fleet is a valid fixture, repeatable from its
 * seed, covers every platform and enrollment, and each device is self-consistent the way the hand-written
 * default fixture is (identifiers per platform, Luhn-valid IMEIs and ICCIDs, dates before `now`, a
 * `simulation` that matches its Graph properties). The checks are written out here, not with the
 * generator's helpers, so a generator bug cannot vouch for itself.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import {
  generateDevice, generateFleet, generateUsers, PLATFORM_ENROLLMENTS, withLuhn, type GeneratorPlatform,
} from '../../src/domain/device-generator.js';
import { ENROLLMENT_KINDS } from '../../src/domain/device-catalog.js';
import { createRandom } from '../../src/domain/random.js';
import { deriveEnrollment } from '../../src/domain/simulation-defaults.js';
import { formatProblems, validateFixture } from '../../src/fixtures/validate-fixture.js';
import type { Fixture, FixtureDevice } from '../../src/schemas/fixture.js';
import type { User } from '../../src/schemas/user.js';

const NOW = Date.parse('2026-11-24T20:00:00Z');
const fleet = generateFleet({ count: 2000, seed: 'device-generator.test', now: NOW });
const devices = fleet.devices ?? [];
const users = fleet.users ?? [];
const defaultFixture = JSON.parse(readFileSync(new URL('../../fixtures/default.json', import.meta.url), 'utf8')) as Fixture;

const PLATFORM_OF: Record<string, GeneratorPlatform> = { Android: 'android', iOS: 'ios', iPadOS: 'ipados', macOS: 'macos', Windows: 'windows' };
const ALL_COMBINATIONS = Object.entries(PLATFORM_ENROLLMENTS).flatMap(([p, es]) => es.map((e) => `${p}/${e}`));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GRAPH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;
const MAC = /^[0-9A-F]{12}$/;
const UDID = /^(?:[0-9a-f]{40}|[0-9A-F]{8}-[0-9A-F]{16}|[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})$/;
const NAME_TAG: Record<string, string> = {
  'android/deviceAdministrator': 'Android', 'android/workProfile': 'AndroidForWork', 'android/corporateWorkProfile': 'AndroidEnterprise',
  'android/fullyManaged': 'AndroidEnterprise', 'android/dedicated': 'AndroidEnterprise', 'android/aosp': 'AOSP',
  'ios/device': 'iPhone', 'ios/userEnrollment': 'iPhone', 'ipados/device': 'iPad', 'ipados/userEnrollment': 'iPad',
  'macos/device': 'MacMDM', 'windows/device': 'Windows',
};

function luhnValid(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((ch, i) => {
    const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  });
  return sum % 10 === 0;
}
const platformOfDevice = (d: FixtureDevice): GeneratorPlatform => PLATFORM_OF[d.operatingSystem ?? '']!;
const comboOf = (d: FixtureDevice): string => `${platformOfDevice(d)}/${d.simulation?.enrollment}`;
/** Intune's managedDeviceName date part for an ISO timestamp, worked out independently ("2/11/2025_3:22 PM"). */
function intuneStamp(iso: string): string {
  const [, y, mo, da, h, mi] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso)!.map(Number) as number[];
  return `${mo}/${da}/${y}_${h! % 12 === 0 ? 12 : h! % 12}:${String(mi).padStart(2, '0')} ${h! < 12 ? 'AM' : 'PM'}`;
}

t.test('a 2,000-device fleet is one valid fixture', async (t) => {
  const result = validateFixture(fleet);
  t.ok(result.ok, result.ok ? 'valid' : formatProblems(result.problems).split('\n').slice(0, 20).join('\n'));
  t.equal(devices.length, 2000);
  t.equal(users.length, 666, 'default users: count / 3');
  t.equal(fleet.$schema, './fixture.schema.json');
  t.same(fleet.compliancePolicies, defaultFixture.compliancePolicies, 'the two compliance policies of the default fixture');
  t.equal(new Set(devices.map((d) => d.id)).size, devices.length, 'unique device ids');
  t.equal(new Set(users.map((u) => u.userPrincipalName.toLowerCase())).size, users.length, 'unique UPNs');
  t.ok(devices.every((d) => GUID.test(d.id)), 'device ids are GUIDs');
});

t.test('the same seed gives the same bytes, another seed another fleet', async (t) => {
  const json = JSON.stringify(fleet);
  t.equal(JSON.stringify(generateFleet({ count: 2000, seed: 'device-generator.test', now: NOW })), json);
  t.not(JSON.stringify(generateFleet({ count: 2000, seed: 'another seed', now: NOW })), json);
  const a = generateDevice(createRandom(7), { now: NOW });
  t.same(generateDevice(createRandom(7), { now: NOW }), a, 'generateDevice repeats from a seeded Random');
});

t.test('every platform and every enrollment appears, in a realistic mix', async (t) => {
  const counts = new Map<string, number>();
  for (const d of devices) counts.set(comboOf(d), (counts.get(comboOf(d)) ?? 0) + 1);
  t.same([...counts.keys()].sort(), [...ALL_COMBINATIONS].sort());
  const share = (p: string) => devices.filter((d) => platformOfDevice(d).startsWith(p)).length / devices.length;
  t.ok(share('windows') > 0.33 && share('windows') < 0.47, `Windows ${share('windows')}`);
  t.ok(share('android') > 0.19 && share('android') < 0.31, `Android ${share('android')}`);
  t.ok(share('i') > 0.19 && share('i') < 0.31, `iOS/iPadOS ${share('i')}`);
  t.ok(share('macos') > 0.06 && share('macos') < 0.14, `macOS ${share('macos')}`);
  const compliant = devices.filter((d) => d.complianceState === 'compliant').length / devices.length;
  t.ok(compliant > 0.75 && compliant < 0.92, `compliant ${compliant}`);
  const small = generateFleet({ count: 12, seed: 1, now: NOW }).devices ?? [];
  t.same(small.map(comboOf).sort(), [...ALL_COMBINATIONS].sort(), 'twelve devices: one of each');
});

t.test('each device is consistent with its platform and enrollment', async (t) => {
  const userById = new Map(users.map((u) => [u.id, u]));
  const problems: string[] = [];
  const check = (d: FixtureDevice, ok: boolean, what: string) => {
    if (!ok && problems.length < 20) problems.push(`${d.id} (${comboOf(d)}, ${d.model}): ${what}`);
  };
  for (const d of devices) {
    const platform = platformOfDevice(d);
    const sim = d.simulation!;
    const enrollment = sim.enrollment!;
    const apple = platform === 'ios' || platform === 'ipados' || platform === 'macos';
    check(d, PLATFORM_ENROLLMENTS[platform].includes(enrollment), 'enrollment valid for the platform');
    const derived = deriveEnrollment({ operatingSystem: d.operatingSystem!, deviceEnrollmentType: d.deviceEnrollmentType! });
    // Graph has no work-profile enrollment type, so (as in the default fixture) the simulation states it.
    if (enrollment !== 'workProfile' && enrollment !== 'deviceAdministrator') check(d, derived === enrollment, `derived ${derived}`);
    if (enrollment === 'deviceAdministrator') check(d, d.managementAgent === 'mdm' && d.deviceEnrollmentType === 'userEnrollment', 'DA agent/type');
    if (enrollment === 'workProfile') check(d, d.managedDeviceOwnerType === 'personal' && d.deviceEnrollmentType === 'userEnrollment', 'BYOD work profile');
    if (['workProfile', 'corporateWorkProfile', 'fullyManaged', 'dedicated'].includes(enrollment)) check(d, d.managementAgent === 'googleCloudDevicePolicyController', 'AE agent');
    if (enrollment === 'aosp') check(d, d.managementAgent === 'intuneAosp', 'AOSP agent');

    // Hardware identifiers.
    const hidden = enrollment === 'userEnrollment';
    if (apple) check(d, hidden ? d.udid === '' && d.serialNumber === '' : UDID.test(d.udid ?? ''), `udid ${d.udid}`);
    else check(d, d.udid === '', 'udid only for Apple');
    check(d, hidden || (d.serialNumber ?? '').length >= 7, `serial ${d.serialNumber}`);
    check(d, hidden ? d.wiFiMacAddress === '' : MAC.test(d.wiFiMacAddress ?? ''), `wifi MAC ${d.wiFiMacAddress}`);
    check(d, d.ethernetMacAddress === null || MAC.test(d.ethernetMacAddress ?? ''), 'ethernet MAC');
    check(d, d.isSupervised === false || apple, 'supervised only for Apple');
    if (d.imei) {
      check(d, /^\d{15}$/.test(d.imei) && luhnValid(d.imei), `IMEI ${d.imei}`);
      check(d, /^89\d{18}$/.test(d.iccid ?? '') && luhnValid(d.iccid ?? ''), `ICCID ${d.iccid}`);
      check(d, (d.subscriberCarrier ?? '') !== '' && platform !== 'windows' && platform !== 'macos', 'carrier');
    } else {
      check(d, d.imei === (platform === 'windows' ? null : '') && d.iccid === '' && !d.phoneNumber, 'no modem: no IMEI, ICCID, phone');
    }
    if (d.chassisType === 'phone' && !hidden) check(d, !!d.imei, 'a phone has an IMEI');
    check(d, d.phoneNumber === null || d.phoneNumber === '' || /^\+\d{11,12}$/.test(d.phoneNumber ?? ''), `phone ${d.phoneNumber}`);

    // Dates: enrolled < last sync <= now, Graph's seven fractional digits.
    const enrolled = Date.parse(d.enrolledDateTime ?? ''), synced = Date.parse(d.lastSyncDateTime ?? '');
    check(d, GRAPH_TIME.test(d.enrolledDateTime ?? '') && GRAPH_TIME.test(d.lastSyncDateTime ?? ''), 'timestamp format');
    check(d, enrolled <= synced && synced <= NOW && enrolled < NOW, `enrolled ${d.enrolledDateTime} synced ${d.lastSyncDateTime}`);
    check(d, new Date(d.enrolledDateTime ?? '').toISOString().slice(0, 23) === (d.enrolledDateTime ?? '').slice(0, 23), 'a real date');
    check(d, Date.parse(d.managementCertificateExpirationDate ?? '') > NOW, 'certificate valid');
    if (d.complianceState === 'inGracePeriod') check(d, Date.parse(d.complianceGracePeriodExpirationDateTime ?? '') > NOW, 'grace period ahead');

    // Names, user, storage, platform-specific properties.
    const tag = NAME_TAG[`${platform}/${enrollment}`];
    const upnPart = (d.userPrincipalName ?? '').split('@')[0];
    check(d, d.managedDeviceName === `${upnPart ? `${upnPart}_` : ''}${tag}_${intuneStamp(d.enrolledDateTime ?? '')}`, `managedDeviceName ${d.managedDeviceName}`);
    const user = userById.get(d.userId ?? '');
    if (d.userId === '') check(d, enrollment === 'dedicated' || enrollment === 'aosp', 'userless only for dedicated and AOSP');
    else check(d, user !== undefined && d.userPrincipalName === user.userPrincipalName && d.userDisplayName === user.displayName && d.emailAddress === user.mail, 'user fields');
    check(d, d.userId === '' ? d.azureADDeviceId === '00000000-0000-0000-0000-000000000000' : GUID.test(d.azureADDeviceId ?? ''), 'azureADDeviceId');
    check(d, (d.totalStorageSpaceInBytes ?? 0) > 0 && (d.freeStorageSpaceInBytes ?? 0) > 0 && d.freeStorageSpaceInBytes! < d.totalStorageSpaceInBytes!, 'storage');
    check(d, (d.physicalMemoryInBytes ?? 0) >= 2 ** 31, 'memory');
    if (platform === 'android') {
      check(d, /^\d{4}-\d{2}-0[15]$/.test(d.androidSecurityPatchLevel ?? '') && Date.parse(d.androidSecurityPatchLevel!) < NOW, `patch ${d.androidSecurityPatchLevel}`);
    } else check(d, d.androidSecurityPatchLevel === null, 'patch level only for Android');
    if (platform === 'windows') check(d, d.jailBroken === 'Unknown' && d.joinType !== undefined && d.processorArchitecture !== undefined, 'Windows properties');
    if ((platform === 'ios' || platform === 'ipados') && Number.parseInt(d.osVersion ?? '', 10) < 17) check(d, d.complianceState === 'noncompliant', 'below the iOS policy minimum');

    // Simulation.
    check(d, sim.passcode?.set === true && sim.online === true && sim.notifications?.length === 0, 'passcode set, online, no notifications');
    const workProfile = enrollment === 'workProfile' || enrollment === 'corporateWorkProfile';
    check(d, (sim.workProfilePasscode !== undefined) === workProfile, 'workProfilePasscode for work profiles');
    check(d, (sim.resetToken !== undefined) === (enrollment === 'workProfile'), 'resetToken for personal work profiles');
    if (sim.resetToken === 'active') check(d, sim.workProfilePasscode?.set === true, 'an active token needs a work-profile passcode');
    // "Default value is empty string, indicating no enrollment profile was assgined" (v1.0 description).
    check(d, typeof d.enrollmentProfileName === 'string', 'enrollmentProfileName a name or ""');
  }
  t.same(problems, [], 'no inconsistent device');
  t.ok(devices.some((d) => d.enrollmentProfileName === '') && devices.some((d) => d.enrollmentProfileName !== ''), 'with and without enrollment profile');
  const tokens = new Set(devices.map((d) => d.simulation?.resetToken).filter((x) => x !== undefined));
  t.same([...tokens].sort(), ['active', 'inactive'], 'both reset token states occur');
});

t.test('generateDevice honours platform, enrollment, user and id', async (t) => {
  const r = createRandom('generateDevice');
  const user: User = { id: '104a38e0-11d7-4160-b8e7-e7703cda9acf', userPrincipalName: 'MeganB@contoso.onmicrosoft.com', displayName: 'Megan Bowen', mail: 'MeganB@contoso.onmicrosoft.com', givenName: 'Megan', surname: 'Bowen' };
  const made: FixtureDevice[] = [];
  for (const [platform, enrollments] of Object.entries(PLATFORM_ENROLLMENTS) as [GeneratorPlatform, readonly string[]][]) {
    for (const enrollment of enrollments as never[]) {
      for (const who of [user, null]) {
        const d = generateDevice(r, { platform, enrollment, user: who, now: NOW, id: `dev-${made.length}` });
        made.push(d);
        t.equal(d.id, `dev-${made.length - 1}`);
        t.equal(`${platformOfDevice(d)}/${d.simulation?.enrollment}`, `${platform}/${enrollment}`);
        t.equal(d.userId, who ? user.id : '', `${platform}/${enrollment} user`);
        t.equal(d.userPrincipalName, who ? user.userPrincipalName : '');
        if (who && (platform === 'ios' || platform === 'ipados' || platform === 'macos')) t.match(d.deviceName, /^Megan's /);
      }
    }
  }
  t.ok(validateFixture({ devices: made }).ok, 'all valid');
  t.equal(generateDevice(r, { enrollment: 'userEnrollment', now: NOW }).operatingSystem?.startsWith('i'), true, 'platform picked to fit');
  t.equal(generateDevice(r, { platform: 'macos', now: NOW }).simulation?.enrollment, 'device', 'enrollment picked to fit');
  t.equal(generateDevice(r, { enrollment: 'dedicated', now: NOW }).userId, '', 'dedicated: userless unless a user is given');
  t.not(generateDevice(r, { enrollment: 'fullyManaged', now: NOW }).userId, '', 'user-bearing enrollment: a generated user');
  t.throws(() => generateDevice(r, { platform: 'windows', enrollment: 'workProfile', now: NOW }), RangeError);
  t.throws(() => generateDevice(r, { platform: 'ios', enrollment: 'aosp', now: NOW }), RangeError);
});

t.test('a fleet varies what decides behaviour on purpose; fixed choices only narrow a single device', async (t) => {
  // A generated fleet draws ownership, supervision, OS version band and compliance (POST /_mock/devices does not).
  const iosDevice = devices.filter((d) => d.operatingSystem === 'iOS' && d.simulation?.enrollment === 'device');
  t.same([...new Set(iosDevice.map((d) => d.managedDeviceOwnerType))].sort(), ['company', 'personal'], 'iOS device enrollment: both ownerships');
  t.same([...new Set(iosDevice.map((d) => d.isSupervised))].sort(), [false, true], 'supervised and not');
  const da = devices.filter((d) => d.simulation?.enrollment === 'deviceAdministrator');
  t.ok(da.some((d) => Number(d.osVersion!.split('.')[0]) < 7) && da.some((d) => Number(d.osVersion!.split('.')[0]) >= 8), 'device administrator below 7.0 and from 8.0');
  t.same([...new Set(devices.map((d) => d.complianceState))].sort(), ['compliant', 'inGracePeriod', 'noncompliant']);

  const kind = ENROLLMENT_KINDS.find((k) => k.platform === 'ios' && k.enrollment === 'device' && k.owner === 'personal')!;
  const r = createRandom('fixed');
  for (let i = 0; i < 40; i++) {
    const d = generateDevice(r, { platform: 'ios', enrollment: 'device', user: null, now: NOW, fixed: { kind, minOsVersion: '18.0', complianceState: 'noncompliant' } });
    t.match(d, { deviceEnrollmentType: kind.type, managedDeviceOwnerType: 'personal', isSupervised: false, complianceState: 'noncompliant' });
    t.ok(Number(d.osVersion!.split('.')[0]) >= 18, `iOS ${d.osVersion} ≥ 18.0`);
  }
  t.throws(() => generateDevice(r, { platform: 'ipados', enrollment: 'device', now: NOW, fixed: { kind } }), RangeError, 'a kind of another platform');
});

t.test('generateUsers: unique UPNs in the given domain; Luhn', async (t) => {
  const many = generateUsers(createRandom(3), 5000, 'fabrikam.com');
  t.equal(new Set(many.map((u) => u.userPrincipalName.toLowerCase())).size, 5000);
  t.equal(new Set(many.map((u) => u.id)).size, 5000);
  t.ok(many.every((u) => u.userPrincipalName.endsWith('@fabrikam.com') && GUID.test(u.id) && u.mail === u.userPrincipalName));
  t.equal(withLuhn('49015420323751'), '490154203237518');
  t.equal(withLuhn('35745606218437'), '357456062184372', 'the default fixture IMEI');
});

t.test('a large fleet: every id distinct, every device on a known platform', async (t) => {
  // How fast generation is belongs to the benchmarks (bench/, BENCHMARKS.md), not to a timed unit test.
  const big = generateFleet({ count: 20_000, seed: 'big', now: NOW });
  const devices = big.devices ?? [];
  t.equal(devices.length, 20_000);
  t.equal(new Set(devices.map((d) => d.id)).size, 20_000, 'ids');
  t.ok(devices.every((d) => PLATFORM_OF[d.operatingSystem ?? ''] !== undefined), 'platforms');
});

t.test('Windows devices carry their BitLocker state: encrypted as Graph\'s isEncrypted says', async (t) => {
  const windows = devices.filter((d) => d.operatingSystem === 'Windows');
  t.ok(windows.every((d) => d.simulation?.bitLocker?.encrypted === d.isEncrypted), 'bitLocker.encrypted = isEncrypted');
  t.ok(windows.some((d) => d.simulation?.bitLocker?.encrypted === false), 'some are not encrypted');
  t.ok(devices.filter((d) => d.operatingSystem !== 'Windows').every((d) => d.simulation?.bitLocker === undefined), 'only Windows has BitLocker');
});

t.test('corporate Macs carry their FileVault state: on as Graph\'s isEncrypted says; personal Macs and others none', async (t) => {
  const macs = devices.filter((d) => d.operatingSystem === 'macOS');
  const corporate = macs.filter((d) => d.managedDeviceOwnerType === 'company');
  t.ok(corporate.length > 0, 'the fleet has corporate Macs');
  t.ok(corporate.every((d) => d.simulation?.fileVault?.enabled === d.isEncrypted), 'fileVault.enabled = isEncrypted');
  t.ok(devices.filter((d) => !corporate.includes(d)).every((d) => d.simulation?.fileVault === undefined), 'only corporate Macs have it');
});
