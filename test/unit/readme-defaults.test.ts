/**
 * The defaults of a created device (src/domain/creation-defaults.ts): the README's table is the code's
 * table, every kind of device gets a default for every field, and the reasons the table gives hold
 * against the rules.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { ACTIONS } from '../../src/domain/actions/catalog.js';
import { CREATION_DEFAULTS, defaultFor, type DefaultField, type DefaultPlatform } from '../../src/domain/creation-defaults.js';
import { ENROLLMENT_KINDS } from '../../src/domain/device-catalog.js';
import { ENROLLMENTS_BY_PLATFORM, compareVersions } from '../../src/domain/platform.js';
import { RULESETS, ruleFor, rowsOf, type Ruleset } from '../../src/domain/rules/index.js';
import type { Enrollment } from '../../src/schemas/simulation.js';
import { creationDefaultsTable } from '../../scripts/creation-defaults-table.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const PLATFORMS: DefaultPlatform[] = ['android', 'ios', 'macos', 'windows'];
const FIELDS = [...new Set(CREATION_DEFAULTS.map((r) => r.field))] as DefaultField[];
const kindsOf = (p: DefaultPlatform) => ENROLLMENTS_BY_PLATFORM[p].map((e) => [p, e] as const);

t.test('the README\'s defaults table is the code\'s', async (t) => {
  const table = creationDefaultsTable();
  t.ok(readme.includes(table), 'README holds the output of scripts/creation-defaults-table.ts verbatim');
  t.equal(table.split('\n').length, CREATION_DEFAULTS.length + 2, 'one line per row');
});

t.test('every platform and enrollment has a default for every field', async (t) => {
  t.same(FIELDS.sort(), ['complianceState', 'deviceEnrollmentType', 'enrollment', 'isSupervised', 'managedDeviceOwnerType', 'operatingSystem', 'osVersion', 'passcode', 'resetToken', 'user', 'workProfilePasscode']);
  for (const p of PLATFORMS) {
    t.ok(ENROLLMENTS_BY_PLATFORM[p].includes(defaultFor('enrollment', p)), `${p}: its default enrollment is one it has`);
    for (const [, e] of kindsOf(p)) for (const f of FIELDS) t.doesNotThrow(() => defaultFor(f, p, e), `${p}/${e}: ${f}`);
  }
});

t.test('each default way of enrolling is one the generator knows', async (t) => {
  for (const p of PLATFORMS) {
    for (const [, e] of kindsOf(p)) {
      const want = { type: defaultFor('deviceEnrollmentType', p, e), owner: defaultFor('managedDeviceOwnerType', p, e), supervised: defaultFor('isSupervised', p, e) };
      const kind = ENROLLMENT_KINDS.find((k) => (k.platform === 'ipados' ? 'ios' : k.platform) === p && k.enrollment === e &&
        k.type === want.type && k.owner === want.owner && k.supervised === want.supervised);
      t.ok(kind, `${p}/${e}: ${JSON.stringify(want)}`);
      if (kind?.user !== undefined) t.equal(kind.user, defaultFor('user', p, e) === 'firstUser', `${p}/${e}: with a user as the user default says`);
    }
  }
});

t.test('the reasons hold: Android on the current rows, the default device accepted by every action', async (t) => {
  const android = defaultFor('osVersion', 'android').atLeast!;
  for (const ruleset of Object.values(RULESETS)) {
    const thresholds = ACTIONS.flatMap((a) => rowsOf(ruleset, a.name)).filter((r) => r.platform === 'android').flatMap((r) => [r.minVersion, r.belowVersion]);
    for (const v of [...thresholds, ruleset.workProfileThreshold]) if (v !== undefined) t.ok(compareVersions(android, v) >= 0, `${ruleset.name}: ${android} ≥ ${v}`);
  }
  // The Shared iPad actions are for that kind of device alone: no default could take them too.
  const forSharedIPadsOnly = (name: (typeof ACTIONS)[number]['name']) =>
    Object.values(RULESETS).every((r) => rowsOf(r, name).every((row) => !row.supported || row.requires === 'sharedIPad'));
  t.ok(ACTIONS.some((a) => forSharedIPadsOnly(a.name)) && !forSharedIPadsOnly('remoteLock'));
  // Every kind of device a request can ask for, on the default OS band: only the default one is accepted by every action.
  const everything = (os: string, p: DefaultPlatform, e: Enrollment, supervised: boolean) => {
    // In lost mode: an iPhone's locate and lost mode sound need it (enableLostMode first).
    const device = {
      operatingSystem: os, osVersion: defaultFor('osVersion', p, e).atLeast ?? '1', isSupervised: supervised, lostModeState: 'enabled' as const,
      deviceEnrollmentType: defaultFor('deviceEnrollmentType', p, e), managedDeviceOwnerType: defaultFor('managedDeviceOwnerType', p, e),
    };
    // The actions an iPhone can take at all (not the Windows-only ones), but the Shared iPad ones.
    const forIPhones = (r: Ruleset) => ACTIONS.filter((a) => !forSharedIPadsOnly(a.name) && rowsOf(r, a.name).some((row) => row.platform === 'ios' && row.supported));
    return Object.values(RULESETS).every((r) => forIPhones(r).every((a) => ruleFor(r, device, { enrollment: e }, a.name).supported));
  };
  const os = defaultFor('operatingSystem', 'ios');
  t.equal(os, 'iOS');
  t.ok(everything(os, 'ios', defaultFor('enrollment', 'ios'), defaultFor('isSupervised', 'ios', defaultFor('enrollment', 'ios'))), 'the default device: every action');
  const others = PLATFORMS.flatMap((p) => kindsOf(p).flatMap(([, e]) => [true, false].map((s) => [p, e, s] as const)))
    .filter(([p, e, s]) => !(p === 'ios' && e === 'device' && s));
  for (const [p, e, s] of others) t.notOk(everything({ android: 'Android', ios: 'iOS', macos: 'macOS', windows: 'Windows' }[p], p, e, s), `${p}/${e}${s ? ', supervised' : ''}: not every action`);
});
