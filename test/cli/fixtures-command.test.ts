/**
 * `intune-mock fixtures validate|generate` (docs/simulation.md#cli-and-configuration), run as users run it:
 * the built CLI for each command and outcome once (`runCli`), its variations in this process (`runMain`, the
 * same code on captured output: test/helpers/cli-in-process.ts).
 */
import t from 'tap';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FIXTURE_PATH } from '../../src/fixtures/load-fixture.js';
import { validateFixture } from '../../src/fixtures/validate-fixture.js';
import { runMain } from '../helpers/cli-in-process.js';
import { runCli } from '../helpers/spawn-cli.js';

// Spawned CLIs (half a second each just to start) and a 20,000-device fleet: more than tap's default 60 s on a busy CI runner.
t.setTimeout(240_000);

const dir = mkdtempSync(join(tmpdir(), 'intune-mock-fixtures-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('validate: a good file exits 0 with a summary', async (t) => {
  const res = await runCli(['fixtures', 'validate', DEFAULT_FIXTURE_PATH]);
  t.equal(res.code, 0);
  t.equal(res.stdout, 'valid: 16 devices, 6 users, 2 compliance policies, 0 apps\n');
  t.equal(res.stderr, '');
});

t.test('validate: a bad file exits 1 with every problem and its JSON path', async (t) => {
  const shape = join(dir, 'shape.json');
  writeFileSync(shape, JSON.stringify({ colour: 'blue', devices: [{ id: 'a', osVersion: 14 }, { id: 'b', complianceState: 'fine' }] }));
  const res = await runCli(['fixtures', 'validate', shape]);
  t.equal(res.code, 1);
  t.match(res.stderr, `fixture ${shape} is not valid (3 problems)`);
  for (const path of ['$.colour', '$.devices[0].osVersion', '$.devices[1].complianceState']) t.match(res.stderr, `\n  ${path}: `);
  t.equal(res.stdout, '');

  const rules = join(dir, 'rules.json');
  writeFileSync(rules, JSON.stringify({ devices: [{ id: 'a', operatingSystem: 'iOS', simulation: { enrollment: 'aosp' } }, { id: 'a' }] }));
  const res2 = await runMain(['fixtures', 'validate', rules]);
  t.equal(res2.code, 1);
  t.match(res2.stderr, /\$\.devices\[0\]\.simulation\.enrollment: 'aosp' is not an enrollment/);
  t.match(res2.stderr, /\$\.devices\[1\]\.id: duplicates \$\.devices\[0\]\.id/);

  // Both kinds in one file: one run lists them all (no second pass after the schema problems are fixed).
  const both = join(dir, 'both.json');
  writeFileSync(both, JSON.stringify({ devices: [{ id: 'a', operatingSystem: 'iOS', osVersion: 17, simulation: { enrollment: 'aosp' } }, { id: 'a', complianceState: 'fine' }] }));
  const res4 = await runMain(['fixtures', 'validate', both]);
  t.equal(res4.code, 1);
  t.equal(res4.stderr.split('\n')[0], `intune-mock: fixture ${both} is not valid (4 problems):`);
  t.same(res4.stderr.split('\n').slice(1, -1).map((l) => l.replace(/: .*/, '')), [
    '  $.devices[0].osVersion', '  $.devices[0].simulation.enrollment', '  $.devices[1].complianceState', '  $.devices[1].id',
  ], 'schema and rule problems together, in path order');

  const notJson = join(dir, 'not.json');
  writeFileSync(notJson, '{"devices": [');
  const res3 = await runMain(['fixtures', 'validate', notJson]);
  t.equal(res3.code, 1);
  t.match(res3.stderr, /\$: is not valid JSON/);
});

t.test('validate: a missing file exits 1 and says so', async (t) => {
  const res = await runCli(['fixtures', 'validate', join(dir, 'missing.json')]);
  t.equal(res.code, 1);
  t.match(res.stderr, /\$: cannot be read: ENOENT/);
});

t.test('usage errors exit 2 and point at --help; --help exits 0', async (t) => {
  const usage = [
    ['fixtures'], ['fixtures', 'validate'], ['fixtures', 'validate', 'a.json', 'b.json'], ['fixtures', 'validate', '--strict', 'a.json'],
    ['fixtures', 'frobnicate'], ['fixtures', 'generate', '--seed', 's'], ['fixtures', 'generate', '--count', '5'],
    ['fixtures', 'generate', '--count', '-1', '--seed', 's'], ['fixtures', 'generate', '--count', '2.5', '--seed', 's'],
    ['fixtures', 'generate', '--count', '1000000000', '--seed', 's'], ['fixtures', 'generate', '--count', '5', '--seed', 's', '--now', 'tomorrow'],
    ['fixtures', 'generate', '--count', '5', '--seed', 's', '--colour', 'blue'], ['fixtures', 'generate', '--count', '5', '--seed', 's', 'extra'],
  ];
  const help = [['fixtures', '--help'], ['fixtures', 'generate', '--help'], ['fixtures', 'validate', '-h']];
  // The first of each list spawned (exit code and streams of a real process), the rest in this process
  // (test/helpers/cli-in-process.ts): a Node start per case would be most of this file's time.
  const each = (list: string[][]) => Promise.all(list.map((a, i) => (i === 0 ? runCli(a) : runMain(a))));
  const [usageResults, helpResults] = await Promise.all([each(usage), each(help)]);
  usageResults.forEach((res, i) => {
    t.equal(res.code, 2, usage[i]!.join(' '));
    t.match(res.stderr, /intune-mock fixtures/, `${usage[i]!.join(' ')}: says why`);
    t.equal(res.stdout, '', 'nothing on stdout');
  });
  helpResults.forEach((res, i) => {
    t.equal(res.code, 0, help[i]!.join(' '));
    t.match(res.stdout, /fixtures validate <file>[\s\S]*fixtures generate --count N --seed S[\s\S]*2026-01-15T09:00:00Z, a FIXED instant/);
  });
  t.match((await runMain(['--help'])).stdout, /intune-mock fixtures validate <file>[\s\S]*intune-mock fixtures generate --count N --seed S/, 'the main help lists them');
});

t.test('generate: stdout and --out, the same seed the same bytes, and a valid fixture', async (t) => {
  const stdout = await runCli(['fixtures', 'generate', '--count', '50', '--seed', 'cli-test']);
  t.equal(stdout.code, 0);
  t.equal(stdout.stderr, '');
  const fleet = JSON.parse(stdout.stdout);
  t.equal(fleet.$schema, './fixture.schema.json');
  t.equal(fleet.devices.length, 50);
  t.equal(fleet.users.length, 16, 'default users: count / 3');
  t.ok(validateFixture(fleet).ok, 'valid');
  t.ok(fleet.devices.every((d: any) => Date.parse(d.lastSyncDateTime) <= Date.parse('2026-01-15T09:00:00Z')), 'before the fixed default --now');
  t.equal(stdout.stdout.split('\n').filter((l) => l.startsWith('    {"id":')).length, 50 + 16, 'one user or device per line');

  const again = await runMain(['fixtures', 'generate', '--seed', 'cli-test', '--count', '50']);
  t.equal(again.stdout, stdout.stdout, 'same seed, same bytes');
  const other = await runMain(['fixtures', 'generate', '--count', '50', '--seed', 'another']);
  t.not(other.stdout, stdout.stdout, 'another seed, another fleet');

  const out = join(dir, 'fleet.json');
  const written = await runCli(['fixtures', 'generate', '--count', '50', '--seed', 'cli-test', '--out', out]);
  t.equal(written.code, 0);
  t.equal(written.stdout, '');
  t.match(written.stderr, `wrote ${out}: 50 devices, 16 users, 2 compliance policies, 0 apps`);
  t.equal(readFileSync(out, 'utf8'), stdout.stdout, '--out writes the same bytes');
  const valid = await runMain(['fixtures', 'validate', out]); // a spawned validate that passes: the first test
  t.equal(valid.code, 0);
  t.equal(valid.stdout, 'valid: 50 devices, 16 users, 2 compliance policies, 0 apps\n');

  const custom = await runMain(['fixtures', 'generate', '--count', '12', '--seed', '7', '--users', '0', '--now', '2024-06-01T12:00:00+02:00']);
  const small = JSON.parse(custom.stdout);
  t.same(small.users, []);
  t.ok(small.devices.every((d: any) => d.userPrincipalName === '' && Date.parse(d.enrolledDateTime) < Date.parse('2024-06-01T10:00:00Z')));

  const unwritable = await runMain(['fixtures', 'generate', '--count', '5', '--seed', 's', '--out', join(dir, 'no-such-dir', 'f.json')]);
  t.equal(unwritable.code, 1);
  t.match(unwritable.stderr, /cannot write .*no-such-dir/);
  t.same(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
});

// 20,000 devices (a 44 MB file), not 100,000 (220 MB, 13 s of CPU and more under c8): the same code on a
// file far past any buffer size. `npm run bench` generates, loads and queries 100,000 through the CLI.
t.test('generate: 20,000 devices work and validate', async (t) => {
  const out = join(dir, 'big.json');
  const res = await runMain(['fixtures', 'generate', '--count', '20000', '--seed', 'big', '--out', out]);
  t.equal(res.code, 0, res.stderr);
  const valid = await runMain(['fixtures', 'validate', out]); // the same code as a spawned validate (the first test spawns one)
  t.equal(valid.code, 0, valid.stderr);
  t.match(valid.stdout, /^valid: 20000 devices, 6666 users, 2 compliance policies, 0 apps\n$/);
});
